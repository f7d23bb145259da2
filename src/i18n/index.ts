import type { Context, MiddlewareHandler } from 'hono';
import { setCookie } from 'hono/cookie';
import { detectFromCookie, detectFromHeader, detectFromQuery } from 'hono/language';
import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-CN.ts';
import { safeNextPath } from '../http/safe-path.ts';

export type { MessageKey };
export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];
/** Chinese is the users' first language, so it is the fallback. */
export const defaultLocale: Locale = 'zh-CN';

export const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  return (key, params) => {
    const message = catalogue[key];
    if (!params) return message;
    return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

export const LANGUAGE_COOKIE = 'lang';
const LANGUAGE_QUERY = 'lang';

/** Pages that take ?lang= as their content's language, without remembering it. */
const ownLanguagePages = /^\/skills\/[^/]+\/certificates$/;

const detection = {
  supportedLanguages: [...locales],
  lookupQueryString: LANGUAGE_QUERY,
  lookupCookie: LANGUAGE_COOKIE,
  lookupFromHeaderKey: 'accept-language',
  ignoreCase: true,
  convertDetectedLanguage: (lang: string) => (lang.toLowerCase().startsWith('zh') ? 'zh-CN' : lang),
} as Parameters<typeof detectFromCookie>[1];

/** The language of a request that chose none in its URL: the remembered cookie, else Accept-Language. */
export function requestLocale(c: Context): Locale {
  return localeOf(detectFromCookie(c, detection) ?? detectFromHeader(c, detection));
}

/**
 * Picks the language: an explicit ?lang= choice (remembered in a cookie for a year, then the
 * URL is cleaned by a redirect), else the remembered cookie, else Accept-Language.
 * Any Chinese variant maps to zh-CN: it is the only Chinese catalogue.
 */
export function languageMiddleware(options: { secureCookies: boolean }): MiddlewareHandler {
  return async (c, next) => {
    // Most requests have no query string: nothing to parse.
    const chosen = c.req.url.includes('?') ? c.req.query(LANGUAGE_QUERY) : undefined;
    // Pages only: an API client asking ?lang= gets its answer, not a redirect. Printouts whose
    // own language is a parameter (award certificates) use it for this request only.
    if (chosen !== undefined && c.req.method === 'GET' && !c.req.path.startsWith('/api/') && !ownLanguagePages.test(c.req.path)) {
      if (isLocale(chosen)) {
        setCookie(c, LANGUAGE_COOKIE, chosen, {
          path: '/',
          maxAge: 365 * 24 * 60 * 60,
          httpOnly: true,
          sameSite: 'Lax',
          secure: options.secureCookies,
        });
      }
      const url = new URL(c.req.url);
      url.searchParams.delete(LANGUAGE_QUERY);
      return c.redirect(safeNextPath(url.pathname + url.search) ?? '/', 303);
    }
    c.set('language', (chosen !== undefined && detectFromQuery(c, detection)) || requestLocale(c));
    return next();
  };
}

export function localeOf(language: string | undefined): Locale {
  return isLocale(language) ? language : defaultLocale;
}
