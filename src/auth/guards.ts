import type { Context, MiddlewareHandler } from 'hono';
import { chairOf, chairsAnySkill } from '../desk/queries.ts';
import type { EventDuty } from '../domain/event-roles.ts';
import { dutiesOf, eventAccess, isEventEntity, type EventEntity } from '../events/access.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam, NoSuchId, parseId } from '../http/ids.ts';
import { renderError } from '../http/render.tsx';
import { roles as allRoles, type Role } from './roles.ts';
import type { CurrentAccount } from './sessions.ts';

/**
 * Who may call a route, stated on the route itself: `routes.get(path, organizer, handler)`.
 * A guard refuses only the request it stands in front of, so the order in which app.ts mounts
 * the features never changes who gets in. Each guard records its rule (ruleOf), which the
 * authorization matrix (test/http/authorization.test.ts) reads from the app's route table:
 * a route without a guard fails that test.
 */
export type Rule =
  /** Public pages, assets, the big screen, sign-out. */
  | { kind: 'anyone' }
  /** Anyone may try; a wrong credential is answered 401 (sign-in, the contestant's self-lookup). */
  | { kind: 'signIn' }
  /**
   * A signed-in account with one of the roles (and an administrator, for `admin`); `json` routes
   * answer 401 instead of the sign-in redirect (to `signInPage`, else /login). Only a
   * `passwordPage` is open to an account whose initial password is still to be replaced.
   */
  | { kind: 'roles'; roles: readonly Role[]; json: boolean; signInPage?: string; admin?: true; root?: true; passwordPage?: true }
  /**
   * An organizer account with the duty in the event that `:id` names (an event, or a skill,
   * round, contestant… of it: the path segment before `:id` says which); administrators have
   * every duty in their own federation's events (src/domain/event-roles.ts).
   */
  | { kind: 'event'; duty: EventDuty }
  /** The same through an API bearer token. */
  | { kind: 'eventToken'; duty: EventDuty }
  /** An organizer with the results duty in the event, or the chief judge of the skill (of the round, or of any skill for `any`). */
  | { kind: 'chair'; of: 'round' | 'skill' | 'any' }
  /** The private link /d/:token of an organization (no sign-in); anything else is 404. */
  | { kind: 'delegation' }
  /** An API bearer token whose account has one of the roles (and is an administrator, for `admin`); sessions are ignored. */
  | { kind: 'token'; roles: readonly Role[]; admin?: true }
  /** An API bearer token of an organizer or of the round's chief judge. */
  | { kind: 'tokenChair' };

const rules = new WeakMap<object, Rule>();

/** Records the rule of a guard middleware, so tests can find it in the route table. */
export function guard<H extends object>(rule: Rule, handler: H): H {
  rules.set(handler, rule);
  return handler;
}

export const ruleOf = (handler: object): Rule | undefined => rules.get(handler);

/** Variables a passed guard guarantees, so handlers read `c.get('account')` without `!`. */
export type SignedIn = { Variables: { account: CurrentAccount } };
export type EventStaffed = { Variables: { account: CurrentAccount; eventId: number; duties: ReadonlySet<EventDuty> } };
export type ChairedSkill = { Variables: { account: CurrentAccount; skillId: number } };
export type ChairedRound = { Variables: { account: CurrentAccount; skillId: number; roundId: number } };

const pass: MiddlewareHandler = (_c, next) => next();
/** No sign-in needed. */
export const anyone = guard({ kind: 'anyone' }, pass);
/** No sign-in needed; the handler checks a credential and answers 401 when it is wrong. */
export const signIn = guard({ kind: 'signIn' }, (async (_c, next) => next()) as MiddlewareHandler);

function toSignIn<E extends AppEnv>(c: Context<E>, page = '/login'): Response {
  const url = new URL(c.req.url);
  // A form posted after the session ended has no page of its own to come back to (…/sheets/7/sign
  // is a POST): the page it was posted from, one level up.
  const next = c.req.method === 'GET' || c.req.method === 'HEAD' ? url.pathname + url.search : url.pathname.replace(/\/[^/]*\/?$/, '') || '/';
  return c.redirect(next === '/' ? page : `${page}?next=${encodeURIComponent(next)}`, 303);
}

