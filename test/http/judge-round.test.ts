import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { judgeClient, judgingFixture, mark, scored, type JudgingFixture } from '../support/desk.ts';

/**
 * The round as the tablet carries it (in the page, and GET …/state to reconcile), and the
 * signatures it sends in place (POST …/signatures): the codes the judge saw complete, one PIN.
 */
interface Context { target: TestApp; f: JudgingFixture }

const round = suite<Context>('a judge\'s round in one page', {} as Context);
round.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.f = await judgingFixture(ctx.target.db);
});
round.after.each(async (ctx) => { await ctx.target.close(); });

/** Marks as [aspectId, value (null: not scored), version, points]. */
interface State { roundId: number; locked: boolean; aspectIds: number[]; sheets: { code: string; signed: boolean; progress: string; marks: [number, number | null, number, number | null][] }[] }

const embedded = (html: string): State => JSON.parse(/<script type="application\/json" data-round-state="true">([^<]*)<\/script>/.exec(html)![1]!) as State;

async function signatures(tablet: TestClient, f: JudgingFixture, body: unknown, headers: Record<string, string> = {}) {
  const response = await tablet.postJson(`/judge/rounds/${f.roundId}/signatures`, body, headers);
  return { status: response.status, body: await response.json() as Record<string, unknown>, response };
}

round('the page and GET …/state carry every code the judge marks, his marks, versions, points and signatures', async ({ target, f }) => {
  await mark(target.db, f, 1, [
    { code: f.codes.张伟, aspectId: f.judgementId, mark: scored(2) },
    { code: f.codes.张伟, aspectId: f.deductionId, mark: scored(1) },
    { code: f.codes.李强, aspectId: f.judgementId, mark: { state: 'not_scored' } },
  ]);
  const tablet = await judgeClient(target, f, 1);
  const page = await (await tablet.get(`/judge/rounds/${f.roundId}/sheets/${f.codes.李强}`)).text();
  const state = embedded(page);
  const response = await tablet.get(`/judge/rounds/${f.roundId}/state`, { accept: 'application/json' });
  assert.is(response.status, 200);
  assert.equal(await response.json(), state, 'what the page carries is what …/state answers');
  assert.equal(state.aspectIds, [f.judgementId, f.deductionId]);
  // J1 is from 王芳's organization: her code is not his to mark, on the page or in the state.
  assert.equal(state.sheets.map((s) => s.code), [f.codes.张伟, f.codes.李强].sort());
  const zhang = state.sheets.find((s) => s.code === f.codes.张伟)!;
  assert.is(zhang.progress, 'complete');
  const byAspect = new Map(zhang.marks.map((m) => [m[0], m]));
  assert.equal(byAspect.get(f.judgementId)!.slice(0, 3), [f.judgementId, 2, 1]);
  assert.equal(byAspect.get(f.deductionId)!.slice(0, 3), [f.deductionId, 1, 1]);
  assert.ok(zhang.marks.every((m) => typeof m[3] === 'number' && m[3] > 0), 'points as the server works them out');
  const li = state.sheets.find((s) => s.code === f.codes.李强)!;
  assert.equal([li.progress, li.marks], ['partial', [[f.judgementId, null, 1, null]]]);
  assert.not.match(page, `data-testid="code-${f.codes.王芳}"`);

  const other = await judgeClient(target, f, 5);
  assert.is((await other.get(`/judge/rounds/${f.roundId}/state`, { accept: 'application/json' })).status, 404, 'a judge not on the round gets nothing');
  const anonymous = new TestClient(target);
  const away = await anonymous.get(`/judge/rounds/${f.roundId}/state`, { accept: 'application/json' });
  assert.is(away.status, 401, 'JSON, not the sign-in page, for the tablet\'s fetch');
});

