/**
 * `npm run bench [-- NAME…]`.
 *
 * Without names: the event bench (bench/event.bench.ts), every scenario, one table printed as
 * Markdown and written to bench/out/event.md; a full run (not BENCH_QUICK) also writes it to
 * bench/RESULTS.md under the heading BENCH_LABEL (default "Latest run"), keeping the other
 * sections. Names are scenarios of the event bench (hello raw compute judging desk results registration
 * public live lock start) and/or older benchmarks, the other bench/*.bench.ts files (marks,
 * imports), which run as before: a module whose default export is a `Benchmark`. `--pg` names
 * bench/providers.bench.ts: SQLite with one server beside PostgreSQL with two.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchTable {
  columns: string[];
  rows: (string | number)[][];
  notes?: string[];
}

export interface Benchmark {
  name: string;
  title: string;
  run(): Promise<BenchTable>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export function markdownTable({ columns, rows }: BenchTable): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(columns), line(columns.map(() => '---')), ...rows.map(line)].join('\n');
}

function machine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
  let commit = '';
  try {
    commit = `, commit ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' }).trim()}`;
  } catch {
    // not a checkout
  }
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${load} (1/5/15 min)${commit}, ${new Date().toISOString()}`;
}

/** Replaces (or adds, at the top) the section `## label` of RESULTS.md; older text moves under "Earlier measurements". */
function writeResults(label: string, section: string) {
  const file = path.join(here, 'RESULTS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const EARLIER = '## Earlier measurements';
  let head: string;
  let earlier: string;
  if (text.includes(EARLIER)) {
    [head, earlier] = [text.slice(0, text.indexOf(EARLIER)), text.slice(text.indexOf(EARLIER) + EARLIER.length)];
  } else {
    // First run: the whole old file (after its title) becomes the earlier measurements, one level down.
    const firstSection = text.search(/^## /m);
    head = firstSection < 0 ? text : text.slice(0, firstSection);
    earlier = firstSection < 0 ? '' : `\n\n${text.slice(firstSection).replace(/^(#{2,5}) /gm, '#$1 ')}`;
  }
  const sections = head.split(/^(?=## )/m);
  const intro = sections[0]!.trimEnd();
  const kept = sections.slice(1).filter((s) => !s.startsWith(`## ${label}\n`)).map((s) => s.trimEnd());
  writeFileSync(file, [intro, '', section.trimEnd(), ...kept.flatMap((s) => ['', s]), '', EARLIER + earlier.trimEnd(), ''].join('\n'));
}

async function main() {
  // `--pg`: the providers bench (bench/providers.bench.ts), SQLite and PostgreSQL side by side.
  const wanted = process.argv.slice(2).map((arg) => (arg === '--pg' ? 'providers' : arg));
  const older = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && f !== 'event.bench.ts').map((f) => f.replace(/\.bench\.ts$/, ''));
  const { SCENARIOS, runEventBench } = await import('./event.bench.ts');
  const unknown = wanted.filter((w) => !older.includes(w) && !(SCENARIOS as readonly string[]).includes(w));
  if (unknown.length > 0) throw new Error(`Unknown: ${unknown.join(', ')}. Scenarios: ${SCENARIOS.join(' ')}; older benchmarks: ${older.join(' ')}`);
  mkdirSync(path.join(here, 'out'), { recursive: true });
  const scenarios = wanted.filter((w) => (SCENARIOS as readonly string[]).includes(w));
  const benches = wanted.filter((w) => older.includes(w));

  if (wanted.length === 0 || scenarios.length > 0) {
    const table = await runEventBench(new Set(scenarios));
    const quick = process.env.BENCH_QUICK === '1';
    const label = process.env.BENCH_LABEL ?? 'Latest run';
    const title = `## ${label}`;
    const text = [
      title, '',
      `\`${['BENCH_QUICK=1'].filter(() => quick).concat('npm run bench', scenarios.length ? ['--', ...scenarios] : []).join(' ')}\` on ${machine()}.`, '',
      markdownTable(table), '',
      ...(table.notes ?? []).map((n) => `- ${n}`), '',
    ].join('\n');
    console.log(`\n${text}`);
    writeFileSync(path.join(here, 'out', 'event.md'), text);
    if (scenarios.length === 0 && !quick) writeResults(label, text);
  }
  for (const name of benches) {
    const bench = (await import(pathToFileURL(path.join(here, `${name}.bench.ts`)).href)).default as Benchmark;
    console.log(`\n## ${bench.title}\n`);
    const table = await bench.run();
    const text = [`## ${bench.title}`, '', machine(), '', markdownTable(table), '', ...(table.notes ?? []).map((n) => `- ${n}`), ''].join('\n');
    console.log(markdownTable(table));
    for (const note of table.notes ?? []) console.log(`- ${note}`);
    writeFileSync(path.join(here, 'out', `${bench.name}.md`), text);
  }
  process.exit(0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
