/**
 * Write generations: a counter per table, bumped after every committed write to it, so a cache
 * can be keyed by "nothing I read has changed" without asking the database. A cached value is
 * stored under the key read BEFORE its queries ran; a write that lands meanwhile changes the key,
 * so the value is never served after that write, only recomputed.
 *
 * Every statement Prisma sends passes through src/db/serialized-adapter.ts, which reports the
 * tables it writes (inside a transaction: at commit, before the caller hears "done"). A writer
 * that bypasses Prisma (the raw hot paths, src/db/native.ts) reports its tables itself; one that
 * writes through another connection (restoring a backup, a test fixture) calls wroteAll().
 * A DELETE or REPLACE may cascade into other tables, and anything that is not a plain
 * INSERT/UPDATE changes everything as far as caches are concerned.
 *
 * In process memory: with several app nodes on one database these would have to travel between
 * nodes (the multi-node issue), exactly like the live notifier.
 */
export class WriteGenerations {
  readonly #tables = new Map<string, number>();
  #epoch = 0;

  /** After a committed write to these tables (names as in the schema: 'Mark', 'MarkChange'). */
  wrote(tables: Iterable<string>): void {
    for (const table of tables) this.#tables.set(table, (this.#tables.get(table) ?? 0) + 1);
  }

  /** After a change nobody can attribute to tables: a restore, a migration, a script. */
  wroteAll(): void {
    this.#epoch += 1;
  }

  /** A string that changes whenever any of these tables is written. */
  key(tables: readonly string[]): string {
    let key = String(this.#epoch);
    for (const table of tables) key += `:${this.#tables.get(table) ?? 0}`;
    return key;
  }
}

/** What a statement writes: no table (a read or transaction control), some tables, or 'all'. */
export type Written = readonly string[] | 'all';

const reads = /^\s*(?:SELECT|PRAGMA\s+\w+\s*(?:;|$)|BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|EXPLAIN)\b/i;
const insert = /^\s*INSERT\s+(?:OR\s+(?:ABORT|FAIL|IGNORE|ROLLBACK)\s+)?INTO\s+((?:[`"[]?\w+[`"\]]?\s*\.\s*)?[`"[]?\w+[`"\]]?)/i;
const update = /^\s*UPDATE\s+(?:OR\s+(?:ABORT|FAIL|IGNORE|ROLLBACK)\s+)?((?:[`"[]?\w+[`"\]]?\s*\.\s*)?[`"[]?\w+[`"\]]?)/i;

/** The table of a plain INSERT or UPDATE (Prisma writes `main`.`Mark`), else a read, else 'all'. */
export function writtenBy(sql: string): Written {
  if (reads.test(sql)) return [];
  const target = insert.exec(sql)?.[1] ?? update.exec(sql)?.[1];
  if (!target) return 'all';
  const name = target.split('.').pop()!.trim().replace(/^[`"[]|[`"\]]$/g, '');
  return [name];
}
