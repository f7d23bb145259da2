import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import Database from 'better-sqlite3';
import { storageFailure } from '../../src/db/errors.ts';
import { native } from '../../src/db/native.ts';
import { drawLots } from '../../src/draw/commands.ts';
import { changeEntryStatus } from '../../src/entry-status/commands.ts';
import { saveAssignments } from '../../src/judges/commands.ts';
import { saveMarks, signSheet, type JudgeActor, type MarkResult } from '../../src/judging/commands.ts';
import { inMarkTransaction, type MarkStore } from '../../src/judging/mark-store.ts';
import { roundContext } from '../../src/judging/queries.ts';
import { sendBack } from '../../src/desk/commands.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { sqliteOnly } from '../support/database.ts';
import { buildJudgingWorld, type JudgingWorld, type WorldJudge } from '../support/judging.ts';
import { idNumber } from '../support/people.ts';

/**
 * The mark hot path keeps the round context in memory (roundContext(), keyed by the write
 * generations of the tables it reads) and reads a judge's assignment and sign-offs inside the
 * mark's own transaction. Each test fills the cache, changes one thing the context depends on
 * through the code that changes it in the app, and shows that the next mark sees the change: a
 * cache keyed on too few tables would fail the test of the table it forgot.
 */

interface Context {
  target: TestApp;
  world: JudgingWorld;
}

let keySeq = 0;
const newKey = () => `cache-${String(++keySeq).padStart(6, '0')}`;
const actorOf = (judge: WorldJudge, organizationId: number | null = null): JudgeActor => ({ accountId: judge.accountId, judgeId: judge.judgeId, organizationId });

async function mark(ctx: Context, judge: JudgeActor, code: string, aspectId: number, value: number, baseVersion = 0): Promise<MarkResult> {
  const outcome = await saveMarks(ctx.target.db, judge, { roundId: ctx.world.roundId, deviceId: 'tablet', marks: [{ key: newKey(), code, aspectId, mark: { state: 'scored', value }, baseVersion }] });
  assert.ok(outcome.ok, JSON.stringify(outcome));
  return outcome.value[0]!;
}
const statusOf = (result: MarkResult) => (result.status === 'refused' ? result.error : result.status);

/** The cache holds a context read before the change: marking once (and reading it) fills it. */
async function warm(ctx: Context) {
  const context = await roundContext(ctx.target.db, ctx.world.roundId);
  assert.ok(context);
  assert.is(await roundContext(ctx.target.db, ctx.world.roundId), context, 'served from the cache while nothing changed');
  return context!;
}

const organizer = (ctx: Context) => ({ accountId: ctx.world.organizerId, organizer: true });
const bibOf = async (ctx: Context, entryId: number) => (await ctx.target.db.entry.findUniqueOrThrow({ where: { id: entryId } })).bib;

const cache = suite<Context>('round context cache and the mark store', {} as Context);
/**
 * What holds on SQLite's one connection and its turns. On PostgreSQL another connection is
 * another node, which announces its writes (test/http/nodes.test.ts), and a transaction that
 * committed first is simply first (serializable isolation).
 */
const onSqlite = sqliteOnly(cache);
cache.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.world = await buildJudgingWorld(ctx.target.db);
});
cache.after.each(async (ctx) => {
  await ctx.target.close();
});

cache('marks leave the cached context in place; it is frozen, since every caller shares it', async (ctx) => {
  const context = await warm(ctx);
  const entry = ctx.world.entries[2]!;
  assert.is(statusOf(await mark(ctx, actorOf(ctx.world.judges.neutral), entry.code, ctx.world.aspects.deduction, 1)), 'saved');
  assert.is(await roundContext(ctx.target.db, ctx.world.roundId), context, 'a mark changes nothing the context holds');
  assert.throws(() => (context.entries as unknown[]).push({}));
  assert.throws(() => { (context.round as { lockedAt: Date | null }).lockedAt = new Date(); });
});

