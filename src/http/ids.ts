import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';

/** Ids are 32-bit in the database: a larger one would make Prisma throw instead of finding nothing. */
export const MAX_ID = 2 ** 31 - 1;

/** A database id as text: decimal digits, no sign or leading zero, 1 … 2^31−1. Anything else is null. */
export function parseId(value: string | undefined | null): number | null {
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= MAX_ID ? id : null;
}

/** A malformed id in the path names nothing: app.ts answers this with the translated 404 page. */
export class NoSuchId extends HTTPException {
  constructor() {
    super(404);
  }
}

/** The id in a path parameter (default `:id`); a malformed one ends the request as a 404. */
export function idParam(c: Context, name = 'id'): number {
  const id = parseId(c.req.param(name));
  if (id === null) throw new NoSuchId();
  return id;
}
