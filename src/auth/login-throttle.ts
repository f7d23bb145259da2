import { hash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Db } from '../db/client.ts';
import { postgresqlNode } from '../db/postgresql.ts';

/**
 * Limits failed sign-ins (organizer passwords, judge PINs, PIN signatures, contestant
 * self-lookups), counted per account from one address (guessing one account), per address
 * (spraying many accounts) and per account from every address (guessing one account from many
 * devices).
 *
 * The attempt is reserved before the password is hashed: each counter is consumed atomically by
 * rate-limiter-flexible, so 300 concurrent guesses cannot all pass a check made while the
 * earlier ones are still hashing. A success gives its reservation back and clears that
 * account's count from that address, so only failures count. In memory: a restart forgets,
 * which is acceptable for one process at a venue; rate-limiter-flexible's SQLite and PostgreSQL
 * stores take the same calls when several nodes share a database (pass a `LimiterFactory`).
 */
export interface ThrottleLimits {
  windowMs: number;
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  /** One account (a judge, a username) from all addresses together. */
  maxFailuresPerAccountEverywhere: number;
}

export const defaultThrottleLimits: ThrottleLimits = {
  windowMs: 15 * 60 * 1000,
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 50,
  maxFailuresPerAccountEverywhere: 20,
};

/**
 * What is being guessed. Each kind has counters of its own, so a name typed into one form (an
 * organizer's username "signoff#12", say) never uses up another form's attempts.
 */
export type SecretKind = 'password' | 'judgePin' | 'signature' | 'lookup' | 'setupCode';

export type Attempt =
  | { allowed: true; /** The credentials were right: give the reservation back. */ succeeded(): Promise<void> }
  | { allowed: false; retryAfterMs: number; /** For Retry-After. */ retryAfterSeconds: number; /** For "try again in N min". */ minutes: number };

export type LimiterFactory = (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;
const memoryLimiter: LimiterFactory = (options) => new RateLimiterMemory(options);

/**
 * Where the database's throttles count: in this process for SQLite (one server); on PostgreSQL in
 * its RateLimit table, which every node shares, so a judge locked out on one node is locked out
 * on all of them.
 */
export function limiterFactoryFor(db: Db): LimiterFactory {
  const node = postgresqlNode(db);
  if (!node) return memoryLimiter;
  return (options) => new RateLimiterPostgres({ ...options, storeClient: node.counters, tableName: 'RateLimit', tableCreated: true });
}

export class LoginThrottle {
  readonly #accountFromAddress: RateLimiterAbstract;
  readonly #address: RateLimiterAbstract;
  readonly #account: RateLimiterAbstract;

  constructor(limits: ThrottleLimits = defaultThrottleLimits, limiterFactory: LimiterFactory = memoryLimiter) {
    const duration = limits.windowMs / 1000;
    this.#accountFromAddress = limiterFactory({ keyPrefix: 'signin-account-address', points: limits.maxFailuresPerAccount, duration });
    this.#address = limiterFactory({ keyPrefix: 'signin-address', points: limits.maxFailuresPerAddress, duration });
    this.#account = limiterFactory({ keyPrefix: 'signin-account', points: limits.maxFailuresPerAccountEverywhere, duration });
  }

  /**
   * Reserves one attempt for `account` from `address`, before any password is checked. Refused
   * when any limit is used up; then nothing stays reserved and the answer says how long to wait.
   */
  async attempt(kind: SecretKind, address: string, account: string): Promise<Attempt> {
    const name = `${kind}:${accountKey(account)}`;
    const fromAddress = `${kind}:${address}:${accountKey(account)}`;
    const byAddress = `${kind}:${address}`;
    const counters: [RateLimiterAbstract, string][] = [
      [this.#accountFromAddress, fromAddress],
      [this.#account, name],
      [this.#address, byAddress],
    ];
    // One counter after the other: a guess refused by the first never touches the others.
    for (const [index, [limiter, key]] of counters.entries()) {
      try {
        await limiter.consume(key);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal; // the store failed: not a refusal
        // A refused attempt checks nothing, so it uses up nothing (a refused consume counts too).
        await Promise.all(counters.slice(0, index + 1).map(([taken, takenKey]) => taken.reward(takenKey)));
        const retryAfterMs = Math.max(1000, refusal.msBeforeNext);
        return { allowed: false, retryAfterMs, retryAfterSeconds: Math.ceil(retryAfterMs / 1000), minutes: Math.ceil(retryAfterMs / 60_000) };
      }
    }
    return {
      allowed: true,
      succeeded: async () => {
        await Promise.all([
          this.#accountFromAddress.delete(fromAddress),
          this.#address.reward(byAddress),
          this.#account.reward(name),
        ]);
      },
    };
  }

  /**
   * Forgets an account's failures from all addresses together, when the secret has been
   * replaced (a new PIN): guesses at the old one tell nothing about the new one, and the judge
   * they locked out must get in. Counts per address stay.
   */
  async forget(kind: SecretKind, account: string): Promise<void> {
    await this.#account.delete(`${kind}:${accountKey(account)}`);
  }
}

/**
 * What a counter is kept under. Names come from whatever was typed (up to the 1 MB body
 * limit); a long one is kept as its hash, so a flood of huge names cannot fill memory.
 */
export const MAX_KEY_LENGTH = 64;
function accountKey(account: string): string {
  const name = account.toLowerCase();
  return name.length <= MAX_KEY_LENGTH ? name : `sha256:${hash('sha256', name)}`;
}
