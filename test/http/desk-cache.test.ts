import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { acceptSpread, sendBack } from '../../src/desk/commands.ts';
import { deskView, views } from '../../src/desk/desk-view.ts';
import { drawLots } from '../../src/draw/commands.ts';
import { changeEntryStatus } from '../../src/entry-status/commands.ts';
import { saveAssignments } from '../../src/judges/commands.ts';
import { signSheet } from '../../src/judging/commands.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { byTestId, judgeClient, judgingFixture, mark, markAndSignAll, scored, textOf, type JudgingFixture } from '../support/desk.ts';

/**
 * The desk's view of a round is built once per change and shared (src/desk/desk-view.ts). These
 * tests warm the cache, make one change of each kind the view depends on, and check that the
 * very next request shows it: without the table in the cache's key, each would show the old
 * state. And 200 desks re-fetching after a change cost one build, not 200.
 */
interface Context { target: TestApp; f: JudgingFixture; chief: TestClient }

const cache = suite<Context>('desk cache', {} as Context);
cache.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.f = await judgingFixture(ctx.target.db);
  ctx.chief = await judgeClient(ctx.target, ctx.f, 4);
});
cache.after.each(async (ctx) => { await ctx.target.close(); });

const chair = (f: JudgingFixture) => ({ accountId: f.judges[4].accountId });

/** The rows of every code and the summary, twice, so the second answer comes from the cache. */
async function rows(ctx: Context): Promise<string> {
  const url = `/desk/rounds/${ctx.f.roundId}/rows?codes=${ctx.f.sortedCodes.join(',')}`;
  await (await ctx.chief.get(url)).text();
  const builds = views.builds;
  const html = await (await ctx.chief.get(url)).text();
  assert.is(views.builds, builds, 'the second request is served from the cache');
  return html;
}

/** Warms the cache, writes, and returns what the desk shows right after. */
async function after(ctx: Context, write: () => Promise<unknown>): Promise<string> {
  await rows(ctx);
  await write();
  return rows(ctx);
}

cache('marks, signatures, send-backs and accepted spreads show at once', async (ctx) => {
  const { db } = ctx.target;
  const { f } = ctx;
  const zhang = f.codes.张伟;
  assert.match(byTestId(await rows(ctx), `cell-${zhang}-P1-J1`), 'data-state="empty"');

  let html = await after(ctx, () => mark(db, f, 1, [{ code: zhang, aspectId: f.judgementId, mark: scored(3) }]));
  assert.match(byTestId(html, `cell-${zhang}-P1-J1`), 'data-value="3"');
  assert.is(textOf(byTestId(html, 'progress-marks')), '1 / 16');

  await markAndSignAll(db, f, 2, { [zhang]: 3 });
  html = await after(ctx, () => markAndSignAll(db, f, 3, { [zhang]: 1 }));
  assert.match(byTestId(html, `outcome-${zhang}-P1`), 'data-flagged="true"');
  assert.match(byTestId(html, `sign-${zhang}-J3`), 'data-state="signed"');

  html = await after(ctx, async () => {
    await mark(db, f, 1, [{ code: zhang, aspectId: f.deductionId, mark: scored(0) }]);
    assert.ok((await signSheet(db, f.judges[1], f.roundId, zhang, f.judges[1].pin)).ok);
  });
  assert.match(byTestId(html, `sign-${zhang}-J1`), 'data-state="signed"', 'a signature (SheetSignoff)');

  html = await after(ctx, async () => assert.ok((await acceptSpread(db, chair(f), f.roundId, { code: zhang, aspectId: String(f.judgementId), reason: '复核照片后认可' })).ok));
  assert.match(byTestId(html, `outcome-${zhang}-P1`), 'outcome-accepted', 'an accepted spread (AspectReview)');

  html = await after(ctx, async () => assert.ok((await sendBack(db, chair(f), f.roundId, { code: zhang, aspectId: String(f.judgementId), reason: '请重新评价' })).ok));
  assert.match(byTestId(html, `outcome-${zhang}-P1`), 'outcome-sent-back', 'a send-back');
  assert.match(byTestId(html, `sign-${zhang}-J2`), 'data-state="unsigned"', 'its signatures revoked');
});

