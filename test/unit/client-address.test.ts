import { Hono } from 'hono';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clientAddress } from '../../src/http/client-address.ts';
import { peer } from '../support/client.ts';

/** What clientAddress() makes of a request from `from` carrying `forwarded`, with these proxies trusted. */
async function seen(trustedProxies: string[], from: string, forwarded?: string): Promise<string> {
  const app = new Hono();
  app.use(async (c, next) => {
    c.set('config' as never, { trustedProxies } as never);
    await next();
  });
  app.get('/', (c) => c.text(clientAddress(c)));
  const response = await app.request('/', { headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }, peer(from));
  return response.text();
}

test('without trusted proxies the peer is the client, whatever X-Forwarded-For says', async () => {
  assert.is(await seen([], '192.168.1.20', '1.2.3.4'), '192.168.1.20');
});

test('from a trusted proxy, the nearest forwarded address that is not a proxy', async () => {
  assert.is(await seen(['10.0.0.5'], '10.0.0.5', '203.0.113.7'), '203.0.113.7');
  assert.is(await seen(['10.0.0.5'], '::ffff:10.0.0.5', '203.0.113.7'), '203.0.113.7', 'IPv4 as node reports it on a dual-stack socket');
  // The phone claims 1.1.1.1; nginx appends what it saw; a second proxy in front appends its own.
  assert.is(await seen(['10.0.0.5', '10.0.0.6'], '10.0.0.5', '1.1.1.1, 198.51.100.9, 10.0.0.6'), '198.51.100.9');
  assert.is(await seen(['10.0.0.5'], '10.0.0.5', '2001:db8::1'), '2001:db8::1');
});

test('a peer that is not a trusted proxy cannot pick its address; from a proxy, garbage or nothing is unknown', async () => {
  assert.is(await seen(['10.0.0.5'], '192.168.1.20', '1.2.3.4'), '192.168.1.20');
  assert.is(await seen(['10.0.0.5'], '10.0.0.5', 'not-an-address'), 'unknown');
  // Never the proxy itself: on loopback that would be the server's own machine (setup without a code).
  assert.is(await seen(['127.0.0.1'], '127.0.0.1'), 'unknown', 'no header');
  assert.is(await seen(['10.0.0.5'], '10.0.0.5', `${'9'.repeat(5000)}`), 'unknown');
});

test.run();
