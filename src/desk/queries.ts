import type { CurrentAccount } from '../auth/sessions.ts';
import { chunks } from '../db/chunks.ts';
import type { Db } from '../db/client.ts';
import { aspectOutcome, expectedJudges, isCompeting, isRecused, markPoints, needsScoresInRound, roundReadiness, storedMark, type AspectOutcome, type Mark, type Readiness } from '../domain/judging.ts';
import type { Aggregation } from '../domain/marking-scheme.ts';
import { currentDraw } from '../draw/queries.ts';
import { activeSignoffs, roundContext, type RoundContext } from '../judging/queries.ts';
import { storedDate } from '../db/native.ts';
import { eventDuties, staffWith } from '../events/access.ts';
import { eachRoundMark } from './round-sql.ts';

/**
 * What the chief judge's desk reads: the whole state of a round (marks, signatures, reviews and
 * readiness), and who may sit at the desk. Everything leaves here keyed by code: entry ids stay
 * inside, organizations are used for recusal only, and no name is ever loaded.
 */

/**
 * Whether the account may chair the skill that a round or skill id names: the skill's chief
 * judge (Skill.chiefJudgeId), and the event's results staff (its federation's administrators included).
 */
export async function chairOf(db: Db, account: CurrentAccount, of: 'round' | 'skill', id: number): Promise<{ skillId: number } | 'notFound' | 'forbidden'> {
  const skill = { select: { eventId: true, chiefJudge: { select: { accountId: true } } } } as const;
  const found = of === 'round'
    ? await db.round.findUnique({ where: { id }, select: { skillId: true, skill } }).then((r) => r && { skillId: r.skillId, ...r.skill })
    : await db.skill.findUnique({ where: { id }, ...skill }).then((s) => s && { skillId: id, ...s });
  if (!found) return 'notFound';
  if (found.chiefJudge?.accountId === account.id) return { skillId: found.skillId };
  return (await eventDuties(db, account, found.eventId)).has('results') ? { skillId: found.skillId } : 'forbidden';
}
/** Whether the account is the chief judge of at least one skill (the desk's index is theirs). */
export async function chairsAnySkill(db: Db, accountId: number): Promise<boolean> {
  return (await db.skill.count({ where: { chiefJudge: { accountId } } })) > 0;
}

export interface DeskJudge {
  id: number;
  number: number;
  organizationId: number | null;
  /** Assigned aspects of this round (empty for a judge who only has marks left from an earlier assignment). */
  aspectIds: number[];
}

export interface StoredMark {
  id: number;
  entryId: number;
  aspectId: number;
  judgeId: number;
  /** Shared by every mark of the same value (markInterner()): frozen. */
  mark: Mark;
  version: number;
  /** When the mark last changed, ms since the epoch (a Date per mark was 40 MB at 375,000 marks). */
  updatedAt: number;
}

export interface ReviewRow {
  id: number;
  entryId: number;
  aspectId: number;
  kind: 'remark' | 'accept_spread';
  reason: string;
  at: Date;
  resolvedAt: Date | null;
  by: string;
}

export interface RoundState {
  context: RoundContext;
  skill: { id: number; name: string; eventId: number; eventName: string; decimals: number; chiefJudgeId: number | null };
  drawn: boolean;
  lockedBy: string | null;
  /** Assigned judges, by number. */
  judges: DeskJudge[];
  /** Every judge with an assignment or a mark in the round, by number (assigned first is not implied). */
  involved: DeskJudge[];
  marks: StoredMark[];
  signoffs: { judgeId: number; entryId: number; signedAt: Date }[];
  reviews: ReviewRow[];
  /** Spread acceptances still in force: the newest review is an acceptance that saw the current marks. */
  overrides: { entryId: number; aspectId: number }[];
  readiness: Readiness;
}

const key = (a: number, b: number) => `${a}:${b}`;

/**
 * storedMark() made once per value and frozen: the hundreds of thousands of marks of a big round
 * take a handful of values, and nothing changes a Mark once read.
 */
export function markInterner(): (state: string, value: number | null) => Mark {
  const made = new Map<number | null, Mark>();
  return (state, value) => {
    const valueOf = state === 'scored' ? value : null;
    let mark = made.get(valueOf);
    if (!mark) made.set(valueOf, (mark = Object.freeze(storedMark({ state, value: valueOf }))));
    return mark;
  };
}

