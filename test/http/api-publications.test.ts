import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createApiToken } from '../../src/api/tokens.ts';
import { call, errorOf, type Json } from '../support/api.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { judgingFixture, type JudgingFixture } from '../support/desk.ts';
import { delegationToken } from '../support/results.ts';

/**
 * Code cards, the big screen's settings, publication and appeals through the API: the refusals
 * (the whole way through is test/http/api-integrator.test.ts). The fixture: welding in progress,
 * drawn, nothing marked yet.
 */
interface Context { target: TestApp; f: JudgingFixture; token: string }
const test = suite<Context>('api code cards, display, publication, appeals', {} as Context);
test.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.f = await judgingFixture(ctx.target.db);
  ctx.token = (await createApiToken(ctx.target.db, ctx.f.organizerId, 'integration')).token;
});
test.after.each(async (ctx) => { await ctx.target.close(); });

test('code cards give station → code, no names, no-store, each printing audited', async ({ target, f, token }) => {
  const draw = await target.db.draw.findFirstOrThrow({ where: { skillId: f.skillId } });
  const cards = await call(target, token, 'GET', `/api/v1/draws/${draw.id}/code-cards`);
  assert.is(cards.status, 200);
  assert.is(cards.headers.get('cache-control'), 'no-store');
  assert.equal(Object.keys(cards.json), ['drawId', 'skillId', 'skillName', 'roundId', 'roundName', 'supersededAt', 'cards']);
  assert.equal(cards.json.cards.map((c: Json) => c.code).sort(), [...f.sortedCodes].sort());
  assert.equal(cards.json.cards.map((c: Json) => c.station), [1, 2, 3]);
  for (const name of f.names) assert.not.ok(cards.text.includes(name), `no ${name}`);
  const audit = await target.db.auditEntry.findMany({ where: { action: 'draw.codeCards' } });
  assert.equal(audit.map((a) => [a.accountId, JSON.parse(a.details)]), [[f.organizerId, { drawId: draw.id, cards: 3 }]]);
  assert.equal((await call(target, token, 'GET', '/api/v1/draws/424242/code-cards')).json, errorOf(404, 'There is no such resource.'));
  const judge = (await createApiToken(target.db, f.judges[4].accountId, 'chief')).token;
  assert.is((await call(target, judge, 'GET', `/api/v1/draws/${draw.id}/code-cards`)).status, 403, 'not even the chief judge');
  assert.is(await target.db.auditEntry.count({ where: { action: 'draw.codeCards' } }), 1, 'refusals print nothing');
});

test('the big screen\'s settings: read, replaced, refused when out of range, audited', async ({ target, f, token }) => {
  const before = await call(target, token, 'GET', `/api/v1/events/${f.eventId}/display`);
  assert.equal(before.json, { eventId: f.eventId, skillIds: [], pinnedSkillId: null, intervalSeconds: 15, titleOnly: false, showing: [], url: `http://localhost/display/events/${f.eventId}` });
  const bad = await call(target, token, 'PUT', `/api/v1/events/${f.eventId}/display`, { skillIds: [424242], intervalSeconds: 3, pinnedSkillId: 'x' });
  assert.is(bad.status, 422);
  assert.equal(bad.json.error.problems.map((p: Json) => [p.field, p.code]), [['pinnedSkillId', 'validation.choice'], ['intervalSeconds', 'display.error.interval']]);
  const unknown = await call(target, token, 'PUT', `/api/v1/events/${f.eventId}/display`, { skillIds: [f.skillId, 424242] }, 'zh-CN');
  assert.equal(unknown.json.error.problems.map((p: Json) => [p.field, p.code]), [['skillIds.1', 'validation.choice']]);
  const tooFast = await call(target, token, 'PUT', `/api/v1/events/${f.eventId}/display`, { intervalSeconds: 301 }, 'zh-CN');
  assert.equal(tooFast.json.error.problems.map((p: Json) => p.message), ['请填写 5 至 300 秒。']);
  assert.is(await target.db.displaySetting.count(), 0, 'nothing saved');

  const saved = await call(target, token, 'PUT', `/api/v1/events/${f.eventId}/display`, { skillIds: [f.skillId, f.skillId], titleOnly: true });
  assert.equal([saved.status, saved.json.skillIds, saved.json.intervalSeconds, saved.json.titleOnly, saved.json.showing], [200, [f.skillId], 15, true, []]);
  assert.equal((await call(target, token, 'GET', `/api/v1/events/${f.eventId}/display`)).json.skillIds, [f.skillId]);
  assert.is(await target.db.auditEntry.count({ where: { action: 'display.settings' } }), 1);
  assert.is((await call(target, token, 'GET', '/api/v1/events/424242/display')).status, 404);
});

test('publication is refused until every round is locked; appeals need a publication; decisions a real appeal', async ({ target, f, token }) => {
  const windows = { appealUntil: new Date(Date.now() + 3600_000).toISOString(), noticeUntil: new Date(Date.now() + 86400_000).toISOString() };
  const unlocked = await call(target, token, 'POST', `/api/v1/skills/${f.skillId}/publications`, windows);
  assert.is(unlocked.status, 409);
  assert.equal(unlocked.json.error.problems.map((p: Json) => p.code), ['publication.error.unlocked']);
  assert.is((await call(target, token, 'POST', '/api/v1/skills/424242/publications', windows)).status, 404);
  assert.is((await call(target, token, 'POST', `/api/v1/skills/${f.skillId}/publications`, '{')).status, 400);

  assert.equal((await call(target, token, 'GET', `/api/v1/skills/${f.skillId}/appeals`)).json, []);
  assert.is((await call(target, token, 'GET', '/api/v1/skills/424242/appeals')).status, 404);
  assert.is((await call(target, token, 'GET', `/api/v1/skills/${f.skillId}/appeals?version=0`)).json.error.problems[0].code, 'api.error.badId');
  const decision = await call(target, token, 'POST', `/api/v1/skills/${f.skillId}/appeals/424242/decision`, { decision: 'upheld', reason: '复核' });
  assert.is(decision.status, 404);

  const link = await delegationToken(target.db, f, f.organizations[0]!);
  const early = await call(target, null, 'POST', `/api/v1/delegations/${link}/appeals`, { bib: 'HG001', text: '请复核' });
  assert.is(early.status, 422);
  assert.equal(early.json.error.problems.map((p: Json) => p.field), ['bib']);
  assert.is(early.headers.get('cache-control'), 'no-store', 'the link\'s token is in the URL');
  const unknown = await call(target, null, 'POST', '/api/v1/delegations/no-such-link-no-such-link-000000/appeals', { bib: 'HG001', text: '请复核' });
  assert.equal(unknown.json, errorOf(404, 'There is no such resource.'));
  const organizationId = (await target.db.organization.findFirstOrThrow({ where: { name: f.organizations[0] } })).id;
  const past = await call(target, token, 'POST', `/api/v1/organizations/${organizationId}/delegation-link`, { deadline: '2020-01-01T00:00:00Z' });
  assert.equal([past.status, past.json.error.problems.map((p: Json) => p.code)], [422, ['delegation.error.deadlinePast']]);
  assert.is((await call(target, null, 'POST', `/api/v1/delegations/${link}/appeals`, { bib: 'HG001', text: '请复核' })).status, 422, 'the earlier link still works');
  assert.is(await target.db.appeal.count(), 0);
});

test.run();