export const PASSWORD_PAGE = '/account/password';

/**
 * An account signed in with the initial password an administrator made sees only the page that
 * replaces it: every other page sends it there (and back to the dashboard afterwards).
 */
const replacePasswordFirst = <E extends AppEnv>(c: Context<E>, account: CurrentAccount): Response | null =>
  account.passwordPending ? c.redirect(PASSWORD_PAGE, 303) : null;

/** Only the given roles pass; anonymous visitors are sent to sign in (on `signInPage`) and come back afterwards. */
function roleGuard(allowed: Role[], signInPage: string, options: { admin?: true; root?: true; passwordPage?: true } = {}): MiddlewareHandler<AppEnv & SignedIn> {
  const rule: Rule = { kind: 'roles', roles: allowed, json: false, signInPage, ...options };
  return guard(rule, async (c, next) => {
    const account = c.get('account') as CurrentAccount | null;
    if (!account) return toSignIn(c, signInPage);
    if (!allowed.includes(account.role)) return renderError(c, 403, 'forbidden');
    if (!options.passwordPage) {
      const pending = replacePasswordFirst(c, account);
      if (pending) return pending;
    }
    if (options.admin && !account.isAdmin) return renderError(c, 403, 'forbidden');
    if (options.root && !account.rootAdmin) return renderError(c, 403, 'forbidden');
    await next();
  });
}

/** Only the given roles pass; anonymous visitors are sent to the password sign-in and come back afterwards. */
export function requireRole(...allowed: Role[]): MiddlewareHandler<AppEnv & SignedIn> {
  return roleGuard(allowed, '/login');
}

export const organizer = requireRole('organizer');
/** The federation's administrators: organizers who manage the staff accounts. */
export const administrator = roleGuard(['organizer'], '/login', { admin: true });
/** The root federation's administrators: the whole installation (backups, restores) is theirs. */
export const rootAdministrator = roleGuard(['organizer'], '/login', { admin: true, root: true });
/** An organizer's own password page, the one page open to an account whose initial password is still to be replaced. */
export const ownPassword = roleGuard(['organizer'], '/login', { passwordPage: true });
export const signedIn = requireRole(...allRoles);
/**
 * Judges and chief judges (a chief judge also marks, and signs in on a tablet like a judge). A
 * session that has ended goes back through the PIN sign-in (not the password form) to the same page.
 */
export const judge = roleGuard(['judge', 'chief_judge'], '/judge/login');

/**
 * The tablet's queue talks JSON, so it gets JSON answers: 401 when the session is gone (the
 * queue keeps its marks and offers a sign-in link), 403 for an account that is not a judge,
 * instead of the redirect to the sign-in page that fetch() would silently follow.
 */
export const judgeJson = guard(
  { kind: 'roles', roles: ['judge', 'chief_judge'], json: true },
  (async (c, next) => {
    const t = c.get('t');
    const account = c.get('account') as CurrentAccount | null;
    if (!account) return c.json({ error: t('judge.sync.signedOut') }, 401);
    if (account.role !== 'judge' && account.role !== 'chief_judge') return c.json({ error: t('error.forbidden.body') }, 403);
    await next();
  }) as MiddlewareHandler<AppEnv & SignedIn>,
);

/**
 * What the route's `:id` names, from its pattern (/skills/:id/draw → skills); a pattern the
 * event guards cannot place is a programming error, caught by the authorization matrix.
 */
export function entityOfRoute(routePath: string): EventEntity {
  const segments = routePath.split('/');
  const at = segments.findIndex((s) => s.replace(/\{.*\}$/, '') === ':id');
  const entity = segments[at - 1];
  if (at < 1 || !isEventEntity(entity)) throw new Error(`an event guard on ${routePath}, which names no event's thing by :id`);
  return entity;
}

/**
 * Finds the event the route's `:id` belongs to and what the account may do there: 'badId' for
 * a malformed id, 'notFound' for one that names nothing, the duties otherwise (none for judges).
 */
