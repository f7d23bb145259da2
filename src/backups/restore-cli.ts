/**
 * `npm run restore -- FILE [--reason TEXT]`: restores a snapshot (a path, or the name of one in
 * DATA_DIR/backups) over DATA_DIR's database while the server is stopped. It holds the data
 * folder's lock (src/db/data-lock.ts) for the whole restore, so no server starts meanwhile, and
 * refuses while a server holds it or any other process has the database open, and any file
 * restore.ts refuses. The current state
 * is kept as a before-restore snapshot first, so the restore can be undone the same way.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { recordAudit } from '../audit/record.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { isPostgresqlUrl } from '../db/location.ts';
import { lockDataDir } from '../db/data-lock.ts';
import { translator, type MessageKey } from '../i18n/index.ts';
import { refusalKey } from './commands.ts';
import { restoreDatabase } from './restore.ts';
import { Snapshots, snapshotSettings } from './snapshots.ts';

const zh = translator('zh-CN');
const en = translator('en');
const say = (key: MessageKey, params?: Record<string, string>) => `${zh(key, params)}\n${en(key, params)}`;

/**
 * Whether another process has the database open. In WAL mode every connection holds a shared
 * lock, so an exclusive transaction is refused while the server runs, even when it is idle.
 */
function inUse(databaseFile: string): boolean {
  if (!existsSync(databaseFile)) return false;
  const db = new Database(databaseFile, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('ROLLBACK');
    return false;
  } catch {
    return true;
  } finally {
    db.close();
  }
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const args = process.argv.slice(2);
const reasonAt = args.indexOf('--reason');
const reason = reasonAt >= 0 ? (args[reasonAt + 1] ?? '') : '';
const file = args.find((a, i) => !a.startsWith('--') && (reasonAt < 0 || i !== reasonAt + 1));
if (!file) fail('Usage: npm run restore -- FILE [--reason TEXT]   (FILE: a path, or a snapshot name in DATA_DIR/backups)');

const config = loadConfig();
if (isPostgresqlUrl(config.database)) fail(say('backups.cli.postgresql'));
const snapshots = new Snapshots(snapshotSettings(config));
// npm runs scripts from the package folder; INIT_CWD is where the operator typed the command.
const given = path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
const source = existsSync(given) ? given : ((await snapshots.file(file)) ?? given);
const lock = lockDataDir(config.dataDir);
if (!lock.ok) fail(`${say('backups.cli.inUse', { file: config.databaseFile })}\n${lock.message}`);
// Also a process that does not take the lock (an older server, an SQLite shell).
if (inUse(config.databaseFile)) fail(say('backups.cli.inUse', { file: config.databaseFile }));

const result = await restoreDatabase({ databaseFile: config.databaseFile, source, snapshots });
if (!result.ok) fail(say(refusalKey(result) as MessageKey, { name: source }));

const db = await openDatabase(config.databaseFile);
try {
  await recordAudit(db, {
    accountId: null, eventId: null, action: 'backup.restore', subject: path.basename(source),
    details: { reason, before: result.before?.name ?? null, migrated: result.migrated, by: 'command line' },
  });
} finally {
  await db.$disconnect();
}
console.log(say('backups.cli.restored', { name: source, before: result.before?.name ?? '-', migrated: result.migrated.join(', ') || '-' }));
lock.release();
