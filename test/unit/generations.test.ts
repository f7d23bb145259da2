import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WriteGenerations, writtenBy } from '../../src/db/generations.ts';

test('plain INSERT and UPDATE name their table, as Prisma writes them and by hand', () => {
  assert.equal(writtenBy('INSERT INTO `main`.`Mark` (`entryId`) VALUES (?) RETURNING `id`'), ['Mark']);
  assert.equal(writtenBy('UPDATE `main`.`Account` SET `displayName` = ? WHERE `main`.`Account`.`id` = ?'), ['Account']);
  assert.equal(writtenBy('  insert or ignore into "SheetSignoff" (a) values (1)'), ['SheetSignoff']);
  assert.equal(writtenBy('UPDATE Mark SET value = 1'), ['Mark']);
});

test('reads and transaction control write nothing', () => {
  for (const sql of ['SELECT 1', ' select * from Mark', 'PRAGMA data_version', 'BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT s1', 'RELEASE SAVEPOINT s1']) {
    assert.equal(writtenBy(sql), [], sql);
  }
});

test('what may cascade or cannot be attributed changes everything', () => {
  for (const sql of ['DELETE FROM `main`.`Session` WHERE 1=1', 'REPLACE INTO Mark VALUES (1)', 'INSERT OR REPLACE INTO Mark VALUES (1)', 'CREATE INDEX i ON Mark (id)', 'PRAGMA foreign_keys = ON', 'WITH x AS (SELECT 1) UPDATE Mark SET value = 1']) {
    assert.is(writtenBy(sql), 'all', sql);
  }
});

test('a key changes when one of its tables is written, and only then', () => {
  const generations = new WriteGenerations();
  const before = generations.key(['Mark', 'Entry']);
  generations.wrote(['Publication']);
  assert.is(generations.key(['Mark', 'Entry']), before);
  generations.wrote(['Entry']);
  const afterEntry = generations.key(['Mark', 'Entry']);
  assert.is.not(afterEntry, before);
  generations.wroteAll();
  assert.is.not(generations.key(['Mark', 'Entry']), afterEntry);
  assert.is.not(generations.key([]), new WriteGenerations().key([]), 'wroteAll() changes even a key of no tables');
});

test.run();
