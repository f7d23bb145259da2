import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { DEFAULT_HASH_COST, hashCost, hashPassword, passwordVerifications, verifyPassword } from '../../src/auth/password.ts';

test('a hash verifies its own password only', async () => {
  const hash = await hashPassword('correct horse 电池');
  assert.match(hash, new RegExp(`^scrypt\\$${2 ** hashCost()}\\$8\\$1\\$[\\w+/=]+\\$[\\w+/=]+$`));
  assert.ok(await verifyPassword('correct horse 电池', hash));
  assert.not.ok(await verifyPassword('correct horse 电池 ', hash));
  assert.not.ok(await verifyPassword('', hash));
});

test('the cost is 2^15 unless PASSWORD_HASH_COST sets it (10–17; the test suite lowers it); nonsense is refused', () => {
  assert.is(DEFAULT_HASH_COST, 15);
  assert.is(hashCost({}), 15);
  assert.is(hashCost({ PASSWORD_HASH_COST: '' }), 15);
  assert.is(hashCost({ PASSWORD_HASH_COST: '10' }), 10);
  assert.is(hashCost({ PASSWORD_HASH_COST: '17' }), 17);
  for (const bad of ['9', '18', '12.5', 'cheap']) assert.throws(() => hashCost({ PASSWORD_HASH_COST: bad }), /PASSWORD_HASH_COST/);
});

test('a hash made at one cost verifies under another: the parameters travel with it', async () => {
  const stored15 = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA==$';
  // Made once at N = 2^15 from the password "pinned" and this salt; the suite may run at a lower cost.
  const hash = await (async () => {
    const { scrypt } = await import('node:crypto');
    return new Promise<string>((resolve, reject) => scrypt('pinned', Buffer.from('c2FsdHNhbHRzYWx0c2FsdA==', 'base64'), 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (e, key) => (e ? reject(e) : resolve(stored15 + key.toString('base64')))));
  })();
  assert.ok(await verifyPassword('pinned', hash));
  assert.not.ok(await verifyPassword('pinnet', hash));
});

test('the same password hashes differently each time (random salt)', async () => {
  assert.is.not(await hashPassword('same-password'), await hashPassword('same-password'));
});

test('a malformed stored hash never verifies', async () => {
  assert.not.ok(await verifyPassword('x', ''));
  assert.not.ok(await verifyPassword('x', 'plain-text'));
  assert.not.ok(await verifyPassword('x', 'bcrypt$1$2$3$abc$def'));
});

test('full-width and half-width forms of a password are the same password', async () => {
  const hash = await hashPassword('Ｐａｓｓ１２３４');
  assert.ok(await verifyPassword('Pass1234', hash));
});

test('an input longer than any password never verifies and is not hashed', async () => {
  const stored = await hashPassword('a-long-password');
  let hashed = 0;
  const count = () => { hashed++; };
  subscribe(passwordVerifications.name, count);
  try {
    assert.is(await verifyPassword('1'.repeat(1_000_000), stored), false);
    assert.is(hashed, 0);
    assert.is(await verifyPassword('a-long-password', stored), true);
    assert.is(hashed, 1, 'a normal one is hashed');
  } finally {
    unsubscribe(passwordVerifications.name, count);
  }
});

test.run();
