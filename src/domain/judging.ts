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
import { isMultipleOfStep, measurementMode, type Aggregation, type Aspect, type SkillSettings } from './marking-scheme.ts';

export { isMultipleOfStep };

export type Mark = { state: 'scored'; value: number } | { state: 'not_scored' };

/** A mark as the database keeps it (state and a nullable value) read back as a Mark. */
export const storedMark = (row: { state: string; value: number | null }): Mark =>
  row.state === 'scored' && row.value !== null ? { state: 'scored', value: row.value } : { state: 'not_scored' };

/** Most occurrences a deduction mark may count. */
export const MAX_OCCURRENCES = 999;
/** Longest time a time mark may record: one day, in minutes. */
export const MAX_MINUTES = 24 * 60;

/** Absolute slack for comparing measured values and minutes computed in floating point. */
const FLOAT_SLACK = 1e-9;

const hasAtMostDecimals = (value: number, decimals: number) =>
  Math.abs(value * 10 ** decimals - Math.round(value * 10 ** decimals)) < 1e-6;


/* ------------------------------------------------------------------------------------------ */
/* What a judge may enter                                                                      */
/* ------------------------------------------------------------------------------------------ */

export const markErrorCodes = [
  'mark.error.judgementLevel',
  'mark.error.passFail',
  'mark.error.step',
  'mark.error.points',
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
 * - measurement with points as marked: the points, 0…maxMark in multiples of `step`;
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
      switch (measurementMode(rule)) {
        case 'passFail':
          return value === 0 || value === 1 ? { ok: true } : { ok: false, code: 'mark.error.passFail' };
        case 'points':
          return value >= 0 && value <= aspect.maxMark + FLOAT_SLACK && isMultipleOfStep(value, rule.step)
            ? { ok: true }
            : { ok: false, code: 'mark.error.points', params: { max: aspect.maxMark, step: rule.step } };
        case 'bands':
          break;
      }
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
  /**
   * A number field in steps of `step`, with the unit and the nominal value shown beside it.
   * Values outside `plausible` (see plausibleRange()) are asked about before they are queued.
   */
  | { kind: 'measured'; step: number; unit: string; nominal: number; plausible: { low: number; high: number } }
  /** A number field for the points earned, 0…max in steps of `step`. */
  | { kind: 'points'; step: number; max: number }
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
      switch (measurementMode(rule)) {
        case 'passFail':
          return { kind: 'passFail' };
        case 'points':
          return { kind: 'points', step: rule.step, max: aspect.maxMark };
        case 'bands': {
          const { nominal, low, high } = plausibleRange(aspect)!;
          return { kind: 'measured', step: rule.step, unit: rule.unit, nominal, plausible: { low, high } };
        }
      }
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
/* Plausible measured values                                                                   */
/* ------------------------------------------------------------------------------------------ */

/** How far from the nominal, in widest tolerances, a measured value is still believable. */
export const PLAUSIBLE_TOLERANCES = 10;

/**
 * The range of measured values a judge plausibly meant, for a measurement with tolerance bands:
 * nominal ± 10 × the widest tolerance (or 10 steps, when every tolerance is tighter than the
 * step, e.g. a band of ±0). A value outside it is far more likely a slip of the decimal point
 * (16 typed for 1.6 mm: ±0.05 gives 1.1…2.1) than a part that far off, and it would score 0
 * silently; the tablet asks the judge to confirm it, and the server refuses it unconfirmed.
 * Both ends belong to the range. Null for every other aspect (nothing to measure).
 */
export function plausibleRange(aspect: Aspect): { nominal: number; low: number; high: number } | null {
  const { rule } = aspect;
  if (rule.type !== 'measurement' || measurementMode(rule) !== 'bands') return null;
  const nominal = nominalOf(aspect);
  const widest = Math.max(rule.step, ...rule.bands.map((b) => b.tolerance));
  const reach = PLAUSIBLE_TOLERANCES * widest;
  // Shown to the judge: 1.6 − 0.5 is 1.1, not 1.1000000000000001.
  const tidy = (value: number) => Math.round(value * 1e9) / 1e9;
  return { nominal, low: tidy(nominal - reach), high: tidy(nominal + reach) };
}

/** Whether a measured value needs the judge's confirmation (see plausibleRange()); false for other aspects. */
export function isImplausible(aspect: Aspect, value: number): boolean {
  const range = plausibleRange(aspect);
  if (!range) return false;
  const slack = FLOAT_SLACK * Math.max(1, Math.abs(range.low), Math.abs(range.high));
  return value < range.low - slack || value > range.high + slack;
}

/* ------------------------------------------------------------------------------------------ */
/* Points                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/**
 * The points ONE judge's scored value gives, out of aspect.maxMark, at full precision. Expects a
 * value that validateMark() accepted.
 * - judgement: value / 3 × maxMark;
 * - measurement without bands: maxMark for 1, else 0;
 * - measurement with points as marked: the value itself;
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
      const mode = measurementMode(rule);
      if (mode === 'points') return value;
      if (mode === 'passFail') return value === 1 ? maxMark : 0;
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
 * when there are at least 3 (with 1 or 2 values nothing can be dropped, so it is the mean: the
 * marking of an aspect never gets here with fewer than 3, see aspectOutcome(), but the
 * completion-time tie-break does); median is the middle value, or the mean of the middle two for
 * an even count. Throws on an empty list: callers decide what "no marks" means.
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
  /**
   * Why complete marks cannot be combined, or null: 'trimmedNeedsThree' when the aggregation drops
   * the highest and lowest mark but fewer than 3 scored marks are left (recusals, "not scored").
   * The status is then 'incomplete' and points null: the aspect is not silently turned into a
   * mean. Judgement aspects only (see combinesOpinions()).
   */
  notComputable: NotComputableReason | null;
}

