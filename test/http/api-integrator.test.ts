import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call, tokenFor, type Json } from '../support/api.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { idNumber } from '../support/people.ts';

/**
 * An integrator (a union platform) runs a whole event through the JSON API alone, from an empty
 * database to published results, the big screen and a decided appeal.
 *
 * The one step outside the API: creating the organizer's account and its API token (an
 * organizer does that once, at first run and /settings/api-tokens). Everything else below is
 * an HTTP call to /api/v1 with the organizer's token, a judge's token (exchanged for event
 * code + number + PIN), the chief judge's token, the delegation link's token, or no token.
 *
 * The field: 数控车工 (CNC turning), 5 contestants from 2 organizations, 2 rounds, 3 judges
 * who mark every aspect (mean of the 3), a chief judge who locks. Hand-computed results:
 *
 *   Each round: J judgement 0–3 out of 60 → mean(levels) / 3 × 60 = sum(levels) × 20 / 3;
 *               D deduction out of 40, 5 per occurrence (cap 40) → 40 − 5 × occurrences.
 *   Total = theory × 30 % + practical × 70 % (each round out of 100).
 *
 *   bib  theory levels / occ.        practical levels / occ.      total
 *   1 A  3,3,3 → 60  / 0 → 40 = 100     3,3,2 → 53.333 / 1 → 35 = 88.333   30 + 61.833 = 91.83
 *   2 B  2,2,2 → 40  / 0 → 40 =  80     3,3,3 → 60     / 0 → 40 = 100      24 + 70     = 94.00
 *   3 C  2,2,3 → 46.667 / 2 → 30 = 76.667  2,2,2 → 40  / 1 → 35 = 75       23 + 52.5   = 75.50
 *   4 D  1,1,1 → 20  / 0 → 40 =  60     2,2,2 → 40     / 0 → 40 = 80       18 + 56     = 74.00
 *   5 E  3,3,3 → 60  / 4 → 20 =  80     1,1,2 → 26.667 / 2 → 30 = 56.667   24 + 39.667 = 63.67
 *
 *   Ranks: B 1, A 2, C 3, D 4, E 5.
 */

interface Person { name: string; gender: 'male' | 'female'; birth: string; seq: number; org: 0 | 1; theory: [number[], number]; practical: [number[], number] }
const field: Person[] = [
  { name: '张伟', gender: 'male', birth: '19850315', seq: 1, org: 0, theory: [[3, 3, 3], 0], practical: [[3, 3, 2], 1] },
  { name: '李娜', gender: 'female', birth: '19920708', seq: 2, org: 0, theory: [[2, 2, 2], 0], practical: [[3, 3, 3], 0] },
  { name: '王强', gender: 'male', birth: '19900101', seq: 3, org: 0, theory: [[2, 2, 3], 2], practical: [[2, 2, 2], 1] },
  { name: '赵敏', gender: 'female', birth: '19951120', seq: 4, org: 1, theory: [[1, 1, 1], 0], practical: [[2, 2, 2], 0] },
  { name: '陈刚', gender: 'male', birth: '19880606', seq: 5, org: 1, theory: [[3, 3, 3], 4], practical: [[1, 1, 2], 2] },
];

const scheme = ['theory', 'practical'].map((code, index) => ({
  code, name: index === 0 ? '理论知识' : '实际操作', weight: index === 0 ? 30 : 70, maxScore: 100,
  criteria: [{ code: code === 'theory' ? 'T' : 'P', name: index === 0 ? '数控编程' : '零件加工', aspects: [
    { code: `${code === 'theory' ? 'T' : 'P'}1`, name: '工艺与质量', maxMark: 60, rule: { type: 'judgement', levels: ['差', '一般', '良好', '优秀'] } },
    { code: `${code === 'theory' ? 'T' : 'P'}2`, name: '安全文明生产', maxMark: 40, rule: { type: 'deduction', perOccurrence: 5, cap: 40 } },
  ] }],
}));

const test = suite<{ target: TestApp }>('api integrator', {} as { target: TestApp });
test.before(async (ctx) => { ctx.target = await freshApp(); });
test.after(async (ctx) => { await ctx.target.close(); });

