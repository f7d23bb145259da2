import { defaultTitleRules, validateTitleRules, type TitleRule, type TitleRuleIssueCode } from './title-rules.ts';

/**
 * A skill's competition rules as plain data: rounds with weights and maxima, the marking
 * scheme tree (criterion → aspect), and the settings the scoring engine reads. Pure: no I/O.
 * validateSkill() lists every problem with a path and a message code, so the editor, the
 * spreadsheet import and the API all refuse the same things for the same reasons.
 */

export const aspectTypes = ['measurement', 'judgement', 'deduction', 'time'] as const;
export type AspectType = (typeof aspectTypes)[number];

export const aggregations = ['mean', 'trimmed_mean', 'median'] as const;
export type Aggregation = (typeof aggregations)[number];

export const awardModes = ['ratio', 'count'] as const;
export type AwardMode = (typeof awardModes)[number];

export const teamScorings = ['sum', 'mean'] as const;

/**
 * How a round gets its scores: 'marks' from judges marking the scheme's aspects; 'imported'
 * from another system (the theory exam's 机考成绩), one score per entry out of maxScore, with no
 * criteria or aspects (src/domain/round-scores.ts).
 */
export const roundScorings = ['marks', 'imported'] as const;
export type RoundScoring = (typeof roundScorings)[number];
export type TeamScoring = (typeof teamScorings)[number];
/** A team has at least 2 members (one is an individual entry) and at most 10 (a large crew). */
export const TEAM_SIZE_LIMITS = { min: 2, max: 10 } as const;

/**
 * What 缺考 (an entry checked in but absent from one round) means for its result:
 * unranked — no total, rank or award (the usual rule: 缺考任一模块不计总成绩排名), the default;
 * zero — that round scores 0 and the entry is ranked on the rest.
 */
export const roundAbsenceRules = ['unranked', 'zero'] as const;
export type RoundAbsenceRule = (typeof roundAbsenceRules)[number];

/** A measured value within ±tolerance of the nominal earns `mark`; the first band that fits wins. */
export interface ToleranceBand {
  tolerance: number;
  mark: number;
}

export type AspectRule =
  /**
   * How the judge marks it (see measurementMode()): entry 'points' — the judge enters the points
   * earned, 0…maxMark in steps of `step` (nominal and unit are only shown); otherwise, without
   * bands the judge awards full marks or zero, and with bands enters the measured value. Rules
   * stored before `entry` existed have no such field and keep that meaning.
   */
  | { type: 'measurement'; nominal: number | null; unit: string; step: number; bands: ToleranceBand[]; entry?: 'points' }
  /** Each judge gives 0–3 against the written descriptors; mark = mean / 3 × maxMark. */
  | { type: 'judgement'; levels: [string, string, string, string] }
  /** maxMark minus perOccurrence per occurrence, at most `cap` in all, never below 0. */
  | { type: 'deduction'; perOccurrence: number; cap: number }
  /** maxMark minus penaltyPerMinute per started minute over the limit; maxMark 0 records time only (tie-break). */
  | { type: 'time'; limitMinutes: number; penaltyPerMinute: number };

export type MeasurementMode = 'passFail' | 'bands' | 'points';

/** The three ways a measurement aspect is marked; an absent `entry` is today's pass/fail or bands. */
export function measurementMode(rule: Extract<AspectRule, { type: 'measurement' }>): MeasurementMode {
  if (rule.entry === 'points') return 'points';
  return rule.bands.length > 0 ? 'bands' : 'passFail';
}

export interface Aspect {
  code: string;
  name: string;
  maxMark: number;
  rule: AspectRule;
}

export interface Criterion {
  code: string;
  name: string;
  aspects: Aspect[];
}

export interface Round {
  /** Stable short code (e.g. "theory", "practical"), used by the tie-break chain and imports. */
  code: string;
  name: string;
  /** Percent of the final total out of 100. */
  weight: number;
  /** The round is scored out of this and normalised by its weight (an imported round: the exam's maximum, e.g. 100). */
  maxScore: number;
  /** 'marks' when absent (rounds stored before imported rounds existed). */
  scoring?: RoundScoring;
  /** Always empty for an imported round. */
  criteria: Criterion[];
}

