import { publicationChanges } from '../results/snapshot.ts';
import { Hono, type Context } from 'hono';
import { anyone, signIn } from '../auth/guards.ts';
import { clientAddress } from '../http/client-address.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { pageContext, renderError } from '../http/render.tsx';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { PageContext } from '../../views/page-context.ts';
import { cachedBody, epochOf, replayOf, sendCached, type ReplaySource } from './cache.ts';
import { PublicEventPage, PublicLookupPage, PublicOwnResultPage, PublicSearchPage, PublicSkillPage } from '../../views/pages/public.tsx';
import { currentPublications, organizationTables, ownResult, PUBLISHED_TABLES, publicEvent, publishedSkillState, publishedVersion, searchPublished, summary } from './queries.ts';

/**
 * Public pages (no sign-in): the event's published skills, a skill's ranking (the version in
 * force, older versions by number), search by name or bib, and the contestant's self-lookup.
 * Everything shown comes from publication snapshots; see queries.ts.
 */
export const publicRoutes = new Hono<AppEnv>();

async function eventOr404<E extends AppEnv>(c: Context<E>) {
  return publicEvent(c.get('db'), idParam(c));
}

/**
 * A page the same for every visitor who is not signed in (no name, no form token in it), made
 * once per state of what it shows (`key`, see cache.ts) and language; signed-in visitors get it
 * made afresh, with their name in the header. `render` null: a 404.
 */
async function publicPage<E extends AppEnv>(c: Context<E>, key: string, replay: ReplaySource, render: (page: PageContext) => Promise<JSX.Element | null>) {
  // c.var copies every variable each time it is read: once here.
  const { account, db, locale } = c.var;
  if (account) {
    const page = await render(pageContext(c));
    return page ? c.html(page) : renderError(c, 404, 'notFound');
  }
  // The language switch links back to the page itself: a query string must not make another copy.
  const url = c.req.path;
  const body = await cachedBody(db, `${key}|${locale}|${url}`, 'text/html; charset=UTF-8', async () => {
    const made = await render(pageContext(c, { url }));
    return made && String(await made.toString());
  });
  return body ? sendCached(c, body, replay) : renderError(c, 404, 'notFound');
}

/** What the event page shows: the event, its skills' order and their publications. */
const EVENT_PAGE_TABLES = ['Event', 'Skill', 'Publication'];

publicRoutes.get('/public/events/:id', anyone, async (c) => {
  const eventId = idParam(c);
  const { db } = c.var;
  const replay = replayOf(db, EVENT_PAGE_TABLES);
  return publicPage(c, `event|${replay.version}|${eventId}`, replay, async (page) => {
    const event = await publicEvent(db, eventId);
    if (!event) return null;
    const published = await currentPublications(db, event.id);
    const { organizationBestN } = await db.event.findUniqueOrThrow({ where: { id: event.id }, select: { organizationBestN: true } });
    const tables = organizationTables(published, organizationBestN);
    return <PublicEventPage page={page} event={event} skills={published.map(summary)} tables={tables} />;
  });
});

publicRoutes.get('/public/events/:id/search', anyone, async (c) => {
  const event = await eventOr404(c);
  if (!event) return renderError(c, 404, 'notFound');
  const query = (c.req.query('q') ?? '').slice(0, 40);
  const hits = await searchPublished(c.get('db'), event.id, query);
  return c.html(<PublicSearchPage page={pageContext(c)} event={event} query={query} hits={hits} />);
});

async function skillPage<E extends AppEnv>(c: Context<E>, version: number | 'current') {
  const skillId = idParam(c);
  const { db } = c.var;
  const replay = replayOf(db, PUBLISHED_TABLES);
  const state = await publishedSkillState(db, skillId);
  const wanted = version === 'current' ? state?.newest : version;
  if (!state || !wanted || !state.versions.some((v) => v.version === wanted)) return renderError(c, 404, 'notFound');
  return publicPage(c, `skill|${epochOf(db)}|${skillId}|${wanted}|${state.signature}`, replay, async (page) => {
    const [found, previous] = await Promise.all([publishedVersion(db, state, wanted), publishedVersion(db, state, wanted - 1)]);
    const changes = found && previous ? publicationChanges(previous.snapshot, found.snapshot) : undefined;
    return found && <PublicSkillPage page={page} eventId={state.eventId} publication={found} versions={state.versions} newest={state.newest} changes={changes} />;
  });
}

publicRoutes.get('/public/skills/:id', anyone, (c) => skillPage(c, 'current'));
publicRoutes.get('/public/skills/:id/versions/:n', anyone, (c) => skillPage(c, idParam(c, 'n')));

/* Self-lookup: private to the contestant, never indexed or cached. */
publicRoutes.use('/public/events/:id/me', async (c, next) => {
  await next();
  c.header('X-Robots-Tag', 'noindex, nofollow');
  c.header('Cache-Control', 'no-store');
});

publicRoutes.get('/public/events/:id/me', anyone, async (c) => {
  const event = await eventOr404(c);
  if (!event) return renderError(c, 404, 'notFound');
  return c.html(<PublicLookupPage page={pageContext(c)} event={event} bib="" />);
});

publicRoutes.post('/public/events/:id/me', signIn, async (c) => {
  const event = await eventOr404(c);
  if (!event) return renderError(c, 404, 'notFound');
  const { t, loginThrottle } = c.var;
  const body = await c.req.parseBody();
  const bib = String(body.bib ?? '').trim().slice(0, 40);
  const digits = String(body.digits ?? '').trim();
  // Keyed by the bib as typed, whether or not it exists: the limit itself tells nothing.
  const attempt = await loginThrottle.attempt('lookup', clientAddress(c), `${event.id}#${bib}`);
  if (!attempt.allowed) {
    c.header('Retry-After', String(attempt.retryAfterSeconds));
    return c.html(<PublicLookupPage page={pageContext(c)} event={event} bib={bib} error={t('public.me.rateLimited', { minutes: attempt.minutes })} />, 429);
  }
  const found = await ownResult(c.get('db'), event.id, bib, digits);
  if (!found) return c.html(<PublicLookupPage page={pageContext(c)} event={event} bib={bib} error={t('public.me.failed')} />, 401);
  await attempt.succeeded();
  return c.html(<PublicOwnResultPage page={pageContext(c)} event={event} publication={found.publication} entry={found.entry} />);
});
