// Applies the migrations to the database, the way `prisma migrate deploy` does (same
// `_prisma_migrations` bookkeeping), but offline through the wasm schema engine.
//
// Two histories, one per provider, kept in step: prisma/migrations for SQLite (the embedded
// default) and prisma/migrations-postgresql, both from the one schema (scripts/schemas.mjs).
// Prisma's migration SQL is provider-specific (SQLite rebuilds a table to change a column,
// PostgreSQL alters it; triggers are written differently), so one history cannot serve both, and
// generating one from the other would hide exactly those differences from review.
// `npm run db:migration -- NAME` writes the next migration into both (src/db/new-migration.ts),
// and the migrations tests replay each history and find no difference from the schema.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { MigrationDirectory, MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { repoRoot } from '../config.ts';
import { isPostgresqlUrl } from './location.ts';
import { NO_SCHEMA_FILTER, sqlitePathFrom, withContext, withSchemaEngine } from './schema-engine.ts';

export const DEFAULT_MIGRATIONS_DIR = join(repoRoot, 'prisma', 'migrations');
export const POSTGRESQL_MIGRATIONS_DIR = join(repoRoot, 'prisma', 'migrations-postgresql');
/** The history for a database: PostgreSQL's for a `postgresql://` URL, else SQLite's. */
export const migrationsDirFor = (location: string) => (isPostgresqlUrl(location) ? POSTGRESQL_MIGRATIONS_DIR : DEFAULT_MIGRATIONS_DIR);
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
    return sameHistory(db.prepare(APPLIED).all() as AppliedRow[], migrationsList);
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

const APPLIED = 'SELECT migration_name AS "name", checksum, finished_at AS "finished", rolled_back_at AS "rolledBack" FROM _prisma_migrations ORDER BY migration_name';

function sameHistory(rows: AppliedRow[], migrationsList: MigrationList): boolean {
  const local = migrationsList.migrationDirectories;
  return rows.length === local.length && local.every((migration, i) => {
    const row = rows[i]!;
    const { content } = migration.migrationFile;
    return content.tag === 'ok' && row.name === migration.path && row.finished !== null && row.rolledBack === null
      && row.checksum === createHash('sha256').update(content.value).digest('hex');
  });
}

/**
 * PostgreSQL: several nodes may start at once, so the first takes a session lock, applies what is
 * pending and releases it; the others wait for it and then find nothing to do.
 */
async function applyToPostgresql(url: string, migrationsList: MigrationList): Promise<string[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, application_name: 'jiangxin migrations' });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('jiangxin migrations'))");
    const applied = await client.query<AppliedRow>(APPLIED).then((result) => result.rows, () => null);
    if (applied && sameHistory(applied, migrationsList)) return [];
    const { appliedMigrationNames } = await withSchemaEngine(url, (engine) => engine.applyMigrations({ migrationsList, filters: NO_SCHEMA_FILTER }));
    return appliedMigrationNames;
  } catch (error) {
    throw withContext(error, `Applying migrations from ${migrationsList.baseDir} to PostgreSQL failed`);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Brings the database (a `postgresql://` URL, a path, or a `file:` URL) up to date with its
 * migrations folder and returns the names of the migrations applied by this call (empty when
 * already current). Creates a SQLite file and its parent folder if missing. Throws if a migration
 * fails, or if an earlier one is recorded as failed (error `code` P3009: delete the dev
 * database, or resolve it).
 */
export async function applyPendingMigrations(
  databaseFile: string,
  migrationsDir = migrationsDirFor(databaseFile),
): Promise<string[]> {
  if (isPostgresqlUrl(databaseFile)) return applyToPostgresql(databaseFile, await readMigrationsList(migrationsDir));
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
