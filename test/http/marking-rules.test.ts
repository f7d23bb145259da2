import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createApiToken } from '../../src/api/tokens.ts';
import { passwordVerifications } from '../../src/auth/password.ts';
import { call } from '../support/api.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import {
  byTestId, judgeClient, judgingFixture, mark, markAndSignAll, organizerClient, scored, textOf, type JudgingFixture,
} from '../support/desk.ts';

/**
 * Marks as the rules write them, over HTTP: judges per aspect at the lock and on the assignment
 * screen, a trimmed mean that cannot be computed, implausible measured values and points as
 * marked through the API, and "sign all my completed sheets" with one PIN.
 *
 * The fixture (test/support/desk.ts): round P of 焊工 with P1 (judgement, 30) and P2 (deduction,
 * 10); judges J1 (定海机电, so recused from 王芳), J2 and J3 on both; 张伟 and 李强 from 舟山船舶, 王芳
 * from 定海机电. judgesPerAspect is 2 there.
 */
interface Context {
  target: TestApp;
  fixture: JudgingFixture;
}

const rules = suite<Context>('marking rules', {} as Context);
rules.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.fixture = await judgingFixture(ctx.target.db);
});
rules.after.each(async (ctx) => { await ctx.target.close(); });

const deskUrl = (f: JudgingFixture) => `/desk/rounds/${f.roundId}`;
const lockItems = async (response: Response) =>
  [...byTestId(await response.text(), 'lock-problems').matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1]!));

/** Counts scrypt verifications (decoys included) while `run` runs. */
async function verificationsDuring(run: () => Promise<void>): Promise<number> {
  let count = 0;
  const count1 = () => { count += 1; };
  passwordVerifications.subscribe(count1);
  try {
    await run();
  } finally {
    passwordVerifications.unsubscribe(count1);
  }
  return count;
}

rules('the lock refuses a judgement aspect with fewer judges than required after recusal, naming it and the codes', async ({ target, fixture: f }) => {
  const { db } = target;
  await db.skill.update({ where: { id: f.skillId }, data: { judgesPerAspect: 3 } });
  for (const judge of [1, 2, 3] as const) await markAndSignAll(db, f, judge);
  const chief = await judgeClient(target, f, 4);
  const refused = await chief.post(`${deskUrl(f)}/lock`, {});
  assert.is(refused.status, 409);
  const text = await refused.text();
  // Every mark is in and signed; only 王芳's P1 is short: J1 is recused, J2 and J3 remain, 2 of 3.
  // P2 (deduction) records a fact and needs one judge: not named.
  assert.equal([...byTestId(text, 'lock-problems').matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1]!)), [
    `Aspect P/P1 焊缝成形: 2 of 3 judges after recusals, for codes ${f.codes.王芳}; assign more judges.`,
  ]);
  assert.match(textOf(byTestId(text, 'lock-problems')), '0 aspects without a judge, 1 with too few judges, 0 that cannot be computed.');
  assert.is((await db.round.findUniqueOrThrow({ where: { id: f.roundId } })).lockedAt, null);
  // The desk says so before anyone presses the button.
  assert.is(textOf(byTestId(await (await chief.get(deskUrl(f))).text(), 'progress-undercovered')), '1');

  // Through the API, the same refusal as a problem with its field.
  const token = (await createApiToken(db, f.organizerId, 'integration')).token;
  const api = await call(target, token, 'POST', `/api/v1/rounds/${f.roundId}/lock`);
  assert.is(api.status, 409);
  assert.equal(api.json.error.problems.filter((p: { field: string }) => p.field === 'undercovered').map((p: { message: string }) => p.message), [
    `Aspect P/P1 焊缝成形: 2 of 3 judges after recusals, for codes ${f.codes.王芳}; assign more judges.`,
  ]);

  // Two required: the same marks lock.
  await db.skill.update({ where: { id: f.skillId }, data: { judgesPerAspect: 2 } });
  const locked = await chief.post(`${deskUrl(f)}/lock`, {});
  assert.is(locked.status, 303);
  assert.ok((await db.round.findUniqueOrThrow({ where: { id: f.roundId } })).lockedAt);
});

rules('a trimmed mean left with 2 marks is not computable: shown at the desk and in the results, refused at the lock', async ({ target, fixture: f }) => {
  const { db } = target;
  await db.skill.update({ where: { id: f.skillId }, data: { aggregation: 'trimmed_mean' } });
  for (const judge of [1, 2, 3] as const) await markAndSignAll(db, f, judge);
  const chief = await judgeClient(target, f, 4, 'zh-CN');
  const wang = f.codes.王芳;
  // 王芳's P1: J1 recused, J2 and J3 scored 2 and 2: dropping the highest and lowest leaves nothing.
  const desk = await (await chief.get(deskUrl(f))).text();
  assert.match(textOf(byTestId(desk, `outcome-${wang}-P1`)), '无法计算');
  assert.not.match(textOf(byTestId(desk, `outcome-${f.codes.张伟}-P1`)), '无法计算', '三名裁判：可以去掉最高分和最低分');
  const refused = await chief.post(`${deskUrl(f)}/lock`, {});
  assert.is(refused.status, 409);
  assert.equal(await lockItems(refused), [
    `评分项 P/P1 焊缝成形：只有 2 个有效分数，去掉一个最高分和一个最低分至少需要 3 个（加密号 ${wang}）。`,
  ]);
  // The organizer's results preview names the aspect instead of silently averaging it.
  const organizer = await organizerClient(target);
  const preview = await (await organizer.get(`/skills/${f.skillId}/results`)).text();
  assert.match(textOf(byTestId(preview, 'results-notes')), 'Aspects that cannot be computed, because dropping the highest and lowest mark needs at least 3 scored marks:');
});

