import type { MiddlewareHandler } from 'hono';
import type { Role } from '../auth/roles.ts';
import type { AppEnv } from '../http/env.ts';
import type { MessageKey } from '../i18n/index.ts';
import { ApiError } from './errors.ts';
import { authenticateApiToken } from './tokens.ts';

/** Anyone may read under /api/v1/public/ (published results only). */
export const PUBLIC_PREFIX = /^\/api\/v1\/public(?:\/|$)/;

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

/**
 * The few routes whose roles differ from the middleware's: a judge's own endpoints take judges'
 * tokens and nobody else's, and a round's lock also takes chief judges' (the handler then checks
 * that the token's account is this skill's chief judge, so 'judge' accounts made chief pass too).
 */
const routeRoles: { pattern: RegExp; roles: readonly Role[]; refusal: MessageKey }[] = [
  { pattern: /^\/api\/v1\/judge(?:\/|$)/, roles: ['judge', 'chief_judge'], refusal: 'desk.api.judgesOnly' },
  { pattern: /^\/api\/v1\/rounds\/[^/]+\/lock$/, roles: ['organizer', 'chief_judge', 'judge'], refusal: 'desk.api.notChief' },
];

/**
 * The API is authenticated by bearer token only. A session cookie is ignored, and the account
 * loaded from it is replaced: the CSRF check exempts /api/, so honouring cookies here would let
 * any site post to the API in a signed-in organizer's name.
 */
export function requireApiToken(...allowed: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('account', null);
    // Published results are public: no token, and the handlers there read nothing private.
    if (PUBLIC_PREFIX.test(c.req.path)) return next();
    const header = c.req.header('authorization');
    const token = header ? BEARER.exec(header)?.[1] : undefined;
    if (!token) {
      throw new ApiError(401, 'api.error.unauthorized', [], { 'WWW-Authenticate': 'Bearer realm="jiangxin"' });
    }
    const account = await authenticateApiToken(c.var.db, token);
    if (!account) {
      throw new ApiError(401, 'api.error.unauthorized', [], { 'WWW-Authenticate': 'Bearer realm="jiangxin", error="invalid_token"' });
    }
    const special = routeRoles.find((route) => route.pattern.test(c.req.path));
    if (!(special?.roles ?? allowed).includes(account.role)) throw new ApiError(403, special?.refusal ?? 'api.error.forbidden');
    c.set('account', account);
    await next();
  };
}
