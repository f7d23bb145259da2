import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { recordAudit } from '../audit/record.ts';
import { guard } from '../auth/guards.ts';
import { canRegister, isEventStatus } from '../domain/event-lifecycle.ts';
import { maskIdNumber, maskPhone } from '../domain/id-number.ts';
import { listSkills } from '../events/queries.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { pageContext, renderError, seeOther } from '../http/render.tsx';
import type { Problem } from '../outcome.ts';
import {
  DelegationEditPage, DelegationPage, type DelegationContestant, type DelegationNotice, type DelegationSummary,
} from '../../views/pages/delegation.tsx';
import type { ContestantFormValues } from '../../views/pages/registration.tsx';
import type { FieldErrors } from '../../views/components/form.tsx';
import * as commands from './commands.ts';
import { sweepPhotos } from './photos.tsx';
import * as queries from './queries.ts';
import { contestantBody, contestantErrors, contestantFormValues, teamChoices } from './routes.tsx';

/**
 * The delegation leader's side of registration: the private link /d/<token>, no sign-in.
 * Every request looks the link up again (so a reissued link or a passed deadline takes effect
 * at once), the organization always comes from the link and never from the form, and stored
 * ID and phone numbers are masked before they reach the view.
 */
export const delegationRoutes = new Hono<AppEnv>();

/**
 * The token is in the URL: no Referer may carry it away, no cache may keep the page, no search
 * engine may list it. app.ts mounts this before secureHeaders too, because secureHeaders writes
 * its own Referrer-Policy after the handler has run.
 */
export const delegationHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('Referrer-Policy', 'no-referrer');
  c.res.headers.set('Cache-Control', 'no-store');
  c.res.headers.set('X-Robots-Tag', 'noindex, nofollow');
};
delegationRoutes.use('/d/*', delegationHeaders);

type Link = Awaited<ReturnType<typeof commands.organizationForLink>>;
export type FoundLink = Exclude<Link, { state: 'unknown' }>;

async function findLink<E extends AppEnv>(c: Context<E>): Promise<{ token: string; link: Link }> {
  const token = c.req.param('token') ?? '';
  return { token, link: await commands.organizationForLink(c.get('db'), token) };
}

export type Delegated = { Variables: { token: string; link: FoundLink } };

/**
 * The guard of every /d/:token route (also the appeals pages, src/results/appeal-routes.tsx):
 * the link is the credential, so an unknown or reissued one is "not found", never a sign-in.
 */
export const delegationLink = guard({ kind: 'delegation' }, (async (c, next) => {
  const { token, link } = await findLink(c);
  if (link.state === 'unknown') return renderError(c, 404, 'notFound');
  c.set('token', token);
  c.set('link', link);
  await next();
}) as MiddlewareHandler<AppEnv & Delegated>);

function summary(token: string, link: FoundLink): DelegationSummary {
  const { organization } = link;
  const event = organization.event;
  return {
    base: `/d/${token}`,
    organizationName: organization.name,
    eventName: event.name,
    deadline: organization.linkDeadline ?? new Date(0),
    submittedAt: organization.submittedAt,
    approvedAt: organization.approvedAt,
    host: event.hostOrganization,
    linkOpen: link.state === 'open',
    eventOpen: isEventStatus(event.status) && canRegister(event.status),
  };
}

const emptyForm = (organizationId: number): ContestantFormValues => ({
  name: '', nameLatin: '', gender: '', organizationId: String(organizationId), idNumber: '', phone: '', skillLevel: '', entries: {}, teams: {},
});

function masked(row: queries.ContestantRow): DelegationContestant {
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    idNumber: maskIdNumber(row.idNumber),
    phone: row.phone ? maskPhone(row.phone) : '',
    skillLevel: row.skillLevel,
    entries: row.entries.map((e) => ({ skillName: e.skillName, bib: e.bib, team: e.team })),
  };
}

const doneNotices = {
  added: 'delegation.page.done.added',
  saved: 'delegation.page.done.saved',
  deleted: 'delegation.page.done.deleted',
  submitted: 'delegation.page.done.submitted',
} as const;

