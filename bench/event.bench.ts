/**
 * `npm run bench`: a province-wide final at real size against the real server.
 *
 * Builds the event (bench/event/build.ts) on a fresh database in a temporary DATA_DIR, starts the
 * server as a separate process exactly as `npm start` does (package.json's prestart + start),
 * loads it over loopback with autocannon and SSE clients, samples its memory, and prints one
 * table: each figure beside its baseline from the same run (a minimal Hono route served the same
 * way, raw better-sqlite3 writes of the same rows, computeSkillResults() called directly), the
 * ratio, the issue's target and whether it is met. A scenario that fails (an error status, a
 * timeout) is a row that says so; the bench goes on.
 *
 * `npm run bench -- desk results` runs some scenarios (always on a fresh build); BENCH_QUICK=1
 * runs smaller sizes for shorter; BENCH_LABEL names the section of bench/RESULTS.md a full run
 * writes (another label's section stays; older sections are kept under "Earlier measurements").
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { applyPendingMigrations } from '../src/db/migrate.ts';
import { computeSkillResults } from '../src/domain/results.ts';
import { buildEvent, PIN, type BuiltEvent, type BuiltJudge, type BuiltSkill } from './event/build.ts';
import { load, ok, request, sseClient, type LoadResult } from './event/http.ts';
import { spawnServer, startScript, type Spawned } from './event/processes.ts';
import type { BenchTable } from './run.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = QUICK
  ? { openSkills: 20, openEntries: 50, big: [100, 300], published: 300 }
  : { openSkills: 20, openEntries: 50, big: [100, 300, 1000, 3000], published: 1000 };
const LOAD_SEC = QUICK ? 5 : 10;
const MARK_SEC = QUICK ? 4 : 15;
const RAW_SEC = QUICK ? 1 : 3;
const SSE_CLIENTS = 500;
const LIVE_SIZE = 100;
/** How long the 500 desks may take to refresh before the row says how many did. */
const LIVE_TIMEOUT_MS = QUICK ? 60_000 : 120_000;
/** A page that takes longer than this is reported as timed out (the 3,000 desk took 200 s). */
const PAGE_TIMEOUT_MS = QUICK ? 30_000 : 120_000;

export const SCENARIOS = ['hello', 'raw', 'compute', 'judging', 'desk', 'results', 'registration', 'public', 'live', 'lock', 'start'] as const;
export type Scenario = (typeof SCENARIOS)[number];

// ─── the table ───────────────────────────────────────────────────────────────

interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  result: string;
}

const rows: Row[] = [];
const notes: string[] = [];

const fmt = (n: number, unit: string) => {
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return `${n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 })}${unit ? ` ${unit}` : ''}`;
};
const ratioOf = (value: number, baseline: number) => {
  const r = value / baseline;
  return r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2);
};

interface Target { text: string; met: (value: number) => boolean }
const atLeast = (min: number, unit: string): Target => ({ text: `≥ ${fmt(min, unit)}`, met: (v) => v >= min });
const below = (max: number, unit: string): Target => ({ text: `< ${fmt(max, unit)}`, met: (v) => v < max });

function figure(name: string, value: number, unit: string, options: { baseline?: { value: number; unit?: string; label?: string }; target?: Target; ratioTarget?: Target; extra?: string } = {}) {
  const { baseline, target, ratioTarget } = options;
  const ratio = baseline && baseline.value > 0 ? value / baseline.value : null;
  const checks = [target ? target.met(value) : null, ratioTarget && ratio !== null ? ratioTarget.met(ratio) : null].filter((c) => c !== null);
  rows.push({
    figure: name,
    value: fmt(value, unit) + (options.extra ? ` (${options.extra})` : ''),
    baseline: baseline ? `${fmt(baseline.value, baseline.unit ?? unit)}${baseline.label ? ` ${baseline.label}` : ''}` : '',
    ratio: ratio === null ? '' : ratioOf(value, baseline!.value),
    target: [target?.text, ratioTarget ? `ratio ${ratioTarget.text}` : ''].filter(Boolean).join(', '),
    result: checks.length === 0 ? '' : checks.every(Boolean) ? 'pass' : '**fail**',
  });
}

/** Per-size times of one kind of request, for the growth rows at the end. */
const growth = new Map<string, Map<number, number>>();
function grows(what: string, entries: number, ms: number) {
  const sizes = growth.get(what) ?? new Map<number, number>();
  sizes.set(entries, ms);
  growth.set(what, sizes);
}

/** smallest → largest size measured: how much longer, beside how many more entries (linear: the same factor). */
function growthRows() {
  for (const [what, sizes] of growth) {
    const measured = [...sizes.entries()].sort((a, b) => a[0] - b[0]);
    if (measured.length < 2) continue;
    const [small, smallMs] = measured[0]!;
    const [large, largeMs] = measured.at(-1)!;
    const factor = large / small;
    figure(`growth of ${what}, ${sizeLabel(small)} → ${sizeLabel(large)} entries (${factor}×)`, largeMs / smallMs, '×', {
      target: { text: `≤ ${fmt(factor * 1.5, '×')} (linear)`, met: (v) => v <= factor * 1.5 },
      extra: measured.map(([n, ms]) => `${sizeLabel(n)}: ${fmt(ms, 'ms')}`).join(', '),
    });
  }
}

function failed(name: string, error: unknown, target = '') {
  const message = error instanceof Error ? error.message : String(error);
  rows.push({ figure: name, value: `**failed**: ${message.split('\n')[0]!.slice(0, 300).replace(/\|/g, '/')}`, baseline: '', ratio: '', target, result: '**fail**' });
}

/** The app's server while it runs: a failure's row quotes what it logged meanwhile. */
let currentServer: Spawned | null = null;

function serverError(since: number): string {
  const logged = currentServer?.output().slice(since) ?? '';
  const lines = logged.split('\n');
  const at = lines.findIndex((l) => /\b\w*(Error|Exception)\b|too many|overflow/i.test(l) && !/^\s+at /.test(l));
  if (at < 0) return '';
  // The error's name is often alone on its line, with its message on the next lines.
  const text = lines.slice(at, at + 6).filter((l) => l.trim() && !/^\s+at /.test(l)).join(' ').replace(/\s+/g, ' ');
  return ` (server: ${text.slice(0, 220)})`;
}