cache('entry statuses, absences, assignments, judges, the scheme, the skill, the draw and the lock show at once', async (ctx) => {
  const { db } = ctx.target;
  const { f } = ctx;
  const organizer = { accountId: f.organizerId, organizer: true };
  const li = f.codes.李强;
  let html = await after(ctx, async () => assert.ok((await changeEntryStatus(db, organizer, f.skillId, { action: 'withdraw', code: li, roundId: f.roundId, reason: '受伤' })).ok));
  assert.match(byTestId(html, `status-${li}`), 'badge-status-withdrawn', 'an entry status (Entry)');

  const wang = f.codes.王芳;
  html = await after(ctx, async () => assert.ok((await changeEntryStatus(db, organizer, f.skillId, { action: 'absent', code: wang, roundId: f.roundId, reason: '缺考' })).ok));
  assert.match(byTestId(html, `status-${wang}`), 'badge-status-absent', 'an absence (RoundAbsence)');

  const zhang = f.codes.张伟;
  html = await after(ctx, async () => assert.ok((await saveAssignments(db, f.skillId, f.judges[4].judgeId, [1, 2].map((n) => ({ judgeId: f.judges[n as 1 | 2].judgeId, roundId: f.roundId, aspectIds: null })), f.organizerId)).ok));
  assert.not.match(html, `cell-${zhang}-P1-J3`, 'an assignment (JudgeAssignment)');

  const other = await db.organization.findFirstOrThrow({ where: { name: f.organizations[0] } });
  html = await after(ctx, () => db.eventJudge.update({ where: { id: f.judges[2].judgeId }, data: { organizationId: other.id } }));
  assert.match(byTestId(html, `cell-${zhang}-P1-J2`), 'data-state="recused"', 'a judge\'s organization (EventJudge)');

  await mark(db, f, 1, [{ code: zhang, aspectId: f.judgementId, mark: scored(3) }]);
  html = await after(ctx, () => db.aspect.update({ where: { id: f.judgementId }, data: { rule: JSON.stringify({ type: 'judgement', levels: ['差', '一般', '良好', '优秀'] }), maxMark: 60 } }));
  assert.match(byTestId(html, `cell-${zhang}-P1-J1`), 'title="60.00', 'the scheme (Aspect)');
  html = await after(ctx, () => db.skill.update({ where: { id: f.skillId }, data: { decimals: 1 } }));
  assert.match(byTestId(html, `cell-${zhang}-P1-J1`), 'title="60.0 ', 'the skill (Skill)');

  const before = await rows(ctx);
  await drawLots(db, f.skillId, { roundId: null, reason: '抽签机故障，重新抽签' }, f.organizerId).then((o) => assert.ok(o.ok, 'redrawn'));
  const codes = (await db.drawAssignment.findMany({ where: { draw: { supersededAt: null } }, select: { code: true } })).map((a) => a.code);
  const url = `/desk/rounds/${f.roundId}/rows?codes=${codes.join(',')}`;
  const redrawn = await (await ctx.chief.get(url)).text();
  for (const code of codes) assert.match(redrawn, `<tr data-code="${code}"`, 'the draw (Draw, DrawAssignment)');
  assert.not.equal(redrawn, before);

  await (await ctx.chief.get(url)).text();
  await db.round.update({ where: { id: f.roundId }, data: { lockedAt: new Date(), lockedById: f.organizerId } });
  const locked = await (await ctx.chief.get(url)).text();
  assert.match(textOf(byTestId(locked, 'desk-locked')), '赵敏', 'the lock (Round, Account)');
  await db.account.update({ where: { id: f.organizerId }, data: { displayName: '赵敏敏' } });
  assert.match(textOf(byTestId(await (await ctx.chief.get(url)).text(), 'desk-locked')), '赵敏敏', 'a name (Account)');
});

cache('200 desks re-fetching after a change cost one build of the round', async (ctx) => {
  const { db } = ctx.target;
  const { f } = ctx;
  await rows(ctx);
  await mark(db, f, 1, [{ code: f.codes.张伟, aspectId: f.judgementId, mark: scored(2) }]);
  const builds = views.builds;
  const url = `/desk/rounds/${f.roundId}/rows?codes=${f.codes.张伟}`;
  const answers = await Promise.all(Array.from({ length: 200 }, () => ctx.chief.get(url).then((r) => r.text())));
  assert.is(views.builds - builds, 1);
  for (const html of answers) assert.match(byTestId(html, `cell-${f.codes.张伟}-P1-J1`), 'data-value="2"');
});

cache('equal cells of a view are one frozen object, and a change makes a new one: a 3,000-entry round repeats a few hundred cells 75,000 times', async (ctx) => {
  const { db } = ctx.target;
  const { f } = ctx;
  // 张伟 and 李强 (one organization, nobody recused) get the same marks from every judge.
  for (const judge of [1, 3] as const) await markAndSignAll(db, f, judge);
  const both = [f.codes.张伟, f.codes.李强];
  await mark(db, f, 2, both.flatMap((code) => [{ code, aspectId: f.judgementId, mark: scored(2) }, { code, aspectId: f.deductionId, mark: scored(0) }]));
  const before = (await deskView(db, f.roundId))!;
  const zhang = before.rowOf.get(f.codes.张伟)!;
  const li = before.rowOf.get(f.codes.李强)!;
  assert.is(zhang.cells.length, 2);
  zhang.cells.forEach((cell, i) => {
    assert.is(li.cells[i], cell, `aspect ${i}: one cell for both codes`);
    assert.ok(Object.isFrozen(cell) && Object.isFrozen(cell.judges) && Object.isFrozen(cell.outcome) && cell.judges.every(Object.isFrozen), 'frozen: nobody changes it for everybody');
  });
  assert.is(li.signoffs, zhang.signoffs, 'the same sign-off states');
  assert.throws(() => { (zhang.cells[0]!.judges as { judgeNumber: number }[]).push({ judgeNumber: 9 }); });

  await mark(db, f, 2, [{ code: f.codes.李强, aspectId: f.judgementId, mark: scored(3), baseVersion: 1 }]);
  const after = (await deskView(db, f.roundId))!;
  const changed = after.rowOf.get(f.codes.李强)!.cells[0]!;
  assert.is.not(changed, after.rowOf.get(f.codes.张伟)!.cells[0], 'different marks, different cells');
  assert.equal(changed.judges.map((j) => (j.state === 'scored' ? j.value : null)), [2, 3, 2]);
  assert.equal(zhang.cells[0]!.judges.map((j) => (j.state === 'scored' ? j.value : null)), [2, 2, 2], 'the earlier view is as it was');
});

cache.run();