export type NotComputableReason = 'trimmedNeedsThree';

/**
 * Judgement aspects combine several judges' independent opinions (each judge's own level), so
 * the skill's judgesPerAspect and the trimmed mean's minimum of 3 apply to them. Measurement,
 * deduction and time aspects record a fact (a measured value, a count, minutes) that the judges
 * assigned to it establish, often one judge: they need at least one eligible judge (see
 * Readiness.uncovered), and several judges' values are combined by the aggregation as they are
 * (one value is itself; a trimmed mean of two is their mean).
 */
export function combinesOpinions(aspect: Aspect): boolean {
  return aspect.rule.type === 'judgement';
}

/** Fewest scored marks a trimmed mean (drop one highest and one lowest) is computed from. */
export const TRIMMED_MEAN_MINIMUM = 3;

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
    return { status: 'incomplete', points: null, missingJudgeIds, spread, flagged, notComputable: null };
  }
  if (scored.length === 0) return { status: 'not_scored', points: null, missingJudgeIds, spread, flagged, notComputable: null };
  if (settings.aggregation === 'trimmed_mean' && combinesOpinions(aspect) && scored.length < TRIMMED_MEAN_MINIMUM) {
    return { status: 'incomplete', points: null, missingJudgeIds, spread, flagged, notComputable: 'trimmedNeedsThree' };
  }
  const points = aggregate(
    scored.map((value) => markPoints(aspect, value)),
    settings.aggregation,
  );
  return { status: 'scored', points, missingJudgeIds, spread, flagged, notComputable: null };
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

/** How many judges an aspect needs: judgesPerAspect for judgement aspects, one for the others (see combinesOpinions()). */
export function judgesRequired(aspect: Aspect, judgesPerAspect: number): number {
  return combinesOpinions(aspect) ? judgesPerAspect : 1;
}

export interface AspectCoverage {
  aspectId: number;
  /** Judges assigned to the aspect. */
  judges: number;
  required: number;
  /** Organizations with entries whose entries get fewer than `required` judges once their own judges are recused. */
  gaps: { organizationId: number; judges: number }[];
}

/**
 * What the assignment screen shows per aspect: judges assigned against the requirement, and the
 * recusal gap — e.g. 3 required, 3 assigned, one from organization A: A's entries get 2. The
 * lock asks the same (roundReadiness().undercovered / uncovered); this tells the organizer
 * before marking starts. `organizationIds` are the organizations that have competing entries.
 */
export function aspectCoverage(
  aspects: { id: number; aspect: Aspect }[], judges: ReadinessJudge[], organizationIds: number[], judgesPerAspect: number,
): AspectCoverage[] {
  const organizations = [...new Set(organizationIds)];
  return aspects.map(({ id, aspect }) => {
    const required = judgesRequired(aspect, judgesPerAspect);
    const assigned = judges.filter((j) => j.aspectIds.includes(id));
    const gaps = organizations.flatMap((organizationId) => {
      const count = expectedJudges(id, { organizationId }, assigned).length;
      return count < required ? [{ organizationId, judges: count }] : [];
    });
    return { aspectId: id, judges: assigned.length, required, gaps };
  });
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
  /** judgesPerAspect absent: coverage is not counted (only `uncovered`, no judge at all, is). */
  settings: Pick<SkillSettings, 'aggregation' | 'spreadLimit'> & Partial<Pick<SkillSettings, 'judgesPerAspect'>>;
}

export interface Readiness {
  /** True when every list below is empty. */
  ready: boolean;
  /** Expected marks not yet entered. */
  missing: { entryId: number; aspectId: number; judgeId: number }[];
  /** Judgement spreads above the limit, not overridden. */
  flagged: { entryId: number; aspectId: number; spread: number }[];
  /** Judges who marked, or must mark, an entry but have not signed its sheet. */
  unsigned: { entryId: number; judgeId: number }[];
  /** Aspects with no eligible judge for an entry (all assigned judges recused): assign another. */
  uncovered: { entryId: number; aspectId: number }[];
  /**
   * Judgement aspects an entry gets fewer judges on than the skill's judgesPerAspect, after
   * recusals (`judges` of `required`): e.g. 3 required, 3 assigned, one from organization A → A's
   * entries have 2. Entries with none at all are in `uncovered` instead. See combinesOpinions().
   */
  undercovered: { entryId: number; aspectId: number; judges: number; required: number }[];
  /** Complete aspects whose marks cannot be combined (see AspectOutcome.notComputable), with the scored marks left. */
  notComputable: { entryId: number; aspectId: number; reason: NotComputableReason; scored: number }[];
}

