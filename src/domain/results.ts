/**
 * The results engine: from a skill's rules, its entries, judges and marks to aspect points,
 * round scores, the weighted total out of 100, ranks, prizes, titles, promotions, standardised
 * scores, team and organization standings and the medal table. Pure: plain data in, plain data
 * out, no I/O. Every rule decision is written down here, next to the code that applies it, so
 * the results page can state it (see also `prizeRule` and standardisationFormula()).
 *
 * Precision. Aspect points, round scores and totals are kept at full precision. What is shown,
 * and what ranks, is the value rounded half up to the skill's `decimals` (roundHalfUp()).
 * Everything derived from published numbers (ties, prizes, team and organization sums,
 * standardised scores) uses the rounded totals, so anybody can check it from the results page.
 *
 * Statuses. 'registered' is read as 'competed'. Only ranked entries — competed, every aspect
 * complete, and not unranked by a round absence — get a total, a rank, prizes, titles and
 * standardised scores, and count as competitors (the base of the award ratios). Every other
 * entry is unranked, with its reason (`unranked`):
 * - incomplete: an expected mark is missing (an unmarked skill ranks nobody, it does not tie
 *   everybody first at 0.00);
 * - withdrawn (中途退赛), dns (弃权: absent at check-in), disqualified (取消资格: the score is void);
 * - absent (缺考): absent from one round after check-in, when the skill's `roundAbsence` is
 *   'unranked' (the default: 缺考任一模块不计总成绩排名). With 'zero' that round scores 0, needs
 *   no marks, and the entry is ranked on the rest.
 * A round the entry was absent from needs no marks either way (round.absent, complete).
 * Unranked entries are listed after the ranked ones in the order incomplete, withdrawn, absent,
 * dns, disqualified (DESIGN.md: disqualified is "ranked after all others"). Their aspect and
 * round breakdowns are still computed from whatever marks exist (marks are never deleted), for
 * the organizer's preview only.
 */
import type { SkillLevel } from './contestant-sheet.ts';
import type { Gender } from './id-number.ts';
import { aggregate, aspectOutcome, expectedJudges, type Mark, type NotComputableReason, type ReadinessJudge } from './judging.ts';
import type { Aspect, AspectType, RoundScoring, SkillSettings, TeamScoring, TieBreak } from './marking-scheme.ts';
import { applyTitleRules, type GradeLevel, type TitleRuleNote } from './title-rules.ts';

/* ------------------------------------------------------------------------------------------ */
/* Rounding                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** Significant digits kept before rounding: removes binary floating-point noise (…4999999998). */
const CLEAN_DIGITS = 12;

/**
 * Rounds half up (away from zero, 四舍五入) on the decimal representation: 2.675 → 2.68 and
 * 1.005 → 1.01 with 2 decimals, although the doubles nearest to them are slightly below.
 * The value is first cleaned to 12 significant digits (a total out of 100 keeps 10 decimals,
 * far beyond what is displayed, while the noise of float arithmetic sits near the 15th digit),
 * then the decimal point is moved in the string form (exact), rounded, and moved back.
 * Identical decimal results are identical numbers, so rounded values can be compared with ===.
 */
export function roundHalfUp(value: number, decimals: number): number {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 12) throw new RangeError(`decimals must be 0–12, not ${decimals}`);
  if (!Number.isFinite(value)) return value;
  const clean = Number(Math.abs(value).toPrecision(CLEAN_DIGITS));
  const [mantissa, exponent] = clean.toExponential().split('e') as [string, string];
  const shifted = Math.round(Number(`${mantissa}e${Number(exponent) + decimals}`));
  const rounded = Number(`${shifted}e-${decimals}`);
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** Decimals of totals supported by integer sums (validateSettings() allows 0–4). */
const SUM_DECIMALS = 4;
const toUnits = (value: number, decimals: number) => Math.round(Number(`${roundHalfUp(value, decimals)}e${decimals}`));
const fromUnits = (units: number, decimals: number) => Number(`${units}e-${decimals}`);

/* ------------------------------------------------------------------------------------------ */
/* Input                                                                                       */
/* ------------------------------------------------------------------------------------------ */

export type EntryStatus = 'competed' | 'registered' | 'dns' | 'disqualified' | 'withdrawn';
/** 'registered' is reported as 'competed'. */
export type ResultStatus = Exclude<EntryStatus, 'registered'>;
export type Prize = 1 | 2 | 3;

export interface ResultsRound {
  /** The code the tie-break chain names ("round:practical"). */
  code: string;
  /** Percent of the total out of 100. */
  weight: number;
  /** The round is scored out of this. */
  maxScore: number;
  /** Every aspect of the round (all criteria flattened), with its database id; none when imported. */
  aspects: { id: number; aspect: Aspect }[];
  /** 'imported': the round's score is the entry's imported score (roundScores), not a sum of aspects. */
  scoring?: RoundScoring;
}

export interface ResultsSkill {
  settings: SkillSettings;
  rounds: ResultsRound[];
}

