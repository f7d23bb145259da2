import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { branchOf, breakdown, change, figuresOf, yearlyFigures } from '../../src/domain/annual-figures.ts';
import type { PoolResult } from '../../src/domain/talent-pool.ts';

const test = suite('annual figures');

let next = 1;
const result = (over: Partial<PoolResult>): PoolResult => ({
  contestantId: next++, idNumber: `id-${next}`, name: '某', gender: 'male', birthDate: '1990-01-01', organization: 'A厂', skillLevel: '',
  eventId: 1, eventName: 'e', federationId: 1, year: 2026, skillId: 1, skillName: '焊工', bib: '001', status: 'competed',
  rank: 1, prize: null, titles: [], promotion: null, publicationVersion: 1, publishedAt: new Date('2026-05-01'), ...over,
});

test('participants are workers who competed; entries are person-times; the absent count for neither', () => {
  const figures = figuresOf([
    result({ idNumber: 'zhang', skillId: 1, skillName: '焊工', prize: 1, titles: ['技术能手'], promotion: { from: 'senior', to: 'technician' } }),
    result({ idNumber: 'zhang', skillId: 2, skillName: '电工 ', prize: 3 }),
    result({ idNumber: 'li', organization: 'B厂', prize: 2, titles: ['技术能手', '岗位能手'] }),
    result({ idNumber: 'wang', status: 'dns', organization: 'C厂', prize: null }),
    result({ idNumber: 'chen', eventId: 2, skillName: '焊工', organization: ' A厂' }),
  ]);
  assert.equal(figures, {
    contests: 2, trades: 2, participants: 3, entries: 4, organizations: 2,
    firstPrizes: 1, secondPrizes: 1, thirdPrizes: 1, prizes: 3, titles: 3, promotions: 1,
  });
});

test('years oldest first; a breakdown most participants first', () => {
  const results = [result({ year: 2025 }), result({ year: 2026, skillName: '电工' }), result({ year: 2026, skillName: '电工' }), result({ year: 2026, skillName: '焊工' })];
  assert.equal(yearlyFigures(results).map((y) => [y.year, y.figures.participants]), [[2025, 1], [2026, 3]]);
  assert.equal(breakdown(results.filter((r) => r.year === 2026), (r) => r.skillName).map((b) => [b.key, b.figures.participants]), [['电工', 2], ['焊工', 1]]);
  assert.equal(yearlyFigures([]), []);
});

test('federations below count under the branch directly below the viewer; others are outside', () => {
  // 1 city → 2 district → 4 enterprise; 1 → 3 district; 5 is another tree.
  const nodes = [{ id: 1, parentId: null }, { id: 2, parentId: 1 }, { id: 3, parentId: 1 }, { id: 4, parentId: 2 }, { id: 5, parentId: null }];
  const fromCity = branchOf(nodes, 1);
  assert.equal([1, 2, 3, 4, 5, 99].map(fromCity), [1, 2, 3, 2, null, null]);
  const fromDistrict = branchOf(nodes, 2);
  assert.equal([2, 4, 1, 3].map(fromDistrict), [2, 4, null, null], 'a district never counts its city or sibling');
});

test('the change from the year before, none without one', () => {
  assert.is(change(120, 100), 0.2);
  assert.is(change(50, 100), -0.5);
  assert.is(change(5, 0), null);
  assert.is(change(5, undefined), null);
});

test.run();
