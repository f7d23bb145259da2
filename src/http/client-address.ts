import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address of the peer on the TCP connection, the one key every throttle and the setup
 * check use. Headers such as X-Forwarded-For are ignored: anyone can send them, and the app is
 * reached directly on the venue LAN. Tests simulate a peer by passing node-server's bindings
 * (`{ incoming: { socket: { remoteAddress } } }`) as app.request()'s environment; without
 * them (no socket) the address is 'unknown', which is never taken for the machine itself.
 */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

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