export interface ResultsEntry {
  entryId: number;
  organizationId: number;
  status: EntryStatus;
  /** The contestant's current qualification, for the promotion; '' (none or unknown) by default. */
  skillLevel?: SkillLevel;
  /** Codes of the rounds the entry was absent from after check-in (缺考); none by default. */
  absentRoundCodes?: string[];
  /** From the ID number, for title rules by gender; null or absent when unknown. */
  gender?: Gender | null;
  /** "YYYY-MM-DD" from the ID number, for title rules by age; null or absent when unknown. */
  birthDate?: string | null;
}

export interface ResultsMark {
  entryId: number;
  aspectId: number;
  judgeId: number;
  mark: Mark;
}

export interface TeamInput {
  teamId: number;
  entryIds: number[];
}

export interface ResultsInput {
  skill: ResultsSkill;
  entries: ResultsEntry[];
  /** Judges with their organization (for recusal) and every aspect id they are assigned to, in any round. */
  judges: ReadinessJudge[];
  marks: ResultsMark[];
  /** Judgement spreads the chief judge accepted (overrode with a reason): the aspect is not flagged. */
  overrides?: { entryId: number; aspectId: number }[];
  /** The current scores of the imported rounds (the exam system's), by round code; see importedRoundResult(). */
  roundScores?: { entryId: number; roundCode: string; score: number }[];
  /** Teams of this skill, as lists of entry ids; see teamStandings(). */
  teams?: TeamInput[];
  /** The event's start date "YYYY-MM-DD", the day ages are counted on (title rules); null or absent when not set. */
  eventDate?: string | null;
}

/* ------------------------------------------------------------------------------------------ */
/* Output                                                                                      */
/* ------------------------------------------------------------------------------------------ */

export interface AspectResult {
  aspectId: number;
  code: string;
  roundCode: string;
  type: AspectType;
  maxMark: number;
  /**
   * scored: complete, with at least one scored mark; not_scored: every expected judge entered
   * "not scored" (counts 0, shown as not scored); incomplete: an expected judge has not marked,
   * or no judge is eligible (all recused) — counts 0 and makes the entry incomplete.
   */
  status: 'scored' | 'not_scored' | 'incomplete';
  /** The points that count, at full precision: the aggregate when scored, else 0. */
  points: number;
  pointsRounded: number;
  /** The scored marks aggregated (after recusal). */
  judgeCount: number;
  /** Judges assigned to the aspect who do not mark this entry (same organization). */
  recusedJudgeIds: number[];
  missingJudgeIds: number[];
  /** Judgement only: highest − lowest level; null otherwise. */
  spread: number | null;
  /** The spread is above the limit and was not accepted. */
  flagged: boolean;
  /** Why complete marks cannot be combined (status incomplete), e.g. a trimmed mean of fewer than 3; null otherwise. */
  notComputable: NotComputableReason | null;
  /** Time aspects: the judges' recorded minutes aggregated like points; null otherwise or when none. */
  minutes: number | null;
}

export interface RoundResult {
  code: string;
  weight: number;
  maxScore: number;
  /** Σ aspect points (an imported round: the imported score), out of maxScore, at full precision. */
  score: number;
  scoreRounded: number;
  /** score / maxScore × weight: the round's share of the total out of 100. */
  weighted: number;
  weightedRounded: number;
  complete: boolean;
  /** The entry was absent from this round (缺考): it scores 0 and needs no marks. */
  absent: boolean;
}

/** Why an entry has no total and no rank (see the module comment). */
export type UnrankedReason = 'incomplete' | 'withdrawn' | 'absent' | 'dns' | 'disqualified';

export type TieBreakUsed = TieBreak | 'shared';

export interface EntryResult {
  entryId: number;
  organizationId: number;
  status: ResultStatus;
  aspects: AspectResult[];
  rounds: RoundResult[];
  /** No aspect is incomplete and every imported round has a score, in the rounds the entry was not absent from. */
  complete: boolean;
  /** Null for a ranked entry; otherwise why it is not ranked. */
  unranked: UnrankedReason | null;
  /** Completion time in minutes for the tie-break (see completionMinutes()); null without one. */
  completionMinutes: number | null;
  /** Σ weighted round scores, out of 100, full precision; null when unranked. */
  total: number | null;
  /** The displayed and ranked total; null when unranked. */
  totalRounded: number | null;
  /** 1, 2, 2, 4 …; null when unranked. */
  rank: number | null;
  prize: Prize | null;
  /** Titles of every matching title rule, in rule order (src/domain/title-rules.ts). */
  titles: string[];
  /** The promotion and the index (0-based) of the title rule that gave it. */
  promotion: { from: SkillLevel; to: GradeLevel; rule: number } | null;
  standardised: number | null;
  /**
   * Only when another entry has the same rounded total: the deepest link of the tie-break chain
   * that was needed to place this entry against its equal-total neighbours, or 'shared' when the
   * chain could not separate it from one of them (it then shares the rank).
   */
  tieBreak?: TieBreakUsed;
}

export interface PrizeCounts {
  first: number;
  second: number;
  third: number;
}

