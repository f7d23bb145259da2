import type { Db } from '../db/client.ts';
import type { Aspect, AspectRule } from '../domain/marking-scheme.ts';
import { isRecused, needsScoresInRound, sheetProgress, type Mark } from '../domain/judging.ts';
import { native } from '../db/native.ts';
import { GenerationCache } from '../db/generation-cache.ts';
import { currentDraw } from '../draw/queries.ts';

const readJudgeOfAccount = (db: Db, accountId: number) =>
  db.eventJudge.findFirst({ where: { accountId }, include: { event: true, account: { select: { displayName: true } } } });

/** Every request of a judge's tablet asks who the judge is; the answer changes only with these tables. */
const judges = new GenerationCache<number, Awaited<ReturnType<typeof readJudgeOfAccount>>>(['EventJudge', 'Event', 'Account']);

/** The event judge behind a signed-in account, if any (cached while those tables are unchanged; frozen). */
export async function judgeOfAccount(db: Db, accountId: number) {
  return (await judges.get(db, accountId, () => readJudgeOfAccount(db, accountId))).value;
}

export interface JudgeRound {
  roundId: number;
  roundName: string;
  skillId: number;
  skillName: string;
  locked: boolean;
  drawn: boolean;
}

/** The rounds a judge marks, with whether their lots are drawn (no codes, nothing to mark). */
export async function judgeRounds(db: Db, judgeId: number): Promise<JudgeRound[]> {
  const assignments = await db.judgeAssignment.findMany({
    where: { judgeId },
    include: { round: { include: { skill: { select: { id: true, name: true, position: true } } } } },
  });
  const rounds = new Map<number, JudgeRound>();
  for (const { round } of assignments) {
    if (rounds.has(round.id)) continue;
    const draw = await currentDraw(db, round.skillId, round.id);
    rounds.set(round.id, { roundId: round.id, roundName: round.name, skillId: round.skill.id, skillName: round.skill.name, locked: round.lockedAt !== null, drawn: draw !== null });
  }
  return [...rounds.values()].sort((a, b) => a.skillName.localeCompare(b.skillName) || a.roundId - b.roundId);
}

export interface RoundContext {
  round: { id: number; name: string; skillId: number; skillName: string; eventId: number; lockedAt: Date | null };
  settings: { aggregation: string; spreadLimit: number; decimals: number; judgesPerAspect: number };
  aspects: { id: number; code: string; name: string; criterionCode: string; criterionName: string; maxMark: number; rule: AspectRule; aspect: Aspect }[];
  /** The draw in force when the context was read (null: none yet), whose codes `entries` maps. */
  drawId: number | null;
  /** Code → entry, from the draw in force, whatever the status (see needsScoresInRound()). */
  entries: { entryId: number; code: string; station: number; organizationId: number; status: string; absentRoundIds: number[] }[];
}

/**
 * The tables roundContext() reads. Marks are not among them: a judge's mark leaves the context
 * as it was, so thousands of marks a minute are checked against one cached context, while a new
 * draw, a changed assignment of codes, an entry's status or absence, a lock or a scheme change
 * (any write to these tables, see src/db/generations.ts) makes the next call read it afresh.
 */
export const ROUND_CONTEXT_TABLES = ['Round', 'Skill', 'Criterion', 'Aspect', 'Draw', 'DrawAssignment', 'Entry', 'Contestant', 'RoundAbsence'] as const;

const contexts = new GenerationCache<number, RoundContext | null>(ROUND_CONTEXT_TABLES);

/** The generations key of everything roundContext() reads: equal keys, equal contexts. */
export function roundContextKey(db: Db): string {
  return contexts.key(db);
}

/**
 * Everything about a round that marking needs. Entry identities stay behind the codes. Cached
 * while nothing it read has changed (src/db/generation-cache.ts), so the value is shared by
 * every caller: it is frozen.
 */
export async function roundContext(db: Db, roundId: number): Promise<RoundContext | null> {
  return (await keyedRoundContext(db, roundId)).context;
}

/** roundContext() with the generations key it was read under, to check later that it still holds. */
export async function keyedRoundContext(db: Db, roundId: number): Promise<{ key: string; context: RoundContext | null }> {
  const { key, value } = await contexts.get(db, roundId, () => readRoundContext(db, roundId));
  return { key, context: value };
}

async function readRoundContext(db: Db, roundId: number): Promise<RoundContext | null> {
  const round = await db.round.findUnique({
    where: { id: roundId },
    include: {
      skill: true,
      criteria: { orderBy: [{ position: 'asc' }, { id: 'asc' }], include: { aspects: { orderBy: [{ position: 'asc' }, { id: 'asc' }] } } },
    },
  });
  if (!round) return null;
  const draw = await currentDraw(db, round.skillId, round.id);
  const assignments = draw
    ? await db.drawAssignment.findMany({
        where: { drawId: draw.id },
        orderBy: { code: 'asc' },
        include: { entry: { select: { id: true, status: true, contestant: { select: { organizationId: true } } } } },
      })
    : [];
  const absent = new Set((await db.roundAbsence.findMany({ where: { roundId }, select: { entryId: true } })).map((a) => a.entryId));
  return {
    round: { id: round.id, name: round.name, skillId: round.skillId, skillName: round.skill.name, eventId: round.skill.eventId, lockedAt: round.lockedAt },
    drawId: draw?.id ?? null,
    settings: { aggregation: round.skill.aggregation, spreadLimit: round.skill.spreadLimit, decimals: round.skill.decimals, judgesPerAspect: round.skill.judgesPerAspect },
    aspects: round.criteria.flatMap((criterion) =>
      criterion.aspects.map((a) => {
        const rule = JSON.parse(a.rule) as AspectRule;
        return {
          id: a.id, code: a.code, name: a.name, criterionCode: criterion.code, criterionName: criterion.name, maxMark: a.maxMark, rule,
          aspect: { code: a.code, name: a.name, maxMark: a.maxMark, rule },
        };
      }),
    ),
    entries: assignments.map((a) => ({ entryId: a.entry.id, code: a.code, station: a.station, organizationId: a.entry.contestant.organizationId, status: a.entry.status,
      absentRoundIds: absent.has(a.entry.id) ? [roundId] : [],
    })),
  };
}

