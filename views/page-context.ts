import type { CurrentAccount } from '../src/auth/sessions.ts';
import type { Locale, Translate } from '../src/i18n/index.ts';

/** What every full page needs besides its own data: the translator and who is looking. */
export interface PageContext {
  t: Translate;
  locale: Locale;
  /** Current path and query, for the language switch to come back to. */
  url: string;
  account: CurrentAccount | null;
  /** For forms only: reading it gives a first-time visitor a pre-session cookie (src/http/csrf.ts). */
  readonly csrfToken: string;
}
