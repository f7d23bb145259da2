import * as assert from 'uvu/assert';
import { revokeApiToken } from '../../src/api/tokens.ts';
import { apiSuite, call, errorOf, eventWithSkill, tokenFor, type Json } from '../support/api.ts';
import { TestClient } from '../support/client.ts';
import { createAccount } from '../support/fixtures.ts';

/** A scheme that validates: weights 30 + 70, each round's marks adding up to its maximum. */
const validScheme = [
  {
    code: 'theory', name: '理论知识', weight: 30, maxScore: 100, scoring: 'marks',
    criteria: [{ code: 'T', name: '笔试', aspects: [
      { code: 'T1', name: '安全规程', maxMark: 100, rule: { type: 'measurement', nominal: null, unit: '', step: 1, bands: [] } },
    ] }],
  },
  {
    code: 'practical', name: '实际操作', weight: 70, maxScore: 100, scoring: 'marks',
    criteria: [{ code: 'P', name: '焊缝质量', aspects: [
      { code: 'P1', name: '外观', maxMark: 60, rule: { type: 'judgement', levels: ['差', '一般', '良好', '优秀'] } },
      { code: 'P2', name: '安全文明生产', maxMark: 40, rule: { type: 'deduction', perOccurrence: 5, cap: 20 } },
    ] }],
  },
];

/** The scheme as stored, without ids: what a client would send back. */
function withoutIds(rounds: Json[]): Json[] {
  return rounds.map(({ id: _r, criteria, ...round }) => ({
    ...round,
    criteria: criteria.map(({ id: _c, aspects, ...criterion }: Json) => ({
      ...criterion,
      aspects: aspects.map(({ id: _a, ...aspect }: Json) => aspect),
    })),
  }));
}

// ─── authentication ───────────────────────────────────────────────────────────
const auth = apiSuite('api authentication');

auth('without a token the API answers 401 JSON, in the request\'s language', async ({ target }) => {
  const en = await call(target, null, 'GET', '/api/v1/events');
  assert.is(en.status, 401);
  assert.equal(en.json, errorOf(401, 'A valid API token is required. Send it as "Authorization: Bearer <token>".'));
  assert.is(en.headers.get('www-authenticate'), 'Bearer realm="jiangxin"');

  const zh = await call(target, null, 'POST', '/api/v1/events', { name: 'x' }, 'zh-CN,zh;q=0.9');
  assert.is(zh.status, 401);
  assert.equal(zh.json, errorOf(401, '需要有效的 API 令牌，请以 "Authorization: Bearer <令牌>" 的形式发送。'));
  assert.is(await target.db.event.count(), 0);
});

