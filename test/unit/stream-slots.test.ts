import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StreamSlots, defaultStreamLimits, streamLimitsFrom } from '../../src/live/stream-slots.ts';

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

test('the caps come from STREAMS_PER_ADDRESS and STREAMS_TOTAL when set; a bad value is refused', () => {
  assert.equal(streamLimitsFrom({}), defaultStreamLimits);
  assert.equal(streamLimitsFrom({ STREAMS_PER_ADDRESS: '600', STREAMS_TOTAL: '800' }), { perAddress: 600, total: 800 });
  assert.equal(streamLimitsFrom({ STREAMS_TOTAL: '1000' }), { perAddress: 20, total: 1000 });
  for (const bad of ['0', '-3', '2.5', 'many']) assert.throws(() => streamLimitsFrom({ STREAMS_TOTAL: bad }), /STREAMS_TOTAL must be a whole number/);
  const slots = new StreamSlots(streamLimitsFrom({ STREAMS_PER_ADDRESS: '501' }));
  for (let i = 0; i < 500; i++) assert.ok(slots.acquire('127.0.0.1'), `stream ${i + 1} from one address`);
  assert.is(slots.acquire('127.0.0.1'), null, 'the total still holds');
});

test.run();
