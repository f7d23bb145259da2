import type { Db } from '../db/client.ts';
import { native } from '../db/native.ts';

/**
 * The hot path of roundState() (src/desk/queries.ts): every mark of a round, through one prepared
 * better-sqlite3 statement, handed over one row at a time. A round of 3,000 entries × 25 aspects ×
 * 5 judges has 375,000 marks: read through Prisma they were 375,000 row objects (and Prisma's own
 * intermediate values) alive beside the marks made from them, about 100 MB at once; one row at a
 * time, each row is garbage before the next is read. One turn of the connection, so a consistent
 * snapshot; the round id is the only bound value.
 */
const MARKS = `SELECT m.id, m.entryId, m.aspectId, m.judgeId, m.state, m.value, m.version, m.updatedAt
  FROM Mark m JOIN Aspect a ON a.id = m.aspectId JOIN Criterion c ON c.id = a.criterionId WHERE c.roundId = ?`;

/** A mark row as stored: updatedAt as SQLite holds it (see sqliteDate()). */
export type MarkRow = [id: number, entryId: number, aspectId: number, judgeId: number, state: string, value: number | null, version: number, updatedAt: string | number];

/** Calls `each` with every mark row of the round's aspects, in no particular order. */
export function eachRoundMark(db: Db, roundId: number, each: (row: MarkRow) => void): Promise<void> {
  const connection = native(db);
  return connection.inTurn(() => {
    for (const row of connection.statement(MARKS).raw(true).iterate(roundId)) each(row as MarkRow);
  });
}
