// One schema, two providers. prisma/schema.prisma is written for SQLite (the default, embedded
// database); the PostgreSQL schema is derived from it by swapping the datasource's provider and
// the generated client's folder, nothing else. Prisma's scalar types (Int, Float, String,
// DateTime, Boolean) map to both providers' own types, so no model needs a provider attribute.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SQLITE_SCHEMA = path.join(repoRoot, 'prisma', 'schema.prisma');
export const SQLITE_CLIENT = path.join(repoRoot, 'src', 'db', 'generated');
export const POSTGRESQL_CLIENT = path.join(repoRoot, 'src', 'db', 'generated-pg');
/** Written by generate.mjs before it generates the PostgreSQL client: derived, so not in git. */
export const POSTGRESQL_SCHEMA = path.join(repoRoot, 'node_modules', '.cache', 'jiangxin', 'schema.postgresql.prisma');

/**
 * The PostgreSQL schema for the SQLite schema's text, its client generated into `output`; throws
 * if the two lines it swaps are not there.
 */
export function postgresqlSchema(sqliteSchema, output = POSTGRESQL_CLIENT) {
  const provider = /(datasource db \{[^}]*provider\s*=\s*)"sqlite"/;
  const outputLine = /(generator client \{[^}]*output\s*=\s*)"[^"]*"/;
  if (!provider.test(sqliteSchema) || !outputLine.test(sqliteSchema)) {
    throw new Error('prisma/schema.prisma must name provider = "sqlite" in its datasource and an output in its generator');
  }
  return sqliteSchema
    .replace(provider, '$1"postgresql"')
    .replace(outputLine, `$1${JSON.stringify(output)}`);
}
