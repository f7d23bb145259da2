// Applies prisma/migrations to a SQLite database file, the way `prisma migrate deploy` does
// (same `_prisma_migrations` bookkeeping), but offline through the wasm schema engine.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { MigrationDirectory, MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { repoRoot } from '../config.ts';
import { NO_SCHEMA_FILTER, sqlitePathFrom, withContext, withSchemaEngine } from './schema-engine.ts';

export const DEFAULT_MIGRATIONS_DIR = join(repoRoot, 'prisma', 'migrations');
export const SCHEMA_FILE = join(repoRoot, 'prisma', 'schema.prisma');

export const MIGRATION_LOCK_FILE = 'migration_lock.toml';
const MIGRATION_SCRIPT_FILE = 'migration.sql';

/**
 * Reads the migrations folder into the engine's input shape, mirroring the Prisma CLI:
 * every sub-directory is a migration (sorted by name, i.e. by timestamp prefix) whose
 * `migration.sql` is passed as content, or as an error the engine reports if unreadable.
 * A missing folder is just an empty history.
 */
export async function readMigrationsList(migrationsDir = DEFAULT_MIGRATIONS_DIR): Promise<MigrationList> {
  const baseDir = resolve(migrationsDir);
  const lockContent = await readFile(join(baseDir, MIGRATION_LOCK_FILE), 'utf8').catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const migrationDirectories: MigrationDirectory[] = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
      .map(async (name): Promise<MigrationDirectory> => {
        const content = await readFile(join(baseDir, name, MIGRATION_SCRIPT_FILE), 'utf8').then(
          (value) => ({ tag: 'ok' as const, value }),
          (error: Error) => ({ tag: 'error' as const, value: error.message }),
        );
        return { path: name, migrationFile: { path: MIGRATION_SCRIPT_FILE, content } };
      }),
  );
  return {
    baseDir,
    lockfile: { path: MIGRATION_LOCK_FILE, content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

interface AppliedRow {
  name: string;
  checksum: string;
  finished: string | null;
  rolledBack: string | null;
}

/**
 * Whether the database at `path` records exactly the folder's migrations as applied, in order, each
 * finished with the checksum of its script (SHA-256 of migration.sql, as Prisma records it), and
 * nothing else: no failed, rolled-back or unknown one. Then the engine has nothing to do, and
 * loading it (~100 ms and ~20 MB of wasm that stay for the life of the process) is skipped at
 * every start. Anything else — a new database, a missing table, a pending, failed or edited
 * migration — answers false and goes to the engine, which applies or explains.
 */
export function migrationsUpToDate(path: string, migrationsList: MigrationList): boolean {
  if (path === ':memory:' || !existsSync(path)) return false;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const rows = db
      .prepare('SELECT migration_name AS name, checksum, finished_at AS finished, rolled_back_at AS rolledBack FROM _prisma_migrations ORDER BY migration_name')
      .all() as AppliedRow[];
    const local = migrationsList.migrationDirectories;
    return rows.length === local.length && local.every((migration, i) => {
      const row = rows[i]!;
      const { content } = migration.migrationFile;
      return content.tag === 'ok' && row.name === migration.path && row.finished !== null && row.rolledBack === null
        && row.checksum === createHash('sha256').update(content.value).digest('hex');
    });
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/**
 * Brings `databaseFile` (a path, or a `file:` URL) up to date with the migrations folder and
 * returns the names of the migrations applied by this call (empty when already current).
 * Creates the file and its parent folder if missing. Throws if a migration fails, or if an
 * earlier one is recorded as failed (error `code` P3009: delete the dev database, or resolve it).
 */
export async function applyPendingMigrations(
  databaseFile: string,
  migrationsDir = DEFAULT_MIGRATIONS_DIR,
): Promise<string[]> {
  const path = sqlitePathFrom(databaseFile);
  if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  const migrationsList = await readMigrationsList(migrationsDir);
  if (migrationsUpToDate(path, migrationsList)) return [];
  try {
    const { appliedMigrationNames } = await withSchemaEngine(path, (engine) =>
      engine.applyMigrations({ migrationsList, filters: NO_SCHEMA_FILTER }),
    );
    return appliedMigrationNames;
  } catch (error) {
    // The engine's message alone (e.g. "The underlying table for model `x` does not exist.")
    // names neither the database nor the migrations folder. A busy database reaches the wasm
    // engine as the adapter's "SocketTimeout", which it cannot read ("unknown variant").
    const busy = /unknown variant `SocketTimeout`/.test(error instanceof Error ? error.message : String(error));
    const reason = busy ? ': the database is locked by another process (SQLITE_BUSY); stop it and start again' : '';
    throw withContext(error, `Applying migrations from ${migrationsList.baseDir} to ${path} failed${reason}`);
  }
}
