import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { publicationChanges, type ResultsSheet, type SheetEntry } from '../../src/results/snapshot.ts';

const entry = (bib: string, rank: number | null, total: number | null, prize: 1 | 2 | 3 | null, status: SheetEntry['status'] = 'competed') =>
  ({ bib, name: `选手${bib}`, organizationName: '船厂', rank, total, prize, status }) as SheetEntry;
const sheet = (entries: SheetEntry[]) => ({ entries }) as ResultsSheet;

test('only entries whose rank, total, prize or status changed; new and dropped ones are marked', () => {
  const before = sheet([entry('001', 1, 90, 1), entry('002', 2, 80, 2), entry('003', 3, 70, 3), entry('004', 4, 60, null)]);
  const after = sheet([entry('002', 1, 80, 1), entry('001', 2, 79.5, 2), entry('003', 3, 70, 3), entry('005', 4, 65, null)]);
  const changes = publicationChanges(before, after);
  assert.equal(changes.map((c) => [c.bib, c.kind, c.rank, c.total, c.prize]), [
    ['002', 'changed', [2, 1], [80, 80], [2, 1]],
    ['001', 'changed', [1, 2], [90, 79.5], [1, 2]],
    ['005', 'added', [null, 4], [null, 65], [null, null]],
    ['004', 'removed', [4, null], [60, null], [null, null]],
  ]);
  assert.equal(publicationChanges(before, before), []);
  const dq = publicationChanges(before, sheet([entry('001', null, null, null, 'disqualified'), ...before.entries.slice(1)]));
  assert.equal(dq.map((c) => [c.bib, c.status]), [['001', ['competed', 'disqualified']]]);
});

test.run();
