import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { LoginThrottle, type ThrottleLimits } from '../../src/auth/login-throttle.ts';

const limits: ThrottleLimits = { windowMs: 60_000, maxFailuresPerAccount: 3, maxFailuresPerAddress: 5, maxFailuresPerAccountEverywhere: 8 };

/** A failed attempt: reserved and never given back. */
const fail = async (throttle: LoginThrottle, address: string, name: string) => (await throttle.attempt('password', address, name)).allowed;

test('allows attempts until the per-account limit, then asks to wait out the window', async () => {
  const throttle = new LoginThrottle(limits);
  for (let i = 0; i < 3; i++) assert.ok(await fail(throttle, '10.0.0.1', 'wang'));
  const blocked = await throttle.attempt('password', '10.0.0.1', 'wang');
  assert.is(blocked.allowed, false);
  assert.ok(!blocked.allowed && blocked.retryAfterMs > 55_000 && blocked.retryAfterMs <= 60_000, 'the window started at the first failure');
  assert.not.ok(await fail(throttle, '10.0.0.1', 'WANG'), 'usernames are compared without case');
  assert.ok(await fail(throttle, '10.0.0.2', 'wang'), 'another device is not blocked');
  assert.ok(await fail(throttle, '10.0.0.1', 'li'), 'another account from the same address is not yet blocked');
});

test('the window passes', async () => {
  const throttle = new LoginThrottle({ ...limits, windowMs: 50 });
  for (let i = 0; i < 3; i++) await fail(throttle, '10.0.0.1', 'wang');
  assert.not.ok(await fail(throttle, '10.0.0.1', 'wang'));
  await sleep(80);
  assert.ok(await fail(throttle, '10.0.0.1', 'wang'), 'the window has passed');
});

test('blocks an address that sprays many usernames', async () => {
  const throttle = new LoginThrottle(limits);
  for (const name of ['a', 'b', 'c', 'd', 'e']) await fail(throttle, '10.0.0.9', name);
  assert.not.ok(await fail(throttle, '10.0.0.9', 'fresh-name'));
});

test('caps one account across addresses', async () => {
  const throttle = new LoginThrottle(limits);
  const allowed = [];
  for (let i = 0; i < 10; i++) for (let j = 0; j < 3; j++) allowed.push(await fail(throttle, `10.0.1.${i}`, 'ABCDEF#1'));
  assert.is(allowed.filter(Boolean).length, 8, '30 guesses from 10 addresses, 3 each: only the account cap passes');
});

test('a success clears that account\'s failures and gives its own reservation back', async () => {
  const throttle = new LoginThrottle(limits);
  await fail(throttle, '10.0.0.1', 'wang');
  await fail(throttle, '10.0.0.1', 'wang');
  const right = await throttle.attempt('password', '10.0.0.1', 'wang');
  assert.ok(right.allowed);
  if (right.allowed) await right.succeeded();
  await fail(throttle, '10.0.0.1', 'wang');
  await fail(throttle, '10.0.0.1', 'wang');
  assert.ok(await fail(throttle, '10.0.0.1', 'wang'), 'two failures since the success: a third is allowed');
});

test('concurrent attempts are reserved atomically: never more than the limit pass', async () => {
  const throttle = new LoginThrottle(limits);
  const answers = await Promise.all(Array.from({ length: 300 }, () => throttle.attempt('password', '10.0.0.1', 'wang')));
  assert.is(answers.filter((a) => a.allowed).length, 3);
});

test('a refused attempt uses up nothing', async () => {
  const throttle = new LoginThrottle({ ...limits, maxFailuresPerAddress: 3, maxFailuresPerAccountEverywhere: 3 });
  for (const name of ['a', 'b', 'c']) await fail(throttle, '10.0.0.9', name);
  for (let i = 0; i < 10; i++) assert.not.ok(await fail(throttle, '10.0.0.9', 'd'), 'the address is blocked');
  for (let i = 0; i < 3; i++) assert.ok(await fail(throttle, '10.0.0.8', 'd'), 'd from elsewhere still has its own budget');
});

test('each kind of secret counts apart: a name typed into one form never uses up another form', async () => {
  const throttle = new LoginThrottle(limits);
  for (let i = 0; i < 3; i++) assert.ok(await fail(throttle, '10.0.0.1', 'signoff#12'));
  assert.not.ok(await fail(throttle, '10.0.0.1', 'signoff#12'), 'the organizer form is blocked for that name');
  assert.ok((await throttle.attempt('signature', '10.0.0.1', 'signoff#12')).allowed, 'the PIN signature of that name is not');
  assert.ok((await throttle.attempt('judgePin', '10.0.0.1', 'signoff#12')).allowed, 'nor a judge sign-in');
  const blocked = await throttle.attempt('password', '10.0.0.1', 'signoff#12');
  assert.ok(!blocked.allowed && blocked.retryAfterSeconds === Math.ceil(blocked.retryAfterMs / 1000) && blocked.minutes === 1, 'the refusal says how long, in seconds and minutes');
});

test('counters are kept under short keys, whatever length of name was typed', async () => {
  const keys: string[] = [];
  const throttle = new LoginThrottle(limits, (options) => {
    const limiter = new RateLimiterMemory(options);
    const consume = limiter.consume.bind(limiter);
    limiter.consume = (key, points) => { keys.push(String(key)); return consume(key, points); };
    return limiter;
  });
  const huge = 'x'.repeat(1_000_000);
  for (let i = 0; i < 3; i++) await fail(throttle, '10.0.0.1', huge);
  assert.not.ok(await fail(throttle, '10.0.0.1', huge.toUpperCase()), 'a hashed name is still one account, without case');
  assert.ok(await fail(throttle, '10.0.0.1', `${huge}y`), 'another long name is another account');
  assert.ok(keys.length > 0 && keys.every((key) => key.length <= 100), `longest key ${Math.max(...keys.map((k) => k.length))}`);
});

test.run();
