/**
 * Consistent snapshots of the live database, the one way backups are made (screens, the timer,
 * the risky commands, the restore command).
 *
 * Copying `jiangxin.db` while the server runs misses what is still in the WAL. A snapshot is
 * `VACUUM INTO` on a separate read-only connection: one read transaction, so a consistent state,
 * and in WAL mode readers never block writers, so judges' marks go on being written meanwhile.
 * It runs in a worker thread, because better-sqlite3 is synchronous and would otherwise hold the
 * event loop (every request) for the length of the copy. The file is written under a temporary
 * name, flushed to disk, then renamed, so a listed snapshot is always complete.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  DEFAULT_RETENTION, newestFirst, parseSnapshotName, snapshotName, snapshotsToDelete,
  type RetentionPolicy, type SnapshotInfo, type SnapshotReason,
} from '../domain/backups.ts';

export interface BackupSettings {
  /** The live database file. */
  databaseFile: string;
  /** Where snapshots live: DATA_DIR/backups. */
  dir: string;
  retention: RetentionPolicy;
}

export interface StoredSnapshot extends SnapshotInfo {
  size: number;
}

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

// Plain CommonJS run with `eval`, so the worker needs no TypeScript loader.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.source, { readonly: true, fileMustExist: true, timeout: 5000 });
try { db.prepare('VACUUM INTO ?').run(workerData.target); } finally { db.close(); }
parentPort.postMessage('done');
`;

/** Writes a consistent copy of `source` to `target` (which must not exist) off the main thread. */
export function vacuumInto(source: string, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { driver, source, target } });
    let finished = false;
    worker.once('message', () => { finished = true; resolve(); });
    worker.once('error', reject);
    worker.once('exit', (code) => { if (!finished) reject(new Error(`snapshot worker exited with code ${code}`)); });
  });
}

/** fsync without holding the event loop: a 100 MB snapshot must not pause the judges. */
async function flush(file: string) {
  const handle = await open(file, 'r');
  try { await handle.sync(); } finally { await handle.close(); }
}

export class Snapshots {
  /** Snapshots are taken one at a time, in the order asked. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly settings: BackupSettings) {}

  /** Takes a snapshot now, then applies retention. Resolves with the new snapshot. */
  take(reason: SnapshotReason, now = new Date()): Promise<StoredSnapshot> {
    const run = this.queue.then(() => this.write(reason, now));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(reason: SnapshotReason, now: Date): Promise<StoredSnapshot> {
    const { dir, databaseFile } = this.settings;
    mkdirSync(dir, { recursive: true });
    const existing = new Set(await readdir(dir));
    let sequence = 1;
    while (existing.has(snapshotName(now, reason, sequence))) sequence += 1;
    const name = snapshotName(now, reason, sequence);
    const partial = path.join(dir, `.${name}.partial`);
    rmSync(partial, { force: true });
    try {
      await vacuumInto(databaseFile, partial);
      await flush(partial);
      renameSync(partial, path.join(dir, name));
      await flush(dir);
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    }
    await this.prune(now);
    const info = parseSnapshotName(name)!;
    return { ...info, size: (await stat(path.join(dir, name))).size };
  }

  /** Every snapshot in the folder, newest first (other files are ignored). */
  async list(): Promise<StoredSnapshot[]> {
    const names = await readdir(this.settings.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const infos = names.map(parseSnapshotName).filter((s): s is SnapshotInfo => s !== null).sort(newestFirst);
    return Promise.all(infos.map(async (s) => ({ ...s, size: (await stat(path.join(this.settings.dir, s.name))).size })));
  }

  /** The path of a listed snapshot, or null: only well-formed snapshot names inside the folder. */
  async file(name: string): Promise<string | null> {
    if (!parseSnapshotName(name)) return null;
    const found = (await this.list()).some((s) => s.name === name);
    return found ? path.join(this.settings.dir, name) : null;
  }

  async prune(now = new Date()): Promise<string[]> {
    const doomed = snapshotsToDelete(await this.list(), now, this.settings.retention);
    for (const s of doomed) rmSync(path.join(this.settings.dir, s.name), { force: true });
    return doomed.map((s) => s.name);
  }
}

export function snapshotSettings(config: { databaseFile: string; dataDir: string; backupRetention?: RetentionPolicy }): BackupSettings {
  return { databaseFile: config.databaseFile, dir: path.join(config.dataDir, 'backups'), retention: config.backupRetention ?? DEFAULT_RETENTION };
}
