// `prisma generate`, only when it would change something. Plain JavaScript, so the check costs a
// bare Node start (~40 ms) rather than tsx's; `npm start`, `npm test`, `npm run demo`… run it first.
//
// The generated client (src/db/generated, not in git) depends on the schema and on the versions of
// the generator (prisma) and of the runtime it is written against (@prisma/client). Their hash is
// stored beside the client after a generation; while it matches, nothing runs. `--force` (what
// `npm run db:generate` passes) generates anyway.
//
// Generation works offline: the CLI tries to download a native schema engine unless
// PRISMA_SCHEMA_ENGINE_BINARY points at an existing file. Generation itself needs no engine, so any
// existing file will do; the Node binary is one on every machine.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const SCHEMA = path.join(repoRoot, 'prisma', 'schema.prisma');
const OUTPUT = path.join(repoRoot, 'src', 'db', 'generated');
const STAMP = path.join(OUTPUT, '.schema-hash');

const versionOf = (pkg) => JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;

/** What the generated client is a function of. */
function inputsHash() {
  return createHash('sha256')
    .update(readFileSync(SCHEMA))
    .update(`\0prisma ${versionOf('prisma')}\0@prisma/client ${versionOf('@prisma/client')}`)
    .digest('hex');
}

function stored() {
  try {
    return readFileSync(STAMP, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Generates the client unless it is there and was generated from the same inputs. Returns whether it ran. */
export function generateClient({ force = false } = {}) {
  const hash = inputsHash();
  if (!force && existsSync(path.join(OUTPUT, 'client.ts')) && stored() === hash) return false;
  // Gone while generating: a generation cut short is not taken for a finished one next time.
  rmSync(STAMP, { force: true });
  const result = spawnSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate', '--schema', SCHEMA], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  });
  if (result.status !== 0) throw new Error(`prisma generate failed (${result.status ?? result.signal ?? result.error})`);
  writeFileSync(STAMP, `${hash}\n`);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    generateClient({ force: process.argv.includes('--force') });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
