import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';

/** Where the data lives and who may name the client's address: a wrong value stops the start with a message. */

test('DATABASE_URL names PostgreSQL; without it the SQLite file in DATA_DIR is the database', () => {
  assert.is(loadConfig({ DATA_DIR: '/tmp/x' }).database, path.join('/tmp/x', 'jiangxin.db'));
  const url = 'postgresql://jiangxin:secret@db.internal:5432/jiangxin';
  assert.is(loadConfig({ DATA_DIR: '/tmp/x', DATABASE_URL: url }).database, url);
  assert.is(loadConfig({ DATA_DIR: '/tmp/x', DATABASE_URL: '  ' }).database, path.join('/tmp/x', 'jiangxin.db'), 'blank: unset');
  assert.throws(() => loadConfig({ DATA_DIR: '/tmp/x', DATABASE_URL: 'mysql://root@localhost/jiangxin' }), /DATABASE_URL must be a PostgreSQL URL/);
  assert.throws(() => loadConfig({ DATA_DIR: '/tmp/x', DATABASE_URL: 'file:./other.db' }), /leave it unset for the embedded SQLite file/);
});

test('PG_POOL_SIZE is a number of connections within reason', () => {
  assert.is(loadConfig({ DATA_DIR: '/tmp/x' }).postgresqlPoolSize, 10);
  assert.is(loadConfig({ DATA_DIR: '/tmp/x', PG_POOL_SIZE: '25' }).postgresqlPoolSize, 25);
  for (const bad of ['0', '201', 'ten', '2.5', '-1']) assert.throws(() => loadConfig({ DATA_DIR: '/tmp/x', PG_POOL_SIZE: bad }), /PG_POOL_SIZE must be/, bad);
});

test('TRUSTED_PROXIES lists addresses, nothing else', () => {
  assert.equal(loadConfig({ DATA_DIR: '/tmp/x' }).trustedProxies, []);
  assert.equal(loadConfig({ DATA_DIR: '/tmp/x', TRUSTED_PROXIES: '127.0.0.1, ::1,10.0.0.5' }).trustedProxies, ['127.0.0.1', '::1', '10.0.0.5']);
  assert.throws(() => loadConfig({ DATA_DIR: '/tmp/x', TRUSTED_PROXIES: '10.0.0.0/8' }), /TRUSTED_PROXIES must list IP addresses/);
  assert.throws(() => loadConfig({ DATA_DIR: '/tmp/x', TRUSTED_PROXIES: 'nginx' }), /got "nginx"/);
});

test.run();