rules('implausible measured values need "confirmed"; points as marked are taken as the points', async ({ target, fixture: f }) => {
  const { db } = target;
  const { criterionId } = await db.aspect.findUniqueOrThrow({ where: { id: f.judgementId } });
  // Wall 1.6 mm: ±0.02 earns 5, ±0.05 earns 2; plausible 1.6 ± 10 × 0.05 = 1.1…2.1.
  const wall = await db.aspect.create({
    data: {
      criterionId, code: 'P3', name: '壁厚', type: 'measurement', maxMark: 5, position: 2,
      rule: JSON.stringify({ type: 'measurement', nominal: 1.6, unit: 'mm', step: 0.01, bands: [{ tolerance: 0.02, mark: 5 }, { tolerance: 0.05, mark: 2 }] }),
    },
  });
  const assembly = await db.aspect.create({
    data: {
      criterionId, code: 'P4', name: '装配质量', type: 'measurement', maxMark: 8, position: 3,
      rule: JSON.stringify({ type: 'measurement', nominal: null, unit: '', step: 0.5, bands: [], entry: 'points' }),
    },
  });
  const token = (await createApiToken(db, f.judges[2].accountId, 'integration')).token;
  const zhang = f.codes.张伟;
  const send = (key: string, aspectId: number, value: number, extra: object = {}) =>
    call(target, token, 'POST', '/api/v1/judge/marks', { roundId: f.roundId, marks: [{ key, code: zhang, aspectId, mark: { state: 'scored', value }, baseVersion: 0, ...extra }] });

  const slip = await send('implausible-0001', wall.id, 16);
  assert.equal(slip.json.results, [{
    key: 'implausible-0001', aspectId: wall.id, status: 'refused', error: 'mark.error.implausible',
    params: { value: 16, nominal: 1.6, low: 1.1, high: 2.1 },
    message: '16 is far from the nominal 1.6 (plausible 1.1 to 2.1): check it, and confirm it if it is right.',
  }]);
  assert.is(await db.mark.count({ where: { aspectId: wall.id } }), 0, 'nothing stored: no silent 0');
  const confirmed = await send('implausible-0002', wall.id, 16, { confirmed: true });
  assert.equal(confirmed.json.results.map((r: { status: string; points: number }) => [r.status, r.points]), [['saved', 0]]);
  // Inside the range no confirmation is needed: 1.62 is within ±0.02 → 5.
  const other = (await createApiToken(db, f.judges[3].accountId, 'integration')).token;
  const fine = await call(target, other, 'POST', '/api/v1/judge/marks', { roundId: f.roundId, marks: [{ key: 'plausible-0001', code: zhang, aspectId: wall.id, mark: { state: 'scored', value: 1.62 }, baseVersion: 0 }] });
  assert.equal(fine.json.results.map((r: { status: string; points: number }) => [r.status, r.points]), [['saved', 5]]);

  const points = await send('points-0001', assembly.id, 7.5);
  assert.equal(points.json.results.map((r: { status: string; points: number }) => [r.status, r.points]), [['saved', 7.5]]);
  const tooMany = await send('points-0002', assembly.id, 8.5);
  assert.equal(tooMany.json.results.map((r: { error: string; message: string }) => [r.error, r.message]), [['mark.error.points', 'Enter the points earned: 0 to 8, in steps of 0.5.']]);
  // The OpenAPI document tells integrators about the flag.
  const doc = await (await target.app.request('/api/openapi.json')).json() as { components: { schemas: Record<string, { properties: Record<string, { properties?: Record<string, unknown>; items?: { properties: Record<string, unknown> } }> }> } };
  assert.ok(doc.components.schemas.MarkBatchInput!.properties.marks!.items!.properties.confirmed, 'confirmed is documented');
});

rules('the assignment screen counts each aspect\'s judges against the requirement, with the recusal gap', async ({ target, fixture: f }) => {
  await target.db.skill.update({ where: { id: f.skillId }, data: { judgesPerAspect: 3 } });
  const organizer = await organizerClient(target);
  const page = await (await organizer.get(`/skills/${f.skillId}/assignments`)).text();
  const rows = [...byTestId(page, `coverage-${f.roundId}`).matchAll(/<tr data-aspect="([^"]+)" data-short="(\w+)">([\s\S]*?)<\/tr>/g)]
    .map((m) => [m[1], m[2], textOf(m[3]!)]);
  assert.equal(rows, [
    // Three assigned, three needed, but J1 comes from 定海机电: 王芳's entries get 2.
    ['P1', 'true', 'P1 焊缝成形 3 (needs 3) 定海机电设备有限公司: 2 of 3'],
    // A deduction needs one judge; after recusal 定海机电 still has 2.
    ['P2', 'false', 'P2 安全文明生产 3 (needs 1) No gap'],
  ]);
});

