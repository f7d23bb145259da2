/**
 * `prisma generate` without the network: the CLI tries to download a native schema engine
 * unless PRISMA_SCHEMA_ENGINE_BINARY points at an existing file. Generation itself needs no
 * engine, so any existing file will do; the Node binary is one on every machine.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../config.ts';

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
const result = spawnSync(
  process.execPath,
  [prismaCli, 'generate', '--schema', path.join(repoRoot, 'prisma', 'schema.prisma')],
  {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  },
);
process.exit(result.status ?? 1);
