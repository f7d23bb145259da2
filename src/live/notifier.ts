import { EventEmitter } from 'node:events';
import type { Db } from '../db/client.ts';
import { perDatabase } from '../db/per-database.ts';

/**
 * One notifier per database for live screens (the chief judge's desk, the big screen): writers
 * announce that something changed on a topic such as "round:12"; server-sent-event streams
 * pass a small "changed" event on, and clients re-fetch the fragment they show. On SQLite it is
 * this process's; on PostgreSQL every change also goes to the other nodes (src/db/postgresql.ts
 * sets `relay` and passes theirs to received()).
 *
 * A change may say which entries it touched (`{ entryIds }`): a batch of marks, a sign-off, a
 * send-back. The desk then re-fetches only the rows of those entries instead of the whole
 * matrix. Without `entryIds` a change means "everything on the topic may have changed" (a lock,
 * a restore, a new draw): that is always correct, only more expensive for the listeners.
 */
export interface Change {
  /** The entries whose rows changed; absent: everything. */
  readonly entryIds?: readonly number[];
}

export class Notifier extends EventEmitter {
  /** Passes each change of this node on to the others; null: one node. */
  relay: ((topic: string, change: Change) => void) | null = null;

  constructor() {
    super();
    // Many desks and displays may listen at once; this is not a leak.
    this.setMaxListeners(0);
  }

  changed(topic: string, change: Change = {}): void {
    this.emit(topic, change);
    this.relay?.(topic, change);
  }

  /** A change another node announced: for this node's listeners only. */
  received(topic: string, change: Change): void {
    this.emit(topic, change);
  }

  subscribe(topic: string, listener: (change: Change) => void): () => void {
    this.on(topic, listener);
    return () => this.off(topic, listener);
  }
}

/** The database's notifier: writers and live streams of one database meet there. */
export const notifierOf = perDatabase<Db, Notifier>(() => new Notifier());
export const roundTopic = (roundId: number) => `round:${roundId}`;
/** The event's big screen: publications and display settings changes. */
export const displayTopic = (eventId: number) => `display:${eventId}`;

/**
 * Changes that arrive while a stream waits to send (it coalesces them into one event): the
 * union of their entries, and "everything" as soon as one of them means everything.
 */
export class PendingChange {
  #any = false;
  #all = false;
  readonly #entryIds = new Set<number>();

  add(change: Change): void {
    this.#any = true;
    if (this.#all) return;
    if (change.entryIds === undefined) {
      this.#all = true;
      this.#entryIds.clear();
    } else {
      for (const id of change.entryIds) this.#entryIds.add(id);
    }
  }

  /** Whether anything arrived since the last take(). */
  get pending(): boolean {
    return this.#any;
  }

  /** What arrived since the last take() (null: nothing), and start again. */
  take(): Change | null {
    if (!this.#any) return null;
    const change: Change = this.#all ? {} : { entryIds: [...this.#entryIds] };
    this.#any = false;
    this.#all = false;
    this.#entryIds.clear();
    return change;
  }
}

/** How the ticks are timed: real timers, or a test's. */
export interface TickClock {
  now(): number;
  /** Runs `run` after the current turn of the event loop (the changes of one turn are one event). */
  soon(run: () => void): void;
  later(run: () => void, ms: number): void;
}

const realClock: TickClock = {
  now: () => performance.now(),
  soon: (run) => { setImmediate(run); },
  later: (run, ms) => { setTimeout(run, ms); },
};

/**
 * When the live streams of a topic send the changes they hold: the first change after a quiet
 * moment goes out at once (on the next turn of the event loop, so the changes of one turn are
 * one event), later ones at most once every `intervalMs`, gathered into one event. Every stream
 * of the topic waits for the same tick, so a change reaches every open desk in one pass of the
 * event loop, before any of their re-fetches is served: with a timer per stream, timers set a
 * millisecond apart fired in different passes, and the desks that heard first had their
 * re-fetches served before the others were told.
 */
export class SendTicks {
  readonly #topics = new Map<string, { last: number; next: Promise<void> | null }>();

  constructor(readonly intervalMs: number, private readonly clock: TickClock = realClock) {}

  /** Resolves at the topic's next tick. */
  next(topic: string): Promise<void> {
    let state = this.#topics.get(topic);
    if (!state) this.#topics.set(topic, (state = { last: -Infinity, next: null }));
    if (state.next) return state.next;
    const topicState = state;
    const wait = topicState.last + this.intervalMs - this.clock.now();
    topicState.next = new Promise<void>((resolve) => {
      const tick = () => {
        topicState.last = this.clock.now();
        topicState.next = null;
        resolve();
      };
      if (wait > 0) this.clock.later(tick, wait);
      else this.clock.soon(tick);
    });
    return topicState.next;
  }
}
