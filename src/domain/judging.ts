/**
 * Marking: what one judge may enter for one aspect of one entry, the points it gives, how the
 * judges' marks combine into the aspect's points, and whether a round can be locked. Pure: no
 * I/O. Full precision is kept throughout; rounding to the skill's decimals is for display and
 * ranking only (the results engine does it).
 *
 * A mark is either a number ("scored") or an explicit "not scored" (e.g. the task was not
 * attempted), which is different from 0: it counts 0 towards the total but is shown as "not
 * scored", and the results engine decides how to present it.
 */
import type { Aggregation, Aspect, SkillSettings } from './marking-scheme.ts';

export type Mark = { state: 'scored'; value: number } | { state: 'not_scored' };

/** Most occurrences a deduction mark may count. */
export const MAX_OCCURRENCES = 999;
/** Longest time a time mark may record: one day, in minutes. */
export const MAX_MINUTES = 24 * 60;

/** Absolute slack for comparing measured values and minutes computed in floating point. */
const FLOAT_SLACK = 1e-9;

const hasAtMostDecimals = (value: number, decimals: number) =>
  Math.abs(value * 10 ** decimals - Math.round(value * 10 ** decimals)) < 1e-6;

/** True when `value` is a whole multiple of `step`, up to floating-point error (12.03 with step 0.01). */
export function isMultipleOfStep(value: number, step: number): boolean {
  if (!(step > 0)) return false;
  const nearest = Math.round(value / step) * step;
  return Math.abs(nearest - value) <= FLOAT_SLACK * Math.max(Math.abs(value), step);
}

const hasBands = (aspect: Aspect) => aspect.rule.type === 'measurement' && aspect.rule.bands.length > 0;

/* ------------------------------------------------------------------------------------------ */
/* What a judge may enter                                                                      */
/* ------------------------------------------------------------------------------------------ */

export const markErrorCodes = [
  'mark.error.judgementLevel',
  'mark.error.passFail',
  'mark.error.step',
  'mark.error.occurrences',
  'mark.error.minutes',
  'mark.error.notFinite',
] as const;
/** Also the message catalogue key; `mark.error.step` takes {step}. */
export type MarkErrorCode = (typeof markErrorCodes)[number];

export type MarkCheck = { ok: true } | { ok: false; code: MarkErrorCode; params?: Record<string, number> };

/**
 * Whether one judge's mark is acceptable for the aspect. "Not scored" is always acceptable.
 * A scored value means, by aspect type:
 * - judgement: the level, an integer 0–3;
 * - measurement without bands: 1 (full marks) or 0 (zero);
 * - measurement with bands: the measured value, any finite number that is a multiple of `step`;
 * - deduction: the number of occurrences, an integer 0–999;
 * - time: the minutes taken, 0–1440 with at most two decimals.
 */
export function validateMark(aspect: Aspect, mark: Mark): MarkCheck {
  if (mark.state === 'not_scored') return { ok: true };
  const { value } = mark;
  if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, code: 'mark.error.notFinite' };
  const { rule } = aspect;
  switch (rule.type) {
    case 'judgement':
      return Number.isInteger(value) && value >= 0 && value <= 3 ? { ok: true } : { ok: false, code: 'mark.error.judgementLevel' };
    case 'measurement':
      if (rule.bands.length === 0) return value === 0 || value === 1 ? { ok: true } : { ok: false, code: 'mark.error.passFail' };
      return isMultipleOfStep(value, rule.step) ? { ok: true } : { ok: false, code: 'mark.error.step', params: { step: rule.step } };
    case 'deduction':
      return Number.isInteger(value) && value >= 0 && value <= MAX_OCCURRENCES
        ? { ok: true }
        : { ok: false, code: 'mark.error.occurrences' };
    case 'time':
      return value >= 0 && value <= MAX_MINUTES && hasAtMostDecimals(value, 2) ? { ok: true } : { ok: false, code: 'mark.error.minutes' };
  }
}

