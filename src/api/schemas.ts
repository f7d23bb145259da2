import { z } from '@hono/zod-openapi';
import { eventStatuses } from '../domain/event-lifecycle.ts';
import {
  aspectInput,
  criterionInput,
  eventInput,
  roundInput,
  schemeInput,
  skillInput,
  skillSettingsInput,
} from '../events/schemas.ts';
import { MAX_ID } from '../http/ids.ts';

/**
 * Shapes for the OpenAPI document. Request bodies are the input schemas of src/events/schemas.ts
 * under a name (the commands validate them; numbers are documented as numbers even though forms
 * may send strings). Responses reuse those shapes with the stored ids.
 */

const id = z.number().int().positive();

/** Ids are 32-bit in the database (MAX_ID, the pages' limit too). */
export const idInput = (number: z.ZodNumber) =>
  number.int('api.error.badId').positive('api.error.badId').max(MAX_ID, 'api.error.badId');

/**
 * An id in a path or query string: decimal digits only (no sign, leading zero, exponent, hex or
 * spaces, which Number() would accept), read the way the pages read theirs (src/http/ids.ts).
 */
export const idText = () =>
  z.string().regex(/^[1-9][0-9]*$/, 'api.error.badId').transform(Number).pipe(idInput(z.number({ error: 'api.error.badId' })));

export const idParams = z.object({
  id: idText().openapi({ param: { name: 'id', in: 'path' }, example: '1' }),
});

export const eventListQuery = z.object({
  archived: z
    .enum(['true', 'false'], { error: 'validation.choice' })
    .optional()
    .openapi({ param: { name: 'archived', in: 'query' }, description: 'List archived events instead of current ones.' }),
});

/** API-only bodies: small enough to validate in the handler with the same error format. */
export const statusInput = z.object({
  status: z.enum(eventStatuses, { error: 'validation.choice' }),
  reason: z.string().max(500, 'validation.tooLong').optional()
    .openapi({ description: 'Why the event goes a stage back; required once marks, scores or publications exist (kept in the audit log).' }),
});
export const skillCopyInput = z.object({ eventId: idInput(z.number({ error: 'api.error.badId' })) });

export const requestBodies = {
  EventInput: eventInput,
  EventStatusInput: statusInput,
  SkillInput: skillInput,
  SkillSettingsInput: skillSettingsInput,
  SkillCopyInput: skillCopyInput,
  SchemeInput: schemeInput,
  RoundInput: roundInput,
  CriterionInput: criterionInput,
  AspectInput: aspectInput,
} as const;
export type RequestBodyName = keyof typeof requestBodies;

const isoDate = z.iso.date().nullable();

export const eventSchema = z
  .object({
    id,
    name: z.string(),
    nameEn: z.string(),
    status: z.enum(eventStatuses),
    startsOn: isoDate,
    endsOn: isoDate,
    venue: z.string(),
    hostOrganization: z.string(),
    allowMultipleSkills: z.boolean(),
    organizationBestN: z.number().int(),
    skillCount: z.number().int(),
  })
  .openapi('Event');

export const skillSummarySchema = skillInput.extend({ id, eventId: id, position: z.number().int() }).openapi('SkillSummary');

export const eventDetailSchema = eventSchema.extend({ skills: z.array(skillSummarySchema) }).openapi('EventDetail');

export const aspectSchema = aspectInput.extend({ id }).openapi('Aspect');
export const criterionSchema = criterionInput.extend({ id, aspects: z.array(aspectSchema) }).openapi('Criterion');
export const roundSchema = roundInput.extend({ id, criteria: z.array(criterionSchema) }).openapi('Round');
export const schemeSchema = z.array(roundSchema).openapi('Scheme');

export const skillDetailSchema = skillSummarySchema
  .extend({ settings: skillSettingsInput, rounds: schemeSchema })
  .openapi('SkillDetail');
