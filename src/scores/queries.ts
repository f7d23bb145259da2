import type { Db } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import { isEventStatus, type EventStatus } from '../domain/event-lifecycle.ts';
import { importedRoundReadiness, type ImportedReadiness, type ScoreEntry } from '../domain/round-scores.ts';

/**
 * What the imported rounds' screens, commands and the results read: the round, the event's
 * entries a score line may name, the current scores and the history of imports. Scores are
 * keyed by entry; the organizer's screens show bibs and names (the theory exam is not marked
 * by code).
 */

type Tx = Prisma.TransactionClient;

export interface ImportedRound {
  id: number;
  code: string;
  name: string;
  maxScore: number;
  scoring: 'marks' | 'imported';
  skillId: number;
  skillName: string;
  eventId: number;
  eventName: string;
  eventStatus: EventStatus;
  decimals: number;
  lockedAt: Date | null;
  lockedBy: string | null;
}

/** The round with its skill and event; null when there is no such round. */
export async function scoredRound(db: Db | Tx, roundId: number): Promise<ImportedRound | null> {
  const row = await db.round.findUnique({
    where: { id: roundId },
    include: { skill: { select: { id: true, name: true, decimals: true, event: { select: { id: true, name: true, status: true } } } } },
  });
  if (!row) return null;
  const lockedBy = row.lockedById === null ? null : await db.account.findUnique({ where: { id: row.lockedById }, select: { displayName: true } });
  return {
    id: row.id, code: row.code, name: row.name, maxScore: row.maxScore, scoring: row.scoring === 'imported' ? 'imported' : 'marks',
    skillId: row.skill.id, skillName: row.skill.name, eventId: row.skill.event.id, eventName: row.skill.event.name,
    eventStatus: isEventStatus(row.skill.event.status) ? row.skill.event.status : 'draft',
    decimals: row.skill.decimals, lockedAt: row.lockedAt, lockedBy: lockedBy?.displayName ?? null,
  };
}

/** How the round gets its scores; null when there is no such round. */
export async function roundScoring(db: Db, roundId: number): Promise<'marks' | 'imported' | null> {
  const row = await db.round.findUnique({ where: { id: roundId }, select: { scoring: true } });
  return row && (row.scoring === 'imported' ? 'imported' : 'marks');
}

/** Every entry of the event, with what a score line may name it by. */
export async function eventEntries(db: Db | Tx, eventId: number): Promise<ScoreEntry[]> {
  const rows = await db.entry.findMany({
    where: { eventId },
    orderBy: [{ bib: 'asc' }, { id: 'asc' }],
    select: { id: true, skillId: true, bib: true, status: true, contestant: { select: { name: true, idNumber: true } } },
  });
  return rows.map((e) => ({ entryId: e.id, skillId: e.skillId, bib: e.bib, status: e.status, name: e.contestant.name, idNumber: e.contestant.idNumber }));
}

export interface CurrentScore {
  id: number;
  entryId: number;
  score: number;
  importId: number;
}

/** The scores in force of the rounds (superseded ones left out). */
export async function currentScores(db: Db | Tx, roundIds: number[]): Promise<(CurrentScore & { roundId: number })[]> {
  if (roundIds.length === 0) return [];
  return db.roundScore.findMany({
    where: { roundId: { in: roundIds }, supersededAt: null },
    orderBy: { id: 'asc' },
    select: { id: true, roundId: true, entryId: true, score: true, importId: true },
  });
}

/** Entries recorded absent from the round (缺考): they need no score. */
async function absentFrom(db: Db | Tx, roundId: number): Promise<number[]> {
  return (await db.roundAbsence.findMany({ where: { roundId }, select: { entryId: true } })).map((a) => a.entryId);
}

/** Whether the round can be locked: every competing entry of the skill has a current score, unless absent from the round. */
export async function importedReadiness(db: Db | Tx, round: Pick<ImportedRound, 'id' | 'skillId'>): Promise<ImportedReadiness & { bibs: Map<number, string> }> {
  const [entries, scores, absent] = await Promise.all([
    db.entry.findMany({ where: { skillId: round.skillId }, orderBy: [{ bib: 'asc' }, { id: 'asc' }], select: { id: true, bib: true, status: true } }),
    currentScores(db, [round.id]),
    absentFrom(db, round.id),
  ]);
  return { ...importedRoundReadiness({ entries, scores, exempt: absent }), bibs: new Map(entries.map((e) => [e.id, e.bib])) };
}

export interface ScoreImportRow {
  id: number;
  kind: 'file' | 'api' | 'manual';
  fileName: string;
  reason: string;
  at: Date;
  by: string;
  /** Scores this import stored, and how many of them are still current. */
  count: number;
  current: number;
  /** A manual correction's one score: the entry's bib and the score. */
  single: { bib: string; score: number } | null;
}

export interface RoundScoreRow {
  entryId: number;
  bib: string;
  name: string;
  organizationName: string;
  status: string;
  score: number | null;
  importId: number | null;
  at: Date | null;
}

export interface RoundScoresView {
  round: ImportedRound;
  /** Every entry of the skill, by bib, with its current score (null when none). */
  entries: RoundScoreRow[];
  /** Newest first. */
  imports: ScoreImportRow[];
  readiness: ImportedReadiness;
}

const asKind = (kind: string): ScoreImportRow['kind'] => (kind === 'api' || kind === 'manual' ? kind : 'file');

/** The round's current scores per entry and its import history; null when there is no such round. */
export async function roundScoresView(db: Db, roundId: number): Promise<RoundScoresView | null> {
  const round = await scoredRound(db, roundId);
  if (!round) return null;
  const [entries, imports, scores, absent] = await Promise.all([
    db.entry.findMany({
      where: { skillId: round.skillId },
      orderBy: [{ bib: 'asc' }, { id: 'asc' }],
      select: { id: true, bib: true, status: true, contestant: { select: { name: true, organization: { select: { name: true } } } } },
    }),
    db.scoreImport.findMany({
      where: { roundId },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      include: { scores: { select: { entryId: true, score: true, supersededAt: true } } },
    }),
    currentScores(db, [roundId]),
    absentFrom(db, roundId),
  ]);
  const accounts = await db.account.findMany({ where: { id: { in: [...new Set(imports.map((i) => i.accountId))] } }, select: { id: true, displayName: true } });
  const bibOf = new Map(entries.map((e) => [e.id, e.bib]));
  const importAt = new Map(imports.map((i) => [i.id, i.at]));
  const scoreOf = new Map(scores.map((s) => [s.entryId, s]));
  return {
    round,
    entries: entries.map((e) => {
      const current = scoreOf.get(e.id);
      return {
        entryId: e.id, bib: e.bib, name: e.contestant.name, organizationName: e.contestant.organization.name, status: e.status,
        score: current?.score ?? null, importId: current?.importId ?? null, at: current ? importAt.get(current.importId) ?? null : null,
      };
    }),
    imports: imports.map((i) => ({
      id: i.id, kind: asKind(i.kind), fileName: i.fileName, reason: i.reason, at: i.at,
      by: accounts.find((a) => a.id === i.accountId)?.displayName ?? '',
      count: i.scores.length, current: i.scores.filter((s) => s.supersededAt === null).length,
      single: i.kind === 'manual' && i.scores[0] ? { bib: bibOf.get(i.scores[0].entryId) ?? '', score: i.scores[0].score } : null,
    })),
    readiness: importedRoundReadiness({ entries, scores, exempt: absent }),
  };
}
