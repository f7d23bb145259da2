/**
 * A certificate's number as people read and quote them: the year it was issued, the skill's
 * number in the event, and the certificate's place in the skill's list (by rank), e.g.
 * 2026-03-007. A correction republished as version 2 or later says so (2026-03-007-2), so a
 * superseded certificate and its replacement never share a number.
 */
export function certificateNumber(parts: { issued: Date; skillNumber: number; serial: number; version: number }): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const base = `${parts.issued.getFullYear()}-${pad(parts.skillNumber, 2)}-${pad(parts.serial, 3)}`;
  return parts.version > 1 ? `${base}-${parts.version}` : base;
}

/** How long a certificate's verification code is: 10 of 31 characters, about 50 bits. */
export const VERIFICATION_CODE_LENGTH = 10;
const CODE_CHARACTERS = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]+$/;

/**
 * A verification code as typed from paper: any case, with spaces, dots or dashes between the
 * groups. Null for anything that is not one (a wrong length, a character codes never contain).
 */
export function normaliseVerificationCode(typed: string): string | null {
  if (typed.length > 40) return null;
  const code = typed.replace(/[\s\-－—·.]/g, '').toUpperCase();
  return code.length === VERIFICATION_CODE_LENGTH && CODE_CHARACTERS.test(code) ? code : null;
}

/** Printed in two groups of five: 7K3M9-QP2XA. */
export const formatVerificationCode = (code: string): string => `${code.slice(0, 5)}-${code.slice(5)}`;

/**
 * A name as a public verification page shows it: enough to match the paper in one's hand, not
 * enough to look a stranger up. Chinese names keep the first and last character (张伟 → 张*,
 * 欧阳娜娜 → 欧**娜); Latin names each word's first letter (Zhang Wei → Z**** W**).
 */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (/^[\p{Script=Han}·]+$/u.test(trimmed)) {
    const chars = [...trimmed];
    if (chars.length <= 2) return `${chars[0] ?? ''}*`;
    return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
  }
  return trimmed.split(/\s+/).filter(Boolean).map((word) => {
    const chars = [...word];
    return `${chars[0]}${'*'.repeat(Math.max(chars.length - 1, 1))}`;
  }).join(' ');
}
