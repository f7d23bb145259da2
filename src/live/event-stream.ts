/**
 * The body of a server-sent-event response, written to straight from the stream's loop: a
 * ReadableStream whose chunks @hono/node-server hands to the socket as they come.
 *
 * Hono's streamSSE() takes each event through a writer, a TransformStream and a reader before it
 * reaches the socket, a dozen promise hops. When one change goes out to 500 desks at one tick,
 * the hops of every stream are queued behind each other and the socket writes come last, so no
 * desk heard anything until all 500 chains had run (150–250 ms on the 2 shared cores). Here a
 * write is one enqueue and one read.
 */
const encoder = new TextEncoder();

export class EventStreamBody {
  readonly body: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #closed = false;
  readonly #onClose: (() => void)[] = [];
  #drained: (() => void) | null = null;

  constructor() {
    this.body = new ReadableStream<Uint8Array>({
      start: (controller) => { this.#controller = controller; },
      // Called when the reader wants more: the client has taken what was queued.
      pull: () => { this.#drained?.(); },
      // The client went away (the server cancels the reader when the socket closes).
      cancel: () => { this.#ended(); },
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Runs `run` once when the stream ends, whichever side ends it. */
  onClose(run: () => void): void {
    if (this.#closed) run();
    else this.#onClose.push(run);
  }

  /** Resolves when what was written has been taken by the client (at once unless it lags behind), or the stream ended. */
  ready(): Promise<void> {
    if (this.#closed || (this.#controller.desiredSize ?? 1) > 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#drained = () => { this.#drained = null; resolve(); };
    });
  }

  write(text: string): void {
    if (!this.#closed) this.#controller.enqueue(encoder.encode(text));
  }

  close(): void {
    if (this.#closed) return;
    this.#controller.close();
    this.#ended();
  }

  #ended(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#drained?.();
    for (const run of this.#onClose.splice(0)) run();
  }
}

/** One server-sent event (`event`, `data` lines, `id`), as EventSource reads it. */
export function sseEvent(event: string, data: string, id: string): string {
  if (/[\r\n]/.test(event) || /[\r\n]/.test(id)) throw new Error('an event name or id must not contain a line break');
  return `event: ${event}\n${data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`).join('\n')}\nid: ${id}\n\n`;
}