/** Everything the results page needs to state how the prizes were counted. */
export interface PrizeRule {
  mode: SkillSettings['awardMode'];
  /** Percent (ratio) or number (count) per prize, as configured. */
  first: number;
  second: number;
  third: number;
  competitors: number;
  /** Ratio mode: each count is round-half-up(competitors × percent / 100), each prize on its own. */
  rounding: 'half_up' | null;
  minimumField: number;
  /** competitors < minimumField: no first prize (second and third unchanged). */
  minimumFieldApplied: boolean;
  minimumScore: number | null;
  /** Prizes per level before ties (after the minimum field rule). */
  quotas: PrizeCounts;
}

export type ResultsNote =
  /** Competed entries with an incomplete aspect or no imported score: not ranked until their marks (or scores) are in. */
  | { code: 'incomplete'; entryIds: number[] }
  /** Judgement spreads above the limit, not accepted. */
  | { code: 'flagged'; items: { entryId: number; aspectId: number; spread: number }[] }
  /** Complete aspects whose marks cannot be combined (a trimmed mean of fewer than 3): the entry is incomplete. */
  | { code: 'notComputable'; items: { entryId: number; aspectId: number; reason: NotComputableReason }[] }
  | { code: 'minimumField'; competitors: number; minimumField: number }
  /** Entries placed within the prize quotas but below the minimum score: no prize. */
  | { code: 'belowMinimumScore'; minimumScore: number; entryIds: number[] }
  /** A tie across the last place of `prize`: all of them get it, the next prize has fewer places. */
  | { code: 'boundaryTie'; prize: Prize; entryIds: number[] }
  /** Title rules: boundary ties, grades unknown or at the top, ages unknown (see title-rules.ts). */
  | TitleRuleNote
  /** Fewer than 2 competitors or no spread: every standardised score is 700. */
  | { code: 'standardisedDegenerate'; reason: 'single' | 'noSpread' };

export interface SkillResults {
  /** Ranked entries by rank (ties in input order), then unranked: incomplete, withdrawn, absent, dns, disqualified (input order). */
  entries: EntryResult[];
  /** Ranked entries: the base of the award ratios. */
  competitors: number;
  /** Prizes actually awarded (ties included). */
  prizeCounts: PrizeCounts;
  prizeRule: PrizeRule;
  /** The standardisation parameters when the skill uses standardised scores, else null. */
  standardisation: Standardisation | null;
  teams: TeamResult[];
  notes: ResultsNote[];
}

/* ------------------------------------------------------------------------------------------ */
/* Aspects, rounds, totals                                                                     */
/* ------------------------------------------------------------------------------------------ */

const key = (entryId: number, aspectId: number) => `${entryId}:${aspectId}`;

const normaliseStatus = (status: EntryStatus): ResultStatus => (status === 'registered' ? 'competed' : status);

function aspectResult(
  entry: ResultsEntry,
  roundCode: string,
  { id, aspect }: { id: number; aspect: Aspect },
  marks: ResultsMark[],
  judges: ReadinessJudge[],
  settings: SkillSettings,
  overridden: boolean,
  decimals: number,
): AspectResult {
  const assigned = judges.filter((judge) => judge.aspectIds.includes(id));
  const expected = expectedJudges(id, entry, judges).map((judge) => judge.id);
  const recusedJudgeIds = assigned.map((judge) => judge.id).filter((judgeId) => !expected.includes(judgeId));
  const outcome = aspectOutcome(aspect, marks, settings, expected, overridden);

  // The same selection as aspectOutcome(): expected judges only, the later mark of a judge wins.
  const byJudge = new Map<number, Mark>();
  for (const m of marks) if (expected.includes(m.judgeId)) byJudge.set(m.judgeId, m.mark);
  const values = [...new Set(expected)].flatMap((judgeId) => {
    const mark = byJudge.get(judgeId);
    return mark?.state === 'scored' ? [mark.value] : [];
  });
  const minutes = aspect.rule.type === 'time' && outcome.status === 'scored' ? aggregate(values, settings.aggregation) : null;
  const points = outcome.status === 'scored' ? outcome.points! : 0;
  return {
    aspectId: id,
    code: aspect.code,
    roundCode,
    type: aspect.rule.type,
    maxMark: aspect.maxMark,
    status: outcome.status,
    points,
    pointsRounded: roundHalfUp(points, decimals),
    judgeCount: outcome.status === 'scored' ? values.length : 0,
    recusedJudgeIds,
    missingJudgeIds: outcome.missingJudgeIds,
    spread: outcome.spread,
    flagged: outcome.flagged,
    notComputable: outcome.notComputable,
    minutes,
  };
}

/**
 * The completion time used by the 'completion_time' tie-break: the sum, over every time aspect
 * of the skill (penalised or record-only, in any round), of the judges' recorded minutes
 * aggregated with the skill's aggregation (mean, trimmed mean or median; recused judges left
 * out). Null when the skill has no time aspect, or when any time aspect of the entry has no
 * recorded minutes (incomplete or "not scored"): such an entry is placed after entries with a
 * time.
 */