auth('unknown, malformed and revoked tokens are refused', async ({ target, token }) => {
  // The altered last character must really differ from the token's own.
  for (const bad of [`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, 'jx_short', token.replace('jx_', 'xx_')]) {
    const response = await call(target, bad, 'GET', '/api/v1/events');
    assert.is(response.status, 401, bad);
    assert.is(response.headers.get('www-authenticate'), 'Bearer realm="jiangxin", error="invalid_token"');
  }
  const basic = await target.app.request('/api/v1/events', { headers: { authorization: `Basic ${token}` } });
  assert.is(basic.status, 401);

  assert.is((await call(target, token, 'GET', '/api/v1/events')).status, 200);
  const [row] = await target.db.apiToken.findMany();
  assert.ok(await revokeApiToken(target.db, row!.accountId, row!.id));
  const revoked = await call(target, token, 'GET', '/api/v1/events');
  assert.is(revoked.status, 401);
  assert.equal(revoked.json, errorOf(401, 'A valid API token is required. Send it as "Authorization: Bearer <token>".'));
});

auth('a disabled account\'s token stops working', async ({ target, token }) => {
  await target.db.account.updateMany({ data: { disabledAt: new Date() } });
  assert.is((await call(target, token, 'GET', '/api/v1/events')).status, 401);
});

auth('judges\' and chief judges\' tokens get 403', async ({ target }) => {
  for (const role of ['judge', 'chief_judge'] as const) {
    const token = await tokenFor(target, role);
    const list = await call(target, token, 'GET', '/api/v1/events');
    assert.is(list.status, 403, role);
    assert.equal(list.json, errorOf(403, 'The account of this API token may not do this: only organizers may use these endpoints.'));
    const create = await call(target, token, 'POST', '/api/v1/events', { name: 'x' }, 'zh-CN');
    assert.is(create.status, 403);
    assert.is(create.json.error.message, '该 API 令牌所属账号无权执行此操作：仅赛事组织者可使用这些接口。');
  }
  assert.is(await target.db.event.count(), 0);
});

auth('a signed-in organizer\'s session cookie does not authenticate the API', async ({ target }) => {
  await createAccount(target.db, { username: 'wangfang', password: 'correct-password' });
  const browser = new TestClient(target, { 'accept-language': 'en' });
  await browser.get('/login');
  assert.is((await browser.post('/login', { username: 'wangfang', password: 'correct-password' })).status, 303);
  assert.ok(browser.cookies.has('jx_session'));
  const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');

  const read = await target.app.request('/api/v1/events', { headers: { cookie } });
  assert.is(read.status, 401);
  // A cross-site form post carries the cookie but no CSRF token: the API must not act on it.
  const forged = await target.app.request('/api/v1/events', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'forged' }),
  });
  assert.is(forged.status, 401);
  assert.is(await target.db.event.count(), 0);
});

auth('last use is recorded at most once a minute', async ({ target, token }) => {
  assert.is((await target.db.apiToken.findFirstOrThrow()).lastUsedAt, null);
  await call(target, token, 'GET', '/api/v1/events');
  const first = (await target.db.apiToken.findFirstOrThrow()).lastUsedAt;
  assert.ok(first instanceof Date);
  await call(target, token, 'GET', '/api/v1/events');
  assert.equal((await target.db.apiToken.findFirstOrThrow()).lastUsedAt, first, 'no write within the minute');

  const old = new Date(Date.now() - 2 * 60_000);
  await target.db.apiToken.updateMany({ data: { lastUsedAt: old } });
  await call(target, token, 'GET', '/api/v1/events');
  assert.ok((await target.db.apiToken.findFirstOrThrow()).lastUsedAt!.getTime() > old.getTime());
});

auth.run();

// ─── events and skills ────────────────────────────────────────────────────────
const setup = apiSuite('api event setup');

setup('create an event, add a skill: it starts with the default rounds', async ({ target, token }) => {
  const { eventId, skillId } = await eventWithSkill(target, token);
  const event = await call(target, token, 'GET', `/api/v1/events/${eventId}`);
  assert.is(event.status, 200);
  assert.equal(event.json, {
    id: eventId, name: '2026年定海区职工技能大比武', nameEn: '', status: 'draft', startsOn: '2026-05-12', endsOn: '2026-05-14',
    venue: '', hostOrganization: '', allowMultipleSkills: false, organizationBestN: 3, skillCount: 1,
    skills: [{ id: skillId, eventId, name: '焊工', nameEn: 'Welding', position: 0 }],
  });

  const skill = await call(target, token, 'GET', `/api/v1/skills/${skillId}`);
  assert.is(skill.status, 200);
  assert.equal(withoutIds(skill.json.rounds), [
    { code: 'theory', name: 'Theory', weight: 30, maxScore: 100, scoring: 'marks', criteria: [] },
    { code: 'practical', name: 'Practical', weight: 70, maxScore: 100, scoring: 'marks', criteria: [] },
  ]);
  assert.is(skill.json.settings.judgesPerAspect, 3);
  assert.equal(skill.json.settings.tieBreaks, ['completion_time', 'round:practical', 'round:theory']);

  const zh = await call(target, token, 'POST', `/api/v1/events/${eventId}/skills`, { name: '数控车工' }, 'zh-CN');
  assert.is(zh.status, 201);
  assert.equal(zh.json.rounds.map((r: Json) => r.name), ['理论知识', '实际操作'], 'default rounds are named in the request\'s language');

  const list = await call(target, token, 'GET', `/api/v1/events/${eventId}/skills`);
  assert.equal(list.json.map((s: Json) => s.name), ['焊工', '数控车工']);
  const events = await call(target, token, 'GET', '/api/v1/events');
  assert.equal(events.json.map((e: Json) => [e.id, e.skillCount]), [[eventId, 2]]);
  assert.equal((await call(target, token, 'GET', '/api/v1/events?archived=true')).json, []);
});

setup('invalid event input gets 422 with translated field problems; malformed JSON gets 400', async ({ target, token }) => {
  const zh = await call(target, token, 'POST', '/api/v1/events', { name: ' ', organizationBestN: 'many' }, 'zh-CN');
  assert.is(zh.status, 422);
  assert.equal(zh.json, errorOf(422, '部分字段无效，详见 problems。', [
    { field: 'name', code: 'validation.required', message: '此项为必填项。' },
    { field: 'organizationBestN', code: 'validation.number', message: '请输入数字。' },
  ]));

  const bad = await call(target, token, 'POST', '/api/v1/events', '{"name": ', 'en');
  assert.is(bad.status, 400);
  assert.equal(bad.json, errorOf(400, 'The request body is not valid JSON.'));
  // The event must exist (the guard looks it up first) for its body to be read at all.
  const existing = await target.db.event.create({ data: { name: '2026年定海区职工技能大比武' } });
  const badZh = await call(target, token, 'PUT', `/api/v1/events/${existing.id}`, 'not json', 'zh-CN');
  assert.equal(badZh.json, errorOf(400, '请求体不是有效的 JSON。'));
  assert.is((await call(target, token, 'PUT', `/api/v1/events/${existing.id + 1}`, 'not json')).status, 404);
  assert.equal(await target.db.event.findMany({ select: { id: true, name: true } }), [{ id: existing.id, name: '2026年定海区职工技能大比武' }]);
});

setup('path and query parameters are validated with the same error body', async ({ target, token }) => {
  const id = await call(target, token, 'GET', '/api/v1/events/abc');
  assert.is(id.status, 400);
  assert.equal(id.json, errorOf(400, 'The request is malformed.', [
    { field: 'id', code: 'api.error.badId', message: 'An id is a positive whole number.' },
  ]));
  for (const bad of ['0', '-1', '1.5', '99999999999']) {
    const response = await call(target, token, 'DELETE', `/api/v1/skills/${bad}`);
    assert.is(response.status, 400, bad);
    assert.equal(response.json.error.problems.map((p: Json) => p.code), ['api.error.badId'], bad);
  }
  const query = await call(target, token, 'GET', '/api/v1/events?archived=maybe', undefined, 'zh-CN');
  assert.is(query.status, 400);
  assert.equal(query.json, errorOf(400, '请求格式不正确。', [
    { field: 'archived', code: 'validation.choice', message: '请从选项中选择。' },
  ]));
  const missing = await call(target, token, 'GET', '/api/v1/events/999');
  assert.is(missing.status, 404);
  assert.equal(missing.json, errorOf(404, 'There is no such resource.'));
  assert.is((await call(target, token, 'GET', '/api/v1/skills/999')).status, 404);
  assert.is((await call(target, token, 'PUT', '/api/v1/aspects/999', { code: 'x' })).status, 404);
});

setup('a bad aspect edit gets field-level problems in English and Chinese and changes nothing', async ({ target, token }) => {
  const { skill } = await eventWithSkill(target, token);
  const criterion = await call(target, token, 'POST', `/api/v1/rounds/${skill.rounds[1].id}/criteria`, { code: 'P', name: '焊缝质量' });
  assert.is(criterion.status, 201);
  assert.equal(criterion.json, { id: criterion.json.id, code: 'P', name: '焊缝质量', aspects: [] });
  const aspectInput = { code: 'P1', name: '外观', maxMark: 60, rule: { type: 'judgement', levels: ['差', '一般', '良好', '优秀'] } };
  const aspect = await call(target, token, 'POST', `/api/v1/criteria/${criterion.json.id}/aspects`, aspectInput);
  assert.is(aspect.status, 201);
  assert.equal(aspect.json, { id: aspect.json.id, ...aspectInput });

  const bad = { code: '', name: '外观', maxMark: 'sixty', rule: { type: 'deduction', perOccurrence: 5, cap: 10 } };
  const en = await call(target, token, 'PUT', `/api/v1/aspects/${aspect.json.id}`, bad, 'en');
  assert.is(en.status, 422);
  assert.equal(en.json, errorOf(422, 'Some fields are not valid; see problems.', [
    { field: 'code', code: 'validation.required', message: 'This field is required.' },
    { field: 'maxMark', code: 'validation.number', message: 'Enter a number.' },
  ]));
  const zh = await call(target, token, 'PUT', `/api/v1/aspects/${aspect.json.id}`, bad, 'zh-CN');
  assert.is(zh.status, 422);
  assert.equal(zh.json, errorOf(422, '部分字段无效，详见 problems。', [
    { field: 'code', code: 'validation.required', message: '此项为必填项。' },
    { field: 'maxMark', code: 'validation.number', message: '请输入数字。' },
  ]));

  const rule = await call(target, token, 'PUT', `/api/v1/aspects/${aspect.json.id}`, { ...aspectInput, rule: { type: 'deduction', perOccurrence: 5, cap: 80 } });
  assert.is(rule.status, 422);
  assert.equal(rule.json.error.problems, [
    { field: 'rule.cap', code: 'scheme.issue.capAboveMax', message: 'The cap cannot exceed the aspect\'s 60 marks.' },
  ]);

  const stored = await call(target, token, 'GET', `/api/v1/skills/${skill.id}`);
  assert.equal(stored.json.rounds[1].criteria[0].aspects, [aspect.json], 'the refused edits changed nothing');

  const good = await call(target, token, 'PUT', `/api/v1/aspects/${aspect.json.id}`, { ...aspectInput, name: '焊缝外观', maxMark: '50' });
  assert.is(good.status, 200);
  assert.equal(good.json, { id: aspect.json.id, ...aspectInput, name: '焊缝外观', maxMark: 50 });
});

setup('a whole scheme is replaced only when it validates', async ({ target, token }) => {
  const { skillId } = await eventWithSkill(target, token);
  const before = await call(target, token, 'GET', `/api/v1/skills/${skillId}/scheme`);
  assert.is(before.status, 200);

  const lopsided = structuredClone(validScheme);
  lopsided[1]!.weight = 60;
  const refused = await call(target, token, 'PUT', `/api/v1/skills/${skillId}/scheme`, lopsided);
  assert.is(refused.status, 422);
  assert.equal(refused.json, errorOf(422, 'Some fields are not valid; see problems.', [
    { field: 'rounds.weight', code: 'scheme.issue.weightsSum', message: 'Round weights must add up to 100%; now 90%.' },
  ]));
  assert.equal((await call(target, token, 'GET', `/api/v1/skills/${skillId}/scheme`)).json, before.json, 'nothing changed');

  const accepted = await call(target, token, 'PUT', `/api/v1/skills/${skillId}/scheme`, validScheme);
  assert.is(accepted.status, 200);
  assert.equal(withoutIds(accepted.json), validScheme);
  const after = await call(target, token, 'GET', `/api/v1/skills/${skillId}/scheme`);
  assert.equal(after.json, accepted.json);
  assert.equal(withoutIds(after.json), validScheme);
  assert.ok(after.json[0].criteria[0].aspects[0].id > 0, 'the stored scheme has ids');
});

setup('event stages: one step at a time, and not into the competition on incomplete rules', async ({ target, token }) => {
  const { eventId, skillId } = await eventWithSkill(target, token);
  const skip = await call(target, token, 'POST', `/api/v1/events/${eventId}/status`, { status: 'in_progress' });
  assert.is(skip.status, 409);
  assert.equal(skip.json, errorOf(409, 'The event cannot move to that stage from its current one.', [
    { field: '', code: 'event.error.badTransition', message: 'The event cannot move to that stage from its current one.' },
  ]));
  const unknown = await call(target, token, 'POST', `/api/v1/events/${eventId}/status`, { status: 'finished' });
  assert.is(unknown.status, 422);
  assert.equal(unknown.json.error.problems, [{ field: 'status', code: 'validation.choice', message: 'Choose one of the options.' }]);

  const open = await call(target, token, 'POST', `/api/v1/events/${eventId}/status`, { status: 'registration' });
  assert.is(open.status, 200);
  assert.is(open.json.status, 'registration');

  const incomplete = await call(target, token, 'POST', `/api/v1/events/${eventId}/status`, { status: 'in_progress' }, 'zh-CN');
  assert.is(incomplete.status, 409);
  assert.equal(incomplete.json, errorOf(409, '比赛无法开始：“焊工”的规则尚不完整。', [
    { field: '', code: 'event.error.skillIncomplete', message: '比赛无法开始：“焊工”的规则尚不完整。' },
  ]));
  assert.is((await target.db.event.findUniqueOrThrow({ where: { id: eventId } })).status, 'registration');

  assert.is((await call(target, token, 'PUT', `/api/v1/skills/${skillId}/scheme`, validScheme)).status, 200);
  const started = await call(target, token, 'POST', `/api/v1/events/${eventId}/status`, { status: 'in_progress' });
  assert.is(started.status, 200);
  assert.is(started.json.status, 'in_progress');

  // Rules are fixed once the competition runs.
  const scheme = (await call(target, token, 'GET', `/api/v1/skills/${skillId}/scheme`)).json;
  const locked = errorOf(409, 'The competition has started: rules and marking schemes can no longer be changed.', [
    { field: '', code: 'event.error.rulesLocked', message: 'The competition has started: rules and marking schemes can no longer be changed.' },
  ]);
  const aspect = scheme[1].criteria[0].aspects[0];
  for (const [method, path, body] of [
    ['PUT', `/api/v1/aspects/${aspect.id}`, { ...aspect, maxMark: 59 }],
    ['DELETE', `/api/v1/aspects/${aspect.id}`, undefined],
    ['POST', `/api/v1/skills/${skillId}/rounds`, { code: 'extra', name: 'Extra', weight: 10, maxScore: 10 }],
    ['PUT', `/api/v1/rounds/${scheme[0].id}`, { code: 'theory', name: 'Theory', weight: 40, maxScore: 100 }],
    ['PUT', `/api/v1/skills/${skillId}/scheme`, validScheme],
    ['PUT', `/api/v1/skills/${skillId}`, { name: '电焊工' }],
    ['DELETE', `/api/v1/skills/${skillId}`, undefined],
    ['POST', `/api/v1/events/${eventId}/skills`, { name: '钳工' }],
  ] as const) {
    const response = await call(target, token, method, path, body);
    assert.is(response.status, 409, `${method} ${path}`);
    assert.equal(response.json, locked, `${method} ${path}`);
  }
  assert.equal((await call(target, token, 'GET', `/api/v1/skills/${skillId}/scheme`)).json, scheme);

  const remove = await call(target, token, 'DELETE', `/api/v1/events/${eventId}`);
  assert.is(remove.status, 409);
  assert.equal(remove.json.error.problems.map((p: Json) => p.code), ['event.error.notDraft']);
  assert.is(await target.db.event.count(), 1);
});

setup('a draft event can be updated and deleted', async ({ target, token }) => {
  const { eventId } = await eventWithSkill(target, token);
  const updated = await call(target, token, 'PUT', `/api/v1/events/${eventId}`, { name: '2026年大比武', venue: '定海区职工学校', allowMultipleSkills: true });
  assert.is(updated.status, 200);
  assert.equal(
    [updated.json.name, updated.json.venue, updated.json.allowMultipleSkills, updated.json.startsOn],
    ['2026年大比武', '定海区职工学校', true, null],
  );
  const removed = await target.app.request(`/api/v1/events/${eventId}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
  assert.is(removed.status, 204);
  assert.is(await removed.text(), '');
  assert.is((await call(target, token, 'GET', `/api/v1/events/${eventId}`)).status, 404);
  assert.is(await target.db.skill.count(), 0);
});

setup('copying an event or a skill brings the whole scheme along', async ({ target, token }) => {
  const { eventId, skillId } = await eventWithSkill(target, token);
  assert.is((await call(target, token, 'PUT', `/api/v1/skills/${skillId}/scheme`, validScheme)).status, 200);
  await call(target, token, 'POST', `/api/v1/events/${eventId}/status`, { status: 'registration' });

  const copy = await call(target, token, 'POST', `/api/v1/events/${eventId}/copy`, { name: '2027年定海区职工技能大比武' });
  assert.is(copy.status, 201);
  assert.is(copy.json.status, 'draft');
  assert.is(copy.json.name, '2027年定海区职工技能大比武');
  assert.equal(copy.json.skills.map((s: Json) => s.name), ['焊工']);
  const copiedSkill = await call(target, token, 'GET', `/api/v1/skills/${copy.json.skills[0].id}`);
  assert.equal(withoutIds(copiedSkill.json.rounds), validScheme);
  assert.is.not(copiedSkill.json.id, skillId);

  const refusedCopy = await call(target, token, 'POST', `/api/v1/events/${eventId}/copy`, { name: '' });
  assert.is(refusedCopy.status, 422);
  assert.is((await call(target, token, 'POST', '/api/v1/events/999/copy', { name: 'x' })).status, 404);

  const skillCopy = await call(target, token, 'POST', `/api/v1/skills/${skillId}/copy`, { eventId: copy.json.id });
  assert.is(skillCopy.status, 201);
  assert.is(skillCopy.json.eventId, copy.json.id);
  assert.is(skillCopy.json.position, 1);
  assert.equal(withoutIds(skillCopy.json.rounds), validScheme);

  assert.is((await call(target, token, 'POST', `/api/v1/skills/${skillId}/copy`, { eventId: 999 })).status, 404);
  const badTarget = await call(target, token, 'POST', `/api/v1/skills/${skillId}/copy`, { eventId: 'two' });
  assert.is(badTarget.status, 422);
  assert.equal(badTarget.json.error.problems, [{ field: 'eventId', code: 'api.error.badId', message: 'An id is a positive whole number.' }]);
});

setup('settings, rounds, criteria and aspects can be edited and deleted one by one', async ({ target, token }) => {
  const { skillId, skill } = await eventWithSkill(target, token);
  const settings = { ...skill.settings, judgesPerAspect: 5, aggregation: 'trimmed_mean', decimals: '3' };
  const saved = await call(target, token, 'PUT', `/api/v1/skills/${skillId}/settings`, settings);
  assert.is(saved.status, 200);
  assert.equal(saved.json.settings, { ...settings, decimals: 3 });
  const refused = await call(target, token, 'PUT', `/api/v1/skills/${skillId}/settings`, { ...settings, judgesPerAspect: 2 });
  assert.is(refused.status, 422);
  assert.equal(refused.json.error.problems.map((p: Json) => [p.field, p.code]), [['aggregation', 'scheme.issue.trimmedNeedsThree']]);

  const renamed = await call(target, token, 'PUT', `/api/v1/skills/${skillId}`, { name: '电焊工', nameEn: 'Arc welding' });
  assert.equal([renamed.status, renamed.json.name, renamed.json.nameEn], [200, '电焊工', 'Arc welding']);

  const round = await call(target, token, 'POST', `/api/v1/skills/${skillId}/rounds`, { code: 'safety', name: '安全', weight: 10, maxScore: 20 });
  assert.is(round.status, 201);
  assert.equal(round.json, { id: round.json.id, code: 'safety', name: '安全', weight: 10, maxScore: 20, scoring: 'marks', criteria: [] });
  const duplicate = await call(target, token, 'POST', `/api/v1/skills/${skillId}/rounds`, { code: 'THEORY', name: 'x', weight: 10, maxScore: 20 });
  assert.is(duplicate.status, 422);
  assert.equal(duplicate.json.error.problems, [{ field: 'code', code: 'scheme.issue.duplicateCode', message: 'The code THEORY is used twice.' }]);
  const edited = await call(target, token, 'PUT', `/api/v1/rounds/${round.json.id}`, { code: 'safety', name: '安全文明', weight: 5, maxScore: 20 });
  assert.equal([edited.status, edited.json.name, edited.json.weight], [200, '安全文明', 5]);

  const criterion = await call(target, token, 'POST', `/api/v1/rounds/${round.json.id}/criteria`, { code: 'S', name: '防护' });
  const criterionEdit = await call(target, token, 'PUT', `/api/v1/criteria/${criterion.json.id}`, { code: 'S', name: '个人防护' });
  assert.equal([criterionEdit.status, criterionEdit.json.name], [200, '个人防护']);
  const aspect = await call(target, token, 'POST', `/api/v1/criteria/${criterion.json.id}/aspects`, {
    code: 'S1', name: '护目镜', maxMark: 20, rule: { type: 'time', limitMinutes: 30, penaltyPerMinute: 1 },
  });
  assert.is(aspect.status, 201);

  for (const path of [`/api/v1/aspects/${aspect.json.id}`, `/api/v1/criteria/${criterion.json.id}`, `/api/v1/rounds/${round.json.id}`]) {
    const response = await call(target, token, 'DELETE', path);
    assert.is(response.status, 204, path);
    assert.is((await call(target, token, 'DELETE', path)).status, 404, `${path} is gone`);
  }
  const scheme = await call(target, token, 'GET', `/api/v1/skills/${skillId}/scheme`);
  assert.equal(scheme.json.map((r: Json) => r.code), ['theory', 'practical']);

  assert.is((await call(target, token, 'DELETE', `/api/v1/skills/${skillId}`)).status, 204);
  assert.is((await call(target, token, 'GET', `/api/v1/skills/${skillId}`)).status, 404);
});

setup.run();

// ─── the document and unknown paths ───────────────────────────────────────────
const doc = apiSuite('api document');

doc('the OpenAPI document is public and lists every endpoint and the bearer scheme', async ({ target }) => {
  const response = await target.app.request('/api/openapi.json');
  assert.is(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', 'application/json');
  const document = JSON.parse(await response.text());
  assert.is(document.openapi, '3.1.0');
  assert.equal(document.components.securitySchemes.bearerAuth, {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (starts with jx_): organizers create theirs at /settings/api-tokens, judges and chief judges at /judge/api-token or with POST /api/v1/judge/tokens (event code, number and PIN). Judge tokens reach only /api/v1/judge/*; a chief judge\'s also the round lock and the skill\'s entry statuses.',
  });
  assert.equal(document.security, [{ bearerAuth: [] }]);

  const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
  assert.equal(operations, [
    'DELETE /api/v1/aspects/{id}',
    'DELETE /api/v1/contestants/{id}',
    'DELETE /api/v1/criteria/{id}',
    'DELETE /api/v1/events/{id}',
    'DELETE /api/v1/events/{id}/staff/{accountId}',
    'DELETE /api/v1/rounds/{id}',
    'DELETE /api/v1/skills/{id}',
    'GET /api/v1/contestants/{id}',
    'GET /api/v1/draws/{id}/code-cards',
    'GET /api/v1/events',
    'GET /api/v1/events/{id}',
    'GET /api/v1/events/{id}/contestants',
    'GET /api/v1/events/{id}/display',
    'GET /api/v1/events/{id}/judges',
    'GET /api/v1/events/{id}/organizations',
    'GET /api/v1/events/{id}/skills',
    'GET /api/v1/events/{id}/staff',
    'GET /api/v1/federations',
    'GET /api/v1/figures',
    'GET /api/v1/judge/rounds/{id}',
    'GET /api/v1/pool',
    'GET /api/v1/pool/contestants/{id}',
    'GET /api/v1/pool/matches',
    'GET /api/v1/public/certificates/{code}',
    'GET /api/v1/public/skills/{id}/results',
    'GET /api/v1/rounds/{id}/decryption',
    'GET /api/v1/rounds/{id}/scores',
    'GET /api/v1/skills/{id}',
    'GET /api/v1/skills/{id}/appeals',
    'GET /api/v1/skills/{id}/assignments',
    'GET /api/v1/skills/{id}/draws',
    'GET /api/v1/skills/{id}/entry-status',
    'GET /api/v1/skills/{id}/publications',
    'GET /api/v1/skills/{id}/publications/{version}',
    'GET /api/v1/skills/{id}/results',
    'GET /api/v1/skills/{id}/scheme',
    'GET /api/v1/skills/{id}/validation',
    'GET /api/v1/staff',
    'GET /api/v1/staff/{id}',
    'POST /api/v1/criteria/{id}/aspects',
    'POST /api/v1/delegations/{token}/appeals',
    'POST /api/v1/entries/{id}/attendance',
    'POST /api/v1/events',
    'POST /api/v1/events/{id}/contestants',
    'POST /api/v1/events/{id}/copy',
    'POST /api/v1/events/{id}/judges',
    'POST /api/v1/events/{id}/organizations',
    'POST /api/v1/events/{id}/skills',
    'POST /api/v1/events/{id}/status',
    'POST /api/v1/federations',
    'POST /api/v1/federations/{id}/administrators',
    'POST /api/v1/judge/marks',
    'POST /api/v1/judge/rounds/{id}/signoffs',
    'POST /api/v1/judge/signoffs',
    'POST /api/v1/judge/tokens',
    'POST /api/v1/judges/{id}/pin',
    'POST /api/v1/judges/{id}/sign-out',
    'POST /api/v1/organizations/{id}/approve',
    'POST /api/v1/organizations/{id}/delegation-link',
    'POST /api/v1/pool/matches',
    'POST /api/v1/rounds/{id}/criteria',
    'POST /api/v1/rounds/{id}/lock',
    'POST /api/v1/rounds/{id}/scores',
    'POST /api/v1/rounds/{id}/scores/manual',
    'POST /api/v1/skills/{id}/appeals/{appealId}/decision',
    'POST /api/v1/skills/{id}/copy',
    'POST /api/v1/skills/{id}/draw',
    'POST /api/v1/skills/{id}/entry-status',
    'POST /api/v1/skills/{id}/publications',
    'POST /api/v1/skills/{id}/rounds',
    'POST /api/v1/staff',
    'POST /api/v1/staff/{id}/disable',
    'POST /api/v1/staff/{id}/enable',
    'POST /api/v1/staff/{id}/password',
    'PUT /api/v1/aspects/{id}',
    'PUT /api/v1/contestants/{id}',
    'PUT /api/v1/criteria/{id}',
    'PUT /api/v1/events/{id}',
    'PUT /api/v1/events/{id}/display',
    'PUT /api/v1/events/{id}/staff/{accountId}',
    'PUT /api/v1/federations/{id}',
    'PUT /api/v1/judges/{id}/organization',
    'PUT /api/v1/organizations/{id}',
    'PUT /api/v1/rounds/{id}',
    'PUT /api/v1/skills/{id}',
    'PUT /api/v1/skills/{id}/assignments',
    'PUT /api/v1/skills/{id}/chief-judge',
    'PUT /api/v1/skills/{id}/scheme',
    'PUT /api/v1/skills/{id}/settings',
    'PUT /api/v1/staff/{id}',
  ]);

  // Generated from the same schemas the commands validate with; form-friendly numbers are documented as numbers.
  const round = document.components.schemas.RoundInput;
  assert.equal(round.required, ['code', 'name', 'weight', 'maxScore']);
  assert.is(round.properties.weight.type, 'number');
  assert.equal(document.paths['/api/v1/skills/{id}/scheme'].put.requestBody.content['application/json'].schema, { $ref: '#/components/schemas/SchemeInput' });
  assert.equal(document.paths['/api/v1/events/{id}'].get.responses['200'].content['application/json'].schema, { $ref: '#/components/schemas/EventDetail' });
  assert.equal(document.components.schemas.Error.required, ['error']);
});

doc('unknown /api paths answer JSON 404, not the HTML page', async ({ target, token }) => {
  const withToken = await call(target, token, 'GET', '/api/v1/x');
  assert.is(withToken.status, 404);
  assert.equal(withToken.json, errorOf(404, 'There is no such resource.'));
  const wrongMethod = await call(target, token, 'PATCH', '/api/v1/events', {});
  assert.is(wrongMethod.status, 404);
  const outside = await call(target, null, 'GET', '/api/nothing-here', undefined, 'zh-CN');
  assert.is(outside.status, 404);
  assert.equal(outside.json, errorOf(404, '请求的资源不存在。'));
  // Without a token nothing under /api/v1 is revealed, not even whether a path exists.
  assert.is((await call(target, null, 'GET', '/api/v1/x')).status, 401);
  // The rest of the site keeps its HTML 404 page.
  const page = await target.app.request('/no-such-page', { headers: { 'accept-language': 'en' } });
  assert.is(page.status, 404);
  assert.match(page.headers.get('content-type') ?? '', 'text/html');
});

doc.run();
