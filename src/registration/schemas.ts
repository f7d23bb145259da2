import { optionalLatinName, optionalPersonName, optionalTeamName, personName, optionalTitleText, titleText } from '../names.ts';
import { z } from '../zod.ts';

/** Registration inputs shared by the organizer's forms, the delegation link and the API. */

const text = (max: number) => z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong');
const optionalText = (max: number) => z.string().trim().max(max, 'validation.tooLong').optional().default('');
const id = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number({ error: 'validation.choice' }).int().positive('validation.choice'));

import { skillLevels } from '../domain/contestant-sheet.ts';

export { skillLevels };

export const organizationInput = z.object({
  name: titleText(80),
  nameEn: optionalTitleText(160),
  contactName: optionalPersonName(30),
  contactPhone: optionalText(30),
});
export type OrganizationInput = z.output<typeof organizationInput>;

export const contestantInput = z.object({
  name: personName(30),
  nameLatin: optionalLatinName(60),
  gender: z.enum(['male', 'female'], { error: 'validation.choice' }),
  organizationId: id,
  idNumber: text(30),
  phone: optionalText(30),
  skillLevel: z.enum(skillLevels, { error: 'validation.choice' }).optional().default(''),
  /**
   * The skills entered, each with an optional bib (blank: the next free number) and, in a team
   * skill, the name of the entry's team (required there, ignored elsewhere; see src/domain/teams.ts).
   */
  entries: z
    .array(z.object({ skillId: id, bib: optionalText(12), team: optionalTeamName.openapi({
      description: 'In a team skill, the name of the entry\'s team (团队), required there and unique in the skill: a new name makes a team of the contestant\'s organization; a team of another organization, or one already at the skill\'s largest size, is refused. Ignored in other skills.',
      example: '船舶修造一队',
    }) }))
    .min(1, 'contestant.error.noSkill')
    .max(20),
});
export type ContestantInput = z.output<typeof contestantInput>;

export const delegationLinkInput = z.object({
  deadline: z.string({ error: 'validation.required' }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'validation.dateTime'),
});

export const attendanceInput = z.object({
  attendance: z.enum(['present', 'absent'], { error: 'validation.choice' }),
  /** The last four characters of the ID card as the desk read them: checked when given, and required for "present" in a skill with identityCheck. */
  last4: z.string().trim().max(8, 'validation.tooLong').optional(),
});

export const drawInput = z.object({
  roundId: z.preprocess((v) => (v === '' || v === undefined || v === null ? null : Number(v)), z.number().int().positive().nullable()),
  reason: optionalText(500),
});
