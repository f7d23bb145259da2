import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LoginThrottle } from '../../src/auth/login-throttle.ts';

const limits = { windowMs: 60_000, maxFailuresPerAccount: 3, maxFailuresPerAddress: 5 };

function throttleAt(start = 1_000_000) {
  const clock = { now: start };
  return { clock, throttle: new LoginThrottle(limits, () => clock.now) };
}

test('allows attempts until the per-account limit, then asks to wait out the window', () => {
  const { clock, throttle } = throttleAt();
  for (let i = 0; i < 3; i++) {
    assert.is(throttle.retryAfterMs('10.0.0.1', 'wang'), 0);
    throttle.recordFailure('10.0.0.1', 'wang');
    clock.now += 1000;
  }
  // Window started at the first failure, 3 s ago.
  assert.is(throttle.retryAfterMs('10.0.0.1', 'wang'), 57_000);
  assert.is(throttle.retryAfterMs('10.0.0.1', 'WANG'), 57_000, 'usernames are compared without case');
  assert.is(throttle.retryAfterMs('10.0.0.2', 'wang'), 0, 'another device is not blocked');
  assert.is(throttle.retryAfterMs('10.0.0.1', 'li'), 0, 'another account from the same address is not yet blocked');
  clock.now += 57_000;
  assert.is(throttle.retryAfterMs('10.0.0.1', 'wang'), 0, 'the window has passed');
});

test('blocks an address that sprays many usernames', () => {
  const { throttle } = throttleAt();
  for (const name of ['a', 'b', 'c', 'd', 'e']) throttle.recordFailure('10.0.0.9', name);
  assert.ok(throttle.retryAfterMs('10.0.0.9', 'fresh-name') > 0);
});

test('a success clears that account\'s failures', () => {
  const { throttle } = throttleAt();
  throttle.recordFailure('10.0.0.1', 'wang');
  throttle.recordFailure('10.0.0.1', 'wang');
  throttle.recordSuccess('10.0.0.1', 'wang');
  throttle.recordFailure('10.0.0.1', 'wang');
  throttle.recordFailure('10.0.0.1', 'wang');
  assert.is(throttle.retryAfterMs('10.0.0.1', 'wang'), 0);
});

test.run();