async function delegationPage<E extends AppEnv>(
  c: Context<E>,
  token: string,
  link: FoundLink,
  extra: { form?: { values: ContestantFormValues; errors: FieldErrors }; notice?: DelegationNotice } = {},
  status: 200 | 403 | 409 | 422 = 200,
) {
  const { organization } = link;
  const [contestants, skills, teamSkills] = await Promise.all([
    queries.listContestants(c.get('db'), organization.eventId, { organizationId: organization.id }),
    listSkills(c.get('db'), organization.eventId),
    queries.teamSkills(c.get('db'), organization.eventId),
  ]);
  return c.html(
    <DelegationPage page={pageContext(c)} delegation={summary(token, link)} contestants={contestants.map(masked)}
      skills={skills} allowMultipleSkills={organization.event.allowMultipleSkills} teamSkills={teamChoices(teamSkills, organization.id)}
      form={extra.form ?? { values: emptyForm(organization.id), errors: {} }} notice={extra.notice} />,
    status,
  );
}

/** After the deadline: the read-only page with a refusal, and nothing changed. */
function refused<E extends AppEnv>(c: Context<E>, token: string, link: FoundLink) {
  if (c.req.header('hx-request')) return seeOther(c, `/d/${token}`);
  return delegationPage(c, token, link, { notice: { kind: 'error', text: c.get('t')('delegation.page.refused') } }, 403);
}

/** The event left draft/registration (the command said 409): nothing changed. */
function eventClosed<E extends AppEnv>(c: Context<E>, token: string, link: FoundLink) {
  if (c.req.header('hx-request')) return seeOther(c, `/d/${token}`);
  return delegationPage(c, token, link, { notice: { kind: 'error', text: c.get('t')('delegation.page.eventClosed') } }, 409);
}

/**
 * A leader may only ever reach their own organization's contestants: anything else is "not
 * found", whether it exists elsewhere or not.
 */
async function ownContestant<E extends AppEnv>(c: Context<E>, link: FoundLink) {
  const contestant = await c.get('db').contestant.findUnique({ where: { id: idParam(c, 'contestantId') } });
  if (!contestant || contestant.organizationId !== link.organization.id || contestant.eventId !== link.organization.eventId) return null;
  return contestant;
}

/**
 * What the command gets from a leader's form: the link's organization whatever the form says,
 * and no bibs (the organizer numbers the entries; blank keeps a bib or takes the next free one).
 * Teams come through: a leader puts the organization's entries in its teams.
 */
function delegationInput(body: Record<string, unknown>, organizationId: number): Record<string, unknown> {
  const input = contestantBody(body) as Record<string, unknown> & { entries: { skillId: unknown; team: unknown }[] };
  return { ...input, organizationId, entries: input.entries.map((e) => ({ skillId: e.skillId, bib: '', team: e.team })) };
}

/**
 * The registered-elsewhere message names the person holding that ID number, who may belong to
 * another organization: leaders get the same refusal without the name.
 */
function delegationErrors<E extends AppEnv>(c: Context<E>, problems: Problem[], body: Record<string, unknown>) {
  const safe = problems.map((p) => (p.key === 'contestant.error.personRegistered' ? { field: p.field, key: 'delegation.page.error.personRegistered' } : p));
  return contestantErrors(c, safe, body);
}

const actor = (link: FoundLink) => ({ kind: 'delegation' as const, organizationId: link.organization.id });

// ─── the list ────────────────────────────────────────────────────────────────

delegationRoutes.get('/d/:token', delegationLink, async (c) => {
  const { token, link } = c.var;
  const done = c.req.query('done');
  const notice = link.state === 'open' && done && done in doneNotices
    ? { kind: 'success' as const, text: c.get('t')(doneNotices[done as keyof typeof doneNotices]) }
    : undefined;
  return delegationPage(c, token, link, notice ? { notice } : {});
});

delegationRoutes.post('/d/:token/contestants', delegationLink, async (c) => {
  const { token, link } = c.var;
  if (link.state === 'closed') return refused(c, token, link);
  const body = await c.req.parseBody();
  const outcome = await commands.saveContestant(c.get('db'), link.organization.eventId, null, delegationInput(body, link.organization.id), actor(link));
  if (outcome.ok) return seeOther(c, `/d/${token}?done=added`);
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  if (outcome.status === 409) return eventClosed(c, token, link);
  const values = { ...contestantFormValues(body), organizationId: String(link.organization.id) };
  return delegationPage(c, token, link, { form: { values, errors: delegationErrors(c, outcome.problems, body) } }, 422);
});

// ─── one contestant ──────────────────────────────────────────────────────────

