import { recordAudit } from '../audit/record.ts';
import { initialPasswordUntil, makeInitialPassword } from '../auth/initial-password.ts';
import { hashPassword } from '../auth/password.ts';
import { endOtherSessions } from '../auth/sessions.ts';
import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Prisma } from '../db/generated/client.ts';
import { conflict, done, invalid, notFound, parse, type Outcome } from '../outcome.ts';
import { staffInviteInput, staffUpdateInput } from './schemas.ts';

/** What an administrator hands over: shown once, on the slip (or in the API's answer), never stored in clear. */
export interface IssuedPassword {
  id: number;
  username: string;
  displayName: string;
  initialPassword: string;
  until: Date;
}

type Tx = Prisma.TransactionClient;

/** Staff accounts are the organizers; judges' accounts belong to their events (PINs on the judges page). */
const staffAccount = (db: Db | Tx, id: number) => db.account.findFirst({ where: { id, role: 'organizer' } });

/** Every change is refused that would leave the federation without an administrator who can sign in. */
async function keepsAnAdministrator(tx: Tx): Promise<boolean> {
  return (await tx.account.count({ where: { role: 'organizer', isAdmin: true, disabledAt: null } })) > 0;
}

class LastAdministrator extends Error {}

/**
 * Invites a colleague: an organizer account with an initial password that works for a week and
 * opens only the page that replaces it. The username is checked against every account, judges'
 * included (one sign-in namespace).
 */
export async function inviteStaff(db: Db, raw: unknown, byAccountId: number, now = new Date()): Promise<Outcome<IssuedPassword>> {
  const input = parse(staffInviteInput, raw);
  if (!input.ok) return input;
  const { username, displayName, isAdmin } = input.value;
  const initialPassword = makeInitialPassword();
  const until = initialPasswordUntil(now);
  const passwordHash = await hashPassword(initialPassword);
  try {
    const account = await db.$transaction(async (tx) => {
      const created = await tx.account.create({ data: { username, displayName, role: 'organizer', isAdmin, passwordHash, initialPasswordUntil: until } });
      await recordAudit(tx, { accountId: byAccountId, eventId: null, action: 'staff.invite', subject: username, details: { displayName, isAdmin } });
      return created;
    });
    return done({ id: account.id, username, displayName, initialPassword, until });
  } catch (error) {
    if (isUniqueViolation(error)) return invalid([{ field: 'username', key: 'staff.error.usernameTaken' }]);
    throw error;
  }
}

/** Renames a colleague or changes whether he is an administrator; an administrator cannot demote himself. */
export async function updateStaff(db: Db, id: number, raw: unknown, byAccountId: number): Promise<Outcome<{ id: number }>> {
  const input = parse(staffUpdateInput, raw);
  if (!input.ok) return input;
  if (id === byAccountId && !input.value.isAdmin) return conflict('staff.error.ownAdministrator');
  try {
    return await db.$transaction(async (tx) => {
      const before = await staffAccount(tx, id);
      if (!before) return notFound();
      await tx.account.update({ where: { id }, data: input.value });
      if (!(await keepsAnAdministrator(tx))) throw new LastAdministrator();
      await recordAudit(tx, {
        accountId: byAccountId, eventId: null, action: 'staff.update', subject: before.username,
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
export async function resetStaffPassword(db: Db, id: number, byAccountId: number, now = new Date()): Promise<Outcome<IssuedPassword>> {
  if (id === byAccountId) return conflict('staff.error.ownPassword');
  const account = await staffAccount(db, id);
  if (!account) return notFound();
  if (account.disabledAt) return conflict('staff.error.disabled');
  const initialPassword = makeInitialPassword();
  const until = initialPasswordUntil(now);
  const passwordHash = await hashPassword(initialPassword);
  await db.$transaction(async (tx) => {
    await tx.account.update({ where: { id }, data: { passwordHash, initialPasswordUntil: until } });
    const endedSessions = await endOtherSessions(tx, id, null);
    await recordAudit(tx, { accountId: byAccountId, eventId: null, action: 'staff.resetPassword', subject: account.username, details: { endedSessions } });
  });
  return done({ id, username: account.username, displayName: account.displayName, initialPassword, until });
}

/**
 * Disables a colleague who left (his sessions end and his API tokens stop at once; his name stays
 * on what he did), or enables him again. Nobody disables himself, and the last administrator stays.
 */
export async function setStaffDisabled(db: Db, id: number, disabled: boolean, byAccountId: number, now = new Date()): Promise<Outcome<{ id: number }>> {
  if (id === byAccountId) return conflict('staff.error.ownAccount');
  try {
    return await db.$transaction(async (tx) => {
      const account = await staffAccount(tx, id);
      if (!account) return notFound();
      if ((account.disabledAt !== null) === disabled) return done({ id });
      await tx.account.update({ where: { id }, data: { disabledAt: disabled ? now : null } });
      if (!(await keepsAnAdministrator(tx))) throw new LastAdministrator();
      const endedSessions = disabled ? await endOtherSessions(tx, id, null) : 0;
      await recordAudit(tx, {
        accountId: byAccountId, eventId: null, action: disabled ? 'staff.disable' : 'staff.enable', subject: account.username,
        details: disabled ? { endedSessions } : {},
      });
      return done({ id });
    });
  } catch (error) {
    if (error instanceof LastAdministrator) return conflict('staff.error.lastAdministrator');
    throw error;
  }
}
