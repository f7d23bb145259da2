import { byName } from '../domain/names.ts';
import type { Db } from '../db/client.ts';

export type StaffState = 'active' | 'invited' | 'expired' | 'disabled';

export interface StaffMember {
  id: number;
  username: string;
  displayName: string;
  isAdmin: boolean;
  state: StaffState;
  /** Until when the initial password works (invited), or since when it no longer does (expired). */
  initialPasswordUntil: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
  /** The last request of any of the account's sessions still open; null when none is. */
  lastSeenAt: Date | null;
}

type Row = { id: number; username: string; displayName: string; isAdmin: boolean; initialPasswordUntil: Date | null; disabledAt: Date | null; createdAt: Date };

function stateOf(row: Row, now: Date): StaffState {
  if (row.disabledAt) return 'disabled';
  if (row.initialPasswordUntil) return row.initialPasswordUntil > now ? 'invited' : 'expired';
  return 'active';
}

const select = { id: true, username: true, displayName: true, isAdmin: true, initialPasswordUntil: true, disabledAt: true, createdAt: true } as const;

async function withLastSeen(db: Db, rows: Row[], now: Date): Promise<StaffMember[]> {
  const seen = await db.session.groupBy({ by: ['accountId'], where: { accountId: { in: rows.map((r) => r.id) } }, _max: { lastSeenAt: true } });
  const last = new Map(seen.map((s) => [s.accountId, s._max.lastSeenAt]));
  return rows.map((row) => ({ ...row, state: stateOf(row, now), lastSeenAt: last.get(row.id) ?? null }));
}


/** One federation's organizer accounts (a few dozen): administrators first, then by name; the disabled last. */
export async function listStaff(db: Db, federationId: number, now = new Date()): Promise<StaffMember[]> {
  const rows = await db.account.findMany({ where: { role: 'organizer', federationId }, select });
  const members = await withLastSeen(db, rows, now);
  const rank = (m: StaffMember) => (m.state === 'disabled' ? 2 : m.isAdmin ? 0 : 1);
  return members.sort((a, b) => rank(a) - rank(b) || byName.compare(a.displayName, b.displayName) || a.id - b.id);
}

export async function findStaff(db: Db, federationId: number, id: number, now = new Date()): Promise<StaffMember | null> {
  const row = await db.account.findFirst({ where: { id, role: 'organizer', federationId }, select });
  return row ? (await withLastSeen(db, [row], now))[0]! : null;
}

/** Administrators who can sign in (a filter, with a federation's beside it): who run a federation, and whom it must never be left without. */
export const activeAdministrators = { role: 'organizer', isAdmin: true, disabledAt: null } as const;
