/**
 * Titles and skill-level promotion (称号与技能等级晋升) as an ordered list of rules per skill.
 * Provinces word them differently; every example below is a list of these rules:
 *
 * - national: prize winners one grade up → { prizes: [1, 2, 3], promotion: 'step' };
 * - Hunan: prize winners to 技师, existing 技师 to 高级技师 → { prizes: [1, 2, 3], promotion: 'to',
 *   promotionTo: 'technician' } ("to grade X, or one step up if already at or above X");
 * - Hainan: gold/silver/bronze to 技师, merit winners (the places after the prizes) to 高级工 →
 *   rule 1 { prizes: [1, 2, 3] → to technician }, rule 2 { rankTo: merit places → to senior };
 * - some cities: 4th place to the top half to 高级工 → { rankFrom: 4, topHalf: true → to senior };
 * - some cities: theory and practical must both pass → minScores [{ theory ≥ 60 }, { practical ≥ 60 }];
 * - 2012 national: top 5 技师, 6th–15th 高级工 → { rankTo: 5 → to technician }, { rankFrom: 6, rankTo: 15 → to senior };
 * - extra titles: 青年岗位能手 { rankTo: 5, underAge: 35 }, 巾帼建功标兵 { rankTo: 5, gender: 'female' }.
 *
 * How a rule matches. Only ranked entries (the ones the results engine ranks: competed and
 * complete) are considered. Every condition given must hold (AND); a condition left out does
 * not restrict:
 * - prizes: the entry's prize is one of them;
 * - rankFrom / rankTo / topHalf: the entry's shared rank (1, 2, 2, 4) is within; topHalf means
 *   rank ≤ competitors / 2 (15 competitors: ranks 1–7), together with rankTo the smaller bound.
 *   Ranks are never renumbered: a tie is never split, because tied entries share one rank, so
 *   entries tied across a rule's last place all match it (noted), and after two entries tied
 *   5th the next is 7th — a "6th–15th" rule starts with him (the tie used place 6, no rank is
 *   skipped or shifted to make room);
 * - minScores: each named round's rounded score (out of that round's maximum) is at least min;
 * - underAge: the contestant is under N full years (未满N周岁) on the event's start date, from
 *   the birth date of the ID number: whoever turns N on or before that date is not under N.
 *   Without a start date no age can be known and an age rule matches nobody (noted);
 * - gender: the contestant's gender (from the ID number).
 *
 * How several matching rules combine. Titles: every matching rule's title, in rule order, each
 * title once. Grade: the first matching rule that has a promotion decides it alone (list the
 * more generous rule first); when it cannot promote (current grade not recorded, or already at
 * the top of the ladder) the entry is not promoted and is noted — a later rule does not step in,
 * since the organizer has to decide the unrecorded grade anyway.
 */
import type { Gender } from './id-number.ts';
import { ageOn } from './id-number.ts';
import type { SkillLevel } from './contestant-sheet.ts';

/** 学徒工 → 初级工 → 中级工 → 高级工 → 技师 → 高级技师 → 特级技师 → 首席技师 (职业技能等级, 新八级工). */
export const skillLevelLadder = [
  'apprentice', 'junior', 'intermediate', 'senior', 'technician', 'senior_technician', 'special_technician', 'chief_technician',
] as const satisfies readonly SkillLevel[];
export type GradeLevel = (typeof skillLevelLadder)[number];

export const promotionKinds = ['none', 'step', 'to'] as const;
export type PromotionKind = (typeof promotionKinds)[number];

export type RulePrize = 1 | 2 | 3;

export interface TitleRule {
  /** The entry's prize is one of these; [] for no prize condition. */
  prizes: RulePrize[];
  /** Shared rank at least this (1-based); null for none. */
  rankFrom: number | null;
  /** Shared rank at most this; null for none. */
  rankTo: number | null;
  /** Shared rank at most half the competitors (rounded down). */
  topHalf: boolean;
  /** Each round's rounded score at least `min`. */
  minScores: { round: string; min: number }[];
  /** Under this many full years on the event's start date; null for no age condition. */
  underAge: number | null;
  gender: Gender | null;
  /** The title given (技术能手, 青年岗位能手 …); '' for none. */
  title: string;
  /** none; step: one grade up; to: to promotionTo, or one step up if already at or above it. */
  promotion: PromotionKind;
  /** The target grade of 'to'; null otherwise. */
  promotionTo: GradeLevel | null;
}

