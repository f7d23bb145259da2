import { Hono, type Context } from 'hono';
import { registrationStaff } from '../auth/guards.ts';
import { oneTimeViews, viewOfEvent } from '../http/one-time.ts';
import { canRegister, isEventStatus } from '../domain/event-lifecycle.ts';
import { listSkills } from '../events/queries.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam, parseId } from '../http/ids.ts';
import { pageContext, renderError, seeOther } from '../http/render.tsx';
import { formObject, problemMessages } from '../http/validation.ts';
import { conflict, invalid, type Problem } from '../outcome.ts';
import { listUrl, parseListFilter } from './list-filter.ts';
import { DelegationLinksPrint } from '../../views/pages/registration-print.tsx';
import { dateTime } from '../../views/format.ts';
import { sheetDownload } from '../http/download.ts';
import { qrSvg } from '../http/qr.ts';
import { ContestantFormPage, OrganizationFormPage, PersonalNumbers, RegistrationPage, type OrganizationFormValues, type IssuedLinks, type ContestantFormValues, type TeamChoices } from '../../views/pages/registration.tsx';
import * as commands from './commands.ts';
import { sweepPhotos } from './photos.tsx';
import * as queries from './queries.ts';

/** The organizer's registration desk: organizations, contestants, delegation links and approval. */
export const registrationRoutes = new Hono<AppEnv>();

export async function registrationEvent<E extends AppEnv>(c: Context<E>, eventId: number) {
  const event = await c.get('db').event.findUnique({ where: { id: eventId } });
  if (!event || !isEventStatus(event.status)) return null;
  return { id: event.id, name: event.name, status: event.status, allowMultipleSkills: event.allowMultipleSkills, canRegister: canRegister(event.status) };
}

async function registrationPage<E extends AppEnv>(c: Context<E>, eventId: number, extra: Partial<Parameters<typeof RegistrationPage>[0]> = {}, status: 200 | 409 | 422 = 200) {
  const event = await registrationEvent(c, eventId);
  if (!event) return renderError(c, 404, 'notFound');
  const filter = extra.filter ?? parseListFilter((name) => c.req.query(name));
  const [organizations, contestants, skills] = await Promise.all([
    queries.listOrganizations(c.get('db'), eventId), queries.searchContestants(c.get('db'), eventId, filter), listSkills(c.get('db'), eventId),
  ]);
  return c.html(
    <RegistrationPage page={pageContext(c)} event={event} organizations={organizations} contestants={contestants}
      skills={skills.map((s) => ({ id: s.id, name: s.name }))} organizationErrors={{}} organizationValues={{}} {...extra} filter={{ ...filter, page: contestants.page }} />,
    status,
  );
}

registrationRoutes.get('/events/:id/registration', registrationStaff, (c) => {
  const id = idParam(c);
  const done = c.req.query('done');
  // After an import: what it created, from the redirect's counts (numbers only, nothing else is shown).
  const count = (name: string) => (/^\d{1,7}$/.test(c.req.query(name) ?? '') ? Number(c.req.query(name)) : null);
  const imported = count('imported');
  const bulk = count('count');
  const notice = done === 'approved'
    ? { kind: 'success' as const, text: c.get('t')('organization.approvedNotice') }
    : (done === 'deleted' || done === 'moved' || done === 'approvedAll') && bulk !== null
      ? { kind: 'success' as const, text: c.get('t')(`registration.bulk.${done}`, { count: bulk }) }
    : imported !== null
      ? { kind: 'success' as const, text: [
        c.get('t')('registration.import.done', { entries: imported, contestants: count('contestants') ?? 0, organizations: count('organizations') ?? 0 }),
        ...(count('skipped') ? [c.get('t')('registration.import.skipped', { count: count('skipped')! })] : []),
      ].join(' ') }
      : undefined;
  return registrationPage(c, id, { notice });
});