export function completionMinutes(aspects: AspectResult[]): number | null {
  const times = aspects.filter((a) => a.type === 'time');
  if (times.length === 0 || times.some((a) => a.minutes === null)) return null;
  return times.reduce((sum, a) => sum + a.minutes!, 0);
}

/** A round's score, its weighted share and flags; an absent round counts 0 whatever it holds. */
function scoredRound(round: ResultsRound, score: number, complete: boolean, absent: boolean, decimals: number): RoundResult {
  const counted = absent ? 0 : score;
  // Multiply before dividing: 51 × 70 / 60 is exactly 59.5, 51 / 60 × 70 is not.
  const weighted = round.maxScore > 0 ? (counted * round.weight) / round.maxScore : 0;
  return {
    code: round.code,
    weight: round.weight,
    maxScore: round.maxScore,
    score: counted,
    scoreRounded: roundHalfUp(counted, decimals),
    weighted,
    weightedRounded: roundHalfUp(weighted, decimals),
    complete: absent || complete,
    absent,
  };
}

/** A marked round: Σ aspect points (an absent round's marks stay in the aspect breakdown). */
function roundResult(round: ResultsRound, aspects: AspectResult[], decimals: number, absent: boolean): RoundResult {
  const score = aspects.reduce((sum, a) => sum + a.points, 0);
  return scoredRound(round, score, aspects.every((a) => a.status !== 'incomplete'), absent, decimals);
}

/**
 * An imported round (theory exam): the score is the imported score as stored, at full precision,
 * out of maxScore and weighted like any round; an entry without one scores 0 there and is
 * incomplete, as with a missing mark. Absent from the exam (缺考): 0, whatever was imported.
 */
function importedRoundResult(round: ResultsRound, imported: number | null, decimals: number, absent: boolean): RoundResult {
  return scoredRound(round, imported ?? 0, imported !== null, absent, decimals);
}

/* ------------------------------------------------------------------------------------------ */
/* Ranking                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/** Completion times are compared to a millionth of a minute, so float noise in means never separates two entries. */
const TIME_DECIMALS = 6;

/**
 * Compares two ranked entries on one link of the tie-break chain; negative when `a` goes first.
 * completion_time: shorter first, entries without a time after those with one;
 * round:<code>: the higher rounded round score first (an unknown round code separates nobody).
 */
function compareOn(tieBreak: TieBreak, a: EntryResult, b: EntryResult): number {
  if (tieBreak === 'completion_time') {
    const ta = a.completionMinutes === null ? null : roundHalfUp(a.completionMinutes, TIME_DECIMALS);
    const tb = b.completionMinutes === null ? null : roundHalfUp(b.completionMinutes, TIME_DECIMALS);
    if (ta === tb) return 0;
    if (ta === null) return 1;
    if (tb === null) return -1;
    return ta - tb;
  }
  const code = tieBreak.slice('round:'.length);
  const sa = a.rounds.find((r) => r.code === code)?.scoreRounded ?? 0;
  const sb = b.rounds.find((r) => r.code === code)?.scoreRounded ?? 0;
  return sb - sa;
}

/** Index of the first tie-break link that separates two entries with equal rounded totals, or -1. */
function separatingLink(tieBreaks: TieBreak[], a: EntryResult, b: EntryResult): number {
  return tieBreaks.findIndex((tieBreak) => compareOn(tieBreak, a, b) !== 0);
}

function compareEntries(tieBreaks: TieBreak[], a: EntryResult, b: EntryResult): number {
  if (a.totalRounded !== b.totalRounded) return b.totalRounded! - a.totalRounded!;
  const link = separatingLink(tieBreaks, a, b);
  return link < 0 ? 0 : compareOn(tieBreaks[link]!, a, b);
}

/**
 * Sorts competed entries and gives standard competition ranks (1, 2, 2, 4): equal rounded totals
 * go through the tie-break chain in order; entries the chain cannot separate share the rank and
 * keep the input order. Sets `rank` and `tieBreak`, returns the entries in rank order.
 */
function rankEntries(ranked: EntryResult[], tieBreaks: TieBreak[]): EntryResult[] {
  const sorted = [...ranked].sort((a, b) => compareEntries(tieBreaks, a, b));
  sorted.forEach((entry, index) => {
    const previous = sorted[index - 1];
    entry.rank = previous && compareEntries(tieBreaks, previous, entry) === 0 ? previous.rank : index + 1;
  });
  sorted.forEach((entry, index) => {
    const neighbours = [sorted[index - 1], sorted[index + 1]].filter(
      (other): other is EntryResult => other !== undefined && other.totalRounded === entry.totalRounded,
    );
    if (neighbours.length === 0) return;
    const links = neighbours.map((other) => separatingLink(tieBreaks, entry, other));
    entry.tieBreak = links.includes(-1) ? 'shared' : tieBreaks[Math.max(...links)]!;
  });
  return sorted;
}

