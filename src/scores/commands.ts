import { recordAudit } from '../audit/record.ts';
import { snapshotAfter } from '../backups/index.ts';
import type { Db } from '../db/client.ts';
import { checkScore, checkScoreLines, importable, scoreSheetLimits, type ScoreCheck, type ScoreError, type ScoreLine } from '../domain/round-scores.ts';
import { isCompeting } from '../domain/judging.ts';
import { conflict, done, invalid, notFound, parse, type Outcome, type Problem } from '../outcome.ts';
import { requiredReason, z } from '../zod.ts';
import { eventEntries, importedReadiness, scoredRound, type ImportedRound } from './queries.ts';

/**
 * Imported rounds (理论考试机考成绩): check lines of bib or ID number and score, store them as one
 * import (file, API or one score entered by hand), and lock the round when every competing entry
 * has a score. Shared by the organizer's screens and the API. Every import is audited in the
 * same transaction; a re-import or a correction needs a reason and supersedes (never deletes)
 * the scores it replaces.
 */

export interface Actor {
  accountId: number;
}

const reason = z.string().trim().max(500, 'validation.tooLong');
const cell = z.union([z.string().max(100, 'validation.tooLong'), z.number(), z.null()]).optional();

/** The API's lines: bib or ID number (at least one), optional name, score. */
export const scoreRowsInput = z.object({
  rows: z.array(z.object({ bib: cell, idNumber: cell, name: cell, score: cell }), { error: 'validation.required' })
    .min(1, 'scores.error.noRows').max(scoreSheetLimits.maxRows, 'validation.tooLong'),
  /** Only check: nothing is stored, every mistake is listed. */
  dryRun: z.boolean({ error: 'validation.choice' }).optional().default(false),
  /** Import although some competing entries have no line (the round then cannot be locked until they have a score). */
  allowMissing: z.boolean({ error: 'validation.choice' }).optional().default(false),
  /** Required when the round has scores already: they are superseded. */
  reason: reason.optional().default(''),
});
export type ScoreRowsInput = z.output<typeof scoreRowsInput>;

/** API items as lines, numbered from 1 in list order. */
export const linesOf = (rows: ScoreRowsInput['rows']): ScoreLine[] =>
  rows.map((r, index) => ({ row: index + 1, bib: r.bib ?? null, idNumber: r.idNumber ?? null, name: r.name ?? null, score: r.score ?? null }));

export const manualScoreInput = z.object({
  bib: z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(20, 'validation.tooLong'),
  score: z.union([z.number(), z.string().max(20, 'validation.tooLong')], { error: 'validation.required' }),
  reason: requiredReason('scores.error.reasonRequired'),
});

/** A round whose scores may change now: imported, not locked, the competition under way. */
async function openRound(db: Db, roundId: number): Promise<Outcome<ImportedRound>> {
  const round = await scoredRound(db, roundId);
  if (!round) return notFound();
  if (round.scoring !== 'imported') return conflict('scores.error.notImported');
  if (round.lockedAt) return conflict('scores.error.locked');
  if (round.eventStatus !== 'in_progress') return conflict('scores.error.notStarted');
  return done(round);
}

/** A check's mistakes as problems: "rows.3.score" for the API's fourth item; missing entries under "rows". */
export function checkProblems(errors: ScoreError[], rowField: (row: number) => string = (row) => `rows.${row - 1}`): Problem[] {
  return errors.map((e) => ({
    field: e.row === 0 ? 'rows' : `${rowField(e.row)}.${e.column === 'id_number' ? 'idNumber' : e.column}`.replace(/\.$/, ''),
    key: e.code,
    ...(e.params ? { params: e.params } : {}),
  }));
}

export interface ScorePreview {
  round: ImportedRound;
  check: ScoreCheck;
  /** The lines may be imported as they are (with allowMissing as given). */
  importable: boolean;
  /** The round has scores already: importing supersedes them and needs a reason. */
  reimport: boolean;
}

