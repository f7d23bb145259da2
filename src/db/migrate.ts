// Applies prisma/migrations to a SQLite database file, the way `prisma migrate deploy` does
// (same `_prisma_migrations` bookkeeping), but offline through the wasm schema engine.

import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
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