cache('marks written by the store read back through Prisma like any other (dates, versions, history)', async (ctx) => {
  const judge = actorOf(ctx.world.judges.neutral);
  const entry = ctx.world.entries[2]!;
  const before = Date.now();
  await mark(ctx, judge, entry.code, ctx.world.aspects.deduction, 1);
  const second = await mark(ctx, judge, entry.code, ctx.world.aspects.deduction, 2, 1);
  assert.equal([second.status, second.status !== 'refused' && second.version], ['saved', 2]);
  const stored = await ctx.target.db.mark.findFirstOrThrow({ where: { entryId: entry.entryId, judgeId: judge.judgeId }, include: { changes: { orderBy: { id: 'asc' } } } });
  assert.equal([stored.state, stored.value, stored.version], ['scored', 2, 2]);
  assert.ok(stored.updatedAt instanceof Date && stored.updatedAt.getTime() >= before - 1 && stored.updatedAt.getTime() <= Date.now());
  assert.equal(stored.changes.map((c) => [c.oldState, c.oldValue, c.newState, c.newValue, c.deviceId, c.reason, c.accountId]), [
    [null, null, 'scored', 1, 'tablet', '', judge.accountId],
    ['scored', 1, 'scored', 2, 'tablet', '', judge.accountId],
  ]);
  assert.ok(stored.changes.every((c) => c.at instanceof Date && c.at.getTime() >= before - 1));
});

cache('a new draw (Draw, DrawAssignment): marks go by the new codes at once', async (ctx) => {
  const old = await warm(ctx);
  const redone = await drawLots(ctx.target.db, ctx.world.skillId, { roundId: null, reason: '工位设备故障，重新抽签' }, ctx.world.organizerId);
  assert.ok(redone.ok, JSON.stringify(redone));
  const codes = await ctx.target.db.drawAssignment.findMany({ where: { drawId: redone.value }, orderBy: { code: 'asc' } });
  const context = (await roundContext(ctx.target.db, ctx.world.roundId))!;
  assert.equal(context.entries.map((e) => [e.entryId, e.code]), codes.map((c) => [c.entryId, c.code]));
  const fresh = codes.find((c) => !old.entries.some((e) => e.code === c.code) && ctx.world.entries.find((e) => e.entryId === c.entryId)!.organizationId === ctx.world.organizations.b)!;
  assert.ok(fresh, 'some code of the new draw was not a code before');
  assert.is(statusOf(await mark(ctx, actorOf(ctx.world.judges.neutral), fresh.code, ctx.world.aspects.deduction, 1)), 'saved');
  const stored = await ctx.target.db.mark.findFirstOrThrow({ where: { judgeId: ctx.world.judges.neutral.judgeId } });
  assert.is(stored.entryId, fresh.entryId, 'the mark went to the entry behind the new code');
});

cache('a code added to the draw in force (DrawAssignment, append-only), then the draw superseded (Draw), each on its own', async (ctx) => {
  const { db } = ctx.target;
  const judge = actorOf(ctx.world.judges.neutral);
  const contestant = await db.contestant.create({ data: { eventId: ctx.world.eventId, organizationId: ctx.world.organizations.b, name: '周杰', gender: 'male', idNumber: idNumber('19900101', 9), birthDate: '1990-01-01' } });
  const late = await db.entry.create({ data: { contestantId: contestant.id, skillId: ctx.world.skillId, eventId: ctx.world.eventId, bib: 'HG099', attendance: 'present' } });
  await warm(ctx);
  // No command writes one without the other; the cache must not rely on that.
  const { drawId } = await db.drawAssignment.findFirstOrThrow({ where: { entryId: ctx.world.entries[0]!.entryId } });
  await db.drawAssignment.create({ data: { drawId, entryId: late.id, station: 99, code: 'Z999' } });
  assert.is(statusOf(await mark(ctx, judge, 'Z999', ctx.world.aspects.deduction, 1)), 'saved');
  await db.draw.update({ where: { id: drawId }, data: { supersededAt: new Date() } });
  assert.is(statusOf(await mark(ctx, judge, 'Z999', ctx.world.aspects.judgement, 1)), 'judging.error.unknownCode', 'no draw in force, no codes');
});

