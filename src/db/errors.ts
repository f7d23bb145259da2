/**
 * Storage that cannot take a write right now: another process holds SQLite's lock (BUSY,
 * LOCKED), PostgreSQL cannot be reached or gave up a transaction, the disk is full (FULL), or it
 * fails (IOERR). Such a request changed nothing and may
 * succeed later, so it is answered "try again" (503 with Retry-After), not as a server bug.
 *
 * Where Prisma 7 puts SQLite's code: a PrismaClientKnownRequestError (P1008 for a busy model
 * query, P2010 for raw SQL, P2039 otherwise) carries `meta.driverAdapterError`, a
 * DriverAdapterError whose `cause` is `{ originalCode: 'SQLITE_BUSY', originalMessage, kind }`
 * (@prisma/adapter-better-sqlite3 maps BUSY to kind "SocketTimeout"). A DriverAdapterError may
 * also arrive unwrapped, and better-sqlite3's own SqliteError has the code in `code`. Extended
 * codes (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT…) count as their primary code.
 */

export type StorageFailureKind = 'busy' | 'full' | 'io';
/** What failed, and SQLite's (or Prisma's) code for the log. */
export interface StorageFailure {
  kind: StorageFailureKind;
  code: string;
}

const PRIMARY: Record<string, StorageFailureKind> = {
  SQLITE_BUSY: 'busy',
  SQLITE_LOCKED: 'busy',
  SQLITE_FULL: 'full',
  SQLITE_IOERR: 'io',
};
/** Primary result codes, for the `UNKNOWN_SQLITE_ERROR_<extended code>` names better-sqlite3 gives codes it has no name for. */
const BY_NUMBER: Record<number, StorageFailureKind> = { 5: 'busy', 6: 'busy', 13: 'full', 10: 'io' };

function failureOfCode(code: string): StorageFailureKind | null {
  const unknown = /^UNKNOWN_SQLITE_ERROR_(\d+)$/.exec(code);
  if (unknown) return BY_NUMBER[Number(unknown[1]) & 0xff] ?? null;
  return PRIMARY[code.split('_').slice(0, 2).join('_')] ?? null;
}

/**
 * PostgreSQL's SQLSTATEs (the DriverAdapterError's originalCode, pg's `code`) for the same
 * situations: a serialization failure or deadlock (the transaction was rolled back and may simply
 * run again), a server shutting down, starting or out of connections, a lost connection; a full
 * disk; an I/O error.
 */
const POSTGRESQL: Record<string, StorageFailureKind> = {
  '40001': 'busy', '40P01': 'busy', '55P03': 'busy', '57P01': 'busy', '57P02': 'busy', '57P03': 'busy', '53300': 'busy',
  '08000': 'busy', '08001': 'busy', '08003': 'busy', '08004': 'busy', '08006': 'busy', '53100': 'full', '58030': 'io',
  // Node's own, when the server cannot be reached or the connection drops.
  ECONNREFUSED: 'busy', ECONNRESET: 'busy', ETIMEDOUT: 'busy', EPIPE: 'busy',
};
/** The driver adapter's kinds for an unreachable or overloaded server (no SQLSTATE then). */
const UNREACHABLE = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TransactionWriteConflict']);

/**
 * Prisma's codes: a transaction that could not start in time (P2028) waited behind a busy
 * database; a write conflict or deadlock (P2034); a server that cannot be reached (P1001) or
 * closed the connection (P1017).
 */
const PRISMA: Record<string, StorageFailureKind> = { P2028: 'busy', P2034: 'busy', P1001: 'busy', P1017: 'busy' };

export function storageFailure(error: unknown): StorageFailure | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const item = queue.shift();
    if (!item || typeof item !== 'object' || seen.has(item)) continue;
    seen.add(item);
    const { code, originalCode, kind: adapterKind, cause, meta } = item as {
      code?: unknown; originalCode?: unknown; kind?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown };
    };
    for (const value of [originalCode, code]) {
      if (typeof value !== 'string') continue;
      const kind = PRISMA[value] ?? POSTGRESQL[value] ?? failureOfCode(value);
      if (kind) return { kind, code: value };
    }
    if (typeof adapterKind === 'string' && UNREACHABLE.has(adapterKind)) return { kind: 'busy', code: adapterKind };
    // pg's pool, when no connection came in time (it gives no code).
    if (item instanceof Error && /^timeout exceeded when trying to connect/.test(item.message)) return { kind: 'busy', code: 'pool timeout' };
    queue.push(cause, meta?.driverAdapterError);
  }
  return null;
}

/** Our own "the database is too busy now" (answered 503 like SQLite's BUSY): nothing was written. */
export function busyError(why: string): Error {
  return Object.assign(new Error(`SQLITE_BUSY: ${why}`), { code: 'SQLITE_BUSY' });
}

/** Seconds a client should wait before trying again: a lock passes soon, a full disk needs a person. */
export function retryAfterSeconds(failure: StorageFailure): number {
  return failure.kind === 'busy' ? 5 : 30;
}

/** A unique index refused the write (Prisma's P2002): someone else took the name, bib or number first. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