/** "completion_time" or "round:<round code>", tried in order when totals are equal. */
export type TieBreak = 'completion_time' | `round:${string}`;

export interface SkillSettings {
  judgesPerAspect: number;
  aggregation: Aggregation;
  /** Judgement marks (0–3) differing by more than this are flagged. */
  spreadLimit: number;
  /** Display and rank on this many decimals; full precision is kept inside. */
  decimals: number;
  tieBreaks: TieBreak[];
  awardMode: AwardMode;
  /** Percent of competitors (ratio) or number of prizes (count) for 1st, 2nd, 3rd. */
  awardFirst: number;
  awardSecond: number;
  awardThird: number;
  /** No prize below this total (out of 100); null for none. */
  awardMinimumScore: number | null;
  /** With fewer competitors than this, prizes are reduced (see the results engine). */
  awardMinimumField: number;
  /**
   * A team skill: every entry competes in a team of teamSizeMin…teamSizeMax members of its own
   * organization (src/domain/teams.ts), and the teams are ranked by teamScoring. The three team
   * settings are read (and validated) only for a team skill.
   */
  teamSkill: boolean;
  teamSizeMin: number;
  teamSizeMax: number;
  /** Titles and promotions, an ordered list of rules (src/domain/title-rules.ts); [] for none. */
  titleRules: TitleRule[];
  teamScoring: TeamScoring;
  standardisedScore: boolean;
  /** What an absence from one round (缺考) means; see roundAbsenceRules. */
  roundAbsence: RoundAbsenceRule;
  /** 人证核验: check-in marks an entry present only with the last four characters of its ID card. */
  identityCheck: boolean;
}

export const defaultSkillSettings: SkillSettings = {
  judgesPerAspect: 3,
  aggregation: 'mean',
  spreadLimit: 1,
  decimals: 2,
  tieBreaks: ['completion_time', 'round:practical', 'round:theory'],
  awardMode: 'ratio',
  awardFirst: 10,
  awardSecond: 20,
  awardThird: 30,
  awardMinimumScore: null,
  awardMinimumField: 5,
  teamSkill: false,
  teamSizeMin: 2,
  teamSizeMax: 3,
  titleRules: defaultTitleRules,
  teamScoring: 'sum',
  standardisedScore: false,
  roundAbsence: 'unranked',
  identityCheck: false,
};

/** The common default: theory 30 %, practical 70 %, each out of 100. */
export function defaultRounds(names: { theory: string; practical: string }): Round[] {
  return [
    { code: 'theory', name: names.theory, weight: 30, maxScore: 100, criteria: [] },
    { code: 'practical', name: names.practical, weight: 70, maxScore: 100, criteria: [] },
  ];
}

export interface SchemeIssue {
  /** Where: e.g. "rounds.1.criteria.0.aspects.2.maxMark" or "settings.awardFirst". */
  path: string;
  /** A message code; the catalogue key is "scheme.issue.<code>". */
  code: SchemeIssueCode;
  params?: Record<string, string | number>;
}

export type SchemeIssueCode =
  | 'noRounds'
  | 'weightsSum'
  | 'weightRange'
  | 'positive'
  | 'nonNegative'
  | 'integer'
  | 'tooManyDecimals'
  | 'required'
  | 'duplicateCode'
  | 'codeFormat'
  | 'roundTotal'
  | 'emptyRound'
  | 'levelsRequired'
  | 'capAboveMax'
  | 'bandAboveMax'
  | 'bandsOrder'
  | 'pointsNoBands'
  | 'maxNotStep'
  | 'timeRecordOnly'
  | 'trimmedNeedsThree'
  | 'judgesRange'
  | 'teamSizeRange'
  | 'teamSizeOrder'
  | 'decimalsRange'
  | 'ratioSum'
  | 'percentRange'
  | 'tieBreakUnknownRound'
  | 'tieBreakDuplicate'
  | 'scoreRange'
  | 'roundAbsenceRule'
  | 'importedHasCriteria'
  | TitleRuleIssueCode;

export interface SchemeWarning {
  path: string;
  /** The catalogue key is "scheme.warning.<code>". */
  code: 'theoryShare';
  params?: Record<string, string | number>;
}

