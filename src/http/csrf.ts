import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './env.ts';

export const CSRF_COOKIE = 'jx_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Double-submit token: a random value lives in an httpOnly cookie and is rendered into every
 * form (and sent by htmx as a header). A forged cross-site post cannot read it. Checked before
 * any handler runs, so a rejected post changes nothing. Independent of Origin headers, which
 * reverse proxies at venues often rewrite. The bearer-token API is exempt (no cookies there).
 */
export function csrfProtection(options: {
  secureCookies: boolean;
  exempt: (path: string) => boolean;
  onReject: (c: Context<AppEnv>) => Response | Promise<Response>;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (options.exempt(c.req.path)) return next();
    let token = getCookie(c, CSRF_COOKIE);
    if (!token || !/^[\w-]{43}$/.test(token)) {
      token = randomBytes(32).toString('base64url');
      setCookie(c, CSRF_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
        secure: options.secureCookies,
      });
      c.set('csrfToken', token);
      // A fresh cookie means the browser had none, so no unsafe request can be genuine.
      if (UNSAFE_METHODS.has(c.req.method)) return options.onReject(c);
      return next();
    }
    c.set('csrfToken', token);
    if (UNSAFE_METHODS.has(c.req.method)) {
      const sent = c.req.header(CSRF_HEADER) ?? (await submittedField(c));
      if (!sent || !sameToken(sent, token) || c.req.header('sec-fetch-site') === 'cross-site') {
        return options.onReject(c);
      }
    }
    return next();
  };
}

async function submittedField(c: Context<AppEnv>): Promise<string | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    return undefined;
  }
  // parseBody caches the parsed body, so the handler can read it again.
  const body = await c.req.parseBody();
  const value = body[CSRF_FIELD];
  return typeof value === 'string' ? value : undefined;
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
