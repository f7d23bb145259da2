import { z } from '../zod.ts';
import { recordAudit } from '../audit/record.ts';
import { snapshotAfter } from '../backups/index.ts';
import type { Db } from '../db/client.ts';
import { conflict, done, invalid, notFound, parse, type Outcome, type Problem } from '../outcome.ts';
import { displayTopic, notifierOf } from '../live/notifier.ts';
import { currentPublication, resultsPreview } from './queries.ts';

/**
 * Publication (成绩公示) and appeals (申诉 / 仲裁).
 *
 * Publishing freezes a skill's results into an immutable snapshot, version 1, 2, 3…: allowed
 * once every round of the skill is locked (names are decrypted then) and no competing entry is
 * incomplete, while the event is in progress or published. A new version needs a change note
 * (what changed and why) and supersedes the previous one, which stays readable. The database
 * enforces all of this too (triggers in the results_publication migration). Publishing does not
 * change the event's stage: the organizer moves the event to "published" when every skill is.
 *
 * Appeals are filed by a delegation leader through the private link, about an entry of their own
 * organization in the version in force, until that version's appealUntil — whether or not the
 * registration deadline of the link has passed (the link stays the leader's identity). The
 * organizer decides each appeal once, upheld or rejected, with a reason. An upheld appeal is put
 * right by the chief judge's correction after the lock and a new version with a change note.
 */

export interface Actor {
  accountId: number;
}

/** datetime-local ("2026-11-21T16:00", the venue's local time, like the delegation deadline) or ISO 8601. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;
const dateTime = z
  .string({ error: 'publication.error.dateTime' })
  .regex(DATE_TIME, 'publication.error.dateTime')
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()), 'publication.error.dateTime');

export const publicationInput = z.object({
  appealUntil: dateTime,
  noticeUntil: dateTime,
  changeNote: z.string().trim().max(2000, 'publication.error.changeNoteLong').default(''),
});

/** Default windows offered by the publish form: appeals for 2 hours, the notice (公示期) for 3 days. */
export const DEFAULT_APPEAL_HOURS = 2;
export const DEFAULT_NOTICE_DAYS = 3;

/** Event stages in which results may be published. */
const publishingStages = ['in_progress', 'published'];

/**
 * Publishes the skill's results as the next version. 404 no skill; 409 the event is not running,
 * a round is unlocked or an entry incomplete; 422 bad windows or, from version 2, no change note.
 */
