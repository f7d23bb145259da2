import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gunzipSync } from 'node:zlib';
// First: the app loads the API's zod-openapi extension before any schema is built.
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { organizerClient } from '../support/desk.ts';
import { publishOtherSkill } from '../support/public.ts';
import { lockedFixture, publishWelding, type ResultsFixture } from '../support/results.ts';

/**
 * The public pages and the public results API are made once per publication state and language
 * (src/public/cache.ts): the same bytes and ETag while nothing they show changed, 304 for a
 * client that holds them, gzip for one that takes it, and a new page after each kind of change
 * they show (a new version, the event's facts, the skills' order).
 */

interface Context {
  target: TestApp;
  f: ResultsFixture;
  visitor: TestClient;
}

const cached = suite<Context>('public pages cached per publication', {} as Context);
cached.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.f = await lockedFixture(ctx.target.db);
  await publishWelding(ctx.target.db, ctx.f);
  ctx.visitor = new TestClient(ctx.target, { 'accept-language': 'en' });
});
cached.after.each(async (ctx) => { await ctx.target.close(); });

const skillUrl = (f: ResultsFixture) => `/public/skills/${f.skillId}`;
const eventUrl = (f: ResultsFixture) => `/public/events/${f.eventId}`;
const apiUrl = (f: ResultsFixture) => `/api/v1/public/skills/${f.skillId}/results`;

async function fetched(client: TestClient, url: string, headers: Record<string, string> = {}) {
  const response = await client.get(url, headers);
  const body = Buffer.from(await response.arrayBuffer());
  return { response, body, etag: response.headers.get('etag') ?? '' };
}

cached('the ranking page: the same bytes and strong ETag each time, 304 for If-None-Match, public but revalidated', async (ctx) => {
  const first = await fetched(ctx.visitor, skillUrl(ctx.f));
  assert.is(first.response.status, 200);
  assert.match(first.etag, /^"[\w-]{27}"$/, 'a strong ETag');
  assert.match(first.body.toString(), '张伟');
  const second = await fetched(ctx.visitor, skillUrl(ctx.f));
  assert.is(second.etag, first.etag);
  assert.ok(second.body.equals(first.body));
  // The visitor has its pre-session cookie now: nothing is set, so shared caches may keep it.
  assert.is(second.response.headers.get('cache-control'), 'public, no-cache');
  assert.is(second.response.headers.get('set-cookie'), null);
  assert.match(second.response.headers.get('vary') ?? '', 'Accept-Encoding');
  // The page has no form, so even a first visit gets no pre-session cookie: shared caches may keep it too.
  const fresh = await fetched(new TestClient(ctx.target, { 'accept-language': 'en' }), skillUrl(ctx.f));
  assert.is(fresh.response.headers.get('set-cookie'), null, 'no cookie for a page without a form');
  assert.is(fresh.response.headers.get('cache-control'), 'public, no-cache');
  // The self-lookup has a form: a first visit gets its cookie there, and that page is never cached.
  const lookup = await new TestClient(ctx.target, { 'accept-language': 'en' }).get(`/public/events/${ctx.f.eventId}/me`);
  assert.match(lookup.headers.get('set-cookie') ?? '', /^jx_csrf=/);
  assert.is(lookup.headers.get('cache-control'), 'no-store');
  const revalidated = await fetched(ctx.visitor, skillUrl(ctx.f), { 'if-none-match': first.etag });
  assert.is(revalidated.response.status, 304);
  assert.is(revalidated.body.length, 0);
  assert.is(revalidated.etag, first.etag);
  const other = await fetched(ctx.visitor, skillUrl(ctx.f), { 'if-none-match': '"something-else"' });
  assert.is(other.response.status, 200);
});

cached('gzip for a client that takes it, with its own ETag, once compressed', async (ctx) => {
  const plain = await fetched(ctx.visitor, skillUrl(ctx.f));
  let zipped = await fetched(ctx.visitor, skillUrl(ctx.f), { 'accept-encoding': 'gzip, deflate, br' });
  for (let i = 0; i < 50 && zipped.response.headers.get('content-encoding') !== 'gzip'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    zipped = await fetched(ctx.visitor, skillUrl(ctx.f), { 'accept-encoding': 'gzip' });
  }
  assert.is(zipped.response.headers.get('content-encoding'), 'gzip');
  assert.ok(gunzipSync(zipped.body).equals(plain.body), 'the same page');
  assert.ok(zipped.body.length < plain.body.length);
  assert.is.not(zipped.etag, plain.etag);
  const revalidated = await fetched(ctx.visitor, skillUrl(ctx.f), { 'accept-encoding': 'gzip', 'if-none-match': zipped.etag });
  assert.is(revalidated.response.status, 304);
});

cached('Publication: a new version shows on the current page, the old one says it is superseded', async (ctx) => {
  const before = await fetched(ctx.visitor, skillUrl(ctx.f));
  const v1 = await fetched(ctx.visitor, `${skillUrl(ctx.f)}/versions/1`);
  assert.not.match(v1.body.toString(), 'data-testid="public-superseded"');
  await ctx.target.db.contestant.updateMany({ where: { name: '张伟' }, data: { name: '张卫' } });
  await publishWelding(ctx.target.db, ctx.f, { changeNote: 'name corrected' });
  const after = await fetched(ctx.visitor, skillUrl(ctx.f));
  assert.is.not(after.etag, before.etag);
  assert.match(after.body.toString(), '张卫');
  assert.match(after.body.toString(), 'name corrected');
  const old = await fetched(ctx.visitor, `${skillUrl(ctx.f)}/versions/1`);
  assert.match(old.body.toString(), 'data-testid="public-superseded"');
  assert.match(old.body.toString(), '张伟');
});

