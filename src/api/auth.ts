import type { Context, MiddlewareHandler } from 'hono';
import { dutiesAt, guard, type EventStaffed, type SignedIn } from '../auth/guards.ts';
import type { EventDuty } from '../domain/event-roles.ts';
import type { Role } from '../auth/roles.ts';
import type { CurrentAccount } from '../auth/sessions.ts';
import { chairOf } from '../desk/queries.ts';
import type { AppEnv } from '../http/env.ts';
import { parseId } from '../http/ids.ts';
import type { MessageKey } from '../i18n/index.ts';
import { ApiError } from './errors.ts';
import { organizationForLink } from '../registration/commands.ts';
import type { Delegated } from '../registration/delegation.tsx';
import { authenticateApiToken } from './tokens.ts';

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

/**
 * The API is authenticated by bearer token only. A session cookie is ignored, and the account
 * loaded from it is replaced: the CSRF check exempts /api/, so honouring cookies here would let
 * any site post to the API in a signed-in organizer's name.
 */
async function tokenAccount<E extends AppEnv>(c: Context<E>): Promise<CurrentAccount> {
  const header = c.req.header('authorization');
  const token = header ? BEARER.exec(header)?.[1] : undefined;
  if (!token) {
    throw new ApiError(401, 'api.error.unauthorized', [], { 'WWW-Authenticate': 'Bearer realm="jiangxin"' });
  }
  const account = await authenticateApiToken(c.get('db'), token);
  if (!account) {
    throw new ApiError(401, 'api.error.unauthorized', [], { 'WWW-Authenticate': 'Bearer realm="jiangxin", error="invalid_token"' });
  }
  return account;
}

/** A token whose account has one of the roles; each API route names its guard (createRoute's middleware). */
export function apiToken(roles: readonly Role[], refusal: MessageKey = 'api.error.forbidden', options: { admin?: true } = {}): MiddlewareHandler<AppEnv & SignedIn> {
  return guard({ kind: 'token', roles, ...options }, (async (c, next) => {
    const account = await tokenAccount(c);
    if (!roles.includes(account.role)) throw new ApiError(403, refusal);
    if (options.admin && !account.isAdmin) throw new ApiError(403, 'api.error.notAdministrator');
    c.set('account', account);
    await next();
  }) as MiddlewareHandler<AppEnv & SignedIn>);
}

export const organizerToken = apiToken(['organizer']);

/**
 * One event's endpoints: a token whose organizer account has the duty in the event that `{id}`
 * names (see eventStaff() in src/auth/guards.ts). A malformed id is 400 as the route's parameter
 * check answers it; an unknown one is 404.
 */
export function eventToken(duty: EventDuty): MiddlewareHandler<AppEnv & EventStaffed> {
  return guard({ kind: 'eventToken', duty }, (async (c, next) => {
    const account = await tokenAccount(c);
    if (account.role !== 'organizer') throw new ApiError(403, 'api.error.forbidden');
    const at = await dutiesAt(c, account);
    // Refused here, as the route's parameter check would: no event route runs without its event.
    if (at === 'badId') throw new ApiError(400, 'api.error.badRequest', [{ field: 'id', key: 'api.error.badId' }]);
    if (at === 'notFound') throw new ApiError(404, 'api.error.notFound');
    if (!at.duties.has(duty)) throw new ApiError(403, 'api.error.notEventStaff');
    c.set('eventId', at.eventId);
    c.set('duties', at.duties);
    c.set('account', account);
    await next();
  }) as MiddlewareHandler<AppEnv & EventStaffed>);
}

export const eventViewerToken = eventToken('view');
export const eventSetupToken = eventToken('setup');
export const registrationToken = eventToken('registration');
export const resultsToken = eventToken('results');
/** The staff endpoints: an administrator's token. */
export const administratorToken = apiToken(['organizer'], 'api.error.notAdministrator', { admin: true });
/** A judge's own endpoints take judges' tokens and nobody else's. */
export const judgeToken = apiToken(['judge', 'chief_judge'], 'desk.api.judgesOnly');

/**
 * A round's lock, an entry's status: an organizer's token or the token of the chief judge of the
 * skill that `{id}` names, a round of it or the skill itself (whatever the account's role: an
 * organizer may name any judge chief). A malformed id is left to the route's parameter
 * validation (400); an unknown round or skill is 404.
 */
export function chairTokenOf(of: 'round' | 'skill'): MiddlewareHandler<AppEnv & SignedIn> {
  return guard({ kind: 'tokenChair' }, (async (c, next) => {
    const account = await tokenAccount(c);
    const id = parseId(c.req.param('id'));
    if (id !== null) {
      const chair = await chairOf(c.get('db'), account, of, id);
      if (chair === 'notFound') throw new ApiError(404, 'api.error.notFound');
      if (chair === 'forbidden') throw new ApiError(403, 'desk.api.notChief');
    }
    c.set('account', account);
    await next();
  }) as MiddlewareHandler<AppEnv & SignedIn>);
}

export const chairToken = chairTokenOf('round');

/**
 * The delegation leader's own endpoints: the private link's token (in the path, as in /d/<token>)
 * is the credential, as on the leader's pages. Unknown or replaced: 404, never a sign-in. A
 * link past its registration deadline still identifies the leader (appeals come later).
 */
export const delegationToken = guard({ kind: 'delegation' }, (async (c, next) => {
  const token = c.req.param('token') ?? '';
  const link = await organizationForLink(c.get('db'), token);
  if (link.state === 'unknown') throw new ApiError(404, 'api.error.notFound');
  c.set('token', token);
  c.set('link', link);
  await next();
  // The token is in the URL: no cache keeps the answer (a JSON answer has no links to leak it by Referer).
  c.header('Cache-Control', 'no-store');
}) as MiddlewareHandler<AppEnv & Delegated>);
