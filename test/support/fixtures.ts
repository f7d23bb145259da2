import { hashPassword } from '../../src/auth/password.ts';
import type { Role } from '../../src/auth/roles.ts';
import type { Db } from '../../src/db/client.ts';

/** Creates an account directly in the database, bypassing the setup page. */
export async function createAccount(
  db: Db,
  fields: { username: string; password: string; role?: Role; displayName?: string; isAdmin?: boolean },
) {
  return db.account.create({
    data: {
      username: fields.username,
      displayName: fields.displayName ?? fields.username,
      role: fields.role ?? 'organizer',
      isAdmin: fields.isAdmin ?? (fields.role ?? 'organizer') === 'organizer',
      passwordHash: await hashPassword(fields.password),
    },
  });
}
