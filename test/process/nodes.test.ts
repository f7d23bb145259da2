import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openDatabase } from '../../src/db/client.ts';
import type { TestApp } from '../support/app.ts';
import { remoteTarget, TestClient } from '../support/client.ts';
import { freshPostgresql, postgresqlOnly } from '../support/database.ts';
import { judgeClient, judgingFixture, markKey, organizerClient, readUntil, type JudgingFixture } from '../support/desk.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';

/**
 * Two real servers (src/server.ts) on one PostgreSQL database, as behind a load balancer: what
 * one node does reaches the other. A mark saved through node A reaches the chief judge's desk
 * open on node B, at once (LISTEN/NOTIFY) and with B's cached round already told; a judge
 * locked out for wrong PINs on A is locked out on B (the throttles count in the database); the
 * page that shows new PINs once is there whichever node is asked for it.
 */

interface Context {
  database: { url: string; drop(): Promise<void> };
  f: JudgingFixture;
  nodes: { a: ServerProcess; b: ServerProcess; dirs: string[] };
  a: TestApp;
  b: TestApp;
}


const nodes = postgresqlOnly(suite<Context>('two app nodes on one PostgreSQL database', {} as Context));

nodes.before(async (ctx) => {
  ctx.database = await freshPostgresql();
  const db = await openDatabase(ctx.database.url);
  try {
    ctx.f = await judgingFixture(db);
  } finally {
    await db.$disconnect();
  }
  const dirs = [mkdtempSync(path.join(tmpdir(), 'jiangxin-node-a-')), mkdtempSync(path.join(tmpdir(), 'jiangxin-node-b-'))];
  const env = { DATABASE_URL: ctx.database.url, BACKUP_INTERVAL_MINUTES: '0' };
  ctx.nodes = { a: startServer(dirs[0]!, env), b: startServer(dirs[1]!, env), dirs };
  const [a, b] = await Promise.all([ctx.nodes.a.ready, ctx.nodes.b.ready]);
  ctx.a = remoteTarget(a);
  ctx.b = remoteTarget(b);
});

nodes.after(async (ctx) => {
  await Promise.all([ctx.nodes?.a.kill(), ctx.nodes?.b.kill()]);
  for (const dir of ctx.nodes?.dirs ?? []) rmSync(dir, { recursive: true, force: true });
  await ctx.database?.drop();
});

nodes('a mark saved through node A reaches the desk open on node B, which shows it', async (ctx) => {
  const { f } = ctx;
  const chief = await judgeClient(ctx.b, f, 4);
  const desk = `/desk/rounds/${f.roundId}`;
  // J2's cell for 李强 on the judgement aspect, as B's desk shows it.
  const cell = new RegExp(`data-testid="cell-${f.codes.李强}-P1-J2" data-state="(\\w+)"(?: data-value="([^"]*)")?`);
  const cellOnB = async () => cell.exec(await (await chief.get(`${desk}/matrix`)).text())?.slice(1, 3);
  // B renders the round first: what it caches must not outlive A's write.
  assert.equal(await cellOnB(), ['empty', undefined]);
  const stream = await chief.get(`${desk}/events`);
  assert.is(stream.status, 200);
  const reader = stream.body!.getReader();
  await readUntil(reader, /: connected\n\n/, 5000);

  const judge = await judgeClient(ctx.a, f, 2);
  const saved = await judge.postJson('/judge/marks', {
    roundId: f.roundId, deviceId: 'tablet-a',
    marks: [{ key: markKey(), code: f.codes.李强, aspectId: f.judgementId, mark: { state: 'scored', value: 3 }, baseVersion: 0 }],
  });
  assert.is(saved.status, 200, await saved.clone().text());
  assert.is(((await saved.json()) as { results: { status: string }[] }).results[0]!.status, 'saved');

  const event = await readUntil(reader, /event: changed\ndata: [^\n]*\n/, 5000);
  assert.match(event, 'event: changed', 'B\'s desk hears of the mark');
  const data = JSON.parse(/data: (.*)\n/.exec(event)![1]!) as { codes?: string[]; all?: true };
  assert.ok(data.all === true || data.codes?.includes(f.codes.李强), JSON.stringify(data));
  await reader.cancel();

  assert.equal(await cellOnB(), ['scored', '3'], 'B shows the mark A saved');
});

nodes('a judge locked out for wrong PINs on node A is locked out on node B', async (ctx) => {
  const { f } = ctx;
  const wrong = async (target: TestApp) => {
    const tablet = new TestClient(target, { 'accept-language': 'en' });
    await tablet.get('/judge/login');
    return tablet.post('/judge/login', { eventCode: f.eventCode, number: '3', pin: '000000' });
  };
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) statuses.push((await wrong(ctx.a)).status);
  assert.equal(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
  assert.is(statuses[5], 429, 'A refuses the sixth guess');
  // B never saw a guess, and still refuses: even the right PIN is not checked now.
  const tablet = new TestClient(ctx.b, { 'accept-language': 'en' });
  await tablet.get('/judge/login');
  const right = await tablet.post('/judge/login', { eventCode: f.eventCode, number: '3', pin: f.judges[3].pin });
  assert.is(right.status, 429);
  assert.ok(Number(right.headers.get('retry-after')) > 0, 'says when to try again');
});

nodes('PINs made through node A show on the page node B is asked for, to their maker only', async (ctx) => {
  const organizer = await organizerClient(ctx.a);
  await organizer.get(`/events/${ctx.f.eventId}/judges`);
  const made = await organizer.post(`/events/${ctx.f.eventId}/judges`, { lines: '孙立, , ' });
  assert.is(made.status, 303);
  const view = made.headers.get('location')!;
  assert.match(view, /\/judges\/pins\/[A-Za-z0-9_-]{22}$/);
  // The same browser's next request goes to the other node (its session cookie is good there too).
  const onB = new TestClient(ctx.b, { 'accept-language': 'en' });
  for (const [name, value] of organizer.cookies) onB.cookies.set(name, value);
  const page = await onB.get(view);
  assert.is(page.status, 200);
  assert.match(await page.text(), /data-pin[^>]*>\d{6}</);
  // A colleague who learns the address sees nothing.
  const judge = await judgeClient(ctx.b, ctx.f, 4);
  assert.is.not((await judge.get(view)).status, 200);
});

nodes.run();