/** Runs one measurement; a throw becomes a failed row and the bench goes on. */
async function attempt(name: string, fn: () => Promise<void>, target = '') {
  const since = currentServer?.output().length ?? 0;
  try {
    await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const quoted = /^HTTP 5/.test(message) ? serverError(since) : '';
    failed(name, quoted ? new Error(`${message.slice(0, 60)}${quoted}`) : error, target);
    console.error(`  ${name}: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
};
const sizeLabel = (n: number) => n.toLocaleString('en');
const log = (line: string) => console.log(line);

// ─── the event and the server ────────────────────────────────────────────────

interface Context {
  event: BuiltEvent;
  server: Spawned;
  base: string;
  cookie: Record<string, string>;
  bearer: Record<string, string>;
  /** computeSkillResults() time by skill id. */
  computeMs: Map<number, number>;
  helloRps: number | null;
  versions: Map<string, number>;
  values: Map<string, number>;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const json = (token: string) => ({ ...bearer(token), 'content-type': 'application/json' });

/** What a desk page says about its live refresh: the rows URL (data-rows), the matrix fragment (hx-get of #desk-matrix), the codes it shows. */
interface DeskPageInfo { rowsUrl: string | null; matrixUrl: string; codes: Set<string> }
const unescapeHtml = (text: string) => text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

function deskPageInfo(ctx: Context, skill: BuiltSkill, html: string | null): DeskPageInfo {
  const rows = html && /data-desk-live[^>]*?data-rows="([^"]+)"|data-rows="([^"]+)"[^>]*?data-desk-live/.exec(html);
  const matrix = html && /id="desk-matrix"[^>]*?hx-get="([^"]+)"/.exec(html);
  const codes = new Set(html ? [...html.matchAll(/<tr[^>]*data-code="([^"]+)"/g)].map((m) => unescapeHtml(m[1]!)) : []);
  return {
    rowsUrl: rows ? `${ctx.base}${unescapeHtml(rows[1] ?? rows[2]!)}` : null,
    matrixUrl: `${ctx.base}${matrix ? unescapeHtml(matrix[1]!) : `/desk/rounds/${skill.roundId}/matrix`}`,
    codes,
  };
}

/**
 * What a desk re-fetches on a `changed` event, as static/desk.js does: with a rows URL and an
 * event naming codes ({"codes": [...]}), the rows of those codes that its page shows (and the
 * summary); otherwise its page of the matrix (before: the whole matrix, the event's data being
 * the topic's name).
 */
function deskRefreshUrl(info: DeskPageInfo, data: string): { url: string; headers: Record<string, string> } {
  let parsed: { all?: boolean; codes?: unknown } | null = null;
  try { parsed = JSON.parse(data) as { all?: boolean; codes?: unknown }; } catch { /* the topic's name: everything */ }
  if (info.rowsUrl && parsed && !parsed.all && Array.isArray(parsed.codes)) {
    const codes = parsed.codes.map(String).filter((code) => info.codes.has(code));
    return { url: `${info.rowsUrl}?codes=${encodeURIComponent(codes.join(','))}`, headers: { 'hx-request': 'true' } };
  }
  return { url: info.matrixUrl, headers: { 'hx-request': 'true' } };
}

async function deskInfo(ctx: Context, skill: BuiltSkill): Promise<DeskPageInfo> {
  const known = deskInfos.get(skill.skillId);
  if (known) return known;
  const page = await request(`${ctx.base}/desk/rounds/${skill.roundId}`, { headers: ctx.cookie, timeoutMs: PAGE_TIMEOUT_MS }).catch(() => null);
  const info = deskPageInfo(ctx, skill, page?.status === 200 ? page.body : null);
  deskInfos.set(skill.skillId, info);
  return info;
}
const deskInfos = new Map<number, DeskPageInfo>();

/** Judge 1 changes one mark of the open sheet (to another value than it holds, so it is always a change). */
async function changeOneMark(ctx: Context, skill: BuiltSkill): Promise<void> {
  const judge = skill.judges[0]!;
  const aspectId = skill.aspectIds[0]!;
  const slot = `${skill.roundId}:${skill.openCode}:${aspectId}:${judge.judgeId}`;
  for (const value of [2, 3]) {
    const baseVersion = ctx.versions.get(slot) ?? 1;
    const answer = await ok(`${ctx.base}/api/v1/judge/marks`, {
      method: 'POST', headers: json(judge.token),
      body: JSON.stringify({ roundId: skill.roundId, deviceId: 'bench-desk', marks: [{ key: `bench-cell-${Date.now()}-${Math.random().toString(36).slice(2)}`, code: skill.openCode, aspectId, mark: { state: 'scored', value: ctx.values.get(slot) === value ? 5 - value : value }, baseVersion }] }),
    });
    const result = (JSON.parse(answer.body) as { results: { status: string; version?: number; error?: string; mark?: { value?: number } }[] }).results[0]!;
    if (result.version !== undefined) ctx.versions.set(slot, result.version);
    if (result.mark?.value !== undefined) ctx.values.set(slot, result.mark.value);
    if (result.status === 'saved') return;
    if (result.status !== 'unchanged' && result.status !== 'conflict') throw new Error(`the mark came back ${result.status}${result.error ? ` (${result.error})` : ''}`);
  }
  throw new Error('the mark came back unchanged twice');
}

async function startApp(dataDir: string): Promise<Spawned> {
  return spawnServer('npm', ['start', '--silent'], { DATA_DIR: dataDir, COOKIE_SECURE: 'false', BACKUP_INTERVAL_MINUTES: '0' }, '/healthz');
}

/**
 * What one scenario cost in memory: the server's highest RSS while it ran (VmHWM, reset before
 * it, and the 200 ms samples) and its RSS just after, before the settling or restart that follows.
 */
function scenarioMemory(server: Spawned, title: string) {
  const now = server.memory();
  figure(`server RSS peak during ${title}`, server.windowPeakMb(), 'MB', { target: below(400, 'MB'), extra: now ? `${fmt(now.rssMb, 'MB')} just after` : undefined });
}

/** A load during which nothing answered 2xx is a failure, not 0 req/s. */
function noAnswers(r: LoadResult) {
  if (r.ok === 0) throw new Error(`no 2xx answer in ${LOAD_SEC} s at 200 connections (${r.errors} errors incl. ${r.timeouts} timeouts; ${r.statuses || 'no status'})`);
}

/** After a load, waits until the server answers /healthz within 250 ms again (it may still be working off requests the load tool gave up on). */
async function settle(ctx: Context, what: string) {
  const started = performance.now();
  while (performance.now() - started < 180_000) {
    const answer = await request(`${ctx.base}/healthz`, { timeoutMs: 180_000 }).catch(() => null);
    if (answer && answer.status === 200 && answer.ms < 250) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const ms = performance.now() - started;
  if (ms > 1000) notes.push(`After ${what}, the server needed ${fmt(ms / 1000, 's')} to answer /healthz promptly again.`);
}

// ─── scenarios ───────────────────────────────────────────────────────────────

async function hello(ctx: Context) {
  const server = await spawnServer(process.execPath, ['--import', 'tsx', 'bench/event/hello.ts'], {}, '/healthz');
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const idle = server.memory();
    const result = await load({ url: `${server.url}/`, connections: 200, durationSec: LOAD_SEC });
    ctx.helloRps = result.rps;
    figure('hello route (baseline): req/s at 200 connections', result.rps, 'req/s', { extra: `p99 ${result.p99} ms` });
    if (idle) figure('hello route (baseline): RSS idle', idle.rssMb, 'MB');
    helloRss = idle?.rssMb ?? null;
  } finally {
    await server.stop();
  }
}
let helloRss: number | null = null;

/** Raw better-sqlite3 writes of the rows a mark writes (Mark upsert + MarkChange), synchronous = FULL in WAL, as src/db/client.ts opens it. */
const rawRates = { single: 0, batched: 0 };
async function raw(dir: string) {
  const file = path.join(dir, 'raw.db');
  await applyPendingMigrations(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = OFF'); // the rows point at ids that exist in the real event, not here
  const upsert = db.prepare(`INSERT INTO "Mark" ("entryId", "aspectId", "judgeId", state, value, version, "updatedAt") VALUES (?, ?, ?, 'scored', ?, 1, ?)
    ON CONFLICT ("entryId", "aspectId", "judgeId") DO UPDATE SET state = excluded.state, value = excluded.value, version = version + 1, "updatedAt" = excluded."updatedAt" RETURNING id`);
  const change = db.prepare(`INSERT INTO "MarkChange" ("markId", "accountId", "deviceId", at, "oldState", "oldValue", "newState", "newValue", "idempotencyKey") VALUES (?, ?, 'bench', ?, NULL, NULL, 'scored', ?, ?)`);
  let n = 0;
  const one = () => {
    const i = n++;
    const { id } = upsert.get(1 + Math.floor(i / 125) % 5000, 1 + (i % 25), 1 + Math.floor(i / 25) % 5, 1 + (i % 3), new Date().toISOString()) as { id: number };
    change.run(id, 1, new Date().toISOString(), 1 + (i % 3), `raw-${i}`);
  };
  const single = db.transaction(one);
  const batch = db.transaction((size: number) => { for (let k = 0; k < size; k++) one(); });
  const rate = (fn: () => void, perCall: number, times?: number[]) => {
    const started = performance.now();
    let calls = 0;
    while (performance.now() - started < RAW_SEC * 1000) {
      const t = performance.now();
      fn();
      times?.push(performance.now() - t);
      calls++;
    }
    return (calls * perCall) / ((performance.now() - started) / 1000);
  };
  // Each of these transactions waits for its fsync: their spread is the disk's, which no server
  // on this machine can answer faster than.
  const commits: number[] = [];
  rawRates.single = rate(() => single(), 1, commits);
  rawRates.batched = rate(() => batch(50), 50);
  db.close();
  commits.sort((a, b) => a - b);
  const at = (q: number) => commits[Math.min(commits.length - 1, Math.floor(commits.length * q))]!;
  figure('raw better-sqlite3: marks/s, one transaction per mark (baseline)', rawRates.single, 'marks/s');
  figure('raw better-sqlite3: one commit (its fsync), p99', at(0.99), 'ms', {
    extra: `p50 ${fmt(at(0.5), 'ms')}, p99.9 ${fmt(at(0.999), 'ms')}, max ${fmt(commits.at(-1)!, 'ms')}; ${commits.filter((t) => t > 50).length} of ${commits.length.toLocaleString('en')} over 50 ms in ${RAW_SEC} s`,
  });
  figure('raw better-sqlite3: marks/s, 50 per transaction (baseline)', rawRates.batched, 'marks/s');
}

function compute(ctx: Context) {
  for (const skill of [...ctx.event.big, ctx.event.published]) {
    const times: number[] = [];
    for (let i = 0; i < (QUICK ? 1 : 3); i++) {
      const started = performance.now();
      computeSkillResults(skill.input!);
      times.push(performance.now() - started);
    }
    ctx.computeMs.set(skill.skillId, median(times));
    if (!skill.published) grows('computeSkillResults()', skill.entries, median(times));
    if (!skill.published) figure(`computeSkillResults() at ${sizeLabel(skill.entries)} entries (baseline)`, median(times), 'ms');
  }
}

/** Single marks (one per request) or batches, from the 100 judges of the open skills, each on its own token and connection. */
async function marking(ctx: Context, batchSize: number): Promise<{ rate: number; result: LoadResult; saved: number; conflicts: number; refused: string; serverCpuUs: number; clientCpuUs: number }> {
  const judges: { judge: BuiltJudge; skill: BuiltSkill; cursor: number }[] = ctx.event.open.flatMap((skill) => skill.judges.map((judge) => ({ judge, skill, cursor: 0 })));
  let nextJudge = 0;
  let saved = 0;
  let conflicts = 0;
  let refused = 0;
  const reasons = new Map<string, number>();
  let sequence = 0;
  const slots = (skill: BuiltSkill) => skill.codes.length * skill.aspectIds.length;
  type Ctx = { j?: number; pending?: string[] };
  const started = performance.now();
  const serverCpu = ctx.server.cpuMs();
  const clientCpu = process.cpuUsage();
  const result = await load({
    url: `${ctx.base}/api/v1/judge/marks`,
    connections: judges.length,
    durationSec: MARK_SEC,
    requests: [{
      method: 'POST',
      setupRequest: (req, context) => {
        const c = context as Ctx;
        c.j ??= nextJudge++ % judges.length;
        const me = judges[c.j]!;
        const marks = Array.from({ length: batchSize }, () => {
          const slot = me.cursor++ % slots(me.skill);
          const code = me.skill.codes[Math.floor(slot / me.skill.aspectIds.length)]!;
          const aspectId = me.skill.aspectIds[slot % me.skill.aspectIds.length]!;
          const baseVersion = ctx.versions.get(`${me.skill.roundId}:${code}:${aspectId}:${me.judge.judgeId}`) ?? 0;
          return { key: `bench-${me.judge.number}-${++sequence}-${Date.now().toString(36)}`, code, aspectId, mark: { state: 'scored', value: 1 + (baseVersion % 2) }, baseVersion };
        });
        c.pending = marks.map((m) => `${me.skill.roundId}:${m.code}:${m.aspectId}:${me.judge.judgeId}`);
        return { ...req, headers: json(me.judge.token), body: JSON.stringify({ roundId: me.skill.roundId, deviceId: `bench-tablet-${me.judge.number}`, marks }) };
      },
      onResponse: (status, body, context) => {
        const c = context as Ctx;
        if (status !== 200) return;
        const results = (JSON.parse(body) as { results: { status: string; version?: number; error?: string }[] }).results;
        results.forEach((r, i) => {
          if (r.status === 'saved') saved++;
          else if (r.status === 'conflict') conflicts++;
          else {
            refused++;
            const reason = `${r.status}${r.error ? ` ${r.error}` : ''}`;
            reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
          }
          if (r.version !== undefined && c.pending?.[i]) ctx.versions.set(c.pending[i]!, r.version);
        });
      },
    }],
  });
  const seconds = (performance.now() - started) / 1000;
  // Over the marks saved (refused and conflicting requests cost too, and are few); NaN if the server is gone.
  const serverCpuUs = ((ctx.server.cpuMs() - serverCpu) * 1000) / Math.max(1, saved);
  const { user, system } = process.cpuUsage(clientCpu);
  const clientCpuUs = (user + system) / Math.max(1, saved);
  const why = [...reasons].map(([reason, n]) => `${n}× ${reason}`).join(', ');
  return { rate: saved / seconds, result, saved, conflicts, refused: why ? `${refused} (${why})` : String(refused), serverCpuUs, clientCpuUs };
}

async function judging(ctx: Context, dataDir: string) {
  await attempt('single marks at 100 concurrent judges', async () => {
    const { rate, result, conflicts, refused, serverCpuUs, clientCpuUs } = await marking(ctx, 1);
    figure('single marks at 100 concurrent judges: marks/s', rate, 'marks/s', {
      baseline: rawRates.single ? { value: rawRates.single, label: 'raw' } : undefined, target: atLeast(2000, 'marks/s'), ratioTarget: atLeast(0.15, ''),
    });
    figure('single marks: server CPU per mark (all threads)', serverCpuUs, 'µs', { extra: `the load tool in the bench's process: ${fmt(clientCpuUs, 'µs')} per mark` });
    figure('single marks: p50', result.p50, 'ms');
    figure('single marks: p99', result.p99, 'ms', { target: below(50, 'ms') });
    await settle(ctx, 'single marks');
    figure('single marks: connection errors/resets + timeouts + non-2xx', result.errors + result.non2xx, '', {
      target: { text: '0', met: (v) => v === 0 }, extra: `${result.errors} errors incl. ${result.timeouts} timeouts, ${result.non2xx} non-2xx, ${conflicts} conflicts, ${refused} not saved; ${result.statuses}`,
    });
  });
  await attempt('batched sync (50-mark batches) at 100 judges', async () => {
    const { rate, result, conflicts, refused, serverCpuUs, clientCpuUs } = await marking(ctx, 50);
    figure('batched sync, 50-mark batches, 100 judges: marks/s', rate, 'marks/s', {
      baseline: rawRates.batched ? { value: rawRates.batched, label: 'raw batched' } : undefined, target: atLeast(20_000, 'marks/s'), ratioTarget: atLeast(0.3, ''),
    });
    figure('batched sync: server CPU per mark (all threads)', serverCpuUs, 'µs', { extra: `the load tool: ${fmt(clientCpuUs, 'µs')} per mark` });
    figure('batched sync: p99', result.p99, 'ms');
    figure('batched sync: connection errors/resets + timeouts + non-2xx', result.errors + result.non2xx, '', {
      target: { text: '0', met: (v) => v === 0 }, extra: `${result.errors} errors incl. ${result.timeouts} timeouts, ${result.non2xx} non-2xx, ${conflicts} conflicts, ${refused} not saved; ${result.statuses}`,
    });
  });
  // What the server itself does, without the disk: the same single marks against a copy of the
  // database in memory, where an fsync costs nothing (a diagnostic, never how the app runs).
  if (!existsSync('/dev/shm')) return;
  // The copy holds the versions ctx.versions knows only once the server has answered everything.
  await settle(ctx, 'batched sync');
  await attempt('single marks, the database in memory', async () => {
    const memoryDir = mkdtempSync(path.join('/dev/shm', 'jiangxin-bench-'));
    // /dev/shm is memory until reboot: gone however the bench ends (a signal exits without finally).
    const removeCopy = () => rmSync(memoryDir, { recursive: true, force: true });
    process.once('exit', removeCopy);
    try {
      const source = new Database(path.join(dataDir, 'jiangxin.db'), { readonly: true, fileMustExist: true });
      await source.backup(path.join(memoryDir, 'jiangxin.db'));
      source.close();
      const server = await startApp(memoryDir);
      try {
        const { rate, result, serverCpuUs } = await marking({ ...ctx, server, base: server.url, versions: new Map(ctx.versions) }, 1);
        figure('single marks, the database in memory (/dev/shm, fsync free; diagnostic): p99', result.p99, 'ms', {
          extra: `${fmt(rate, 'marks/s')}, p50 ${fmt(result.p50, 'ms')}, server CPU ${fmt(serverCpuUs, 'µs')} per mark`,
        });
      } finally {
        await server.stop();
      }
    } finally {
      removeCopy();
      process.off('exit', removeCopy);
    }
  });
}

