import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { shownRoundScore, unrankedOf, type SheetEntry } from '../../src/results/snapshot.ts';

/** An entry as snapshots published before entry statuses stored it: no `unranked`, no `absent`, a dns entry's round as 0. */
const old = (status: SheetEntry['status'], rank: number | null, score: number): Pick<SheetEntry, 'status' | 'rank' | 'rounds' | 'unranked'> => ({
  status, rank, rounds: [{ code: 'practical', score, weighted: score, complete: true }],
});

test('older snapshots: the reason an entry is unranked is read from its status', () => {
  assert.is(unrankedOf(old('competed', 1, 90)), null);
  assert.is(unrankedOf(old('competed', null, 0)), 'incomplete');
  for (const status of ['dns', 'withdrawn', 'disqualified'] as const) assert.is(unrankedOf(old(status, null, 0)), status);
  // A stored reason wins.
  assert.is(unrankedOf({ ...old('competed', null, 56), unranked: 'absent' }), 'absent');
});

test('older snapshots: a dns entry\'s stored 0 reads as null ("—"); other scores as stored', () => {
  assert.is(shownRoundScore(old('dns', null, 0), 'practical'), null);
  assert.is(shownRoundScore(old('withdrawn', null, 35), 'practical'), 35);
  assert.is(shownRoundScore(old('competed', 1, 0), 'practical'), 0);
  assert.is(shownRoundScore(old('competed', 1, 90), 'theory'), null, 'a round the sheet does not have');
});

test.run();
