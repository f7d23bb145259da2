import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { clientAddress } from '../http/client-address.ts';
import type { AppEnv } from '../http/env.ts';
import { notifier, PendingChange, type Change } from '../live/notifier.ts';

/** Proxies and NAT boxes drop idle connections; a comment line this often keeps the stream open. */
export const KEEP_ALIVE_MS = 25_000;
/** Changes closer together than this go out as one event: a batch of marks is one refresh. */
const COALESCE_MS = 100;
/** When a refused client should try again; htmx's hx-sse retries with its own backoff too. */
const BUSY_RETRY_SECONDS = 30;

/**
 * A server-sent-event stream for one notifier topic: a small `changed` event whenever the topic
 * changes (the page then re-fetches the fragment it shows), a keep-alive comment every 25 s, and
 * the subscription ends when the client goes away. Each event carries an id; a client that
 * reconnects sends it back as Last-Event-ID and gets a `changed` at once, since it may have
 * missed one while disconnected. Streams are capped per client address and in total (see
 * StreamSlots); one too many is a 429 with Retry-After, and the slot is freed when the stream ends.
 *
 * Changes that arrive within COALESCE_MS go out as one event whose data is `describe(change)`
 * of their union (the topic's name when there is no describe): the desk says which codes
 * changed, so each desk re-fetches only those rows.
 */
export function topicStream<E extends AppEnv>(
  c: Context<E>, topic: string,
  options: { keepAliveMs?: number; describe?: (change: Change) => string | Promise<string> } = {},
): Response {
  const release = c.var.streams.acquire(clientAddress(c));
  if (!release) {
    return c.text(c.var.t('display.tooManyStreams'), 429, { 'Retry-After': String(BUSY_RETRY_SECONDS), 'Cache-Control': 'no-store' });
  }
  const keepAliveMs = options.keepAliveMs ?? KEEP_ALIVE_MS;
  const resumed = c.req.header('last-event-id') !== undefined;
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    stream.onAbort(release);
    const pending = new PendingChange();
    // A client that reconnects may have missed anything.
    if (resumed) pending.add({});
    const describe = options.describe ?? (() => topic);
    let wake: (() => void) | null = null;
    // A change wakes the stream from its keep-alive wait, not from the coalescing one.
    let idle = false;
    const sleep = (ms: number) => new Promise<void>((resolve) => {
      const timer = setTimeout(() => { wake = null; resolve(); }, ms);
      wake = () => { clearTimeout(timer); wake = null; resolve(); };
    });
    const unsubscribe = notifier.subscribe(topic, (change) => {
      pending.add(change);
      if (idle) wake?.();
    });
    const stop = () => wake?.();
    stream.onAbort(stop);
    c.req.raw.signal?.addEventListener('abort', () => { if (!stream.aborted) stream.abort(); });
    try {
      await stream.write(': connected\n\n');
      while (!stream.aborted && !stream.closed) {
        if (pending.pending) {
          await sleep(COALESCE_MS);
          if (stream.aborted) break;
          const data = await describe(pending.take()!);
          if (stream.aborted) break;
          await stream.writeSSE({ event: 'changed', data, id: String(Date.now()) });
          continue;
        }
        idle = true;
        await sleep(keepAliveMs);
        idle = false;
        if (stream.aborted) break;
        if (!pending.pending) await stream.write(': keep-alive\n\n');
      }
    } finally {
      unsubscribe();
      release();
    }
  });
}
