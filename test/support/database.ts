import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { isPostgresqlUrl } from '../../src/db/location.ts';
import { applyPendingMigrations } from '../../src/db/migrate.ts';

/**
 * Which database the suite runs on: SQLite files by default; PostgreSQL when TEST_POSTGRESQL_URL
 * names a server (`npm run test:pg` starts one and sets it). Each test's database is new: a
 * copy of one migrated template per test process (CREATE DATABASE … TEMPLATE), dropped after.
 */
export const TEST_POSTGRESQL_URL = process.env.TEST_POSTGRESQL_URL?.trim() || null;
export const usingPostgresql = TEST_POSTGRESQL_URL !== null;

/**
 * A uvu test or suite for what only the embedded SQLite file has (its one connection, its lock,
 * copies of the file, SQLITE_BUSY from another process): on PostgreSQL its tests are listed as
 * skipped. Everything else (before, after, run) is the suite's own.
 */
export function sqliteOnly<T extends object & { skip: (...args: any[]) => void }>(test: T): T {
  return usingPostgresql ? skipping(test) : test;
}

/** A uvu test or suite for what only PostgreSQL has (several nodes on one database): skipped on SQLite. */
export function postgresqlOnly<T extends object & { skip: (...args: any[]) => void }>(test: T): T {
  return usingPostgresql ? test : skipping(test);
}

function skipping<T extends object & { skip: (...args: any[]) => void }>(test: T): T {
  return new Proxy(test, { apply: (target, _this, args) => target.skip(...args) });
}

/** The URL of database `name` on the test server. */
export function databaseUrl(name: string): string {
  const url = new URL(TEST_POSTGRESQL_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement on the server's maintenance database (CREATE, DROP DATABASE), on a connection of its own: none stays open to keep the process alive. */
async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRESQL_URL!, application_name: 'jiangxin tests' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let template: Promise<string> | undefined;
/** Migrated once per process; no connection stays on it, so it can be copied. */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = `jiangxin_template_${process.pid}_${randomBytes(3).toString('hex')}`;
    await onServer(`CREATE DATABASE "${name}"`);
    await applyPendingMigrations(databaseUrl(name));
    return name;
  })();
  return template;
}

/** A new, migrated PostgreSQL database for one test: its URL, and how to drop it. */
export async function freshPostgresql(): Promise<{ url: string; drop(): Promise<void> }> {
  const source = await migratedTemplate();
  const name = `jiangxin_test_${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE "${name}" TEMPLATE "${source}"`);
  return {
    url: databaseUrl(name),
    async drop() {
      await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

// The template stays on the server when the process ends; the throwaway server of `npm run
// test:pg` goes with it, a server of one's own keeps jiangxin_template_* databases to drop.

/**
 * A copy of the database at `location` (a SQLite file, or a PostgreSQL database on the test
 * server) as a new location, for fixtures built once and copied for each test. A PostgreSQL
 * database is copied as a template, which takes no connection to it: the client `db` that built
 * it is disconnected first (and cannot be used again); a SQLite one is checkpointed.
 */
export async function copyDatabase(location: string, db?: { $disconnect(): Promise<void>; $queryRawUnsafe(sql: string): Promise<unknown> }): Promise<string> {
  if (isPostgresqlUrl(location)) {
    await db?.$disconnect();
    const name = `jiangxin_copy_${randomBytes(6).toString('hex')}`;
    await onServer(`CREATE DATABASE "${name}" TEMPLATE "${new URL(location).pathname.slice(1)}"`);
    return databaseUrl(name);
  }
  await db?.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
  const dir = mkdtempSync(path.join(tmpdir(), 'jiangxin-copy-'));
  const file = path.join(dir, 'jiangxin.db');
  copyFileSync(location, file);
  return file;
}

/** Removes a database copyDatabase() made. */
export async function dropDatabase(location: string): Promise<void> {
  if (isPostgresqlUrl(location)) await onServer(`DROP DATABASE IF EXISTS "${new URL(location).pathname.slice(1)}" WITH (FORCE)`);
  else rmSync(path.dirname(location), { recursive: true, force: true });
}
