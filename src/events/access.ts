import type { CurrentAccount } from '../auth/sessions.ts';
import type { Db } from '../db/client.ts';
import { native } from '../db/native.ts';
import { dutiesIn, eventRoles, type EventDuty } from '../domain/event-roles.ts';
import type { Prisma } from '../db/generated/client.ts';

/** The things a path's `:id` may name, by the path segment before it (/skills/:id → skills). */
export const eventEntities = ['events', 'skills', 'rounds', 'criteria', 'aspects', 'organizations', 'contestants', 'entries', 'judges', 'draws'] as const;
export type EventEntity = (typeof eventEntities)[number];

export const isEventEntity = (segment: string | undefined): segment is EventEntity =>
  (eventEntities as readonly (string | undefined)[]).includes(segment);

/** SQL from the thing to its event (e), one statement each: every guarded request asks. */
const toEvent: Record<EventEntity, string> = {
  events: '"Event" e WHERE e."id" = ?',
  skills: '"Skill" x JOIN "Event" e ON e."id" = x."eventId" WHERE x."id" = ?',
  rounds: '"Round" x JOIN "Skill" k ON k."id" = x."skillId" JOIN "Event" e ON e."id" = k."eventId" WHERE x."id" = ?',
  criteria: '"Criterion" x JOIN "Round" r ON r."id" = x."roundId" JOIN "Skill" k ON k."id" = r."skillId" JOIN "Event" e ON e."id" = k."eventId" WHERE x."id" = ?',
  aspects: '"Aspect" x JOIN "Criterion" c ON c."id" = x."criterionId" JOIN "Round" r ON r."id" = c."roundId" JOIN "Skill" k ON k."id" = r."skillId" JOIN "Event" e ON e."id" = k."eventId" WHERE x."id" = ?',
  organizations: '"Organization" x JOIN "Event" e ON e."id" = x."eventId" WHERE x."id" = ?',
  contestants: '"Contestant" x JOIN "Event" e ON e."id" = x."eventId" WHERE x."id" = ?',
  entries: '"Entry" x JOIN "Event" e ON e."id" = x."eventId" WHERE x."id" = ?',
  judges: '"EventJudge" x JOIN "Event" e ON e."id" = x."eventId" WHERE x."id" = ?',
  draws: '"Draw" x JOIN "Skill" k ON k."id" = x."skillId" JOIN "Event" e ON e."id" = k."eventId" WHERE x."id" = ?',
};

export interface EventAccess {
  eventId: number;
  federationId: number;
  /** The account's role in the event (EventStaff), null without one. */
  role: string | null;
}

/**
 * The event a thing belongs to, its federation and the account's role there, in one statement
 * on the native connection (src/db/native.ts): two Prisma queries cost a millisecond a request.
 * Null when there is no such thing.
 */
export function eventAccess(db: Db, entity: EventEntity, id: number, accountId: number): Promise<EventAccess | null> {
  const sql = `SELECT e."id" AS "eventId", e."federationId" AS "federationId",
    (SELECT s."role" FROM "EventStaff" s WHERE s."eventId" = e."id" AND s."accountId" = ?) AS "role" FROM ${toEvent[entity]}`;
  const connection = native(db);
  if (connection.dialect === 'postgresql') return connection.get<EventAccess>(sql, [accountId, id]).then((row) => row ?? null);
  return connection.inTurn(() => (connection.statement(sql).get(accountId, id) as EventAccess | undefined) ?? null);
}

/** What the account may do given its access row: an administrator of the event's federation everything, else its role's; judges nothing. */
export function dutiesOf(account: CurrentAccount, access: EventAccess): ReadonlySet<EventDuty> {
  if (account.role !== 'organizer') return new Set();
  return dutiesIn({ isAdmin: account.isAdmin && access.federationId === account.federationId, role: access.role });
}

/**
 * What the account may do in the event (src/domain/event-roles.ts): everything for an
 * administrator of the federation that runs it, else what its role there grants; judges'
 * accounts nothing. An administrator of another federation, above or beside, has no duty here.
 */
export async function eventDuties(db: Db, account: CurrentAccount, eventId: number): Promise<ReadonlySet<EventDuty>> {
  const access = await eventAccess(db, 'events', eventId, account.id);
  return access ? dutiesOf(account, access) : new Set();
}

/** Whether the account has the duty in the event of a thing named outside the path (a form's or a body's id); false when there is no such thing. */
export async function hasDuty(db: Db, account: CurrentAccount, entity: EventEntity, id: number, duty: EventDuty): Promise<boolean> {
  const access = await eventAccess(db, entity, id, account.id);
  return access !== null && dutiesOf(account, access).has(duty);
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
