import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventNextStep, nextStep, type SkillProgress } from '../../src/domain/event-progress.ts';
import { roundsAddUp } from '../../src/domain/marking-scheme.ts';

const skill = (over: Partial<SkillProgress> = {}): SkillProgress => ({
  skillId: 1, skillName: '焊工', entries: 30, approved: 30, present: 0, absent: 0, drawn: 0, marked: 0, signed: 0,
  rounds: 2, schemeReady: true, locked: 0, published: null, openAppeals: 0, ...over,
});

test('a skill goes scheme → register → approve → start while the event takes registrations', () => {
  assert.is(nextStep('draft', skill({ rounds: 0, schemeReady: false })), 'scheme');
  assert.is(nextStep('draft', skill({ schemeReady: false })), 'scheme', 'the default rounds, no aspects yet');
  assert.is(nextStep('draft', skill()), 'open');
  assert.is(nextStep('registration', skill({ schemeReady: false })), 'scheme');
  assert.is(nextStep('registration', skill({ entries: 0, approved: 0 })), 'register');
  assert.is(nextStep('registration', skill({ approved: 29 })), 'approve');
  assert.is(nextStep('registration', skill()), 'start');
});

test('while running: check in, draw, mark, publish, then done; appeals come first once results are out', () => {
  assert.is(nextStep('in_progress', skill()), 'checkIn');
  assert.is(nextStep('in_progress', skill({ present: 28, absent: 2 })), 'draw');
  assert.is(nextStep('in_progress', skill({ present: 10 })), 'checkIn', 'check-in not over and nobody drawn');
  assert.is(nextStep('in_progress', skill({ present: 10, drawn: 10 })), 'mark', 'drawn in waves: marking is under way');
  assert.is(nextStep('in_progress', skill({ present: 28, absent: 2, drawn: 28, marked: 28, locked: 1 })), 'mark');
  assert.is(nextStep('in_progress', skill({ present: 28, absent: 2, drawn: 28, locked: 2 })), 'publish');
  assert.is(nextStep('in_progress', skill({ locked: 2, published: 1 })), 'done');
  assert.is(nextStep('published', skill({ locked: 2, published: 1, openAppeals: 2 })), 'appeals');
  assert.is(nextStep('in_progress', skill({ locked: 1, published: 1, openAppeals: 1 })), 'appeals', 'an appeal against a republished skill reopened for a correction');
  assert.is(nextStep('in_progress', skill({ rounds: 0, schemeReady: false })), 'scheme');
  assert.is(nextStep('archived', skill()), 'done');
  assert.is(nextStep('in_progress', skill({ entries: 0, approved: 0 })), 'done', 'nobody entered: nothing to judge');
});

test('a scheme adds up when the weights make 100 and each marked round\'s aspects make its maximum', () => {
  const marked = (maxScore: number, aspectMaxMarks: number[], weight = 70) => ({ weight, maxScore, scoring: 'marks' as const, aspectMaxMarks });
  const imported = { weight: 30, maxScore: 100, scoring: 'imported' as const, aspectMaxMarks: [] };
  assert.ok(roundsAddUp([imported, marked(40, [10, 20, 10])]));
  assert.ok(roundsAddUp([marked(1, [0.1, 0.2, 0.7], 100)]), 'exact to thousandths, not floating point');
  assert.not.ok(roundsAddUp([]), 'no rounds');
  assert.not.ok(roundsAddUp([marked(100, [], 30), marked(100, [], 70)]), 'the default rounds: no aspects');
  assert.not.ok(roundsAddUp([imported, marked(40, [10, 20])]), 'aspects short of the maximum');
  assert.not.ok(roundsAddUp([imported, marked(40, [10, 20, 10], 60)]), 'weights 90');
  assert.not.ok(roundsAddUp([{ ...imported, aspectMaxMarks: [5] }, marked(40, [40])]), 'an imported round with aspects');
});

test('the event\'s next step is the earliest of its skills\', then finishing', () => {
  assert.equal(eventNextStep('draft', []), { step: 'skills', skill: null });
  const a = skill({ skillId: 1, locked: 2, published: null });
  const b = skill({ skillId: 2, present: 5 });
  assert.equal(eventNextStep('in_progress', [a, b]), { step: 'checkIn', skill: b });
  const c = skill({ skillId: 3, locked: 2, published: 1, openAppeals: 1 });
  assert.equal(eventNextStep('in_progress', [a, b, c]).step, 'appeals');
  const done = skill({ locked: 2, published: 1 });
  assert.equal(eventNextStep('in_progress', [done, { ...done, skillId: 2 }]), { step: 'finish', skill: null });
  assert.equal(eventNextStep('published', [done]), { step: 'done', skill: null });
  assert.equal(eventNextStep('archived', [b]), { step: 'done', skill: null });
});

test.run();
