import { Hono, type Context } from 'hono';
import { eventSetup, type EventStaffed } from '../auth/guards.ts';
import { findEvent } from '../events/queries.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam, parseId } from '../http/ids.ts';
import { pageContext, renderError, seeOther } from '../http/render.tsx';
import { formStrings, problemMessages } from '../http/validation.ts';
import type { Outcome } from '../outcome.ts';
import { EventStaffPage, type AddStaffValues } from '../../views/pages/event-staff.tsx';
import { removeEventStaff, setEventRole, staffActor } from './commands.ts';
import { administratorNames, listEventStaff, staffCandidates } from './queries.ts';

/** Who runs one event besides the administrators: its organizers and clerks (src/domain/event-roles.ts). */
export const eventStaffRoutes = new Hono<AppEnv>();

type Staffed = AppEnv & EventStaffed;
const actorOf = (c: Context<Staffed>) => staffActor(c.get('account'), c.get('duties'));
const blank: AddStaffValues = { accountId: '', role: 'registration' };

async function staffPage(c: Context<Staffed>, extra: { values?: AddStaffValues; errors?: Record<string, string | undefined>; notice?: { kind: 'success' | 'error'; text: string } } = {}, status: 200 | 404 | 409 | 422 = 200) {
  const db = c.get('db');
  const eventId = c.get('eventId');
  const event = (await findEvent(db, eventId))!;
  const [staff, candidates, administrators] = await Promise.all([listEventStaff(db, eventId), staffCandidates(db, eventId), administratorNames(db, eventId)]);
  return c.html(
    <EventStaffPage page={pageContext(c)} event={event} staff={staff} candidates={candidates} administrators={administrators}
      values={extra.values ?? blank} errors={extra.errors ?? {}} notice={extra.notice} />,
    status,
  );
}

const notices = { added: 'eventStaff.added', changed: 'eventStaff.changed', removed: 'eventStaff.removed' } as const;

eventStaffRoutes.get('/events/:id/staff', eventSetup, (c) => {
  const done = Object.entries(notices).find(([name]) => c.req.query(name) === '1')?.[1];
  return staffPage(c, done ? { notice: { kind: 'success', text: c.get('t')(done) } } : {});
});

/** A refusal shows the page again with why: a field's problem beside the field, any other on top. */
function refused(c: Context<Staffed>, outcome: Outcome<unknown> & { ok: false }, values?: AddStaffValues) {
  const messages = problemMessages(outcome.problems, c.get('t'));
  const general = messages[''];
  return staffPage(c, { ...(values ? { values } : {}), errors: messages, ...(general ? { notice: { kind: 'error' as const, text: general } } : {}) }, outcome.status);
}

eventStaffRoutes.post('/events/:id/staff', eventSetup, async (c) => {
  const values = formStrings(await c.req.parseBody(), ['accountId', 'role']);
  const accountId = parseId(values.accountId);
  if (accountId === null) return refused(c, { ok: false, status: 422, problems: [{ field: 'accountId', key: 'eventStaff.error.account' }] }, values);
  const outcome = await setEventRole(c.get('db'), actorOf(c), c.get('eventId'), accountId, { role: values.role });
  if (!outcome.ok) return refused(c, outcome, values);
  return seeOther(c, `/events/${c.get('eventId')}/staff?${outcome.value.created ? 'added' : 'changed'}=1`);
});

eventStaffRoutes.post('/events/:id/staff/:accountId', eventSetup, async (c) => {
  const { role } = formStrings(await c.req.parseBody(), ['role']);
  const outcome = await setEventRole(c.get('db'), actorOf(c), c.get('eventId'), idParam(c, 'accountId'), { role });
  if (!outcome.ok) return refused(c, outcome);
  return seeOther(c, `/events/${c.get('eventId')}/staff?changed=1`);
});

eventStaffRoutes.post('/events/:id/staff/:accountId/remove', eventSetup, async (c) => {
  const outcome = await removeEventStaff(c.get('db'), actorOf(c), c.get('eventId'), idParam(c, 'accountId'));
  if (!outcome.ok) return outcome.status === 404 ? renderError(c, 404, 'notFound') : refused(c, outcome);
  return seeOther(c, `/events/${c.get('eventId')}/staff?removed=1`);
});
