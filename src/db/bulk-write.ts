/**
 * Writing many rows with their ids given, inside a Prisma interactive transaction: an event's
 * transfer (src/transfer/import.ts), whose rows refer to each other, so each needs its id before
 * the rows that point at it are written. Raw SQL, because Prisma's createMany takes some fifteen
 * times as long per row (20,000 rows: 1.8 s against 0.12 s) and a big event has 750,000.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Prisma } from './generated/client.ts';

type Queries = Pick<Prisma.TransactionClient, '$queryRawUnsafe' | '$executeRawUnsafe'>;
type Dialect = 'sqlite' | 'postgresql';

const identifier = (name: string) => {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`bulk write: not an identifier: ${name}`);
  return `"${name}"`;
};

/**
 * `count` ids for `table` that no other writer will take: on PostgreSQL from the table's sequence
 * (so concurrent inserts elsewhere never collide with them); on SQLite the ones after the table's
 * highest, inside the caller's write transaction (the one writer), which SQLite's AUTOINCREMENT
 * counter then moves past by itself.
 */
export async function reserveIds(tx: Queries, dialect: Dialect, table: string, count: number): Promise<number[]> {
  const quoted = identifier(table);
  if (count === 0) return [];
  if (dialect === 'postgresql') {
    const rows = await tx.$queryRawUnsafe<{ id: number | bigint }[]>(
      `SELECT nextval(pg_get_serial_sequence('${quoted}', 'id')) AS id FROM generate_series(1, $1::int) ORDER BY 1`, count);
    return rows.map((r) => Number(r.id));
  }
  const [row] = await tx.$queryRawUnsafe<{ last: number | bigint | null }[]>(
    `SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), COALESCE((SELECT MAX(id) FROM ${quoted}), 0)) AS last`, table);
  const last = Number(row?.last ?? 0);
  return Array.from({ length: count }, (_, i) => last + 1 + i);
}

export type BulkType = 'int' | 'float' | 'text' | 'bool' | 'date';

/** SQLite binds at most 999 values a statement (src/db/chunks.ts); PostgreSQL 65,535, and each statement is a round trip. */
const BOUND_VALUES = { sqlite: 900, postgresql: 30_000 };
const pgCast: Record<BulkType, string> = { int: 'integer', float: 'double precision', text: 'text', bool: 'boolean', date: 'timestamp(3)' };

/** A value as Prisma's adapter stores it, so that Prisma reads it back alike (see src/judging/mark-store.ts). */
function stored(dialect: Dialect, type: BulkType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'date') return dialect === 'sqlite' ? (value as Date).toISOString().replace('Z', '+00:00') : (value as Date).toISOString().replace('Z', '');
  if (type === 'bool' && dialect === 'sqlite') return value ? 1 : 0;
  return value;
}

/** Inserts `rows` (objects with every column of `columns`) into `table`, as many per statement as may be bound. */
export async function insertRows(tx: Queries, dialect: Dialect, table: string, columns: Record<string, BulkType>, rows: Record<string, unknown>[]): Promise<void> {
  const names = Object.keys(columns);
  const head = `INSERT INTO ${identifier(table)} (${names.map(identifier).join(', ')}) VALUES `;
  const size = Math.max(1, Math.floor(BOUND_VALUES[dialect] / names.length));
  for (let start = 0; start < rows.length; start += size) {
    const part = rows.slice(start, start + size);
    let n = 0;
    const tuple = () => `(${names.map((name) => (dialect === 'sqlite' ? '?' : `$${++n}::${pgCast[columns[name]!]}`)).join(', ')})`;
    const sql = head + part.map(tuple).join(', ');
    await tx.$executeRawUnsafe(sql, ...part.flatMap((row) => names.map((name) => stored(dialect, columns[name]!, row[name]))));
    // Other requests' turn between statements (their database work waits for the transaction on SQLite).
    await nextTurn();
  }
}
