import type { Db } from './client.ts';
import { native } from './native.ts';
import { perDatabase } from './per-database.ts';

/**
 * Values read from the database, kept in memory per database and id while none of the tables
 * their read touches has been written (src/db/generations.ts). The key is taken BEFORE the read
 * runs: a write landing while it runs changes the key, so what it read is never served after
 * that write, only read again. Callers that arrive while a read is under way share it.
 *
 * A cached value is shared by every caller, so it is deep-frozen: code that would change it
 * throws instead of changing it for everybody. At most `limit` ids are kept (the oldest go first).
 */
export class GenerationCache<Id, Value> {
  readonly #entries = perDatabase<Db, Map<Id, { key: string; value: Promise<Value> }>>(() => new Map());

  constructor(
    readonly tables: readonly string[],
    private readonly limit = 10_000,
  ) {}

  /** The generations key of the tables: equal keys, equal values. */
  key(db: Db): string {
    return native(db).generations.key(this.tables);
  }

  /** The value for `id` (read by `load` if nothing valid is cached), with the key it holds under. */
  async get(db: Db, id: Id, load: () => Promise<Value>): Promise<{ key: string; value: Value }> {
    const entries = this.#entries(db);
    const key = this.key(db);
    const cached = entries.get(id);
    if (cached?.key === key) return { key, value: await cached.value };
    const value = load().then(deepFreeze);
    entries.delete(id);
    entries.set(id, { key, value });
    if (entries.size > this.limit) entries.delete(entries.keys().next().value as Id);
    try {
      return { key, value: await value };
    } catch (error) {
      if (entries.get(id)?.value === value) entries.delete(id);
      throw error;
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
