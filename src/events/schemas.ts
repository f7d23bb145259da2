import { optionalTitleText, titleText } from '../names.ts';
import { z } from '../zod.ts';
import { aggregations, awardModes, defaultSkillSettings, roundAbsenceRules, roundScorings, teamScorings, type TieBreak } from '../domain/marking-scheme.ts';
import { promotionKinds, skillLevelLadder, TITLE_RULE_LIMITS, type TitleRule } from '../domain/title-rules.ts';

/**
 * Input shapes for events, skills, rounds and the marking scheme, shared by the organizer's
 * forms and the JSON API. Messages are catalogue keys; numbers may arrive as form strings.
 * Type checks live here; the rules (sums, caps, bands) live in src/domain/marking-scheme.ts.
 */

const FULL_WIDTH = /[０-９．－]/g;
/** Form fields arrive as strings, sometimes typed with a Chinese IME's full-width digits. */
function toNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim().replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  if (text === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

export const numberInput = z.preprocess(toNumber, z.number({ error: (issue) => (issue.input === undefined ? 'validation.required' : 'validation.number') }));
export const optionalNumberInput = z.preprocess(toNumber, z.number({ error: 'validation.number' }).nullable().optional());
const BOOLEAN_WORDS: Record<string, boolean> = { true: true, on: true, '1': true, false: false, off: false, '0': false };
/** Checkboxes send "true"/"on" (a hidden "false" before them); JSON sends booleans. Anything else is an error. */
const booleanInput = z.preprocess(
  (v) => (typeof v === 'string' && v in BOOLEAN_WORDS ? BOOLEAN_WORDS[v] : v),
  z.boolean({ error: 'validation.choice' }),
);
const text = (max: number) => z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong');
const optionalText = (max: number) => z.string().trim().max(max, 'validation.tooLong').optional().default('');
const dateInput = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z.iso.date({ error: 'validation.date' }).optional(),
);

export const eventInput = z
  .object({
    name: titleText(120),
    nameEn: optionalTitleText(160),
    startsOn: dateInput,
    endsOn: dateInput,
    venue: optionalTitleText(120),
    hostOrganization: optionalTitleText(120),
    allowMultipleSkills: booleanInput.optional().default(false),
    organizationBestN: z.preprocess(toNumber, z.number({ error: 'validation.number' }).int('validation.wholeNumber').min(1, 'validation.wholeNumber').max(1000, 'validation.wholeNumber')).optional().default(3),
  })
  .refine((e) => !e.startsOn || !e.endsOn || e.startsOn <= e.endsOn, {
    path: ['endsOn'],
    message: 'validation.endBeforeStart',
    // Also checked when another field (say, a blank name) failed, so all mistakes show at once.
    when: ({ value }) => {
      const { startsOn, endsOn } = (value ?? {}) as Record<string, unknown>;
      return typeof startsOn === 'string' && typeof endsOn === 'string';
    },
  });
export type EventInput = z.output<typeof eventInput>;

export const skillInput = z.object({
  name: titleText(60),
  nameEn: optionalTitleText(80),
});
export type SkillInput = z.output<typeof skillInput>;

const tieBreak = z.string().regex(/^(completion_time|round:.+)$/, 'validation.tieBreak').transform((v) => v as TieBreak);

/** A blank form field is "no condition": null. */
const optionalInteger = optionalNumberInput.transform((v) => v ?? null);

/**
 * One title rule (src/domain/title-rules.ts) as the editor and the API send it. Form rows send
 * strings, checkboxes only when ticked, and one "min" per round (blank: no minimum); the ranges
 * and the "does something" checks are validateTitleRules()'s.
 */
export const titleRuleInput = z.object({
  prizes: z.array(z.preprocess(toNumber, z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'validation.choice' }))).max(3).default([])
    .transform((prizes) => [...new Set(prizes)].sort()),
  rankFrom: optionalInteger,
  rankTo: optionalInteger,
  topHalf: booleanInput.optional().default(false),
  minScores: z.array(z.object({ round: z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(20, 'validation.tooLong'), min: optionalNumberInput.transform((v) => v ?? null) })).max(20).default([])
    .transform((list) => list.flatMap(({ round, min }) => (min === null ? [] : [{ round, min }]))),
  underAge: optionalInteger,
  gender: z.preprocess((v) => (v === '' ? null : v), z.enum(['male', 'female'], { error: 'validation.choice' }).nullable()).optional().default(null),
  title: optionalTitleText(TITLE_RULE_LIMITS.title),
  promotion: z.enum(promotionKinds, { error: 'validation.choice' }).optional().default('none'),
  promotionTo: z.preprocess((v) => (v === '' ? null : v), z.enum(skillLevelLadder, { error: 'validation.choice' }).nullable()).optional().default(null),
}).transform((rule): TitleRule => ({ ...rule, promotionTo: rule.promotion === 'to' ? rule.promotionTo : null }));

