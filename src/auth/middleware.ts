import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { cookieName, dropPreSessionToken } from '../http/csrf.ts';
import type { AppEnv } from '../http/env.ts';
import { resumeSession } from './sessions.ts';

export const sessionCookieName = (secure: boolean) => cookieName('jx_session', secure);
const sessionCookie = (c: Context<AppEnv>) => sessionCookieName(c.get('config').secureCookies);

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  dropPreSessionToken(c, c.get('config').secureCookies);
  setCookie(c, sessionCookie(c), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.get('config').secureCookies,
    maxAge: Math.floor(c.get('config').sessionTtlMs / 1000),
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, sessionCookie(c), { path: '/', secure: c.get('config').secureCookies });
}

export function sessionToken<E extends AppEnv>(c: Context<E>): string | undefined {
  return getCookie(c, sessionCookieName(c.var.config.secureCookies));
}

/** Puts the signed-in account (or null) on the context for every request. */
export const loadAccount: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = sessionToken(c);
  const account = token ? await resumeSession(c.get('db'), token, c.get('config').sessionTtlMs) : null;
  if (token && !account) clearSessionCookie(c);
  c.set('account', account);
  await next();
};