async function editPage<E extends AppEnv>(
  c: Context<E>,
  token: string,
  link: FoundLink,
  contestant: { id: number; name: string; idNumber: string; phone: string },
  form: { values: ContestantFormValues; errors: FieldErrors },
  status: 200 | 422 = 200,
) {
  const [skills, teamSkills] = await Promise.all([listSkills(c.get('db'), link.organization.eventId), queries.teamSkills(c.get('db'), link.organization.eventId)]);
  return c.html(
    <DelegationEditPage page={pageContext(c)} delegation={summary(token, link)} contestantId={contestant.id} title={contestant.name}
      values={form.values} errors={form.errors} skills={skills} allowMultipleSkills={link.organization.event.allowMultipleSkills}
      teamSkills={teamChoices(teamSkills, link.organization.id)}
      stored={{ idNumber: maskIdNumber(contestant.idNumber), phone: contestant.phone ? maskPhone(contestant.phone) : '' }} />,
    status,
  );
}

delegationRoutes.get('/d/:token/contestants/:contestantId/edit', delegationLink, async (c) => {
  const { token, link } = c.var;
  const contestant = await ownContestant(c, link);
  if (!contestant) return renderError(c, 404, 'notFound');
  if (link.state === 'closed') return refused(c, token, link);
  if (!summary(token, link).eventOpen) return eventClosed(c, token, link);
  const row = (await queries.findContestant(c.get('db'), contestant.id))!;
  // The stored ID and phone numbers stay on the server: the inputs start blank ("unchanged").
  const values: ContestantFormValues = {
    ...emptyForm(link.organization.id),
    name: row.name, nameLatin: row.nameLatin, gender: row.gender, skillLevel: row.skillLevel,
    entries: Object.fromEntries(row.entries.map((e) => [String(e.skillId), ''])),
    teams: Object.fromEntries(row.entries.map((e) => [String(e.skillId), e.team ?? ''])),
  };
  return editPage(c, token, link, contestant, { values, errors: {} });
});

delegationRoutes.post('/d/:token/contestants/:contestantId/edit', delegationLink, async (c) => {
  const { token, link } = c.var;
  const contestant = await ownContestant(c, link);
  if (!contestant) return renderError(c, 404, 'notFound');
  if (link.state === 'closed') return refused(c, token, link);
  const body = await c.req.parseBody();
  const input = delegationInput(body, link.organization.id);
  // Blank means "unchanged": the leader cannot see the stored numbers, so fill them in here.
  const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';
  if (blank(input.idNumber)) input.idNumber = contestant.idNumber;
  if (blank(input.phone)) input.phone = contestant.phone;
  const outcome = await commands.saveContestant(c.get('db'), link.organization.eventId, contestant.id, input, actor(link));
  if (outcome.ok) return seeOther(c, `/d/${token}?done=saved`);
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  if (outcome.status === 409) return eventClosed(c, token, link);
  // Re-shown from what was typed, never from the stored numbers filled in above.
  const values = { ...contestantFormValues(body), organizationId: String(link.organization.id) };
  return editPage(c, token, link, contestant, { values, errors: delegationErrors(c, outcome.problems, body) }, 422);
});

delegationRoutes.post('/d/:token/contestants/:contestantId/delete', delegationLink, async (c) => {
  const { token, link } = c.var;
  const contestant = await ownContestant(c, link);
  if (!contestant) return renderError(c, 404, 'notFound');
  if (link.state === 'closed') return refused(c, token, link);
  const outcome = await commands.removeContestant(c.get('db'), contestant.id, actor(link));
  if (outcome.ok) await sweepPhotos(c);
  if (outcome.ok) return seeOther(c, `/d/${token}?done=deleted`);
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  return eventClosed(c, token, link);
});

// ─── submission ──────────────────────────────────────────────────────────────

delegationRoutes.post('/d/:token/submit', delegationLink, async (c) => {
  const { token, link } = c.var;
  if (link.state === 'closed') return refused(c, token, link);
  if (!summary(token, link).eventOpen) return eventClosed(c, token, link);
  const { organization } = link;
  const count = await c.get('db').contestant.count({ where: { organizationId: organization.id } });
  if (count === 0) return delegationPage(c, token, link, { notice: { kind: 'error', text: c.get('t')('delegation.page.error.empty') } }, 422);
  await commands.submitDelegation(c.get('db'), organization.id);
  await recordAudit(c.get('db'), { accountId: null, eventId: organization.eventId, action: 'delegation.submit', subject: organization.name, details: { contestants: count } });
  return seeOther(c, `/d/${token}?done=submitted`);
});
