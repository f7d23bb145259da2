/**
 * Restoring a snapshot, for the command line (`npm run restore -- FILE`) and the organizer's
 * screen alike:
 *  1. the file is checked: an SQLite database that passes `quick_check`, with Jiangxin's tables
 *     and a `_prisma_migrations` whose applied migrations are the first of this code's (same
 *     names and checksums) — never a newer or a different history;
 *  2. it is copied (online backup, so a file with its own WAL is read whole) to a working copy
 *     next to the snapshots, and this code's pending migrations are applied to that copy;
 *  3. a `before-restore` snapshot of the current state is taken, so the restore can be undone;
 *  4. the working copy is written over the live database with SQLite's backup API: one write
 *     transaction on the live file, so a connection that has it open (the server's own) sees
 *     either the old state or the restored one, never a mix, and needs no reopening.
 */
import { hash, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { checkMigrations, type MigrationCheck, type MigrationRecord } from '../domain/backups.ts';
import { applyPendingMigrations, readMigrationsList } from '../db/migrate.ts';
import type { Snapshots, StoredSnapshot } from './snapshots.ts';

export type Refusal =
  | { reason: 'missing' | 'notDatabase' | 'damaged' | 'notJiangxin' }
  | { reason: 'migrations'; check: Exclude<MigrationCheck, { ok: true }> };

export type Inspection = { ok: true; applied: string[]; pending: string[] } | ({ ok: false } & Refusal);

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** Tables every Jiangxin database has had since its first migrations. */
const REQUIRED_TABLES = ['_prisma_migrations', 'Account', 'Event', 'AuditEntry'];

function hasSqliteHeader(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    return readSync(fd, header, 0, header.length, 0) === header.length && header.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** This code's migrations, with the checksum Prisma records (SHA-256 of migration.sql). */
async function codeMigrations(): Promise<{ name: string; checksum: string }[]> {
  const list = await readMigrationsList();
  return list.migrationDirectories.map((m) => ({
    name: m.path,
    checksum: m.migrationFile.content.tag === 'ok' ? hash('sha256', m.migrationFile.content.value) : '',
  }));
}

/** Whether `file` can be restored by this code, and which migrations it would still need. */
export async function inspectDatabaseFile(file: string): Promise<Inspection> {
  if (!existsSync(file)) return { ok: false, reason: 'missing' };
  if (!hasSqliteHeader(file)) return { ok: false, reason: 'notDatabase' };
  let records: MigrationRecord[];
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') return { ok: false, reason: 'damaged' };
    const tables = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
    if (!REQUIRED_TABLES.every((t) => tables.has(t))) return { ok: false, reason: 'notJiangxin' };
    const rows = db.prepare('SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations').all() as {
      migration_name: string; checksum: string; finished_at: string | null; rolled_back_at: string | null;
    }[];
    records = rows.map((r) => ({ name: r.migration_name, checksum: r.checksum, finished: r.finished_at !== null, rolledBack: r.rolled_back_at !== null }));
  } catch {
    return { ok: false, reason: 'damaged' };
  } finally {
    db?.close();
  }
  const check = checkMigrations(records, await codeMigrations());
  if (!check.ok) return { ok: false, reason: 'migrations', check };
  return { ok: true, applied: records.filter((r) => !r.rolledBack).map((r) => r.name).sort(), pending: check.pending };
}

/** Copies a database (WAL included) with the online backup API, in one step. */
async function copyDatabase(source: string, target: string): Promise<void> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    // One step for everything: the target's write lock is taken once and held to the end.
    await db.backup(target, { progress: () => 1_000_000_000 });
  } finally {
    db.close();
  }
}

export type RestoreResult =
  | { ok: true; before: StoredSnapshot | null; migrated: string[] }
  | ({ ok: false } & Refusal);

/**
 * Restores `source` over `databaseFile` (see the steps above). `takeBefore` makes the
 * before-restore snapshot (the server's goes through its Backups, to keep its bookkeeping).
 */
export async function restoreDatabase(options: {
  databaseFile: string;
  source: string;
  snapshots: Snapshots;
  takeBefore?: () => Promise<StoredSnapshot>;
}): Promise<RestoreResult> {
  const { databaseFile, source, snapshots } = options;
  const inspection = await inspectDatabaseFile(source);
  if (!inspection.ok) return inspection;
  mkdirSync(snapshots.settings.dir, { recursive: true });
  const work = path.join(snapshots.settings.dir, `.restore-${randomUUID()}.db`);
  try {
    await copyDatabase(source, work);
    const migrated = await applyPendingMigrations(work);
    const before = existsSync(databaseFile)
      ? await (options.takeBefore ?? (() => snapshots.take({ kind: 'before-restore' })))()
      : null;
    await copyDatabase(work, databaseFile);
    return { ok: true, before, migrated };
  } finally {
    rmSync(work, { force: true });
    rmSync(`${work}-journal`, { force: true });
  }
}