/** The input a tablet shows for the aspect. */
export type MarkInputSpec =
  /** Four buttons 0–3, each with its written descriptor. */
  | { kind: 'levels'; levels: [string, string, string, string] }
  /** Two buttons: full marks (1) or zero (0). */
  | { kind: 'passFail' }
  /** A number field in steps of `step`, with the unit and the nominal value shown beside it. */
  | { kind: 'measured'; step: number; unit: string; nominal: number }
  /** A − / + counter of occurrences; `cap` is the most that can be deducted in all. */
  | { kind: 'counter'; perOccurrence: number; cap: number }
  /** Minutes taken (two decimals at most), with the limit shown. */
  | { kind: 'minutes'; limitMinutes: number };

export function markInputSpec(aspect: Aspect): MarkInputSpec {
  const { rule } = aspect;
  switch (rule.type) {
    case 'judgement':
      return { kind: 'levels', levels: [...rule.levels] };
    case 'measurement':
      if (rule.bands.length === 0) return { kind: 'passFail' };
      return { kind: 'measured', step: rule.step, unit: rule.unit, nominal: nominalOf(aspect) };
    case 'deduction':
      return { kind: 'counter', perOccurrence: rule.perOccurrence, cap: rule.cap };
    case 'time':
      return { kind: 'minutes', limitMinutes: rule.limitMinutes };
  }
}

/** validateSkill() refuses bands without a nominal, so reaching the throw is a bug, not bad input. */
function nominalOf(aspect: Aspect): number {
  if (aspect.rule.type !== 'measurement' || aspect.rule.nominal === null || !Number.isFinite(aspect.rule.nominal)) {
    throw new Error(`aspect ${aspect.code} has tolerance bands but no nominal value`);
  }
  return aspect.rule.nominal;
}

/* ------------------------------------------------------------------------------------------ */
/* Points                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/**
 * The points ONE judge's scored value gives, out of aspect.maxMark, at full precision. Expects a
 * value that validateMark() accepted.
 * - judgement: value / 3 × maxMark;
 * - measurement without bands: maxMark for 1, else 0;
 * - measurement with bands: the mark of the tightest band with |value − nominal| ≤ tolerance
 *   (bands are tried tightest first), else 0;
 * - deduction: maxMark − min(occurrences × perOccurrence, cap), never below 0;
 * - time: maxMark − penaltyPerMinute per started minute over the limit (90.01 min on a 90 limit is
 *   one minute over), never below 0; a record-only time (maxMark 0) gives 0.
 */
export function markPoints(aspect: Aspect, value: number): number {
  const { rule, maxMark } = aspect;
  switch (rule.type) {
    case 'judgement':
      return (value * maxMark) / 3;
    case 'measurement': {
      if (rule.bands.length === 0) return value === 1 ? maxMark : 0;
      const nominal = nominalOf(aspect);
      const deviation = Math.abs(value - nominal);
      const slack = FLOAT_SLACK * Math.max(1, Math.abs(nominal));
      const band = [...rule.bands].sort((a, b) => a.tolerance - b.tolerance).find((b) => deviation <= b.tolerance + slack);
      return band ? band.mark : 0;
    }
    case 'deduction':
      return Math.max(0, maxMark - Math.min(value * rule.perOccurrence, rule.cap));
    case 'time': {
      if (maxMark === 0) return 0;
      const over = Math.max(0, value - rule.limitMinutes);
      const startedMinutes = Math.max(0, Math.ceil(over - FLOAT_SLACK));
      return Math.max(0, maxMark - startedMinutes * rule.penaltyPerMinute);
    }
  }
}

/**
 * Combines the judges' values. mean; trimmed_mean drops exactly one highest and one lowest value
 * when there are at least 3 (with 1 or 2 values nothing can be dropped, so it is the mean);
 * median is the middle value, or the mean of the middle two for an even count.
 * Throws on an empty list: callers decide what "no marks" means.
 */