export async function dutiesAt<E extends AppEnv>(c: Context<E>, account: CurrentAccount): Promise<{ eventId: number; duties: ReadonlySet<EventDuty> } | 'notFound' | 'badId'> {
  const entity = entityOfRoute(c.req.routePath);
  const id = parseId(c.req.param('id'));
  if (id === null) return 'badId';
  const access = await eventAccess(c.get('db'), entity, id, account.id);
  if (access === null) return 'notFound';
  return { eventId: access.eventId, duties: dutiesOf(account, access) };
}

/**
 * A page of one event's work: an organizer account with the duty there. Anonymous visitors
 * sign in first; judges and organizers without the duty get 403; no such thing is 404.
 */
export function eventStaff(duty: EventDuty): MiddlewareHandler<AppEnv & EventStaffed> {
  return guard({ kind: 'event', duty }, (async (c, next) => {
    const account = c.get('account') as CurrentAccount | null;
    if (!account) return toSignIn(c);
    if (account.role !== 'organizer') return renderError(c, 403, 'forbidden');
    const pending = replacePasswordFirst(c, account);
    if (pending) return pending;
    const at = await dutiesAt(c, account);
    if (at === 'badId') throw new NoSuchId();
    if (at === 'notFound') return renderError(c, 404, 'notFound');
    if (!at.duties.has(duty)) return renderError(c, 403, 'notStaff');
    c.set('eventId', at.eventId);
    c.set('duties', at.duties);
    await next();
  }) as MiddlewareHandler<AppEnv & EventStaffed>);
}

/** Reads an event's (or a skill's) pages: every role there. */
export const eventViewer = eventStaff('view');
/** Sets the event up: its details, skills, schemes, judges, draws, staff. */
export const eventSetup = eventStaff('setup');
/** The registration desk: organizations, contestants, check-in. */
export const registrationStaff = eventStaff('registration');
/** The results office: scores, publications, appeals, the big screen. */
export const resultsStaff = eventStaff('results');

/**
 * The chief judge's desk and what it shows: the event's results staff (and administrators), and
 * the chief judge of the skill that `:id` names (a skill, or a round of it). 404 for no such
 * skill or round, 403 for anyone else signed in. Whether an account chairs is decided by the
 * skill, not the role: an organizer may name any judge of the event chief.
 */
export function chiefOrResultsStaff(of: 'round'): MiddlewareHandler<AppEnv & ChairedRound>;
export function chiefOrResultsStaff(of: 'skill'): MiddlewareHandler<AppEnv & ChairedSkill>;
export function chiefOrResultsStaff(of: 'round' | 'skill'): MiddlewareHandler<AppEnv & ChairedRound> | MiddlewareHandler<AppEnv & ChairedSkill> {
  return guard({ kind: 'chair', of }, (async (c, next) => {
    const account = c.get('account') as CurrentAccount | null;
    if (!account) return toSignIn(c);
    const pending = replacePasswordFirst(c, account);
    if (pending) return pending;
    const id = idParam(c);
    const chair = await chairOf(c.get('db'), account, of, id);
    if (chair === 'notFound') return renderError(c, 404, 'notFound');
    if (chair === 'forbidden') return renderError(c, 403, 'forbidden');
    c.set('skillId', chair.skillId);
    if (of === 'round') c.set('roundId', id);
    await next();
  }) as MiddlewareHandler<AppEnv & ChairedRound>);
}

/** The desk's index: organizers, and every account that chairs at least one skill. */
export const chairsSomething = guard(
  { kind: 'chair', of: 'any' },
  (async (c, next) => {
    const account = c.get('account') as CurrentAccount | null;
    if (!account) return toSignIn(c);
    const pending = replacePasswordFirst(c, account);
    if (pending) return pending;
    if (account.role !== 'organizer' && !(await chairsAnySkill(c.get('db'), account.id))) return renderError(c, 403, 'forbidden');
    await next();
  }) as MiddlewareHandler<AppEnv & SignedIn>,
);
