import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { postgresqlSchema, SQLITE_SCHEMA } from '../../scripts/schemas.mjs';
import { announcingNewTables } from '../../src/db/new-migration.ts';

/** One schema, two providers: the PostgreSQL schema is the SQLite one with its provider and client folder swapped, nothing else. */

test('the PostgreSQL schema differs from the SQLite one in two lines only', () => {
  const sqlite = readFileSync(SQLITE_SCHEMA, 'utf8');
  const derived = postgresqlSchema(sqlite, '../generated-pg');
  const changed = sqlite.split('\n').map((line, i) => [line, derived.split('\n')[i]]).filter(([a, b]) => a !== b);
  assert.equal(changed.map(([, b]) => b!.trim()), ['output       = "../generated-pg"', 'provider = "postgresql"']);
  assert.is(derived.split('\n').length, sqlite.split('\n').length);
});

test('a schema without the lines to swap is refused, not half converted', () => {
  assert.throws(() => postgresqlSchema('datasource db {\n  provider = "postgresql"\n}\n'), /provider = "sqlite"/);
});

test('a new table of a PostgreSQL migration announces its writes; the counters and one-time views do not', () => {
  const sql = 'CREATE TABLE "Venue" (\n  "id" SERIAL NOT NULL\n);\n\nCREATE TABLE "RateLimit" (\n  "key" TEXT\n);\nCREATE INDEX "x" ON "Venue"("id");\n';
  const out = announcingNewTables(sql);
  assert.match(out, 'CREATE TRIGGER "Venue_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Venue" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();');
  assert.not.match(out, 'RateLimit_wrote');
  assert.ok(out.startsWith(sql.trimEnd()), 'the engine\'s SQL as it was, the triggers after it');
  assert.is(announcingNewTables('ALTER TABLE "Venue" ADD COLUMN "x" TEXT;\n'), 'ALTER TABLE "Venue" ADD COLUMN "x" TEXT;\n', 'no new table: unchanged');
});

test.run();