export function aggregate(values: number[], how: Aggregation): number {
  if (values.length === 0) throw new RangeError('aggregate() needs at least one value');
  const mean = (list: number[]) => list.reduce((sum, v) => sum + v, 0) / list.length;
  const sorted = [...values].sort((a, b) => a - b);
  switch (how) {
    case 'mean':
      return mean(values);
    case 'trimmed_mean':
      return sorted.length >= 3 ? mean(sorted.slice(1, -1)) : mean(sorted);
    case 'median': {
      const middle = Math.floor(sorted.length / 2);
      return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
    }
  }
}

/* ------------------------------------------------------------------------------------------ */
/* One aspect of one entry                                                                     */
/* ------------------------------------------------------------------------------------------ */

export interface JudgeMark {
  judgeId: number;
  mark: Mark;
}

export interface AspectOutcome {
  /**
   * incomplete: an expected judge has not marked yet, or no judge is expected at all (see
   * roundReadiness().uncovered); not_scored: every expected judge entered "not scored";
   * scored: complete with at least one scored mark.
   */
  status: 'incomplete' | 'not_scored' | 'scored';
  /** The aggregate of the scored marks' points; null unless status is 'scored'. */
  points: number | null;
  /** Expected judges without a mark, in the order given. */
  missingJudgeIds: number[];
  /** Judgement only: highest − lowest level (0–3) among the scored marks so far; null otherwise. */
  spread: number | null;
  /** spread > spreadLimit and the chief judge has not overridden it. */
  flagged: boolean;
}

/**
 * The aspect's result for one entry. `expectedJudgeIds` are the judges who must mark it
 * (assigned and not recused: see expectedJudges()); marks from anybody else are ignored, so a
 * recused judge's mark never counts and the remaining judges aggregate alone. One mark per judge
 * is expected; if a judge appears twice the later mark wins.
 *
 * A "not scored" aspect has points null, not 0: it counts 0 towards the total but is shown
 * differently, which the results engine decides. When some judges scored and others entered
 * "not scored", points aggregate the scored marks only.
 *
 * The spread and the flag are computed from the marks present even while incomplete, so the
 * chief judge can see a disagreement before the last judge has marked.
 */
export function aspectOutcome(
  aspect: Aspect,
  marks: JudgeMark[],
  settings: Pick<SkillSettings, 'aggregation' | 'spreadLimit'>,
  expectedJudgeIds: number[],
  override = false,
): AspectOutcome {
  const expected = [...new Set(expectedJudgeIds)];
  const byJudge = new Map<number, Mark>();
  for (const { judgeId, mark } of marks) {
    if (expected.includes(judgeId)) byJudge.set(judgeId, mark);
  }
  const missingJudgeIds = expected.filter((id) => !byJudge.has(id));
  const scored = expected.flatMap((id) => {
    const mark = byJudge.get(id);
    return mark?.state === 'scored' ? [mark.value] : [];
  });

  const spread = aspect.rule.type === 'judgement' && scored.length > 0 ? Math.max(...scored) - Math.min(...scored) : null;
  const flagged = spread !== null && spread > settings.spreadLimit && !override;

  if (expected.length === 0 || missingJudgeIds.length > 0) {
    return { status: 'incomplete', points: null, missingJudgeIds, spread, flagged };
  }
  if (scored.length === 0) return { status: 'not_scored', points: null, missingJudgeIds, spread, flagged };
  const points = aggregate(
    scored.map((value) => markPoints(aspect, value)),
    settings.aggregation,
  );
  return { status: 'scored', points, missingJudgeIds, spread, flagged };
}

/* ------------------------------------------------------------------------------------------ */
/* Recusal and round readiness                                                                 */
/* ------------------------------------------------------------------------------------------ */

export interface ReadinessJudge {
  id: number;
  /** The judge's own organization, or null for a neutral judge. */
  organizationId: number | null;
  /** The aspects of the round this judge is assigned to mark. */
  aspectIds: number[];
}

export interface ReadinessEntry {
  id: number;
  organizationId: number;
  /** Only competing entries ('registered' or 'competed') need marks; dns, withdrawn and disqualified do not. */
  status: 'registered' | 'competed' | 'dns' | 'disqualified' | 'withdrawn' | (string & {});
  /** Rounds the entry was absent from after check-in (缺考); none when left out. */
  absentRoundIds?: readonly number[];
}

