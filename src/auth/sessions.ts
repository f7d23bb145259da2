import { hash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { GenerationCache } from '../db/generation-cache.ts';
import { isRole, type Role } from './roles.ts';

export interface CurrentAccount {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** Manages the federation's staff accounts (/staff), and does everything in its events. */
  isAdmin: boolean;
  /** The federation the account works for (src/federations/); judges' accounts have the root's. */
  federationId: number;
  /** An administrator of the root federation: the whole installation is his (backups, restores). */
  rootAdmin: boolean;
  /** Signed in with an initial password an administrator made: it must be replaced before anything else. */
  passwordPending: boolean;
}

type AccountRow = {
  id: number; username: string; displayName: string; role: string; isAdmin: boolean; disabledAt: Date | null; initialPasswordUntil: Date | null;
  federationId: number; federation: { parentId: number | null };
};

/** What a session's or a token's row loads of its account (AccountRow). */
export const actingAccountRow = { include: { federation: { select: { parentId: true } } } } as const;

/**
 * The account a session or an API token acts for; null when it may not act at all: disabled, of
 * no known role, or holding an initial password past its expiry (the administrator makes a new one).
 */
export function actingAccount(account: AccountRow, now: Date): CurrentAccount | null {
  if (account.disabledAt || !isRole(account.role)) return null;
  if (account.initialPasswordUntil && account.initialPasswordUntil <= now) return null;
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    isAdmin: account.role === 'organizer' && account.isAdmin,
    federationId: account.federationId,
    rootAdmin: account.role === 'organizer' && account.isAdmin && account.federation.parentId === null,
    passwordPending: account.initialPasswordUntil !== null,
  };
}

/** The cookie carries the token; the table stores only its hash, so a leaked backup opens nothing. */
function sessionId(token: string): string {
  return hash('sha256', token);
}

/** Extending the expiry on every request would write on every page view; once a minute is plenty. */
const REFRESH_AFTER_MS = 60_000;

export async function createSession(
  db: Db,
  accountId: number,
  ttlMs: number,
  userAgent: string | undefined,
  now = new Date(),
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.session.create({
    data: {
      id: sessionId(token),
      accountId,
      expiresAt: new Date(now.getTime() + ttlMs),
      lastSeenAt: now,
      userAgent: userAgent?.slice(0, 300) ?? null,
    },
  });
  return token;
}

const readSession = (db: Db, id: string) => db.session.findUnique({ where: { id }, include: { account: actingAccountRow } });

/**
 * Every request of a signed-in user resumes the session: the row and its account are kept while
 * neither table was written (a sign-in, a refresh below, a sign-out or a disabled account changes
 * the key; deletes count as a change to everything). Expiry is still checked against the clock.
 */
const sessions = new GenerationCache<string, Awaited<ReturnType<typeof readSession>>>(['Session', 'Account', 'Federation']);

/** The signed-in account for a session token, sliding its expiry; null when unknown or expired. */
export async function resumeSession(
  db: Db,
  token: string,
  ttlMs: number,
  now = new Date(),
): Promise<CurrentAccount | null> {
  const id = sessionId(token);
  const { value: session } = await sessions.get(db, id, () => readSession(db, id));
  if (!session) return null;
  const acting = actingAccount(session.account, now);
  if (session.expiresAt <= now || !acting) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > REFRESH_AFTER_MS) {
    await db.session.update({
      where: { id },
      data: { lastSeenAt: now, expiresAt: new Date(now.getTime() + ttlMs) },
    });
  }
  return acting;
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId(token) } });
}

/** Ends every session of the account but the one holding `keepToken` (none when null); how many ended. */
export async function endOtherSessions(db: Pick<Db, 'session'>, accountId: number, keepToken: string | null): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { accountId, ...(keepToken ? { id: { not: sessionId(keepToken) } } : {}) } });
  return count;
}

export async function purgeExpiredSessions(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
