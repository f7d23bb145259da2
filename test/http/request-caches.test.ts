import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { authenticateApiToken, createApiToken, revokeApiToken } from '../../src/api/tokens.ts';
import { createSession, endSession, resumeSession } from '../../src/auth/sessions.ts';
import { revokeSessions, setOrganization } from '../../src/judges/commands.ts';
import { judgeOfAccount } from '../../src/judging/queries.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { buildJudgingWorld, type JudgingWorld } from '../support/judging.ts';

/**
 * What every request of a judge's tablet reads before its mark, kept in memory while the tables
 * it came from are unchanged (src/db/generation-cache.ts): the session with its account
 * (src/auth/sessions.ts) and the judge behind the account (judgeOfAccount()). Each test reads
 * once (filling the cache), changes one thing through the code that changes it, and shows that
 * the next request sees the change.
 */

interface Context {
  target: TestApp;
  world: JudgingWorld;
}

const TTL = 60 * 60 * 1000;
const caches = suite<Context>('session and judge caches', {} as Context);
caches.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.world = await buildJudgingWorld(ctx.target.db);
});
caches.after.each(async (ctx) => {
  await ctx.target.close();
});

async function session(ctx: Context, at = new Date()) {
  const token = await createSession(ctx.target.db, ctx.world.judges.neutral.accountId, TTL, 'tablet', at);
  const resumed = await resumeSession(ctx.target.db, token, TTL, at);
  assert.is(resumed?.id, ctx.world.judges.neutral.accountId);
  return token;
}

caches('a disabled account (Account) ends its sessions at the next request', async (ctx) => {
  const token = await session(ctx);
  await ctx.target.db.account.update({ where: { id: ctx.world.judges.neutral.accountId }, data: { disabledAt: new Date() } });
  assert.is(await resumeSession(ctx.target.db, token, TTL), null);
});

caches('a changed role and name (Account) hold at the next request', async (ctx) => {
  const token = await session(ctx);
  await ctx.target.db.account.update({ where: { id: ctx.world.judges.neutral.accountId }, data: { role: 'chief_judge', displayName: '王建国（裁判长）' } });
  const resumed = await resumeSession(ctx.target.db, token, TTL);
  assert.equal([resumed?.role, resumed?.displayName], ['chief_judge', '王建国（裁判长）']);
});

caches('signing out, and signing a judge out everywhere (Session deleted)', async (ctx) => {
  const first = await session(ctx);
  await endSession(ctx.target.db, first);
  assert.is(await resumeSession(ctx.target.db, first, TTL), null);
  const second = await session(ctx);
  assert.ok((await revokeSessions(ctx.target.db, ctx.world.judges.neutral.judgeId, ctx.world.organizerId)).ok);
  assert.is(await resumeSession(ctx.target.db, second, TTL), null);
});

caches('expiry is checked against the clock, and a refreshed expiry (Session updated) is what counts next', async (ctx) => {
  const start = new Date('2026-12-01T08:00:00Z');
  const token = await session(ctx, start);
  const later = (ms: number) => new Date(start.getTime() + ms);
  // Within the session's life but more than a minute after it was seen: the expiry slides on.
  assert.ok(await resumeSession(ctx.target.db, token, TTL, later(TTL - 1000)));
  // Past the first expiry, within the slid one: still signed in (a cached row would say expired and delete it).
  assert.ok(await resumeSession(ctx.target.db, token, TTL, later(TTL + 1000)));
  assert.is(await resumeSession(ctx.target.db, token, TTL, later(3 * TTL)), null, 'and past the slid expiry it ends');
});

caches('the judge behind an account: a new organization (EventJudge) changes recusal at the next mark', async (ctx) => {
  const { db } = ctx.target;
  const world = ctx.world;
  const judge = world.judges.neutral;
  const client = new TestClient(ctx.target, { 'accept-language': 'en' });
  await client.get('/judge/login');
  assert.is((await client.post('/judge/login', { eventCode: world.eventCode, number: String(judge.number), pin: judge.pin })).status, 303);
  await client.get('/judge');
  const entryOfA = world.entries.find((e) => e.organizationId === world.organizations.a)!;
  let key = 0;
  const post = async () => {
    const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await ctx.target.app.request('/judge/marks', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': client.csrfToken(), 'accept-language': 'en' },
      body: JSON.stringify({ roundId: world.roundId, marks: [{ key: `judge-cache-${++key}`, code: entryOfA.code, aspectId: world.aspects.deduction, mark: { state: 'scored', value: key }, baseVersion: key - 1 }] }),
    });
    assert.is(response.status, 200);
    return ((await response.json()) as { results: { status: string; error?: string }[] }).results[0]!;
  };
  assert.is((await post()).status, 'saved');
  assert.ok((await setOrganization(db, judge.judgeId, world.organizations.a, world.organizerId)).ok);
  assert.is((await post()).error, 'judging.error.recused');
});

caches('the judge behind an account: the event (Event) and the name (Account) as they are now', async (ctx) => {
  const { db } = ctx.target;
  const judge = ctx.world.judges.neutral;
  const before = await judgeOfAccount(db, judge.accountId);
  assert.is(await judgeOfAccount(db, judge.accountId), before, 'served from the cache while nothing changed');
  await db.event.update({ where: { id: ctx.world.eventId }, data: { name: '2026年定海区职工技能大比武（决赛）' } });
  assert.is((await judgeOfAccount(db, judge.accountId))?.event.name, '2026年定海区职工技能大比武（决赛）');
  await db.account.update({ where: { id: judge.accountId }, data: { displayName: '王建国二' } });
  assert.is((await judgeOfAccount(db, judge.accountId))?.account.displayName, '王建国二');
  assert.throws(() => { (before as { number: number }).number = 99; }, 'shared by every caller, so frozen');
});

caches('an API token: revoked (ApiToken) or its account disabled (Account), refused at the next request', async (ctx) => {
  const { db } = ctx.target;
  const judge = ctx.world.judges.neutral;
  const first = await createApiToken(db, judge.accountId, 'scoring system');
  assert.is((await authenticateApiToken(db, first.token))?.id, judge.accountId);
  assert.ok(await revokeApiToken(db, judge.accountId, first.row.id));
  assert.is(await authenticateApiToken(db, first.token), null, 'revoked');
  const second = await createApiToken(db, judge.accountId, 'scoring system 2');
  // The first use notes lastUsedAt (a write to ApiToken); the second is served from the cache.
  for (let i = 0; i < 2; i++) assert.is((await authenticateApiToken(db, second.token))?.id, judge.accountId);
  await db.account.update({ where: { id: judge.accountId }, data: { disabledAt: new Date() } });
  assert.is(await authenticateApiToken(db, second.token), null, 'account disabled');
});

caches.run();