/** A rule with no condition and no action: the editor's blank row. */
export const blankTitleRule: TitleRule = {
  prizes: [], rankFrom: null, rankTo: null, topHalf: false, minScores: [], underAge: null, gender: null,
  title: '', promotion: 'none', promotionTo: null,
};

export const TECHNICAL_EXPERT = '技术能手';

/** The default for new skills: the top 5 get 技术能手 and one grade up. */
export const defaultTitleRules: TitleRule[] = [{ ...blankTitleRule, rankTo: 5, title: TECHNICAL_EXPERT, promotion: 'step' }];

/**
 * The rule list equivalent to the single setting it replaced (titleTopN, titleName, promotion),
 * for published snapshots made before the rules existed. The migration that converted the
 * skills (prisma/migrations/…_title_rules) writes the same, in SQL: N > 0 → one rule "rank ≤ N",
 * title titleName or 技术能手 when blank (what the pages showed for a blank name), one grade up
 * when promotion was on; N = 0 → no rule (promotion only ever applied to title holders).
 */
export function legacyTitleRules(old: { titleTopN: number; titleName: string; promotion: boolean }): TitleRule[] {
  if (!(old.titleTopN > 0)) return [];
  return [{ ...blankTitleRule, rankTo: old.titleTopN, title: old.titleName.trim() || TECHNICAL_EXPERT, promotion: old.promotion ? 'step' : 'none' }];
}

/** Limits the editor, the API and validateTitleRules() share. */
export const TITLE_RULE_LIMITS = { rules: 20, title: 40, rank: 10_000, minAge: 16, maxAge: 100, score: 10_000 } as const;

/* ------------------------------------------------------------------------------------------ */
/* Grades                                                                                      */
/* ------------------------------------------------------------------------------------------ */

const ladderIndex = (level: SkillLevel) => (skillLevelLadder as readonly SkillLevel[]).indexOf(level);

/**
 * The grade one step up the ladder, or null: at 首席技师 (nothing higher) and for '' (no
 * qualification recorded — the database cannot tell "none" from "not entered", and promoting an
 * unknown grade would print a wrong certificate, so the organizer decides).
 */
export function nextSkillLevel(level: SkillLevel): GradeLevel | null {
  const index = ladderIndex(level);
  return index < 0 || index === skillLevelLadder.length - 1 ? null : skillLevelLadder[index + 1]!;
}

export type GradeOutcome = { ok: true; to: GradeLevel } | { ok: false; reason: 'unknown' | 'atTop' };

/**
 * Where a promotion rule takes a contestant at `from`: 'step' one grade up; 'to' X: to X when
 * below it, else one step up (Hunan: 高级工 → 技师, 技师 → 高级技师). An unrecorded grade is
 * 'unknown' for both kinds (whether someone is below 技师 cannot be known); 首席技师 is 'atTop'.
 */
export function promote(rule: Pick<TitleRule, 'promotion' | 'promotionTo'>, from: SkillLevel): GradeOutcome | null {
  if (rule.promotion === 'none') return null;
  if (ladderIndex(from) < 0) return { ok: false, reason: 'unknown' };
  if (rule.promotion === 'to' && rule.promotionTo !== null && ladderIndex(from) < ladderIndex(rule.promotionTo)) {
    return { ok: true, to: rule.promotionTo };
  }
  const next = nextSkillLevel(from);
  return next === null ? { ok: false, reason: 'atTop' } : { ok: true, to: next };
}

/* ------------------------------------------------------------------------------------------ */
/* Matching                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** A ranked entry as the rules see it. */
export interface RuleCandidate {
  entryId: number;
  rank: number;
  prize: RulePrize | null;
  /** Rounded round scores by round code. */
  rounds: { code: string; score: number }[];
  gender: Gender | null;
  /** "YYYY-MM-DD"; null when unknown. */
  birthDate: string | null;
  skillLevel: SkillLevel;
}