/** Three sequential requests: the first (cold), and the median of all three. */
async function timed(url: string, headers: Record<string, string>, runs = 3): Promise<{ first: number; median: number; bytes: number; body: string }> {
  const times: number[] = [];
  let bytes = 0;
  let body = '';
  for (let i = 0; i < runs; i++) {
    const answer = await ok(url, { headers, timeoutMs: PAGE_TIMEOUT_MS });
    times.push(answer.ms);
    bytes = answer.bytes;
    body = answer.body;
    if (answer.ms > PAGE_TIMEOUT_MS / 4) break; // one slow answer is enough to know
  }
  return { first: times[0]!, median: median(times), bytes, body };
}

async function desk(ctx: Context) {
  for (const skill of ctx.event.big) {
    const n = sizeLabel(skill.entries);
    const target = skill.entries === 300 ? below(200, 'ms') : skill.entries === 1000 ? below(1000, 'ms') : undefined;
    await attempt(`desk page at ${n} entries`, async () => {
      const page = await timed(`${ctx.base}/desk/rounds/${skill.roundId}`, ctx.cookie);
      deskInfos.set(skill.skillId, deskPageInfo(ctx, skill, page.body));
      grows('the desk page', skill.entries, page.median);
      figure(`desk page at ${n} entries`, page.median, 'ms', { target, extra: `${fmt(page.bytes / 1024, 'KB')}` });
    }, target?.text);
    await attempt(`desk one-cell update at ${n} entries`, async () => {
      // The worst case: the changed row is on the desk's screen (the chief judge followed "unsigned"
      // to the sheet still being marked), so the desk re-fetches that row, compressed as a browser asks.
      const shown = await ok(`${ctx.base}/desk/rounds/${skill.roundId}?show=unsigned`, { headers: ctx.cookie, timeoutMs: PAGE_TIMEOUT_MS });
      const info = deskPageInfo(ctx, skill, shown.body);
      if (!skill.openCode || !info.codes.has(skill.openCode)) throw new Error(`the desk filtered to unsigned sheets does not show ${skill.openCode}`);
      const sizes: number[] = [];
      const plainSizes: number[] = [];
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const stream = sseClient(`${ctx.base}/desk/rounds/${skill.roundId}/events`, ctx.cookie);
        let timer: NodeJS.Timeout | undefined;
        try {
          await stream.connected;
          const changed = new Promise<string>((resolve, reject) => {
            timer = setTimeout(() => reject(new Error('no changed event within 30 s')), 30_000);
            stream.onEvent = (event, data) => { if (event === 'changed') resolve(data); };
          });
          changed.catch(() => {});
          const started = performance.now();
          await changeOneMark(ctx, skill);
          const { url, headers } = deskRefreshUrl(info, await changed);
          const refresh = await ok(url, { headers: { ...ctx.cookie, ...headers, 'accept-encoding': 'gzip' }, timeoutMs: PAGE_TIMEOUT_MS });
          times.push(performance.now() - started);
          sizes.push(refresh.bytes);
          plainSizes.push((await ok(url, { headers: { ...ctx.cookie, ...headers }, timeoutMs: PAGE_TIMEOUT_MS })).bytes);
          if (refresh.ms > PAGE_TIMEOUT_MS / 4) break;
        } finally {
          clearTimeout(timer);
          stream.close();
        }
      }
      figure(`desk one-cell update at ${n} entries, the row on screen: bytes re-fetched per desk (gzip)`, median(sizes) / 1024, 'KB', { target: below(5, 'KB'), extra: `${fmt(median(plainSizes) / 1024, 'KB')} uncompressed` });
      figure(`desk one-cell update at ${n} entries: mark → desk refreshed`, median(times), 'ms');
    }, '< 5 KB');
  }
}

