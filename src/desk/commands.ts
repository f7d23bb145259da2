import { randomUUID } from 'node:crypto';
import { z } from '../zod.ts';
import { recordAudit } from '../audit/record.ts';
import { snapshotAfter } from '../backups/index.ts';
import { chunks } from '../db/chunks.ts';
import type { Db } from '../db/client.ts';
import { expectedJudges, needsScoresInRound, sameMark, storedMark, validateMark, type Mark } from '../domain/judging.ts';
import { notifierOf, roundTopic } from '../live/notifier.ts';
import { conflict, done, invalid, notFound, type Outcome, type Problem } from '../outcome.ts';
import { lockImportedRound } from '../scores/commands.ts';
import { roundScoring } from '../scores/queries.ts';
import { blockers, roundState, type Blocker, type RoundState } from './queries.ts';

/**
 * The chief judge's decisions on a round: send an (entry, aspect) back for re-marking, accept
 * a judge spread, lock the round, and after the lock correct a judge's mark. Every decision
 * carries a reason and is kept (AspectReview, MarkChange, the audit log); nothing is deleted.
 *
 * The caller has checked that the actor may chair the round's skill (see chairOf()).
 */

/** Who decides: an organizer or the skill's chief judge. */
export interface Chair {
  accountId: number;
}

/** Marks corrected at the desk are recorded with this device. */
export const DESK_DEVICE = 'desk';

const reasonField = z.string().trim().min(1, 'desk.error.reasonRequired').max(500, 'validation.tooLong');

export const cellInput = z.object({
  code: z.string().trim().min(1).max(20),
  aspectId: z.coerce.number().int().positive(),
  reason: reasonField,
});
export type CellInput = z.output<typeof cellInput>;

export const correctionInput = cellInput.extend({
  judge: z.coerce.number().int().positive(),
  mark: z.discriminatedUnion('state', [
    z.object({ state: z.literal('scored'), value: z.number({ error: 'desk.error.value' }) }),
    z.object({ state: z.literal('not_scored') }),
  ]),
  /** The version the chief judge saw; a mark changed since then is a conflict. */
  baseVersion: z.coerce.number().int().min(0).optional(),
});
export type CorrectionInput = z.output<typeof correctionInput>;

function parse<S extends z.ZodType>(schema: S, raw: unknown): Outcome<z.output<S>> {
  const result = schema.safeParse(raw);
  if (result.success) return done(result.data);
  return invalid(result.error.issues.map((issue) => ({
    field: issue.path.join('.'),
    key: /^[a-z]\w*(\.\w+)+$/i.test(issue.message) ? issue.message : 'validation.invalid',
    ...(issue.code === 'too_big' ? { params: { max: Number((issue as { maximum?: number }).maximum) } } : {}),
  })));
}

/** The cell an input names, in a round's state. */
function cellOf(state: RoundState, input: { code: string; aspectId: number }) {
  const entry = state.context.entries.find((e) => e.code === input.code);
  const aspect = state.context.aspects.find((a) => a.id === input.aspectId);
  return entry && aspect ? { entry, aspect } : null;
}