test('a whole event through the API alone: setup, registration, draw, judging, lock, results, publication, appeal', async ({ target }) => {
  assert.is(await target.db.event.count(), 0, 'an empty database');
  // The only step outside the API: the organizer's account and its token.
  const org = await tokenFor(target, 'organizer');
  const api = async (token: string | null, method: string, url: string, body?: unknown, want?: number) => {
    const answer = await call(target, token, method, url, body, 'zh-CN');
    if (want !== undefined) assert.is(answer.status, want, `${method} ${url}: ${answer.text}`);
    return answer.json;
  };

  // ─── event, skill, settings, scheme ───
  const event = await api(org, 'POST', '/api/v1/events', { name: '2026年舟山市职工技能大赛', startsOn: '2026-11-20', endsOn: '2026-11-21', venue: '舟山技师学院' }, 201);
  const skill = await api(org, 'POST', `/api/v1/events/${event.id}/skills`, { name: '数控车工', nameEn: 'CNC turning' }, 201);
  // Whatever else the settings hold, round-tripped: only the aggregation is set.
  await api(org, 'PUT', `/api/v1/skills/${skill.id}/settings`, { ...skill.settings, aggregation: 'mean' }, 200);
  const [theory, practical] = await api(org, 'PUT', `/api/v1/skills/${skill.id}/scheme`, scheme, 200);
  const aspects = (round: Json) => round.criteria[0].aspects.map((a: Json) => a.id as number) as [number, number];

  // ─── registration ───
  await api(org, 'POST', `/api/v1/events/${event.id}/status`, { status: 'registration' }, 200);
  const organizations = [
    await api(org, 'POST', `/api/v1/events/${event.id}/organizations`, { name: '舟山中远海运重工有限公司', contactName: '周红', contactPhone: '13900139001' }, 201),
    await api(org, 'POST', `/api/v1/events/${event.id}/organizations`, { name: '浙江海洋装备制造有限公司', contactName: '吴军', contactPhone: '13900139002' }, 201),
  ];
  const contestants = [];
  for (const p of field) {
    contestants.push(await api(org, 'POST', `/api/v1/events/${event.id}/contestants`, {
      name: p.name, gender: p.gender, organizationId: organizations[p.org].id, idNumber: idNumber(p.birth, p.seq), phone: '', skillLevel: 'senior',
      entries: [{ skillId: skill.id, bib: String(p.seq) }],
    }, 201));
  }
  for (const o of organizations) await api(org, 'POST', `/api/v1/organizations/${o.id}/approve`, undefined, 200);
  await api(org, 'POST', `/api/v1/events/${event.id}/status`, { status: 'in_progress' }, 200);

  // ─── check-in and draw ───
  for (const c of contestants) await api(org, 'POST', `/api/v1/entries/${c.entries[0].id}/attendance`, { attendance: 'present' }, 200);
  const draw = await api(org, 'POST', `/api/v1/skills/${skill.id}/draw`, { roundId: null, reason: '' }, 201);
  assert.is(draw.seating.length, 5);
  // The code cards for the person who places them at the stations: with the seating, bib → code.
  const cards = await api(org, 'GET', `/api/v1/draws/${draw.id}/code-cards`, undefined, 200);
  const codeAt = new Map<number, string>(cards.cards.map((card: Json) => [card.station, card.code]));
  const codeOf = new Map<string, string>(draw.seating.map((seat: Json) => [seat.bib, codeAt.get(seat.station)!]));
  assert.is(new Set(codeOf.values()).size, 5);

  // ─── judges, chief judge, assignments ───
  const added = await api(org, 'POST', `/api/v1/events/${event.id}/judges`, {
    judges: [{ name: '王建国' }, { name: '李明' }, { name: '孙丽' }, { name: '陈静', chief: true }],
  }, 201);
  const [j1, j2, j3, chief] = added.judges as Json[];
  await api(org, 'PUT', `/api/v1/skills/${skill.id}/assignments`, {
    chiefJudgeId: chief.judgeId,
    assignments: [j1, j2, j3].flatMap((j) => [theory, practical].map((r) => ({ judgeId: j.judgeId, roundId: r.id, aspectIds: null }))),
  }, 200);

  // ─── judges mark and sign through the judge API, with tokens exchanged for their PINs ───
  for (const [index, judge] of [j1, j2, j3].entries()) {
    const { token } = await api(null, 'POST', '/api/v1/judge/tokens', { eventCode: added.eventCode, number: judge.number, pin: judge.pin, name: `${judge.number}号平板` }, 201);
    for (const [round, part] of [[theory, 'theory'], [practical, 'practical']] as const) {
      const sheet = await api(token, 'GET', `/api/v1/judge/rounds/${round.id}`, undefined, 200);
      assert.equal(sheet.sheets.map((s: Json) => s.code).sort(), [...codeOf.values()].sort(), 'judges see codes only');
      const [judgement, deduction] = aspects(round);
      const marks = field.flatMap((p) => {
        const [levels, occurrences] = p[part];
        const code = codeOf.get(String(p.seq))!;
        return [
          { key: `mark-${judge.number}-${round.id}-${p.seq}-J`, code, aspectId: judgement, mark: { state: 'scored', value: levels[index] }, baseVersion: 0 },
          { key: `mark-${judge.number}-${round.id}-${p.seq}-D`, code, aspectId: deduction, mark: { state: 'scored', value: occurrences }, baseVersion: 0 },
        ];
      });
      const saved = await api(token, 'POST', '/api/v1/judge/marks', { roundId: round.id, deviceId: `tablet-${judge.number}`, marks }, 200);
      assert.equal(saved.results.map((r: Json) => r.status), marks.map(() => 'saved'));
      for (const code of codeOf.values()) await api(token, 'POST', '/api/v1/judge/signoffs', { roundId: round.id, code, pin: judge.pin }, 200);
    }
  }

  // ─── the chief judge locks; the organizer decrypts ───
  const chiefToken = (await api(null, 'POST', '/api/v1/judge/tokens', { eventCode: added.eventCode, number: chief.number, pin: chief.pin, name: '裁判长' }, 201)).token;
  for (const round of [theory, practical]) await api(chiefToken, 'POST', `/api/v1/rounds/${round.id}/lock`, undefined, 200);
  const decrypted = await api(org, 'GET', `/api/v1/rounds/${practical.id}/decryption`, undefined, 200);
  assert.equal(decrypted.rows.map((r: Json) => [r.code, r.name]).sort(), field.map((p) => [codeOf.get(String(p.seq)), p.name]).sort());

  // ─── results ───
  const preview = await api(org, 'GET', `/api/v1/skills/${skill.id}/results`, undefined, 200);
  assert.is(preview.revealed, true);
  const expected = [
    ['2', '李娜', 1, 94, [80, 100]],
    ['1', '张伟', 2, 91.83, [100, 88.33]],
    ['3', '王强', 3, 75.5, [76.67, 75]],
    ['4', '赵敏', 4, 74, [60, 80]],
    ['5', '陈刚', 5, 63.67, [80, 56.67]],
  ];
  const rounded = (n: number) => Math.round(n * 100) / 100;
  const standings = (results: Json) => results.entries.map((e: Json) => [e.bib, e.name, e.rank, e.total, e.rounds.map((r: Json) => rounded(r.score))]);
  assert.equal(standings(preview), expected);

  // ─── publication, public results, the big screen ───
  const now = Date.now();
  const windows = { appealUntil: new Date(now + 2 * 3600_000).toISOString(), noticeUntil: new Date(now + 3 * 86400_000).toISOString() };
  const published = await api(org, 'POST', `/api/v1/skills/${skill.id}/publications`, windows, 201);
  assert.equal(published, { skillId: skill.id, version: 1, href: `/api/v1/skills/${skill.id}/publications/1` });
  const frozen = await api(org, 'GET', published.href, undefined, 200);
  assert.equal(standings(frozen.results), expected);
  const publicResults = await api(null, 'GET', `/api/v1/public/skills/${skill.id}/results`, undefined, 200);
  assert.equal(standings(publicResults.results), expected);
  assert.not.ok(JSON.stringify(publicResults).includes(idNumber(field[0]!.birth, 1)), 'no ID number in public');
  const screen = await api(org, 'PUT', `/api/v1/events/${event.id}/display`, { pinnedSkillId: skill.id, intervalSeconds: 20 }, 200);
  assert.equal([screen.showing, screen.intervalSeconds, screen.titleOnly], [[skill.id], 20, false]);

  // ─── an appeal: filed by the delegation leader under the link, decided by arbitration ───
  const link = await api(org, 'POST', `/api/v1/organizations/${organizations[1].id}/delegation-link`, { deadline: new Date(now + 86400_000).toISOString() }, 201);
  const appeal = await api(null, 'POST', `/api/v1/delegations/${link.token}/appeals`, { bib: '5', text: '实际操作安全文明生产扣分有误，请复核。' }, 201);
  assert.equal(appeal, { id: appeal.id, skillId: skill.id, version: 1 });
  const pending = await api(org, 'GET', `/api/v1/skills/${skill.id}/appeals?version=1`, undefined, 200);
  assert.equal(pending.map((a: Json) => [a.entryBib, a.entryName, a.organizationName, a.decision]), [['5', '陈刚', '浙江海洋装备制造有限公司', null]]);
  const decided = await api(org, 'POST', `/api/v1/skills/${skill.id}/appeals/${appeal.id}/decision`, { decision: 'rejected', reason: '经复核录像，两次违规操作属实，维持原成绩。' }, 200);
  assert.equal([decided.decision, decided.decisionReason], ['rejected', '经复核录像，两次违规操作属实，维持原成绩。']);

  // A republication needs a change note; the first version stays readable.
  const noNote = await call(target, org, 'POST', `/api/v1/skills/${skill.id}/publications`, windows, 'zh-CN');
  assert.equal([noNote.status, noNote.json.error.problems.map((p: Json) => p.code)], [422, ['publication.error.changeNoteRequired']]);
  const v2 = await api(org, 'POST', `/api/v1/skills/${skill.id}/publications`, { ...windows, changeNote: '申诉已裁决（驳回），成绩不变，重新公示。' }, 201);
  assert.is(v2.version, 2);
  const history = await api(org, 'GET', `/api/v1/skills/${skill.id}/publications`, undefined, 200);
  assert.equal(history.map((p: Json) => [p.version, p.supersededAt === null]), [[2, true], [1, false]]);
  assert.is((await api(null, 'GET', `/api/v1/public/skills/${skill.id}/results`, undefined, 200)).version, 2);

  await api(org, 'POST', `/api/v1/events/${event.id}/status`, { status: 'published' }, 200);

  // Every consequential step is on record.
  const actions = new Set((await target.db.auditEntry.findMany({ where: { eventId: event.id } })).map((a) => a.action));
  for (const action of ['draw', 'draw.codeCards', 'judges.add', 'judges.assign', 'decrypt', 'results.publish', 'display.settings', 'delegation.link', 'appeal.file', 'appeal.decide']) {
    assert.ok(actions.has(action), action);
  }
});