cached('languages and signed-in visitors: one page per language; an organizer gets the page made afresh with their name', async (ctx) => {
  const en = await fetched(ctx.visitor, skillUrl(ctx.f));
  const zh = await fetched(new TestClient(ctx.target, { 'accept-language': 'zh-CN' }), skillUrl(ctx.f));
  assert.is.not(zh.etag, en.etag);
  assert.match(zh.body.toString(), 'lang="zh-CN"');
  const organizer = await organizerClient(ctx.target);
  const own = await fetched(organizer, skillUrl(ctx.f));
  assert.is(own.response.status, 200);
  assert.is(own.etag, '', 'not the shared page');
  assert.match(own.body.toString(), 'action="/logout"');
  assert.not.match(en.body.toString(), 'action="/logout"');
});

cached('the event page: Event, Skill and Publication changes show', async (ctx) => {
  const { db } = ctx.target;
  const first = await fetched(ctx.visitor, eventUrl(ctx.f));
  assert.is((await fetched(ctx.visitor, eventUrl(ctx.f))).etag, first.etag);
  await db.event.update({ where: { id: ctx.f.eventId }, data: { venue: '舟山职业技术学校' } });
  const renamed = await fetched(ctx.visitor, eventUrl(ctx.f));
  assert.match(renamed.body.toString(), '舟山职业技术学校');
  await publishOtherSkill(db, ctx.f);
  const both = (await fetched(ctx.visitor, eventUrl(ctx.f))).body.toString();
  assert.match(both, `data-testid="public-skill-${ctx.f.otherSkillId}"`);
  assert.ok(both.indexOf(`public-skill-${ctx.f.skillId}"`) < both.indexOf(`public-skill-${ctx.f.otherSkillId}"`), 'welding first');
  await db.skill.update({ where: { id: ctx.f.skillId }, data: { position: 5 } });
  const reordered = (await fetched(ctx.visitor, eventUrl(ctx.f))).body.toString();
  assert.ok(reordered.indexOf(`public-skill-${ctx.f.otherSkillId}"`) < reordered.indexOf(`public-skill-${ctx.f.skillId}"`), 'CNC first now');
});

cached('the self-lookup page and the event facts it shows follow a change of the event', async (ctx) => {
  const me = `${eventUrl(ctx.f)}/me`;
  assert.match(await (await ctx.visitor.get(me)).text(), '2026年定海区职工技能大比武');
  await ctx.target.db.event.update({ where: { id: ctx.f.eventId }, data: { name: '2026年舟山市职工技能大比武' } });
  const page = await ctx.visitor.get(me);
  assert.is(page.headers.get('cache-control'), 'no-store');
  assert.match(await page.text(), '2026年舟山市职工技能大比武');
  await ctx.target.db.event.update({ where: { id: ctx.f.eventId }, data: { status: 'draft' } });
  assert.is((await ctx.visitor.get(me)).status, 404, 'a draft event is nobody\'s business');
});

cached('self-lookup: a changed phone number or bib counts at once (Contestant, Entry)', async (ctx) => {
  const { db } = ctx.target;
  const me = `${eventUrl(ctx.f)}/me`;
  const lookUp = async (bib: string, digits: string) => {
    await ctx.visitor.get(me);
    return (await ctx.visitor.post(me, { bib, digits })).status;
  };
  const last4 = (value: string) => value.slice(-4);
  assert.is(await lookUp('002', last4(ctx.f.phones[1]!)), 200);
  const entry = await db.entry.findFirstOrThrow({ where: { skillId: ctx.f.skillId, bib: '002' } });
  await db.contestant.update({ where: { id: entry.contestantId }, data: { phone: '13912345678' } });
  assert.is(await lookUp('002', '5678'), 200, 'the new phone number');
  assert.is(await lookUp('002', last4(ctx.f.phones[1]!)), 401, 'not the old one');
  await db.entry.update({ where: { id: entry.id }, data: { bib: '012' } });
  assert.is(await lookUp('002', '5678'), 401, 'the old bib is gone');
});

cached('the public results API: the same body and ETag, 304, a new version changes it', async (ctx) => {
  const first = await fetched(ctx.visitor, apiUrl(ctx.f));
  assert.is(first.response.status, 200);
  assert.match(first.response.headers.get('content-type') ?? '', 'application/json');
  assert.is(first.response.headers.get('cache-control'), 'public, no-cache');
  const json = JSON.parse(first.body.toString()) as { version: number; results: { entries: { name: string }[] } };
  assert.is(json.version, 1);
  assert.is((await fetched(ctx.visitor, apiUrl(ctx.f), { 'if-none-match': first.etag })).response.status, 304);
  await publishWelding(ctx.target.db, ctx.f, { changeNote: 'again' });
  const next = await fetched(ctx.visitor, apiUrl(ctx.f), { 'if-none-match': first.etag });
  assert.is(next.response.status, 200);
  assert.is((JSON.parse(next.body.toString()) as { version: number }).version, 2);
});

cached.run();
