import { randomInt } from 'node:crypto';

/** No 0/o, 1/l/i: read off a printed slip and typed on a laptop without a second try. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** How long an initial password works: long enough to reach a colleague by post or in person. */
export const INITIAL_PASSWORD_DAYS = 7;

/**
 * A password an administrator hands to a colleague: 12 characters of 31 (about 59 bits), in
 * three groups of four ("k7mq-2xpa-9rtd"). It opens only the page that replaces it, and only
 * until `initialPasswordUntil`; sign-in guesses are throttled.
 */
export function makeInitialPassword(): string {
  const groups = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''));
  return groups.join('-');
}

export const initialPasswordUntil = (now: Date): Date => new Date(now.getTime() + INITIAL_PASSWORD_DAYS * 24 * 3_600_000);
