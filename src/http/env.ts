import type { AppConfig } from '../config.ts';
import type { CurrentAccount } from '../auth/sessions.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import type { Db } from '../db/client.ts';
import type { StreamSlots } from '../live/stream-slots.ts';
import type { Locale, Translate } from '../i18n/index.ts';

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
  csrfToken: string;
  account: CurrentAccount | null;
}

export type AppEnv = { Variables: AppVariables };
