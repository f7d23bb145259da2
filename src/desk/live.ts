import type { Context } from 'hono';
import { clientAddress } from '../http/client-address.ts';
import type { AppEnv } from '../http/env.ts';
import { EventStreamBody, sseEvent } from '../live/event-stream.ts';
import { notifierOf, PendingChange, SendTicks, type Change } from '../live/notifier.ts';

/** Proxies and NAT boxes drop idle connections; a comment line this often keeps the stream open. */
export const KEEP_ALIVE_MS = 25_000;
/**
 * A change after a quiet moment goes out at once; changes closer than this to the last event go
 * out together at the end of it: a burst of marks is at most ten refreshes a second per desk.
 */
const COALESCE_MS = 100;
/** Shared by every stream: the streams of a topic send at the same tick (see SendTicks). */
const ticks = new SendTicks(COALESCE_MS);
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
 * A change goes out at the topic's next tick (SendTicks): at once after a quiet moment, else
 * COALESCE_MS after the topic's last event, with every change that arrived meanwhile, as one
 * event whose data is `describe(change)` of their union (the topic's name when there is no
 * describe): the desk says which codes changed, so each desk re-fetches only those rows.
 */
export function topicStream<E extends AppEnv>(
  c: Context<E>, topic: string,
  options: { keepAliveMs?: number; describe?: (change: Change) => string | Promise<string> } = {},
): Response {
  const release = c.get('streams').acquire(clientAddress(c));
  if (!release) {
    return c.text(c.get('t')('display.tooManyStreams'), 429, { 'Retry-After': String(BUSY_RETRY_SECONDS), 'Cache-Control': 'no-store' });
  }
  const keepAliveMs = options.keepAliveMs ?? KEEP_ALIVE_MS;
  const resumed = c.req.header('last-event-id') !== undefined;
  const stream = new EventStreamBody();
  stream.onClose(release);
  c.req.raw.signal?.addEventListener('abort', () => stream.close());
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
  const unsubscribe = notifierOf(c.get('db')).subscribe(topic, (change) => {
    pending.add(change);
    if (idle) wake?.();
  });
  stream.onClose(() => { unsubscribe(); wake?.(); });
  stream.write(': connected\n\n');
  void (async () => {
    try {
      while (!stream.closed) {
        if (pending.pending) {
          await ticks.next(topic);
          if (stream.closed) break;
          const data = await describe(pending.take()!);
          stream.write(sseEvent('changed', data, String(Date.now())));
          // A client that does not read holds its changes here, merged, not in a queue of events.
          await stream.ready();
          continue;
        }
        idle = true;
        await sleep(keepAliveMs);
        idle = false;
        if (!pending.pending) stream.write(': keep-alive\n\n');
      }
    } catch (error) {
      console.error(`Live stream ${topic} failed:`, error);
    } finally {
      stream.close();
    }
  })();
  return c.body(stream.body, 200, {
    'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no',
  });
}
