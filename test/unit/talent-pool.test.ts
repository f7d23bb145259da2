import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { filterPool, matchPair, noFilter, poolPeople, sameNumbers, uncertainMatches, type PoolResult } from '../../src/domain/talent-pool.ts';

const test = suite('talent pool');

const result = (over: Partial<PoolResult>): PoolResult => ({
  contestantId: 1, idNumber: '330902199001011234', name: '张伟', gender: 'male', birthDate: '1990-01-01', organization: '舟山船舶修造有限公司', skillLevel: 'senior',
  eventId: 1, eventName: '2025年定海区职工技能大比武', federationId: 1, year: 2025, skillId: 1, skillName: '焊工', bib: '001', status: 'competed',
  rank: 2, prize: 2, titles: ['技术能手'], promotion: null, publicationVersion: 1, publishedAt: new Date('2025-11-20T08:00:00Z'), ...over,
});

// 张伟 welded in 2025 and 2026 (promoted to technician in 2026), 李强 did electrics in 2026.
const results = [
  result({}),
  result({ contestantId: 7, eventId: 2, eventName: '2026年舟山市职工职业技能大赛', year: 2026, skillId: 5, skillName: '焊工（电焊）', organization: '舟山海洋工程有限公司', rank: 1, prize: 1, titles: [], promotion: { from: 'senior', to: 'technician' }, publishedAt: new Date('2026-05-12T08:00:00Z') }),
  result({ contestantId: 8, idNumber: '330902198805052345', name: '李强', eventId: 2, year: 2026, skillId: 6, skillName: '电工', rank: 5, prize: null, titles: ['技术能手'], skillLevel: '' }),
];

test('one person per ID number, results newest first, his latest organization and the grade he reached', () => {
  const people = poolPeople(results);
  assert.equal(people.map((p) => [p.name, p.results.length]), [['李强', 1], ['张伟', 2]]);
  const zhang = people.find((p) => p.name === '张伟')!;
  assert.is(zhang.key, 7, 'the record is addressed by his latest contest');
  assert.equal(zhang.results.map((r) => r.year), [2026, 2025]);
  assert.is(zhang.organization, '舟山海洋工程有限公司');
  assert.is(zhang.grade, 'technician', 'promoted in 2026');
  assert.is(zhang.prizes, 2);
  assert.equal(zhang.titles, ['技术能手']);
  assert.is(people.find((p) => p.name === '李强')!.grade, '', 'no level given, none reached');
});

test('the same name with another ID number is another person', () => {
  const twins = poolPeople([result({}), result({ contestantId: 3, idNumber: '330902199001015678' })]);
  assert.is(twins.length, 2);
});

test('filters: trade, organization, title and year meet in one result; name and grade are the person\'s', () => {
  const people = poolPeople(results);
  const names = (filter: Partial<typeof noFilter>) => filterPool(people, { ...noFilter, ...filter }).map((p) => p.name);
  assert.equal(names({}), ['李强', '张伟']);
  assert.equal(names({ trade: '焊工' }), ['张伟']);
  assert.equal(names({ year: 2025 }), ['张伟']);
  assert.equal(names({ year: 2026, title: '技术能手' }), ['李强'], '张伟 holds the title from 2025, not 2026');
  assert.equal(names({ trade: '电焊', organization: '船舶' }), [], 'the 电焊 result is of another organization');
  assert.equal(names({ grade: 'technician' }), ['张伟']);
  assert.equal(names({ q: '李' }), ['李强']);
  assert.equal(names({ q: '2345' }), ['李强'], 'the ID number\'s last digits');
  assert.equal(names({ q: '23' }), [], 'but not two digits: too easy to fish with');
  assert.equal(names({ title: '技术' }), [], 'a title is matched whole');
});

test('two numbers an organizer confirmed are one person; a pair with the same name and birth date is asked about once', () => {
  const typo = result({ contestantId: 9, idNumber: '330902199001011243', year: 2024, eventId: 3 });
  const all = [...results, typo];
  const apart = poolPeople(all);
  assert.equal(apart.map((p) => p.name), ['李强', '张伟', '张伟']);
  const asked = uncertainMatches(apart, all, () => false);
  assert.equal(asked.map((m) => [m.a.name, m.b.name]), [['张伟', '张伟']]);
  const [a, b] = matchPair('330902199001011243', '330902199001011234');
  assert.ok(a < b);
  assert.equal(uncertainMatches(apart, all, (x, y) => x === a && y === b), [], 'decided (either way): not asked again');

  assert.equal(sameNumbers([[a, b], ['x', 'y']], b).sort(), [a, b], 'his numbers, not another pair\'s');
  assert.equal(sameNumbers([['p', 'q'], ['q', 'r']], 'p').sort(), ['p', 'q', 'r'], 'joined through a third');
  assert.equal(sameNumbers([], 'p'), ['p']);
  const merged = poolPeople(all, [[a, b]]);
  assert.equal(merged.map((p) => [p.name, p.results.length]), [['李强', 1], ['张伟', 3]]);
  const zhang = merged.find((p) => p.name === '张伟')!;
  assert.equal(zhang.idNumbers.sort(), ['330902199001011234', '330902199001011243']);
  assert.equal(filterPool(merged, { ...noFilter, q: '1243' }).map((p) => p.name), ['张伟'], 'found by either number');
  assert.equal(uncertainMatches(merged, all, () => false), [], 'one person: nothing to ask');
  const born = [result({}), result({ contestantId: 3, idNumber: '330902199001015678', birthDate: '1991-02-02' })];
  assert.equal(uncertainMatches(poolPeople(born), born, () => false), [], 'another birth date: two people');
});

test('nobody published, nobody in the pool', () => {
  assert.equal(poolPeople([]), []);
});

test.run();
