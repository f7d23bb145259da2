import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canDelete, canEditRules, canMoveTo, canRegister, checkStageMove, nextStatuses, type StageFacts } from '../../src/domain/event-lifecycle.ts';

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

const facts = (over: Partial<StageFacts> = {}): StageFacts => ({ unlockedRounds: [], marks: 0, scores: 0, publications: 0, pendingOrganizations: [], ...over });

test('publishing: refused while a marked round is open, or when nothing was marked or scored', () => {
  assert.equal(checkStageMove('in_progress', 'published', facts({ marks: 10, unlockedRounds: ['焊工 · 实际操作', '车工 · 实操'] })),
    { ok: false, refusal: { key: 'stage.error.unlocked', params: { rounds: '焊工 · 实际操作, 车工 · 实操' } } });
  assert.equal(checkStageMove('in_progress', 'published', facts()), { ok: false, refusal: { key: 'stage.error.nothingMarked' } });
  assert.equal(checkStageMove('in_progress', 'published', facts({ marks: 1 })), { ok: true, needsReason: false, notes: [{ key: 'stage.resultsPublic' }] });
  assert.ok(checkStageMove('in_progress', 'published', facts({ scores: 3 })).ok, 'imported scores alone are something to publish');
});

test('starting the competition says that registration closes and who is still awaiting approval', () => {
  assert.equal(checkStageMove('registration', 'in_progress', facts()), { ok: true, needsReason: false, notes: [{ key: 'stage.registrationCloses' }] });
  assert.equal(checkStageMove('registration', 'in_progress', facts({ pendingOrganizations: ['甲公司', '乙公司'] })), {
    ok: true, needsReason: false,
    notes: [{ key: 'stage.registrationCloses' }, { key: 'stage.pendingOrganizations', params: { count: 2, names: '甲公司, 乙公司' } }],
  });
});

test('a step back needs a reason once marks, scores or publications exist; before, it is an undo', () => {
  assert.equal(checkStageMove('in_progress', 'registration', facts()), { ok: true, needsReason: false, notes: [] });
  for (const work of [{ marks: 1 }, { scores: 1 }, { publications: 1 }]) {
    assert.equal(checkStageMove('in_progress', 'registration', facts(work)), { ok: true, needsReason: true, notes: [{ key: 'stage.backAfterWork' }] }, JSON.stringify(work));
  }
  assert.is((checkStageMove('published', 'in_progress', facts({ publications: 2 })) as { needsReason: boolean }).needsReason, true);
  assert.equal(checkStageMove('archived', 'published', facts({ marks: 5 })).ok, true);
});

test('no stage is skipped, whatever the facts', () => {
  assert.equal(checkStageMove('draft', 'in_progress', facts({ marks: 9 })), { ok: false, refusal: { key: 'event.error.badTransition' } });
  assert.equal(checkStageMove('registration', 'registration', facts()), { ok: false, refusal: { key: 'event.error.badTransition' } });
  assert.equal(checkStageMove('published', 'archived', facts()), { ok: true, needsReason: false, notes: [{ key: 'stage.archived' }] });
});

test.run();
