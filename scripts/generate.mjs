// `prisma generate`, only when it would change something. Plain JavaScript, so the check costs a
// bare Node start (~40 ms) rather than tsx's; `npm start`, `npm test`, `npm run demo`… run it first.
//
// Two clients from one schema (scripts/schemas.mjs): src/db/generated for SQLite and
// src/db/generated-pg for PostgreSQL, both not in git. They depend on the schema and on the
// versions of the generator (prisma) and of the runtime it is written against (@prisma/client).
// Their hash is stored beside each client after a generation; while it matches, nothing runs.
// `--force` (what `npm run db:generate` passes) generates anyway.
//
// Generation works offline: the CLI tries to download a native schema engine unless
// PRISMA_SCHEMA_ENGINE_BINARY points at an existing file. Generation itself needs no engine, so any
// existing file will do; the Node binary is one on every machine.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { POSTGRESQL_CLIENT, POSTGRESQL_SCHEMA, postgresqlSchema, repoRoot, SQLITE_CLIENT, SQLITE_SCHEMA } from './schemas.mjs';

const require = createRequire(import.meta.url);

const versionOf = (pkg) => JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;

/** What the generated client is a function of. */
function inputsHash(schema) {
  return createHash('sha256')
    .update(schema)
    .update(`\0prisma ${versionOf('prisma')}\0@prisma/client ${versionOf('@prisma/client')}`)
    .digest('hex');
}

function stored(stamp) {
  try {
    return readFileSync(stamp, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Generates one client unless it is there and was generated from the same inputs. Returns whether it ran. */
function generate({ schemaFile, schema, output }, force) {
  const stamp = path.join(output, '.schema-hash');
  const hash = inputsHash(schema);
  if (!force && existsSync(path.join(output, 'client.ts')) && stored(stamp) === hash) return false;
  // Gone while generating: a generation cut short is not taken for a finished one next time.
  rmSync(stamp, { force: true });
  if (schemaFile !== SQLITE_SCHEMA) {
    mkdirSync(path.dirname(schemaFile), { recursive: true });
    writeFileSync(schemaFile, schema);
  }
  const result = spawnSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate', '--schema', schemaFile], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  });
  if (result.status !== 0) throw new Error(`prisma generate failed for ${path.relative(repoRoot, schemaFile)} (${result.status ?? result.signal ?? result.error})`);
  writeFileSync(stamp, `${hash}\n`);
  return true;
}

/** Generates both clients where needed. Returns whether either ran. */
export function generateClient({ force = false } = {}) {
  const sqlite = readFileSync(SQLITE_SCHEMA, 'utf8');
  const ranSqlite = generate({ schemaFile: SQLITE_SCHEMA, schema: sqlite, output: SQLITE_CLIENT }, force);
  const ranPostgresql = generate({ schemaFile: POSTGRESQL_SCHEMA, schema: postgresqlSchema(sqlite), output: POSTGRESQL_CLIENT }, force);
  return ranSqlite || ranPostgresql;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    generateClient({ force: process.argv.includes('--force') });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
