import { recordAudit } from '../audit/record.ts';
import { initialPasswordUntil, makeInitialPassword } from '../auth/initial-password.ts';
import { hashPassword } from '../auth/password.ts';
import { endOtherSessions } from '../auth/sessions.ts';
import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Prisma } from '../db/generated/client.ts';
import { conflict, done, invalid, notFound, parse, type Outcome } from '../outcome.ts';
import { activeAdministrators } from './queries.ts';
import { staffInviteInput, staffUpdateInput } from './schemas.ts';

/** What an administrator hands over: shown once, on the slip (or in the API's answer), never stored in clear. */
export interface IssuedPassword {
  id: number;
  username: string;
  displayName: string;
  initialPassword: string;
  until: Date;
  /** The federation the account works for. */
  federationId: number;
}

type Tx = Prisma.TransactionClient;

/** The administrator acting, and the federation whose accounts he manages. */
export interface StaffAdmin { id: number; federationId: number }

/**
 * Staff accounts are the organizers of the administrator's own federation; judges' accounts
 * belong to their events (PINs on the judges page), other federations' to their administrators.
 */
const staffAccount = (db: Db | Tx, id: number, by: StaffAdmin) => db.account.findFirst({ where: { id, role: 'organizer', federationId: by.federationId } });

/** Every change is refused that would leave the federation without an administrator who can sign in. */
async function keepsAnAdministrator(tx: Tx, federationId: number): Promise<boolean> {
  return (await tx.account.count({ where: { ...activeAdministrators, federationId } })) > 0;
}

class LastAdministrator extends Error {}

/**
 * Invites a colleague: an organizer account with an initial password that works for a week and
 * opens only the page that replaces it. The username is checked against every account, judges'
 * included (one sign-in namespace). The account is the administrator's federation's, or the one
 * `options.federation` makes (or names) in the same transaction: a federation below and its
 * first administrator exist together or not at all.
 */
export async function inviteStaff(
  db: Db, raw: unknown, by: StaffAdmin,
  options: { now?: Date; federation?: (tx: Tx) => Promise<number> } = {},
): Promise<Outcome<IssuedPassword>> {
  const now = options.now ?? new Date();
  const input = parse(staffInviteInput, raw);
  if (!input.ok) return input;
  const { username, displayName, isAdmin } = input.value;
  const initialPassword = makeInitialPassword();
  const until = initialPasswordUntil(now);
  const passwordHash = await hashPassword(initialPassword);
  try {
    const account = await db.$transaction(async (tx) => {
      const federationId = options.federation ? await options.federation(tx) : by.federationId;
      const created = await tx.account.create({ data: { username, displayName, role: 'organizer', isAdmin, passwordHash, initialPasswordUntil: until, federationId } });
      await recordAudit(tx, { accountId: by.id, eventId: null, action: 'staff.invite', subject: username, details: { displayName, isAdmin, federationId } });
      return created;
    });
    return done({ id: account.id, username, displayName, initialPassword, until, federationId: account.federationId });
  } catch (error) {
    if (isUniqueViolation(error)) return invalid([{ field: 'username', key: 'staff.error.usernameTaken' }]);
    throw error;
  }
}

/** Renames a colleague or changes whether he is an administrator; an administrator cannot demote himself. */
export async function updateStaff(db: Db, id: number, raw: unknown, by: StaffAdmin): Promise<Outcome<{ id: number }>> {
  const input = parse(staffUpdateInput, raw);
  if (!input.ok) return input;
  if (id === by.id && !input.value.isAdmin) return conflict('staff.error.ownAdministrator');
  try {
    return await db.$transaction(async (tx) => {
      const before = await staffAccount(tx, id, by);
      if (!before) return notFound();
      await tx.account.update({ where: { id }, data: input.value });
      if (!(await keepsAnAdministrator(tx, by.federationId))) throw new LastAdministrator();
      await recordAudit(tx, {
        accountId: by.id, eventId: null, action: 'staff.update', subject: before.username,
        details: { before: { displayName: before.displayName, isAdmin: before.isAdmin }, after: input.value },
      });
      return done({ id });
    });
  } catch (error) {
    if (error instanceof LastAdministrator) return conflict('staff.error.lastAdministrator');
    throw error;
  }
}

/**
 * A colleague forgot his password: a new initial password, as at the invitation, and every
 * session of his ends. His API tokens stay (credentials of their own; disabling the account stops
 * them). An administrator changes his own password on his account page instead.
 */
export async function resetStaffPassword(db: Db, id: number, by: StaffAdmin, now = new Date()): Promise<Outcome<IssuedPassword>> {
  if (id === by.id) return conflict('staff.error.ownPassword');
  const account = await staffAccount(db, id, by);
  if (!account) return notFound();
  if (account.disabledAt) return conflict('staff.error.disabled');
  const initialPassword = makeInitialPassword();
  const until = initialPasswordUntil(now);
  const passwordHash = await hashPassword(initialPassword);
  await db.$transaction(async (tx) => {
    await tx.account.update({ where: { id }, data: { passwordHash, initialPasswordUntil: until } });
    const endedSessions = await endOtherSessions(tx, id, null);
    await recordAudit(tx, { accountId: by.id, eventId: null, action: 'staff.resetPassword', subject: account.username, details: { endedSessions } });
  });
  return done({ id, username: account.username, displayName: account.displayName, initialPassword, until, federationId: account.federationId });
}

/**
 * Disables a colleague who left (his sessions end and his API tokens stop at once; his name stays
 * on what he did), or enables him again. Nobody disables himself, and the last administrator stays.
 */
export async function setStaffDisabled(db: Db, id: number, disabled: boolean, by: StaffAdmin, now = new Date()): Promise<Outcome<{ id: number }>> {
  if (id === by.id) return conflict('staff.error.ownAccount');
  try {
    return await db.$transaction(async (tx) => {
      const account = await staffAccount(tx, id, by);
      if (!account) return notFound();
      if ((account.disabledAt !== null) === disabled) return done({ id });
      await tx.account.update({ where: { id }, data: { disabledAt: disabled ? now : null } });
      if (!(await keepsAnAdministrator(tx, by.federationId))) throw new LastAdministrator();
      const endedSessions = disabled ? await endOtherSessions(tx, id, null) : 0;
      await recordAudit(tx, {
        accountId: by.id, eventId: null, action: disabled ? 'staff.disable' : 'staff.enable', subject: account.username,
        details: disabled ? { endedSessions } : {},
      });
      return done({ id });
    });
  } catch (error) {
    if (error instanceof LastAdministrator) return conflict('staff.error.lastAdministrator');
    throw error;
  }
}