cache('a disqualification (Entry): the entry stops taking marks at once', async (ctx) => {
  await warm(ctx);
  const entry = ctx.world.entries[2]!;
  const changed = await changeEntryStatus(ctx.target.db, organizer(ctx), ctx.world.skillId, { action: 'disqualify', bib: await bibOf(ctx, entry.entryId), reason: '违规操作' });
  assert.ok(changed.ok, JSON.stringify(changed));
  assert.is(statusOf(await mark(ctx, actorOf(ctx.world.judges.neutral), entry.code, ctx.world.aspects.deduction, 1)), 'judging.error.notCompeting');
});

cache('an absence from the round (RoundAbsence), and clearing it', async (ctx) => {
  await warm(ctx);
  const entry = ctx.world.entries[2]!;
  const bib = await bibOf(ctx, entry.entryId);
  const judge = actorOf(ctx.world.judges.neutral);
  assert.ok((await changeEntryStatus(ctx.target.db, organizer(ctx), ctx.world.skillId, { action: 'absent', roundId: ctx.world.roundId, bib, reason: '未到场' })).ok);
  assert.is(statusOf(await mark(ctx, judge, entry.code, ctx.world.aspects.deduction, 1)), 'judging.error.notCompeting');
  assert.ok((await changeEntryStatus(ctx.target.db, organizer(ctx), ctx.world.skillId, { action: 'clearAbsence', roundId: ctx.world.roundId, bib, reason: '记录有误' })).ok);
  assert.is(statusOf(await mark(ctx, judge, entry.code, ctx.world.aspects.deduction, 1)), 'saved');
});

cache('a lock (Round): marks are refused from the moment it is committed', async (ctx) => {
  await warm(ctx);
  await ctx.target.db.round.update({ where: { id: ctx.world.roundId }, data: { lockedAt: new Date(), lockedById: ctx.world.organizerId } });
  assert.is(statusOf(await mark(ctx, actorOf(ctx.world.judges.neutral), ctx.world.entries[2]!.code, ctx.world.aspects.deduction, 1)), 'judging.error.locked');
});

onSqlite('a lock the cached context has not seen (written by another connection) still refuses marks: the lock is read in the transaction', async (ctx) => {
  await warm(ctx);
  const other = new Database(ctx.target.config.databaseFile);
  try {
    other.prepare('UPDATE "Round" SET "lockedAt" = ?, "lockedById" = ? WHERE "id" = ?').run(new Date().toISOString(), ctx.world.organizerId, ctx.world.roundId);
  } finally {
    other.close();
  }
  assert.is((await roundContext(ctx.target.db, ctx.world.roundId))!.round.lockedAt, null, 'the cached context still says open');
  assert.is(statusOf(await mark(ctx, actorOf(ctx.world.judges.neutral), ctx.world.entries[2]!.code, ctx.world.aspects.deduction, 1)), 'judging.error.locked');
  assert.is(await ctx.target.db.mark.count(), 0);
});

onSqlite('a lock committed while a mark waits for its turn: the mark is checked against the lock, not the context it read before', async (ctx) => {
  await warm(ctx);
  const { db } = ctx.target;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => { entered = resolve; });
  const locking = db.$transaction(async (tx) => {
    await tx.round.update({ where: { id: ctx.world.roundId }, data: { lockedAt: new Date(), lockedById: ctx.world.organizerId } });
    entered();
    await gate;
  }, { timeout: 60_000 });
  await inside;
  // The cached context still says "open" (the lock has not committed): the mark waits for the connection.
  const marking = mark(ctx, actorOf(ctx.world.judges.neutral), ctx.world.entries[2]!.code, ctx.world.aspects.deduction, 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  release();
  await locking;
  assert.is(statusOf(await marking), 'judging.error.locked');
  assert.is(await db.mark.count(), 0);
});

