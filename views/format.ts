import { pinyinName } from '../src/domain/latin-name.ts';

/**
 * Date formats made once per locale and options: building an Intl.DateTimeFormat costs about as
 * much as rendering a small page (0.1–0.5 ms), and a public page at the minute results are
 * published is rendered for every phone in the hall.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

/** A date with its time, as most screens show it (21 Nov 2026, 16:00 / 2026年11月21日 16:00). */
export const dateTime = (date: Date, locale: string) => dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);

/**
 * A name as the page's language shows it: English pages use the English name (of an event,
 * skill or organization) or the Latin one (of a person) where there is one, else the Chinese.
 */
export function shownName(locale: string, name: string, english: string | undefined): string {
  return locale === 'en' && english ? english : name;
}

/** A published sheet's event and skill, in the page's language. */
export function sheetNames(sheet: { event: { name: string; nameEn?: string }; skill: { name: string; nameEn: string } }, locale: string) {
  return { event: shownName(locale, sheet.event.name, sheet.event.nameEn), skill: shownName(locale, sheet.skill.name, sheet.skill.nameEn) };
}

/**
 * A published entry's person and organization, in the page's language. Snapshots published before
 * Latin names existed have none: English pages make the pinyin of the name (as publication does).
 */
export function entryNames(entry: { name: string; nameLatin?: string; organizationName: string; organizationNameEn?: string }, locale: string) {
  const latin = locale === 'en' ? entry.nameLatin ?? pinyinName(entry.name) : undefined;
  return { name: shownName(locale, entry.name, latin), organization: shownName(locale, entry.organizationName, entry.organizationNameEn) };
}
