import { Hono, type Context } from 'hono';
import { anyone, signIn } from '../auth/guards.ts';
import { clientAddress } from '../http/client-address.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { pageContext, renderError } from '../http/render.tsx';
import { publication, publications } from '../results/queries.ts';
import { PublicEventPage, PublicLookupPage, PublicOwnResultPage, PublicSearchPage, PublicSkillPage } from '../../views/pages/public.tsx';
import { currentPublications, organizationTables, ownResult, publicEvent, publishedSkillEvent, searchPublished, summary } from './queries.ts';

/**
 * Public pages (no sign-in): the event's published skills, a skill's ranking (the version in
 * force, older versions by number), search by name or bib, and the contestant's self-lookup.
 * Everything shown comes from publication snapshots; see queries.ts.
 */
export const publicRoutes = new Hono<AppEnv>();

async function eventOr404<E extends AppEnv>(c: Context<E>) {
  return publicEvent(c.var.db, idParam(c));
}

publicRoutes.get('/public/events/:id', anyone, async (c) => {
  const event = await eventOr404(c);
  if (!event) return renderError(c, 404, 'notFound');
  const published = await currentPublications(c.var.db, event.id);
  const { organizationBestN } = await c.var.db.event.findUniqueOrThrow({ where: { id: event.id }, select: { organizationBestN: true } });
  const tables = organizationTables(published, organizationBestN);
  return c.html(<PublicEventPage page={pageContext(c)} event={event} skills={published.map(summary)} tables={tables} />);
});

publicRoutes.get('/public/events/:id/search', anyone, async (c) => {
  const event = await eventOr404(c);
  if (!event) return renderError(c, 404, 'notFound');
  const query = (c.req.query('q') ?? '').slice(0, 40);
  const hits = await searchPublished(c.var.db, event.id, query);
  return c.html(<PublicSearchPage page={pageContext(c)} event={event} query={query} hits={hits} />);
});

async function skillPage<E extends AppEnv>(c: Context<E>, version: number | 'current') {
  const skillId = idParam(c);
  const eventId = await publishedSkillEvent(c.var.db, skillId);
  if (!eventId) return renderError(c, 404, 'notFound');
  const versions = await publications(c.var.db, skillId);
  const newest = versions.find((v) => v.supersededAt === null)?.version ?? versions[0]?.version;
  const wanted = version === 'current' ? newest : version;
  const found = wanted ? await publication(c.var.db, skillId, wanted) : null;
  if (!found || newest === undefined) return renderError(c, 404, 'notFound');
  return c.html(<PublicSkillPage page={pageContext(c)} eventId={eventId} publication={found} versions={versions} newest={newest} />);
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
  const found = await ownResult(c.var.db, event.id, bib, digits);
  if (!found) return c.html(<PublicLookupPage page={pageContext(c)} event={event} bib={bib} error={t('public.me.failed')} />, 401);
  await attempt.succeeded();
  return c.html(<PublicOwnResultPage page={pageContext(c)} event={event} publication={found.publication} entry={found.entry} />);
});