/** What one judge still owes the round: marks not entered, sheets not signed. */
export interface JudgeShortfall { missing: number; unsigned: number }
/** What one aspect still lacks across the round's entries. */
export interface AspectShortfall { missing: number; flagged: number; uncovered: number; undercovered: number; notComputable: number }

/**
 * Everything in the way of the lock counted by judge and by aspect, as a chief judge asks "why
 * can't I lock?": who still has to mark or sign, and where the marks are missing or disagree.
 * Only judges and aspects with something to do are in the maps.
 */
export function readinessByJudgeAndAspect(readiness: Readiness): { byJudge: Map<number, JudgeShortfall>; byAspect: Map<number, AspectShortfall> } {
  const byJudge = new Map<number, JudgeShortfall>();
  const byAspect = new Map<number, AspectShortfall>();
  const judge = (id: number) => byJudge.get(id) ?? byJudge.set(id, { missing: 0, unsigned: 0 }).get(id)!;
  const aspect = (id: number) => byAspect.get(id) ?? byAspect.set(id, { missing: 0, flagged: 0, uncovered: 0, undercovered: 0, notComputable: 0 }).get(id)!;
  for (const m of readiness.missing) {
    judge(m.judgeId).missing += 1;
    aspect(m.aspectId).missing += 1;
  }
  for (const u of readiness.unsigned) judge(u.judgeId).unsigned += 1;
  for (const f of readiness.flagged) aspect(f.aspectId).flagged += 1;
  for (const u of readiness.uncovered) aspect(u.aspectId).uncovered += 1;
  for (const u of readiness.undercovered) aspect(u.aspectId).undercovered += 1;
  for (const n of readiness.notComputable) aspect(n.aspectId).notComputable += 1;
  return { byJudge, byAspect };
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
    list.push(m);
    marksBy.set(k, list);
  }
  const judgeOrder = new Map(input.judges.map((judge, index) => [judge.id, index]));
  const byJudgeOrder = (a: number, b: number) =>
    (judgeOrder.get(a) ?? Number.MAX_SAFE_INTEGER) - (judgeOrder.get(b) ?? Number.MAX_SAFE_INTEGER) || a - b;

  const result: Readiness = { ready: false, missing: [], flagged: [], unsigned: [], uncovered: [], undercovered: [], notComputable: [] };
  const required = input.settings.judgesPerAspect ?? 0;
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
      if (combinesOpinions(aspect) && expected.length < required) result.undercovered.push({ entryId: entry.id, aspectId, judges: expected.length, required });
      const outcome = aspectOutcome(aspect, marks, input.settings, expected, overridden.has(key(entry.id, aspectId)));
      outcome.missingJudgeIds.forEach((judgeId) => result.missing.push({ entryId: entry.id, aspectId, judgeId }));
      if (outcome.flagged) result.flagged.push({ entryId: entry.id, aspectId, spread: outcome.spread! });
      if (outcome.notComputable) {
        const scored = marks.filter((m) => expected.includes(m.judgeId) && m.mark.state === 'scored').length;
        result.notComputable.push({ entryId: entry.id, aspectId, reason: outcome.notComputable, scored });
      }
    }
    [...involved]
      .sort(byJudgeOrder)
      .filter((judgeId) => !signed.has(key(entry.id, judgeId)))
      .forEach((judgeId) => result.unsigned.push({ entryId: entry.id, judgeId }));
  }
  result.ready = [result.missing, result.flagged, result.unsigned, result.uncovered, result.undercovered, result.notComputable].every((list) => list.length === 0);
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
export function sheetProgress(expected: number, marked: number, signed: boolean): SheetProgress {
  if (marked >= expected) return signed ? 'signed' : 'complete';
  return marked <= 0 ? 'not_started' : 'partial';
}

export type SheetProgress = 'not_started' | 'partial' | 'complete' | 'signed';

/**
 * Where "next" takes a judge from sheet `index`: the next code in order that still has marks to
 * enter, wrapping round to the first ones; null when every other sheet is complete (then the
 * round's page, to sign them). A signed sheet is read-only even if an aspect was assigned after
 * the signature (progress 'partial'): never a "next".
 */
export function nextUnfinished<T extends { progress: SheetProgress; signed: boolean }>(sheets: readonly T[], index: number): T | null {
  for (let step = 1; step < sheets.length; step++) {
    const sheet = sheets[(index + step) % sheets.length]!;
    if (!sheet.signed && (sheet.progress === 'not_started' || sheet.progress === 'partial')) return sheet;
  }
  return null;
}