/** The aspect ids of a round a judge marks (an assignment without aspect means all of them). */
export async function assignedAspectIds(db: Db, judgeId: number, context: RoundContext): Promise<number[]> {
  const rows = await db.judgeAssignment.findMany({ where: { judgeId, roundId: context.round.id }, select: { aspectId: true } });
  return aspectsAssigned(rows.map((r) => r.aspectId), context);
}

/** The round's aspects that a judge's assignment rows name, in scheme order. */
export function aspectsAssigned(rows: (number | null)[], context: RoundContext): number[] {
  if (rows.includes(null)) return context.aspects.map((a) => a.id);
  const ids = new Set(rows);
  return context.aspects.filter((a) => ids.has(a.id)).map((a) => a.id);
}

export async function activeSignoffs(db: Db, roundId: number) {
  return db.sheetSignoff.findMany({ where: { roundId, revokedAt: null }, select: { judgeId: true, entryId: true, signedAt: true } });
}

/** The codes a judge may see and mark: entries that need scores in the round, minus their own organization's (recusal). */
export function visibleEntries(context: RoundContext, judge: { organizationId: number | null }) {
  return context.entries.filter((e) => needsScoresInRound(e, context.round.id) && !isRecused(judge, e));
}

/** A judge's mark on one aspect of a sheet, with the version his next change builds on. */
export interface SheetMark { aspectId: number; mark: Mark; version: number }

/**
 * The judge's sheets of a round in code order, each with its progress (marks entered of those
 * assigned, signed) and his marks on it: everything the tablet needs to mark the round without
 * network, read in two queries however many codes the round has.
 */
export async function judgeSheets(db: Db, judgeId: number, round: { context: RoundContext; assigned: number[]; visible: RoundContext['entries'] }) {
  const roundId = round.context.round.id;
  // Raw, in one snapshot: at 3,000 entries × 25 aspects a judge has 75,000 marks, which through
  // Prisma took a second; as one JSON text from the database, a few dozen milliseconds.
  const connection = native(db);
  const { rows, signedIds } = connection.dialect === 'postgresql'
    ? await connection.snapshot(async (read) => ({
      rows: JSON.parse((await read.value<string>(JUDGE_MARKS.postgresql, [roundId, judgeId]))!) as [number, number, number | null, number][],
      signedIds: (await read.all<{ entryId: number }>(JUDGE_SIGNOFFS, [roundId, judgeId])).map((r) => r.entryId),
    }))
    : await connection.inTurn(() => ({
      rows: JSON.parse(connection.statement(JUDGE_MARKS.sqlite).pluck().get(roundId, judgeId) as string) as [number, number, number | null, number][],
      signedIds: (connection.statement(JUDGE_SIGNOFFS).all(roundId, judgeId) as { entryId: number }[]).map((r) => r.entryId),
    }));
  const signed = new Set(signedIds);
  const assigned = new Set(round.assigned);
  const marksOf = new Map<number, SheetMark[]>();
  for (const [entryId, aspectId, value, version] of rows) {
    if (!assigned.has(aspectId)) continue;
    const marks = marksOf.get(entryId) ?? [];
    marks.push({ aspectId, mark: value === null ? { state: 'not_scored' } : { state: 'scored', value }, version });
    marksOf.set(entryId, marks);
  }
  return round.visible.map((e) => {
    const marks = marksOf.get(e.entryId) ?? [];
    return {
      code: e.code, entryId: e.entryId, signed: signed.has(e.entryId), marks,
      progress: sheetProgress(round.assigned.length, marks.length, signed.has(e.entryId)),
    };
  });
}

/** A judge's marks in a round: [entryId, aspectId, value (null: not scored), version], as one JSON text. */
const JUDGE_MARKS_OF = `FROM "Mark" m JOIN "Aspect" a ON a."id" = m."aspectId" JOIN "Criterion" c ON c."id" = a."criterionId" WHERE c."roundId" = ? AND m."judgeId" = ?`;
const JUDGE_MARKS = {
  sqlite: `SELECT json_group_array(json_array(m."entryId", m."aspectId", CASE WHEN m."state" = 'scored' THEN m."value" END, m."version")) ${JUDGE_MARKS_OF}`,
  postgresql: `SELECT COALESCE(json_agg(json_build_array(m."entryId", m."aspectId", CASE WHEN m."state" = 'scored' THEN m."value" END, m."version")), '[]')::text ${JUDGE_MARKS_OF}`,
};
/** The entries whose sheets the judge has signed (and not had sent back) in a round. */
const JUDGE_SIGNOFFS = 'SELECT "entryId" FROM "SheetSignoff" WHERE "roundId" = ? AND "judgeId" = ? AND "revokedAt" IS NULL';
