import { Hono, type Context } from 'hono';
import { eventSetup, type SignedIn } from '../auth/guards.ts';
import { oneTimeViews, viewOfEvent } from '../http/one-time.ts';
import type { Db } from '../db/client.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { qrSvg } from '../http/qr.ts';
import { pageContext, renderError, seeOther } from '../http/render.tsx';
import { problemMessages } from '../http/validation.ts';
import { JudgesPage, AssignmentsPage, PinCardsPage } from '../../views/pages/judges.tsx';
import { skillCoverage } from './queries.ts';
import { addJudges, ensureJudgeCode, removeJudge, resetPin, revokeSessions, saveAssignments, setOrganization, type AssignmentInput, type IssuedPin } from './commands.ts';

/** The organizer's judge roster: accounts with PINs, organizations (recusal), assignments, chief judges. */
export const judgeAdminRoutes = new Hono<AppEnv>();

async function rosterPage<E extends AppEnv>(c: Context<E>, eventId: number, extra: { errors?: Record<string, string | undefined>; lines?: string; notice?: string | undefined } = {}, status: 200 | 409 | 422 = 200) {
  const db: Db = c.get('db');
  const event = await db.event.findUnique({ where: { id: eventId }, include: { skills: { orderBy: { position: 'asc' }, select: { id: true, name: true } } } });
  if (!event) return renderError(c, 404, 'notFound');
  const [judges, organizations] = await Promise.all([
    db.eventJudge.findMany({
      where: { eventId },
      orderBy: { number: 'asc' },
      include: { account: { select: { displayName: true, role: true } }, organization: { select: { name: true } }, _count: { select: { assignments: true, marks: true, signoffs: true } } },
    }),
    db.organization.findMany({ where: { eventId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ]);
  return c.html(
    <JudgesPage page={pageContext(c)} event={{ id: event.id, name: event.name, judgeCode: event.judgeCode }} skills={event.skills}
      judges={judges.map((j) => ({ id: j.id, number: j.number, name: j.account.displayName, chief: j.account.role === 'chief_judge', organizationId: j.organizationId, organizationName: j.organization?.name ?? null, assignments: j._count.assignments, removable: j._count.marks + j._count.signoffs === 0 }))}
      organizations={organizations} errors={extra.errors ?? {}} lines={extra.lines ?? ''} notice={extra.notice} />,
    status,
  );
}

judgeAdminRoutes.get('/events/:id/judges', eventSetup, (c) => {
  const id = idParam(c);
  const notice = c.req.query('revoked') ? c.get('t')('judges.revoked') : c.req.query('removed') ? c.get('t')('judges.removed') : undefined;
  return rosterPage(c, id, { notice });
});

async function pinCards<E extends AppEnv>(c: Context<E>, eventId: number, issued: IssuedPin[]) {
  const event = await c.get('db').event.findUniqueOrThrow({ where: { id: eventId } });
  const code = await ensureJudgeCode(c.get('db'), eventId);
  const loginUrl = new URL('/judge/login', c.req.url).toString();
  c.header('Cache-Control', 'no-store');
  // Each card's QR opens the sign-in page with the event code and number filled in; only the PIN is typed.
  const cards = await Promise.all(issued.map(async (pin) => ({
    ...pin,
    qr: await qrSvg(`${loginUrl}?event=${encodeURIComponent(code)}&number=${pin.number}`),
  })));
  return c.html(<PinCardsPage page={pageContext(c)} eventId={eventId} eventName={event.name} eventCode={code} loginUrl={loginUrl} pins={cards} />);
}

/** New PINs between the POST that made them and the page that shows them (src/http/one-time.ts). */
const issuedPins = oneTimeViews<{ eventId: number; pins: IssuedPin[] }>('pins');

/** POST/redirect/GET: the PINs are shown on a page a reload cannot repeat the action from. */
async function showPins<E extends AppEnv & SignedIn>(c: Context<E>, eventId: number, pins: IssuedPin[]) {
  const view = await issuedPins(c.get('db')).put(c.get('account').id, { eventId, pins });
  return seeOther(c, `/events/${eventId}/judges/pins/${view}`);
}

judgeAdminRoutes.post('/events/:id/judges', eventSetup, async (c) => {
  const id = idParam(c);
  const lines = String((await c.req.parseBody()).lines ?? '');
  const outcome = await addJudges(c.get('db'), id, lines, c.get('account').id);
  if (outcome.ok) return showPins(c, id, outcome.value);
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  return rosterPage(c, id, { errors: { lines: Object.values(problemMessages(outcome.problems, c.get('t'))).join(' ') }, lines }, 422);
});

judgeAdminRoutes.get('/events/:id/judges/pins/:view', eventSetup, async (c) => {
  const id = idParam(c);
  const shown = await viewOfEvent(issuedPins(c.get('db')), c.req.param('view'), c.get('account').id, id);
  if (shown === 'malformed') return renderError(c, 404, 'notFound');
  c.header('Cache-Control', 'no-store');
  if (shown === 'gone') return renderError(c, 410, 'pinsGone');
  return pinCards(c, id, shown.pins);
});

judgeAdminRoutes.post('/judges/:id/pin', eventSetup, async (c) => {
  const id = idParam(c);
  const outcome = await resetPin(c.get('db'), c.get('loginThrottle'), id, c.get('account').id);
  if (!outcome.ok) return renderError(c, 404, 'notFound');
  return showPins(c, outcome.value.eventId, [outcome.value]);
});

judgeAdminRoutes.post('/judges/:id/remove', eventSetup, async (c) => {
  const id = idParam(c);
  const judge = await c.get('db').eventJudge.findUnique({ where: { id } });
  if (!judge) return renderError(c, 404, 'notFound');
  const outcome = await removeJudge(c.get('db'), judge.id, c.get('account').id);
  if (!outcome.ok) return rosterPage(c, judge.eventId, { notice: Object.values(problemMessages(outcome.problems, c.get('t'))).join(' ') }, 409);
  return seeOther(c, `/events/${judge.eventId}/judges?removed=1`);
});

judgeAdminRoutes.post('/judges/:id/revoke', eventSetup, async (c) => {
  const id = idParam(c);
  const judge = await c.get('db').eventJudge.findUnique({ where: { id } });
  if (!judge) return renderError(c, 404, 'notFound');
  await revokeSessions(c.get('db'), judge.id, c.get('account').id);
  return seeOther(c, `/events/${judge.eventId}/judges?revoked=1`);
});

judgeAdminRoutes.post('/judges/:id/organization', eventSetup, async (c) => {
  const id = idParam(c);
  const judge = await c.get('db').eventJudge.findUnique({ where: { id } });
  if (!judge) return renderError(c, 404, 'notFound');
  const value = String((await c.req.parseBody()).organizationId ?? '');
  const outcome = await setOrganization(c.get('db'), judge.id, value ? Number(value) : null, c.get('account').id);
  if (!outcome.ok) return rosterPage(c, judge.eventId, { notice: Object.values(problemMessages(outcome.problems, c.get('t'))).join(' ') }, 422);
  return seeOther(c, `/events/${judge.eventId}/judges`);
});

async function assignmentsPage<E extends AppEnv>(c: Context<E>, skillId: number, extra: { notice?: { kind: 'success' | 'error'; text: string } } = {}, status: 200 | 409 | 422 = 200) {
  const db: Db = c.get('db');
  const skill = await db.skill.findUnique({
    where: { id: skillId },
    include: {
      event: { select: { id: true, name: true } },
      rounds: { orderBy: { position: 'asc' }, include: { criteria: { orderBy: { position: 'asc' }, include: { aspects: { orderBy: { position: 'asc' }, select: { id: true, code: true, name: true } } } } } },
    },
  });
  if (!skill) return renderError(c, 404, 'notFound');
  const judges = await db.eventJudge.findMany({ where: { eventId: skill.eventId }, orderBy: { number: 'asc' }, include: { account: { select: { displayName: true } }, organization: { select: { name: true } } } });
  const assignments = await db.judgeAssignment.findMany({ where: { roundId: { in: skill.rounds.map((r) => r.id) } } });
  const coverage = await skillCoverage(db, skillId);
  return c.html(
    <AssignmentsPage page={pageContext(c)} skill={{ id: skill.id, name: skill.name, eventId: skill.event.id, eventName: skill.event.name, chiefJudgeId: skill.chiefJudgeId }} coverage={coverage}
      rounds={skill.rounds.map((r) => ({ id: r.id, name: r.name, locked: r.lockedAt !== null, aspects: r.criteria.flatMap((cr) => cr.aspects) }))}
      judges={judges.map((j) => ({ id: j.id, number: j.number, name: j.account.displayName, organizationName: j.organization?.name ?? null }))}
      assignments={assignments.map((a) => ({ judgeId: a.judgeId, roundId: a.roundId, aspectId: a.aspectId }))} notice={extra.notice} />,
    status,
  );
}

judgeAdminRoutes.get('/skills/:id/assignments', eventSetup, (c) => {
  const id = idParam(c);
  const notice = c.req.query('saved') ? { kind: 'success' as const, text: c.get('t')('common.saved') } : undefined;
  return assignmentsPage(c, id, { notice });
});

/**
 * The form sends "r<roundId>.j<judgeId>" = "all" for a whole round and, for single aspects,
 * "a<aspectId>.j<judgeId>" = "on"; "chief" names the chief judge.
 */
judgeAdminRoutes.post('/skills/:id/assignments', eventSetup, async (c) => {
  const id = idParam(c);
  const body = await c.req.parseBody();
  const skill = await c.get('db').skill.findUnique({ where: { id }, include: { rounds: { include: { criteria: { include: { aspects: { select: { id: true } } } } } } } });
  if (!skill) return renderError(c, 404, 'notFound');
  const assignments: AssignmentInput[] = [];
  for (const round of skill.rounds) {
    const aspectIds = round.criteria.flatMap((cr) => cr.aspects.map((a) => a.id));
    const judgeIds = new Set<number>();
    for (const key of Object.keys(body)) {
      const match = /^(?:r(\d+)|a(\d+))\.j(\d+)$/.exec(key);
      if (!match) continue;
      if ((match[1] && Number(match[1]) === round.id) || (match[2] && aspectIds.includes(Number(match[2])))) judgeIds.add(Number(match[3]));
    }
    for (const judgeId of judgeIds) {
      if (body[`r${round.id}.j${judgeId}`]) assignments.push({ judgeId, roundId: round.id, aspectIds: null });
      else assignments.push({ judgeId, roundId: round.id, aspectIds: aspectIds.filter((aspectId) => body[`a${aspectId}.j${judgeId}`]) });
    }
  }
  const chief = String(body.chief ?? '');
  const outcome = await saveAssignments(c.get('db'), id, chief ? Number(chief) : null, assignments, c.get('account').id);
  if (outcome.ok) return seeOther(c, `/skills/${id}/assignments?saved=1`);
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  return assignmentsPage(c, id, { notice: { kind: 'error', text: Object.values(problemMessages(outcome.problems, c.get('t'))).join(' ') } }, outcome.status);
});
