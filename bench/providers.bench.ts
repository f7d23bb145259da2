/**
 * `npm run bench -- --pg` (or `-- providers`): the same figures on the embedded SQLite file with
 * one server, and on PostgreSQL with two servers (nodes) on one database, side by side.
 *
 * Each provider gets a new database with a small contest (test/support/desk.ts: three codes,
 * three judges and a chief), its servers started as an operator starts them (scripts/start.mjs,
 * the bundle), and the same three loads:
 * - a published results page (cached per publication), 50 connections for LOAD_SEC, spread over
 *   the nodes;
 * - judges saving marks one at a time for LOAD_SEC, each judge on its own node in turn (every
 *   save a real change: a new version of the judge's own cell);
 * - a mark saved through the first node until the chief judge's desk open on the last node hears
 *   of it (the live stream's `changed`), 20 times.
 * PostgreSQL is a throwaway server (scripts/postgresql-server.mjs) with durability off, as in the
 * tests; the SQLite file keeps synchronous = FULL. Both share this machine's two cores with the
 * load generator, so the figures compare the providers, not a production platform.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { applyPendingMigrations } from '../src/db/migrate.ts';
import { build } from '../scripts/build.mjs';
import { startPostgresql } from '../scripts/postgresql-server.mjs';
import { remoteTarget, TestClient } from '../test/support/client.ts';
import { judgeClient, judgingFixture, markAndSignAll, markKey, readUntil, type JudgingFixture } from '../test/support/desk.ts';
import { lockWelding, publishWelding } from '../test/support/results.ts';
import { startServer, type ServerProcess } from '../test/support/server-process.ts';
import { load } from './event/http.ts';
import type { Benchmark, BenchTable } from './run.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const LOAD_SEC = QUICK ? 4 : 10;
const PUBLIC_CONNECTIONS = 50;
const PROPAGATIONS = 20;

interface Figures {
  publicRps: number;
  publicP99: number;
  publicErrors: number;
  marksPerSec: number;
  markP50: number;
  markP99: number;
  /** What the saves that did not save were answered, e.g. "503×3". */
  markFailures: string;
  propagationP50: number;
  propagationP99: number;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

