import type { Translate } from '../../src/i18n/index.ts';
import { TECHNICAL_EXPERT, type TitleRule } from '../../src/domain/title-rules.ts';

/**
 * Title rules in words, one sentence per rule, for the results page, the public notice, the
 * printed notice and the promotion list: "前5名授予技术能手称号，并晋升一个职业技能等级。" /
 * "Ranks 1 to 5: the title Technical expert (技术能手) and promotion by one skill level."
 * The catalogues hold the pieces; the order of the pieces is the same in both languages.
 */

/** A title as shown: the default 技术能手 has an English name; any other title is the organizer's own text. */
export function titleLabel(t: Translate, title: string): string {
  return title === TECHNICAL_EXPERT ? t('results.title.default') : title;
}

function rankWords(t: Translate, rule: TitleRule): string {
  const { rankFrom: from, rankTo: to, topHalf } = rule;
  const base = from !== null && to !== null
    ? t('titleRules.words.rankRange', { from, to })
    : to !== null ? t('titleRules.words.rankTo', { to })
      : from !== null && !topHalf ? t('titleRules.words.rankFrom', { from }) : '';
  if (!topHalf) return base;
  if (to === null) return from !== null ? t('titleRules.words.fromTopHalf', { from }) : t('titleRules.words.topHalf');
  return t('titleRules.words.withinTopHalf', { rank: base });
}

/** Who the rule applies to: "前5名", "获一、二、三等奖的选手", "前5名的女选手" … */
export function ruleWho(t: Translate, rule: TitleRule, roundName: (code: string) => string): string {
  const parts: string[] = [];
  const rank = rankWords(t, rule);
  if (rank) parts.push(rank);
  if (rule.prizes.length > 0) {
    parts.push(t('titleRules.words.prizes', { list: rule.prizes.map((p) => t(`titleRules.words.prize.${p}`)).join(t('titleRules.words.listSeparator')) }));
  }
  for (const { round, min } of rule.minScores) parts.push(t('titleRules.words.minScore', { round: roundName(round), min: String(min) }));
  if (rule.underAge !== null) parts.push(t('titleRules.words.underAge', { age: rule.underAge }));
  const who = parts.join(t('titleRules.words.partSeparator'));
  if (rule.gender !== null) {
    return who === '' ? t(`titleRules.words.${rule.gender}All`) : t(`titleRules.words.${rule.gender}`, { who });
  }
  // A rank alone reads as it is ("前5名授予…"); anything more names the contestants ("…的选手").
  return parts.length === 1 && rank !== '' ? who : t('titleRules.words.who', { who });
}

/** What the rule gives: "授予技术能手称号，并晋升一个职业技能等级". */
export function ruleAction(t: Translate, rule: TitleRule): string {
  const actions: string[] = [];
  if (rule.title !== '') actions.push(t('titleRules.words.title', { title: titleLabel(t, rule.title) }));
  if (rule.promotion === 'step') actions.push(t('titleRules.words.step'));
  if (rule.promotion === 'to' && rule.promotionTo) actions.push(t('titleRules.words.to', { level: t(`contestant.level.${rule.promotionTo}`) }));
  return actions.join(t('titleRules.words.and'));
}

/** One sentence per rule, capitalised for English. */
export function titleRuleSentence(t: Translate, rule: TitleRule, roundName: (code: string) => string): string {
  const sentence = t('titleRules.words.sentence', { who: ruleWho(t, rule, roundName), action: ruleAction(t, rule) });
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** An award as a line: 二等奖、技术能手 (a prize, then the titles). */
export function awardLabel(t: Translate, award: { prize: 1 | 2 | 3 | null; titles: readonly string[] }): string {
  return [award.prize ? t(`results.prize.${award.prize}`) : null, ...award.titles.map((title) => titleLabel(t, title))]
    .filter((part): part is string => part !== null).join(t('titleRules.words.listSeparator'));
}

/** A skill level (职业资格等级) as shown: "Senior worker (高级工)"; none given reads "None". */
export const levelLabel = (t: Translate, level: string): string => t(`contestant.level.${level || 'none'}` as Parameters<Translate>[0]);
