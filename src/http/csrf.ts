import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './env.ts';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Over HTTPS, cookies take the __Host- prefix: the browser then accepts them only with Secure,
 * Path=/ and no Domain, from this very origin. Without it, any other port or subdomain of the
 * venue laptop could set ours.
 */
export const cookieName = (name: string, secure: boolean) => (secure ? `__Host-${name}` : name);
export const csrfCookieName = (secure: boolean) => cookieName('jx_csrf', secure);

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const RANDOM = /^[\w-]{43}$/;

/**
 * The token is never a cookie's value but derived from a secret the browser holds: for a
 * signed-in visitor, the session cookie's token (so the CSRF token is bound to that session, and
 * a cookie planted from another port chooses nothing); before sign-in, a random pre-session
 * cookie, which sign-in replaces (see setSessionCookie). HMAC keyed by that secret, so the token
 * reveals nothing of it, and it survives a server restart with nothing stored.
 */
const derive = (secret: string, purpose: 'session' | 'anonymous') =>
  createHmac('sha256', secret).update(`jiangxin-csrf:${purpose}`).digest('base64url');

/**
 * Rendered into every form (and sent by htmx and the tablet as a header); a forged cross-site
 * post cannot read it. Checked before any handler runs (after the session is known), so a
 * rejected post changes nothing. Independent of Origin headers, which reverse proxies at venues
 * often rewrite. The bearer-token API is exempt (no cookies there).
 */
export function csrfProtection(options: {
  secureCookies: boolean;
  exempt: (path: string) => boolean;
  /** The session cookie's token, and whether it opened a live session. */
  session: (c: Context<AppEnv>) => { token: string | undefined; live: boolean };
  onReject: (c: Context<AppEnv>) => Response | Promise<Response>;
}): MiddlewareHandler<AppEnv> {
  const name = csrfCookieName(options.secureCookies);
  return async (c, next) => {
    if (options.exempt(c.req.path)) return next();
    const session = options.session(c);
    const sentCookie = getCookie(c, name);
    // A browser with no (or a malformed) cookie gets a new one, but only from a page that renders
    // a form (the first call of csrfToken()): a page without one stays free of Set-Cookie, which
    // keeps public pages cacheable by shared caches. No unsafe request of such a browser can be genuine.
    const anonymous = sentCookie && RANDOM.test(sentCookie) ? sentCookie : undefined;
    let token: string | undefined;
    c.set('csrfToken', () => {
      if (token !== undefined) return token;
      if (session.live && session.token) return (token = derive(session.token, 'session'));
      let preSession = anonymous;
      if (!preSession) {
        preSession = randomBytes(32).toString('base64url');
        setCookie(c, name, preSession, { path: '/', httpOnly: true, sameSite: 'Lax', secure: options.secureCookies });
      }
      return (token = derive(preSession, 'anonymous'));
    });

    if (!UNSAFE_METHODS.has(c.req.method)) return next();
    // Signed in: only this session's token. Signed out: the pre-session token, or the token of
    // a session that has just ended (a tablet's open sheet, which must hear "signed out", not 403).
    const accepted = session.live
      ? [c.get('csrfToken')()]
      : [anonymous && derive(anonymous, 'anonymous'), session.token && derive(session.token, 'session')];
    const sent = c.req.header(CSRF_HEADER) ?? (await submittedField(c));
    const valid = sent !== undefined && accepted.some((token) => token && sameToken(sent, token));
    if (!valid || c.req.header('sec-fetch-site') === 'cross-site') return options.onReject(c);
    return next();
  };
}

/** Signing in replaces the pre-session token: a token seen before sign-in is worth nothing after. */
export function dropPreSessionToken(c: Context, secure: boolean): void {
  deleteCookie(c, csrfCookieName(secure), { path: '/', secure });
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
