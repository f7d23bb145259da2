import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaClient } from './generated/client.ts';
import { registerNative } from './native.ts';
import { isPostgresqlUrl } from './location.ts';
import { openPostgresql } from './postgresql.ts';
import { SerializedBetterSqlite3 } from './serialized-adapter.ts';

/**
 * The Prisma client, typed as the SQLite one: the PostgreSQL client (src/db/generated-pg) is
 * generated from the same schema and offers the same API, plus features this code does not use.
 */
export type Db = PrismaClient;

/** How long a writer waits for SQLite's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the database at `location`: a `postgresql://` URL (src/db/postgresql.ts), else the
 * embedded SQLite file at that path.
 *
 * SQLite: WAL lets readers (public pages, the big screen) go on while a judge's mark is written;
 * foreign keys are off by default in SQLite, so they are switched on. synchronous = FULL syncs
 * the WAL to disk at every commit: a mark the server has acknowledged (after which the tablet
 * deletes it from its queue) survives a power cut. NORMAL syncs only at checkpoints and may lose
 * the last commits. What FULL costs: bench/RESULTS.md. Requests take turns on the one connection
 * (see serialized-adapter.ts).
 */
export async function openDatabase(location: string, options: { busyTimeoutMs?: number; poolSize?: number } = {}): Promise<Db> {
  if (isPostgresqlUrl(location)) return openPostgresql(location, { poolSize: options.poolSize });
  mkdirSync(path.dirname(location), { recursive: true });
  const adapter = new SerializedBetterSqlite3({ url: `file:${location}`, timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS });
  const db = new PrismaClient({ adapter });
  // PRAGMAs return rows, so they go through $queryRawUnsafe rather than $executeRawUnsafe.
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA foreign_keys = ON');
  await db.$queryRawUnsafe('PRAGMA synchronous = FULL');
  registerNative(db, adapter);
  return db;
}