/** Checks lines against the round and the event's entries; stores nothing. */
export async function previewScores(db: Db, roundId: number, lines: ScoreLine[], options: { allowMissing: boolean }): Promise<Outcome<ScorePreview>> {
  const opened = await openRound(db, roundId);
  if (!opened.ok) return opened;
  const round = opened.value;
  const [entries, existing] = await Promise.all([
    eventEntries(db, round.eventId),
    db.roundScore.count({ where: { roundId, supersededAt: null } }),
  ]);
  const check = checkScoreLines(lines, { skillId: round.skillId, entries, maxScore: round.maxScore });
  return done({ round, check, importable: importable(check, options), reimport: existing > 0 });
}

export interface ImportResult {
  importId: number;
  count: number;
  superseded: number;
}

/**
 * Stores the lines as one import, all or nothing: refused (422, every mistake a problem) unless
 * every line is clean and, without allowMissing, every competing entry has a line. When the
 * round has scores already, a reason is required and all of them are superseded, so the round's
 * scores are exactly this import's.
 */
export async function importScores(
  db: Db,
  actor: Actor,
  roundId: number,
  input: { lines: ScoreLine[]; kind: 'file' | 'api'; fileName?: string; reason: string; allowMissing: boolean },
): Promise<Outcome<ImportResult>> {
  const preview = await previewScores(db, roundId, input.lines, { allowMissing: input.allowMissing });
  if (!preview.ok) return preview;
  const { round, check } = preview.value;
  if (!preview.value.importable) {
    const errors = input.allowMissing ? check.errors.filter((e) => e.code !== 'scores.error.missingEntry') : check.errors;
    return invalid(errors.length > 0 ? checkProblems(errors) : [{ field: 'rows', key: 'scores.error.noRows' }]);
  }
  const why = input.reason.trim();
  if (why.length > 500) return invalid([{ field: 'reason', key: 'validation.tooLong', params: { max: 500 } }]);
  if (preview.value.reimport && why === '') return invalid([{ field: 'reason', key: 'scores.error.reasonRequired' }]);
  const now = new Date();
  const stored = await db.$transaction(async (tx) => {
    // Checked again inside the transaction: a lock between the check and here wins.
    const fresh = await tx.round.findUniqueOrThrow({ where: { id: roundId }, select: { lockedAt: true } });
    if (fresh.lockedAt) return null;
    // An import that arrived in between makes this a re-import: it needs the reason too (asked before any write).
    if (why === '' && (await tx.roundScore.count({ where: { roundId, supersededAt: null } })) > 0) return 'reason' as const;
    const { count: superseded } = await tx.roundScore.updateMany({ where: { roundId, supersededAt: null }, data: { supersededAt: now } });
    const created = await tx.scoreImport.create({
      data: { roundId, kind: input.kind, fileName: input.fileName ?? '', reason: why, accountId: actor.accountId, at: now },
    });
    await tx.roundScore.createMany({ data: check.scores.map((s) => ({ roundId, entryId: s.entryId, importId: created.id, score: s.score })) });
    await recordAudit(tx, {
      accountId: actor.accountId, eventId: round.eventId, action: superseded > 0 ? 'scores.reimport' : 'scores.import',
      subject: `${round.skillName} ${round.name}`,
      details: {
        roundId, importId: created.id, kind: input.kind, fileName: input.fileName ?? '', scores: check.scores.length, superseded,
        missing: check.missing.map((m) => m.bib), ...(why ? { reason: why } : {}),
      },
    });
    return { importId: created.id, count: check.scores.length, superseded };
  });
  if (stored === null) return conflict('scores.error.locked');
  if (stored === 'reason') return invalid([{ field: 'reason', key: 'scores.error.reasonRequired' }]);
  return done(stored);
}

export interface ManualResult {
  importId: number;
  bib: string;
  old: number | null;
  score: number;
}

/**
 * Enters or corrects one entry's score by hand, with a reason (a late sitting, a regraded
 * paper): a one-score import of kind "manual" that supersedes the entry's current score.
 */