cache('a contestant moved to another organization (Contestant): recusal follows', async (ctx) => {
  await warm(ctx);
  const fromA = actorOf(ctx.world.judges.fromA, ctx.world.organizations.a);
  const entry = ctx.world.entries.find((e) => e.organizationId === ctx.world.organizations.b)!;
  const { contestantId } = await ctx.target.db.entry.findUniqueOrThrow({ where: { id: entry.entryId } });
  await ctx.target.db.contestant.update({ where: { id: contestantId }, data: { organizationId: ctx.world.organizations.a } });
  assert.is(statusOf(await mark(ctx, fromA, entry.code, ctx.world.aspects.deduction, 1)), 'judging.error.recused');
});

cache('a scheme change (Aspect, Criterion): a new maximum, a new aspect, a renamed criterion', async (ctx) => {
  await warm(ctx);
  const { db } = ctx.target;
  const judge = actorOf(ctx.world.judges.neutral);
  const entry = ctx.world.entries[2]!;
  const pointsOf = (result: MarkResult) => (result.status === 'refused' ? result.error : result.points);
  assert.is(pointsOf(await mark(ctx, judge, entry.code, ctx.world.aspects.deduction, 1)), 4, '5 less 1 per occurrence');
  await db.aspect.update({ where: { id: ctx.world.aspects.deduction }, data: { rule: JSON.stringify({ type: 'deduction', perOccurrence: 2, cap: 5 }) } });
  assert.is(pointsOf(await mark(ctx, judge, entry.code, ctx.world.aspects.deduction, 2, 1)), 1, '5 less 2 per occurrence');

  const { criterionId } = await db.aspect.findUniqueOrThrow({ where: { id: ctx.world.aspects.deduction } });
  const added = await db.aspect.create({ data: { criterionId, code: 'A4', name: '工具摆放', type: 'deduction', maxMark: 2, rule: JSON.stringify({ type: 'deduction', perOccurrence: 1, cap: 2 }), position: 3 } });
  assert.is(statusOf(await mark(ctx, judge, entry.code, added.id, 1)), 'saved', 'the neutral judge marks every aspect, the new one too');

  await db.criterion.update({ where: { id: criterionId }, data: { name: '焊缝质量与安全' } });
  assert.ok((await roundContext(db, ctx.world.roundId))!.aspects.every((a) => a.criterionName === '焊缝质量与安全'));
});

cache('skill settings (Skill) reach the cached context', async (ctx) => {
  const before = await warm(ctx);
  await ctx.target.db.skill.update({ where: { id: ctx.world.skillId }, data: { decimals: before.settings.decimals + 1, spreadLimit: before.settings.spreadLimit + 1 } });
  const after = (await roundContext(ctx.target.db, ctx.world.roundId))!;
  assert.equal([after.settings.decimals, after.settings.spreadLimit], [before.settings.decimals + 1, before.settings.spreadLimit + 1]);
});

cache('an assignment change (JudgeAssignment) holds for the next mark', async (ctx) => {
  await warm(ctx);
  const { db } = ctx.target;
  const partial = actorOf(ctx.world.judges.partial);
  const entry = ctx.world.entries[2]!;
  assert.is(statusOf(await mark(ctx, partial, entry.code, ctx.world.aspects.deduction, 1)), 'judging.error.notAssigned');
  const assign = (aspectIds: number[] | null) => saveAssignments(db, ctx.world.skillId, null, [
    { judgeId: ctx.world.judges.neutral.judgeId, roundId: ctx.world.roundId, aspectIds: null },
    { judgeId: ctx.world.judges.fromA.judgeId, roundId: ctx.world.roundId, aspectIds: null },
    ...(aspectIds ? [{ judgeId: partial.judgeId, roundId: ctx.world.roundId, aspectIds }] : []),
  ], ctx.world.organizerId);
  assert.ok((await assign([ctx.world.aspects.judgement, ctx.world.aspects.deduction])).ok);
  assert.is(statusOf(await mark(ctx, partial, entry.code, ctx.world.aspects.deduction, 1)), 'saved');
  assert.ok((await assign(null)).ok);
  const outcome = await saveMarks(db, partial, { roundId: ctx.world.roundId, deviceId: 'tablet', marks: [{ key: newKey(), code: entry.code, aspectId: ctx.world.aspects.judgement, mark: { state: 'scored', value: 2 }, baseVersion: 0 }] });
  assert.equal(outcome.ok ? 'ok' : outcome.problems[0]?.key, 'judging.error.notAssigned', 'no longer assigned to the round at all');
});

