import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyPendingMigrations } from '../../src/db/migrate.ts';
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
