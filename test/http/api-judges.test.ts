import * as assert from 'uvu/assert';
import { apiSuite, call, errorOf, eventWithSkill, type Json } from '../support/api.ts';
import type { TestApp } from '../support/app.ts';

/** Judges, assignments, chief judges and the judges' token exchange through the API alone. */
const test = apiSuite('api judges');

async function setup(target: TestApp, token: string) {
  const { eventId, skillId, skill } = await eventWithSkill(target, token);
  const org = await call(target, token, 'POST', `/api/v1/events/${eventId}/organizations`, { name: '定海机电设备有限公司' });
  assert.is(org.status, 201);
  return { eventId, skillId, organizationId: org.json.id as number, rounds: skill.rounds as Json[] };
}

test('judges are added with PINs shown once, listed, given an organization, a new PIN, signed out', async ({ target, token }) => {
  const { eventId, organizationId } = await setup(target, token);
  const added = await call(target, token, 'POST', `/api/v1/events/${eventId}/judges`, {
    judges: [{ name: '王建国' }, { name: '李明', organizationId }, { name: '陈静', chief: true }],
  });
  assert.is(added.status, 201);
  assert.is(added.headers.get('cache-control'), 'no-store');
  assert.match(added.json.eventCode, /^[A-Z2-9]{6}$/);
  assert.match(added.json.loginUrl, /\/judge\/login$/);
  assert.equal(added.json.judges.map((j: Json) => [j.number, j.name]), [[1, '王建国'], [2, '李明'], [3, '陈静']]);
  for (const j of added.json.judges) assert.match(j.pin, /^\d{6}$/);

  const roster = await call(target, token, 'GET', `/api/v1/events/${eventId}/judges`);
  assert.is(roster.status, 200);
  assert.is(roster.json.eventCode, added.json.eventCode);
  assert.equal(roster.json.judges.map((j: Json) => [j.number, j.name, j.chief, j.organizationId]), [
    [1, '王建国', false, null], [2, '李明', false, organizationId], [3, '陈静', true, null],
  ]);
  assert.not.ok(JSON.stringify(roster.json).includes(added.json.judges[0].pin), 'a PIN is never shown again');

  const [wang, li] = added.json.judges as Json[];
  const moved = await call(target, token, 'PUT', `/api/v1/judges/${wang.judgeId}/organization`, { organizationId });
  assert.is(moved.status, 200);
  assert.is(moved.json.organizationId, organizationId);
  assert.is(moved.json.organizationName, '定海机电设备有限公司');
  const cleared = await call(target, token, 'PUT', `/api/v1/judges/${li.judgeId}/organization`, { organizationId: null });
  assert.is(cleared.json.organizationId, null);
  const elsewhere = await call(target, token, 'PUT', `/api/v1/judges/${li.judgeId}/organization`, { organizationId: 999 });
  assert.is(elsewhere.status, 422);
  assert.equal(elsewhere.json.error.problems.map((p: Json) => [p.field, p.code]), [['organizationId', 'validation.choice']]);

  // A judge's token, exchanged for the PIN; the new PIN closes it.
  const exchanged = await call(target, null, 'POST', '/api/v1/judge/tokens', { eventCode: added.json.eventCode.toLowerCase(), number: 1, pin: wang.pin, name: '1号平板' });
  assert.is(exchanged.status, 201);
  assert.equal(exchanged.json.judge, { number: 1, name: '王建国', eventName: '2026年定海区职工技能大比武' });
  const newPin = await call(target, token, 'POST', `/api/v1/judges/${wang.judgeId}/pin`);
  assert.is(newPin.status, 200);
  assert.is(newPin.headers.get('cache-control'), 'no-store');
  assert.equal(newPin.json.judges.map((j: Json) => [j.judgeId, j.number]), [[wang.judgeId, 1]]);
  assert.is.not(newPin.json.judges[0].pin, wang.pin);
  assert.is((await call(target, exchanged.json.token, 'GET', '/api/v1/judge/rounds/1')).status, 401, 'the old PIN\'s token is revoked');

  const again = await call(target, null, 'POST', '/api/v1/judge/tokens', { eventCode: added.json.eventCode, number: 1, pin: newPin.json.judges[0].pin, name: '1号平板' });
  assert.is(again.status, 201);
  const out = await call(target, token, 'POST', `/api/v1/judges/${wang.judgeId}/sign-out`);
  assert.equal([out.status, out.json], [200, { judgeId: wang.judgeId, sessionsEnded: 0 }]);
  assert.is((await call(target, again.json.token, 'GET', '/api/v1/judge/rounds/1')).status, 401, 'signed out everywhere: tokens too');

  const actions = (await target.db.auditEntry.findMany({ where: { eventId }, orderBy: { id: 'asc' } })).map((a) => a.action);
  assert.equal(actions.filter((a) => a.startsWith('judges.')), ['judges.add', 'judges.organization', 'judges.organization', 'judges.resetPin', 'judges.revoke']);
});