/** Entries that compete need marks and are ranked; absent, withdrawn and disqualified ones are not. */
export function isCompeting(status: string): boolean {
  return status === 'registered' || status === 'competed';
}

/**
 * Whether an entry needs scores (judges' marks and their signatures, or an imported score) in a
 * round: it competes (not dns, withdrawn or disqualified) and was not absent from that round
 * (缺考). The one rule every round kind asks — readiness, the lock, the judge's list of codes,
 * the desk — so an exempt entry never holds a round up. Marks already entered are kept.
 */
export function needsScoresInRound(entry: { status: string; absentRoundIds?: readonly number[] }, roundId: number): boolean {
  return isCompeting(entry.status) && !(entry.absentRoundIds ?? []).includes(roundId);
}

/** 执裁回避: a judge does not mark an entry from the judge's own organization. */

export function isRecused(judge: { organizationId: number | null }, entry: { organizationId: number }): boolean {
  return judge.organizationId !== null && judge.organizationId === entry.organizationId;
}

/** The judges who must mark this aspect for this entry: assigned to it and not recused, in the order given. */
export function expectedJudges<J extends ReadinessJudge>(aspectId: number, entry: { organizationId: number }, judges: J[]): J[] {
  return judges.filter((judge) => judge.aspectIds.includes(aspectId) && !isRecused(judge, entry));
}

export interface ReadinessInput {
  /** The round, for round absences (ReadinessEntry.absentRoundIds). */
  roundId?: number;
  aspects: { id: number; aspect: Aspect }[];
  entries: ReadinessEntry[];
  judges: ReadinessJudge[];
  marks: { entryId: number; aspectId: number; judgeId: number; mark: Mark }[];
  /** Spread flags the chief judge has overridden (with a reason, recorded elsewhere). */
  overrides: { entryId: number; aspectId: number }[];
  signoffs: { entryId: number; judgeId: number }[];
  settings: Pick<SkillSettings, 'aggregation' | 'spreadLimit'>;
}

export interface Readiness {
  /** True when the four lists below are all empty. */
  ready: boolean;
  /** Expected marks not yet entered. */
  missing: { entryId: number; aspectId: number; judgeId: number }[];
  /** Judgement spreads above the limit, not overridden. */
  flagged: { entryId: number; aspectId: number; spread: number }[];
  /** Judges who marked, or must mark, an entry but have not signed its sheet. */
  unsigned: { entryId: number; judgeId: number }[];
  /** Aspects with no eligible judge for an entry (all assigned judges recused): assign another. */
  uncovered: { entryId: number; aspectId: number }[];
}

/**
 * Whether a round can be locked, and if not, everything in the way. Only entries that need
 * scores in the round are considered (needsScoresInRound(): competing and not absent from it —
 * their marks stay, but need no completion and no signature), and only marks on the round's aspects. Lists follow the
 * order of entries, aspects and judges given (judges not in `judges` come last, by id).
 *
 * Signatures: every judge expected on any aspect of an entry, and every judge with a mark on the
 * entry (even one that does not count, e.g. from a judge since unassigned), must have signed the
 * entry's sheet, so no mark that was ever entered goes unacknowledged. A "not scored" aspect is
 * complete and does not block locking. A round with no competing entries is ready.
 */
