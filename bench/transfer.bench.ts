/**
 * Moving a big event (src/transfer/): how long its transfer file takes to build and to import,
 * how big it is, how much memory each step takes, and the longest the server answers nobody
 * meanwhile (the event loop's longest stall). SQLite to SQLite on this machine; the event is
 * bench/event/build.ts's (5 judges × 25 aspects, every mark in with its history, signed), one
 * skill of BENCH_TRANSFER_ENTRIES entries (default "300,3000") plus a published one of 100.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/client.ts';
import { applyPendingMigrations } from '../src/db/migrate.ts';
import { photoFiles } from '../src/registration/photo-store.ts';
import { buildTransferFile } from '../src/transfer/export.ts';
import { importTransferFile } from '../src/transfer/import.ts';
import { buildEvent } from './event/build.ts';
import type { Benchmark } from './run.ts';
import { stall } from './stall.ts';

const SIZES = (process.env.BENCH_TRANSFER_ENTRIES ?? '300,3000').split(',').map(Number);
const MB = 1024 * 1024;

/** The highest resident memory seen while `work` runs, above what it was before (sampled every 20 ms). */
async function peakRss<T>(work: () => Promise<T>): Promise<{ value: T; mb: number }> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const value = await work();
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { value, mb: Math.round((peak - before) / MB) };
}

async function measure(entries: number): Promise<(string | number)[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jiangxin-bench-transfer-'));
  try {
    const sourceFile = path.join(dir, 'venue.db');
    const built = await buildEvent(sourceFile, { openSkills: 0, openEntries: 0, big: [entries], published: 100 });
    const source = await openDatabase(sourceFile);
    const exported = await peakRss(() => stall(() => buildTransferFile(source, photoFiles(dir), built.eventId)));
    await source.$disconnect();
    const file = exported.value.value!;

    const targetFile = path.join(dir, 'platform.db');
    await applyPendingMigrations(targetFile);
    const target = await openDatabase(targetFile);
    const admin = await target.account.create({ data: { username: 'admin', displayName: 'admin', role: 'organizer', isAdmin: true, passwordHash: '!' } });
    const imported = await peakRss(() => stall(() => importTransferFile(target, photoFiles(path.join(dir, 'platform')), file.bytes, { federationId: 1, accountId: admin.id })));
    if (!imported.value.value.ok) throw new Error(`import refused: ${JSON.stringify(imported.value.value)}`);
    const marks = await target.mark.count();
    await target.$disconnect();
    return [
      entries, built.marks, file.rows, (file.bytes.length / MB).toFixed(1),
      exported.value.ms, exported.value.stallMs, exported.mb,
      imported.value.ms, imported.value.stallMs, imported.mb, marks === built.marks ? 'yes' : `no (${marks})`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const bench: Benchmark = {
  name: 'transfer',
  title: 'Moving an event: its transfer file built and imported (SQLite to SQLite)',
  async run() {
    const rows = [];
    for (const size of SIZES) rows.push(await measure(size));
    return {
      columns: ['entries', 'marks', 'records', 'file MB', 'export ms', 'export longest stall ms', 'export memory MB', 'import ms', 'import longest stall ms', 'import memory MB', 'all marks arrived'],
      rows,
      notes: [
        'The import is one transaction: on SQLite the one connection is the import\'s until it commits, so other requests\' database work waits about the import\'s time (the stall columns are the event loop alone). On PostgreSQL nothing else waits.',
      ],
    };
  },
};

export default bench;
