import type { MiddlewareHandler } from 'hono';
import type { Role } from '../auth/roles.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError } from './errors.ts';
import { authenticateApiToken } from './tokens.ts';

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

/**
 * The API is authenticated by bearer token only. A session cookie is ignored, and the account
 * loaded from it is replaced: the CSRF check exempts /api/, so honouring cookies here would let
 * any site post to the API in a signed-in organizer's name.
 */
export function requireApiToken(...allowed: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('account', null);
    const header = c.req.header('authorization');
    const token = header ? BEARER.exec(header)?.[1] : undefined;
    if (!token) {
      throw new ApiError(401, 'api.error.unauthorized', [], { 'WWW-Authenticate': 'Bearer realm="jiangxin"' });
    }
    const account = await authenticateApiToken(c.var.db, token);
    if (!account) {
      throw new ApiError(401, 'api.error.unauthorized', [], { 'WWW-Authenticate': 'Bearer realm="jiangxin", error="invalid_token"' });
    }
    if (!allowed.includes(account.role)) throw new ApiError(403, 'api.error.forbidden');
    c.set('account', account);
    await next();
  };
}