async function results(ctx: Context) {
  for (const skill of ctx.event.big) {
    const n = sizeLabel(skill.entries);
    const pure = ctx.computeMs.get(skill.skillId);
    const baseline = pure ? { value: pure, label: 'compute' } : undefined;
    for (const [what, url, headers] of [
      ['results preview', `${ctx.base}/skills/${skill.skillId}/results`, ctx.cookie],
      ['results API', `${ctx.base}/api/v1/skills/${skill.skillId}/results`, ctx.bearer],
    ] as const) {
      await attempt(`${what} at ${n} entries`, async () => {
        const t = await timed(url, headers);
        grows(`the ${what}`, skill.entries, t.first);
        figure(`${what} at ${n} entries: first view`, t.first, 'ms', { baseline, ratioTarget: skill.entries === 1000 ? below(2.0001, '') : undefined, extra: fmt(t.bytes / 1024, 'KB') });
        figure(`${what} at ${n} entries: again, nothing changed`, t.median, 'ms', { target: skill.entries === 1000 ? below(50, 'ms') : undefined });
      });
    }
  }
}

/**
 * The organizer's registration list and the check-in desk over the whole event (every skill's
 * entries, 6,400 in a full run): the first page, one big skill's last page, a search by a
 * common surname. The list filters in SQL but searches and sorts in pinyin in JS, so it reads
 * every matching entry's few columns each time: this says what that costs at real size.
 */
