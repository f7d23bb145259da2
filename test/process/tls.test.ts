import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../src/config.ts';
import { startServer } from '../support/server-process.ts';

/**
 * HTTPS at the venue (README): with TLS_CERT_FILE and TLS_KEY_FILE the server itself speaks HTTPS,
 * so tablets get the secure context a service worker needs, and its cookies are Secure. One of
 * the two alone is refused at start, with a message saying so.
 */

/** A self-signed certificate for localhost, as the README's openssl line makes one. */
function selfSigned(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  return { cert, key };
}

/** A GET over HTTPS that trusts exactly this certificate. */
function get(url: string, ca: Buffer): Promise<{ status: number; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cookies: res.headers['set-cookie'] ?? [] }));
    }).on('error', reject);
  });
}

test('with a certificate the server answers over HTTPS, and its cookies are Secure', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jiangxin-tls-'));
  try {
    const { cert, key } = selfSigned(dir);
    const server = startServer(path.join(dir, 'data'), { TLS_CERT_FILE: cert, TLS_KEY_FILE: key, BACKUP_INTERVAL_MINUTES: '0' });
    try {
      const url = await server.ready;
      assert.match(url, /^https:\/\/localhost:\d+$/);
      const ca = (await import('node:fs')).readFileSync(cert);
      assert.is((await get(`${url}/healthz`, ca)).status, 200);
      // The setup page has a form: its CSRF cookie comes marked Secure.
      const setup = await get(`${url}/setup`, ca);
      assert.is(setup.status, 200);
      assert.ok(setup.cookies.length > 0 && setup.cookies.every((c) => /;\s*Secure/i.test(c)), setup.cookies.join(' | '));
    } finally {
      await server.kill();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a key that is not the certificate\'s stops the start with a message naming both variables', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jiangxin-tls-'));
  try {
    const first = selfSigned(dir);
    const other = selfSigned(mkdtempSync(path.join(dir, 'other-')));
    const server = startServer(path.join(dir, 'data'), { TLS_CERT_FILE: first.cert, TLS_KEY_FILE: other.key });
    assert.is(await server.exited, 1);
    assert.match(server.output(), /TLS_CERT_FILE \(.+\) and TLS_KEY_FILE \(.+\) must be a PEM certificate and its key/);
    assert.not.match(server.output(), /Applied migrations/, 'stopped before touching the database');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a certificate without its key (or the reverse) is refused with a clear message', () => {
  assert.throws(() => loadConfig({ DATA_DIR: '/tmp/x', TLS_CERT_FILE: 'cert.pem' }), /TLS_CERT_FILE and TLS_KEY_FILE go together/);
  assert.throws(() => loadConfig({ DATA_DIR: '/tmp/x', TLS_KEY_FILE: 'key.pem' }), /TLS_CERT_FILE and TLS_KEY_FILE go together/);
  const plain = loadConfig({ DATA_DIR: '/tmp/x' });
  assert.is(plain.tls, null);
  assert.is(plain.secureCookies, false, 'plain HTTP on a venue laptop: cookies without Secure, or they would never come back');
  assert.is(loadConfig({ DATA_DIR: '/tmp/x', TLS_CERT_FILE: 'c.pem', TLS_KEY_FILE: 'k.pem', COOKIE_SECURE: 'false' }).secureCookies, false, 'COOKIE_SECURE still decides when given');
});

test.run();