round('signatures: the listed codes once each, the incomplete listed, a wrong or missing PIN signs nothing', async ({ target, f }) => {
  const both = (code: string) => [{ code, aspectId: f.judgementId, mark: scored(2) }, { code, aspectId: f.deductionId, mark: scored(0) }];
  await mark(target.db, f, 2, [...both(f.codes.张伟), ...both(f.codes.李强), { code: f.codes.王芳, aspectId: f.judgementId, mark: scored(1) }]);
  const tablet = await judgeClient(target, f, 2);
  const wrong = f.judges[2].pin === '000000' ? '111111' : '000000';

  const refused = await signatures(tablet, f, { codes: [f.codes.张伟], pin: wrong });
  assert.equal([refused.status, refused.body.field], [422, 'pin']);
  assert.match(String(refused.body.error), 'Wrong PIN');
  const empty = await signatures(tablet, f, { codes: [f.codes.张伟], pin: '' });
  assert.equal([empty.status, empty.body.field], [422, 'pin']);
  for (const bad of [{ codes: [], pin: f.judges[2].pin }, { codes: 'all', pin: f.judges[2].pin }, { codes: [f.codes.张伟], pin: 'x'.repeat(13) },
    { codes: Array.from({ length: 5001 }, (_, i) => String(i)), pin: f.judges[2].pin }, { codes: ['x'.repeat(21)], pin: f.judges[2].pin }, { pin: f.judges[2].pin }]) {
    assert.is((await signatures(tablet, f, bad)).status, 422, JSON.stringify(bad).slice(0, 60));
  }
  const notJson = await tablet.postJson(`/judge/rounds/${f.roundId}/signatures`, '{', {});
  assert.is(notJson.status, 400);
  assert.is((await signatures(tablet, f, { codes: ['999999'], pin: f.judges[2].pin })).status, 404, 'a code not in the round');
  assert.is(await target.db.sheetSignoff.count(), 0, 'nothing signed so far');

  // The codes he saw complete, one twice (a double tap): each signed once; 王芳's, incomplete, listed.
  const signed = await signatures(tablet, f, { codes: [f.codes.张伟, f.codes.王芳, f.codes.张伟], pin: f.judges[2].pin });
  assert.is(signed.status, 200);
  assert.equal(signed.body, { signed: [f.codes.张伟], alreadySigned: [], incomplete: [{ code: f.codes.王芳, missing: 1 }] });
  const again = await signatures(tablet, f, { codes: [f.codes.张伟, f.codes.李强], pin: f.judges[2].pin });
  assert.equal(again.body, { signed: [f.codes.李强], alreadySigned: [f.codes.张伟], incomplete: [] });
  const rows = await target.db.sheetSignoff.findMany({ where: { judgeId: f.judges[2].judgeId } });
  assert.is(rows.length, 2, 'one row per sheet');
  const state = (await (await tablet.get(`/judge/rounds/${f.roundId}/state`, { accept: 'application/json' })).json()) as State;
  assert.equal(state.sheets.map((s) => [s.code, s.signed]).sort(), [[f.codes.张伟, true], [f.codes.李强, true], [f.codes.王芳, false]].sort());

  // Without the CSRF header the tablet's own page would send, nothing happens.
  const forged = await tablet.postJson(`/judge/rounds/${f.roundId}/signatures`, { codes: [f.codes.王芳], pin: f.judges[2].pin }, { 'x-csrf-token': '' });
  assert.is(forged.status, 403);
});

round('a judge signs only sheets of his own: not a round he does not mark, not a recused code; a sheet signed twice at once is signed once', async ({ target, f }) => {
  const both = (code: string) => [{ code, aspectId: f.judgementId, mark: scored(2) }, { code, aspectId: f.deductionId, mark: scored(0) }];
  // J4, the chief judge, marks nothing in the round: no aspects, so nothing would be "missing".
  const chief = await judgeClient(target, f, 4);
  assert.is((await signatures(chief, f, { codes: [f.codes.张伟], pin: f.judges[4].pin })).status, 404);
  // J1 is from 王芳's organization: her sheet is not his, even had he marked it before the recusal.
  const recused = await judgeClient(target, f, 1);
  assert.is((await signatures(recused, f, { codes: [f.codes.王芳], pin: f.judges[1].pin })).status, 404);
  assert.is(await target.db.sheetSignoff.count(), 0);

  await mark(target.db, f, 2, both(f.codes.李强));
  const tablet = await judgeClient(target, f, 2);
  const [a, b] = await Promise.all([0, 1].map(() => signatures(tablet, f, { codes: [f.codes.李强], pin: f.judges[2].pin })));
  assert.equal([a!.status, b!.status], [200, 200]);
  assert.equal([a!.body.signed, b!.body.signed].flat(), [f.codes.李强], 'one of the two signed it, the other found it signed');
  assert.is(await target.db.sheetSignoff.count({ where: { judgeId: f.judges[2].judgeId, revokedAt: null } }), 1);
});

round('a judge\'s home lists his rounds only, with no integrators\' link; a chief judge without rounds is pointed to his desk', async ({ target, f }) => {
  const judge = await judgeClient(target, f, 1);
  const home = await (await judge.get('/judge')).text();
  assert.match(home, `href="/judge/rounds/${f.roundId}"`);
  assert.not.match(home, `href="/judge/rounds/${f.otherRoundId}"`, 'not a round of another skill');
  assert.not.match(home, '/judge/api-token');
  const chief = await judgeClient(target, f, 4);
  const desk = await (await chief.get('/judge')).text();
  assert.match(desk, 'the rounds you lead are on the chief judge&#39;s desk');
  assert.not.match(desk, 'Ask the chief judge');
  assert.match(desk, 'href="/desk"');
});

round('wrong PINs sent as signatures count against the sign-in limits', async ({ target, f }) => {
  await mark(target.db, f, 2, [{ code: f.codes.张伟, aspectId: f.judgementId, mark: scored(2) }, { code: f.codes.张伟, aspectId: f.deductionId, mark: scored(0) }]);
  const tablet = await judgeClient(target, f, 2);
  const wrong = f.judges[2].pin === '000000' ? '111111' : '000000';
  let last = { status: 0, body: {} as Record<string, unknown>, response: new Response() };
  for (let i = 0; i < 30 && last.status !== 429; i++) last = await signatures(tablet, f, { codes: [f.codes.张伟], pin: wrong });
  assert.is(last.status, 429);
  assert.ok(Number(last.response.headers.get('retry-after')) > 0);
  assert.is((await signatures(tablet, f, { codes: [f.codes.张伟], pin: f.judges[2].pin })).status, 429, 'the right PIN waits too');
  assert.is(await target.db.sheetSignoff.count(), 0);
});

round.run();
