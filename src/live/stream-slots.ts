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

export class StreamSlots {
  readonly #perAddress = new Map<string, number>();
  #total = 0;

  constructor(readonly limits: StreamLimits = defaultStreamLimits) {}

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
