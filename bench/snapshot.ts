/**
 * `npm run bench:snapshot`: how long a snapshot of a big event's database takes, and how long a
 * judge's mark waits meanwhile. Builds a database with MARKS marks (default 125,000), each with
 * two changes in its history (a correction for one in ten), then takes snapshots through the
 * same Snapshots class the server uses while marks are written on another connection as fast as
 * the event loop allows, and reports the snapshot time and the slowest write during it.
 * Then builds the contest archive of that event and reports its time, size and the longest
 * stall of the event loop meanwhile (what every other request would wait).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildEventArchive } from '../src/archive/build.ts';
import { Snapshots } from '../src/backups/snapshots.ts';
import { openDatabase } from '../src/db/client.ts';
import { DEFAULT_RETENTION } from '../src/domain/backups.ts';
import { applyPendingMigrations } from '../src/db/migrate.ts';

const MARKS = Number(process.env.MARKS ?? 125_000);
const dir = mkdtempSync(path.join(tmpdir(), 'jiangxin-bench-'));
const databaseFile = path.join(dir, 'jiangxin.db');
try {
  await applyPendingMigrations(databaseFile);
  const db = new Database(databaseFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Synthetic rows: the snapshot copies pages, it does not care that the entries do not exist.
  db.pragma('foreign_keys = OFF');
  const started = performance.now();
  const insertMark = db.prepare(`INSERT INTO "Mark" ("entryId", "aspectId", "judgeId", "state", "value", "version") VALUES (?, ?, ?, 'scored', ?, ?)`);
  const insertChange = db.prepare(`INSERT INTO "MarkChange" ("markId", "accountId", "deviceId", "newState", "newValue", "oldState", "oldValue", "reason", "idempotencyKey")
    VALUES (?, ?, 'tablet-0001-abcdef', 'scored', ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    db.exec(`INSERT INTO "Event" ("id", "name", "updatedAt") VALUES (1, 'Benchmark event', 0)`);
    const insertEntry = db.prepare(`INSERT INTO "Entry" ("id", "contestantId", "skillId", "eventId", "bib") VALUES (?, ?, 1, 1, ?)`);
    for (let e = 1; e <= Math.ceil(MARKS / 125); e++) insertEntry.run(e, e, String(1000 + e));
    for (let i = 0; i < MARKS; i++) {
      const entry = Math.floor(i / 125) + 1, aspect = Math.floor((i % 125) / 5) + 1, judge = (i % 5) + 1;
      const { lastInsertRowid } = insertMark.run(entry, aspect, judge, (i % 30) / 10, 1 + (i % 10 === 0 ? 1 : 0));
      insertChange.run(lastInsertRowid, judge, (i % 30) / 10, null, null, '', `bench-${i}-a`);
      if (i % 10 === 0) insertChange.run(lastInsertRowid, 99, (i % 30) / 10, 'scored', 0, 'corrected after the spread check', `bench-${i}-b`);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  console.log(`${MARKS.toLocaleString('en')} marks, ${db.prepare('SELECT count(*) FROM "MarkChange"').pluck().get()} changes: ${(statSync(databaseFile).size / 1024 / 1024).toFixed(1)} MB, built in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const snapshots = new Snapshots({ databaseFile, dir: path.join(dir, 'backups'), retention: DEFAULT_RETENTION });
  const write = db.prepare(`INSERT INTO "MarkChange" ("markId", "accountId", "newState", "newValue", "idempotencyKey") VALUES (1, 1, 'scored', 1, ?)`);
  // The same writes with no snapshot running, to compare with.
  {
    let writes = 0, slowest = 0;
    const until = performance.now() + 400;
    while (performance.now() < until) {
      const t = performance.now();
      write.run(`idle-${writes++}`);
      slowest = Math.max(slowest, performance.now() - t);
      await new Promise((resolve) => setImmediate(resolve));
    }
    console.log(`no snapshot: ${writes} marks written in 400 ms, slowest ${slowest.toFixed(1)} ms`);
  }
  for (let run = 1; run <= 3; run++) {
    let writes = 0, slowest = 0, stop = false;
    const writer = (async () => {
      while (!stop) {
        const t = performance.now();
        write.run(`live-${run}-${writes++}`);
        slowest = Math.max(slowest, performance.now() - t);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const t = performance.now();
    const taken = await snapshots.take({ kind: 'manual' }, new Date(Date.now() + run * 1000));
    const ms = performance.now() - t;
    stop = true;
    await writer;
    console.log(`snapshot ${run}: ${ms.toFixed(0)} ms, ${(taken.size / 1024 / 1024).toFixed(1)} MB; ${writes} marks written meanwhile, slowest ${slowest.toFixed(1)} ms`);
  }
  db.close();

  const prisma = await openDatabase(databaseFile);
  let stall = 0, last = performance.now();
  const ticker = setInterval(() => { const now = performance.now(); stall = Math.max(stall, now - last - 10); last = now; }, 10);
  const t = performance.now();
  const archive = await buildEventArchive(prisma, 1);
  const ms = performance.now() - t;
  clearInterval(ticker);
  console.log(`archive: ${ms.toFixed(0)} ms, ${(archive!.bytes.length / 1024 / 1024).toFixed(1)} MB zip; longest event-loop stall ${stall.toFixed(0)} ms`);
  await prisma.$disconnect();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
