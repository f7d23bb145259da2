import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Context } from 'hono';
import type { Db } from '../db/client.ts';
import type { AppEnv } from '../http/env.ts';
import { native } from '../db/native.ts';
import { perDatabase } from '../db/per-database.ts';
import { WeightedLru } from '../results/cache.ts';
import { acceptsGzip, etagMatches, offerReplay } from '../http/replay.ts';

/**
 * What the public pages and the public results API send, made once: a publication never changes,
 * so the page of a version in a language is the same bytes until the publications of the skill
 * (or the event) change — the caller's key says which state it was made from (see routes.tsx).
 * Each body is kept encoded, with a strong ETag (a hash of the bytes; the gzipped bytes are
 * another representation, with their own tag) and, from 1 KB, gzipped once in the background:
 * a 1,000-entry ranking is some 400 KB of HTML and a tenth of that gzipped, which matters on a
 * phone in a hall full of phones. Bounded by bytes (LRU).
 */

export const PUBLIC_CACHE_BYTES = 32 * 1024 * 1024;
const GZIP_FROM_BYTES = 1024;
const gzipped = promisify(gzip);

export interface CachedBody {
  type: string;
  bytes: Buffer;
  etag: string;
  /** Null until compressed (or when too small to bother). */
  gzip: { bytes: Buffer; etag: string } | null;
}

const bodies = perDatabase<Db, WeightedLru<string, Promise<CachedBody | null>>>(() => new WeightedLru(PUBLIC_CACHE_BYTES));

const weigh = (body: CachedBody) => 200 + body.bytes.length + (body.gzip?.bytes.length ?? 0);

/**
 * The body cached under `key`, made by `make` (once, however many ask at the same time) when
 * missing; null, and nothing kept, when `make` finds nothing to show (a 404 for the caller).
 */
export function cachedBody(db: Db, key: string, type: string, make: () => Promise<string | null>): Promise<CachedBody | null> {
  const lru = bodies(db);
  const cached = lru.get(key);
  if (cached) return cached;
  const made = (async (): Promise<CachedBody | null> => {
    const text = await make();
    if (text === null) return null;
    const bytes = Buffer.from(text);
    const tag = createHash('sha256').update(bytes).digest('base64url').slice(0, 27);
    return { type, bytes, etag: `"${tag}"`, gzip: null };
  })();
  lru.set(key, made, 0);
  made.then(
    (body) => {
      if (lru.get(key) !== made) return;
      if (!body) return lru.delete(key);
      lru.set(key, made, weigh(body));
      if (body.bytes.length < GZIP_FROM_BYTES) return;
      gzipped(body.bytes).then((compressed) => {
        body.gzip = { bytes: compressed, etag: `${body.etag.slice(0, -1)}-gz"` };
        if (lru.get(key) === made) lru.set(key, made, weigh(body));
      }, () => undefined);
    },
    () => { if (lru.get(key) === made) lru.delete(key); },
  );
  return made;
}

/** What an answer is made from, for the cache in front of the app: its tables and their generations, read before anything else. */
export interface ReplaySource { tables: readonly string[]; version: string }
export const replayOf = (db: Db, tables: readonly string[]): ReplaySource => ({ tables, version: native(db).generations.key(tables) });

/**
 * Sends a cached body: 304 when the client holds it already, gzipped when the client takes gzip
 * and it is ready. Public data, but the current version of a page changes with the next
 * publication: caches may keep it and must ask again every time (no-cache + ETag: a 304). Shared
 * caches only when the answer sets no cookie. `replay`: the tables the body was made from and
 * their generations read before anything else, for the cache in front of the app (replay.ts),
 * which keeps the answer once it is final (gzipped, for a client that takes gzip).
 */
export function sendCached<E extends AppEnv>(c: Context<E>, body: CachedBody, replay?: ReplaySource): Response {
  const gzip = acceptsGzip(c.req.header('accept-encoding'));
  const packed = gzip ? body.gzip : null;
  const sent = packed ?? body;
  c.header('ETag', sent.etag);
  c.header('Vary', 'Accept-Encoding', { append: true });
  let response: Response;
  if (etagMatches(c.req.header('if-none-match'), sent.etag)) response = c.body(null, 304);
  else {
    if (packed) c.header('Content-Encoding', 'gzip');
    response = c.body(sent.bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': body.type });
    if (replay && (packed || !gzip || body.bytes.length < GZIP_FROM_BYTES)) offerReplay(c, { ...replay, bytes: sent.bytes, etag: sent.etag });
  }
  response.headers.set('Cache-Control', response.headers.has('set-cookie') ? 'private, no-cache' : 'public, no-cache');
  return response;
}

/**
 * Small answers (a skill's publications, an event's public facts) that stay right while none of
 * `tables` is written: all of them dropped at the next write to any. Bounded by count, since
 * anyone may ask for any id.
 */
export function whileUnchanged<T>(tables: readonly string[], maxEntries = 10_000) {
  const state = perDatabase<Db, { key: string; values: WeightedLru<number, Promise<T>> }>(() => ({ key: '', values: new WeightedLru(maxEntries) }));
  return (db: Db, id: number, make: () => Promise<T>): Promise<T> => {
    const key = native(db).generations.key(tables);
    const current = state(db);
    if (current.key !== key) {
      current.key = key;
      current.values = new WeightedLru(maxEntries);
    }
    const { values } = current;
    const cached = values.get(id);
    if (cached) return cached;
    const value = make();
    values.set(id, value, 1);
    value.catch(() => { if (values.get(id) === value) values.delete(id); });
    return value;
  };
}

/** The database's epoch (generations.key([])): changes only when everything may have (a restored backup). */
export const epochOf = (db: Db) => native(db).generations.key([]);