test('bad judge lists are refused with every problem and change nothing', async ({ target, token }) => {
  const { eventId } = await setup(target, token);
  const bad = await call(target, token, 'POST', `/api/v1/events/${eventId}/judges`, { judges: [{ name: '' }, { name: 'R2-D2' }, { name: '赵六', organizationId: 424242 }] });
  assert.is(bad.status, 422);
  assert.equal(bad.json.error.problems.map((p: Json) => [p.field, p.code]), [
    ['judges.0.name', 'judges.error.nameLength'], ['judges.1.name', 'judges.error.nameLetters'],
  ]);
  const unknownOrg = await call(target, token, 'POST', `/api/v1/events/${eventId}/judges`, { judges: [{ name: '赵六', organizationId: 424242 }] }, 'zh-CN');
  assert.equal(unknownOrg.json, errorOf(422, '部分字段无效，详见 problems。', [{ field: 'judges.0.organizationId', code: 'validation.choice', message: '请从选项中选择。' }]));
  assert.is((await call(target, token, 'POST', `/api/v1/events/${eventId}/judges`, { judges: [] })).status, 422);
  assert.is((await call(target, token, 'POST', '/api/v1/events/999/judges', { judges: [{ name: '赵六' }] })).status, 404);
  assert.is((await call(target, token, 'POST', '/api/v1/events/abc/judges', { judges: [{ name: '赵六' }] })).json.error.problems[0].code, 'api.error.badId');
  assert.is(await target.db.eventJudge.count(), 0);
});

