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

const MARKS_PER_ROUND = Number(process.env.BENCH_MARKS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MODES = ['NORMAL', 'FULL'] as const;
const BATCHES = [1, 50] as const;

/** One database per configuration, with a judge ready to mark; `send(n)` saves n marks in one transaction. */
async function prepare(template: string, dir: string, mode: (typeof MODES)[number], batchSize: number) {
  const file = path.join(dir, `marks-${mode}-${batchSize}.db`);
  copyFileSync(template, file);
  const db: Db = await openDatabase(file);
  await db.$queryRawUnsafe(`PRAGMA synchronous = ${mode}`);
  const world = await buildJudgingWorld(db);
  const judge = world.judges.neutral;
  const actor: JudgeActor = { accountId: judge.accountId, judgeId: judge.judgeId, organizationId: null };
  const slots = world.entries.flatMap((e) => [world.aspects.judgement, world.aspects.deduction].map((aspectId) => ({ code: e.code, aspectId })));
  const versions = slots.map(() => 0);
  let sequence = 0;
  const batch = (): MarkBatch => ({
    roundId: world.roundId,
    deviceId: 'bench',
    marks: Array.from({ length: batchSize }, () => {
      const slot = sequence % slots.length;
      const baseVersion = versions[slot]!;
      versions[slot] = baseVersion + 1;
      // Alternating 1 and 2: every write is a change, never "unchanged".
      return { key: `bench-${++sequence}`, ...slots[slot]!, mark: { state: 'scored' as const, value: (baseVersion % 2) + 1 }, baseVersion };
    }),
  });
  const send = async () => {
    const outcome = await saveMarks(db, actor, batch());
    if (!outcome.ok || outcome.value.some((r) => r.status !== 'saved')) throw new Error(`not saved: ${JSON.stringify(outcome)}`);
  };
  for (let i = 0; i < 5; i++) await send(); // warm-up
  /** Marks per second over one round of MARKS_PER_ROUND marks. */
  const round = async () => {
    const transactions = Math.max(1, Math.round(MARKS_PER_ROUND / batchSize));
    const started = performance.now();
    for (let i = 0; i < transactions; i++) await send();
    return (transactions * batchSize) / ((performance.now() - started) / 1000);
  };
  return { mode, batchSize, round, close: () => db.$disconnect() };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const bench: Benchmark = {
  name: 'marks',
  title: 'Marks per second through saveMarks: synchronous NORMAL vs FULL',
  async run() {
    const dir = mkdtempSync(path.join(process.env.BENCH_DIR ?? tmpdir(), 'jiangxin-bench-'));
    const configs: Awaited<ReturnType<typeof prepare>>[] = [];
    try {
      const template = path.join(dir, 'template.db');
      await applyPendingMigrations(template);
      for (const batchSize of BATCHES) for (const mode of MODES) configs.push(await prepare(template, dir, mode, batchSize));
      // Rounds interleave the configurations, so a machine busy with something else slows all alike.
      const rates = configs.map(() => [] as number[]);
      for (let r = 0; r < ROUNDS; r++) {
        for (const [i, config] of configs.entries()) rates[i]!.push(await config.round());
      }
      const perSecond = new Map(configs.map((c, i) => [`${c.mode}-${c.batchSize}`, median(rates[i]!)]));
      const rows = configs.map((c, i) => {
        const rate = median(rates[i]!);
        return [c.mode, c.batchSize, Math.round(rate), (1000 / (rate / c.batchSize)).toFixed(2), `${Math.round(Math.min(...rates[i]!))}–${Math.round(Math.max(...rates[i]!))}`];
      });
      const cost = (batchSize: number) => Math.round((1 - perSecond.get(`FULL-${batchSize}`)! / perSecond.get(`NORMAL-${batchSize}`)!) * 100);
      return {
        columns: ['synchronous', 'marks per transaction', 'marks/s (median)', 'ms per transaction', `range over ${ROUNDS} rounds`],
        rows,
        notes: [
          `${ROUNDS} rounds of ${MARKS_PER_ROUND} marks per configuration, interleaved; database in ${dir} (BENCH_DIR)`,
          `FULL costs ${cost(1)} % of the throughput with one mark per transaction, ${cost(50)} % with 50-mark batches`,
        ],
      };
    } finally {
      for (const config of configs) await config.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default bench;
