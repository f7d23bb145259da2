import { recordAudit } from '../audit/record.ts';
import type { Db } from '../db/client.ts';
import { isWithin } from '../domain/federations.ts';
import { conflict, done, notFound, parse, type Outcome } from '../outcome.ts';
import { inviteStaff, type IssuedPassword, type StaffAdmin } from '../staff/commands.ts';
import { activeAdministrators } from '../staff/queries.ts';
import { federationNodes } from './queries.ts';
import { federationAddInput, federationAdministratorInput, federationInput } from './schemas.ts';

/** Whether the administrator's federation is `id` or above it: he manages it. */
async function manages(db: Db, by: StaffAdmin, id: number): Promise<boolean> {
  return isWithin(await federationNodes(db), by.federationId, id);
}

/**
 * Adds a federation directly below the administrator's, with its first administrator (an
 * initial password, as for any colleague): both are made, or neither. The new administrator
 * runs the new federation's events and staff; the one above sees its figures, not its people.
 */
export async function addFederation(db: Db, by: StaffAdmin, raw: unknown): Promise<Outcome<IssuedPassword>> {
  const input = parse(federationAddInput, raw);
  if (!input.ok) return input;
  const { displayName, username, ...federation } = input.value;
  return inviteStaff(db, { displayName, username, isAdmin: true }, by, {
    federation: async (tx) => {
      const created = await tx.federation.create({ data: { ...federation, parentId: by.federationId } });
      await recordAudit(tx, { accountId: by.id, eventId: null, action: 'federation.add', subject: federation.name, details: { id: created.id, parentId: by.federationId } });
      return created.id;
    },
  });
}

/** Renames the administrator's federation or one below it (names go on certificates and reports). */
export async function renameFederation(db: Db, by: StaffAdmin, id: number, raw: unknown): Promise<Outcome<{ id: number }>> {
  const input = parse(federationInput, raw);
  if (!input.ok) return input;
  if (!(await manages(db, by, id))) return notFound();
  const before = await db.federation.findUniqueOrThrow({ where: { id }, select: { name: true, nameEn: true } });
  await db.$transaction(async (tx) => {
    await tx.federation.update({ where: { id }, data: input.value });
    await recordAudit(tx, { accountId: by.id, eventId: null, action: 'federation.rename', subject: input.value.name, details: { id, before, after: input.value } });
  });
  return done({ id });
}

/**
 * Invites an administrator into a federation below that has none left who can sign in (its last
 * one left or was disabled). Only then: the initial password comes back to the inviter, and a
 * federation with administrators of its own keeps its people to itself. Into his own federation
 * an administrator invites on the staff accounts page.
 */
export async function inviteFederationAdministrator(db: Db, by: StaffAdmin, id: number, raw: unknown): Promise<Outcome<IssuedPassword>> {
  if (id === by.federationId) return conflict('federation.error.own');
  if (!(await manages(db, by, id))) return notFound();
  if ((await db.account.count({ where: { ...activeAdministrators, federationId: id } })) > 0) return conflict('federation.error.hasAdministrator');
  const input = parse(federationAdministratorInput, raw);
  if (!input.ok) return input;
  return inviteStaff(db, { ...input.value, isAdmin: true }, by, { federation: async () => id });
}
