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