/* ------------------------------------------------------------------------------------------ */
/* Prizes                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/**
 * How many first, second and third prizes a field of `competitors` gets, before ties.
 * - ratio: each prize on its own, count = competitors × percent / 100 rounded half up
 *   (四舍五入, as in the national vocational skills competition rules): 10 competitors at
 *   10/20/30 % → 1/2/3; 15 → 1.5/3/4.5 → 2/3/5; 4 → 0.4/0.8/1.2 → 0/1/1.
 * - count: the configured numbers (fewer are awarded when there are fewer competitors).
 * - minimum field: with fewer competitors than awardMinimumField, no first prize is awarded;
 *   the second and third prize counts stay as computed above, so the best entries get second
 *   prize. (awardMinimumField 0 or 1 never applies.)
 */
export function prizeRule(settings: SkillSettings, competitors: number): PrizeRule {
  const ratio = settings.awardMode === 'ratio';
  const count = (value: number) => (ratio ? roundHalfUp((competitors * value) / 100, 0) : Math.max(0, Math.floor(value)));
  const minimumFieldApplied = competitors < settings.awardMinimumField;
  return {
    mode: settings.awardMode,
    first: settings.awardFirst,
    second: settings.awardSecond,
    third: settings.awardThird,
    competitors,
    rounding: ratio ? 'half_up' : null,
    minimumField: settings.awardMinimumField,
    minimumFieldApplied,
    minimumScore: settings.awardMinimumScore,
    quotas: {
      first: minimumFieldApplied ? 0 : count(settings.awardFirst),
      second: count(settings.awardSecond),
      third: count(settings.awardThird),
    },
  };
}

/**
 * The prize for a rank. The quotas are cumulative places: with quotas q1, q2, q3 a rank r gets
 * first prize when r ≤ q1, second when r ≤ q1 + q2, third when r ≤ q1 + q2 + q3. A tie is never
 * split: tied entries share the rank of the first of them, so a tie across a boundary is promoted
 * to the better prize, and the next prize has correspondingly fewer places (the cumulative number
 * of places does not move). Example, 10 competitors at 1/2/3 with two entries tied first: both get
 * first prize, one entry (rank 3) gets second, ranks 4–6 get third. Below the minimum score
 * (compared with the rounded total) there is no prize; the place is not passed on.
 */
function prizeFor(rank: number, quotas: PrizeCounts): Prize | null {
  if (rank <= quotas.first) return 1;
  if (rank <= quotas.first + quotas.second) return 2;
  if (rank <= quotas.first + quotas.second + quotas.third) return 3;
  return null;
}

/* ------------------------------------------------------------------------------------------ */
/* Standardised scores                                                                         */
/* ------------------------------------------------------------------------------------------ */

export interface Standardisation {
  /** Number of totals. */
  n: number;
  /** M: the median of the totals. */
  median: number;
  /** σ: the population standard deviation of the totals (divided by n). */
  sd: number;
  /** One standardised score per total, in the order given, rounded to the decimals asked. */
  scores: number[];
}

export const STANDARDISED_CENTRE = 700;
export const STANDARDISED_SCALE = 100;

/**
 * WorldSkills-style standardisation, centred on the median:
 *
 *     S = 700 + 100 × (x − M) / σ
 *
 * x the competitor's (rounded) total, M the median of the competitors' totals, σ their
 * population standard deviation. The median maps to 700 and one standard deviation is 100
 * points, so about two thirds of a normal field fall between 600 and 800. When σ = 0 (all totals
 * equal, which includes a single competitor) every score is 700. An empty list gives n 0.
 */
