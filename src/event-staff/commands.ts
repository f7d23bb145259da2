import { recordAudit } from '../audit/record.ts';
import type { Db } from '../db/client.ts';
import { staffChange, type EventDuty, type EventRole } from '../domain/event-roles.ts';
import { conflict, done, invalid, notFound, parse, type Outcome } from '../outcome.ts';
import { eventRoleInput } from './schemas.ts';

/** Who changes an event's staff: the guard has found his duties in this event. */
export interface StaffActor {
  id: number;
  isAdmin: boolean;
  duties: ReadonlySet<EventDuty>;
}

/** The actor as the guards found him: his account and his duties in the event. */
export const staffActor = (account: { id: number; isAdmin: boolean }, duties: ReadonlySet<EventDuty>): StaffActor => ({ id: account.id, isAdmin: account.isAdmin, duties });

function refusal(actor: StaffActor, accountId: number): Outcome<never> | null {
  const change = staffChange(actor, accountId);
  if (change === 'ownRole') return conflict('eventStaff.error.ownRole');
  if (change === 'notAllowed') return conflict('error.notStaff.body');
  return null;
}

/**
 * Gives a colleague a role in the event, or another one. Only an enabled organizer account of the
 * event's federation that is not its administrator (who may do everything anyway) can be given one; setting the role he
 * already has changes nothing and writes no audit entry, so a form sent twice is harmless.
 */
export async function setEventRole(db: Db, actor: StaffActor, eventId: number, accountId: number, raw: unknown): Promise<Outcome<{ role: EventRole; created: boolean }>> {
  const input = parse(eventRoleInput, raw);
  if (!input.ok) return input;
  const { role } = input.value;
  // A colleague of the federation that runs the event: another federation's staff never see its contestants.
  const account = await db.account.findFirst({ where: { id: accountId, role: 'organizer', federation: { events: { some: { id: eventId } } } }, select: { username: true, isAdmin: true, disabledAt: true } });
  if (!account) return invalid([{ field: 'accountId', key: 'eventStaff.error.account' }]);
  if (account.isAdmin) return invalid([{ field: 'accountId', key: 'eventStaff.error.administrator' }]);
  const refused = refusal(actor, accountId);
  if (refused) return refused;
  return db.$transaction(async (tx) => {
    const key = { eventId_accountId: { eventId, accountId } };
    const existing = await tx.eventStaff.findUnique({ where: key, select: { role: true } });
    if (existing?.role === role) return done({ role, created: false });
    if (!existing && account.disabledAt) return invalid([{ field: 'accountId', key: 'eventStaff.error.disabled' }]);
    if (existing) await tx.eventStaff.update({ where: key, data: { role } });
    else await tx.eventStaff.create({ data: { eventId, accountId, role, addedById: actor.id } });
    await recordAudit(tx, {
      accountId: actor.id, eventId, action: existing ? 'eventStaff.role' : 'eventStaff.add', subject: account.username,
      details: existing ? { from: existing.role, to: role } : { role },
    });
    return done({ role, created: !existing });
  });
}

/** Takes a colleague's role in the event away; he no longer sees it. */
export async function removeEventStaff(db: Db, actor: StaffActor, eventId: number, accountId: number): Promise<Outcome<null>> {
  const refused = refusal(actor, accountId);
  if (refused) return refused;
  return db.$transaction(async (tx) => {
    const key = { eventId_accountId: { eventId, accountId } };
    const existing = await tx.eventStaff.findUnique({ where: key, select: { role: true, account: { select: { username: true } } } });
    if (!existing) return notFound();
    await tx.eventStaff.delete({ where: key });
    await recordAudit(tx, { accountId: actor.id, eventId, action: 'eventStaff.remove', subject: existing.account.username, details: { role: existing.role } });
    return done(null);
  });
}
