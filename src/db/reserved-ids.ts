/**
 * New ids for rows written with their ids given (an event's transfer, src/transfer/import.ts):
 * its rows refer to each other, so each needs its id before the rows that point at it are written.
 */
import type { Prisma } from './generated/client.ts';

type Queries = Pick<Prisma.TransactionClient, '$queryRawUnsafe'>;

/**
 * `count` ids for `table` that no other writer will take: on PostgreSQL from the table's sequence
 * (so concurrent inserts elsewhere never collide with them); on SQLite the ones after the table's
 * highest, inside the caller's write transaction (the one writer), which SQLite's AUTOINCREMENT
 * counter then moves past by itself.
 */
export async function reserveIds(tx: Queries, dialect: 'sqlite' | 'postgresql', table: string, count: number): Promise<number[]> {
  if (!/^[A-Z][A-Za-z]+$/.test(table)) throw new Error(`reserveIds: not a table name: ${table}`);
  if (count === 0) return [];
  if (dialect === 'postgresql') {
    const rows = await tx.$queryRawUnsafe<{ id: number | bigint }[]>(
      `SELECT nextval(pg_get_serial_sequence('"${table}"', 'id')) AS id FROM generate_series(1, $1::int) ORDER BY 1`, count);
    return rows.map((r) => Number(r.id));
  }
  const [row] = await tx.$queryRawUnsafe<{ last: number | bigint | null }[]>(
    `SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), COALESCE((SELECT MAX(id) FROM "${table}"), 0)) AS last`, table);
  const last = Number(row?.last ?? 0);
  return Array.from({ length: count }, (_, i) => last + 1 + i);
}
