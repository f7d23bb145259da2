/**
 * `npm run bench [-- NAME…]`: runs every bench/*.bench.ts (or the named ones) one after the
 * other, prints each one's table as Markdown and writes it to bench/out/NAME.md. A benchmark is
 * a module whose default export is a `Benchmark`; add a file to add one. Figures worth keeping
 * go to bench/RESULTS.md with the machine they were measured on.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

async function main() {
  const wanted = new Set(process.argv.slice(2));
  const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && (wanted.size === 0 || wanted.has(f.replace(/\.bench\.ts$/, '')))).sort();
  if (files.length === 0) throw new Error(`No benchmark matches ${[...wanted].join(', ')}`);
  const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}, ${new Date().toISOString()}`;
  mkdirSync(path.join(here, 'out'), { recursive: true });
  for (const file of files) {
    const bench = (await import(pathToFileURL(path.join(here, file)).href)).default as Benchmark;
    console.log(`\n## ${bench.title}\n`);
    const table = await bench.run();
    const text = [`## ${bench.title}`, '', machine, '', markdownTable(table), '', ...(table.notes ?? []).map((n) => `- ${n}`), ''].join('\n');
    console.log(markdownTable(table));
    for (const note of table.notes ?? []) console.log(`- ${note}`);
    writeFileSync(path.join(here, 'out', `${bench.name}.md`), text);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
