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
 * A DELETE, a REPLACE or an UPDATE of a referenced column also writes what its foreign keys'
 * actions reach (ON DELETE CASCADE / SET NULL, ON UPDATE CASCADE), read from the schema
 * (Cascades); anything else that is not a plain INSERT/UPDATE changes everything as far as
 * caches are concerned. No trigger of the schema writes (they only refuse).
 *
 * In process memory, per node. With several app nodes on PostgreSQL, every committed write is
 * also announced by a trigger to every node (src/db/postgresql.ts), which counts it here.
 */
export class WriteGenerations {
  readonly #tables = new Map<string, number>();
  #epoch = 0;
  /** While writes of other nodes cannot be heard (PostgreSQL's listener is down), no key repeats: nothing is served from a cache. */
  #unheard = false;
  #unheardKeys = 0;

  /** Whether other nodes' writes go unheard now. */
  unheard(unheard: boolean): void {
    this.#unheard = unheard;
  }

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
    let key = this.#unheard ? `${this.#epoch}!${++this.#unheardKeys}` : String(this.#epoch);
    for (const table of tables) key += `:${this.#tables.get(table) ?? 0}`;
    return key;
  }
}

/** What a statement writes: no table (a read or transaction control), some tables, or 'all'. */
export type Written = readonly string[] | 'all';

/** A foreign key as SQLite lists it: `child`.`from` references `parent`.`to`. */
export interface ForeignKey { child: string; from: string; parent: string; to: string; onUpdate: string; onDelete: string }

const acts = (action: string) => action === 'CASCADE' || action === 'SET NULL' || action === 'SET DEFAULT';

/** Which tables the foreign keys' actions write when rows of a table are deleted or their columns updated. */
export class Cascades {
  readonly #byParent = new Map<string, ForeignKey[]>();

  constructor(keys: readonly ForeignKey[]) {
    for (const key of keys) this.#byParent.set(key.parent, [...(this.#byParent.get(key.parent) ?? []), key]);
  }

  /** The schema's foreign keys, from the connection itself. */
  static of(sqlite: { prepare(sql: string): { all(): unknown[] } }): Cascades {
    const rows = sqlite.prepare(`SELECT m.name AS child, k."from" AS "from", k."table" AS parent, k."to" AS "to", k.on_update AS onUpdate, k.on_delete AS onDelete
      FROM sqlite_master m, pragma_foreign_key_list(m.name) k WHERE m.type = 'table'`).all() as ForeignKey[];
    return new Cascades(rows);
  }

  /** Deleting rows of `table`: it, and what ON DELETE CASCADE / SET NULL reaches, transitively. */
  ofDelete(table: string): string[] {
    return this.#reach([[table, null]]);
  }

  /** Updating `columns` of `table` ('any': not known): it, and what ON UPDATE actions reach. */
  ofUpdate(table: string, columns: readonly string[] | 'any'): string[] {
    return this.#reach([[table, columns]]);
  }

  /** `columns` null: the rows are deleted. */
  #reach(start: [string, readonly string[] | 'any' | null][]): string[] {
    const tables = new Set<string>();
    const seen = new Set<string>();
    const todo = [...start];
    while (todo.length > 0) {
      const [table, columns] = todo.pop()!;
      tables.add(table);
      for (const key of this.#byParent.get(table) ?? []) {
        const next: [string, readonly string[] | null] | null = columns === null
          ? (key.onDelete === 'CASCADE' ? [key.child, null] : acts(key.onDelete) ? [key.child, [key.from]] : null)
          : (columns === 'any' || columns.includes(key.to)) && acts(key.onUpdate) ? [key.child, [key.from]] : null;
        if (!next) continue;
        const id = `${next[0]}|${next[1]?.join(',') ?? '-'}`;
        if (seen.has(id)) continue;
        seen.add(id);
        todo.push(next);
      }
    }
    return [...tables];
  }
}

const reads = /^\s*(?:SELECT|PRAGMA\s+\w+\s*(?:;|$)|BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|EXPLAIN|SET\s+TRANSACTION)\b/i;
const TABLE = '((?:[`"[]?\\w+[`"\\]]?\\s*\\.\\s*)?[`"[]?\\w+[`"\\]]?)';
const insert = new RegExp(`^\\s*INSERT\\s+(?:OR\\s+(?:ABORT|FAIL|IGNORE|ROLLBACK)\\s+)?INTO\\s+${TABLE}`, 'i');
const replace = new RegExp(`^\\s*(?:REPLACE|INSERT\\s+OR\\s+REPLACE)\\s+INTO\\s+${TABLE}`, 'i');
const update = new RegExp(`^\\s*UPDATE\\s+(?:OR\\s+(?:ABORT|FAIL|IGNORE|ROLLBACK)\\s+)?${TABLE}`, 'i');
const remove = new RegExp(`^\\s*DELETE\\s+FROM\\s+${TABLE}`, 'i');
const tableName = (target: string) => target.split('.').pop()!.trim().replace(/^[`"[]|[`"\]]$/g, '');

/**
 * The columns a SET clause assigns (`a` = ?, "b" = "b" + 1): every name followed by "=" up to the
 * WHERE, which may name more than are assigned, never fewer; 'any' when a subquery is in it.
 */
function assigned(sql: string): readonly string[] | 'any' {
  const set = /\bSET\b([\s\S]*?)(?:\bWHERE\b|\bRETURNING\b|$)/i.exec(sql)?.[1];
  if (set === undefined || /\bSELECT\b/i.test(set)) return 'any';
  return [...set.matchAll(/[`"[]?(\w+)[`"\]]?\s*=/g)].map((m) => m[1]!);
}

/**
 * The tables a statement writes (Prisma writes `main`.`Mark`). Without `cascades` only a plain
 * INSERT or UPDATE is attributed; with them DELETE, REPLACE, upserts and updates of referenced
 * columns too. Anything else: 'all'.
 */
export function writtenBy(sql: string, cascades?: Cascades): Written {
  if (reads.test(sql)) return [];
  if (/^\s*WITH\b/i.test(sql)) return 'all';
  const replaced = replace.exec(sql)?.[1];
  if (replaced) return cascades ? cascades.ofDelete(tableName(replaced)) : 'all';
  const inserted = insert.exec(sql)?.[1];
  if (inserted) {
    // An upsert's DO UPDATE is an update of the row it ran into.
    const upsert = /\bON\s+CONFLICT\b[\s\S]*\bDO\s+UPDATE\b([\s\S]*)$/i.exec(sql)?.[1];
    if (upsert === undefined) return [tableName(inserted)];
    return cascades ? cascades.ofUpdate(tableName(inserted), assigned(upsert)) : [tableName(inserted)];
  }
  const updated = update.exec(sql)?.[1];
  if (updated) return cascades ? cascades.ofUpdate(tableName(updated), assigned(sql)) : [tableName(updated)];
  const deleted = remove.exec(sql)?.[1];
  if (deleted && cascades) return cascades.ofDelete(tableName(deleted));
  return 'all';
}
