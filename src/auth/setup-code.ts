import { randomInt, timingSafeEqual } from 'node:crypto';

/**
 * First-run setup belongs to whoever runs the server, not to whoever on the venue LAN opens
 * /setup first. A browser on the machine itself needs nothing; any other address must type
 * this one-time code, which the server prints on its console at start while no account
 * exists. Letters that cannot be misread (no I, L, O, 0, 1), ten of them: about 2^49 codes,
 * with wrong guesses throttled per address like sign-ins.
 */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 10;

export function newSetupCode(): string {
  const letters = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(0, ALPHABET.length)]).join('');
  return `${letters.slice(0, 5)}-${letters.slice(5)}`;
}

/** Case, spaces and dashes as typed do not matter; the comparison takes constant time. */
export function setupCodeMatches(typed: string, code: string): boolean {
  const clean = (value: string) => Buffer.from(value.toUpperCase().replace(/[\s-]/g, ''));
  const a = clean(typed);
  const b = clean(code);
  return a.length === b.length && timingSafeEqual(a, b);
}
