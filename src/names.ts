import { cleanText, isLatinName, isPersonName, isTitle, normalizePersonName } from './domain/names.ts';
import { z } from './zod.ts';
import { normalizeTeamName, TEAM_NAME_MAX } from './domain/teams.ts';

/**
 * The zod side of src/domain/names.ts, for every schema that takes a name (forms and API alike):
 * the value is cleaned first, then checked, and the cleaned value is what gets stored.
 */
const cleaned = (clean: (text: string) => string, max: number, valid: (text: string) => boolean, message: string, required: boolean) =>
  z
    .string({ error: 'validation.required' })
    .transform(clean)
    .pipe(
      z
        .string()
        .min(required ? 1 : 0, 'validation.required')
        .max(max, 'validation.tooLong')
        .refine((text) => text === '' || valid(text), message),
    );

/** A contestant's, judge's or contact person's name. */
export const personName = (max: number) => cleaned(normalizePersonName, max, isPersonName, 'contestant.error.name', true);
export const optionalPersonName = (max: number) => cleaned(normalizePersonName, max, isPersonName, 'contestant.error.name', false).optional().default('');

/** A person's name in Latin letters ("Zhang Wei"), blank for pinyin made from the name. */
export const optionalLatinName = (max: number) => cleaned(normalizePersonName, max, isLatinName, 'contestant.error.nameLatin', false).optional().default('');

/** An organization's, event's or skill's name, a venue, a display name. */
export const titleText = (max: number) => cleaned(cleanText, max, isTitle, 'validation.nameStart', true);
export const optionalTitleText = (max: number) => cleaned(cleanText, max, isTitle, 'validation.nameStart', false).optional().default('');

/** A team's name in a team skill (src/domain/teams.ts); blank where the skill has no teams. */
export const optionalTeamName = cleaned(normalizeTeamName, TEAM_NAME_MAX, isTitle, 'validation.nameStart', false).optional().default('');
