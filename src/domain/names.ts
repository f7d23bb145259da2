/**
 * One rule for the names people type, wherever they arrive (organizer forms, the delegation
 * link, the JSON API, spreadsheet imports, the judges' list):
 *
 * - Cleaning, always, before anything is checked or stored: Unicode NFC; every kind of
 *   whitespace (tabs, newlines, ideographic space) becomes one space, trimmed at both ends; and
 *   invisible characters are dropped: controls (Cc) and format characters (Cf), which include
 *   the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the
 *   direction marks (U+200E, U+200F, U+061C), zero-width spaces and joiners, the BOM and the
 *   soft hyphen. A "‮" inside a name would turn it around on public pages, the big screen and
 *   certificates.
 * - People (contestants, judges, contact persons): NFKC as well (full-width letters typed with a
 *   Chinese IME), no spaces between Chinese characters, the minority-name dot unified, and
 *   letters only, with · ' . - and spaces inside ("阿依古丽·买买提", "O'Brien", "J. Smith").
 * - Titles (organizations, events, skills, venues, account display names): they start with a
 *   letter, a digit or an opening bracket or quote ("（集团）…", "《…》"), never with = + - @,
 *   which spreadsheet programs run as a formula (CSV exports also defuse such cells).
 */

/** Format characters (Cf), which change how the text around them shows; the BOM among them. */
const FORMAT = /\p{Cf}/gu;
const WHITESPACE = /\s+/gu;
/** Controls (Cc) left once tabs and newlines have become spaces. */
const CONTROL = /\p{Cc}/gu;

export function cleanText(text: string): string {
  return text.normalize('NFC').replace(FORMAT, '').replace(WHITESPACE, ' ').replace(CONTROL, '').replace(/ {2,}/g, ' ').trim();
}

/** A person's name as stored: cleaned, NFKC, padding between Chinese characters removed. */
export function normalizePersonName(text: string): string {
  return cleanText(text.normalize('NFKC'))
    .replace(/(?<=\p{Script=Han})\s*[.•・‧∙·]\s*(?=\p{Script=Han})/gu, '·')
    .replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, '');
}

/** Letters of any script, with the dot, spaces, hyphens and apostrophes inside. */
const PERSON_NAME = /^[\p{L}\p{M}](?:[\p{L}\p{M}·' .-]*[\p{L}\p{M}.])?$/u;

export function isPersonName(name: string): boolean {
  return PERSON_NAME.test(name);
}

/** A name in Latin letters (the English pages' spelling): Latin letters, with ' . - and spaces inside. */
const LATIN_NAME = /^\p{Script=Latin}(?:[\p{Script=Latin}\p{M}' .-]*[\p{Script=Latin}\p{M}.])?$/u;

export function isLatinName(name: string): boolean {
  return LATIN_NAME.test(name);
}

/** Letter, digit, opening bracket or opening quote first. */
const TITLE_START = /^[\p{L}\p{N}\p{Ps}\p{Pi}"'‘“]/u;

export function isTitle(text: string): boolean {
  return TITLE_START.test(text);
}

/** Names in the order Chinese lists use (pinyin), numbers inside names by value: staff, the pool, breakdowns. */
export const byName = new Intl.Collator('zh-CN', { numeric: true });
