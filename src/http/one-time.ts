import { randomBytes } from 'node:crypto';

/**
 * What a POST makes once and must show once: new judges' PINs. The POST keeps it here and
 * redirects to a view of it (POST/redirect/GET), so a reload shows the same PINs again instead
 * of creating the judges again. Only the account that made it sees it, for a few minutes (long
 * enough to print the cards); then it is gone. Kept in this process's memory on purpose: a
 * secret never written to the database is never in a snapshot; after a restart the organizer
 * issues a new PIN.
 */
export class OneTimeViews<T> {
  readonly #views = new Map<string, { accountId: number; value: T; until: number }>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    /** Bounded: the oldest go first. */
    private readonly max = 500,
  ) {}

  /** Keeps `value` for `accountId`; the id to put in the view's address (22 URL-safe characters, 128 bits). */
  put(accountId: number, value: T, now = Date.now()): string {
    this.#sweep(now);
    while (this.#views.size >= this.max) this.#views.delete(this.#views.keys().next().value!);
    const id = randomBytes(16).toString('base64url');
    this.#views.set(id, { accountId, value, until: now + this.ttlMs });
    return id;
  }

  /** The value, while it lasts and only for the account that made it; null otherwise (also for a malformed id). */
  get(id: string, accountId: number, now = Date.now()): T | null {
    if (!OneTimeViews.isId(id)) return null;
    const view = this.#views.get(id);
    if (!view || view.until <= now) {
      this.#views.delete(id);
      return null;
    }
    return view.accountId === accountId ? view.value : null;
  }

  /** Used up: a confirmed import must not be confirmed again by a reload. */
  delete(id: string): void {
    this.#views.delete(id);
  }

  static isId(id: string): boolean {
    return /^[A-Za-z0-9_-]{22}$/.test(id);
  }

  #sweep(now: number) {
    for (const [id, view] of this.#views) if (view.until <= now) this.#views.delete(id);
  }
}

/**
 * A view kept for one event, as its address asks for it: 'malformed' (an id no view ever had:
 * 404), 'gone' (expired, someone else's, or another event's: 410, saying what to do), or it.
 */
export function viewOfEvent<T extends { eventId: number }>(views: OneTimeViews<T>, id: string, accountId: number, eventId: number): T | 'malformed' | 'gone' {
  if (!OneTimeViews.isId(id)) return 'malformed';
  const value = views.get(id, accountId);
  return value && value.eventId === eventId ? value : 'gone';
}
