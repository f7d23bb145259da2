import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StreamSlots } from '../../src/live/stream-slots.ts';

test('slots per address and in total; a release frees one slot, once', () => {
  const slots = new StreamSlots({ perAddress: 2, total: 3 });
  const a1 = slots.acquire('a');
  const a2 = slots.acquire('a');
  assert.ok(a1 && a2);
  assert.is(slots.acquire('a'), null, 'the address is full');
  assert.ok(slots.acquire('b'));
  assert.is(slots.acquire('c'), null, 'the server is full');
  a1!();
  a1!();
  assert.is(slots.open, 2, 'releasing twice frees one slot');
  assert.ok(slots.acquire('a'));
  assert.is(slots.acquire('a'), null);
});

test.run();
