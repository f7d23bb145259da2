import { hash, randomBytes } from 'node:crypto';
import { actingAccount, actingAccountRow, type CurrentAccount } from '../auth/sessions.ts';
import type { Db } from '../db/client.ts';
import { GenerationCache } from '../db/generation-cache.ts';

/** The prefix makes a leaked token recognisable to secret scanners and to the organizer. */
export const TOKEN_PREFIX = 'jx_';
const TOKEN_PATTERN = /^jx_[\w-]{43}$/;
/** Enough of the token to tell tokens apart in the list, far too little to guess the rest. */
const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;
/** Writing on every API call would turn reads into writes; a minute's precision is plenty. */
const TOUCH_AFTER_MS = 60_000;

export interface ApiTokenRow {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const rowFields = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

/** Only the hash is stored: a leaked database or backup opens nothing. */
function tokenHash(token: string): string {
  return hash('sha256', token);
}

/** Creates a token; the returned plain token is never stored and cannot be shown again. */
export async function createApiToken(db: Db, accountId: number, name: string): Promise<{ token: string; row: ApiTokenRow }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const row = await db.apiToken.create({
    data: { accountId, name, tokenHash: tokenHash(token), prefix: token.slice(0, SHOWN_PREFIX_LENGTH) },
    select: rowFields,
  });
  return { token, row };
}

export async function listApiTokens(db: Db, accountId: number): Promise<ApiTokenRow[]> {
  return db.apiToken.findMany({
    where: { accountId },
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }, { id: 'desc' }],
    select: rowFields,
  });
}

/** Revokes one of the account's own tokens; false when there is no such active token. */
export async function revokeApiToken(db: Db, accountId: number, id: number, now = new Date()): Promise<boolean> {
  const { count } = await db.apiToken.updateMany({ where: { id, accountId, revokedAt: null }, data: { revokedAt: now } });
  return count === 1;
}

const readToken = (db: Db, tokenHash: string) => db.apiToken.findUnique({ where: { tokenHash }, include: { account: actingAccountRow } });

/**
 * Every API request looks its token up: the row and its account are kept while neither table was
 * written (a revocation or a new token, the once-a-minute lastUsedAt below, a disabled account).
 */
const tokens = new GenerationCache<string, Awaited<ReturnType<typeof readToken>>>(['ApiToken', 'Account', 'Federation']);

/** The account behind an active token, or null for a malformed, unknown or revoked one. */
export async function authenticateApiToken(db: Db, token: string, now = new Date()): Promise<CurrentAccount | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const digest = tokenHash(token);
  const { value: row } = await tokens.get(db, digest, () => readToken(db, digest));
  if (!row || row.revokedAt) return null;
  const account = actingAccount(row.account, now);
  if (!account) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_AFTER_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return account;
}