export function roundReadiness(input: ReadinessInput): Readiness {
  const key = (entryId: number, other: number) => `${entryId}:${other}`;
  const aspectIds = new Set(input.aspects.map((a) => a.id));
  const overridden = new Set(input.overrides.map((o) => key(o.entryId, o.aspectId)));
  const signed = new Set(input.signoffs.map((s) => key(s.entryId, s.judgeId)));
  const marksBy = new Map<string, JudgeMark[]>();
  for (const m of input.marks) {
    if (!aspectIds.has(m.aspectId)) continue;
    const k = key(m.entryId, m.aspectId);
    const list = marksBy.get(k) ?? [];
    list.push({ judgeId: m.judgeId, mark: m.mark });
    marksBy.set(k, list);
  }
  const judgeOrder = new Map(input.judges.map((judge, index) => [judge.id, index]));
  const byJudgeOrder = (a: number, b: number) =>
    (judgeOrder.get(a) ?? Number.MAX_SAFE_INTEGER) - (judgeOrder.get(b) ?? Number.MAX_SAFE_INTEGER) || a - b;

  const result: Readiness = { ready: false, missing: [], flagged: [], unsigned: [], uncovered: [] };
  for (const entry of input.entries) {
    if (!needsScoresInRound(entry, input.roundId ?? Number.NaN)) continue;
    const involved = new Set<number>();
    for (const { id: aspectId, aspect } of input.aspects) {
      const expected = expectedJudges(aspectId, entry, input.judges).map((j) => j.id);
      const marks = marksBy.get(key(entry.id, aspectId)) ?? [];
      expected.forEach((id) => involved.add(id));
      marks.forEach((m) => involved.add(m.judgeId));
      if (expected.length === 0) {
        result.uncovered.push({ entryId: entry.id, aspectId });
        continue;
      }
      const outcome = aspectOutcome(aspect, marks, input.settings, expected, overridden.has(key(entry.id, aspectId)));
      outcome.missingJudgeIds.forEach((judgeId) => result.missing.push({ entryId: entry.id, aspectId, judgeId }));
      if (outcome.flagged) result.flagged.push({ entryId: entry.id, aspectId, spread: outcome.spread! });
    }
    [...involved]
      .sort(byJudgeOrder)
      .filter((judgeId) => !signed.has(key(entry.id, judgeId)))
      .forEach((judgeId) => result.unsigned.push({ entryId: entry.id, judgeId }));
  }
  result.ready = [result.missing, result.flagged, result.unsigned, result.uncovered].every((list) => list.length === 0);
  return result;
}

/* ------------------------------------------------------------------------------------------ */
/* Writing marks from several devices                                                          */
/* ------------------------------------------------------------------------------------------ */

/** Same state and, when scored, the same value. */
export function sameMark(a: Mark, b: Mark): boolean {
  if (a.state !== b.state) return false;
  return a.state === 'not_scored' || a.value === (b as { value: number }).value;
}

/**
 * Optimistic concurrency for a mark edited on two devices (a tablet offline, then a laptop).
 * `baseVersion` is the version the device last saw (0: it saw none).
 * - no current mark → 'create' (even with baseVersion > 0: the mark was never stored or was
 *   cleared, and writing it loses nothing);
 * - the incoming mark equals the current one → 'unchanged' (a replayed request, or two devices
 *   entering the same value, is not a conflict);
 * - baseVersion is the current version → 'update';
 * - otherwise → 'conflict': somebody changed the mark since this device saw it, so the judge must
 *   look at the stored mark before overwriting it.
 * Idempotency keys on the offline queue are the database layer's job; this is the second line of
 * defence for the same replay.
 */
export function decideMarkWrite(
  current: { version: number; mark: Mark } | null,
  incoming: { baseVersion: number; mark: Mark },
): 'create' | 'update' | 'unchanged' | 'conflict' {
  if (current === null) return 'create';
  if (sameMark(current.mark, incoming.mark)) return 'unchanged';
  if (incoming.baseVersion === current.version) return 'update';
  return 'conflict';
}

/* ------------------------------------------------------------------------------------------ */
/* A judge's sheet                                                                             */
/* ------------------------------------------------------------------------------------------ */

/**
 * Progress of one judge's sheet: `expected` marks to enter, `marked` of them entered, `signed`
 * when the judge has signed it. A signature counts only on a complete sheet: if marks are
 * missing (e.g. an aspect was assigned after signing) the sheet shows its marking progress. A
 * sheet with nothing to mark is complete.
 */
export function sheetProgress(expected: number, marked: number, signed: boolean): 'not_started' | 'partial' | 'complete' | 'signed' {
  if (marked >= expected) return signed ? 'signed' : 'complete';
  return marked <= 0 ? 'not_started' : 'partial';
}