export interface EntryAwards {
  titles: string[];
  /** The promotion and the index (0-based) of the rule that gave it. */
  promotion: { from: SkillLevel; to: GradeLevel; rule: number } | null;
  /** Indexes of every matching rule, in order. */
  rules: number[];
}

export type TitleRuleNote =
  /** A tie across rule `rule`'s last rank: all tied entries match it. */
  | { code: 'titleBoundaryTie'; rule: number; entryIds: number[] }
  /** A promotion rule matched contestants whose grade is not recorded: no promotion, the organizer decides. */
  | { code: 'promotionLevelUnknown'; entryIds: number[] }
  /** A promotion rule matched contestants already at 首席技师: nothing higher. */
  | { code: 'promotionAtTop'; entryIds: number[] }
  /** Age rules but no event start date (or no birth date): they matched nobody. */
  | { code: 'ageUnknown'; rules: number[] };

/** The last rank a rule reaches with `competitors` ranked entries; null when it has no upper bound. */
export function rankLimit(rule: Pick<TitleRule, 'rankTo' | 'topHalf'>, competitors: number): number | null {
  const bounds = [rule.rankTo, rule.topHalf ? Math.floor(competitors / 2) : null].filter((b): b is number => b !== null);
  return bounds.length === 0 ? null : Math.min(...bounds);
}

function matches(rule: TitleRule, c: RuleCandidate, competitors: number, eventDate: string | null): boolean {
  if (rule.prizes.length > 0 && (c.prize === null || !rule.prizes.includes(c.prize))) return false;
  if (rule.rankFrom !== null && c.rank < rule.rankFrom) return false;
  const limit = rankLimit(rule, competitors);
  if (limit !== null && c.rank > limit) return false;
  for (const { round, min } of rule.minScores) {
    const score = c.rounds.find((r) => r.code === round)?.score;
    if (score === undefined || score < min) return false;
  }
  if (rule.underAge !== null) {
    if (eventDate === null || c.birthDate === null || !(ageOn(c.birthDate, eventDate) < rule.underAge)) return false;
  }
  if (rule.gender !== null && c.gender !== rule.gender) return false;
  return true;
}

/**
 * Applies the rules to the ranked entries (in rank order). See the module comment for how a
 * rule matches and how several combine. Returns the awards of every candidate (empty ones
 * included) and the notes.
 */
export function applyTitleRules(
  rules: TitleRule[],
  candidates: RuleCandidate[],
  eventDate: string | null,
): { awards: Map<number, EntryAwards>; notes: TitleRuleNote[] } {
  const competitors = candidates.length;
  const awards = new Map<number, EntryAwards>();
  const unknown: number[] = [];
  const atTop: number[] = [];
  for (const c of candidates) {
    const award: EntryAwards = { titles: [], promotion: null, rules: [] };
    let graded = false;
    rules.forEach((rule, index) => {
      if (!matches(rule, c, competitors, eventDate)) return;
      award.rules.push(index);
      if (rule.title !== '' && !award.titles.includes(rule.title)) award.titles.push(rule.title);
      if (graded) return;
      const outcome = promote(rule, c.skillLevel);
      if (outcome === null) return;
      graded = true;
      if (outcome.ok) award.promotion = { from: c.skillLevel, to: outcome.to, rule: index };
      else (outcome.reason === 'unknown' ? unknown : atTop).push(c.entryId);
    });
    awards.set(c.entryId, award);
  }

  const notes: TitleRuleNote[] = [];
  rules.forEach((rule, index) => {
    const limit = rankLimit(rule, competitors);
    if (limit === null) return;
    const matched = candidates.filter((c) => awards.get(c.entryId)!.rules.includes(index));
    const lastRank = Math.max(0, ...matched.map((c) => c.rank));
    const group = matched.filter((c) => c.rank === lastRank);
    // Tied entries occupy places lastRank … lastRank + size − 1; past the limit means the tie crossed it.
    if (group.length > 1 && lastRank + group.length - 1 > limit) notes.push({ code: 'titleBoundaryTie', rule: index, entryIds: group.map((c) => c.entryId) });
  });
  if (unknown.length > 0) notes.push({ code: 'promotionLevelUnknown', entryIds: unknown });
  if (atTop.length > 0) notes.push({ code: 'promotionAtTop', entryIds: atTop });
  const ageRules = rules.flatMap((rule, index) => (rule.underAge !== null ? [index] : []));
  if (ageRules.length > 0 && competitors > 0 && (eventDate === null || candidates.some((c) => c.birthDate === null))) {
    notes.push({ code: 'ageUnknown', rules: ageRules });
  }
  return { awards, notes };
}

