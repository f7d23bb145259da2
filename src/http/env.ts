import type { AppConfig } from '../config.ts';
import type { CurrentAccount } from '../auth/sessions.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import type { Db } from '../db/client.ts';
import type { EventDuty } from '../domain/event-roles.ts';
import type { StreamSlots } from '../live/stream-slots.ts';
import type { Locale, Translate } from '../i18n/index.ts';
import type { ReplayOffer } from './replay.ts';

/** What every request carries; set by the middleware in app.ts. */
export interface AppVariables {
  db: Db;
  config: AppConfig;
  loginThrottle: LoginThrottle;
  /** Live streams open, per client address and in total. */
  streams: StreamSlots;
  /** Set by hono/language. */
  language: string;
  locale: Locale;
  t: Translate;
  /** The CSRF token for this page's forms (csrf.ts); made on first use. */
  csrfToken: () => string;
  account: CurrentAccount | null;
  /** Set by the event guards (src/auth/guards.ts): the event the path's `:id` belongs to, and what the account may do there. */
  eventId?: number;
  duties?: ReadonlySet<EventDuty>;
  /** An answer the route offers to the cache in front of the app (replay.ts). */
  replay?: ReplayOffer;
}

export type AppEnv = { Variables: AppVariables };