cache('a signature and its revocation (SheetSignoff) hold for the next mark', async (ctx) => {
  await warm(ctx);
  const { db } = ctx.target;
  const world = ctx.world;
  const judge = actorOf(world.judges.partial);
  const entry = world.entries[2]!;
  assert.is(statusOf(await mark(ctx, judge, entry.code, world.aspects.judgement, 2)), 'saved');
  assert.ok((await signSheet(db, judge, world.roundId, entry.code, world.judges.partial.pin)).ok);
  assert.is(statusOf(await mark(ctx, judge, entry.code, world.aspects.judgement, 3, 1)), 'judging.error.signed');
  const sent = await sendBack(db, { accountId: world.organizerId }, world.roundId, { code: entry.code, aspectId: world.aspects.judgement, reason: '请复核' });
  assert.ok(sent.ok, JSON.stringify(sent));
  assert.is(statusOf(await mark(ctx, judge, entry.code, world.aspects.judgement, 3, 1)), 'saved');
});

cache('a change made outside Prisma (a restore: wroteAll) drops every cached context', async (ctx) => {
  const before = await warm(ctx);
  native(ctx.target.db).generations.wroteAll();
  const after = await roundContext(ctx.target.db, ctx.world.roundId);
  assert.is.not(after, before);
  assert.equal(after, before);
});

cache('callers whose work arrives together share a commit, and each stands or falls alone', async (ctx) => {
  const { db } = ctx.target;
  const judge = ctx.world.judges.neutral;
  const [first, second, third] = ctx.world.entries;
  const write = (entryId: number, key: string) => async (store: MarkStore) =>
    store.write({ current: null, entryId, aspectId: ctx.world.aspects.deduction, judgeId: judge.judgeId, state: 'scored', value: 1, change: { accountId: judge.accountId, deviceId: 'tablet', idempotencyKey: key } });
  const outcomes = await Promise.allSettled([
    inMarkTransaction(db, write(first!.entryId, 'group-1')),
    inMarkTransaction(db, async (store) => { await write(second!.entryId, 'group-2')(store); throw new Error('refused after writing'); }),
    inMarkTransaction(db, write(third!.entryId, 'group-3')),
  ]);
  assert.equal(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
  const stored = await db.mark.findMany({ include: { changes: true }, orderBy: { entryId: 'asc' } });
  assert.equal(stored.map((m) => [m.entryId, m.changes.map((c) => c.idempotencyKey)]).sort(), [[first!.entryId, ['group-1']], [third!.entryId, ['group-3']]].sort(),
    'the failed caller left nothing behind, the others are committed');
});

onSqlite('a database locked by another process: every caller waiting fails "busy", nothing is half-saved, and it works once free', async () => {
  const target = await freshApp({ busyTimeoutMs: 50 });
  try {
    const world = await buildJudgingWorld(target.db);
    const judge = actorOf(world.judges.neutral);
    const batch = (code: string) => saveMarks(target.db, judge, { roundId: world.roundId, deviceId: 'tablet', marks: [{ key: newKey(), code, aspectId: world.aspects.deduction, mark: { state: 'scored', value: 1 }, baseVersion: 0 }] });
    const other = new Database(target.config.databaseFile, { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    try {
      const outcomes = await Promise.allSettled([batch(world.entries[0]!.code), batch(world.entries[2]!.code)]);
      assert.equal(outcomes.map((o) => (o.status === 'rejected' ? storageFailure(o.reason)?.kind : 'saved')), ['busy', 'busy']);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    assert.is(await target.db.mark.count(), 0);
    const retried = await batch(world.entries[0]!.code);
    assert.equal(retried.ok && retried.value.map((r) => r.status), ['saved']);
  } finally {
    await target.close();
  }
});

cache.run();
