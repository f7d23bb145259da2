import type { Db } from '../db/client.ts';
import { native } from '../db/native.ts';

/**
 * The hot path of roundState() (src/desk/queries.ts): every mark of a round, through one prepared
 * statement, handed over one row at a time. A round of 3,000 entries × 25 aspects × 5 judges has
 * 375,000 marks: read through Prisma they were 375,000 row objects (and Prisma's own
 * intermediate values) alive beside the marks made from them, about 100 MB at once; one row at a
 * time, each row is garbage before the next is read. One snapshot (SQLite: one turn of the
 * connection; PostgreSQL: a cursor in a read-only transaction, fetched in slices); the round id
 * is the only bound value.
 */
const MARKS = `SELECT m."id", m."entryId", m."aspectId", m."judgeId", m."state", m."value", m."version", m."updatedAt"
  FROM "Mark" m JOIN "Aspect" a ON a."id" = m."aspectId" JOIN "Criterion" c ON c."id" = a."criterionId" WHERE c."roundId" = ?`;

/** Rows a PostgreSQL cursor hands over at a time: few enough to stay small, many enough that round trips do not count. */
const SLICE = 5000;

/** A mark row as stored: updatedAt as the driver returns it (see storedDate()). */
export type MarkRow = [id: number, entryId: number, aspectId: number, judgeId: number, state: string, value: number | null, version: number, updatedAt: Date | string | number];

/** Calls `each` with every mark row of the round's aspects, in no particular order. */
export function eachRoundMark(db: Db, roundId: number, each: (row: MarkRow) => void): Promise<void> {
  const connection = native(db);
  if (connection.dialect === 'postgresql') {
    return connection.snapshot(async ({ client }) => {
      await client.query({ text: `DECLARE round_marks NO SCROLL CURSOR FOR ${MARKS.replace('?', '$1')}`, values: [roundId] });
      for (;;) {
        const { rows } = await client.query({ text: `FETCH ${SLICE} FROM round_marks`, rowMode: 'array' });
        for (const row of rows) each(row as MarkRow);
        if (rows.length < SLICE) return;
      }
    });
  }
  return connection.inTurn(() => {
    for (const row of connection.statement(MARKS).raw(true).iterate(roundId)) each(row as MarkRow);
  });
}
