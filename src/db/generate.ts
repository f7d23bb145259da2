/**
 * `prisma generate` when the schema (or Prisma's version) changed since the last generation, or
 * always with `--force`: scripts/generate.mjs, kept in plain JavaScript so that `npm start` and
 * `npm test` check it without starting tsx. This entry is for scripts still run through tsx.
 */
import { generateClient } from '../../scripts/generate.mjs';

generateClient({ force: process.argv.includes('--force') });
