/**
 * Moving a big event (src/transfer/): how long its transfer file takes to build and to import,
 * how big it is, how much memory each step takes, and the longest the server answers nobody
 * meanwhile (the event loop's longest stall). From a venue's SQLite file into another SQLite
 * file and into PostgreSQL (a throwaway server, scripts/postgresql-server.mjs, when Debian's
 * postgresql is installed); the event is bench/event/build.ts's (5 judges × 25 aspects, every
 * mark in with its history, signed), one skill of BENCH_TRANSFER_ENTRIES entries (default
 * "300,3000") plus a published one of 100.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/client.ts';
import { applyPendingMigrations } from '../src/db/migrate.ts';
import { photoFiles } from '../src/registration/photo-store.ts';
import { buildTransferFile } from '../src/transfer/export.ts';
import { importTransferFile } from '../src/transfer/import.ts';
import pg from 'pg';
import { postgresqlBin, startPostgresql } from '../scripts/postgresql-server.mjs';
import type { Db } from '../src/db/client.ts';
import { buildEvent } from './event/build.ts';
import type { Benchmark } from './run.ts';
import { stall } from './stall.ts';

const SIZES = (process.env.BENCH_TRANSFER_ENTRIES ?? '300,3000').split(',').map(Number);
const MB = 1024 * 1024;

/** The most memory JavaScript held while `work` ran (heap and buffers, sampled every 20 ms), above what it held before. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ value: T; mb: number }> {
  global.gc?.();
  const used = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
  const before = used();
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, used()); }, 20);
  const value = await work();
  clearInterval(timer);
  peak = Math.max(peak, used());
  return { value, mb: Math.round((peak - before) / MB) };
}

async function importInto(target: Db, dir: string, bytes: Uint8Array) {
  const admin = await target.account.create({ data: { username: 'admin', displayName: 'admin', role: 'organizer', isAdmin: true, passwordHash: '!' } });
  const imported = await peakRss(() => stall(() => importTransferFile(target, photoFiles(dir), bytes, { federationId: 1, accountId: admin.id })));
  if (!imported.value.value.ok) throw new Error(`import refused: ${JSON.stringify(imported.value.value)}`);
  return { ms: imported.value.ms, stallMs: imported.value.stallMs, mb: imported.mb, marks: await target.mark.count() };
}

async function measure(entries: number, postgresqlUrl: string | null): Promise<(string | number)[][]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jiangxin-bench-transfer-'));
  try {
    const sourceFile = path.join(dir, 'venue.db');
    const built = await buildEvent(sourceFile, { openSkills: 0, openEntries: 0, big: [entries], published: 100 });
    const source = await openDatabase(sourceFile);
    const exported = await peakRss(() => stall(() => buildTransferFile(source, photoFiles(dir), built.eventId)));
    await source.$disconnect();
    const file = exported.value.value!;
    const front = [entries, built.marks, file.rows, (file.bytes.length / MB).toFixed(1), exported.value.ms, exported.value.stallMs, exported.mb];
    const row = (target: string, i: Awaited<ReturnType<typeof importInto>>) => [...front, target, i.ms, i.stallMs, i.mb, i.marks === built.marks ? 'yes' : `no (${i.marks})`];

    const targetFile = path.join(dir, 'platform.db');
    await applyPendingMigrations(targetFile);
    const sqlite = await openDatabase(targetFile);
    const rows = [row('SQLite', await importInto(sqlite, path.join(dir, 'platform'), file.bytes))];
    await sqlite.$disconnect();

    if (postgresqlUrl) {
      const name = `transfer_${entries}`;
      const admin = new pg.Client({ connectionString: postgresqlUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
      await admin.end();
      const url = new URL(postgresqlUrl);
      url.pathname = `/${name}`;
      await applyPendingMigrations(url.toString());
      const platform = await openDatabase(url.toString());
      rows.push(row('PostgreSQL', await importInto(platform, dir, file.bytes)));
      await platform.$disconnect();
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const bench: Benchmark = {
  name: 'transfer',
  title: 'Moving an event: its transfer file built at the venue (SQLite) and imported (SQLite, PostgreSQL)',
  async run() {
    const server = postgresqlBin() ? await startPostgresql({ log: console.log }) : null;
    const rows = [];
    try {
      for (const size of SIZES) rows.push(...await measure(size, server?.url ?? null));
    } finally {
      server?.stop();
    }
    return {
      columns: ['entries', 'marks', 'records', 'file MB', 'export ms', 'export longest stall ms', 'export memory MB', 'into', 'import ms', 'import longest stall ms', 'import memory MB', 'all marks arrived'],
      rows,
      notes: [
        'The export reads the venue\'s SQLite file; each import is one transaction. On SQLite the one connection is the import\'s until it commits, so other requests\' database work waits about the import\'s time (the stall columns are the event loop alone); on PostgreSQL other requests go on.',
        'PostgreSQL: a throwaway local server with fsync and synchronous_commit off; memory is what JavaScript held (heap and buffers) above where it started, sampled every 20 ms (run with --expose-gc for a clean start).',
      ],
    };
  },
};

export default bench;
