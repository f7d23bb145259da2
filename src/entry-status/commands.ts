import { recordAudit } from '../audit/record.ts';
import type { Db } from '../db/client.ts';
import { isCompeting } from '../domain/judging.ts';
import { notifierOf, roundTopic } from '../live/notifier.ts';
import { conflict, done, invalid, notFound, parse, type Outcome } from '../outcome.ts';
import { requiredReason, z } from '../zod.ts';
import { currentDraw } from '../draw/queries.ts';

/**
 * An entry's status during the competition, recorded by the skill's chief judge or an organizer
 * with a reason (the caller has checked who may: chiefOrResultsStaff('skill'/'round'), chairToken):
 * - disqualify (取消资格) and withdraw (中途退赛): Entry.status becomes disqualified / withdrawn;
 *   reinstate puts back the status it had before;
 * - absent (缺考) from one round after check-in: a RoundAbsence row; clearAbsence removes it.
 * Every change appends an EntryStatusChange (who, when, why, from → to) and an audit entry in
 * the same transaction. Judges' marks and signatures are never touched: the results engine and
 * the round's readiness read the status (needsScoresInRound()).
 *
 * Allowed while the event is in progress or published. A skill's publication is a frozen
 * snapshot, so a change after it reaches the public only through a new publication version
 * (the results screen says so: changesSincePublication()).
 */

export const statusActions = ['disqualify', 'withdraw', 'reinstate', 'absent', 'clearAbsence'] as const;
export type StatusAction = (typeof statusActions)[number];

/** Who records: an organizer, or the skill's chief judge (who identifies entries by code only). */
export interface StatusActor {
  accountId: number;
  organizer: boolean;
}

const reason = requiredReason('entryStatus.error.reasonRequired');

export const statusChangeInput = z.object({
  action: z.enum(statusActions, { error: 'validation.choice' }),
  /** The round of an absence (absent, clearAbsence); also the round whose code names the entry. */
  roundId: z.coerce.number().int().positive().optional(),
  /** The entry by bib (organizers) … */
  bib: z.string().trim().max(20).optional(),
  /** … or by its secret code in roundId's draw (the chief judge, before decryption). */
  code: z.string().trim().max(20).optional(),
  reason,
});
export type StatusChangeInput = z.output<typeof statusChangeInput>;

export interface StatusChange {
  /** The EntryStatusChange row. */
  id: number;
  entryId: number;
  bib: string;
  roundId: number | null;
  from: string;
  to: string;
  reason: string;
  at: Date;
}

const EDITABLE_STAGES = ['in_progress', 'published'];

/** The entry an input names, in the skill: by code in the round's draw in force, or (organizers) by bib. */
async function entryOf(db: Db, skillId: number, input: StatusChangeInput, actor: StatusActor) {
  const select = { id: true, bib: true, status: true, skillId: true, eventId: true } as const;
  if (input.code) {
    if (!input.roundId) return null;
    const round = await db.round.findFirst({ where: { id: input.roundId, skillId }, select: { id: true } });
    if (!round) return null;
    const draw = await currentDraw(db, skillId, round.id);
    if (!draw) return null;
    const assignment = await db.drawAssignment.findFirst({ where: { drawId: draw.id, code: input.code }, select: { entry: { select } } });
    return assignment?.entry ?? null;
  }
  // A chief judge who could name entries by bib would learn which code is whose from the desk.
  if (!input.bib || !actor.organizer) return null;
  return db.entry.findFirst({ where: { skillId, bib: input.bib }, select });
}

/**
 * Records one status change. Refused (409) when it does not apply: disqualify / withdraw need a
 * competing entry (not dns, withdrawn or disqualified already); reinstate needs a disqualified or
 * withdrawn one; absent needs a competing entry not yet absent from that round; clearAbsence an
 * absent one. 422 without a reason or an absence without its round; 404 for an entry or round
 * the skill does not have.
 */
