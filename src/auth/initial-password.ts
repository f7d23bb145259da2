import { READABLE_ALPHABET, readableCode } from '../readable-code.ts';

/** Lower case: typed on a laptop's keyboard, where capitals would need the shift key. */
const ALPHABET = READABLE_ALPHABET.toLowerCase();

/** How long an initial password works: long enough to reach a colleague by post or in person. */
export const INITIAL_PASSWORD_DAYS = 7;

/**
 * A password an administrator hands to a colleague: 12 characters of 31 (about 59 bits), in
 * three groups of four ("k7mq-2xpa-9rtd"). It opens only the page that replaces it, and only
 * until `initialPasswordUntil`; sign-in guesses are throttled.
 */
export function makeInitialPassword(): string {
  const groups = Array.from({ length: 3 }, () => readableCode(4, ALPHABET));
  return groups.join('-');
}

export const initialPasswordUntil = (now: Date): Date => new Date(now.getTime() + INITIAL_PASSWORD_DAYS * 24 * 3_600_000);
