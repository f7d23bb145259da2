import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Db } from '../db/client.ts';
import { native } from '../db/native.ts';
import { requestLocale } from '../i18n/index.ts';
import { WeightedLru } from '../results/cache.ts';
import type { AppEnv } from './env.ts';

/**
 * A shared cache in front of the app, the one a reverse proxy would keep: an answer that its
 * route offers as the same for every visitor who is not signed in (offerReplay) is kept with its
 * final headers and replayed to the next such visitor who asks for the same URL in the same
 * language and encoding, without the middleware, the route or the renderer running again, for as
 * long as none of the tables the route read has been written since (write generations). When
 * results are published, every contestant's and leader's phone reloads the ranking at once: a
 * lookup each, not a page each.
 *
 * Only what a shared HTTP cache could keep is kept: a 200 without Set-Cookie, offered by a route
 * whose guard lets anyone in. A visitor with a session cookie and anything but GET go through the
 * app as always; so does everything while a restore is under way. Bounded by bytes (LRU): query
 * strings nobody links to can push entries out, never grow it.
 */

export const REPLAY_BYTES = 32 * 1024 * 1024;
const ENTRY_OVERHEAD_BYTES = 2048;

export interface ReplayOffer {
  /** The tables the answer was made from, and their generations read before anything was. */
  tables: readonly string[];
  version: string;
  /** The body as sent, and its ETag. */
  bytes: Uint8Array;
  etag: string;
}

interface Replay extends ReplayOffer {
  headers: Record<string, string>;
  /** A 304's headers: the same but for what describes a body. */
  notModified: Record<string, string>;
}

const BODY_HEADERS = new Set(['content-length', 'content-type', 'content-encoding']);

/** What sendCached (and anything else) compresses for: the same test on both sides of the cache. */
export const acceptsGzip = (header: string | undefined) => /\bgzip\b/.test(header ?? '');

/** Whether an If-None-Match header names this tag (weak comparison, as RFC 9110 says for it). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Called by a route (guarded `anyone`) with an answer the same for every visitor without a session. */
export function offerReplay<E extends AppEnv>(c: Context<E>, offer: ReplayOffer): void {
  c.set('replay', offer);
}

export function replayCache(options: { db: Db; sessionCookie: string; paused: () => boolean }): MiddlewareHandler<AppEnv> {
  const { db, sessionCookie, paused } = options;
  const replays = new WeightedLru<string, Replay>(REPLAY_BYTES);
  return async (c, next) => {
    if (c.req.method !== 'GET' || paused() || getCookie(c, sessionCookie) !== undefined) return next();
    const url = c.req.url;
    // Everything the app's answer depends on, for a visitor without a session (a ?lang= choice is in the URL).
    const key = `${requestLocale(c)}\n${acceptsGzip(c.req.header('accept-encoding')) ? 'gzip' : ''}\n${url.slice(url.indexOf('/', url.indexOf('//') + 2))}`;
    const kept = replays.get(key);
    if (kept) {
      if (native(db).generations.key(kept.tables) === kept.version) {
        return etagMatches(c.req.header('if-none-match'), kept.etag)
          ? new Response(null, { status: 304, headers: kept.notModified })
          : new Response(kept.bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: kept.headers });
      }
      replays.delete(key);
    }
    await next();
    const offer = c.get('replay');
    if (!offer || c.res.status !== 200 || c.res.headers.has('set-cookie')) return;
    const headers: Record<string, string> = {};
    const notModified: Record<string, string> = {};
    for (const [name, value] of c.res.headers) {
      if (name === 'content-length') continue;
      headers[name] = value;
      if (!BODY_HEADERS.has(name)) notModified[name] = value;
    }
    replays.set(key, { ...offer, headers, notModified }, offer.bytes.byteLength + key.length + ENTRY_OVERHEAD_BYTES);
  };
}