export function standardise(totals: number[], decimals: number): Standardisation {
  const n = totals.length;
  if (n === 0) return { n, median: 0, sd: 0, scores: [] };
  const median = aggregate(totals, 'median');
  const mean = totals.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(totals.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
  // A spread below float noise (equal totals summed in another order) is no spread.
  const flat = sd <= 1e-9 * Math.max(1, Math.abs(mean));
  const scores = totals.map((x) =>
    flat ? STANDARDISED_CENTRE : roundHalfUp(STANDARDISED_CENTRE + (STANDARDISED_SCALE * (x - median)) / sd, decimals),
  );
  return { n, median, sd: flat ? 0 : sd, scores };
}

/**
 * The formula for the results page, as symbols; the page labels them in its language
 * (S standardised score, x total, M median, σ standard deviation, n competitors).
 */
export function standardisationFormula(stats?: Pick<Standardisation, 'n' | 'median' | 'sd'>): {
  expression: string;
  centre: number;
  scale: number;
  parameters: { n: number; M: number; σ: number } | null;
  /** σ = 0: every score is 700. */
  degenerate: boolean;
} {
  const degenerate = stats !== undefined && stats.sd === 0;
  return {
    expression: degenerate ? `S = ${STANDARDISED_CENTRE}` : `S = ${STANDARDISED_CENTRE} + ${STANDARDISED_SCALE} × (x − M) / σ`,
    centre: STANDARDISED_CENTRE,
    scale: STANDARDISED_SCALE,
    parameters: stats ? { n: stats.n, M: stats.median, σ: stats.sd } : null,
    degenerate,
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Teams, organizations, medals                                                                */
/* ------------------------------------------------------------------------------------------ */

/** Standard competition ranks (1, 2, 2, 4) over items already sorted best first. */
function competitionRanks<T>(sorted: T[], same: (a: T, b: T) => boolean): number[] {
  const ranks: number[] = [];
  sorted.forEach((item, index) => {
    ranks.push(index > 0 && same(sorted[index - 1]!, item) ? ranks[index - 1]! : index + 1);
  });
  return ranks;
}

export interface TeamResult {
  teamId: number;
  entryIds: number[];
  /** Members that competed (have a total). */
  competing: number;
  /** Sum or mean of the members' rounded totals, in the skill's decimals. */
  score: number;
  /** Shared ranks 1, 2, 2, 4 on the score; null when no member competed or one is incomplete. */
  rank: number | null;
  /** A member's marks are not all in yet: the team waits, unranked, like that member. */
  incomplete: boolean;
}

/**
 * Team results of one skill. A member's contribution is the member's rounded total (the
 * published number, so the team score can be checked by adding them up); a member who did not
 * compete (dns, withdrawn, disqualified, or not in `entries`) contributes 0, and the mean divides
 * by all the team's members, so leaving out a weak or absent member never helps a team. Sum:
 * exact in the skill's decimals; mean: rounded half up to them. Equal scores share a rank (no
 * tie-break); a team with a member still incomplete (unranked 'incomplete': marks missing) is
 * not ranked on a partial score and comes after the ranked teams; a team with no competing
 * member is not ranked and comes last. Teams with equal scores keep the input order.
 */
export function teamStandings(
  teams: TeamInput[],
  entries: (Pick<EntryResult, 'entryId' | 'totalRounded'> & { unranked?: UnrankedReason | null })[],
  scoring: TeamScoring,
  decimals: number,
): TeamResult[] {
  const totals = new Map(entries.map((e) => [e.entryId, e.totalRounded]));
  const waiting = new Set(entries.filter((e) => e.unranked === 'incomplete').map((e) => e.entryId));
  const scored = teams.map((team) => {
    const members = [...new Set(team.entryIds)];
    const present = members.map((id) => totals.get(id) ?? null).filter((t): t is number => t !== null);
    const units = present.reduce((sum, t) => sum + toUnits(t, decimals), 0);
    const score =
      scoring === 'sum' || members.length === 0
        ? fromUnits(units, decimals)
        : fromUnits(roundHalfUp(units / members.length, 0), decimals);
    const incomplete = members.some((id) => waiting.has(id));
    return { teamId: team.teamId, entryIds: members, competing: present.length, score, rank: null as number | null, incomplete };
  });
  const rankable = (t: TeamResult) => t.competing > 0 && !t.incomplete;
  const ranked = scored.filter(rankable).sort((a, b) => b.score - a.score);
  competitionRanks(ranked, (a, b) => a.score === b.score).forEach((rank, i) => (ranked[i]!.rank = rank));
  return [...ranked, ...scored.filter((t) => t.incomplete), ...scored.filter((t) => !t.incomplete && t.competing === 0)];
}

export interface OrganizationStanding {
  organizationId: number;
  /** Sum of the best N rounded totals. */
  score: number;
  /** The entries counted, best first. */
  countedEntryIds: number[];
  /** Entries of the organization that competed. */
  competitors: number;
  rank: number | null;
}

/**
 * Organization (delegation) ranking across one or more skills: the sum of the organization's
 * best `bestN` rounded totals (each entry counts on its own, so one person in two skills counts
 * twice). An organization with fewer competitors sums what it has. Entries without a total
 * (not competed) are ignored; an organization with none is not ranked and comes last. Equal sums
 * share the rank (1, 2, 2, 4), listed by organization id. Sums are exact to 4 decimals.
 */
export function organizationStandings(
  entries: Pick<EntryResult, 'entryId' | 'organizationId' | 'totalRounded'>[],
  bestN: number,
): OrganizationStanding[] {
  if (!Number.isInteger(bestN) || bestN < 1) throw new RangeError(`bestN must be a positive integer, not ${bestN}`);
  const byOrganization = new Map<number, { entryId: number; total: number }[]>();
  for (const entry of entries) {
    const list = byOrganization.get(entry.organizationId) ?? [];
    if (entry.totalRounded !== null) list.push({ entryId: entry.entryId, total: entry.totalRounded });
    byOrganization.set(entry.organizationId, list);
  }
  const rows: OrganizationStanding[] = [...byOrganization.entries()].map(([organizationId, list]) => {
    const best = [...list].sort((a, b) => b.total - a.total).slice(0, bestN);
    const units = best.reduce((sum, e) => sum + toUnits(e.total, SUM_DECIMALS), 0);
    return {
      organizationId,
      score: fromUnits(units, SUM_DECIMALS),
      countedEntryIds: best.map((e) => e.entryId),
      competitors: list.length,
      rank: null,
    };
  });
  const ranked = rows.filter((r) => r.competitors > 0).sort((a, b) => b.score - a.score || a.organizationId - b.organizationId);
  competitionRanks(ranked, (a, b) => a.score === b.score).forEach((rank, i) => (ranked[i]!.rank = rank));
  return [...ranked, ...rows.filter((r) => r.competitors === 0).sort((a, b) => a.organizationId - b.organizationId)];
}

export interface MedalRow {
  organizationId: number;
  name: string;
  first: number;
  second: number;
  third: number;
  total: number;
  /** Shared when first, second and third are all equal (1, 2, 2, 4); the name only orders the display. */
  rank: number;
}

const nameOrder = new Intl.Collator('zh-CN').compare;

/**
 * The medal table across one or more skills: prizes counted per organization, sorted by first
 * prizes, then second, then third (descending), then by name (zh-CN collation: pinyin order),
 * then id. Only organizations with at least one prize are listed. An organization missing from
 * `organizations` is named ''.
 */
export function medalTable(
  entries: Pick<EntryResult, 'organizationId' | 'prize'>[],
  organizations: { id: number; name: string }[],
): MedalRow[] {
  const names = new Map(organizations.map((o) => [o.id, o.name]));
  const rows = new Map<number, MedalRow>();
  for (const { organizationId, prize } of entries) {
    if (prize === null) continue;
    const row = rows.get(organizationId) ?? {
      organizationId, name: names.get(organizationId) ?? '', first: 0, second: 0, third: 0, total: 0, rank: 0,
    };
    if (prize === 1) row.first++;
    else if (prize === 2) row.second++;
    else row.third++;
    row.total++;
    rows.set(organizationId, row);
  }
  const sorted = [...rows.values()].sort(
    (a, b) => b.first - a.first || b.second - a.second || b.third - a.third || nameOrder(a.name, b.name) || a.organizationId - b.organizationId,
  );
  const same = (a: MedalRow, b: MedalRow) => a.first === b.first && a.second === b.second && a.third === b.third;
  competitionRanks(sorted, same).forEach((rank, i) => (sorted[i]!.rank = rank));
  return sorted;
}

/* ------------------------------------------------------------------------------------------ */
/* The skill's results                                                                         */
/* ------------------------------------------------------------------------------------------ */

const unrankedOrder: UnrankedReason[] = ['incomplete', 'withdrawn', 'absent', 'dns', 'disqualified'];

/** Why an entry is not ranked, or null: its status first, then a round absence (by the skill's rule), then missing marks. */
function unrankedReason(status: ResultStatus, absentRounds: string[], complete: boolean, settings: SkillSettings): UnrankedReason | null {
  if (status !== 'competed') return status;
  if (absentRounds.length > 0 && settings.roundAbsence === 'unranked') return 'absent';
  return complete ? null : 'incomplete';
}

/** Entry ids of tied groups that run across `boundary` (the last place of a prize). */
function tiesAcross(sorted: EntryResult[], boundary: number, included: (e: EntryResult) => boolean): number[] {
  if (boundary <= 0) return [];
  const atBoundary = sorted.filter((e) => e.rank !== null && e.rank <= boundary && included(e));
  const lastRank = Math.max(0, ...atBoundary.map((e) => e.rank!));
  const group = atBoundary.filter((e) => e.rank === lastRank);
  return lastRank + group.length - 1 > boundary ? group.map((e) => e.entryId) : [];
}

/**
 * Computes the results of one skill. See the module comment for statuses and precision, and
 * the functions above for each rule: completionMinutes(), prizeRule(), applyTitleRules()
 * (src/domain/title-rules.ts), standardise(), teamStandings().
 *
 * Per entry: each aspect's points (aspectOutcome(): recused judges left out, "not scored" and
 * incomplete count 0 but keep their status), round score = Σ aspect points out of maxScore,
 * total = Σ score × weight / maxScore out of 100, and the rounded values. Ranking on the rounded
 * total, then the tie-break chain, then shared ranks. Prizes by rank (ties never split), then
 * titles and promotions by the skill's ordered title rules over the ranked entries (their rank,
 * prize, rounded round scores, gender, age at the event date and current grade).
 */
export function computeSkillResults(input: ResultsInput): SkillResults {
  const { settings, rounds } = input.skill;
  const { decimals } = settings;
  const marksBy = new Map<string, ResultsMark[]>();
  for (const mark of input.marks) {
    const k = key(mark.entryId, mark.aspectId);
    const list = marksBy.get(k) ?? [];
    list.push(mark);
    marksBy.set(k, list);
  }
  const overridden = new Set((input.overrides ?? []).map((o) => key(o.entryId, o.aspectId)));
  const imported = new Map((input.roundScores ?? []).map((s) => [`${s.entryId}:${s.roundCode}`, s.score]));

  const results = input.entries.map((entry): EntryResult => {
    const status = normaliseStatus(entry.status);
    const roundAspects = rounds.map((round) =>
      round.aspects.map((a) =>
        aspectResult(entry, round.code, a, marksBy.get(key(entry.entryId, a.id)) ?? [], input.judges, settings, overridden.has(key(entry.entryId, a.id)), decimals),
      ),
    );
    const aspects = roundAspects.flat();
    const absentRounds = rounds.map((r) => r.code).filter((code) => (entry.absentRoundCodes ?? []).includes(code));
    const roundResults = rounds.map((round, i) =>
      round.scoring === 'imported'
        ? importedRoundResult(round, imported.get(`${entry.entryId}:${round.code}`) ?? null, decimals, absentRounds.includes(round.code))
        : roundResult(round, roundAspects[i]!, decimals, absentRounds.includes(round.code)),
    );
    const complete = roundResults.every((r) => r.complete);
    const unranked = unrankedReason(status, absentRounds, complete, settings);
    const total = unranked === null ? roundResults.reduce((sum, r) => sum + r.weighted, 0) : null;
    return {
      entryId: entry.entryId,
      organizationId: entry.organizationId,
      status,
      aspects,
      rounds: roundResults,
      complete,
      unranked,
      completionMinutes: completionMinutes(aspects),
      total,
      totalRounded: total === null ? null : roundHalfUp(total, decimals),
      rank: null,
      prize: null,
      titles: [],
      promotion: null,
      standardised: null,
    };
  });

  const sorted = rankEntries(results.filter((e) => e.unranked === null), settings.tieBreaks);
  const competitors = sorted.length;
  const notes: ResultsNote[] = [];
  const incomplete = results.filter((e) => e.unranked === 'incomplete').map((e) => e.entryId);
  if (incomplete.length > 0) notes.push({ code: 'incomplete', entryIds: incomplete });
  // Spreads still matter while marks are missing: ranked entries in rank order, then the incomplete ones.
  const flagged = [...sorted, ...results.filter((e) => e.unranked === 'incomplete')].flatMap((e) =>
    e.aspects.filter((a) => a.flagged).map((a) => ({ entryId: e.entryId, aspectId: a.aspectId, spread: a.spread! })),
  );
  if (flagged.length > 0) notes.push({ code: 'flagged', items: flagged });
  // Incomplete entries are unranked: those are the ones with an aspect that cannot be computed.
  const notComputable = [...sorted, ...results.filter((e) => e.unranked === 'incomplete')].flatMap((e) =>
    e.aspects.filter((a) => a.notComputable).map((a) => ({ entryId: e.entryId, aspectId: a.aspectId, reason: a.notComputable! })),
  );
  if (notComputable.length > 0) notes.push({ code: 'notComputable', items: notComputable });

  // Prizes.
  const rule = prizeRule(settings, competitors);
  if (rule.minimumFieldApplied && competitors > 0) {
    notes.push({ code: 'minimumField', competitors, minimumField: settings.awardMinimumField });
  }
  const below: number[] = [];
  for (const entry of sorted) {
    const prize = prizeFor(entry.rank!, rule.quotas);
    if (prize !== null && settings.awardMinimumScore !== null && entry.totalRounded! < settings.awardMinimumScore) below.push(entry.entryId);
    else entry.prize = prize;
  }
  if (below.length > 0) notes.push({ code: 'belowMinimumScore', minimumScore: settings.awardMinimumScore!, entryIds: below });
  const { first, second, third } = rule.quotas;
  ([[1, first], [2, first + second], [3, first + second + third]] as const).forEach(([prize, boundary]) => {
    const tied = tiesAcross(sorted, boundary, (e) => e.prize === prize);
    if (tied.length > 0) notes.push({ code: 'boundaryTie', prize, entryIds: tied });
  });
  const prizeCounts: PrizeCounts = {
    first: sorted.filter((e) => e.prize === 1).length,
    second: sorted.filter((e) => e.prize === 2).length,
    third: sorted.filter((e) => e.prize === 3).length,
  };

  // Titles and promotion.
  const people = new Map(input.entries.map((e) => [e.entryId, e]));
  const titleRules = applyTitleRules(
    settings.titleRules,
    sorted.map((e) => {
      const person = people.get(e.entryId)!;
      return {
        entryId: e.entryId, rank: e.rank!, prize: e.prize, rounds: e.rounds.map((r) => ({ code: r.code, score: r.scoreRounded })),
        gender: person.gender ?? null, birthDate: person.birthDate ?? null, skillLevel: person.skillLevel ?? '',
      };
    }),
    input.eventDate ?? null,
  );
  for (const entry of sorted) {
    const award = titleRules.awards.get(entry.entryId)!;
    entry.titles = award.titles;
    entry.promotion = award.promotion;
  }
  notes.push(...titleRules.notes);

  // Standardised scores.
  let standardisation: Standardisation | null = null;
  if (settings.standardisedScore && competitors > 0) {
    standardisation = standardise(sorted.map((e) => e.totalRounded!), decimals);
    standardisation.scores.forEach((score, i) => (sorted[i]!.standardised = score));
    if (standardisation.sd === 0) notes.push({ code: 'standardisedDegenerate', reason: competitors < 2 ? 'single' : 'noSpread' });
  }

  const unranked = unrankedOrder.flatMap((reason) => results.filter((e) => e.unranked === reason));
  const entries = [...sorted, ...unranked];
  return {
    entries,
    competitors,
    prizeCounts,
    prizeRule: rule,
    standardisation,
    teams: input.teams ? teamStandings(input.teams, entries, settings.teamScoring, decimals) : [],
    notes,
  };
}