test('assignments are read and replaced per round and aspect; the chief judge is named; a locked round refuses', async ({ target, token }) => {
  const { eventId, skillId } = await setup(target, token);
  const added = await call(target, token, 'POST', `/api/v1/events/${eventId}/judges`, { judges: [{ name: '王建国' }, { name: '李明' }, { name: '陈静', chief: true }] });
  const [j1, j2, j3] = (added.json.judges as Json[]).map((j) => j.judgeId as number);
  const put = await call(target, token, 'PUT', `/api/v1/skills/${skillId}/scheme`, [
    { code: 'theory', name: '理论知识', weight: 30, maxScore: 100, criteria: [{ code: 'T', name: '笔试', aspects: [
      { code: 'T1', name: '安全规程', maxMark: 100, rule: { type: 'measurement', nominal: null, unit: '', step: 1, bands: [] } },
    ] }] },
    { code: 'practical', name: '实际操作', weight: 70, maxScore: 100, criteria: [{ code: 'P', name: '焊缝质量', aspects: [
      { code: 'P1', name: '外观', maxMark: 60, rule: { type: 'judgement', levels: ['差', '一般', '良好', '优秀'] } },
      { code: 'P2', name: '安全文明生产', maxMark: 40, rule: { type: 'deduction', perOccurrence: 5, cap: 20 } },
    ] }] },
  ]);
  assert.is(put.status, 200);
  const scheme = put.json;
  const [theory, practical] = scheme;
  const practicalAspects = scheme[1].criteria.flatMap((c: Json) => c.aspects.map((a: Json) => a.id));

  const empty = await call(target, token, 'GET', `/api/v1/skills/${skillId}/assignments`);
  assert.equal(empty.json, {
    skillId, chiefJudgeId: null,
    rounds: [{ roundId: theory.id, roundName: theory.name, locked: false, judges: [] }, { roundId: practical.id, roundName: practical.name, locked: false, judges: [] }],
  });

  const saved = await call(target, token, 'PUT', `/api/v1/skills/${skillId}/assignments`, {
    chiefJudgeId: j3,
    assignments: [
      { judgeId: j1, roundId: theory.id, aspectIds: null },
      { judgeId: j2, roundId: practical.id, aspectIds: [practicalAspects[0], practicalAspects[0]] },
      { judgeId: j1, roundId: practical.id, aspectIds: null },
    ],
  });
  assert.is(saved.status, 200, JSON.stringify(saved.json));
  assert.equal(saved.json.chiefJudgeId, j3);
  assert.equal(saved.json.rounds.map((r: Json) => r.judges), [
    [{ judgeId: j1, aspectIds: null }],
    [{ judgeId: j1, aspectIds: null }, { judgeId: j2, aspectIds: [practicalAspects[0]] }],
  ]);
  const roster = await call(target, token, 'GET', `/api/v1/events/${eventId}/judges`);
  assert.equal(roster.json.judges.map((j: Json) => j.chiefOf), [[], [], [skillId]]);

  // Left out, the chief judge stays; an aspect of another round is refused.
  const wrong = await call(target, token, 'PUT', `/api/v1/skills/${skillId}/assignments`, { assignments: [{ judgeId: j2, roundId: theory.id, aspectIds: [practicalAspects[0]] }, { judgeId: 999, roundId: 999, aspectIds: null }] });
  assert.is(wrong.status, 422);
  assert.equal(wrong.json.error.problems.map((p: Json) => p.field), ['assignments.0.aspectIds', 'assignments.1.judgeId', 'assignments.1.roundId']);
  const kept = await call(target, token, 'PUT', `/api/v1/skills/${skillId}/assignments`, { assignments: [{ judgeId: j2, roundId: theory.id, aspectIds: null }] });
  assert.is(kept.json.chiefJudgeId, j3);
  assert.equal(kept.json.rounds.map((r: Json) => r.judges.length), [1, 0]);

  const chief = await call(target, token, 'PUT', `/api/v1/skills/${skillId}/chief-judge`, { judgeId: j2 });
  assert.equal([chief.status, chief.json.chiefJudgeId], [200, j2]);
  assert.is((await call(target, token, 'PUT', `/api/v1/skills/${skillId}/chief-judge`, { judgeId: 999 })).status, 422);
  assert.is((await call(target, token, 'PUT', `/api/v1/skills/${skillId}/chief-judge`, { judgeId: 'one' })).status, 422);

  await target.db.round.update({ where: { id: theory.id }, data: { lockedAt: new Date() } });
  const locked = await call(target, token, 'PUT', `/api/v1/skills/${skillId}/assignments`, { assignments: [] });
  assert.is(locked.status, 409);
  assert.is(locked.json.error.problems[0].code, 'judging.error.locked');
  assert.is((await call(target, token, 'PUT', `/api/v1/skills/${skillId}/chief-judge`, { judgeId: null })).json.chiefJudgeId, null, 'a chief judge can be replaced after a lock');
  const audit = (await target.db.auditEntry.findMany({ where: { eventId }, orderBy: { id: 'asc' } })).map((a) => a.action);
  assert.equal(audit.filter((a) => a === 'judges.assign' || a === 'judges.chief'), ['judges.assign', 'judges.assign', 'judges.chief', 'judges.chief']);
});

test('a judge\'s token for event code, number and PIN: wrong PINs limited like the tablet\'s sign-in', async ({ target, token }) => {
  const { eventId } = await setup(target, token);
  const added = await call(target, token, 'POST', `/api/v1/events/${eventId}/judges`, { judges: [{ name: '王建国' }] });
  const { eventCode } = added.json;
  const { pin } = added.json.judges[0];
  const wrong = await call(target, null, 'POST', '/api/v1/judge/tokens', { eventCode, number: 1, pin: pin === '000000' ? '111111' : '000000', name: 'x' });
  assert.equal(wrong.json, errorOf(401, 'The event code, judge number or PIN is wrong.'));
  assert.is((await call(target, null, 'POST', '/api/v1/judge/tokens', { eventCode, number: 2, pin, name: 'x' })).status, 401, 'no such judge: the same answer');
  assert.equal((await call(target, null, 'POST', '/api/v1/judge/tokens', { eventCode, number: 'one', pin, name: '' })).json.error.problems.map((p: Json) => p.field), ['number', 'name']);
  // Four more wrong PINs (five in all for this judge from this address): the sixth try is refused unchecked, even with the right PIN.
  for (let i = 0; i < 4; i++) await call(target, null, 'POST', '/api/v1/judge/tokens', { eventCode, number: 1, pin: 'nope', name: 'x' });
  const limited = await call(target, null, 'POST', '/api/v1/judge/tokens', { eventCode, number: 1, pin, name: 'x' });
  assert.is(limited.status, 429);
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  // The tablet's sign-in counts the same guesses.
  const tablet = await target.app.request('/judge/login', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
    body: new URLSearchParams({ eventCode, number: '1', pin }).toString(),
  });
  assert.ok([403, 429].includes(tablet.status), `tablet refused too (${tablet.status})`);
  assert.is(await target.db.apiToken.count({ where: { name: 'x' } }), 0);
});

test.run();
