import { randomInt } from 'node:crypto';

/** Letters and digits read off paper and typed without a second try: no 0/O, 1/I/L. */
export const READABLE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** `length` characters of the alphabet, each from the system's cryptographic random source. */
export const readableCode = (length: number, alphabet = READABLE_ALPHABET): string =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