/**
 * An acceptance covers the marks it saw: it stays in force while no mark of the cell changed
 * after it and no later send-back replaced it. Shared with the results read (src/results/queries.ts).
 * Only the marks of cells with an acceptance are looked at (a round has few reviews and many marks).
 */
export function acceptedCells(
  reviews: Pick<ReviewRow, 'id' | 'entryId' | 'aspectId' | 'kind' | 'at' | 'resolvedAt'>[],
  marks: Pick<StoredMark, 'entryId' | 'aspectId' | 'updatedAt'>[],
): { entryId: number; aspectId: number }[] {
  const latest = new Map<string, (typeof reviews)[number]>();
  for (const r of reviews) {
    const k = key(r.entryId, r.aspectId);
    const seen = latest.get(k);
    if (!seen || r.at > seen.at || (r.at.getTime() === seen.at.getTime() && r.id > seen.id)) latest.set(k, r);
  }
  const accepting = [...latest.values()].filter((r) => r.kind === 'accept_spread' && r.resolvedAt === null);
  if (accepting.length === 0) return [];
  const newestMark = new Map<string, number>(accepting.map((r) => [key(r.entryId, r.aspectId), 0]));
  for (const m of marks) {
    const k = key(m.entryId, m.aspectId);
    const newest = newestMark.get(k);
    if (newest !== undefined && m.updatedAt > newest) newestMark.set(k, m.updatedAt);
  }
  return accepting
    .filter((r) => r.at.getTime() >= newestMark.get(key(r.entryId, r.aspectId))!)
    .map((r) => ({ entryId: r.entryId, aspectId: r.aspectId }));
}

/**
 * The reviews of a round's aspects, oldest first. AspectReview has no relation to filter the
 * round through, and the entries of a big skill are more values than SQLite binds (see
 * src/db/chunks.ts): the aspects (a scheme's few dozen, in slices) select, and the caller keeps
 * the drawn entries' reviews.
 */
async function roundReviews(db: Db, aspectIds: number[]) {
  const rows = (await Promise.all(chunks(aspectIds).map((slice) => db.aspectReview.findMany({ where: { aspectId: { in: slice } } })))).flat();
  return rows.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
}