async function registrationPages(ctx: Context) {
  const base = `${ctx.base}/events/${ctx.event.eventId}`;
  const big = ctx.event.big.at(-1)!;
  const entries = [...ctx.event.open, ...ctx.event.big, ctx.event.published].reduce((n, s) => n + s.entries, 0);
  const pages: [string, string][] = [
    [`registration list, first page (${sizeLabel(entries)} entries)`, `${base}/registration`],
    [`registration list, one skill's last page (${sizeLabel(big.entries)} entries)`, `${base}/registration?skill=${big.skillId}&page=${Math.ceil(big.entries / 50)}`],
    ['registration list, search 王', `${base}/registration?q=${encodeURIComponent('王')}`],
    ['check-in desk, search 王', `${base}/check-in?q=${encodeURIComponent('王')}`],
  ];
  for (const [what, url] of pages) {
    await attempt(what, async () => {
      const t = await timed(url, ctx.cookie);
      figure(`${what}: first view`, t.first, 'ms', { target: below(500, 'ms'), extra: fmt(t.bytes / 1024, 'KB') });
      figure(`${what}: again`, t.median, 'ms', { target: below(300, 'ms') });
    });
  }
}

async function publicPages(ctx: Context) {
  const skill = ctx.event.published;
  const hello = ctx.helloRps ? { value: ctx.helloRps, label: 'hello' } : undefined;
  const pages: [string, string, boolean][] = [
    [`public ranking page (${sizeLabel(skill.entries)} entries)`, `/public/skills/${skill.skillId}`, true],
    ['public results API', `/api/v1/public/skills/${skill.skillId}/results`, true],
    ['public event page', `/public/events/${ctx.event.eventId}`, false],
  ];
  for (const [name, url, targeted] of pages) {
    await attempt(name, async () => {
      // Every browser and phone asks for gzip; the uncompressed answer is measured beside it.
      const gzip = { 'accept-encoding': 'gzip' };
      const first = await ok(`${ctx.base}${url}`, { timeoutMs: PAGE_TIMEOUT_MS, headers: gzip }); // it exists and answers
      const r = await load({ url: `${ctx.base}${url}`, connections: 200, durationSec: LOAD_SEC, headers: gzip });
      await settle(ctx, name);
      noAnswers(r);
      figure(`${name}: req/s at 200 connections (gzip)`, r.rps, 'req/s', { baseline: hello, ratioTarget: targeted ? atLeast(0.25, '') : undefined, extra: [fmt(first.bytes / 1024, 'KB'), r.non2xx + r.errors ? `${r.non2xx} non-2xx, ${r.errors} errors` : ''].filter(Boolean).join('; ') });
      figure(`${name}: p99 at 200 connections (gzip)`, r.p99, 'ms', { target: targeted ? below(100, 'ms') : undefined });
      const plain = await load({ url: `${ctx.base}${url}`, connections: 200, durationSec: LOAD_SEC });
      await settle(ctx, `${name} (uncompressed)`);
      noAnswers(plain);
      figure(`${name}, uncompressed: req/s at 200 connections`, plain.rps, 'req/s', { baseline: hello, extra: `p99 ${fmt(plain.p99, 'ms')}` });
      // A browser that has the page asks again with its ETag; the answer may be a 304. The tag is
      // taken now: the very first answer may go out before its gzipped form (another tag) is made.
      const etag = (await ok(`${ctx.base}${url}`, { timeoutMs: PAGE_TIMEOUT_MS, headers: gzip })).headers.etag;
      if (typeof etag === 'string') {
        const again = await load({ url: `${ctx.base}${url}`, connections: 200, durationSec: LOAD_SEC, headers: { ...gzip, 'if-none-match': etag } });
        await settle(ctx, `${name} (If-None-Match)`);
        noAnswers(again);
        figure(`${name}, revalidated (If-None-Match): req/s at 200 connections`, again.rps, 'req/s', { baseline: hello, extra: `p99 ${fmt(again.p99, 'ms')}; ${again.statuses}` });
      } else {
        notes.push(`${name}: no ETag in the answer, so no revalidation was measured.`);
      }
    });
  }
  await attempt('self-lookup', async () => {
    // The lookup form's CSRF token belongs to the pre-session cookie it sets.
    const form = await ok(`${ctx.base}/public/events/${ctx.event.eventId}/me`);
    const cookie = String(form.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
    if (!token) throw new Error('no CSRF token in the lookup form');
    const headers = { cookie, 'x-csrf-token': token, 'content-type': 'application/x-www-form-urlencoded' };
    const body = (i: number) => `bib=${skill.bibs[i]}&digits=${skill.idDigits[i]}`;
    const first = await ok(`${ctx.base}/public/events/${ctx.event.eventId}/me`, { method: 'POST', headers, body: body(0) });
    if (!first.body.includes(skill.bibs[0]!)) throw new Error('the lookup did not find the contestant');
    let k = 0;
    const r = await load({
      url: `${ctx.base}/public/events/${ctx.event.eventId}/me`, connections: 200, durationSec: LOAD_SEC,
      requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, headers, body: body(k++ % skill.bibs.length) }) }],
    });
    await settle(ctx, 'self-lookup');
    noAnswers(r);
    figure('self-lookup: req/s at 200 connections', r.rps, 'req/s', { baseline: hello, extra: r.non2xx + r.errors ? `${r.non2xx} non-2xx, ${r.errors} errors; ${r.statuses}` : undefined });
    figure('self-lookup: p99 at 200 connections', r.p99, 'ms');
  });
}

