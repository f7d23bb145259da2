import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { retryAfterSeconds, type StorageFailure } from '../db/errors.ts';
import type { MessageParams } from '../i18n/index.ts';
import type { PageContext } from '../../views/page-context.ts';
import { ErrorPage } from '../../views/pages/error.tsx';
import type { AppEnv } from './env.ts';
import { safeNextPath } from './safe-path.ts';

/** What every page's layout needs; `url` replaces the request's own (a cached public page links to its clean path). */
export function pageContext<E extends AppEnv>(c: Context<E>, overrides: { url?: string } = {}): PageContext {
  const { t, locale, account, csrfToken, duties } = c.var;
  let url = overrides.url;
  if (url === undefined) {
    const parsed = new URL(c.req.url);
    // The language switch links back here: never to "//evil.example/…" taken from the request.
    url = safeNextPath(parsed.pathname + parsed.search) ?? '/';
  }
  return {
    t,
    locale,
    url,
    account,
    ...(duties ? { duties } : {}),
    // Only a page that renders a form asks for it (and so gives a first visitor a cookie: csrf.ts).
    get csrfToken() { return csrfToken(); },
  };
}

export function renderError<E extends AppEnv>(
  c: Context<E>,
  status: ContentfulStatusCode,
  kind: 'notFound' | 'server' | 'csrf' | 'forbidden' | 'notStaff' | 'tooLarge' | 'badForm' | 'unavailable' | 'pinsGone' | 'linkGone' | 'slipGone',
  params?: MessageParams,
): Response | Promise<Response> {
  const { t } = c.var;
  const title = t(`error.${kind}.title`);
  const body = t(`error.${kind}.body`, params);
  return c.html(<ErrorPage page={pageContext(c)} title={title} body={body} />, status);
}

/**
 * The database cannot take a write now (locked by another process, full disk): 503 with
 * Retry-After, which the tablet's queue retries with the marks kept. JSON for fetch() callers
 * such as the queue, the translated page otherwise.
 */
export function renderUnavailable(c: Context<AppEnv>, failure: StorageFailure): Response | Promise<Response> {
  const seconds = retryAfterSeconds(failure);
  c.header('Retry-After', String(seconds));
  if (c.req.header('accept')?.includes('application/json')) {
    return c.json({ error: c.get('t')('error.unavailable.body', { seconds }) }, 503);
  }
  return renderError(c, 503, 'unavailable', { seconds });
}

/**
 * Redirect after a successful post. htmx follows a 303 inside fetch and would swap the next
 * page into the form, so htmx requests get an HX-Redirect header for a full navigation instead.
 */
export function seeOther<E extends AppEnv>(c: Context<E>, url: string): Response {
  if (c.req.header('hx-request')) {
    c.header('HX-Redirect', url);
    return c.body(null, 204);
  }
  return c.redirect(url, 303);
}
