import type { Db } from '../db/client.ts';
import { recordAudit } from '../audit/record.ts';
import { conflict, done, invalid, notFound, type Outcome } from '../outcome.ts';

/**
 * Check-in (检录) on the competition day. Present entries compete; an absent one becomes DNS
 * (弃权) at once. Either can be corrected until that skill's lots are drawn.
 */
export async function recordAttendance(db: Db, entryId: number, attendance: 'present' | 'absent', accountId: number, identity?: { last4: string }): Promise<Outcome<null>> {
  const entry = await db.entry.findUnique({ where: { id: entryId }, include: { skill: { include: { event: true } }, contestant: { select: { idNumber: true } } } });
  if (!entry) return notFound();
  // A desk that checks identity, and every desk for a skill that requires it (identityCheck),
  // compares the last four characters of the ID card with the registration before "present"
  // (the X of a check digit in either case); nothing is recorded otherwise.
  const checking = identity !== undefined || entry.skill.identityCheck;
  if (checking && attendance === 'present' && (identity?.last4 ?? '').trim().toUpperCase() !== entry.contestant.idNumber.slice(-4).toUpperCase()) {
    return invalid([{ field: 'last4', key: 'checkin.error.identity' }]);
  }
  if (entry.skill.event.status !== 'in_progress') return conflict('checkin.error.notStarted');
  const drawn = await db.draw.count({ where: { skillId: entry.skillId, supersededAt: null } });
  if (drawn > 0) return conflict('checkin.error.drawn');
  // Check-in writes registered / dns: it must not silently undo a disqualification or withdrawal
  // (those are reversed with a reason, src/entry-status/).
  if (entry.status === 'disqualified' || entry.status === 'withdrawn') return conflict('checkin.error.statusRecorded');
  await db.entry.update({
    where: { id: entryId },
    data: { attendance, status: attendance === 'absent' ? 'dns' : 'registered', checkedInAt: new Date(), checkedInBy: accountId },
  });
  return done(null);
}

/**
 * The end of check-in: everyone of the event (or of one skill) not checked in yet is absent
 * (DNS), in one step the desk confirms first. Skills whose lots are drawn keep their attendance
 * (it is fixed once drawn), and disqualified or withdrawn entries stay as they are. Each one can
 * still be corrected on its own until its skill is drawn. Returns how many were marked.
 */
export async function markUncheckedAbsent(db: Db, eventId: number, skillId: number | null, accountId: number): Promise<Outcome<number>> {
  const event = await db.event.findUnique({ where: { id: eventId } });
  if (!event) return notFound();
  if (event.status !== 'in_progress') return conflict('checkin.error.notStarted');
  const drawn = (await db.draw.findMany({ where: { skill: { eventId }, supersededAt: null }, select: { skillId: true } })).map((d) => d.skillId);
  const { count } = await db.entry.updateMany({
    where: { eventId, attendance: null, status: 'registered', AND: [{ skillId: { notIn: drawn } }, skillId ? { skillId } : {}] },
    data: { attendance: 'absent', status: 'dns', checkedInAt: new Date(), checkedInBy: accountId },
  });
  await recordAudit(db, { accountId, eventId, action: 'checkin.absentRest', subject: String(count), details: skillId ? { skillId } : {} });
  return done(count);
}
