import { z } from '../zod.ts';

/** Lower-case letters, digits and . _ -, 3–32 long: typed on a venue laptop, shown in the audit log. */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,32}$/;

/** A username as typed: trimmed and folded to lower case before the pattern is checked. */
export const username = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'validation.required')
  .regex(USERNAME_PATTERN, 'validation.usernameFormat');
