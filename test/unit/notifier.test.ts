import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Notifier, PendingChange, SendTicks, type Change, type TickClock } from '../../src/live/notifier.ts';

const notifier = new Notifier();

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

/** A clock the test moves by hand: what runs soon, and what runs later, when. */
function handClock() {
  let now = 1_000;
  const soon: (() => void)[] = [];
  const later: { at: number; run: () => void }[] = [];
  const clock: TickClock = { now: () => now, soon: (run) => { soon.push(run); }, later: (run, ms) => { later.push({ at: now + ms, run }); } };
  return {
    clock, soon, later,
    /** Ends the turn: what was asked to run soon runs. */
    turn() { for (const run of soon.splice(0)) run(); },
    /** Moves the time on, running the timers that are due. */
    advance(ms: number) {
      now += ms;
      for (const due of later.filter((l) => l.at <= now)) { later.splice(later.indexOf(due), 1); due.run(); }
    },
  };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

test('send ticks: a change after a quiet moment goes out on the next turn, one tick for every stream of the topic', async () => {
  const time = handClock();
  const ticks = new SendTicks(100, time.clock);
  const first = ticks.next('round:1');
  assert.is(ticks.next('round:1'), first, 'every stream of the topic waits for the same tick');
  assert.is(time.soon.length, 1, 'after this turn');
  assert.is(time.later.length, 0, 'not after the interval');
  let ticked = 0;
  void first.then(() => { ticked++; });
  await settled();
  assert.is(ticked, 0, 'not before the turn ends');
  time.turn();
  await settled();
  assert.is(ticked, 1);
  assert.is.not(ticks.next('round:2'), ticks.next('round:1'), 'another topic has its own tick');
});

test('send ticks: changes within the interval of the last tick wait for the rest of it and go out together', async () => {
  const time = handClock();
  const ticks = new SendTicks(100, time.clock);
  const first = ticks.next('round:1');
  time.turn();
  await first;
  time.advance(30);
  const second = ticks.next('round:1');
  assert.is(time.soon.length, 0);
  assert.equal(time.later.map((l) => l.at), [1_100], 'at the end of the interval from the last tick');
  let ticked = false;
  void second.then(() => { ticked = true; });
  time.advance(60);
  await settled();
  assert.is(ticked, false, 'not before');
  assert.is(ticks.next('round:1'), second, 'a change meanwhile joins the waiting tick');
  time.advance(10);
  await second;
  time.advance(500);
  void ticks.next('round:1');
  assert.is(time.soon.length, 1, 'quiet again: the next change goes out at once');
});

test.run();
