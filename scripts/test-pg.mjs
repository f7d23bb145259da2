// `npm run test:pg`: the whole suite once more, on PostgreSQL. TEST_POSTGRESQL_URL names the
// server's maintenance database (each test process makes its databases there); without it, a
// throwaway server is started (scripts/postgresql-server.mjs) and removed afterwards.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgresql } from './postgresql-server.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const given = process.env.TEST_POSTGRESQL_URL?.trim();
const server = given ? null : await startPostgresql({ log: console.log });
let status = 1;
try {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'test.mjs'), ...process.argv.slice(2)], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, TEST_POSTGRESQL_URL: given || server.url },
  });
  status = result.status ?? 1;
} finally {
  server?.stop();
}
process.exit(status);
