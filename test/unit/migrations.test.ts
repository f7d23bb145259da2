import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_MIGRATIONS_DIR, applyPendingMigrations, migrationsUpToDate, readMigrationsList } from '../../src/db/migrate.ts';
import { diffSchemaAgainstMigrations } from '../../src/db/new-migration.ts';

test('prisma/schema.prisma and prisma/migrations agree (run `npm run db:migration -- NAME` if not)', async () => {
  const pending = await diffSchemaAgainstMigrations();
  assert.is(pending, null, `the schema has changes with no migration:\n${pending}`);
});

test('migrations apply to a new database once, and a second run applies nothing', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jiangxin-migrate-'));
  try {
    const file = path.join(dir, 'nested', 'app.db');
    const first = await applyPendingMigrations(file);
    assert.ok(first.length > 0, 'the first run applies the history');
    assert.equal(await applyPendingMigrations(file), []);

    const db = new Database(file, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    const names = tables.map((t) => t.name);
    for (const table of ['Account', 'Session', 'Event', '_prisma_migrations']) assert.ok(names.includes(table), table);
    // A later migration that rebuilds a table drops its triggers: the history's guards must survive.
    const triggers = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]).map((t) => t.name);
    for (const trigger of ['MarkChange_append_only_update', 'MarkChange_append_only_delete', 'Mark_never_deleted', 'SheetSignoff_never_deleted', 'EntryStatusChange_append_only_update', 'EntryStatusChange_append_only_delete']) {
      assert.ok(triggers.includes(trigger), trigger);
    }
    // Every trigger any migration made (the federations' rebuild of Account and Event included).
    const made = readdirSync(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory())
      .flatMap((d) => [...readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, d.name, 'migration.sql'), 'utf8').matchAll(/CREATE TRIGGER "(\w+)"/g)].map((m) => m[1]!));
    const dropped = made.filter((name) => !triggers.includes(name));
    assert.ok(made.length >= 27, `${made.length} triggers`);
    assert.ok(made.includes('Certificate_never_deleted'));
    assert.equal(dropped, [], 'no trigger is lost to a later migration');
    // The root of the federation tree, which every account and event belongs to by default.
    assert.equal(db.prepare('SELECT id, parentId FROM Federation').all(), [{ id: 1, parentId: null }]);
    const recorded = db.prepare('SELECT migration_name, finished_at FROM _prisma_migrations').all() as {
      migration_name: string;
      finished_at: string | null;
    }[];
    assert.equal(recorded.map((r) => r.migration_name), first);
    assert.ok(recorded.every((r) => r.finished_at !== null));
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an up-to-date database skips the engine; a new, failed or edited migration does not', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jiangxin-migrate-'));
  try {
    const file = path.join(dir, 'app.db');
    const folder = path.join(dir, 'migrations');
    cpSync(DEFAULT_MIGRATIONS_DIR, folder, { recursive: true });
    assert.is(migrationsUpToDate(file, await readMigrationsList(folder)), false, 'no database yet');
    const history = await applyPendingMigrations(file, folder);
    assert.is(migrationsUpToDate(file, await readMigrationsList(folder)), true, 'every migration applied');

    // A migration added to the folder is pending: the check says so and the engine applies it.
    mkdirSync(path.join(folder, '29991231000000_extra'));
    writeFileSync(path.join(folder, '29991231000000_extra', 'migration.sql'), 'CREATE TABLE "Extra" ("id" INTEGER NOT NULL PRIMARY KEY);\n');
    assert.is(migrationsUpToDate(file, await readMigrationsList(folder)), false, 'a new migration');
    assert.equal(await applyPendingMigrations(file, folder), ['29991231000000_extra']);
    assert.equal(await applyPendingMigrations(file, folder), []);

    // An applied migration edited afterwards no longer matches its recorded checksum.
    writeFileSync(path.join(folder, '29991231000000_extra', 'migration.sql'), 'CREATE TABLE "Extra" ("id" INTEGER NOT NULL PRIMARY KEY, "x" TEXT);\n');
    assert.is(migrationsUpToDate(file, await readMigrationsList(folder)), false, 'an edited migration');

    // The folder as it was, against a database whose history has one more (unknown) migration.
    rmSync(path.join(folder, '29991231000000_extra'), { recursive: true });
    assert.is(migrationsUpToDate(file, await readMigrationsList(folder)), false, 'a migration the folder lacks');

    const db = new Database(file);
    db.prepare('DELETE FROM _prisma_migrations WHERE migration_name = ?').run('29991231000000_extra');
    assert.is(migrationsUpToDate(file, await readMigrationsList(folder)), true, 'back to the folder');
    // A failed migration (started, never finished) is the engine's to report (P3009).
    db.prepare('UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = ?').run(history.at(-1));
    assert.is(migrationsUpToDate(file, await readMigrationsList(folder)), false, 'a failed migration');
    db.prepare('UPDATE _prisma_migrations SET finished_at = started_at, rolled_back_at = started_at WHERE migration_name = ?').run(history.at(-1));
    assert.is(migrationsUpToDate(file, await readMigrationsList(folder)), false, 'a rolled-back migration');
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a database locked by another process: migrations fail saying so, not "unknown variant SocketTimeout"', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jiangxin-migrate-'));
  const file = path.join(dir, 'app.db');
  const other = new Database(file);
  try {
    other.pragma('journal_mode = WAL');
    other.exec('BEGIN IMMEDIATE; CREATE TABLE held (x)');
    try {
      await applyPendingMigrations(file);
      assert.unreachable('migrations ran on a locked database');
    } catch (error) {
      assert.match(String((error as Error).message), `${file} failed: the database is locked by another process (SQLITE_BUSY)`);
    }
  } finally {
    other.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
