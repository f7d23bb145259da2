import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Cascades, WriteGenerations, writtenBy, type ForeignKey } from '../../src/db/generations.ts';
import { applyPendingMigrations } from '../../src/db/migrate.ts';

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

test('without the schema, what may cascade or cannot be attributed changes everything', () => {
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

const sorted = (written: ReturnType<typeof writtenBy>) => (written === 'all' ? written : [...written].sort());
const key = (child: string, from: string, parent: string, onDelete: string, onUpdate = 'CASCADE'): ForeignKey => ({ child, from, parent, to: 'id', onUpdate, onDelete });

test('with the schema: a DELETE writes what its ON DELETE actions reach, transitively, and stops at RESTRICT', () => {
  const cascades = new Cascades([
    key('Round', 'skillId', 'Skill', 'CASCADE'),
    key('Criterion', 'roundId', 'Round', 'CASCADE'),
    key('Mark', 'roundId', 'Round', 'RESTRICT'),
    key('Skill', 'chiefId', 'Judge', 'SET NULL'),
    key('Note', 'skillChiefId', 'Skill', 'RESTRICT'),
  ]);
  assert.equal(sorted(writtenBy('DELETE FROM `main`.`Skill` WHERE `id` = ?', cascades)), ['Criterion', 'Round', 'Skill']);
  assert.equal(writtenBy('DELETE FROM `main`.`Criterion` WHERE 1=1', cascades), ['Criterion']);
  assert.equal(sorted(writtenBy('DELETE FROM "Judge"', cascades)), ['Judge', 'Skill'], 'SET NULL updates the child, not its children');
  assert.equal(sorted(writtenBy('REPLACE INTO Skill VALUES (1)', cascades)), ['Criterion', 'Round', 'Skill'], 'a REPLACE deletes the row it replaces');
});

test('with the schema: an UPDATE writes its children only when it assigns a referenced column', () => {
  const cascades = new Cascades([key('Round', 'skillId', 'Skill', 'CASCADE'), key('Criterion', 'roundId', 'Round', 'CASCADE')]);
  assert.equal(writtenBy('UPDATE `main`.`Skill` SET `name` = ?, `updatedAt` = ? WHERE (`main`.`Skill`.`id` = ? AND 1=1) RETURNING `id`', cascades), ['Skill']);
  // Round.skillId follows; nothing references Round.skillId, so Criterion is not written.
  assert.equal(sorted(writtenBy('UPDATE `main`.`Skill` SET `id` = ? WHERE `id` = ?', cascades)), ['Round', 'Skill']);
  assert.equal(sorted(writtenBy('UPDATE Skill SET name = (SELECT 1 WHERE 1 = 1)', cascades)), ['Round', 'Skill'], 'a subquery: any column');
  assert.equal(writtenBy('INSERT INTO `main`.`Skill` (`name`) VALUES (?) ON CONFLICT (`name`) DO UPDATE SET `name` = excluded.`name`', cascades), ['Skill']);
  assert.equal(sorted(writtenBy('INSERT INTO Skill (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET id = excluded.id', cascades)), ['Round', 'Skill']);
  assert.equal(writtenBy('INSERT INTO `main`.`Skill` (`name`) VALUES (?)', cascades), ['Skill'], 'an INSERT fires no action');
  assert.is(writtenBy('WITH x AS (SELECT 1) DELETE FROM Skill', cascades), 'all');
  assert.is(writtenBy('CREATE INDEX i ON Skill (id)', cascades), 'all');
});

test('the real schema: signing out writes sessions only; deleting an event reaches its whole tree', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jiangxin-cascades-'));
  try {
    const file = path.join(dir, 'schema.db');
    await applyPendingMigrations(file);
    const sqlite = new Database(file, { readonly: true });
    const cascades = Cascades.of(sqlite);
    sqlite.close();
    assert.equal(writtenBy('DELETE FROM `main`.`Session` WHERE `main`.`Session`.`tokenHash` = ?', cascades), ['Session']);
    const event = new Set(writtenBy('DELETE FROM `main`.`Event` WHERE `id` = ?', cascades) as string[]);
    for (const table of ['Event', 'Organization', 'Contestant', 'Entry', 'Skill', 'Round', 'Criterion', 'Aspect', 'JudgeAssignment', 'EventJudge', 'DisplaySetting', 'Team', 'TeamMember', 'RoundAbsence', 'EventStaff']) {
      assert.ok(event.has(table), table);
    }
    assert.not.ok(event.has('Mark'), 'marks RESTRICT the delete: they are never deleted by it');
    assert.equal(sorted(writtenBy('DELETE FROM Account WHERE id = ?', cascades)), ['Account', 'ApiToken', 'AuditEntry', 'Event', 'EventStaff', 'PersonMatch', 'Session']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('while other nodes\' writes go unheard, no key repeats; heard again, keys repeat until a write', () => {
  const generations = new WriteGenerations();
  const key = () => generations.key(['Mark']);
  assert.is(key(), key());
  generations.unheard(true);
  assert.is.not(key(), key(), 'nothing is served from a cache meanwhile');
  generations.unheard(false);
  const heard = key();
  assert.is(key(), heard);
  generations.wrote(['Mark']);
  assert.is.not(key(), heard);
});

test.run();