function flat(body: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

registrationRoutes.post('/events/:id/organizations', registrationStaff, async (c) => {
  const id = idParam(c);
  const body = await c.req.parseBody();
  const outcome = await commands.saveOrganization(c.get('db'), id, null, formObject(body));
  if (outcome.ok) return seeOther(c, `/events/${id}/registration`);
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  return registrationPage(c, id, { organizationErrors: problemMessages(outcome.problems, c.get('t')), organizationValues: flat(body) }, 422);
});

async function organizationForm<E extends AppEnv>(c: Context<E>, organization: queries.OrganizationRow & { eventId: number }, extra: { values?: OrganizationFormValues; errors?: Record<string, string | undefined>; notice?: string } = {}, status: 200 | 409 | 422 = 200) {
  const event = await registrationEvent(c, organization.eventId);
  if (!event) return renderError(c, 404, 'notFound');
  const values = extra.values ?? { name: organization.name, nameEn: organization.nameEn, contactName: organization.contactName, contactPhone: organization.contactPhone };
  return c.html(
    <OrganizationFormPage page={pageContext(c)} event={event} organizationId={organization.id} values={values} errors={extra.errors ?? {}}
      contestantCount={organization.contestantCount} notice={extra.notice} />,
    status,
  );
}

registrationRoutes.get('/organizations/:id/edit', registrationStaff, async (c) => {
  const organization = await queries.findOrganization(c.get('db'), idParam(c));
  if (!organization) return renderError(c, 404, 'notFound');
  return organizationForm(c, organization);
});

registrationRoutes.post('/organizations/:id/edit', registrationStaff, async (c) => {
  const organization = await queries.findOrganization(c.get('db'), idParam(c));
  if (!organization) return renderError(c, 404, 'notFound');
  const body = await c.req.parseBody();
  const outcome = await commands.saveOrganization(c.get('db'), organization.eventId, organization.id, formObject(body), c.get('account').id);
  if (outcome.ok) return seeOther(c, `/events/${organization.eventId}/registration`);
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  const s = flat(body);
  const values = { name: s.name ?? '', nameEn: s.nameEn ?? '', contactName: s.contactName ?? '', contactPhone: s.contactPhone ?? '' };
  return organizationForm(c, organization, { values, errors: problemMessages(outcome.problems, c.get('t')) }, 422);
});

registrationRoutes.post('/organizations/:id/delete', registrationStaff, async (c) => {
  const organization = await queries.findOrganization(c.get('db'), idParam(c));
  if (!organization) return renderError(c, 404, 'notFound');
  const outcome = await commands.removeOrganization(c.get('db'), organization.id, c.get('account').id);
  if (outcome.ok) return seeOther(c, `/events/${organization.eventId}/registration`);
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  return organizationForm(c, organization, { notice: Object.values(problemMessages(outcome.problems, c.get('t'))).join(' ') }, 409);
});

async function organizationEvent<E extends AppEnv>(c: Context<E>) {
  const id = idParam(c);
  return c.get('db').organization.findUnique({ where: { id } });
}

/** The deadline as typed in the venue's local time (datetime-local has no zone); an invalid date otherwise. */
async function deadlineOf<E extends AppEnv>(c: Context<E>): Promise<Date> {
  const deadline = String((await c.req.parseBody()).deadline ?? '');
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(deadline) ? new Date(deadline) : new Date(Number.NaN);
}

/** A refused link: the registration page again, saying why, nothing changed. */
function linkRefused<E extends AppEnv>(c: Context<E>, eventId: number, problems: Problem[], status: 404 | 409 | 422) {
  if (status === 404) return renderError(c, 404, 'notFound');
  const text = Object.values(problemMessages(problems, c.get('t'))).join(' ') || c.get('t')('validation.dateTime');
  return registrationPage(c, eventId, { notice: { kind: 'error', text } }, status);
}

/**
 * POST/redirect/GET: a reload shows the new links again instead of making others and killing
 * these. Links are kept only hashed, so this view (src/http/one-time.ts) is the only place
 * they can be read, copied, downloaded or printed, for 10 minutes.
 */
async function showIssued<E extends AppEnv>(c: Context<E>, eventId: number, links: { organizationName: string; contactName: string; token: string }[], replaced: boolean, deadline: Date) {
  const view = await issuedLinks(c.get('db')).put(c.get('account').id, {
    eventId, replaced, deadline,
    links: links.map((l) => ({ organizationName: l.organizationName, contactName: l.contactName, url: new URL(`/d/${l.token}`, c.req.url).toString() })),
  });
  return seeOther(c, `/events/${eventId}/registration/links/${view}`);
}

registrationRoutes.post('/organizations/:id/link', registrationStaff, async (c) => {
  const organization = await organizationEvent(c);
  if (!organization) return renderError(c, 404, 'notFound');
  const deadline = await deadlineOf(c);
  const outcome = await commands.issueDelegationLink(c.get('db'), organization.id, deadline, c.get('account').id);
  if (!outcome.ok) return linkRefused(c, organization.eventId, outcome.problems, 422);
  // Whether a link was out before: only then is there one that stopped working to speak of.
  return showIssued(c, organization.eventId, [{ organizationName: organization.name, contactName: organization.contactName, token: outcome.value }], organization.linkTokenHash !== null, deadline);
});

registrationRoutes.post('/events/:id/organizations/links', registrationStaff, async (c) => {
  const id = idParam(c);
  const deadline = await deadlineOf(c);
  const outcome = await commands.issueMissingLinks(c.get('db'), id, deadline, c.get('account').id);
  if (!outcome.ok) return linkRefused(c, id, outcome.problems, outcome.status);
  return showIssued(c, id, outcome.value, false, deadline);
});

/** New delegation links between the POST that made them and the page that shows them (src/http/one-time.ts). */
const issuedLinks = oneTimeViews<IssuedLinks>('delegation-links');

/** The view the address names, or the answer for one that is gone (410) or never was (404). */
async function issuedView<E extends AppEnv>(c: Context<E>): Promise<IssuedLinks | Response> {
  const shown = await viewOfEvent(issuedLinks(c.get('db')), c.req.param('view') ?? '', c.get('account').id, idParam(c));
  if (shown === 'malformed') return renderError(c, 404, 'notFound');
  c.header('Cache-Control', 'no-store');
  if (shown === 'gone') return renderError(c, 410, 'linkGone');
  return shown;
}

registrationRoutes.get('/events/:id/registration/links/:view', registrationStaff, async (c) => {
  const shown = await issuedView(c);
  if (shown instanceof Response) return shown;
  return registrationPage(c, shown.eventId, { issued: { ...shown, view: c.req.param('view') } });
});

registrationRoutes.get('/events/:id/registration/links/:view/links.xlsx', registrationStaff, async (c) => {
  const shown = await issuedView(c);
  if (shown instanceof Response) return shown;
  const t = c.get('t');
  const event = await registrationEvent(c, shown.eventId);
  const until = dateTime(shown.deadline, c.get('locale'));
  const rows = [
    [t('organization.field.name'), t('organization.field.contactName'), t('delegation.url'), t('delegation.deadline')],
    ...shown.links.map((l) => [l.organizationName, l.contactName, l.url, until]),
  ];
  return sheetDownload(c, rows, `${event?.name ?? ''}-${t('delegation.title')}`, 'xlsx', t('delegation.title'));
});

registrationRoutes.get('/events/:id/registration/links/:view/print', registrationStaff, async (c) => {
  const shown = await issuedView(c);
  if (shown instanceof Response) return shown;
  const event = await registrationEvent(c, shown.eventId);
  if (!event) return renderError(c, 404, 'notFound');
  const links = await Promise.all(shown.links.map(async (l) => ({ ...l, qrSvg: await qrSvg(l.url) })));
  return c.html(<DelegationLinksPrint page={pageContext(c)} eventName={event.name} deadline={shown.deadline} links={links} />);
});

registrationRoutes.post('/organizations/:id/approve', registrationStaff, async (c) => {
  const organization = await organizationEvent(c);
  if (!organization) return renderError(c, 404, 'notFound');
  await commands.approveOrganization(c.get('db'), organization.id, c.get('account').id);
  return seeOther(c, `/events/${organization.eventId}/registration?done=approved`);
});

registrationRoutes.post('/events/:id/organizations/approve-submitted', registrationStaff, async (c) => {
  const id = idParam(c);
  // The lists the confirmation named, as ids; anything else in the post names none.
  const shown = ([] as unknown[]).concat((await c.req.parseBody({ all: true })).organization ?? []).slice(0, 1000)
    .map((v) => parseId(typeof v === 'string' ? v : null)).filter((v): v is number => v !== null);
  const outcome = await commands.approveSubmitted(c.get('db'), id, shown, c.get('account').id);
  if (!outcome.ok) return renderError(c, 404, 'notFound');
  return seeOther(c, `/events/${id}/registration?done=approvedAll&count=${outcome.value}`);
});

/**
 * The list's bulk actions on the contestants ticked on one page: delete them, or move their
 * entries to another skill. The list's filter comes along, so the redirect returns to the same
 * page of the same list; a refusal shows that page again with nothing changed.
 */
registrationRoutes.post('/events/:id/contestants/bulk', registrationStaff, async (c) => {
  const id = idParam(c);
  const body = await c.req.parseBody({ all: true });
  const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
  const filter = parseListFilter(field);
  const ticked = ([] as unknown[]).concat(body.contestant ?? []);
  const ids = ticked.length <= commands.MAX_BULK ? ticked.map((v) => parseId(typeof v === 'string' ? v : null)) : [null];
  const action = field('action');
  const outcome = ids.length === 0
    ? conflict('registration.bulk.none')
    : ids.includes(null) ? conflict('registration.bulk.stale')
    : action === 'delete' ? await commands.removeContestants(c.get('db'), id, ids as number[], c.get('account').id)
    : action === 'move' ? await commands.moveEntries(c.get('db'), id, ids as number[], filter.skillId, parseId(field('toSkill')) ?? 0, c.get('account').id)
    : invalid([{ field: '', key: 'validation.choice' }]);
  if (outcome.ok && action === 'delete') await sweepPhotos(c);
  if (outcome.ok) return seeOther(c, listUrl(id, filter, { done: action === 'delete' ? 'deleted' : 'moved', count: String(outcome.value) }));
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  const text = Object.values(problemMessages(outcome.problems, c.get('t'))).join(' ');
  return registrationPage(c, id, { notice: { kind: 'error', text }, filter }, outcome.status);
});

/** The masked ID and phone numbers of one contestant, shown whole: audited, then swapped into the row. */
registrationRoutes.post('/contestants/:id/reveal', registrationStaff, async (c) => {
  const id = idParam(c);
  // Without htmx there is no row to swap into: the contestant's form shows them (and audits that).
  if (!c.req.header('HX-Request')) return seeOther(c, `/contestants/${id}/edit`);
  const contestant = await commands.revealContestant(c.get('db'), id, c.get('account').id, 'list');
  if (!contestant) return renderError(c, 404, 'notFound');
  c.header('Cache-Control', 'no-store');
  return c.html(<PersonalNumbers page={pageContext(c)} contestant={{ ...contestant, revealed: true }} />);
});

// ─── contestants ─────────────────────────────────────────────────────────────

/**
 * The form names skills "entries.N.skillId" (checkboxes or one radio), bibs "bib_<skillId>" and,
 * in team skills, teams "team_<skillId>"; the command wants a list of { skillId, bib, team }.
 */
export function contestantBody(body: Record<string, unknown>) {
  const input = formObject(body) as Record<string, unknown> & { entries?: unknown };
  const chosen = Array.isArray(input.entries) ? input.entries : [];
  const text = (key: string) => (typeof input[key] === 'string' ? input[key] : '');
  input.entries = chosen
    .filter((e): e is { skillId: string } => typeof e === 'object' && e !== null && 'skillId' in e)
    .map((e) => ({ skillId: e.skillId, bib: text(`bib_${e.skillId}`), team: text(`team_${e.skillId}`) }));
  for (const key of Object.keys(input)) if (key.startsWith('bib_') || key.startsWith('team_')) delete input[key];
  return input;
}

export function contestantFormValues(body: Record<string, unknown>): ContestantFormValues {
  const input = contestantBody(body) as { entries: { skillId: string; bib: string; team: string }[] };
  const s = flat(body);
  return {
    name: s.name ?? '', nameLatin: s.nameLatin ?? '', gender: s.gender ?? '', organizationId: s.organizationId ?? '', idNumber: s.idNumber ?? '',
    phone: s.phone ?? '', skillLevel: s.skillLevel ?? '', entries: Object.fromEntries(input.entries.map((e) => [e.skillId, e.bib])),
    teams: Object.fromEntries(input.entries.map((e) => [e.skillId, e.team])),
  };
}

/** Problems on "entries.N.bib" (or ".team") belong beside the bib (or team) of that skill. */
export function contestantErrors<E extends AppEnv>(c: Context<E>, problems: Problem[], body: Record<string, unknown>) {
  const entries = (contestantBody(body) as { entries: { skillId: string }[] }).entries;
  return problemMessages(problems.map((p) => {
    const match = /^entries\.(\d+)\.(bib|team)$/.exec(p.field);
    if (match) return { ...p, field: `${match[2]}_${entries[Number(match[1])]?.skillId}` };
    return p.field.startsWith('entries') ? { ...p, field: 'entries' } : p;
  }), c.get('t'));
}

async function contestantPage<E extends AppEnv>(
  c: Context<E>,
  eventId: number,
  props: { title: string; action: string; values: ContestantFormValues; errors: Record<string, string | undefined>; deleteAction?: string; photo?: Parameters<typeof ContestantFormPage>[0]['photo'] },
  status: 200 | 409 | 422 = 200,
) {
  const event = await registrationEvent(c, eventId);
  if (!event) return renderError(c, 404, 'notFound');
  const [organizations, skills, teamSkills] = await Promise.all([queries.listOrganizations(c.get('db'), eventId), listSkills(c.get('db'), eventId), queries.teamSkills(c.get('db'), eventId)]);
  return c.html(
    <ContestantFormPage page={pageContext(c)} {...props} organizations={organizations} skills={skills} teamSkills={teamChoices(teamSkills)}
      allowMultipleSkills={event.allowMultipleSkills} back={{ href: `/events/${eventId}/registration`, label: c.get('t')('registration.title') }} />,
    status,
  );
}

const emptyContestant: ContestantFormValues = { name: '', nameLatin: '', gender: '', organizationId: '', idNumber: '', phone: '', skillLevel: '', entries: {}, teams: {} };

/** What the form offers in each team skill: its sizes and the names of its teams (of one organization on a delegation's form). */
export function teamChoices(teamSkills: queries.TeamSkill[], organizationId?: number): TeamChoices {
  return Object.fromEntries(teamSkills.map((s) => [s.skillId, {
    sizes: s.sizes,
    teams: s.teams.filter((t) => organizationId === undefined || t.organizationId === organizationId).map((t) => ({ name: t.name, organizationName: t.organizationName, members: t.entryIds.length })),
  }]));
}

registrationRoutes.get('/events/:id/contestants/new', registrationStaff, (c) => {
  const id = idParam(c);
  return contestantPage(c, id, { title: c.get('t')('contestant.add'), action: `/events/${id}/contestants/new`, values: emptyContestant, errors: {} });
});

registrationRoutes.post('/events/:id/contestants/new', registrationStaff, async (c) => {
  const id = idParam(c);
  const body = await c.req.parseBody();
  const outcome = await commands.saveContestant(c.get('db'), id, null, contestantBody(body), { kind: 'organizer', accountId: c.get('account').id });
  if (outcome.ok) return seeOther(c, `/events/${id}/registration`);
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  return contestantPage(c, id, { title: c.get('t')('contestant.add'), action: `/events/${id}/contestants/new`, values: contestantFormValues(body), errors: contestantErrors(c, outcome.problems, body) }, outcome.status);
});

registrationRoutes.get('/contestants/:id/edit', registrationStaff, async (c) => {
  const id = idParam(c);
  const contestant = await queries.findContestant(c.get('db'), id);
  if (!contestant) return renderError(c, 404, 'notFound');
  const eventId = (await c.get('db').contestant.findUniqueOrThrow({ where: { id: contestant.id } })).eventId;
  // The form holds the whole ID and phone numbers, so opening it is a look at them like "show" on the list.
  await commands.revealContestant(c.get('db'), contestant.id, c.get('account').id, 'edit');
  const values: ContestantFormValues = {
    name: contestant.name, nameLatin: contestant.nameLatin, gender: contestant.gender, organizationId: String(contestant.organizationId), idNumber: contestant.idNumber,
    phone: contestant.phone, skillLevel: contestant.skillLevel, entries: Object.fromEntries(contestant.entries.map((e) => [String(e.skillId), e.bib])),
    teams: Object.fromEntries(contestant.entries.map((e) => [String(e.skillId), e.team ?? ''])),
  };
  const notice = c.req.query('photo');
  const messages = { saved: 'contestant.photo.saved', missing: 'contestant.photo.missing', tooLarge: 'contestant.photo.tooLarge', type: 'contestant.photo.type' } as const;
  const message = notice && notice in messages
    ? { kind: notice === 'saved' ? ('success' as const) : ('error' as const), text: c.get('t')(messages[notice as keyof typeof messages]) }
    : undefined;
  return contestantPage(c, eventId, {
    title: contestant.name, action: `/contestants/${contestant.id}/edit`, values, errors: {}, deleteAction: `/contestants/${contestant.id}/delete`,
    photo: { contestantId: contestant.id, present: contestant.hasPhoto, message },
  });
});

registrationRoutes.post('/contestants/:id/edit', registrationStaff, async (c) => {
  const id = idParam(c);
  const existing = await c.get('db').contestant.findUnique({ where: { id } });
  if (!existing) return renderError(c, 404, 'notFound');
  const body = await c.req.parseBody();
  const outcome = await commands.saveContestant(c.get('db'), existing.eventId, existing.id, contestantBody(body), { kind: 'organizer', accountId: c.get('account').id });
  if (outcome.ok) return seeOther(c, `/events/${existing.eventId}/registration`);
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  return contestantPage(c, existing.eventId, { title: existing.name, action: `/contestants/${existing.id}/edit`, values: contestantFormValues(body), errors: contestantErrors(c, outcome.problems, body), deleteAction: `/contestants/${existing.id}/delete` }, outcome.status);
});

registrationRoutes.post('/contestants/:id/delete', registrationStaff, async (c) => {
  const id = idParam(c);
  const existing = await c.get('db').contestant.findUnique({ where: { id } });
  if (!existing) return renderError(c, 404, 'notFound');
  const outcome = await commands.removeContestant(c.get('db'), existing.id, { kind: 'organizer', accountId: c.get('account').id });
  if (outcome.ok) await sweepPhotos(c);
  if (outcome.ok) return seeOther(c, `/events/${existing.eventId}/registration`);
  return registrationPage(c, existing.eventId, { notice: { kind: 'error', text: Object.values(problemMessages(outcome.problems, c.get('t'))).join(' ') } }, 409);
});
