import type { EventDuty } from '../src/domain/event-roles.ts';
import type { CurrentAccount } from '../src/auth/sessions.ts';
import type { Locale, Translate } from '../src/i18n/index.ts';

/** What every full page needs besides its own data: the translator and who is looking. */
export interface PageContext {
  t: Translate;
  locale: Locale;
  /** Current path and query, for the language switch to come back to. */
  url: string;
  account: CurrentAccount | null;
  /** On one event's pages: what the account may do there (src/domain/event-roles.ts), to offer only that. */
  duties?: ReadonlySet<EventDuty>;
  /** For forms only: reading it gives a first-time visitor a pre-session cookie (src/http/csrf.ts). */
  readonly csrfToken: string;
}

/** Whether the page offers what needs this duty; pages outside one event (no duties) offer everything their guard allowed. */
export const may = (page: PageContext, duty: EventDuty): boolean => !page.duties || page.duties.has(duty);