/** The whole state of a round for the desk, the lock and the API; null when there is no such round. */
export async function roundState(db: Db, roundId: number): Promise<RoundState | null> {
  const context = await roundContext(db, roundId);
  if (!context) return null;
  const round = await db.round.findUniqueOrThrow({
    where: { id: roundId },
    select: { lockedById: true, skill: { select: { id: true, name: true, eventId: true, decimals: true, chiefJudgeId: true, event: { select: { name: true } } } } },
  });
  const aspectIds = context.aspects.map((a) => a.id);
  const drawnEntries = new Set(context.entries.map((e) => e.entryId));
  const marks: StoredMark[] = [];
  const markOf = markInterner();
  const [draw, assignments, , signoffs, reviewRows, lockedBy] = await Promise.all([
    currentDraw(db, context.round.skillId, roundId),
    db.judgeAssignment.findMany({ where: { roundId }, include: { judge: { select: { id: true, number: true, organizationId: true } } } }),
    eachRoundMark(db, roundId, ([id, entryId, aspectId, judgeId, state, value, version, updatedAt]) => {
      if (drawnEntries.has(entryId)) marks.push({ id, entryId, aspectId, judgeId, mark: markOf(state, value), version, updatedAt: storedDate(updatedAt).getTime() });
    }),
    activeSignoffs(db, roundId),
    roundReviews(db, aspectIds),
    round.lockedById === null ? null : db.account.findUnique({ where: { id: round.lockedById }, select: { displayName: true } }),
  ]);

  const assigned = new Map<number, DeskJudge>();
  for (const a of assignments) {
    const judge = assigned.get(a.judgeId) ?? { id: a.judge.id, number: a.judge.number, organizationId: a.judge.organizationId, aspectIds: [] };
    judge.aspectIds = a.aspectId === null ? [...aspectIds] : [...new Set([...judge.aspectIds, a.aspectId])];
    assigned.set(a.judgeId, judge);
  }
  // An assignment to the whole round wins over single aspects of the same judge.
  for (const a of assignments) if (a.aspectId === null) assigned.get(a.judgeId)!.aspectIds = [...aspectIds];
  const judges = [...assigned.values()].sort((a, b) => a.number - b.number);

  const strangers = [...new Set(marks.map((m) => m.judgeId).filter((id) => !assigned.has(id)))];
  const others = strangers.length === 0 ? [] : await db.eventJudge.findMany({ where: { id: { in: strangers } }, select: { id: true, number: true, organizationId: true } });
  const involved = [...judges, ...others.map((j) => ({ ...j, aspectIds: [] }))].sort((a, b) => a.number - b.number);

  // Chief judges and organizers: a handful of accounts, however many reviews they wrote.
  const reviewers = new Map((await db.account.findMany({ where: { id: { in: [...new Set(reviewRows.map((r) => r.accountId))] } }, select: { id: true, displayName: true } }))
    .map((a) => [a.id, a.displayName]));
  const reviews: ReviewRow[] = reviewRows.filter((r) => drawnEntries.has(r.entryId)).map((r) => ({
    id: r.id, entryId: r.entryId, aspectId: r.aspectId, kind: r.kind === 'accept_spread' ? 'accept_spread' : 'remark',
    reason: r.reason, at: r.at, resolvedAt: r.resolvedAt, by: reviewers.get(r.accountId) ?? '',
  }));
  const overrides = acceptedCells(reviews, marks);
  const readiness = roundReadiness({
    aspects: context.aspects.map((a) => ({ id: a.id, aspect: a.aspect })),
    roundId,
    entries: context.entries.map((e) => ({ id: e.entryId, organizationId: e.organizationId, status: e.status, absentRoundIds: e.absentRoundIds })),
    judges,
    marks,
    overrides,
    signoffs: signoffs.map((s) => ({ entryId: s.entryId, judgeId: s.judgeId })),
    settings: { ...settingsOf(context), judgesPerAspect: context.settings.judgesPerAspect },
  });
  return {
    context,
    skill: { id: round.skill.id, name: round.skill.name, eventId: round.skill.eventId, eventName: round.skill.event.name, decimals: round.skill.decimals, chiefJudgeId: round.skill.chiefJudgeId },
    drawn: draw !== null,
    lockedBy: lockedBy?.displayName ?? null,
    judges,
    involved,
    marks,
    signoffs,
    reviews,
    overrides,
    readiness,
  };
}

export const settingsOf = (context: RoundContext) => ({
  aggregation: context.settings.aggregation as Aggregation,
  spreadLimit: context.settings.spreadLimit,
});

/* ------------------------------------------------------------------------------------------ */
/* The matrix                                                                                  */
/* ------------------------------------------------------------------------------------------ */

export type JudgeCell =
  | { judgeNumber: number; state: 'recused' }
  | { judgeNumber: number; state: 'empty' }
  | { judgeNumber: number; state: 'scored'; value: number; points: number; version: number }
  | { judgeNumber: number; state: 'not_scored'; version: number };

export interface AspectCell {
  aspectId: number;
  judges: JudgeCell[];
  outcome: AspectOutcome;
  /** The spread is above the limit but the chief judge accepted it. */
  accepted: boolean;
  /** Sent back for re-marking and not yet signed again by every judge who marks it. */
  sentBack: boolean;
}

export interface MatrixRow {
  code: string;
  /** registered, or dns / withdrawn / disqualified / absent (缺考 from this round): no marks expected. */
  status: string;
  cells: AspectCell[];
  /** Per judge of the round: signed this entry's sheet, has yet to, or has nothing on it. */
  signoffs: { judgeNumber: number; state: 'signed' | 'unsigned' | 'none' }[];
  /** Sum of the aspects' points once every aspect is complete; null before. */
  total: number | null;
}

export interface MatrixAspect {
  id: number;
  code: string;
  name: string;
  criterionCode: string;
  type: string;
  maxMark: number;
  /** The judges assigned to mark it, by number: one column each. */
  judgeNumbers: number[];
}

export interface DeskMatrix {
  round: { id: number; name: string; skillId: number; skillName: string; eventName: string; lockedAt: Date | null; lockedBy: string | null };
  decimals: number;
  spreadLimit: number;
  drawn: boolean;
  aspects: MatrixAspect[];
  /** Judges shown in the sign-off columns, by number. */
  signers: number[];
  rows: MatrixRow[];
  /** undercovered: (entry, aspect) pairs with fewer judges than judgesPerAspect after recusals. */
  progress: { marked: number; expected: number; signed: number; signers: number; flagged: number; uncovered: number; undercovered: number; ready: boolean };
}

