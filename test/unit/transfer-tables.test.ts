import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Prisma } from '../../src/db/generated/client.ts';
import { accountColumns, notOfAnEvent, tableNames, tables } from '../../src/transfer/tables.ts';

/**
 * The transfer file (src/transfer/) carries what tables.ts lists. A model or a column added to
 * the schema without a line there would be left behind by every move of an event: these fail first.
 */
const scalarColumns = (model: string): string[] =>
  Object.keys((Prisma as unknown as Record<string, Record<string, string>>)[`${model}ScalarFieldEnum`]!);

// The one column an import sets rather than carries: the event belongs to the importer's federation.
const notCarried: Record<string, string[]> = { Event: ['federationId'] };

test('every model of the schema is either part of an event (tables.ts) or named as not', () => {
  const models = Object.values(Prisma.ModelName).sort();
  assert.equal([...tableNames, ...notOfAnEvent].sort(), models);
  assert.equal(tables.map((t) => t.name), [...tableNames]);
});

test('every column of every table of an event is carried, with its type', () => {
  for (const table of tables) {
    assert.equal(Object.keys(table.columns).sort(), scalarColumns(table.name).filter((c) => !notCarried[table.name]?.includes(c)).sort(), table.name);
  }
  for (const column of Object.keys(accountColumns)) assert.ok(scalarColumns('Account').includes(column), column);
});

test('tables are written after those they refer to', () => {
  const written = new Set<string>(['Account']);
  for (const table of tables) {
    for (const [name, column] of Object.entries(table.columns)) {
      if (typeof column !== 'string') assert.ok(written.has(column.to), `${table.name}.${name} → ${column.to}`);
    }
    if (table.through) assert.ok(written.has(table.through.table), `${table.name} read through ${table.through.table}`);
    written.add(table.name);
  }
});

test.run();