/** Marks and weights are kept to thousandths; comparing sums in integers avoids 0.1 + 0.2. */
const SCALE = 1000;
export const toMilli = (value: number) => Math.round(value * SCALE);
export const sumExact = (values: number[]) => values.reduce((total, v) => total + toMilli(v), 0) / SCALE;
const hasAtMostDecimals = (value: number, decimals: number) =>
  Math.abs(value * 10 ** decimals - Math.round(value * 10 ** decimals)) < 1e-6;

/** True when `value` is a whole multiple of `step`, up to floating-point error (12.03 with step 0.01). */
export function isMultipleOfStep(value: number, step: number): boolean {
  if (!(step > 0)) return false;
  const nearest = Math.round(value / step) * step;
  return Math.abs(nearest - value) <= 1e-9 * Math.max(Math.abs(value), step);
}

export const CODE_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,19}$/u;

class Issues {
  readonly list: SchemeIssue[] = [];
  add(path: string, code: SchemeIssueCode, params?: SchemeIssue['params']) {
    this.list.push(params ? { path, code, params } : { path, code });
  }
  /** A positive number with at most three decimals (marks, weights, maxima). */
  amount(path: string, value: number, { allowZero = false } = {}) {
    if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
      this.add(path, allowZero ? 'nonNegative' : 'positive');
    } else if (!hasAtMostDecimals(value, 3)) {
      this.add(path, 'tooManyDecimals', { decimals: 3 });
    }
  }
  integer(path: string, value: number, min: number, max: number, code: SchemeIssueCode = 'integer') {
    if (!Number.isInteger(value) || value < min || value > max) this.add(path, code, { min, max });
  }
  text(path: string, value: string) {
    if (value.trim() === '') this.add(path, 'required');
  }
  codes(prefix: string, items: { code: string }[]) {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const path = `${prefix}.${index}.code`;
      if (!CODE_PATTERN.test(item.code)) this.add(path, 'codeFormat');
      else if (seen.has(item.code.toLowerCase())) this.add(path, 'duplicateCode', { code: item.code });
      seen.add(item.code.toLowerCase());
    });
  }
}

export function validateAspect(aspect: Aspect, path: string, issues = new Issues()): SchemeIssue[] {
  issues.text(`${path}.name`, aspect.name);
  const { rule } = aspect;
  const recordOnlyTime = rule.type === 'time' && aspect.maxMark === 0;
  issues.amount(`${path}.maxMark`, aspect.maxMark, { allowZero: recordOnlyTime });
  switch (rule.type) {
    case 'judgement':
      rule.levels.forEach((level, index) => {
        if (level.trim() === '') issues.add(`${path}.rule.levels.${index}`, 'levelsRequired');
      });
      break;
    case 'deduction':
      issues.amount(`${path}.rule.perOccurrence`, rule.perOccurrence);
      issues.amount(`${path}.rule.cap`, rule.cap);
      if (rule.cap > aspect.maxMark) issues.add(`${path}.rule.cap`, 'capAboveMax', { max: aspect.maxMark });
      break;
    case 'time':
      issues.amount(`${path}.rule.limitMinutes`, rule.limitMinutes);
      issues.amount(`${path}.rule.penaltyPerMinute`, rule.penaltyPerMinute, { allowZero: true });
      if ((rule.penaltyPerMinute === 0) !== (aspect.maxMark === 0)) {
        issues.add(`${path}.rule.penaltyPerMinute`, 'timeRecordOnly');
      }
      break;
    case 'measurement':
      issues.amount(`${path}.rule.step`, rule.step);
      if (rule.nominal !== null && !Number.isFinite(rule.nominal)) issues.add(`${path}.rule.nominal`, 'required');
      if (measurementMode(rule) === 'points') {
        // Points as marked: bands would say something else, and a maximum the steps cannot reach is a typo.
        if (rule.bands.length > 0) issues.add(`${path}.rule.bands`, 'pointsNoBands');
        if (rule.step > 0 && aspect.maxMark > 0 && !isMultipleOfStep(aspect.maxMark, rule.step)) {
          issues.add(`${path}.maxMark`, 'maxNotStep', { step: rule.step });
        }
        break;
      }
      if (rule.bands.length > 0 && rule.nominal === null) issues.add(`${path}.rule.nominal`, 'required');
      rule.bands.forEach((band, index) => {
        issues.amount(`${path}.rule.bands.${index}.tolerance`, band.tolerance, { allowZero: true });
        issues.amount(`${path}.rule.bands.${index}.mark`, band.mark, { allowZero: true });
        if (band.mark > aspect.maxMark) {
          issues.add(`${path}.rule.bands.${index}.mark`, 'bandAboveMax', { max: aspect.maxMark });
        }
        const previous = rule.bands[index - 1];
        if (previous && (band.tolerance <= previous.tolerance || band.mark > previous.mark)) {
          issues.add(`${path}.rule.bands.${index}`, 'bandsOrder');
        }
      });
      break;
  }
  return issues.list;
}