export async function changeEntryStatus(db: Db, actor: StatusActor, skillId: number, raw: unknown): Promise<Outcome<StatusChange>> {
  const parsed = parse(statusChangeInput, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  const roundAction = input.action === 'absent' || input.action === 'clearAbsence';
  if (roundAction && !input.roundId) return invalid([{ field: 'roundId', key: 'entryStatus.error.roundRequired' }]);
  if (!input.code && !input.bib) return invalid([{ field: 'bib', key: 'validation.required' }]);

  const skill = await db.skill.findUnique({ where: { id: skillId }, select: { eventId: true, name: true, event: { select: { status: true } } } });
  if (!skill) return notFound();
  const entry = await entryOf(db, skillId, input, actor);
  if (!entry) return notFound();
  const round = input.roundId ? await db.round.findFirst({ where: { id: input.roundId, skillId }, select: { id: true, name: true } }) : null;
  if (input.roundId && !round) return notFound();
  if (!EDITABLE_STAGES.includes(skill.event.status)) return conflict('entryStatus.error.notRunning');

  let from: string;
  let to: string;
  const absent = round ? (await db.roundAbsence.count({ where: { entryId: entry.id, roundId: round.id } })) > 0 : false;
  switch (input.action) {
    case 'disqualify':
    case 'withdraw':
      if (!isCompeting(entry.status)) return conflict('entryStatus.error.notCompeting');
      from = entry.status;
      to = input.action === 'disqualify' ? 'disqualified' : 'withdrawn';
      break;
    case 'reinstate': {
      if (entry.status !== 'disqualified' && entry.status !== 'withdrawn') return conflict('entryStatus.error.notOut');
      // Back to what it was before: the `from` of the change that set the current status.
      const last = await db.entryStatusChange.findFirst({ where: { entryId: entry.id, roundId: null, toStatus: entry.status }, orderBy: [{ at: 'desc' }, { id: 'desc' }] });
      from = entry.status;
      to = last && isCompeting(last.fromStatus) ? last.fromStatus : 'registered';
      break;
    }
    case 'absent':
      if (!isCompeting(entry.status)) return conflict('entryStatus.error.notCompeting');
      if (absent) return conflict('entryStatus.error.alreadyAbsent');
      from = 'present';
      to = 'absent';
      break;
    case 'clearAbsence':
      if (!absent) return conflict('entryStatus.error.notAbsent');
      from = 'absent';
      to = 'present';
      break;
  }

  const at = new Date();
  const roundId = roundAction ? round!.id : null;
  const applied = await db.$transaction(async (tx) => {
    // Only from the state just read: of two simultaneous changes of the same entry, one applies.
    if (roundAction && to === 'absent') {
      if (await tx.roundAbsence.findUnique({ where: { entryId_roundId: { entryId: entry.id, roundId: roundId! } } })) return null;
      await tx.roundAbsence.create({ data: { entryId: entry.id, roundId: roundId!, recordedAt: at } });
    } else if (roundAction) {
      if ((await tx.roundAbsence.deleteMany({ where: { entryId: entry.id, roundId: roundId! } })).count === 0) return null;
    } else if ((await tx.entry.updateMany({ where: { id: entry.id, status: from }, data: { status: to } })).count === 0) {
      return null;
    }
    const row = await tx.entryStatusChange.create({
      data: { entryId: entry.id, skillId, roundId, fromStatus: from, toStatus: to, reason: input.reason, accountId: actor.accountId, at },
    });
    await recordAudit(tx, {
      accountId: actor.accountId, eventId: skill.eventId, action: `entry.${input.action}`, subject: `${skill.name} ${entry.bib}${roundAction ? ` ${round!.name}` : ''}`,
      details: { skillId, entryId: entry.id, bib: entry.bib, roundId, from, to, reason: input.reason },
    });
    return row.id;
  });
  if (applied === null) return conflict('entryStatus.error.stale');

  // Desks of every round of the skill show the status.
  for (const r of await db.round.findMany({ where: { skillId }, select: { id: true } })) notifierOf(db).changed(roundTopic(r.id), { entryIds: [entry.id] });
  return done({ id: applied, entryId: entry.id, bib: entry.bib, roundId, from, to, reason: input.reason, at });
}
