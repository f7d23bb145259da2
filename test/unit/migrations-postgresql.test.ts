import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { test as everywhere } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_MIGRATIONS_DIR, POSTGRESQL_MIGRATIONS_DIR, applyPendingMigrations } from '../../src/db/migrate.ts';
import { diffPostgresqlAgainstMigrations } from '../../src/db/new-migration.ts';
import { NO_SCHEMA_FILTER, withSchemaEngine } from '../../src/db/schema-engine.ts';
import { postgresqlSchema } from '../../scripts/schemas.mjs';
import { SCHEMA_FILE } from '../../src/db/migrate.ts';
import { freshPostgresql, postgresqlOnly, TEST_POSTGRESQL_URL } from '../support/database.ts';

/**
 * The PostgreSQL history (prisma/migrations-postgresql) kept in step with the schema and with the
 * SQLite history: it builds exactly the tables the schema describes, and every rule the SQLite
 * triggers enforce is enforced here too, by a trigger of the same name.
 */
const test = postgresqlOnly(everywhere);

async function onDatabase<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Tables, columns, indexes and constraints as PostgreSQL's catalog lists them, in one comparable text. */
const catalog = (url: string) => onDatabase(url, async (client) => {
  const q = async (sql: string) => (await client.query(sql)).rows.map((r) => Object.values(r).join(' | ')).sort();
  return {
    columns: await q(`SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`),
    indexes: await q(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`),
    constraints: await q(`SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
      WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'`),
  };
});

test('prisma/schema.prisma and prisma/migrations-postgresql agree (run `npm run db:migration -- NAME` if not)', async () => {
  const { sql } = await diffPostgresqlAgainstMigrations(TEST_POSTGRESQL_URL!);
  assert.is(sql, null, `the schema has changes with no PostgreSQL migration:\n${sql}`);
});

test('the history builds exactly the tables, indexes and keys the schema describes', async () => {
  const history = await freshPostgresql();
  const direct = await freshPostgresql();
  try {
    // The second: emptied, then built straight from the schema as the engine would create it.
    const schema = postgresqlSchema(readFileSync(SCHEMA_FILE, 'utf8'));
    const { stdout } = await withSchemaEngine(direct.url, (engine) => engine.diff({
      from: { tag: 'empty' }, to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_FILE, content: schema }] }, script: true, exitCode: false, filters: NO_SCHEMA_FILTER,
    }));
    await onDatabase(direct.url, async (client) => {
      await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
      await client.query(stdout!);
    });
    const [built, described] = [await catalog(history.url), await catalog(direct.url)];
    assert.equal(built.columns, described.columns);
    assert.equal(built.indexes, described.indexes);
    assert.equal(built.constraints, described.constraints);
  } finally {
    await history.drop();
    await direct.drop();
  }
});

test('every SQLite trigger has its PostgreSQL twin, and every table announces its writes to the other nodes', async () => {
  const sqliteTriggers = readdirSync(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory())
    .flatMap((d) => [...readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, d.name, 'migration.sql'), 'utf8').matchAll(/CREATE TRIGGER "(\w+)"/g)].map((m) => m[1]!));
  const database = await freshPostgresql();
  try {
    const { triggers, tables } = await onDatabase(database.url, async (client) => ({
      triggers: (await client.query<{ name: string }>('SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal')).rows.map((r) => r.name),
      tables: (await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")).rows.map((r) => r.name),
    }));
    assert.ok(sqliteTriggers.length >= 27);
    assert.equal(sqliteTriggers.filter((name) => !triggers.includes(name)), [], 'no rule is SQLite\'s only');
    const silent = tables.filter((table) => !['_prisma_migrations', 'RateLimit', 'OneTimeView', 'Photo'].includes(table) && !triggers.includes(`${table}_wrote`));
    assert.equal(silent, [], 'tables whose writes the other nodes would not hear of');
  } finally {
    await database.drop();
  }
});

test('the rules hold on PostgreSQL: histories are append-only, marks and publications are never deleted, a publication is superseded once', async () => {
  const database = await freshPostgresql();
  try {
    await onDatabase(database.url, async (client) => {
      const refused = async (sql: string, message: RegExp) => {
        await client.query('SAVEPOINT s');
        const error = await client.query(sql).then(() => null, (e: Error) => e);
        await client.query('ROLLBACK TO SAVEPOINT s');
        assert.ok(error, `refused: ${sql}`);
        assert.match(error!.message, message);
      };
      await client.query('BEGIN');
      await client.query(`INSERT INTO "Account" ("id", "username", "displayName", "passwordHash", "role", "updatedAt") VALUES (1, 'a', 'A', 'x', 'organizer', now())`);
      await client.query(`INSERT INTO "AuditEntry" ("action") VALUES ('test')`);
      await refused(`UPDATE "AuditEntry" SET "action" = 'changed'`, /append-only/);
      await refused(`DELETE FROM "AuditEntry"`, /append-only/);
      await client.query(`INSERT INTO "Event" ("id", "name", "updatedAt") VALUES (1, 'E', now())`);
      await client.query(`INSERT INTO "Skill" ("id", "eventId", "name", "updatedAt") VALUES (1, 1, 'S', now())`);
      const publish = (version: number, note = '') => `INSERT INTO "Publication" ("skillId", "version", "publishedById", "noticeUntil", "appealUntil", "changeNote", "snapshot")
        VALUES (1, ${version}, 1, now(), now(), '${note}', '{}')`;
      await refused(publish(2), /next version/);
      await client.query(publish(1));
      await refused(publish(2, 'corrected'), /next version/); // version 1 is still in force
      await client.query(`UPDATE "Publication" SET "supersededAt" = now() WHERE "version" = 1`);
      await refused(`UPDATE "Publication" SET "supersededAt" = now() WHERE "version" = 1`, /superseded, once/);
      await refused(publish(2), /change note/);
      await client.query(publish(2, 'corrected'));
      await refused(`DELETE FROM "Publication"`, /never deleted/);
      await client.query('ROLLBACK');
    });
  } finally {
    await database.drop();
  }
});

test('nodes that start at once apply the history once; a second run applies nothing', async () => {
  const database = await freshPostgresql();
  try {
    // freshPostgresql() copies a migrated template: start from an empty database instead.
    await onDatabase(database.url, (client) => client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public'));
    const runs = await Promise.all([applyPendingMigrations(database.url), applyPendingMigrations(database.url)]);
    const expected = readdirSync(POSTGRESQL_MIGRATIONS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    assert.equal(runs.map((applied) => applied.length).sort(), [0, expected.length]);
    assert.equal(await applyPendingMigrations(database.url), []);
  } finally {
    await database.drop();
  }
});

test.run();
