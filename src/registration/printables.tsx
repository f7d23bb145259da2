import { Hono, type Context } from 'hono';
import { ticketCode } from '../domain/ticket-code.ts';
import { qrSvg } from '../http/qr.ts';
import { recordAudit } from '../audit/record.ts';
import { registrationStaff, type SignedIn } from '../auth/guards.ts';
import { maskIdNumber } from '../domain/id-number.ts';
import { listSkills } from '../events/queries.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam, parseId } from '../http/ids.ts';
import { pageContext, renderError } from '../http/render.tsx';
import { RegistrationListPrint, TicketsPrint, type PrintFilter, type RegistrationListGroup, type Ticket } from '../../views/pages/registration-print.tsx';
import * as queries from './queries.ts';

/**
 * Registration printouts for the organizer: the list by organization (signed by each
 * delegation leader) and the admission tickets with a QR code for the check-in scanners.
 * Printouts get posted on walls, so ID numbers are masked unless ?full=1 asks otherwise.
 */
export const printRoutes = new Hono<AppEnv>();
printRoutes.use('/events/:id/print/*', async (c, next) => {
  await next();
  // Personal data: no shared or back-button cache keeps a copy.
  c.res.headers.set('Cache-Control', 'no-store');
});

export function ticketQrSvg(eventId: number, bib: string): Promise<string> {
  return qrSvg(ticketCode(eventId, bib));
}

/** The event, its skills and organizations, and the contestants the filter (?skill=, ?organization=) keeps. */
async function printData<E extends AppEnv>(c: Context<E>) {
  const event = await c.get('db').event.findUnique({ where: { id: idParam(c) } });
  if (!event) return null;
  const [skills, organizations] = await Promise.all([listSkills(c.get('db'), event.id), queries.listOrganizations(c.get('db'), event.id)]);
  const skillId = skills.find((s) => s.id === parseId(c.req.query('skill')))?.id ?? null;
  const organizationId = organizations.find((o) => o.id === parseId(c.req.query('organization')))?.id ?? null;
  const contestants = await queries.listContestants(c.get('db'), event.id, organizationId ? { organizationId } : {});
  const skillOrder = new Map(skills.map((s, index) => [s.id, index]));
  const entries = contestants
    .flatMap((contestant) => contestant.entries.map((entry) => ({ contestant, entry })))
    .filter(({ entry }) => skillId === null || entry.skillId === skillId);
  return { event, skills, organizations, skillId, organizationId, entries, skillOrder };
}

function filterFor<E extends AppEnv>(c: Context<E>, data: NonNullable<Awaited<ReturnType<typeof printData>>>, hidden: Record<string, string>): PrintFilter {
  return {
    action: new URL(c.req.url).pathname,
    skills: data.skills.map((s) => ({ id: s.id, name: s.name })),
    organizations: data.organizations.map((o) => ({ id: o.id, name: o.name })),
    skillId: data.skillId,
    organizationId: data.organizationId,
    hidden,
  };
}

/** The same page with some query parameters changed ('' removes one). */
function withQuery<E extends AppEnv>(c: Context<E>, changes: Record<string, string>): string {
  const url = new URL(c.req.url);
  for (const [name, value] of Object.entries(changes)) {
    if (value === '') url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  return url.pathname + url.search;
}

const byBib = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * Full ID numbers leave the screen on paper and are on record, so showing them is a POST (with
 * CSRF): a GET with ?full=1, which any page could trigger cross-site, shows the masked list and
 * the button that asks for them.
 */
printRoutes.get('/events/:id/print/registration', registrationStaff, (c) => registrationList(c, false));
printRoutes.post('/events/:id/print/registration', registrationStaff, async (c) => {
  const body = await c.req.parseBody();
  return registrationList(c, body.full === '1');
});

async function registrationList<E extends AppEnv & SignedIn>(c: Context<E>, full: boolean) {
  const data = await printData(c);
  if (!data) return renderError(c, 404, 'notFound');
  const confirming = !full && c.req.query('full') === '1';
  const leaders = new Map(data.organizations.map((o) => [o.id, o.contactName]));
  const groups = new Map<number, RegistrationListGroup>();
  // listContestants is ordered by organization name; within one, the list follows the bibs.
  for (const { contestant, entry } of data.entries) {
    let group = groups.get(contestant.organizationId);
    if (!group) {
      group = { organizationName: contestant.organizationName, leaderName: leaders.get(contestant.organizationId) ?? '', rows: [] };
      groups.set(contestant.organizationId, group);
    }
    group.rows.push({
      bib: entry.bib, name: contestant.name, gender: contestant.gender, skillName: entry.skillName, skillLevel: contestant.skillLevel,
      idNumber: full ? contestant.idNumber : maskIdNumber(contestant.idNumber),
    });
  }
  for (const group of groups.values()) group.rows.sort((a, b) => byBib(a.bib, b.bib));
  if (full) {
    // Full ID numbers leave the screen on paper: keep a trace of who printed them.
    await recordAudit(c.get('db'), { accountId: c.get('account').id, eventId: data.event.id, action: 'registration.printFullIds', details: { entries: data.entries.length } });
  }
  return c.html(
    <RegistrationListPrint page={pageContext(c)} eventName={data.event.name} groups={[...groups.values()]} full={full} confirming={confirming}
      maskedHref={withQuery(c, { full: '' })} fullAction={withQuery(c, { full: '' })}
      filter={filterFor(c, data, full ? { full: '1' } : {})} />,
  );
}

printRoutes.get('/events/:id/print/tickets', registrationStaff, async (c) => {
  const data = await printData(c);
  if (!data) return renderError(c, 404, 'notFound');
  const photo = c.req.query('photo') !== '0';
  const ordered = [...data.entries].sort((a, b) =>
    (data.skillOrder.get(a.entry.skillId) ?? 0) - (data.skillOrder.get(b.entry.skillId) ?? 0) || byBib(a.entry.bib, b.entry.bib));
  const tickets: Ticket[] = await Promise.all(ordered.map(async ({ contestant, entry }) => ({
    bib: entry.bib,
    name: contestant.name,
    organizationName: contestant.organizationName,
    skillName: entry.skillName,
    qrSvg: await ticketQrSvg(data.event.id, entry.bib),
    photoUrl: contestant.hasPhoto ? `/contestants/${contestant.id}/photo` : null,
  })));
  return c.html(
    <TicketsPrint page={pageContext(c)} eventName={data.event.name} tickets={tickets} photo={photo}
      photoToggleHref={withQuery(c, { photo: photo ? '0' : '' })} filter={filterFor(c, data, photo ? {} : { photo: '0' })} />,
  );
});
