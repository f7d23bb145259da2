import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { notifier, PendingChange, type Change } from '../../src/live/notifier.ts';

test('a change reaches the topic\'s listeners with the entries it names; none means everything', () => {
  const seen: Change[] = [];
  const unsubscribe = notifier.subscribe('test:1', (change) => seen.push(change));
  notifier.changed('test:1', { entryIds: [3, 5] });
  notifier.changed('test:1');
  notifier.changed('test:2', { entryIds: [9] });
  unsubscribe();
  notifier.changed('test:1', { entryIds: [7] });
  assert.equal(seen, [{ entryIds: [3, 5] }, {}]);
  assert.is(notifier.listenerCount('test:1'), 0);
});

test('pending changes merge their entries; everything wins and stays until taken', () => {
  const pending = new PendingChange();
  assert.is(pending.pending, false);
  assert.is(pending.take(), null);
  pending.add({ entryIds: [1, 2] });
  pending.add({ entryIds: [2, 3] });
  assert.is(pending.pending, true);
  assert.equal([...pending.take()!.entryIds!].sort(), [1, 2, 3]);
  assert.is(pending.take(), null, 'taking starts again');

  pending.add({ entryIds: [1] });
  pending.add({});
  pending.add({ entryIds: [4] });
  assert.equal(pending.take(), {}, 'one change of everything makes the whole batch everything');
  pending.add({ entryIds: [4] });
  assert.equal(pending.take(), { entryIds: [4] }, 'and is forgotten once taken');

  pending.add({ entryIds: [] });
  assert.equal(pending.take(), { entryIds: [] }, 'a change of no entry is still a change');
});

test.run();
