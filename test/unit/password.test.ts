import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { hashPassword, passwordVerifications, verifyPassword } from '../../src/auth/password.ts';

test('a hash verifies its own password only', async () => {
  const hash = await hashPassword('correct horse 电池');
  assert.match(hash, /^scrypt\$32768\$8\$1\$[\w+/=]+\$[\w+/=]+$/);
  assert.ok(await verifyPassword('correct horse 电池', hash));
  assert.not.ok(await verifyPassword('correct horse 电池 ', hash));
  assert.not.ok(await verifyPassword('', hash));
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
