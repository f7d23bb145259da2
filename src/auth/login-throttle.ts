/**
 * Limits failed sign-ins, per username from one address (guessing one account) and per address
 * (spraying many accounts). In memory: a restart forgets, which is acceptable for an app that
 * runs as one process at a venue. Successful sign-ins clear the per-username counter.
 */
export interface ThrottleLimits {
  windowMs: number;
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
}

export const defaultThrottleLimits: ThrottleLimits = {
  windowMs: 15 * 60 * 1000,
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 50,
};

interface Window {
  failures: number;
  startedAt: number;
}

export class LoginThrottle {
  readonly #windows = new Map<string, Window>();

  constructor(
    private readonly limits: ThrottleLimits = defaultThrottleLimits,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Milliseconds until the next attempt is allowed, or 0 when it is allowed now. */
  retryAfterMs(address: string, username: string): number {
    const now = this.clock();
    const waits = [
      this.#wait(accountKey(address, username), this.limits.maxFailuresPerAccount, now),
      this.#wait(addressKey(address), this.limits.maxFailuresPerAddress, now),
    ];
    return Math.max(...waits);
  }

  recordFailure(address: string, username: string): void {
    const now = this.clock();
    for (const key of [accountKey(address, username), addressKey(address)]) {
      const current = this.#live(key, now);
      if (current) current.failures += 1;
      else this.#windows.set(key, { failures: 1, startedAt: now });
    }
    this.#sweep(now);
  }

  recordSuccess(address: string, username: string): void {
    this.#windows.delete(accountKey(address, username));
  }

  #wait(key: string, max: number, now: number): number {
    const window = this.#live(key, now);
    if (!window || window.failures < max) return 0;
    return window.startedAt + this.limits.windowMs - now;
  }

  #live(key: string, now: number): Window | undefined {
    const window = this.#windows.get(key);
    if (window && now - window.startedAt >= this.limits.windowMs) {
      this.#windows.delete(key);
      return undefined;
    }
    return window;
  }

  /** Keeps memory bounded under a flood of distinct usernames. */
  #sweep(now: number): void {
    if (this.#windows.size < 10_000) return;
    for (const key of this.#windows.keys()) this.#live(key, now);
  }
}

const accountKey = (address: string, username: string) => `u:${address}:${username.toLowerCase()}`;
const addressKey = (address: string) => `a:${address}`;
