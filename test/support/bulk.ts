import type { Db } from '../../src/db/client.ts';
import { native } from '../../src/db/native.ts';

/** Rows for one table: its columns, and one array of values per row in that order. */
export interface Rows {
  table: string;
  columns: string[];
  values: unknown[][];
}

/** PostgreSQL takes at most 65,535 bound values in one statement. */
const VALUES_PER_STATEMENT = 30_000;

/**
 * Inserts fixtures of real size (thousands of entries, hundreds of thousands of marks) the fast
 * way, in one transaction per call: prepared better-sqlite3 statements on SQLite, multi-row
 * INSERTs on PostgreSQL. Returns each part's new ids (parts with `id: false` return none).
 * Caches are told everything changed, as after any write outside Prisma.
 */
export async function bulkInsert(db: Db, parts: (Rows & { id?: boolean })[]): Promise<number[][]> {
  const connection = native(db);
  const quoted = (columns: string[]) => columns.map((c) => `"${c}"`).join(', ');
  let ids: number[][];
  if (connection.dialect === 'postgresql') {
    ids = await connection.transaction(async ({ client }) => {
      const out: number[][] = [];
      for (const part of parts) {
        const got: number[] = [];
        const perStatement = Math.max(1, Math.floor(VALUES_PER_STATEMENT / part.columns.length));
        for (let start = 0; start < part.values.length; start += perStatement) {
          const slice = part.values.slice(start, start + perStatement);
          let n = 0;
          const tuples = slice.map((row) => `(${row.map(() => `$${++n}`).join(', ')})`).join(', ');
          const { rows } = await client.query({
            text: `INSERT INTO "${part.table}" (${quoted(part.columns)}) VALUES ${tuples}${part.id === false ? '' : ' RETURNING "id"'}`,
            values: slice.flat(),
          });
          for (const row of rows as { id: number }[]) got.push(row.id);
        }
        out.push(got);
      }
      return out;
    });
  } else {
    ids = await connection.inTurn((sqlite) => sqlite.transaction(() => parts.map((part) => {
      const insert = sqlite.prepare(`INSERT INTO "${part.table}" (${quoted(part.columns)}) VALUES (${part.columns.map(() => '?').join(', ')})`);
      return part.values.map((row) => Number(insert.run(...row).lastInsertRowid)).filter(() => part.id !== false);
    }))());
  }
  connection.generations.wroteAll();
  return ids;
}

/** A DateTime value as Prisma stores it: SQLite text with an offset; PostgreSQL a timestamp (UTC). */
export const storedNow = (db: Db) => (native(db).dialect === 'postgresql' ? new Date().toISOString().replace('Z', '') : new Date().toISOString().replace('Z', '+00:00'));