/** Groups a list by a key, keeping the list's order within each group. */
export function groupBy<T>(list: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of list) {
    const k = keyOf(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Equal values made once and frozen: `make` runs for the first key of its kind only. A big
 * round's matrix repeats a few hundred distinct judge cells, outcomes and sign-off states over
 * and over (3,000 entries × 25 aspects × 5 judges: 75,000 aspect cells and 375,000 judge cells):
 * shared, the desk's cached view of such a round is a few MB instead of 50.
 */
function interner<T extends object>(): (key: string, make: () => T) => T {
  const made = new Map<string, T>();
  return (key, make) => {
    let value = made.get(key);
    if (!value) {
      value = make();
      for (const child of Object.values(value)) if (child && typeof child === 'object') Object.freeze(child);
      made.set(key, Object.freeze(value));
    }
    return value;
  };
}

/** The judge cells of an aspect cell, by judge, and the key they are shared under. */
function judgeCellKey(cell: JudgeCell): string {
  switch (cell.state) {
    case 'scored': return `s${cell.judgeNumber}:${cell.value}:${cell.points}:${cell.version}`;
    case 'not_scored': return `n${cell.judgeNumber}:${cell.version}`;
    default: return `${cell.state}${cell.judgeNumber}`;
  }
}

/**
 * The desk's matrix: codes × aspects × judges, with outcomes, flags and signatures. Linear in the
 * round's size: marks, reviews and signatures are indexed by cell once, never searched per cell
 * (a skill of 3,000 entries has 36,000 cells and 176,000 marks). Its cells are shared between
 * rows and frozen (interner()): nothing may modify a matrix.
 */
export function deskMatrix(state: RoundState): DeskMatrix {
  const { context, judges, marks, readiness } = state;
  const settings = settingsOf(context);
  const marksOfCell = groupBy(marks, (m) => key(m.entryId, m.aspectId));
  const overridden = new Set(state.overrides.map((o) => key(o.entryId, o.aspectId)));
  const signed = new Set(state.signoffs.map((s) => key(s.entryId, s.judgeId)));
  const unsigned = new Set(readiness.unsigned.map((u) => key(u.entryId, u.judgeId)));
  /** The newest active signature per (entry, judge): a send-back is answered by a signature after it. */
  const lastSigned = new Map<string, number>();
  for (const s of state.signoffs) {
    const k = key(s.entryId, s.judgeId);
    lastSigned.set(k, Math.max(lastSigned.get(k) ?? Number.NEGATIVE_INFINITY, s.signedAt.getTime()));
  }
  /** The last send-back per cell (reviews come oldest first). */
  const lastRemark = new Map<string, ReviewRow>();
  for (const r of state.reviews) if (r.kind === 'remark') lastRemark.set(key(r.entryId, r.aspectId), r);
  const assignedTo = new Map(context.aspects.map((a) => [a.id, judges.filter((j) => j.aspectIds.includes(a.id))]));
  const aspects: MatrixAspect[] = context.aspects.map((a) => ({
    id: a.id, code: a.code, name: a.name, criterionCode: a.criterionCode, type: a.rule.type, maxMark: a.maxMark,
    judgeNumbers: assignedTo.get(a.id)!.map((j) => j.number),
  }));

  const judgeCell = interner<JudgeCell>();
  const judgeCells = interner<JudgeCell[]>();
  const outcomes = interner<AspectOutcome>();
  const aspectCells = interner<AspectCell>();
  const signoffStates = interner<MatrixRow['signoffs']>();

  let expected = 0;
  let marked = 0;
  const rows: MatrixRow[] = context.entries.map((entry) => {
    const competing = needsScoresInRound(entry, context.round.id);
    const cells: AspectCell[] = context.aspects.map((aspect) => {
      const cellKey = key(entry.entryId, aspect.id);
      const assignedJudges = assignedTo.get(aspect.id)!;
      // expectedJudges(), from the judges already assigned to the aspect.
      const expectedIds = expectedJudges(aspect.id, entry, assignedJudges).map((j) => j.id);
      const cellMarks = marksOfCell.get(cellKey) ?? [];
      const accepted = overridden.has(cellKey);
      const outcome = aspectOutcome(aspect.aspect, cellMarks.map((m) => ({ judgeId: m.judgeId, mark: m.mark })), settings, expectedIds, accepted);
      if (competing) {
        expected += expectedIds.length;
        marked += expectedIds.length - outcome.missingJudgeIds.length;
      }
      const cellJudges = assignedJudges.map((judge): JudgeCell => {
        if (isRecused(judge, entry)) return { judgeNumber: judge.number, state: 'recused' };
        const stored = cellMarks.find((m) => m.judgeId === judge.id);
        if (!stored) return { judgeNumber: judge.number, state: 'empty' };
        return stored.mark.state === 'scored'
          ? { judgeNumber: judge.number, state: 'scored', value: stored.mark.value, points: markPoints(aspect.aspect, stored.mark.value), version: stored.version }
          : { judgeNumber: judge.number, state: 'not_scored', version: stored.version };
      });
      const judgesKey = cellJudges.map(judgeCellKey).join('/');
      const judges = judgeCells(judgesKey, () => cellJudges.map((cell) => judgeCell(judgeCellKey(cell), () => cell)));
      const cellOutcome = { ...outcome, flagged: competing && outcome.flagged };
      const outcomeKey = [cellOutcome.status, cellOutcome.points, cellOutcome.missingJudgeIds.join(','), cellOutcome.spread, cellOutcome.flagged, cellOutcome.notComputable].join('|');
      const remark = lastRemark.get(cellKey);
      const sentBack = remark !== undefined && remark.resolvedAt === null
        && expectedIds.some((judgeId) => !((lastSigned.get(key(entry.entryId, judgeId)) ?? Number.NEGATIVE_INFINITY) > remark.at.getTime()));
      const shownAccepted = accepted && outcome.spread !== null && outcome.spread > settings.spreadLimit;
      return aspectCells(`${aspect.id}|${judgesKey}|${outcomeKey}|${shownAccepted}|${sentBack}`, () => ({
        aspectId: aspect.id, judges, outcome: outcomes(outcomeKey, () => cellOutcome), accepted: shownAccepted, sentBack,
      }));
    });
    const total = competing && cells.every((c) => c.outcome.status !== 'incomplete') ? cells.reduce((sum, c) => sum + (c.outcome.points ?? 0), 0) : null;
    const signoffList = state.involved.map((judge) => ({
      judgeNumber: judge.number,
      state: signed.has(key(entry.entryId, judge.id)) ? ('signed' as const) : unsigned.has(key(entry.entryId, judge.id)) ? ('unsigned' as const) : ('none' as const),
    }));
    const signoffs = signoffStates(signoffList.map((s) => `${s.judgeNumber}${s.state}`).join('/'), () => signoffList);
    const status = isCompeting(entry.status) && !competing ? 'absent' : entry.status;
    return { code: entry.code, status, cells, signoffs, total };
  });

  const signers = new Set<string>();
  for (const entry of context.entries.filter((e) => needsScoresInRound(e, context.round.id))) {
    for (const judge of state.involved) {
      const k = key(entry.entryId, judge.id);
      if (signed.has(k) || unsigned.has(k)) signers.add(k);
    }
  }
  const signedCount = [...signers].filter((k) => signed.has(k)).length;
  return {
    round: {
      id: context.round.id, name: context.round.name, skillId: context.round.skillId, skillName: context.round.skillName,
      eventName: state.skill.eventName, lockedAt: context.round.lockedAt, lockedBy: state.lockedBy,
    },
    decimals: state.skill.decimals,
    spreadLimit: settings.spreadLimit,
    drawn: state.drawn,
    aspects,
    signers: state.involved.map((j) => j.number),
    rows,
    progress: {
      marked, expected, signed: signedCount, signers: signers.size,
      flagged: readiness.flagged.length, uncovered: readiness.uncovered.length, undercovered: readiness.undercovered.length,
      ready: readiness.ready && state.drawn,
    },
  };
}

/* ------------------------------------------------------------------------------------------ */
/* What stands in the way of the lock, by code, aspect code and judge number                   */
/* ------------------------------------------------------------------------------------------ */

export type Blocker =
  | {
    kind: 'missing' | 'flagged' | 'unsigned' | 'uncovered';
    code: string;
    aspect?: string;
    judge?: number;
    spread?: number;
  }
  /** One per aspect, naming it and every code affected: judgesPerAspect is a rule about the aspect. */
  | { kind: 'undercovered'; criterion: string; aspect: string; name: string; codes: string[]; judges: number; required: number }
  | { kind: 'notComputable'; criterion: string; aspect: string; name: string; codes: string[]; scored: number };

/** Groups per-entry findings by aspect, in the round's aspect order, keeping the fewest `count`. */
function byAspect<T extends { entryId: number; aspectId: number }>(state: RoundState, list: T[], count: (item: T) => number) {
  const codeOf = new Map(state.context.entries.map((e) => [e.entryId, e.code]));
  const ofAspect = groupBy(list, (item) => String(item.aspectId));
  return state.context.aspects.flatMap((aspect) => {
    const items = ofAspect.get(String(aspect.id)) ?? [];
    if (items.length === 0) return [];
    return [{
      criterion: aspect.criterionCode, aspect: aspect.code, name: aspect.name,
      codes: items.map((item) => codeOf.get(item.entryId)!), fewest: items.reduce((fewest, item) => Math.min(fewest, count(item)), Number.POSITIVE_INFINITY),
    }];
  });
}

export function blockers(state: RoundState): Blocker[] {
  const codeOf = new Map(state.context.entries.map((e) => [e.entryId, e.code]));
  const aspectCode = new Map(state.context.aspects.map((a) => [a.id, a.code]));
  const numberOf = new Map(state.involved.map((j) => [j.id, j.number]));
  const { readiness } = state;
  return [
    ...readiness.missing.map((m) => ({ kind: 'missing' as const, code: codeOf.get(m.entryId)!, aspect: aspectCode.get(m.aspectId)!, judge: numberOf.get(m.judgeId)! })),
    ...readiness.flagged.map((f) => ({ kind: 'flagged' as const, code: codeOf.get(f.entryId)!, aspect: aspectCode.get(f.aspectId)!, spread: f.spread })),
    ...readiness.unsigned.map((u) => ({ kind: 'unsigned' as const, code: codeOf.get(u.entryId)!, judge: numberOf.get(u.judgeId)! })),
    ...readiness.uncovered.map((u) => ({ kind: 'uncovered' as const, code: codeOf.get(u.entryId)!, aspect: aspectCode.get(u.aspectId)! })),
    ...byAspect(state, readiness.undercovered, (u) => u.judges).map(({ fewest, ...a }) => ({
      kind: 'undercovered' as const, ...a, judges: fewest, required: readiness.undercovered[0]!.required,
    })),
    ...byAspect(state, readiness.notComputable, (u) => u.scored).map(({ fewest, ...a }) => ({ kind: 'notComputable' as const, ...a, scored: fewest })),
  ];
}

/* ------------------------------------------------------------------------------------------ */
/* Rounds at the desk                                                                          */
/* ------------------------------------------------------------------------------------------ */

export interface DeskRound {
  id: number;
  name: string;
  skillId: number;
  skillName: string;
  eventName: string;
  locked: boolean;
  scoring: 'marks' | 'imported';
}

/**
 * The rounds an account may chair: for organizers every round of the running events where they
 * do the results (their federation's for administrators), else the skills it is chief judge of.
 */
export async function deskRounds(db: Db, account: CurrentAccount): Promise<DeskRound[]> {
  const where = account.role === 'organizer'
    ? { skill: { event: { status: 'in_progress', ...staffWith(account, 'results') } } }
    : { skill: { chiefJudge: { accountId: account.id } } };
  const rounds = await db.round.findMany({
    where,
    orderBy: [{ skill: { eventId: 'asc' } }, { skill: { position: 'asc' } }, { skillId: 'asc' }, { position: 'asc' }, { id: 'asc' }],
    select: { id: true, name: true, lockedAt: true, scoring: true, skill: { select: { id: true, name: true, event: { select: { name: true } } } } },
  });
  return rounds.map((r) => ({
    id: r.id, name: r.name, skillId: r.skill.id, skillName: r.skill.name, eventName: r.skill.event.name, locked: r.lockedAt !== null,
    scoring: r.scoring === 'imported' ? 'imported' as const : 'marks' as const,
  }));
}