rules('sign all: one PIN, one scrypt, exactly the complete sheets, each its own signature; a wrong PIN signs nothing', async ({ target, fixture: f }) => {
  const { db } = target;
  const { 张伟: zhang, 李强: li, 王芳: wang } = f.codes;
  // J2 completes 张伟 and 李强, and marks only P1 of 王芳.
  await mark(db, f, 2, [
    ...[zhang, li].flatMap((code) => [{ code, aspectId: f.judgementId, mark: scored(2) }, { code, aspectId: f.deductionId, mark: scored(0) }]),
    { code: wang, aspectId: f.judgementId, mark: scored(3) },
  ]);
  const tablet = await judgeClient(target, f, 2);
  const url = `/judge/rounds/${f.roundId}`;
  const before = await (await tablet.get(url)).text();
  assert.match(textOf(byTestId(before, 'sign-all-codes')), `Complete and not signed yet (2): ${[zhang, li].sort().join(', ')}.`);
  assert.match(textOf(byTestId(before, 'sign-all-incomplete')), `Not complete, so not signed: ${wang}.`);

  let response!: Response;
  const wrongPin = f.judges[2].pin === '000000' ? '111111' : '000000';
  assert.is(await verificationsDuring(async () => { response = await tablet.post(`${url}/sign-all`, { pin: wrongPin }); }), 1);
  assert.is(response.status, 422);
  assert.match(textOf(byTestId(await response.text(), 'sign-all')), 'Wrong PIN.');
  assert.is(await db.sheetSignoff.count(), 0, 'a wrong PIN signs nothing');

  assert.is(await verificationsDuring(async () => { response = await tablet.post(`${url}/sign-all`, { pin: f.judges[2].pin }); }), 1, 'one scrypt for two sheets');
  assert.is(response.status, 200);
  const after = await response.text();
  assert.match(textOf(after), `Signed (2): ${[zhang, li].sort().join(', ')}.`);
  assert.match(textOf(byTestId(after, 'sign-all-incomplete')), `Not complete, so not signed: ${wang}.`);
  const rows = await db.sheetSignoff.findMany({ where: { judgeId: f.judges[2].judgeId }, include: { entry: { include: { assignments: true } } } });
  assert.equal(rows.map((r) => r.entry.assignments[0]!.code).sort(), [zhang, li].sort(), 'one row per sheet, 王芳 left out');

  // Through the API: J3 completes all three; one request signs them, a second finds them signed.
  const token = (await createApiToken(db, f.judges[3].accountId, 'integration')).token;
  await mark(db, f, 3, [zhang, li, wang].flatMap((code) => [{ code, aspectId: f.judgementId, mark: scored(2) }, { code, aspectId: f.deductionId, mark: scored(1) }]));
  let api!: Awaited<ReturnType<typeof call>>;
  assert.is(await verificationsDuring(async () => { api = await call(target, token, 'POST', `/api/v1/judge/rounds/${f.roundId}/signoffs`, { pin: f.judges[3].pin }); }), 1);
  assert.is(api.status, 200);
  assert.equal(api.json, { roundId: f.roundId, signed: f.sortedCodes, alreadySigned: [], incomplete: [] });
  const again = await call(target, token, 'POST', `/api/v1/judge/rounds/${f.roundId}/signoffs`, { pin: f.judges[3].pin });
  assert.equal(again.json, { roundId: f.roundId, signed: [], alreadySigned: f.sortedCodes, incomplete: [] });
  assert.is(await db.sheetSignoff.count({ where: { judgeId: f.judges[3].judgeId } }), 3);
  const wrong = await call(target, token, 'POST', `/api/v1/judge/rounds/${f.roundId}/signoffs`, { pin: 'not-the-pin' });
  assert.is(wrong.status, 422);
});

rules('sign all is throttled like every PIN: after the limit even the right PIN is not checked', async ({ target, fixture: f }) => {
  const tablet = await judgeClient(target, f, 3);
  const url = `/judge/rounds/${f.roundId}/sign-all`;
  for (let i = 0; i < 5; i++) assert.is((await tablet.post(url, { pin: 'wrong' })).status, 422);
  let response!: Response;
  assert.is(await verificationsDuring(async () => { response = await tablet.post(url, { pin: f.judges[3].pin }); }), 0, 'no scrypt once throttled');
  assert.is(response.status, 429);
  assert.ok(response.headers.get('retry-after'));
  assert.match(textOf(byTestId(await response.text(), 'sign-all')), 'Too many');
});

rules.run();