/** The marking figures of one provider whose servers listen at `bases` (one, or several nodes of one database). */
async function measureMarking(bases: string[], f: JudgingFixture): Promise<Omit<Figures, 'publicRps' | 'publicP99' | 'publicErrors'>> {
  // Judges 1–3 change their own mark of 张伟's judgement, one save at a time, judge n on node n mod N.
  const judges = await Promise.all(([1, 2, 3] as const).map((n) => judgeClient(remoteTarget(bases[n % bases.length]!), f, n)));
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const until = Date.now() + LOAD_SEC * 1000;
  await Promise.all(judges.map(async (judge, i) => {
    // The first save makes the cell; a refusal names the version to build on.
    let version = 0;
    for (let value = 1; Date.now() < until; value = value === 1 ? 2 : 1) {
      const started = performance.now();
      const response = await judge.postJson('/judge/marks', {
        roundId: f.roundId, deviceId: `bench-${i}`,
        marks: [{ key: markKey(), code: f.codes.张伟, aspectId: f.judgementId, mark: { state: 'scored', value }, baseVersion: version }],
      });
      const body = response.ok ? ((await response.json()) as { results: { status: string; version: number }[] }).results[0] : undefined;
      if (body?.status === 'saved') {
        latencies.push(performance.now() - started);
        version = body.version;
      } else {
        const reason = body?.status ?? String(response.status);
        failures.set(reason, (failures.get(reason) ?? 0) + 1);
        if (body && 'version' in body) version = body.version;
        if (!response.ok) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }));

  // A mark through the first node, heard by the desk open on the last.
  const chief = await judgeClient(remoteTarget(bases.at(-1)!), f, 4);
  const stream = await chief.get(`/desk/rounds/${f.roundId}/events`);
  const reader = stream.body!.getReader();
  if (!/: connected/.test(await readUntil(reader, /: connected\n\n/, 5000))) throw new Error('the desk\'s stream did not open');
  const marker = await judgeClient(remoteTarget(bases[0]!), f, 2);
  let version = 0;
  const delays: number[] = [];
  for (let i = 0; i < PROPAGATIONS; i++) {
    const started = performance.now();
    const response = await marker.postJson('/judge/marks', {
      roundId: f.roundId, deviceId: 'bench-desk',
      marks: [{ key: markKey(), code: f.codes.李强, aspectId: f.judgementId, mark: { state: 'scored', value: i % 2 ? 1 : 2 }, baseVersion: version }],
    });
    const answer = (await response.json()) as { results?: { status: string; version: number }[] };
    const result = answer.results?.[0];
    if (!result) throw new Error(`the desk's mark was answered ${response.status}: ${JSON.stringify(answer)}`);
    version = result.version;
    if (result.status !== 'saved') continue;
    if (!/event: changed/.test(await readUntil(reader, /event: changed\n/, 5000))) throw new Error('the desk did not hear of a mark within 5 s');
    delays.push(performance.now() - started);
    // Past the stream's coalescing of changes that come close together.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await reader.cancel();

  return {
    marksPerSec: latencies.length / LOAD_SEC,
    markP50: percentile(latencies, 50),
    markP99: percentile(latencies, 99),
    markFailures: [...failures].map(([reason, n]) => `${reason}×${n}`).join(' ') || 'none',
    propagationP50: percentile(delays, 50),
    propagationP99: percentile(delays, 99),
  };
}

/** A contest about to be marked (test/support/desk.ts: three codes, three judges and a chief); marked, locked and published for the page load. */
async function seed(location: string): Promise<JudgingFixture> {
  await applyPendingMigrations(location);
  const db = await openDatabase(location);
  try {
    return await judgingFixture(db);
  } finally {
    await db.$disconnect();
  }
}

async function publish(location: string, f: JudgingFixture): Promise<string> {
  const db = await openDatabase(location);
  try {
    for (const judge of [1, 2, 3] as const) await markAndSignAll(db, f, judge);
    await lockWelding(db, f);
    await publishWelding(db, f);
    return `/public/skills/${f.skillId}`;
  } finally {
    await db.$disconnect();
  }
}

async function startNodes(count: number, env: Record<string, string>): Promise<{ bases: string[]; stop(): Promise<void> }> {
  const dirs = Array.from({ length: count }, () => mkdtempSync(path.join(os.tmpdir(), 'jiangxin-bench-node-')));
  const servers: ServerProcess[] = dirs.map((dir) => startServer(dir, { BACKUP_INTERVAL_MINUTES: '0', COOKIE_SECURE: 'false', PASSWORD_HASH_COST: '10', ...env }, ['--liftoff-only', 'scripts/start.mjs']));
  const bases = await Promise.all(servers.map((s) => s.ready));
  return {
    bases,
    async stop() {
      await Promise.all(servers.map((s) => s.kill()));
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the marking and desk loads on an open round, then publishes and runs the page load. */
async function provider(location: string, nodes: number, env: Record<string, string>): Promise<Figures> {
  const f = await seed(location);
  let servers = await startNodes(nodes, env);
  try {
    // The marking figures first (the round must be open), the page after publishing.
    const open = await measureMarking(servers.bases, f);
    await servers.stop();
    const publicPath = await publish(location, f);
    servers = await startNodes(nodes, env);
    const published = await measurePage(servers.bases, publicPath);
    return { ...open, ...published };
  } finally {
    await servers.stop();
  }
}

async function measurePage(bases: string[], publicPath: string): Promise<Pick<Figures, 'publicRps' | 'publicP99' | 'publicErrors'>> {
  const share = Math.ceil(PUBLIC_CONNECTIONS / bases.length);
  await Promise.all(bases.map((base) => fetch(new URL(publicPath, base)).then((r) => r.text())));
  const pages = await Promise.all(bases.map((base) => load({ url: new URL(publicPath, base).toString(), connections: share, durationSec: LOAD_SEC })));
  return {
    publicRps: pages.reduce((sum, p) => sum + p.rps, 0),
    publicP99: Math.max(...pages.map((p) => p.p99)),
    publicErrors: pages.reduce((sum, p) => sum + p.errors + p.non2xx, 0),
  };
}

async function run(): Promise<BenchTable> {
  // Once, before any node starts: nodes started together would each build the bundle.
  await build();
  const sqliteDir = mkdtempSync(path.join(os.tmpdir(), 'jiangxin-bench-sqlite-'));
  const server = await startPostgresql({ log: console.log });
  try {
    console.log('SQLite, one node…');
    const sqlite = await provider(path.join(sqliteDir, 'jiangxin.db'), 1, { DATA_DIR: sqliteDir });
    console.log('PostgreSQL, two nodes…');
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE jiangxin TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
    await admin.end();
    const url = new URL(server.url);
    url.pathname = '/jiangxin';
    const postgresql = await provider(url.toString(), 2, { DATABASE_URL: url.toString() });
    const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
    const perSec = (n: number) => `${Math.round(n).toLocaleString('en')}/s`;
    return {
      columns: ['figure', 'SQLite, 1 node', 'PostgreSQL, 2 nodes'],
      rows: [
        ['published results page, 50 connections', perSec(sqlite.publicRps), perSec(postgresql.publicRps)],
        ['… p99 latency (errors)', `${ms(sqlite.publicP99)} (${sqlite.publicErrors})`, `${ms(postgresql.publicP99)} (${postgresql.publicErrors})`],
        ['marks saved, 3 judges one at a time', perSec(sqlite.marksPerSec), perSec(postgresql.marksPerSec)],
        ['… p50 / p99 per save (not saved)', `${ms(sqlite.markP50)} / ${ms(sqlite.markP99)} (${sqlite.markFailures})`, `${ms(postgresql.markP50)} / ${ms(postgresql.markP99)} (${postgresql.markFailures})`],
        ['mark → desk on the last node hears it, p50 / p99', `${ms(sqlite.propagationP50)} / ${ms(sqlite.propagationP99)}`, `${ms(postgresql.propagationP50)} / ${ms(postgresql.propagationP99)}`],
      ],
      notes: [
        `${LOAD_SEC} s per load${QUICK ? ' (BENCH_QUICK)' : ''}; servers started with scripts/start.mjs, PASSWORD_HASH_COST=10.`,
        'PostgreSQL: a throwaway local server with fsync and synchronous_commit off (scripts/postgresql-server.mjs); SQLite keeps synchronous = FULL, so its mark saves include an fsync each.',
        'Both nodes, PostgreSQL and the load generator share this machine\'s cores: the second node adds no CPU here, it shows that the work is shared correctly.',
      ],
    };
  } finally {
    server.stop();
    rmSync(sqliteDir, { recursive: true, force: true });
  }
}

export default { name: 'providers', title: 'SQLite (one node) and PostgreSQL (two nodes) side by side (`npm run bench -- --pg`)', run } satisfies Benchmark;
