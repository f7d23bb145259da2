import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GenerationCache } from '../../src/desk/desk-view.ts';

/** A fake database: a generation counter and builds that finish when the test says so. */
function world() {
  const db = { generation: 0 };
  const pending: { id: number; seen: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  const cache = new GenerationCache<typeof db, string>(
    (d) => String(d.generation),
    (d, id) => {
      const seen = d.generation;
      return new Promise<string>((resolve, reject) => pending.push({ id, seen, resolve: () => resolve(`${id}@${seen}`), reject }));
    },
    2,
  );
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { db, pending, cache, tick };
}

test('requests under one key share one build, also while it runs', async () => {
  const { db, pending, cache, tick } = world();
  const all = Array.from({ length: 500 }, () => cache.get(db, 1));
  assert.is(pending.length, 1);
  pending[0]!.resolve();
  assert.equal(new Set(await Promise.all(all)), new Set(['1@0']));
  assert.is(await cache.get(db, 1), '1@0', 'cached');
  await tick();
  assert.is(cache.builds, 1);
});

test('a write during a build: later requests never get that build, and wait for one more shared build', async () => {
  const { db, pending, cache, tick } = world();
  const early = cache.get(db, 1);
  db.generation = 1; // a write acknowledged while the first build reads
  const late = Array.from({ length: 100 }, () => cache.get(db, 1));
  assert.is(pending.length, 1, 'no third build while one runs');
  pending[0]!.resolve();
  assert.is(await early, '1@0');
  await tick();
  assert.is(pending.length, 2, 'one build for every late request');
  assert.is(pending[1]!.seen, 1);
  pending[1]!.resolve();
  assert.equal(new Set(await Promise.all(late)), new Set(['1@1']));
  assert.is(cache.builds, 2);
});

test('a key that changed after the build finished builds again; a failed build is not kept', async () => {
  const { db, pending, cache } = world();
  const first = cache.get(db, 1);
  pending[0]!.resolve();
  await first;
  db.generation = 5;
  const second = cache.get(db, 1);
  pending[1]!.reject(new Error('database busy'));
  await second.then(() => assert.unreachable('should fail'), (e: Error) => assert.is(e.message, 'database busy'));
  const third = cache.get(db, 1);
  assert.is(pending.length, 3, 'the failure was not cached');
  pending[2]!.resolve();
  assert.is(await third, '1@5');
});

test('at most maxEntries rounds are kept, least recently used out', async () => {
  const { db, pending, cache } = world();
  for (const id of [1, 2]) { const v = cache.get(db, id); pending.at(-1)!.resolve(); await v; }
  await cache.get(db, 1); // 1 is now the most recent
  const three = cache.get(db, 3);
  pending.at(-1)!.resolve();
  await three;
  assert.is(pending.length, 3);
  await cache.get(db, 1);
  assert.is(pending.length, 3, '1 stayed');
  void cache.get(db, 2);
  assert.is(pending.length, 4, '2 was dropped and builds again');
  pending.at(-1)!.resolve();
});

test.run();
