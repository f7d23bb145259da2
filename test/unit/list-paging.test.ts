import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { listQuery, listUrl, parseListFilter } from '../../src/registration/list-filter.ts';
import { pagerPages } from '../../views/components/pager.tsx';

const from = (query: string) => {
  const params = new URLSearchParams(query);
  return parseListFilter((name) => params.get(name) ?? undefined);
};

test('a pager shows the ends and two pages either side, with gaps', () => {
  assert.equal(pagerPages(1, 1), [1]);
  assert.equal(pagerPages(1, 6), [1, 2, 3, null, 6]);
  assert.equal(pagerPages(4, 6), [1, 2, 3, 4, 5, 6]);
  assert.equal(pagerPages(30, 60), [1, null, 28, 29, 30, 31, 32, null, 60]);
  assert.equal(pagerPages(60, 60), [1, null, 58, 59, 60]);
});

test('the list filter reads what the page sends and falls back to "all" on anything else', () => {
  assert.equal(from('q=%20张伟%20&organization=3&skill=7&status=submitted&sort=name&page=4'),
    { q: '张伟', organizationId: 3, skillId: 7, status: 'submitted', sort: 'name', page: 4 });
  assert.equal(from('organization=0&skill=-1&status=drop&sort=x&page=0'),
    { q: '', organizationId: null, skillId: null, status: null, sort: 'organization', page: 1 });
  assert.is(from('page=99999').page, 10_000);
  assert.is(from('page=1e3').page, 1);
  assert.is(from('organization=99999999999').organizationId, null);
  assert.is(from(`q=${'长'.repeat(100)}`).q.length, 40);
});

test('the filter written back leaves defaults out and round-trips', () => {
  const filter = from('q=焊&skill=7&sort=bib&page=2');
  assert.is(listQuery(filter).toString(), new URLSearchParams({ q: '焊', skill: '7', sort: 'bib', page: '2' }).toString());
  assert.equal(from(listQuery(filter).toString()), filter);
  assert.is(listUrl(5, from('')), '/events/5/registration');
  assert.is(listUrl(5, from('page=3'), { done: 'deleted', count: '2' }), '/events/5/registration?page=3&done=deleted&count=2');
});

test.run();
