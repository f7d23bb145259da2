import { z } from '../zod.ts';
import { recordAudit } from '../audit/record.ts';
import type { Db } from '../db/client.ts';
import { MAX_ID } from '../http/ids.ts';
import { displayTopic, notifierOf } from '../live/notifier.ts';
import { done, invalid, notFound, parse, type Outcome, type Problem } from '../outcome.ts';
import { DEFAULT_INTERVAL_SECONDS, type DisplaySettings } from './queries.ts';

/** How fast the big screen may rotate: long enough to read ten rows, short enough to notice (display.error.interval names them). */
export const MIN_INTERVAL = 5;
export const MAX_INTERVAL = 300;

const skillId = z.number({ error: 'validation.choice' }).int('validation.choice').positive('validation.choice').max(MAX_ID, 'validation.choice');

/** The big screen's settings, as the control screen and the API send them. */
export const displaySettingsInput = z.object({
  skillIds: z.array(skillId).max(500).default([]),
  pinnedSkillId: skillId.nullable().default(null),
  intervalSeconds: z.number({ error: 'validation.invalid' }).int('validation.invalid')
    .min(MIN_INTERVAL, 'display.error.interval').max(MAX_INTERVAL, 'display.error.interval').default(DEFAULT_INTERVAL_SECONDS),
  titleOnly: z.boolean({ error: 'validation.choice' }).default(false),
});

/**
 * Saves what the big screen shows (which published skills rotate, how fast, a pinned skill, or
 * the title only), audited, and tells every open display to fetch its board again.
 */
export async function saveDisplaySettings(db: Db, eventId: number, raw: unknown, accountId: number): Promise<Outcome<DisplaySettings>> {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, skills: { select: { id: true } } } });
  if (!event) return notFound();
  const parsed = parse(displaySettingsInput, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  const eventSkills = new Set(event.skills.map((s) => s.id));
  const problems: Problem[] = [];
  input.skillIds.forEach((id, index) => { if (!eventSkills.has(id)) problems.push({ field: `skillIds.${index}`, key: 'validation.choice' }); });
  if (input.pinnedSkillId !== null && !eventSkills.has(input.pinnedSkillId)) problems.push({ field: 'pinnedSkillId', key: 'validation.choice' });
  if (problems.length > 0) return invalid(problems);
  const settings: DisplaySettings = { ...input, skillIds: [...new Set(input.skillIds)] };
  const data = { ...settings, skillIds: JSON.stringify(settings.skillIds) };
  await db.$transaction(async (tx) => {
    await tx.displaySetting.upsert({ where: { eventId }, create: { eventId, ...data }, update: data });
    await recordAudit(tx, { accountId, eventId, action: 'display.settings', subject: `event ${eventId}`, details: { ...settings } });
  });
  notifierOf(db).changed(displayTopic(eventId));
  return done(settings);
}
