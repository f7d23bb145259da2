import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OneTimeViews } from '../../src/http/one-time.ts';

/** New PINs between the POST that made them and the page that shows them. */

test('a view is for the account that made it, while it lasts', () => {
  const views = new OneTimeViews<string>(1000);
  const id = views.put(7, 'pins', 0);
  assert.ok(OneTimeViews.isId(id));
  assert.is(views.get(id, 7, 999), 'pins', 'reloaded within its time: the same');
  assert.is(views.get(id, 7, 500), 'pins');
  assert.is(views.get(id, 8, 500), null, 'another account sees nothing');
  assert.is(views.get(id, 7, 1000), null, 'gone when its time is up');
  assert.is(views.get(id, 7, 0), null, 'and gone for good');
});

test('ids are unguessable and malformed ones are nothing', () => {
  const views = new OneTimeViews<number>();
  const ids = new Set(Array.from({ length: 200 }, (_, i) => views.put(1, i)));
  assert.is(ids.size, 200);
  for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  for (const bad of ['', 'x', '../../etc/passwd', 'A'.repeat(23), 'A'.repeat(21) + '=']) assert.is(views.get(bad, 1), null);
});

test('bounded: the oldest go first', () => {
  const views = new OneTimeViews<number>(60_000, 3);
  const ids = [1, 2, 3, 4].map((n) => views.put(1, n, 0));
  assert.equal(ids.map((id) => views.get(id, 1, 1)), [null, 2, 3, 4]);
});

test.run();
