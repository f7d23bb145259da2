/**
 * Each live stream (server-sent events) holds a connection, a file handle and ~40 KB for as long
 * as the client stays: 2,000 anonymous streams cost 86 MB and 2,030 file handles. Streams are
 * therefore counted per client address and in total, and one past either cap is refused.
 * Generous for a hall: a big screen, a desk and a few phones per device, hundreds in all.
 */
export interface StreamLimits {
  perAddress: number;
  total: number;
}

export const defaultStreamLimits: StreamLimits = { perAddress: 20, total: 500 };

/**
 * The caps, from STREAMS_PER_ADDRESS and STREAMS_TOTAL when set (a load test from one machine,
 * or a hall with more screens than usual), else the defaults. A bad value stops the start.
 */
export function streamLimitsFrom(env: NodeJS.ProcessEnv): StreamLimits {
  const count = (name: string, fallback: number) => {
    if (env[name] === undefined || env[name] === '') return fallback;
    const value = Number(env[name]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1, got "${env[name]}"`);
    return value;
  };
  return { perAddress: count('STREAMS_PER_ADDRESS', defaultStreamLimits.perAddress), total: count('STREAMS_TOTAL', defaultStreamLimits.total) };
}

export class StreamSlots {
  readonly #perAddress = new Map<string, number>();
  #total = 0;

  constructor(readonly limits: StreamLimits = streamLimitsFrom(process.env)) {}

  /** A slot for one stream, or null when the address or the server has as many as allowed. */
  acquire(address: string): (() => void) | null {
    const mine = this.#perAddress.get(address) ?? 0;
    if (mine >= this.limits.perAddress || this.#total >= this.limits.total) return null;
    this.#perAddress.set(address, mine + 1);
    this.#total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total -= 1;
      const left = (this.#perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.#perAddress.set(address, left);
      else this.#perAddress.delete(address);
    };
  }

  get open(): number {
    return this.#total;
  }
}