/** The ordered rules; up to 20 are checked by validateTitleRules(), more is refused here. */
export const titleRulesInput = z.array(titleRuleInput).max(TITLE_RULE_LIMITS.rules * 5, 'validation.tooLong');
/** The rule editor's form: the same field names as in the settings ("titleRules.0.rankTo"). */
export const titleRulesForm = z.object({ titleRules: titleRulesInput.optional().default([]) });

export const skillSettingsInput = z.object({
  judgesPerAspect: numberInput,
  aggregation: z.enum(aggregations, { error: 'validation.choice' }),
  spreadLimit: numberInput,
  decimals: numberInput,
  tieBreaks: z.array(tieBreak).max(10),
  awardMode: z.enum(awardModes, { error: 'validation.choice' }),
  awardFirst: numberInput,
  awardSecond: numberInput,
  awardThird: numberInput,
  awardMinimumScore: optionalNumberInput.transform((v) => v ?? null),
  awardMinimumField: numberInput,
  /** Absent: the skill's rules stay as they are (the settings form edits them in their own form). */
  titleRules: titleRulesInput.optional(),
  /** Absent (an older client, a form without the team section) means an individual skill. */
  teamSkill: booleanInput.optional().default(false),
  teamSizeMin: optionalNumberInput.transform((v) => v ?? defaultSkillSettings.teamSizeMin),
  teamSizeMax: optionalNumberInput.transform((v) => v ?? defaultSkillSettings.teamSizeMax),
  teamScoring: z.enum(teamScorings, { error: 'validation.choice' }).optional().default('sum'),
  standardisedScore: booleanInput,
  /** Optional for API clients written before the setting existed. */
  roundAbsence: z.enum(roundAbsenceRules, { error: 'validation.choice' }).default('unranked'),
  /** Optional for API clients written before the setting existed. */
  identityCheck: booleanInput.optional().default(false),
});
export type SkillSettingsInput = z.output<typeof skillSettingsInput>;

const code = z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(20, 'validation.tooLong');

export const roundInput = z.object({
  code,
  name: text(60),
  weight: numberInput,
  maxScore: numberInput,
  /** 'imported': the exam system's scores are imported, the round has no criteria. */
  scoring: z.enum(roundScorings, { error: 'validation.choice' }).optional().default('marks'),
});
export type RoundInput = z.output<typeof roundInput>;

export const criterionInput = z.object({ code, name: text(120) });
export type CriterionInput = z.output<typeof criterionInput>;

const band = z.object({ tolerance: numberInput, mark: numberInput });
export const aspectRuleInput = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('measurement'),
    nominal: optionalNumberInput.transform((v) => v ?? null),
    unit: optionalText(20),
    step: numberInput,
    bands: z.array(band).max(10).default([]),
    // The form's select sends "" for the measured value; absent keeps rules stored before this field.
    entry: z.preprocess((v) => (v === '' ? undefined : v), z.literal('points', { error: 'validation.choice' }).optional())
      .openapi({ description: '"points": the judge enters the points earned, 0…maxMark in steps of step (no bands). Absent: the measured value against the tolerance bands, or full marks / zero without bands.' }),
  }),
  z.object({
    type: z.literal('judgement'),
    levels: z.tuple([optionalText(500), optionalText(500), optionalText(500), optionalText(500)]),
  }),
  z.object({ type: z.literal('deduction'), perOccurrence: numberInput, cap: numberInput }),
  z.object({ type: z.literal('time'), limitMinutes: numberInput, penaltyPerMinute: numberInput }),
], { error: 'validation.choice' });

export const aspectInput = z.object({
  code,
  name: text(500),
  maxMark: numberInput,
  rule: aspectRuleInput,
});
export type AspectInput = z.output<typeof aspectInput>;

/** The whole scheme of one round, as the API and imports send it. */
export const schemeInput = z.array(
  roundInput.extend({
    criteria: z.array(criterionInput.extend({ aspects: z.array(aspectInput).max(200) })).max(100),
  }),
).max(20);
