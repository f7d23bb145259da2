import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * One server per data folder. Two servers on one database each keep their own throttles and
 * live notifier (the big screen misses the other's marks) and fight over SQLite's write lock.
 *
 * The lock is an OS lock, taken through SQLite: a small database `jiangxin.lock` in the data
 * folder, held in an EXCLUSIVE transaction for the life of the process. SQLite locks with
 * fcntl() (LockFileEx on Windows), which the kernel drops when the process ends however it ends:
 * a SIGKILL or a power cut leaves no stale lock, unlike a pid file or a lock directory judged
 * stale by its age (proper-lockfile), which would block a restart for its staleness period. It
 * needs no new dependency. The lock file cannot be read while held, so who holds it (pid, since
 * when, host) is written next to it, for the message only.
 */

const LOCK_FILE = 'jiangxin.lock';
const HOLDER_FILE = 'jiangxin.lock.json';

export interface LockHolder {
  pid: number;
  since: string;
  host: string;
}

export type DataLock =
  | { ok: true; release(): void }
  | { ok: false; holder: LockHolder | null; message: string };

/** Kept here so the connection, and with it the lock, lives as long as the process. */
const held = new Set<Database.Database>();

export function lockDataDir(dataDir: string): DataLock {
  mkdirSync(dataDir, { recursive: true });
  // timeout 0: a held lock is answered at once instead of after SQLite's busy wait.
  const connection = new Database(path.join(dataDir, LOCK_FILE), { timeout: 0 });
  try {
    connection.pragma('locking_mode = EXCLUSIVE');
    connection.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    connection.close();
    if (!isBusy(error)) throw error;
    const holder = readHolder(dataDir);
    return { ok: false, holder, message: refusal(dataDir, holder) };
  }
  held.add(connection);
  const holder: LockHolder = { pid: process.pid, since: new Date().toISOString(), host: hostname() };
  const holderFile = path.join(dataDir, HOLDER_FILE);
  writeFileSync(`${holderFile}.tmp`, `${JSON.stringify(holder)}\n`);
  renameSync(`${holderFile}.tmp`, holderFile);
  return {
    ok: true,
    release() {
      if (!held.delete(connection)) return;
      connection.exec('ROLLBACK');
      connection.close();
    },
  };
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function readHolder(dataDir: string): LockHolder | null {
  try {
    const value = JSON.parse(readFileSync(path.join(dataDir, HOLDER_FILE), 'utf8')) as Partial<LockHolder>;
    return typeof value.pid === 'number' && typeof value.since === 'string'
      ? { pid: value.pid, since: value.since, host: String(value.host ?? '') }
      : null;
  } catch {
    return null;
  }
}

function refusal(dataDir: string, holder: LockHolder | null): string {
  const who = holder ? `pid ${holder.pid}${holder.host ? ` on ${holder.host}` : ''}, running since ${holder.since}` : 'its pid is unknown';
  return (
    `Another Jiangxin server is already using the data folder ${dataDir} (${who}). ` +
    'Only one server may use a data folder: stop the other one first, or start this one with another DATA_DIR.'
  );
}