export async function publishResults(db: Db, actor: Actor, skillId: number, raw: unknown, now = new Date()): Promise<Outcome<{ version: number }>> {
  // Computed from the data as it is now (resultsPreview() recomputes unless nothing it reads has changed).
  const computed = await resultsPreview(db, skillId);
  if (!computed) return notFound();
  const { data, sheet } = computed;
  if (!publishingStages.includes(data.skill.eventStatus)) return conflict('publication.error.stage');
  if (data.rounds.length === 0) return conflict('publication.error.noRounds');
  const unlocked = data.rounds.filter((r) => r.lockedAt === null);
  if (unlocked.length > 0) return conflict('publication.error.unlocked', { rounds: unlocked.map((r) => r.name).join(', ') });
  // Every round is locked, so the sheet names entries by bib.
  const incomplete = sheet.entries.filter((e) => e.status === 'competed' && !e.complete).map((e) => e.bib);
  if (incomplete.length > 0) return conflict('publication.error.incomplete', { entries: incomplete.join(', ') });

  const parsed = parse(publicationInput, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  const previous = await db.publication.findFirst({ where: { skillId, supersededAt: null }, orderBy: { version: 'desc' }, select: { id: true, version: true } });
  const problems: Problem[] = [];
  if (input.appealUntil <= now) problems.push({ field: 'appealUntil', key: 'publication.error.appealPast' });
  if (input.noticeUntil < input.appealUntil) problems.push({ field: 'noticeUntil', key: 'publication.error.noticeBeforeAppeal' });
  if (previous && input.changeNote === '') problems.push({ field: 'changeNote', key: 'publication.error.changeNoteRequired' });
  if (problems.length > 0) return invalid(problems);

  const version = (previous?.version ?? 0) + 1;
  try {
    await db.$transaction(async (tx) => {
      if (previous) {
        const { count } = await tx.publication.updateMany({ where: { id: previous.id, supersededAt: null }, data: { supersededAt: now } });
        if (count === 0) throw new RaceLost();
      }
      await tx.publication.create({
        data: {
          skillId, version, publishedAt: now, publishedById: actor.accountId, appealUntil: input.appealUntil, noticeUntil: input.noticeUntil,
          changeNote: input.changeNote, snapshot: JSON.stringify(sheet),
        },
      });
      await recordAudit(tx, {
        accountId: actor.accountId, eventId: data.skill.eventId, action: 'results.publish', subject: `${data.skill.name} v${version}`,
        details: {
          skillId, version, competitors: sheet.competitors, appealUntil: input.appealUntil.toISOString(), noticeUntil: input.noticeUntil.toISOString(),
          changeNote: input.changeNote,
        },
      });
    });
  } catch (error) {
    // Two organizers publishing at once: the unique version or the triggers let only one in.
    // (Prisma reports a trigger's RAISE as a foreign key violation, with SQLite's message in meta.)
    const message = `${String(error)} ${JSON.stringify((error as { meta?: unknown }).meta ?? null)}`;
    if (error instanceof RaceLost || /Unique constraint|UNIQUE|next version of its skill/i.test(message)) return conflict('publication.error.concurrent');
    throw error;
  }
  notifierOf(db).changed(displayTopic(data.skill.eventId));
  snapshotAfter(db, { kind: 'after-publication', skillId, version });
  return done({ version });
}

class RaceLost extends Error {}

/* ------------------------------------------------------------------------------------------ */
/* Appeals                                                                                     */
/* ------------------------------------------------------------------------------------------ */

export const appealInput = z.object({
  bib: z.string({ error: 'appeal.error.bib' }).trim().min(1, 'appeal.error.bib').max(40, 'appeal.error.bib'),
  text: z.string({ error: 'appeal.error.text' }).trim().min(1, 'appeal.error.text').max(4000, 'appeal.error.textLong'),
});

/**
 * A delegation leader files an appeal about one of their organization's entries (by bib) in the
 * version in force of its skill. 422: unknown bib or another organization's (the same answer, so
 * nothing leaks), not published, bad text; 409: the appeal window has closed.
 */
export async function fileAppeal(
  db: Db,
  organization: { id: number; eventId: number; name: string },
  raw: unknown,
  now = new Date(),
): Promise<Outcome<{ id: number; skillId: number; version: number }>> {
  const parsed = parse(appealInput, raw);
  if (!parsed.ok) return parsed;
  const { bib, text } = parsed.value;
  const entry = await db.entry.findUnique({
    where: { eventId_bib: { eventId: organization.eventId, bib } },
    select: { skillId: true, contestant: { select: { organizationId: true } } },
  });
  if (!entry || entry.contestant.organizationId !== organization.id) return invalid([{ field: 'bib', key: 'appeal.error.notYourEntry' }]);
  const current = await currentPublication(db, entry.skillId);
  if (!current || !current.snapshot.entries.some((e) => e.bib === bib)) return invalid([{ field: 'bib', key: 'appeal.error.notPublished' }]);
  if (now >= current.appealUntil) return conflict('appeal.error.windowClosed');
  const appeal = await db.appeal.create({ data: { publicationId: current.id, organizationId: organization.id, entryBib: bib, text, filedAt: now } });
  await recordAudit(db, {
    accountId: null, eventId: organization.eventId, action: 'appeal.file', subject: `${organization.name} ${bib}`,
    details: { appealId: appeal.id, skillId: entry.skillId, version: current.version },
  });
  return done({ id: appeal.id, skillId: entry.skillId, version: current.version });
}

export const decisionInput = z.object({
  decision: z.enum(['upheld', 'rejected'], { error: 'appeal.error.decision' }),
  reason: z.string({ error: 'appeal.error.reason' }).trim().min(1, 'appeal.error.reason').max(4000, 'appeal.error.textLong'),
});

/** Arbitration: the organizer decides an appeal of the skill once, with a reason. 404 / 409 decided / 422. */
export async function decideAppeal(db: Db, actor: Actor, skillId: number, appealId: number, raw: unknown, now = new Date()): Promise<Outcome<{ decision: 'upheld' | 'rejected' }>> {
  const appeal = await db.appeal.findUnique({
    where: { id: appealId },
    select: { decidedAt: true, entryBib: true, organization: { select: { name: true } }, publication: { select: { skillId: true, version: true, skill: { select: { eventId: true } } } } },
  });
  if (!appeal || appeal.publication.skillId !== skillId) return notFound();
  if (appeal.decidedAt) return conflict('appeal.error.decided');
  const parsed = parse(decisionInput, raw);
  if (!parsed.ok) return parsed;
  const { decision, reason } = parsed.value;
  const decided = await db.$transaction(async (tx) => {
    const { count } = await tx.appeal.updateMany({
      where: { id: appealId, decidedAt: null },
      data: { decidedAt: now, decision, decisionReason: reason, decidedById: actor.accountId },
    });
    if (count === 0) return false;
    await recordAudit(tx, {
      accountId: actor.accountId, eventId: appeal.publication.skill.eventId, action: 'appeal.decide', subject: `${appeal.organization.name} ${appeal.entryBib}`,
      details: { appealId, skillId, version: appeal.publication.version, decision, reason },
    });
    return true;
  });
  return decided ? done({ decision }) : conflict('appeal.error.decided');
}
