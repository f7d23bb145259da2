import { byName } from '../domain/names.ts';
import type { Db } from '../db/client.ts';
import { activeAdministrators } from '../staff/queries.ts';
import { isEventRole, type EventRole } from '../domain/event-roles.ts';

export interface EventStaffMember {
  accountId: number;
  username: string;
  displayName: string;
  role: EventRole;
  /** The account is disabled: it keeps its place, but cannot sign in. */
  disabled: boolean;
  addedBy: string | null;
  since: Date;
}

const roleOrder: Record<EventRole, number> = { organizer: 0, registration: 1, results: 2 };

/** Who runs the event: its organizers first, then the registration and results clerks, each by name. */
export async function listEventStaff(db: Db, eventId: number): Promise<EventStaffMember[]> {
  const rows = await db.eventStaff.findMany({
    where: { eventId },
    select: {
      role: true, createdAt: true,
      account: { select: { id: true, username: true, displayName: true, disabledAt: true } },
      addedBy: { select: { displayName: true } },
    },
  });
  return rows
    .filter((row): row is typeof row & { role: EventRole } => isEventRole(row.role))
    .map((row) => ({
      accountId: row.account.id, username: row.account.username, displayName: row.account.displayName, role: row.role,
      disabled: row.account.disabledAt !== null, addedBy: row.addedBy?.displayName ?? null, since: row.createdAt,
    }))
    .sort((a, b) => roleOrder[a.role] - roleOrder[b.role] || byName.compare(a.displayName, b.displayName));
}

export interface StaffCandidate {
  id: number;
  username: string;
  displayName: string;
}

/**
 * The colleagues who may be given a role: enabled organizer accounts of the federation that runs
 * the event, not its administrators (who do everything in it already), with none here yet. A
 * federation has a few dozen.
 */
export async function staffCandidates(db: Db, eventId: number): Promise<StaffCandidate[]> {
  const { federationId } = await db.event.findUniqueOrThrow({ where: { id: eventId }, select: { federationId: true } });
  const rows = await db.account.findMany({
    where: { role: 'organizer', federationId, isAdmin: false, disabledAt: null, eventRoles: { none: { eventId } } },
    select: { id: true, username: true, displayName: true },
  });
  return rows.sort((a, b) => byName.compare(a.displayName, b.displayName));
}

/** The names of the administrators of the federation that runs the event, for the line that says they see everything. */
export async function administratorNames(db: Db, eventId: number): Promise<string[]> {
  const rows = await db.account.findMany({ where: { ...activeAdministrators, federation: { events: { some: { id: eventId } } } }, select: { displayName: true } });
  return rows.map((r) => r.displayName).sort(byName.compare);
}
