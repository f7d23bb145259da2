import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { test as everywhere } from 'uvu';
import * as assert from 'uvu/assert';
import { backupsOf } from '../../src/backups/index.ts';
import { repoRoot } from '../../src/config.ts';
import { lockDataDir } from '../../src/db/data-lock.ts';
import { applyPendingMigrations, DEFAULT_MIGRATIONS_DIR, readMigrationsList } from '../../src/db/migrate.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { createAccount } from '../support/fixtures.ts';
import { sqliteOnly } from '../support/database.ts';

/** Snapshots and restores copy the SQLite file: on PostgreSQL the database server makes the backups. */
const test = sqliteOnly(everywhere);

const run = promisify(execFile);
const TSX = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

/** Runs the restore command as an operator would, on `dataDir`. */
async function restoreCommand(dataDir: string, ...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [path.join(repoRoot, 'src/backups/restore-cli.ts'), ...args], {
      env: { ...process.env, DATA_DIR: dataDir, INIT_CWD: dataDir },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

const usernames = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT username FROM Account ORDER BY id').pluck().all();
  } finally {
    db.close();
  }
};

/** An app with accounts "before" and, after a snapshot, "after"; closed, so its data folder is idle. */
async function appWithSnapshot(): Promise<{ target: TestApp; snapshot: string }> {
  const target = await freshApp();
  await createAccount(target.db, { username: 'before', password: 'organizer-password' });
  const snapshot = await backupsOf(target.db)!.take({ kind: 'manual' });
  await createAccount(target.db, { username: 'after', password: 'organizer-password' });
  return { target, snapshot: snapshot.name };
}

test('npm run restore refuses while the server has the database open, and restores once it is stopped', async () => {
  const { target, snapshot } = await appWithSnapshot();
  const { dataDir, config } = target;
  try {
    const refused = await restoreCommand(dataDir, snapshot, '--reason', 'test');
    assert.is(refused.code, 1, refused.output);
    assert.match(refused.output, /is in use: stop the Jiangxin server first/);
    assert.equal(usernames(config.databaseFile), ['before', 'after'], 'nothing changed');

    await target.db.$disconnect();
    // A server holds the data folder's lock from its start, before it opens the database.
    const serverLock = lockDataDir(dataDir);
    assert.ok(serverLock.ok);
    const locked = await restoreCommand(dataDir, snapshot);
    assert.is(locked.code, 1, locked.output);
    assert.match(locked.output, /Another Jiangxin server is already using the data folder/);
    if (serverLock.ok) serverLock.release();
    assert.equal(usernames(config.databaseFile), ['before', 'after'], 'still nothing changed');

    const restored = await restoreCommand(dataDir, snapshot, '--reason', 'back to the morning');
    assert.is(restored.code, 0, restored.output);
    assert.match(restored.output, /已恢复/);
    assert.equal(usernames(config.databaseFile), ['before']);
    const backups = readdirSync(path.join(dataDir, 'backups'));
    const before = backups.find((n) => n.endsWith('-before-restore.db'));
    assert.ok(before, 'the state before the restore is kept');
    assert.equal(usernames(path.join(dataDir, 'backups', before)), ['before', 'after']);
    const db = new Database(config.databaseFile, { readonly: true });
    const audit = db.prepare(`SELECT subject, details FROM AuditEntry WHERE action = 'backup.restore'`).get() as { subject: string; details: string };
    db.close();
    assert.is(audit.subject, snapshot);
    assert.is(JSON.parse(audit.details).reason, 'back to the morning');
  } finally {
    await target.close();
  }
});

test('a file that is not a Jiangxin database of a compatible migration is refused', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jiangxin-restore-'));
  const { target } = await appWithSnapshot();
  await target.db.$disconnect();
  try {
    const text = path.join(dir, 'notes.db');
    writeFileSync(text, 'just some notes, not a database');
    const other = path.join(dir, 'other.db');
    const otherDb = new Database(other);
    otherDb.exec('CREATE TABLE things (id INTEGER PRIMARY KEY)');
    otherDb.close();
    const newer = path.join(dir, 'newer.db');
    cpSync(target.config.databaseFile, newer);
    const newerDb = new Database(newer);
    newerDb.prepare(`INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
      VALUES ('x', 'abc', '29991231000000_from_the_future', datetime('now'), datetime('now'), 1)`).run();
    newerDb.close();
    const cases: [string, RegExp][] = [
      [text, /is not an SQLite database/],
      [other, /is not a Jiangxin database/],
      [newer, /comes from a newer version of Jiangxin/],
      [path.join(dir, 'missing.db'), /does not exist/],
    ];
    for (const [file, message] of cases) {
      const result = await restoreCommand(target.dataDir, file);
      assert.is(result.code, 1, result.output);
      assert.match(result.output, message);
    }
    assert.equal(usernames(target.config.databaseFile), ['before', 'after'], 'nothing restored');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await target.close();
  }
});

test('a snapshot from an older version is restored with the migrations it lacks applied', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jiangxin-restore-'));
  const { target } = await appWithSnapshot();
  await target.db.$disconnect();
  try {
    // The snapshot of an install that had only the first three migrations.
    const all = (await readMigrationsList()).migrationDirectories.map((m) => m.path);
    const older = path.join(dir, 'migrations');
    cpSync(DEFAULT_MIGRATIONS_DIR, older, { recursive: true });
    for (const name of all.slice(3)) rmSync(path.join(older, name), { recursive: true });
    const snapshot = path.join(dir, 'older.db');
    await applyPendingMigrations(snapshot, older);

    const result = await restoreCommand(target.dataDir, snapshot);
    assert.is(result.code, 0, result.output);
    const db = new Database(target.config.databaseFile, { readonly: true });
    const applied = db.prepare('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name').pluck().all();
    const accounts = db.prepare('SELECT count(*) FROM Account').pluck().get();
    db.close();
    assert.equal(applied, all, 'every migration applied');
    assert.is(accounts, 0, 'the older, empty database');
    for (const name of all.slice(3)) assert.ok(result.output.includes(name), `${name} reported`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await target.close();
  }
});

test.run();