/** The (entry, aspect) cell a desk action is about, in an unlocked round. */
async function openCell(db: Db, roundId: number, raw: unknown) {
  const parsed = parse(cellInput, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  const state = await roundState(db, roundId);
  if (!state) return notFound();
  const cell = cellOf(state, input);
  if (!cell) return notFound();
  if (state.context.round.lockedAt) return conflict('judging.error.locked');
  return done({ input, state, cell });
}

/**
 * Sends one aspect of one entry back: the sheets of every judge who marks it (or has a mark on
 * it) for that entry are revoked, with the reason, so those judges can change their marks and
 * sign again. An earlier acceptance of the spread no longer holds.
 */
export async function sendBack(db: Db, chair: Chair, roundId: number, raw: unknown): Promise<Outcome<{ judges: number[] }>> {
  const opened = await openCell(db, roundId, raw);
  if (!opened.ok) return opened;
  const { input, state, cell } = opened.value;
  if (!needsScoresInRound(cell.entry, roundId)) return conflict('judging.error.notCompeting');

  const markers = new Set([
    ...expectedJudges(cell.aspect.id, cell.entry, state.judges).map((j) => j.id),
    ...state.marks.filter((m) => m.entryId === cell.entry.entryId && m.aspectId === cell.aspect.id).map((m) => m.judgeId),
  ]);
  const now = new Date();
  await db.$transaction(async (tx) => {
    await tx.sheetSignoff.updateMany({
      where: { roundId, entryId: cell.entry.entryId, judgeId: { in: [...markers] }, revokedAt: null },
      data: { revokedAt: now, revokedReason: input.reason },
    });
    await tx.aspectReview.updateMany({
      where: { entryId: cell.entry.entryId, aspectId: cell.aspect.id, kind: 'accept_spread', resolvedAt: null },
      data: { resolvedAt: now },
    });
    await tx.aspectReview.create({ data: { entryId: cell.entry.entryId, aspectId: cell.aspect.id, kind: 'remark', reason: input.reason, accountId: chair.accountId, at: now } });
    await recordAudit(tx, {
      accountId: chair.accountId, eventId: state.skill.eventId, action: 'aspect.remark', subject: `${input.code} ${cell.aspect.code}`,
      details: { roundId, code: input.code, aspect: cell.aspect.code, reason: input.reason },
    });
  });
  notifierOf(db).changed(roundTopic(roundId), { entryIds: [cell.entry.entryId] });
  const numbers = state.involved.filter((j) => markers.has(j.id)).map((j) => j.number);
  return done({ judges: numbers });
}

/** Accepts a flagged judge spread with a reason: the flag no longer stands in the way of the lock. */
export async function acceptSpread(db: Db, chair: Chair, roundId: number, raw: unknown): Promise<Outcome<null>> {
  const opened = await openCell(db, roundId, raw);
  if (!opened.ok) return opened;
  const { input, state, cell } = opened.value;
  if (!state.readiness.flagged.some((f) => f.entryId === cell.entry.entryId && f.aspectId === cell.aspect.id)) return conflict('desk.error.notFlagged');
  await db.$transaction(async (tx) => {
    await tx.aspectReview.create({ data: { entryId: cell.entry.entryId, aspectId: cell.aspect.id, kind: 'accept_spread', reason: input.reason, accountId: chair.accountId } });
    await recordAudit(tx, {
      accountId: chair.accountId, eventId: state.skill.eventId, action: 'aspect.acceptSpread', subject: `${input.code} ${cell.aspect.code}`,
      details: { roundId, code: input.code, aspect: cell.aspect.code, reason: input.reason },
    });
  });
  notifierOf(db).changed(roundTopic(roundId), { entryIds: [cell.entry.entryId] });
  return done(null);
}

/** One problem per thing in the way, after a headline that counts them. */
export function blockerProblems(list: Blocker[]): Problem[] {
  const count = (kind: Blocker['kind']) => list.filter((b) => b.kind === kind).length;
  return [
    // The longer headline only when judges per aspect or a trimmed mean are in the way too.
    count('undercovered') + count('notComputable') === 0
      ? { field: '', key: 'desk.lock.refused', params: { missing: count('missing'), flagged: count('flagged'), unsigned: count('unsigned'), uncovered: count('uncovered') } }
      : {
        field: '', key: 'desk.lock.refusedCoverage',
        params: {
          missing: count('missing'), flagged: count('flagged'), unsigned: count('unsigned'), uncovered: count('uncovered'),
          undercovered: count('undercovered'), notComputable: count('notComputable'),
        },
      },
    ...list.map((b): Problem => {
      switch (b.kind) {
        case 'missing':
          return { field: 'missing', key: 'desk.lock.missing', params: { code: b.code, aspect: b.aspect!, judge: b.judge! } };
        case 'flagged':
          return { field: 'flagged', key: 'desk.lock.flagged', params: { code: b.code, aspect: b.aspect!, spread: b.spread! } };
        case 'unsigned':
          return { field: 'unsigned', key: 'desk.lock.unsigned', params: { code: b.code, judge: b.judge! } };
        case 'uncovered':
          return { field: 'uncovered', key: 'desk.lock.uncovered', params: { code: b.code, aspect: b.aspect! } };
        case 'undercovered':
          return {
            field: 'undercovered', key: 'desk.lock.undercovered',
            params: { criterion: b.criterion, aspect: b.aspect, name: b.name, codes: b.codes.join(', '), judges: b.judges, required: b.required },
          };
        case 'notComputable':
          return {
            field: 'notComputable', key: 'desk.lock.notComputable',
            params: { criterion: b.criterion, aspect: b.aspect, name: b.name, codes: b.codes.join(', '), scored: b.scored },
          };
      }
    }),
  ];
}

/**
 * Locks a round when every expected mark is in, every sheet signed, every spread resolved and
 * every aspect covered; refused otherwise with the list of what is in the way. From the lock on
 * judges can no longer change marks, and the organizer may decrypt the codes.
 */
export async function lockRound(db: Db, chair: Chair, roundId: number): Promise<Outcome<{ lockedAt: Date }>> {
  // A round whose scores are imported has no marks, sheets or codes: ready when every entry has a score.
  if ((await roundScoring(db, roundId)) === 'imported') {
    const outcome = await lockImportedRound(db, chair, roundId);
    if (outcome.ok) notifierOf(db).changed(roundTopic(roundId));
    return outcome;
  }
  const state = await roundState(db, roundId);
  if (!state) return notFound();
  if (state.context.round.lockedAt) return conflict('desk.error.alreadyLocked');
  if (!state.drawn) return conflict('desk.error.notDrawn');
  if (!state.readiness.ready) {
    return { ok: false, status: 409, problems: blockerProblems(blockers(state)) };
  }
  const now = new Date();
  const locked = await db.$transaction(async (tx) => {
    // Only the first of two simultaneous locks wins.
    const { count } = await tx.round.updateMany({ where: { id: roundId, lockedAt: null }, data: { lockedAt: now, lockedById: chair.accountId } });
    if (count === 0) return false;
    // The drawn entries of a big skill are more values than SQLite binds: in slices (src/db/chunks.ts).
    const aspectIds = state.context.aspects.map((a) => a.id);
    for (const entryIds of chunks(state.context.entries.map((e) => e.entryId))) {
      for (const aspectSlice of chunks(aspectIds)) {
        await tx.aspectReview.updateMany({
          where: { entryId: { in: entryIds }, aspectId: { in: aspectSlice }, kind: 'remark', resolvedAt: null },
          data: { resolvedAt: now },
        });
      }
    }
    await recordAudit(tx, {
      accountId: chair.accountId, eventId: state.skill.eventId, action: 'round.lock', subject: `${state.skill.name} ${state.context.round.name}`,
      details: {
        roundId, entries: state.context.entries.filter((e) => needsScoresInRound(e, roundId)).length, marks: state.marks.length,
        acceptedSpreads: state.overrides.length,
      },
    });
    return true;
  });
  if (!locked) return conflict('desk.error.alreadyLocked');
  notifierOf(db).changed(roundTopic(roundId));
  snapshotAfter(db, { kind: 'after-lock', roundId });
  return done({ lockedAt: now });
}

export interface Correction {
  code: string;
  aspect: string;
  judge: number;
  old: Mark | null;
  mark: Mark;
  version: number;
}

/**
 * After the lock, the chief judge (or an organizer) corrects one judge's mark, with a reason:
 * the mark's version goes up and the change is appended to MarkChange under the chair's
 * account, from the device "desk". Before the lock, marks go back to the judges instead.
 */
export async function correctMark(db: Db, chair: Chair, roundId: number, raw: unknown): Promise<Outcome<Correction>> {
  const parsed = parse(correctionInput, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  const state = await roundState(db, roundId);
  if (!state) return notFound();
  const cell = cellOf(state, input);
  const judge = state.involved.find((j) => j.number === input.judge);
  if (!cell || !judge) return notFound();
  if (!state.context.round.lockedAt) return conflict('desk.error.notLocked');
  const current = state.marks.find((m) => m.entryId === cell.entry.entryId && m.aspectId === cell.aspect.id && m.judgeId === judge.id) ?? null;
  const expected = expectedJudges(cell.aspect.id, cell.entry, state.judges).some((j) => j.id === judge.id);
  // A judge who never had to mark this (recused, not assigned) is not given a mark by correction.
  if (!current && !expected) return invalid([{ field: 'judge', key: 'desk.error.notExpected' }]);
  if (input.mark.state === 'scored') {
    const check = validateMark(cell.aspect.aspect, input.mark);
    if (!check.ok) return invalid([{ field: 'value', key: check.code, ...(check.params ? { params: check.params } : {}) }]);
  }
  if (current && input.baseVersion !== undefined && input.baseVersion !== current.version) return conflict('desk.error.stale');
  if (current && sameMark(current.mark, input.mark)) return invalid([{ field: 'value', key: 'desk.error.unchanged' }]);

  const value = input.mark.state === 'scored' ? input.mark.value : null;
  const saved = await db.$transaction(async (tx) => {
    const row = current
      ? await tx.mark.update({ where: { id: current.id }, data: { state: input.mark.state, value, version: { increment: 1 }, updatedAt: new Date() } })
      : await tx.mark.create({ data: { entryId: cell.entry.entryId, aspectId: cell.aspect.id, judgeId: judge.id, state: input.mark.state, value } });
    await tx.markChange.create({
      data: {
        markId: row.id, accountId: chair.accountId, deviceId: DESK_DEVICE, idempotencyKey: `desk-${randomUUID()}`, reason: input.reason,
        oldState: current ? current.mark.state : null, oldValue: current?.mark.state === 'scored' ? current.mark.value : null,
        newState: row.state, newValue: row.value,
      },
    });
    await recordAudit(tx, {
      accountId: chair.accountId, eventId: state.skill.eventId, action: 'mark.correct', subject: `${input.code} ${cell.aspect.code} J${judge.number}`,
      details: { roundId, code: input.code, aspect: cell.aspect.code, judge: judge.number, old: current?.mark ?? null, new: input.mark, reason: input.reason },
    });
    return row;
  });
  notifierOf(db).changed(roundTopic(roundId), { entryIds: [cell.entry.entryId] });
  return done({ code: input.code, aspect: cell.aspect.code, judge: judge.number, old: current?.mark ?? null, mark: storedMark(saved), version: saved.version });
}
