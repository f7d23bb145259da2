import { createRequire } from 'node:module';

/**
 * What an organizer's password must be. Organizer accounts hold every contestant's personal
 * data and sign in with a password alone, so guessable ones are refused:
 * - at least 10 characters (NIST SP 800-63B asks 8 at least and more when the password is the
 *   only factor; 10 together with the list below and the sign-in throttle is what venue staff
 *   still type reliably on a shared laptop), at most 200 (an unbounded input is a
 *   denial-of-service lever for the hash);
 * - not one of the ~49,000 most common passwords (the list zxcvbn-ts ships, built from leaked
 *   password corpora) nor a few common in China that it lacks, compared ignoring case;
 * - not the username or the display name, and not four or fewer distinct characters
 *   ("1111111111", "abababababab").
 * Lengths count characters after NFKC normalisation, as the hash does (src/auth/password.ts).
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** Common in mainland China (pinyin, 520/1314 "I love you forever") and absent from the list. */
const CHINESE_COMMON = ['woaini1314', 'woaini520', 'woaini123456', 'aini1314520', '5201314520', '1314520520', 'zhangwei123', 'wangwei123', 'jiangxin123', 'qq123456789'];
let common: Set<string> | undefined;
// The list (~6 MB in memory with the rest of its package) is read at the first password checked,
// not at every start of the server, which checks none until an account is created.
const commonPasswords = () => (common ??= new Set([...loadDictionary()['passwords-common'], ...CHINESE_COMMON]));
const loadDictionary = (): typeof import('@zxcvbn-ts/language-common').dictionary =>
  createRequire(import.meta.url)('@zxcvbn-ts/language-common').dictionary;

export type PasswordProblem = 'tooShort' | 'tooLong' | 'common' | 'personal';

export function passwordProblem(password: string, person: { username?: string; displayName?: string } = {}): PasswordProblem | null {
  const normalised = password.normalize('NFKC');
  const length = [...normalised].length;
  if (length < PASSWORD_MIN_LENGTH) return 'tooShort';
  if (length > PASSWORD_MAX_LENGTH) return 'tooLong';
  const folded = normalised.toLowerCase();
  if (commonPasswords().has(folded) || new Set(folded).size <= 4) return 'common';
  const own = [person.username, person.displayName].map((v) => v?.normalize('NFKC').trim().toLowerCase()).filter(Boolean);
  if (own.includes(folded.trim())) return 'personal';
  return null;
}
