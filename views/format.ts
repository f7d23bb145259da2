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
