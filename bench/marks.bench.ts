/**
 * Marks per second through the real mark command (saveMarks, the tablet's and the API's path)
 * with synchronous = NORMAL and FULL, one mark per transaction (a judge tapping, online) and
 * 50-mark batches (a tablet draining its queue). FULL syncs the WAL at every commit, so its cost
 * is one fsync per transaction: batches pay it once for 50 marks.
 *
 * The database is a fresh migrated file in BENCH_DIR (default: the OS temp folder); put it on
 * the disk the venue laptop uses, since fsync costs what the disk makes it cost (tmpfs: nothing).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../src/db/client.ts';
import { applyPendingMigrations } from '../src/db/migrate.ts';
import { saveMarks, type JudgeActor, type MarkBatch } from '../src/judging/commands.ts';
import { buildJudgingWorld } from '../test/support/judging.ts';
import type { Benchmark } from './run.ts';

const MARKS_PER_RUN = Number(process.env.BENCH_MARKS ?? 2000);
const MODES = ['NORMAL', 'FULL'] as const;
const BATCHES = [1, 50] as const;

async function measure(template: string, dir: string, mode: (typeof MODES)[number], batchSize: number) {
  const file = path.join(dir, `marks-${mode}-${batchSize}.db`);
  copyFileSync(template, file);
  const db: Db = await openDatabase(file);
  try {
    await db.$queryRawUnsafe(`PRAGMA synchronous = ${mode}`);
    const world = await buildJudgingWorld(db);
    const judge = world.judges.neutral;
    const actor: JudgeActor = { accountId: judge.accountId, judgeId: judge.judgeId, organizationId: null };
    const slots = world.entries.flatMap((e) => [world.aspects.judgement, world.aspects.deduction].map((aspectId) => ({ code: e.code, aspectId })));
    const versions = slots.map(() => 0);
    let sequence = 0;
    const batch = (size: number): MarkBatch => ({
      roundId: world.roundId,
      deviceId: 'bench',
      marks: Array.from({ length: size }, () => {
        const slot = sequence % slots.length;
        const baseVersion = versions[slot]!;
        versions[slot] = baseVersion + 1;
        // Alternating 1 and 2: every write is a change, never "unchanged".
        return { key: `bench-${++sequence}`, ...slots[slot]!, mark: { state: 'scored' as const, value: (baseVersion % 2) + 1 }, baseVersion };
      }),
    });
    const send = async (size: number) => {
      const outcome = await saveMarks(db, actor, batch(size));
      if (!outcome.ok || outcome.value.some((r) => r.status !== 'saved')) throw new Error(`not saved: ${JSON.stringify(outcome)}`);
    };
    for (let i = 0; i < 5; i++) await send(batchSize); // warm-up
    const transactions = Math.max(1, Math.round(MARKS_PER_RUN / batchSize));
    const started = performance.now();
    for (let i = 0; i < transactions; i++) await send(batchSize);
    const seconds = (performance.now() - started) / 1000;
    return { marks: transactions * batchSize, transactions, seconds };
  } finally {
    await db.$disconnect();
  }
}

const bench: Benchmark = {
  name: 'marks',
  title: 'Marks per second through saveMarks: synchronous NORMAL vs FULL',
  async run() {
    const dir = mkdtempSync(path.join(process.env.BENCH_DIR ?? tmpdir(), 'jiangxin-bench-'));
    try {
      const template = path.join(dir, 'template.db');
      await applyPendingMigrations(template);
      const rows: (string | number)[][] = [];
      const perSecond: Record<string, number> = {};
      for (const batchSize of BATCHES) {
        for (const mode of MODES) {
          const { marks, transactions, seconds } = await measure(template, dir, mode, batchSize);
          perSecond[`${mode}-${batchSize}`] = marks / seconds;
          rows.push([mode, batchSize, marks, Math.round(marks / seconds), (seconds * 1000 / transactions).toFixed(2)]);
        }
      }
      const cost = (batchSize: number) => Math.round((1 - perSecond[`FULL-${batchSize}`]! / perSecond[`NORMAL-${batchSize}`]!) * 100);
      return {
        columns: ['synchronous', 'marks per transaction', 'marks', 'marks/s', 'ms per transaction'],
        rows,
        notes: [
          `database in ${dir} (BENCH_DIR)`,
          `FULL costs ${cost(1)} % of the throughput with one mark per transaction, ${cost(50)} % with 50-mark batches`,
        ],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default bench;
