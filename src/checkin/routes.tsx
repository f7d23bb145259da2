import { Hono, type Context } from 'hono';
import { requireRole } from '../auth/middleware.ts';
import { parseTicketCode } from '../domain/ticket-code.ts';
import { listSkills } from '../events/queries.ts';
import type { AppEnv } from '../http/env.ts';
import { pageContext, renderError } from '../http/render.tsx';
import { problemMessages } from '../http/validation.ts';
import { checkInRow, checkInRows, attendanceCounts } from '../registration/queries.ts';
import { attendanceInput } from '../registration/schemas.ts';
import { CheckInCounts, CheckInItem, CheckInPage } from '../../views/pages/checkin.tsx';
import { invalid } from '../outcome.ts';
import { recordAttendance } from './commands.ts';

/** The check-in desk, run by the organizer's staff. */
export const checkInRoutes = new Hono<AppEnv>();
checkInRoutes.use('/events/:id/check-in', requireRole('organizer'));
checkInRoutes.use('/entries/:id/attendance', requireRole('organizer'));

const idParam = (c: Context<AppEnv>) => {
  const id = Number(c.req.param('id'));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
};

checkInRoutes.get('/events/:id/check-in', async (c) => {
  const id = idParam(c);
  const event = id && (await c.var.db.event.findUnique({ where: { id } }));
  if (!event) return renderError(c, 404, 'notFound');
  // A scanned ticket (JX:<event>:<bib>) searches for its bib.
  const typed = c.req.query('q') ?? '';
  const ticket = parseTicketCode(typed);
  const query = ticket && ticket.eventId === event.id ? ticket.bib : typed;
  const skillId = Number(c.req.query('skill')) || null;
  const [skills, rows, counts] = await Promise.all([
    listSkills(c.var.db, event.id),
    checkInRows(c.var.db, event.id, { query, skillId }),
    attendanceCounts(c.var.db, event.id, skillId),
  ]);
  return c.html(<CheckInPage page={pageContext(c)} event={event} skills={skills} query={query} skillId={skillId} rows={rows} counts={counts} />);
});

checkInRoutes.post('/entries/:id/attendance', async (c) => {
  const id = idParam(c);
  const row = id && (await checkInRow(c.var.db, id));
  if (!id || !row) return renderError(c, 404, 'notFound');
  const body = await c.req.parseBody();
  const skillId = Number(body.skill) || null;
  const input = attendanceInput.safeParse(body);
  const outcome = input.success
    ? await recordAttendance(c.var.db, id, input.data.attendance, c.var.account!.id)
    : invalid([{ field: '', key: 'validation.choice' }]);
  const error = outcome.ok ? undefined : Object.values(problemMessages(outcome.problems, c.var.t))[0];
  const eventId = (await c.var.db.entry.findUniqueOrThrow({ where: { id }, select: { eventId: true } })).eventId;
  const counts = await attendanceCounts(c.var.db, eventId, skillId);
  return c.html(
    <>
      <CheckInItem page={pageContext(c)} row={(await checkInRow(c.var.db, id))!} skillId={skillId} error={error} />
      <CheckInCounts page={pageContext(c)} counts={counts} oob />
    </>,
    outcome.ok ? 200 : outcome.status,
  );
});
