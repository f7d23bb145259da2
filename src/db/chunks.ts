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
