import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The client's address, the one key every throttle and the setup check use: the peer on the TCP
 * connection. Headers such as X-Forwarded-For are ignored (anyone can send them, and at a venue
 * the app is reached directly) unless that peer is one of the reverse proxies named in
 * TRUSTED_PROXIES (config.trustedProxies): then it is the nearest address in X-Forwarded-For that
 * is not one of them, which is what the outermost proxy saw. Tests simulate a peer by passing
 * node-server's bindings (`{ incoming: { socket: { remoteAddress } } }`) as app.request()'s
 * environment; without them (no socket) the address is 'unknown', never the machine itself.
 */
export function clientAddress(c: Context): string {
  let peer: string;
  try {
    peer = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
  const trusted: readonly string[] = (c.var as { config?: { trustedProxies?: readonly string[] } }).config?.trustedProxies ?? [];
  if (trusted.length === 0 || !trusted.includes(plain(peer))) return peer;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((hop) => plain(hop.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (trusted.includes(hop)) continue;
    // Anything but an address (a forged header the proxy passed on) is no address at all.
    return isIP(hop) ? hop : 'unknown';
  }
  // The proxy named nobody: 'unknown', never the proxy itself (on loopback: the server's own machine).
  return 'unknown';
}

/** 10.0.0.5 for ::ffff:10.0.0.5, as proxies and configuration write IPv4 addresses. */
const plain = (address: string) => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

/** The machine the server runs on: 127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6. */
export function isLoopback(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * A request from a browser on the server's own machine. A request relayed by a proxy on that
 * machine comes from loopback too, so any forwarding header makes it a remote one.
 */
export function isLocalRequest(c: Context): boolean {
  const relayed = ['forwarded', 'x-forwarded-for', 'x-real-ip'].some((name) => c.req.header(name) !== undefined);
  return !relayed && isLoopback(clientAddress(c));
}
