/**
 * Mainland resident ID numbers (居民身份证号码, 公民身份号码, GB 11643-1999): six digits of
 * address code, eight of birth date (YYYYMMDD), three of sequence (the last odd for men, even
 * for women) and a check character (ISO 7064 MOD 11-2, "X" standing for 10). The 2018
 * residence permits for Hong Kong, Macao and Taiwan residents (港澳台居民居住证) use the same
 * format with address codes 810000, 820000 and 830000, and are accepted too.
 */

export type IdNumberErrorCode =
  | 'id.error.length'
  | 'id.error.format'
  | 'id.error.region'
  | 'id.error.birthDate'
  | 'id.error.checkDigit';

export type Gender = 'male' | 'female';

export type IdNumberResult =
  | { ok: true; idNumber: string; birthDate: string; gender: Gender }
  | { ok: false; code: IdNumberErrorCode };

/**
 * The first two digits: the province-level codes of GB/T 2260 (11–65, 71 Taiwan, 81 Hong Kong,
 * 82 Macao) plus 83, which GB/T 2260 does not have but the Taiwan residence permit uses.
 * "91 国外", found in many copied validators, is in no edition of the standard and is refused.
 */
export const provinceCodes: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

/** Contestants are workers: the Labour Law's minimum working age, and a sanity limit. */
export const MIN_AGE = 16;
export const MAX_AGE = 100;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** NFKC turns a Chinese IME's full-width "３３０９…ｘ" into ASCII; whitespace includes U+3000. */
export function normalizeIdNumber(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

export function checkCharacter(first17: string): string {
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(first17[i]), 0);
  return CHECK_CHARS[sum % 11]!;
}

export function validateIdNumber(raw: string, today: Date): IdNumberResult {
  const idNumber = normalizeIdNumber(raw);
  if (idNumber.length !== 18) return { ok: false, code: 'id.error.length' };
  if (!/^\d{17}[\dX]$/.test(idNumber)) return { ok: false, code: 'id.error.format' };
  if (!provinceCodes.has(idNumber.slice(0, 2))) return { ok: false, code: 'id.error.region' };
  const birthDate = readBirthDate(idNumber.slice(6, 14), today);
  if (!birthDate) return { ok: false, code: 'id.error.birthDate' };
  if (checkCharacter(idNumber) !== idNumber[17]) return { ok: false, code: 'id.error.checkDigit' };
  return { ok: true, idNumber, birthDate, gender: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female' };
}

/** "YYYY-MM-DD", or null when not a real date or the age is outside MIN_AGE..MAX_AGE on `today`. */
function readBirthDate(digits: string, today: Date): string | null {
  const [year, month, day] = [Number(digits.slice(0, 4)), Number(digits.slice(4, 6)), Number(digits.slice(6, 8))];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  const now = chinaDate(today);
  const hadBirthday = now.month > month || (now.month === month && now.day >= day);
  const age = now.year - year - (hadBirthday ? 0 : 1);
  if (age < MIN_AGE || age > MAX_AGE) return null;
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}

/** The calendar date in China (UTC+8 all year, no daylight saving), whatever the server's zone. */
function chinaDate(instant: Date) {
  const shifted = new Date(instant.getTime() + 8 * 60 * 60 * 1000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** "330902********1234": what lists and screens show; the full number only where it is needed. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 10) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 6) + '*'.repeat(idNumber.length - 10) + idNumber.slice(-4);
}

/** "138****5678" for a mobile, "0571-****8888" for a landline (extension dropped). */
export function maskPhone(phone: string): string {
  const landline = /^(0\d{2,3})-(\d+)/.exec(phone);
  if (landline) return `${landline[1]}-${'*'.repeat(landline[2]!.length - 4)}${landline[2]!.slice(-4)}`;
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  return phone.length <= 4 ? '*'.repeat(phone.length) : '*'.repeat(phone.length - 4) + phone.slice(-4);
}

/**
 * Age in full years (周岁) on `date`, both "YYYY-MM-DD" calendar dates: the birthday counts on
 * its own day, so someone born 1991-06-01 is 35 on 2026-06-01 and 34 on 2026-05-31. Born on
 * 29 February: the birthday falls on 1 March in common years (the day after 28 February).
 */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}
