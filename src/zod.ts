/**
 * zod as every module should import it. @hono/zod-openapi adds .openapi() to zod schemas when
 * it is loaded, and zod 4 puts methods on each schema as it is made: a schema created before
 * that import lacks .openapi() and the API module documenting it crashes. Taking z from here
 * makes the order irrelevant.
 */
import { z } from '@hono/zod-openapi';

export { z };

/** A reason a consequential action must give: required (`key` when missing or blank), trimmed, at most 500 characters. */
export function requiredReason(key: string) {
  return z.string({ error: key }).trim().min(1, key).max(500, 'validation.tooLong');
}