export async function setScore(db: Db, actor: Actor, roundId: number, raw: unknown): Promise<Outcome<ManualResult>> {
  const parsed = parse(manualScoreInput, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  const opened = await openRound(db, roundId);
  if (!opened.ok) return opened;
  const round = opened.value;
  const entry = await db.entry.findFirst({ where: { skillId: round.skillId, bib: input.bib.normalize('NFKC') }, select: { id: true, bib: true, status: true } });
  if (!entry) return invalid([{ field: 'bib', key: 'scores.error.unknownEntry', params: { value: input.bib } }]);
  if (!isCompeting(entry.status)) return invalid([{ field: 'bib', key: 'scores.error.notCompeting', params: { bib: entry.bib } }]);
  const checked = checkScore(input.score, round.maxScore);
  if (!checked.ok) return invalid([{ field: 'score', key: checked.code, ...(checked.params ? { params: checked.params } : {}) }]);
  const now = new Date();
  const stored = await db.$transaction(async (tx) => {
    const fresh = await tx.round.findUniqueOrThrow({ where: { id: roundId }, select: { lockedAt: true } });
    if (fresh.lockedAt) return 'locked' as const;
    const current = await tx.roundScore.findFirst({ where: { roundId, entryId: entry.id, supersededAt: null } });
    if (current && current.score === checked.score) return 'unchanged' as const;
    if (current) await tx.roundScore.update({ where: { id: current.id }, data: { supersededAt: now } });
    const created = await tx.scoreImport.create({ data: { roundId, kind: 'manual', reason: input.reason, accountId: actor.accountId, at: now } });
    await tx.roundScore.create({ data: { roundId, entryId: entry.id, importId: created.id, score: checked.score } });
    await recordAudit(tx, {
      accountId: actor.accountId, eventId: round.eventId, action: 'scores.manual', subject: `${round.skillName} ${round.name} ${entry.bib}`,
      details: { roundId, importId: created.id, bib: entry.bib, old: current?.score ?? null, new: checked.score, reason: input.reason },
    });
    return { importId: created.id, bib: entry.bib, old: current?.score ?? null, score: checked.score };
  });
  if (stored === 'locked') return conflict('scores.error.locked');
  if (stored === 'unchanged') return invalid([{ field: 'score', key: 'scores.error.unchanged', params: { bib: entry.bib } }]);
  return done(stored);
}

/**
 * Locks an imported round (called by the desk's lockRound for rounds whose scores are imported):
 * refused with one problem per competing entry without a score. Final, like every lock.
 */
export async function lockImportedRound(db: Db, actor: Actor, roundId: number): Promise<Outcome<{ lockedAt: Date }>> {
  const round = await scoredRound(db, roundId);
  if (!round) return notFound();
  if (round.lockedAt) return conflict('desk.error.alreadyLocked');
  const now = new Date();
  // Readiness is read inside the transaction, so a re-import running at the same time cannot
  // take a score away between the check and the lock.
  const locked = await db.$transaction(async (tx) => {
    const readiness = await importedReadiness(tx, round);
    if (!readiness.ready) return readiness;
    const { count } = await tx.round.updateMany({ where: { id: roundId, lockedAt: null }, data: { lockedAt: now, lockedById: actor.accountId } });
    if (count === 0) return false;
    await recordAudit(tx, {
      accountId: actor.accountId, eventId: round.eventId, action: 'round.lock', subject: `${round.skillName} ${round.name}`,
      details: { roundId, scores: await tx.roundScore.count({ where: { roundId, supersededAt: null } }) },
    });
    return true;
  });
  if (typeof locked === 'object') {
    return {
      ok: false, status: 409,
      problems: [
        { field: '', key: 'desk.lock.refusedScores', params: { missing: locked.missing.length } },
        ...locked.missing.map((entryId): Problem => ({ field: 'missing', key: 'desk.lock.noScore', params: { bib: locked.bibs.get(entryId) ?? '' } })),
      ],
    };
  }
  if (!locked) return conflict('desk.error.alreadyLocked');
  snapshotAfter(db, { kind: 'after-lock', roundId });
  return done({ lockedAt: now });
}
