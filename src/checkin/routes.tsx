import { Hono } from 'hono';
import { registrationStaff } from '../auth/guards.ts';
import { parseTicketCode } from '../domain/ticket-code.ts';
import { listSkills } from '../events/queries.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam, parseId } from '../http/ids.ts';
import { pageContext, renderError } from '../http/render.tsx';
import { problemMessages } from '../http/validation.ts';
import { checkInRow, checkInRows, attendanceCounts } from '../registration/queries.ts';
import { attendanceInput } from '../registration/schemas.ts';
import { CheckInCounts, CheckInItem, CheckInPage } from '../../views/pages/checkin.tsx';
import { invalid } from '../outcome.ts';
import { markUncheckedAbsent, recordAttendance } from './commands.ts';
import { seeOther } from '../http/render.tsx';

/** The check-in desk, run by the organizer's staff. */
export const checkInRoutes = new Hono<AppEnv>();

checkInRoutes.get('/events/:id/check-in', registrationStaff, async (c) => {
  const id = idParam(c);
  const event = await c.get('db').event.findUnique({ where: { id } });
  if (!event) return renderError(c, 404, 'notFound');
  // A scanned ticket (JX:<event>:<bib>) searches for its bib.
  const typed = c.req.query('q') ?? '';
  const ticket = parseTicketCode(typed);
  const query = ticket && ticket.eventId === event.id ? ticket.bib : typed;
  const skillId = parseId(c.req.query('skill'));
  const verify = c.req.query('verify') === '1';
  const [skills, rows, counts] = await Promise.all([
    listSkills(c.get('db'), event.id),
    checkInRows(c.get('db'), event.id, { query, skillId }),
    attendanceCounts(c.get('db'), event.id, skillId),
  ]);
  const marked = /^\d{1,6}$/.test(c.req.query('absent') ?? '') ? Number(c.req.query('absent')) : null;
  return c.html(<CheckInPage page={pageContext(c)} event={event} skills={skills} query={query} skillId={skillId} verify={verify} rows={rows} counts={counts} marked={marked} />);
});

/** Everyone not checked in yet (of the desk's skill, or all) is absent: asked on the page first. */
checkInRoutes.post('/events/:id/check-in/absent', registrationStaff, async (c) => {
  const id = idParam(c);
  const body = await c.req.parseBody();
  const skillId = parseId(typeof body.skill === 'string' ? body.skill : null);
  const outcome = await markUncheckedAbsent(c.get('db'), id, skillId, c.get('account').id);
  if (!outcome.ok && outcome.status === 404) return renderError(c, 404, 'notFound');
  // Not started (or over): the desk's page says so, and nothing changed.
  if (!outcome.ok) return seeOther(c, `/events/${id}/check-in`);
  return seeOther(c, `/events/${id}/check-in?${new URLSearchParams({ ...(skillId ? { skill: String(skillId) } : {}), absent: String(outcome.value) })}`);
});

checkInRoutes.post('/entries/:id/attendance', registrationStaff, async (c) => {
  const id = idParam(c);
  const row = await checkInRow(c.get('db'), id);
  if (!row) return renderError(c, 404, 'notFound');
  const body = await c.req.parseBody();
  const skillId = parseId(typeof body.skill === 'string' ? body.skill : null);
  const verify = body.verify === '1';
  const input = attendanceInput.safeParse(body);
  const last4 = typeof body.last4 === 'string' ? body.last4.slice(0, 8) : '';
  const outcome = input.success
    ? await recordAttendance(c.get('db'), id, input.data.attendance, c.get('account').id, verify || last4 !== '' ? { last4 } : undefined)
    : invalid([{ field: '', key: 'validation.choice' }]);
  const error = outcome.ok ? undefined : Object.values(problemMessages(outcome.problems, c.get('t')))[0];
  const eventId = (await c.get('db').entry.findUniqueOrThrow({ where: { id }, select: { eventId: true } })).eventId;
  const counts = await attendanceCounts(c.get('db'), eventId, skillId);
  return c.html(
    <>
      <CheckInItem page={pageContext(c)} row={(await checkInRow(c.get('db'), id))!} skillId={skillId} verify={verify} error={error} />
      <CheckInCounts page={pageContext(c)} counts={counts} oob />
    </>,
    outcome.ok ? 200 : outcome.status,
  );
});