async function live(ctx: Context) {
  const skill = ctx.event.big.find((s) => s.entries === LIVE_SIZE) ?? ctx.event.big[0]!;
  const clients: ReturnType<typeof sseClient>[] = [];
  try {
    // 20 streams per address are allowed (src/live/stream-slots.ts): 25 loopback addresses × 20.
    // Desks connect in waves of 50; a refused stream is retried (as EventSource would) up to 3 times.
    const url = `${ctx.base}/desk/rounds/${skill.roundId}/events`;
    const address = (i: number) => `127.0.0.${2 + Math.floor(i / 20)}`;
    let retries = 0;
    let lastError = '';
    for (let wave = 0; wave < SSE_CLIENTS; wave += 50) {
      await Promise.all(Array.from({ length: Math.min(50, SSE_CLIENTS - wave) }, async (_, k) => {
        const i = wave + k;
        for (let tries = 0; ; tries++) {
          const client = sseClient(url, ctx.cookie, address(i));
          try {
            await client.connected;
            clients[i] = client;
            return;
          } catch (error) {
            client.close();
            lastError = String(error);
            if (tries >= 3) return;
            retries++;
            await new Promise((r) => setTimeout(r, 500 * (tries + 1)));
          }
        }
      }));
    }
    const refused = SSE_CLIENTS - clients.filter(Boolean).length;
    if (retries > 0) notes.push(`Live: ${retries} stream connections were refused and retried (last: ${lastError}).`);
    if (refused > 0) throw new Error(`${refused} of ${SSE_CLIENTS} streams refused after 3 retries: ${lastError}`);
    const info = await deskInfo(ctx, skill);
    const abandon = new AbortController();
    const received: number[] = [];
    const refreshed: number[] = [];
    let errors = 0;
    let started = 0;
    const all = new Promise<void>((resolve) => {
      const done = () => { if (refreshed.length + errors === SSE_CLIENTS) resolve(); };
      clients.forEach((client, i) => {
        client.onEvent = (event, data) => {
          if (event !== 'changed' || received.length >= SSE_CLIENTS) return;
          received.push(performance.now() - started);
          // The re-fetch starts once this turn's streams are read: the bench is one process for
          // 500 desks, and opening each early desk's connection first held back reading the
          // later desks' streams (which no desk's own browser waits for).
          setImmediate(() => {
            const { url, headers } = deskRefreshUrl(info, data);
            request(url, { headers: { ...ctx.cookie, ...headers }, agent: false, localAddress: address(i), timeoutMs: 300_000, signal: abandon.signal })
              .then((a) => { if (a.status === 200) refreshed.push(performance.now() - started); else errors++; }, () => errors++)
              .finally(done);
          });
        };
      });
    });
    started = performance.now();
    await changeOneMark(ctx, skill);
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), LIVE_TIMEOUT_MS).unref());
    if ((await Promise.race([all, timeout])) === 'timeout') {
      abandon.abort();
      if (received.length === SSE_CLIENTS) figure(`live: ${SSE_CLIENTS} desks (${sizeLabel(skill.entries)} entries) receive a change`, Math.max(...received), 'ms', { target: below(250, 'ms') });
      throw new Error(`after ${LIVE_TIMEOUT_MS / 1000} s, ${received.length} of ${SSE_CLIENTS} desks had received the change and ${refreshed.length} had refreshed (${errors} re-fetches failed)`);
    }
    figure(`live: ${SSE_CLIENTS} desks (${sizeLabel(skill.entries)} entries) receive a change`, Math.max(...received), 'ms', { target: below(250, 'ms'), extra: `median ${fmt(median(received), 'ms')}` });
    figure(`live: ${SSE_CLIENTS} desks have refreshed`, refreshed.length ? Math.max(...refreshed) : NaN, 'ms', { target: below(2000, 'ms'), extra: errors ? `${errors} re-fetches failed` : undefined });
  } finally {
    for (const c of clients) c?.close();
  }
}

