import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * SQLite binds at most 999 values per statement (SQLITE_MAX_VARIABLE_NUMBER in older builds;
 * 32,766 in newer ones, which the code must not rely on), and Prisma turns `{ in: list }` into
 * one bound value per item. A list that grows with a skill (entries, codes, marks, sheets) is
 * therefore never put into one `in` filter: filter through a relation (`aspect: { criterion:
 * { roundId } }`), or split the list with chunks(). LIST_CHUNK leaves room for a second list
 * and the other values of the statement.
 */
export const LIST_CHUNK = 400;

/** The list in consecutive slices of at most `size` items (none for an empty list). */
export function chunks<T>(list: readonly T[], size = LIST_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/*
 * Reading a big event's rows (some 125,000 marks and more changes) at once would hold the event
 * loop, and every judge's request, for seconds: these read them a chunk at a time and let other
 * requests in between.
 */
const READ_CHUNK = 2000;

/** Reads rows by ascending id, READ_CHUNK at a time. */
export async function inChunks<T extends { id: number }>(read: (afterId: number, take: number) => Promise<T[]>): Promise<T[]> {
  const all: T[] = [];
  for (let after = 0; ; ) {
    const rows = await read(after, READ_CHUNK);
    for (const row of rows) all.push(row);
    if (rows.length < READ_CHUNK) return all;
    after = rows[rows.length - 1]!.id;
    await nextTurn();
  }
}

/**
 * Rows read `size` keys at a time (an index lookup each; a relation filter instead rescans the
 * parent table for every chunk), returned in id order.
 */
export async function byKeys<T extends { id: number }>(keys: number[], size: number, read: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const all: T[] = [];
  for (const chunk of chunks(keys, Math.min(size, LIST_CHUNK))) {
    for (const row of await read(chunk)) all.push(row);
    await nextTurn();
  }
  return all.sort((a, b) => a.id - b.id);
}