/* ------------------------------------------------------------------------------------------ */
/* Validation                                                                                  */
/* ------------------------------------------------------------------------------------------ */

export type TitleRuleIssueCode =
  | 'rulesTooMany'
  | 'ruleNoCondition'
  | 'ruleNoAction'
  | 'rankOrder'
  | 'rankRange'
  | 'ageRange'
  | 'scoreRange'
  | 'ruleUnknownRound'
  | 'ruleDuplicateRound'
  | 'promotionTarget'
  | 'titleTooLong';

/**
 * Every problem with a rule list, as [path, code, params]: paths like "titleRules.2.rankTo".
 * The zod input schema checks types; these are the rules' own limits.
 */
export function validateTitleRules(
  rules: TitleRule[],
  roundCodes: string[],
): { path: string; code: TitleRuleIssueCode; params?: Record<string, string | number> }[] {
  const issues: { path: string; code: TitleRuleIssueCode; params?: Record<string, string | number> }[] = [];
  const L = TITLE_RULE_LIMITS;
  if (rules.length > L.rules) issues.push({ path: 'titleRules', code: 'rulesTooMany', params: { max: L.rules } });
  rules.forEach((rule, i) => {
    const p = (name: string) => `titleRules.${i}.${name}`;
    const isRank = (v: number | null) => v === null || (Number.isInteger(v) && v >= 1 && v <= L.rank);
    if (!isRank(rule.rankFrom)) issues.push({ path: p('rankFrom'), code: 'rankRange', params: { min: 1, max: L.rank } });
    if (!isRank(rule.rankTo)) issues.push({ path: p('rankTo'), code: 'rankRange', params: { min: 1, max: L.rank } });
    else if (rule.rankFrom !== null && rule.rankTo !== null && rule.rankFrom > rule.rankTo) issues.push({ path: p('rankTo'), code: 'rankOrder' });
    if (rule.underAge !== null && !(Number.isInteger(rule.underAge) && rule.underAge >= L.minAge && rule.underAge <= L.maxAge)) {
      issues.push({ path: p('underAge'), code: 'ageRange', params: { min: L.minAge, max: L.maxAge } });
    }
    const seen = new Set<string>();
    rule.minScores.forEach(({ round, min }, j) => {
      if (!roundCodes.includes(round)) issues.push({ path: p(`minScores.${j}.min`), code: 'ruleUnknownRound', params: { code: round } });
      else if (seen.has(round)) issues.push({ path: p(`minScores.${j}.min`), code: 'ruleDuplicateRound', params: { code: round } });
      seen.add(round);
      if (!(Number.isFinite(min) && min >= 0 && min <= L.score)) issues.push({ path: p(`minScores.${j}.min`), code: 'scoreRange', params: { min: 0, max: L.score } });
    });
    if ([...rule.title].length > L.title) issues.push({ path: p('title'), code: 'titleTooLong', params: { max: L.title } });
    if (rule.promotion === 'to' && rule.promotionTo === null) issues.push({ path: p('promotionTo'), code: 'promotionTarget' });
    const hasCondition = rule.prizes.length > 0 || rule.rankFrom !== null || rule.rankTo !== null || rule.topHalf
      || rule.minScores.length > 0 || rule.underAge !== null || rule.gender !== null;
    if (!hasCondition) issues.push({ path: p('rankTo'), code: 'ruleNoCondition' });
    if (rule.title === '' && rule.promotion === 'none') issues.push({ path: p('title'), code: 'ruleNoAction' });
  });
  return issues;
}
