/**
 * A least-recently-used map bounded by the total weight of its values (bytes, or an estimate of
 * them), for the results and public-page caches: a value heavier than the whole budget is not
 * kept at all, and adding one evicts the least recently used until the rest fits.
 */
export class WeightedLru<K, V> {
  readonly #entries = new Map<K, { value: V; weight: number }>();
  #weight = 0;

  constructor(readonly maxWeight: number) {}

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V, weight: number): void {
    this.delete(key);
    if (weight > this.maxWeight) return;
    this.#entries.set(key, { value, weight });
    this.#weight += weight;
    for (const [oldest, entry] of this.#entries) {
      if (this.#weight <= this.maxWeight) break;
      this.#entries.delete(oldest);
      this.#weight -= entry.weight;
    }
  }

  delete(key: K): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#weight -= entry.weight;
  }

  get weight(): number {
    return this.#weight;
  }

  get size(): number {
    return this.#entries.size;
  }
}

const memos = new WeakMap<object, Map<string, unknown>>();

/**
 * What is made from an immutable object (a cached sheet, a parsed publication), made once per
 * slot and kept as long as the object lives: a rendered table per language, a JSON text.
 */
export function memoOn<T>(owner: object, slot: string, make: () => T): T {
  let slots = memos.get(owner);
  if (!slots) memos.set(owner, (slots = new Map()));
  if (slots.has(slot)) return slots.get(slot) as T;
  const value = make();
  slots.set(slot, value);
  return value;
}
