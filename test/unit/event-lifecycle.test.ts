import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canDelete, canEditRules, canMoveTo, canRegister, nextStatuses } from '../../src/domain/event-lifecycle.ts';

test('an event moves one step forward or back, never skipping', () => {
  assert.equal(nextStatuses('draft'), ['registration']);
  assert.equal(nextStatuses('registration'), ['in_progress', 'draft']);
  assert.equal(nextStatuses('in_progress'), ['published', 'registration']);
  assert.equal(nextStatuses('published'), ['archived', 'in_progress']);
  assert.equal(nextStatuses('archived'), ['published']);
  assert.ok(canMoveTo('draft', 'registration'));
  assert.not.ok(canMoveTo('draft', 'in_progress'));
  assert.not.ok(canMoveTo('draft', 'archived'));
  assert.not.ok(canMoveTo('published', 'published'));
});

test('rules are editable and entries accepted only before the competition starts', () => {
  assert.equal(
    (['draft', 'registration', 'in_progress', 'published', 'archived'] as const).map((s) => [canEditRules(s), canRegister(s)]),
    [[true, true], [true, true], [false, false], [false, false], [false, false]],
  );
});

test('only a draft may be deleted', () => {
  assert.ok(canDelete('draft'));
  assert.not.ok(canDelete('registration'));
  assert.not.ok(canDelete('archived'));
});

test.run();
