import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaClient } from './generated/client.ts';
import { registerNative } from './native.ts';
import { SerializedBetterSqlite3 } from './serialized-adapter.ts';

export type Db = PrismaClient;

/** How long a writer waits for SQLite's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the embedded database. WAL lets readers (public pages, the big screen) go on while a
 * judge's mark is written; foreign keys are off by default in SQLite, so they are switched on.
 * synchronous = FULL syncs the WAL to disk at every commit: a mark the server has acknowledged
 * (after which the tablet deletes it from its queue) survives a power cut. NORMAL syncs only at
 * checkpoints and may lose the last commits. What FULL costs: bench/RESULTS.md. Requests take
 * turns on the one connection (see serialized-adapter.ts).
 */
export async function openDatabase(databaseFile: string, options: { busyTimeoutMs?: number } = {}): Promise<Db> {
  mkdirSync(path.dirname(databaseFile), { recursive: true });
  const adapter = new SerializedBetterSqlite3({ url: `file:${databaseFile}`, timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS });
  const db = new PrismaClient({ adapter });
  // PRAGMAs return rows, so they go through $queryRawUnsafe rather than $executeRawUnsafe.
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA foreign_keys = ON');
  await db.$queryRawUnsafe('PRAGMA synchronous = FULL');
  registerNative(db, adapter);
  return db;
}
