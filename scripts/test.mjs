// `npm test` after the type check: the suite as two uvu processes side by side, one per core.
// uvu runs its files one after another in one process; most of a test's time is that process's
// own CPU (rendering, SQLite, tsx) or Chromium's, so two halves on a 2-core machine take little
// more than the longer half. Each half's output is printed whole when it ends (uvu's dots do not
// interleave), then one summary in uvu's own format, which .ci/run reads. Any half failing, or
// ending without its summary, fails the run. Arguments after `--` are passed to both halves.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const uvu = path.join(repoRoot, 'node_modules', 'uvu', 'bin.js');

/** Paths relative to test/; the fault test runs on its own (npm run test:faults). */
const halves = [
  { name: 'http', pattern: '^http/.*\\.test\\.tsx?$' },
  { name: 'browser, process and unit', pattern: '^(browser|process|unit)/.*\\.test\\.tsx?$' },
];

const plain = (text) => text.replace(/\x1B\[[0-9;]*[A-Za-z]/g, '');
/** The last "Label: N" line of a uvu run's output (its summary); NaN when there is none. */
const number = (text, label) => Number([...plain(text).matchAll(new RegExp(`^\\s*${label}:\\s*(\\d+)`, 'gm'))].at(-1)?.[1] ?? Number.NaN);

function run(half) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [uvu, '-r', 'tsx', 'test', half.pattern, ...process.argv.slice(2)], {
      cwd: repoRoot,
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0') },
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('close', (code, signal) => resolve({ half, code: code ?? 1, signal, output, ms: Date.now() - started }));
  });
}

console.log(`Running the suite in ${halves.length} processes: ${halves.map((h) => h.name).join(' | ')}`);
const started = Date.now();
const results = await Promise.all(halves.map(run));
let total = 0;
let passed = 0;
let skipped = 0;
let ok = true;
for (const { half, code, signal, output, ms } of results) {
  console.log(`\n──── ${half.name} (${Math.round(ms / 1000)} s) ────`);
  process.stdout.write(output);
  const counts = { total: number(output, 'Total'), passed: number(output, 'Passed'), skipped: number(output, 'Skipped') };
  if (Number.isNaN(counts.total)) {
    console.log(`\n  ${half.name}: no summary (exit ${signal ?? code}): counted as one failure`);
    total += 1;
    ok = false;
    continue;
  }
  total += counts.total;
  passed += counts.passed || 0;
  skipped += counts.skipped || 0;
  if (code !== 0) ok = false;
}
console.log(`\n  Total:     ${total}\n  Passed:    ${passed}\n  Skipped:   ${skipped}\n  Duration:  ${Date.now() - started}ms\n`);
// uvu's Total counts the tests that ran; skipped ones are beside it, not in it.
process.exitCode = ok && passed === total ? 0 : 1;
