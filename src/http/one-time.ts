import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { perDatabase } from '../db/per-database.ts';
import { postgresqlNode } from '../db/postgresql.ts';

/**
 * What a POST makes once and must show once: new judges' PINs. The POST keeps it here and
 * redirects to a view of it (POST/redirect/GET), so a reload shows the same PINs again instead
 * of creating the judges again. Only the account that made it sees it, for a few minutes (long
 * enough to print the cards); then it is gone. With SQLite, kept in this process's memory on
 * purpose: a secret never written to the database is never in a snapshot; after a restart the
 * organizer issues a new PIN. On PostgreSQL the page may be asked of another node: see
 * oneTimeViews() below.
 */
export class OneTimeViews<T> {
  readonly #views = new Map<string, { accountId: number; value: T; until: number }>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    /** Bounded: the oldest go first. */
    private readonly max = 500,
  ) {}

  /** Keeps `value` for `accountId`; the id to put in the view's address (22 URL-safe characters, 128 bits). */
  put(accountId: number, value: T, now = Date.now()): string {
    this.#sweep(now);
    while (this.#views.size >= this.max) this.#views.delete(this.#views.keys().next().value!);
    const id = randomBytes(16).toString('base64url');
    this.#views.set(id, { accountId, value, until: now + this.ttlMs });
    return id;
  }

  /** The value, while it lasts and only for the account that made it; null otherwise (also for a malformed id). */
  get(id: string, accountId: number, now = Date.now()): T | null {
    if (!OneTimeViews.isId(id)) return null;
    const view = this.#views.get(id);
    if (!view || view.until <= now) {
      this.#views.delete(id);
      return null;
    }
    return view.accountId === accountId ? view.value : null;
  }

  /** Used up: a confirmed import must not be confirmed again by a reload. */
  delete(id: string): void {
    this.#views.delete(id);
  }

  static isId(id: string): boolean {
    return /^[A-Za-z0-9_-]{22}$/.test(id);
  }

  #sweep(now: number) {
    for (const [id, view] of this.#views) if (view.until <= now) this.#views.delete(id);
  }
}

/** One-time views as the routes use them, whichever database keeps them. */
export interface OneTimeStore<T> {
  put(accountId: number, value: T): Promise<string>;
  get(id: string, accountId: number): Promise<T | null>;
  delete(id: string): Promise<void>;
}

/**
 * The views of one kind ('pins', 'import'…) for a database: in this process's memory with
 * SQLite; with PostgreSQL in its OneTimeView table, so that any node shows what another made.
 * There the value is encrypted (AES-256-GCM) with a key every node derives from DATABASE_URL
 * and none writes down: a dump of the database alone does not reveal a PIN. Expired rows go at
 * the next put.
 */
export function oneTimeViews<T>(kind: string, ttlMs = 10 * 60_000, max = 500): (db: Db) => OneTimeStore<T> {
  return perDatabase<Db, OneTimeStore<T>>((db) => {
    const node = postgresqlNode(db);
    if (!node) {
      const views = new OneTimeViews<T>(ttlMs, max);
      return {
        put: async (accountId, value) => views.put(accountId, value),
        get: async (id, accountId) => views.get(id, accountId),
        delete: async (id) => views.delete(id),
      };
    }
    const key = Buffer.from(hkdfSync('sha256', node.url, 'jiangxin', `one-time views: ${kind}`, 32));
    return {
      async put(accountId, value) {
        const id = randomBytes(16).toString('base64url');
        const now = new Date();
        await db.oneTimeView.deleteMany({ where: { until: { lt: now } } });
        await db.oneTimeView.create({ data: { id, kind, accountId, until: new Date(now.getTime() + ttlMs), value: seal(key, value) } });
        return id;
      },
      async get(id, accountId) {
        if (!OneTimeViews.isId(id)) return null;
        const row = await db.oneTimeView.findUnique({ where: { id } });
        if (!row || row.kind !== kind || row.until <= new Date() || row.accountId !== accountId) return null;
        return unseal<T>(key, row.value);
      },
      async delete(id) {
        if (OneTimeViews.isId(id)) await db.oneTimeView.deleteMany({ where: { id } });
      },
    };
  });
}

/** JSON that brings Dates back as Dates (a view holds an expiry time, say), then AES-256-GCM: iv, tag, text, in base64. */
function seal(key: Buffer, value: unknown): string {
  const json = JSON.stringify(value, function (this: Record<string, unknown>, name, plain) {
    const original = this[name];
    return original instanceof Date ? { $date: original.toISOString() } : plain;
  });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const text = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), text]).toString('base64');
}

function unseal<T>(key: Buffer, sealed: string): T | null {
  try {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const json = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(json, (_name, value: unknown) => {
      const date = (value as { $date?: unknown } | null)?.$date;
      return typeof date === 'string' && Object.keys(value as object).length === 1 ? new Date(date) : value;
    }) as T;
  } catch {
    // Sealed under another key (DATABASE_URL changed since) or damaged: as good as gone.
    return null;
  }
}

/**
 * A view kept for one event, as its address asks for it: 'malformed' (an id no view ever had:
 * 404), 'gone' (expired, someone else's, or another event's: 410, saying what to do), or it.
 */
export async function viewOfEvent<T extends { eventId: number }>(views: OneTimeStore<T>, id: string, accountId: number, eventId: number): Promise<T | 'malformed' | 'gone'> {
  if (!OneTimeViews.isId(id)) return 'malformed';
  const value = await views.get(id, accountId);
  return value && value.eventId === eventId ? value : 'gone';
}