export function validateRounds(rounds: Round[], issues = new Issues()): SchemeIssue[] {
  if (rounds.length === 0) issues.add('rounds', 'noRounds');
  issues.codes('rounds', rounds);
  rounds.forEach((round, r) => {
    const path = `rounds.${r}`;
    issues.text(`${path}.name`, round.name);
    if (!(round.weight > 0 && round.weight <= 100)) issues.add(`${path}.weight`, 'weightRange');
    else if (!hasAtMostDecimals(round.weight, 2)) issues.add(`${path}.weight`, 'tooManyDecimals', { decimals: 2 });
    issues.amount(`${path}.maxScore`, round.maxScore);
    issues.codes(`${path}.criteria`, round.criteria);
    if (round.scoring === 'imported') {
      // Its scores come from the exam system: nothing for judges to mark, nothing to add up.
      if (round.criteria.length > 0) issues.add(`${path}.criteria`, 'importedHasCriteria');
      return;
    }
    const allAspects = round.criteria.flatMap((c) => c.aspects);
    issues.codes(`${path}.aspects`, allAspects);
    round.criteria.forEach((criterion, c) => {
      issues.text(`${path}.criteria.${c}.name`, criterion.name);
      criterion.aspects.forEach((aspect, a) => validateAspect(aspect, `${path}.criteria.${c}.aspects.${a}`, issues));
    });
    if (allAspects.length === 0) {
      issues.add(`${path}.criteria`, 'emptyRound');
    } else {
      const total = sumExact(allAspects.map((a) => a.maxMark));
      if (toMilli(total) !== toMilli(round.maxScore)) {
        issues.add(`${path}.maxScore`, 'roundTotal', { total, max: round.maxScore });
      }
    }
  });
  const weights = sumExact(rounds.map((r) => r.weight));
  if (rounds.length > 0 && toMilli(weights) !== toMilli(100)) issues.add('rounds.weight', 'weightsSum', { total: weights });
  return issues.list;
}