/**
 * Waits until the server has written the snapshots it takes after a lock or a publication (a copy
 * of the whole 140 MB file, in a worker, while its .partial file exists), for at most a minute:
 * each lock and publication is measured on its own, not behind the copy the previous one started.
 */
async function snapshotsWritten(dataDir: string): Promise<void> {
  const dir = path.join(dataDir, 'backups');
  const writing = () => existsSync(dir) && readdirSync(dir).some((name) => name.endsWith('.partial'));
  const until = performance.now() + 60_000;
  let quietSince = performance.now();
  while (performance.now() < until) {
    if (writing()) quietSince = performance.now();
    else if (performance.now() - quietSince >= 1000) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  notes.push('A snapshot after a lock or a publication was still being written after a minute; the next figure was measured meanwhile.');
}

async function lock(ctx: Context, dataDir: string) {
  for (const skill of ctx.event.big) {
    const n = sizeLabel(skill.entries);
    let locked = false;
    await snapshotsWritten(dataDir);
    await attempt(`lock at ${n} entries`, async () => {
      // Judge 1 signs the sheet the one-cell updates kept open, with the PIN, as on the tablet.
      await ok(`${ctx.base}/api/v1/judge/signoffs`, { method: 'POST', headers: json(skill.judges[0]!.token), body: JSON.stringify({ roundId: skill.roundId, code: skill.openCode, pin: PIN }) });
      const answer = await ok(`${ctx.base}/api/v1/rounds/${skill.roundId}/lock`, { method: 'POST', headers: json(ctx.event.organizer.token), body: '{}', timeoutMs: PAGE_TIMEOUT_MS });
      locked = true;
      grows('the lock', skill.entries, answer.ms);
      figure(`lock at ${n} entries`, answer.ms, 'ms');
    });
    if (!locked) {
      // So that publication can still be measured: lock as lockRound would, straight in the file.
      const db = new Database(path.join(dataDir, 'jiangxin.db'));
      db.prepare('UPDATE "Round" SET "lockedAt" = ?, "lockedById" = ? WHERE id = ? AND "lockedAt" IS NULL').run(new Date().toISOString().replace('Z', '+00:00'), ctx.event.organizer.accountId, skill.roundId);
      db.close();
      notes.push(`The lock at ${n} entries failed; the bench set lockedAt in the file so publication could be measured.`);
    }
    await snapshotsWritten(dataDir);
    await attempt(`publication at ${n} entries`, async () => {
      const now = Date.now();
      const answer = await ok(`${ctx.base}/api/v1/skills/${skill.skillId}/publications`, {
        method: 'POST', headers: json(ctx.event.organizer.token), timeoutMs: PAGE_TIMEOUT_MS,
        body: JSON.stringify({ appealUntil: new Date(now + 2 * 3_600_000).toISOString(), noticeUntil: new Date(now + 3 * 86_400_000).toISOString(), changeNote: '' }),
      });
      const pure = ctx.computeMs.get(skill.skillId);
      grows('publication', skill.entries, answer.ms);
      figure(`publication at ${n} entries`, answer.ms, 'ms', { baseline: pure ? { value: pure, label: 'compute' } : undefined, ratioTarget: skill.entries === 1000 ? below(2.0001, '') : undefined });
    });
  }
}

// ─── the run ─────────────────────────────────────────────────────────────────

export async function runEventBench(only: Set<string>): Promise<BenchTable> {
  rows.length = 0;
  notes.length = 0;
  growth.clear();
  currentServer = null;
  const wants = (s: Scenario) => only.size === 0 || only.has(s);
  const dir = mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'jiangxin-bench-'));
  const dataDir = path.join(dir, 'data');
  const startedRun = performance.now();
  const peaks: number[] = [];
  const starts: number[] = [];
  let server: Spawned | null = null;
  try {
    log(`Building the event in ${dataDir}${QUICK ? ' (BENCH_QUICK)' : ''}…`);
    const event = await buildEvent(path.join(dataDir, 'jiangxin.db'), SIZES, log);
    const dbMb = statSync(path.join(dataDir, 'jiangxin.db')).size / 1024 / 1024;
    figure(`build: ${event.open.length} skills × ${SIZES.openEntries} open, ${[...SIZES.big, SIZES.published].map(sizeLabel).join(' + ')} marked (${event.marks.toLocaleString('en')} marks, ${fmt(dbMb, 'MB')} file)`, event.ms / 1000, 's', { target: below(60, 's'), extra: `${fmt(event.cpuMs / 1000, 's')} CPU; ${event.stages.map((st) => `${st.stage} ${fmt(st.ms / 1000, 's')}`).join(', ')}` });

    const ctx: Context = {
      event, server: null as unknown as Spawned, base: '',
      cookie: { cookie: `jx_session=${event.organizer.session}` }, bearer: bearer(event.organizer.token),
      computeMs: new Map(), helloRps: null, versions: new Map(), values: new Map(),
    };
    if (wants('hello') || wants('public')) { log('hello baseline…'); await attempt('hello route (baseline)', () => hello(ctx)); }
    if (wants('raw') || wants('judging')) { log('raw better-sqlite3 baseline…'); await attempt('raw better-sqlite3 (baseline)', () => raw(dir)); }
    if (wants('compute') || wants('results') || wants('lock')) { log('computeSkillResults baseline…'); await attempt('computeSkillResults (baseline)', async () => compute(ctx)); }

    log(`Starting the server: ${startScript()}`);
    server = await startApp(dataDir);
    starts.push(server.startMs);
    ctx.server = server;
    currentServer = server;
    ctx.base = server.url;
    await new Promise((r) => setTimeout(r, 2000));
    const idle = server.memory();
    if (idle) figure('server RSS idle (after start, before load)', idle.rssMb, 'MB', { baseline: helloRss ? { value: helloRss, label: 'hello' } : undefined, target: below(200, 'MB') });

    const steps: [Scenario, string, () => Promise<void>][] = [
      ['judging', 'marks', () => judging(ctx, dataDir)],
      ['desk', 'desk', () => desk(ctx)],
      ['results', 'results', () => results(ctx)],
      ['registration', 'registration pages', () => registrationPages(ctx)],
      ['public', 'public pages', () => publicPages(ctx)],
      ['live', 'live updates', () => live(ctx)],
      ['lock', 'lock and publication', () => lock(ctx, dataDir)],
    ];
    for (const [name, title, step] of steps) {
      if (!wants(name)) continue;
      log(`${title}…`);
      const t = performance.now();
      server.resetWindow();
      await attempt(title, step);
      scenarioMemory(server, title);
      if (name === 'live') {
        // 500 re-fetches still being answered would weigh on whatever comes next: a new process
        // (on the same database) instead, which is one more start-up measured.
        peaks.push(server.peakMb());
        await server.stop();
        server = await startApp(dataDir);
        starts.push(server.startMs);
        ctx.server = server;
        currentServer = server;
        ctx.base = server.url;
        deskInfos.clear();
      } else {
        await settle(ctx, title);
      }
      log(`  ${title}: ${Math.round((performance.now() - t) / 1000)} s`);
    }
    await new Promise((r) => setTimeout(r, 3000));
    const after = server.memory();
    peaks.push(server.peakMb());
    await server.stop();
    server = null;
    if (after) figure('server RSS after the scenarios (3 s idle)', after.rssMb, 'MB', { target: below(400, 'MB') });

    if (wants('start')) {
      log('start-up on the existing database…');
      await attempt('start-up (restart)', async () => {
        server = await startApp(dataDir);
        starts.push(server.startMs);
        peaks.push(server.peakMb());
        await server.stop();
        server = null;
      });
    }
    growthRows();
    figure(`npm start → healthy on the existing database (median of ${starts.length})`, median(starts), 'ms', { target: below(1500, 'ms'), extra: starts.map((s) => fmt(s, 'ms')).join(', ') });
    figure('server RSS peak (VmHWM and 200 ms samples of VmRSS)', Math.max(...peaks), 'MB', { target: below(400, 'MB') });
  } catch (error) {
    failed('bench', error);
    console.error(error);
  } finally {
    if (server) await (server as Spawned).stop();
    if (process.env.BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
    else notes.push(`Kept ${dir} (BENCH_KEEP=1).`);
  }
  const minutes = (performance.now() - startedRun) / 60_000;
  notes.push(`The whole run took ${minutes.toFixed(1)} min.`);
  return {
    columns: ['figure', 'value', 'baseline (same run)', 'ratio', 'target', 'result'],
    rows: rows.map((r) => [r.figure, r.value, r.baseline, r.ratio, r.target, r.result]),
    notes,
  };
}
