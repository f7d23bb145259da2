import type { CurrentAccount } from '../auth/sessions.ts';
import type { Db } from '../db/client.ts';
import { dutiesIn, eventRoles, type EventDuty } from '../domain/event-roles.ts';
import type { Prisma } from '../db/generated/client.ts';

/** The things a path's `:id` may name, by the path segment before it (/skills/:id → skills). */
export const eventEntities = ['events', 'skills', 'rounds', 'criteria', 'aspects', 'organizations', 'contestants', 'entries', 'judges', 'draws'] as const;
export type EventEntity = (typeof eventEntities)[number];

export const isEventEntity = (segment: string | undefined): segment is EventEntity =>
  (eventEntities as readonly (string | undefined)[]).includes(segment);

const viaSkill = { select: { skill: { select: { eventId: true } } } } as const;

/** The event that the entity belongs to; null when there is no such thing. */
export async function eventOf(db: Db, entity: EventEntity, id: number): Promise<number | null> {
  const where = { where: { id } };
  switch (entity) {
    case 'events': return (await db.event.findUnique({ ...where, select: { id: true } }))?.id ?? null;
    case 'skills': return (await db.skill.findUnique({ ...where, select: { eventId: true } }))?.eventId ?? null;
    case 'rounds': return (await db.round.findUnique({ ...where, ...viaSkill }))?.skill.eventId ?? null;
    case 'criteria': return (await db.criterion.findUnique({ ...where, select: { round: viaSkill } }))?.round.skill.eventId ?? null;
    case 'aspects': return (await db.aspect.findUnique({ ...where, select: { criterion: { select: { round: viaSkill } } } }))?.criterion.round.skill.eventId ?? null;
    case 'organizations': return (await db.organization.findUnique({ ...where, select: { eventId: true } }))?.eventId ?? null;
    case 'contestants': return (await db.contestant.findUnique({ ...where, select: { eventId: true } }))?.eventId ?? null;
    case 'entries': return (await db.entry.findUnique({ ...where, select: { eventId: true } }))?.eventId ?? null;
    case 'judges': return (await db.eventJudge.findUnique({ ...where, select: { eventId: true } }))?.eventId ?? null;
    case 'draws': return (await db.draw.findUnique({ ...where, ...viaSkill }))?.skill.eventId ?? null;
  }
}

/**
 * What the account may do in the event (src/domain/event-roles.ts): everything for an
 * administrator of the federation that runs it, else what its role there grants; judges'
 * accounts nothing. An administrator of another federation, above or beside, has no duty here.
 */
export async function eventDuties(db: Db, account: CurrentAccount, eventId: number): Promise<ReadonlySet<EventDuty>> {
  if (account.role !== 'organizer') return new Set();
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { federationId: true, staff: { where: { accountId: account.id }, select: { role: true } } },
  });
  if (!event) return new Set();
  return dutiesIn({ isAdmin: account.isAdmin && event.federationId === account.federationId, role: event.staff[0]?.role ?? null });
}

/** Whether the account has the duty in the event of a thing named outside the path (a form's or a body's id); false when there is no such thing. */
export async function hasDuty(db: Db, account: CurrentAccount, entity: EventEntity, id: number, duty: EventDuty): Promise<boolean> {
  const eventId = await eventOf(db, entity, id);
  return eventId !== null && (await eventDuties(db, account, eventId)).has(duty);
}

/**
 * The events where an organizer account has the duty, as a filter for lists: its federation's
 * for an administrator, else those its role there grants the duty in.
 */
export function staffWith(account: CurrentAccount, duty: EventDuty): Prisma.EventWhereInput {
  if (account.isAdmin) return { federationId: account.federationId };
  const roles = eventRoles.filter((role) => dutiesIn({ isAdmin: false, role }).has(duty));
  return { staff: { some: { accountId: account.id, role: { in: roles } } } };
}

/** The events an organizer account sees in lists. */
export const visibleEvents = (account: CurrentAccount): Prisma.EventWhereInput => staffWith(account, 'view');