export function validateSettings(settings: SkillSettings, roundCodes: string[], issues = new Issues()): SchemeIssue[] {
  const p = (name: keyof SkillSettings) => `settings.${name}`;
  issues.integer(p('judgesPerAspect'), settings.judgesPerAspect, 1, 9, 'judgesRange');
  if (settings.aggregation === 'trimmed_mean' && settings.judgesPerAspect < 3) {
    issues.add(p('aggregation'), 'trimmedNeedsThree');
  }
  if (!(settings.spreadLimit >= 0 && settings.spreadLimit <= 3)) issues.add(p('spreadLimit'), 'scoreRange', { min: 0, max: 3 });
  issues.integer(p('decimals'), settings.decimals, 0, 4, 'decimalsRange');

  const seen = new Set<string>();
  settings.tieBreaks.forEach((tieBreak, index) => {
    const path = `${p('tieBreaks')}.${index}`;
    if (seen.has(tieBreak)) issues.add(path, 'tieBreakDuplicate');
    seen.add(tieBreak);
    if (tieBreak.startsWith('round:') && !roundCodes.includes(tieBreak.slice('round:'.length))) {
      issues.add(path, 'tieBreakUnknownRound', { code: tieBreak.slice('round:'.length) });
    }
  });

  const prizes = [p('awardFirst'), p('awardSecond'), p('awardThird')] as const;
  const values = [settings.awardFirst, settings.awardSecond, settings.awardThird];
  if (settings.awardMode === 'ratio') {
    values.forEach((value, i) => {
      if (!(value >= 0 && value <= 100)) issues.add(prizes[i]!, 'percentRange');
    });
    if (values.every((v) => v >= 0) && sumExact(values) > 100) issues.add(p('awardThird'), 'ratioSum');
  } else {
    values.forEach((value, i) => issues.integer(prizes[i]!, value, 0, 10_000));
  }
  if (settings.awardMinimumScore !== null && !(settings.awardMinimumScore >= 0 && settings.awardMinimumScore <= 100)) {
    issues.add(p('awardMinimumScore'), 'scoreRange', { min: 0, max: 100 });
  }
  issues.integer(p('awardMinimumField'), settings.awardMinimumField, 0, 10_000);
  if (settings.teamSkill) {
    issues.integer(p('teamSizeMin'), settings.teamSizeMin, TEAM_SIZE_LIMITS.min, TEAM_SIZE_LIMITS.max, 'teamSizeRange');
    issues.integer(p('teamSizeMax'), settings.teamSizeMax, TEAM_SIZE_LIMITS.min, TEAM_SIZE_LIMITS.max, 'teamSizeRange');
    if (settings.teamSizeMax < settings.teamSizeMin) issues.add(p('teamSizeMax'), 'teamSizeOrder');
  }
  if (!(roundAbsenceRules as readonly string[]).includes(settings.roundAbsence)) issues.add(p('roundAbsence'), 'roundAbsenceRule');
  for (const issue of validateTitleRules(settings.titleRules, roundCodes)) issues.add(`settings.${issue.path}`, issue.code, issue.params);
  return issues.list;
}

/**
 * Whether the rounds add up, as validateRounds() counts them: at least one round, weights summing
 * to 100, each marked round with aspects whose maxima sum to its maximum, imported rounds without
 * criteria. A summary for the progress screens, which read counts rather than whole schemes; the
 * editor lists the problems themselves (validateSkill()). A skill's default rounds have no aspects yet.
 */
export function roundsAddUp(rounds: { weight: number; maxScore: number; scoring: RoundScoring; aspectMaxMarks: number[] }[]): boolean {
  if (rounds.length === 0 || toMilli(sumExact(rounds.map((r) => r.weight))) !== toMilli(100)) return false;
  return rounds.every((r) => (r.scoring === 'imported'
    ? r.aspectMaxMarks.length === 0
    : r.aspectMaxMarks.length > 0 && toMilli(sumExact(r.aspectMaxMarks)) === toMilli(r.maxScore)));
}

/** Every problem with a skill's rules; empty when the skill is ready to be judged. */
export function validateSkill(skill: { settings: SkillSettings; rounds: Round[] }): SchemeIssue[] {
  const issues = new Issues();
  validateRounds(skill.rounds, issues);
  validateSettings(skill.settings, skill.rounds.map((r) => r.code), issues);
  return issues.list;
}

/** Many official rules cap the theory share of the total at 30 % (DESIGN.md): above it is worth a second look, not an error. */
export const THEORY_SHARE_CAP = 30;

/**
 * The theory rounds: those whose scores are imported (the exam system's) and those with the code
 * "theory" (the default rounds' code, case-insensitive), since a theory round may also be marked.
 */
export const isTheoryRound = (round: Pick<Round, 'code' | 'scoring'>) => round.scoring === 'imported' || round.code.toLowerCase() === 'theory';

/** Things worth a second look that do not stop the skill: theory rounds weighing more than 30 % together. */
export function schemeWarnings(skill: { rounds: Pick<Round, 'code' | 'scoring' | 'weight'>[] }): SchemeWarning[] {
  const theory = skill.rounds.filter(isTheoryRound);
  const share = sumExact(theory.map((r) => r.weight));
  if (theory.length === 0 || toMilli(share) <= toMilli(THEORY_SHARE_CAP)) return [];
  const index = skill.rounds.indexOf(theory[0]!);
  return [{ path: `rounds.${index}.weight`, code: 'theoryShare', params: { share, cap: THEORY_SHARE_CAP } }];
}

/** Sum of the aspects' maximum marks, exact to thousandths. */
export function roundMarksTotal(round: Round): number {
  return sumExact(round.criteria.flatMap((c) => c.aspects.map((a) => a.maxMark)));
}
