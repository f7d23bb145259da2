import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Hono, type Context as HonoContext } from 'hono';
import { setCookie } from 'hono/cookie';
// First: the app loads the API's zod-openapi extension before any schema is built.
import { freshApp, type TestApp } from '../support/app.ts';
import { sqliteOnly } from '../support/database.ts';
import { TestClient } from '../support/client.ts';
import { lockedFixture, publishWelding } from '../support/results.ts';
import { backupsOf } from '../../src/backups/index.ts';
import { native } from '../../src/db/native.ts';
import type { AppEnv } from '../../src/http/env.ts';
import { offerReplay, replayCache } from '../../src/http/replay.ts';
import { requestLocale } from '../../src/i18n/index.ts';

/**
 * The cache in front of the app (src/http/replay.ts): what a route offers is replayed, with the
 * headers the app sent, to the next visitor without a session asking the same URL in the same
 * language and encoding, until a table it was made from is written; nothing else is.
 */

interface Context {
  target: TestApp;
  app: Hono<AppEnv>;
  /** How many times the route itself ran. */
  made: number;
  paused: boolean;
}

const replay = suite<Context>('the cache in front of the app', {} as Context);
replay.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.made = 0;
  ctx.paused = false;
  const { db } = ctx.target;
  const app = new Hono<AppEnv>();
  app.use(replayCache({ db, sessionCookie: 'jx_session', paused: () => ctx.paused }));
  app.use(async (c, next) => {
    await next();
    c.header('X-Frame-Options', 'DENY');
  });
  const page = async (c: HonoContext<AppEnv>, options: { status?: 200 | 404; cookie?: boolean } = {}) => {
    const version = native(db).generations.key(['Event']);
    ctx.made += 1;
    const event = await db.event.findFirst({ select: { name: true } });
    const bytes = Buffer.from(`${requestLocale(c)}:${event?.name ?? '-'}:${ctx.made}`);
    if (options.cookie) setCookie(c, 'jx_csrf', 'x');
    offerReplay(c, { tables: ['Event'], version, bytes, etag: `"v${ctx.made}"` });
    c.header('ETag', `"v${ctx.made}"`);
    return c.body(bytes, options.status ?? 200, { 'Content-Type': 'text/plain; charset=UTF-8' });
  };
  app.get('/page', (c) => page(c));
  app.get('/missing', (c) => page(c, { status: 404 }));
  app.get('/with-cookie', (c) => page(c, { cookie: true }));
  app.post('/page', (c) => page(c));
  ctx.app = app;
});
replay.after.each(async (ctx) => { await ctx.target.close(); });

const get = (ctx: Context, url: string, headers: Record<string, string> = {}) => ctx.app.request(url, { headers: { 'accept-language': 'en', ...headers } });

replay('replayed: the same status, headers and bytes, without the route running again', async (ctx) => {
  const first = await get(ctx, '/page');
  const again = await get(ctx, '/page');
  assert.is(ctx.made, 1, 'the route ran once');
  assert.is(again.status, 200);
  assert.is(await again.text(), await first.text());
  assert.equal([...again.headers], [...first.headers], 'every header the app sent, outer middleware included');
  assert.is(again.headers.get('x-frame-options'), 'DENY');
});

replay('a write to a table it was made from ends it; a write elsewhere does not', async (ctx) => {
  const { db } = ctx.target;
  await get(ctx, '/page');
  await db.account.create({ data: { username: 'someone', passwordHash: 'x', displayName: 'Someone', role: 'organizer' } });
  assert.match(await (await get(ctx, '/page')).text(), /^en:-:1$/, 'Account is not one of its tables');
  await db.event.create({ data: { name: '2026年定海区职工技能大比武' } });
  assert.match(await (await get(ctx, '/page')).text(), /^en:2026年定海区职工技能大比武:2$/, 'made again after the write');
  assert.is(ctx.made, 2);
});

replay('one per language and per encoding', async (ctx) => {
  await get(ctx, '/page');
  assert.match(await (await get(ctx, '/page', { 'accept-language': 'zh-CN,zh;q=0.9' })).text(), /^zh-CN:/);
  assert.match(await (await get(ctx, '/page', { cookie: 'lang=zh-CN' })).text(), /^zh-CN:/, 'the remembered language counts');
  await get(ctx, '/page', { 'accept-encoding': 'gzip' });
  assert.is(ctx.made, 3);
  assert.match(await (await get(ctx, '/page')).text(), /^en:-:1$/);
  assert.is(ctx.made, 3);
});

replay('304 for a client holding it: the validators and none of the body headers', async (ctx) => {
  await get(ctx, '/page');
  const revalidated = await get(ctx, '/page', { 'if-none-match': '"v1"' });
  assert.is(revalidated.status, 304);
  assert.is(await revalidated.text(), '');
  assert.is(revalidated.headers.get('etag'), '"v1"');
  assert.is(revalidated.headers.get('content-type'), null);
  assert.is((await get(ctx, '/page', { 'if-none-match': '"v0"' })).status, 200);
  assert.is(ctx.made, 1);
});

replay('never for a session, another method, during a restore, or an answer a shared cache could not keep', async (ctx) => {
  await get(ctx, '/page');
  await get(ctx, '/page', { cookie: 'jx_session=abc' });
  assert.is(ctx.made, 2, 'a signed-in visitor gets the route');
  await ctx.app.request('/page', { method: 'POST', headers: { 'accept-language': 'en' } });
  await ctx.app.request('/page', { method: 'HEAD', headers: { 'accept-language': 'en' } });
  assert.is(ctx.made, 4);
  ctx.paused = true;
  await get(ctx, '/page');
  assert.is(ctx.made, 5, 'paused: the app answers (503 during a restore)');
  ctx.paused = false;
  for (const url of ['/missing', '/missing', '/with-cookie', '/with-cookie']) await get(ctx, url);
  assert.is(ctx.made, 9, 'a 404 and an answer with Set-Cookie are not kept');
});

const app = suite<{ target: TestApp }>('the public pages behind it', {} as { target: TestApp });
app.before.each(async (ctx) => { ctx.target = await freshApp(); });
app.after.each(async (ctx) => { await ctx.target.close(); });

sqliteOnly(app)('the ranking page a visitor had is not replayed while a restore runs', async ({ target }) => {
  const f = await lockedFixture(target.db);
  await publishWelding(target.db, f);
  const visitor = new TestClient(target, { 'accept-language': 'en' });
  const url = `/public/skills/${f.skillId}`;
  await visitor.get(url);
  assert.is((await visitor.get(url)).status, 200);
  let during: Response | undefined;
  await backupsOf(target.db)!.gate.exclusive(0, async () => { during = await visitor.get(url); });
  assert.is(during!.status, 503);
  assert.is((await visitor.get(url)).status, 200);
});

replay.run();
app.run();