test('the OpenAPI document lists every organizer action added for integrators, with request and response schemas', async ({ target }) => {
  const doc = (await call(target, null, 'GET', '/api/openapi.json')).json;
  const routes: [string, string, string | null, string][] = [
    ['get', '/api/v1/events/{id}/judges', null, 'JudgeRoster'],
    ['post', '/api/v1/events/{id}/judges', 'JudgesInput', 'IssuedPins'],
    ['put', '/api/v1/judges/{id}/organization', 'JudgeOrganizationInput', 'Judge'],
    ['post', '/api/v1/judges/{id}/pin', null, 'IssuedPins'],
    ['post', '/api/v1/judges/{id}/sign-out', null, 'JudgeSignedOut'],
    ['get', '/api/v1/skills/{id}/assignments', null, 'SkillAssignments'],
    ['put', '/api/v1/skills/{id}/assignments', 'AssignmentsInput', 'SkillAssignments'],
    ['put', '/api/v1/skills/{id}/chief-judge', 'ChiefJudgeInput', 'SkillAssignments'],
    ['post', '/api/v1/judge/tokens', 'JudgeTokenInput', 'JudgeToken'],
    ['get', '/api/v1/draws/{id}/code-cards', null, 'CodeCards'],
    ['post', '/api/v1/skills/{id}/publications', 'PublicationInput', 'PublicationCreated'],
    ['get', '/api/v1/skills/{id}/appeals', null, 'Appeal'],
    ['post', '/api/v1/skills/{id}/appeals/{appealId}/decision', 'AppealDecisionInput', 'Appeal'],
    ['post', '/api/v1/organizations/{id}/delegation-link', 'DelegationLinkInput', 'DelegationLink'],
    ['post', '/api/v1/delegations/{token}/appeals', 'AppealInput', 'AppealFiled'],
    ['get', '/api/v1/events/{id}/display', null, 'DisplaySettings'],
    ['put', '/api/v1/events/{id}/display', 'DisplaySettingsInput', 'DisplaySettings'],
  ];
  for (const [method, path, input, output] of routes) {
    const operation = doc.paths[path]?.[method];
    assert.ok(operation, `${method} ${path}`);
    if (input) {
      assert.equal(operation.requestBody.content['application/json'].schema, { $ref: `#/components/schemas/${input}` }, `${path} body`);
      assert.ok(doc.components.schemas[input]?.properties, input);
    }
    const success = Object.keys(operation.responses).find((s) => s.startsWith('2'))!;
    assert.match(JSON.stringify(operation.responses[success].content['application/json'].schema), `#/components/schemas/${output}`, `${path} answers ${output}`);
    assert.ok(doc.components.schemas[output], output);
    const errors = Object.keys(operation.responses).filter((s) => s.startsWith('4'));
    assert.ok(errors.length > 0, `${path} documents its errors`);
    for (const status of errors) assert.equal(operation.responses[status].content['application/json'].schema, { $ref: '#/components/schemas/Error' }, `${path} ${status}`);
  }
  // The credential-only endpoints need no bearer token.
  assert.equal(doc.paths['/api/v1/judge/tokens'].post.security, []);
  assert.equal(doc.paths['/api/v1/delegations/{token}/appeals'].post.security, []);
});

test.run();
