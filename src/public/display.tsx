import { Hono, type Context } from 'hono';
import { anyone, resultsStaff } from '../auth/guards.ts';
import { topicStream } from '../desk/live.ts';
import type { Db } from '../db/client.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { pageContext, renderError, seeOther } from '../http/render.tsx';
import { displayTopic } from '../live/notifier.ts';
import { MAX_INTERVAL, MIN_INTERVAL, saveDisplaySettings } from './commands.ts';
import { DisplayBoard, DisplayControlPage, DisplayPage } from '../../views/pages/display.tsx';
import { currentPublications, displaySettings, publicEvent, rotation, summary } from './queries.ts';

/**
 * The big screen (大屏) in the hall: GET /display/events/:id (no sign-in; published results
 * only), its fragment /board re-fetched on every `changed` of the display topic (a publication
 * or a settings change), and the stream /events. The organizer steers it from
 * /events/:id/display: which published skills rotate, how fast, a pinned skill, or the title only.
 */
export const displayRoutes = new Hono<AppEnv>();

/** Rows that fit 1920×1080 at the display's type size. */
export const DISPLAY_ROWS = 8;

async function board<E extends AppEnv>(c: Context<E>, eventId: number) {
  const [published, settings] = await Promise.all([currentPublications(c.get('db'), eventId), displaySettings(c.get('db'), eventId)]);
  return { skills: rotation(published, settings), settings };
}

displayRoutes.get('/display/events/:id', anyone, async (c) => {
  const event = await publicEvent(c.get('db'), idParam(c));
  if (!event) return renderError(c, 404, 'notFound');
  const { skills, settings } = await board(c, event.id);
  c.header('Cache-Control', 'no-store');
  return c.html(<DisplayPage page={pageContext(c)} event={event} skills={skills} settings={settings} rows={DISPLAY_ROWS} />);
});

displayRoutes.get('/display/events/:id/board', anyone, async (c) => {
  const event = await publicEvent(c.get('db'), idParam(c));
  if (!event) return renderError(c, 404, 'notFound');
  const { skills, settings } = await board(c, event.id);
  c.header('Cache-Control', 'no-store');
  return c.html(<DisplayBoard page={pageContext(c)} event={event} skills={skills} settings={settings} rows={DISPLAY_ROWS} />);
});

displayRoutes.get('/display/events/:id/events', anyone, async (c) => {
  const event = await publicEvent(c.get('db'), idParam(c));
  if (!event) return renderError(c, 404, 'notFound');
  return topicStream(c, displayTopic(event.id));
});

async function controlPage<E extends AppEnv>(c: Context<E>, eventId: number, notice?: string, status: 200 | 422 = 200) {
  const db: Db = c.get('db');
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, name: true } });
  if (!event) return renderError(c, 404, 'notFound');
  const [published, settings, skills] = await Promise.all([
    currentPublications(db, eventId),
    displaySettings(db, eventId),
    db.skill.findMany({ where: { eventId }, orderBy: [{ position: 'asc' }, { id: 'asc' }], select: { id: true, name: true } }),
  ]);
  const publishedIds = new Set(published.map((p) => p.skillId));
  return c.html(
    <DisplayControlPage page={pageContext(c)} event={event} settings={settings}
      skills={skills.map((s) => ({ ...s, published: publishedIds.has(s.id) }))}
      showing={rotation(published, settings).map(summary)} notice={notice} />,
    status,
  );
}

displayRoutes.get('/events/:id/display', resultsStaff, async (c) => {
  const id = idParam(c);
  return controlPage(c, id, c.req.query('done') === 'saved' ? c.get('t')('display.control.saved') : undefined);
});

displayRoutes.post('/events/:id/display', resultsStaff, async (c) => {
  const event = await c.get('db').event.findUnique({ where: { id: idParam(c) }, select: { id: true } });
  if (!event) return renderError(c, 404, 'notFound');
  const body = await c.req.parseBody({ all: true });
  const list = (value: unknown) => (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);
  const eventSkills = new Set((await c.get('db').skill.findMany({ where: { eventId: event.id }, select: { id: true } })).map((s) => s.id));
  const skillIds = [...new Set(list(body.skillIds).map(Number).filter((n) => eventSkills.has(n)))];
  const pinned = Number(String(body.pinnedSkillId ?? ''));
  const pinnedSkillId = eventSkills.has(pinned) ? pinned : null;
  const interval = Math.round(Number(String(body.intervalSeconds ?? '')));
  const intervalSeconds = Number.isFinite(interval) ? Math.min(MAX_INTERVAL, Math.max(MIN_INTERVAL, interval)) : 15;
  const titleOnly = list(body.titleOnly).some((v) => v === 'true' || v === 'on');
  // The form's leftovers (an unknown skill, an interval out of range) are dropped or clamped above.
  const saved = await saveDisplaySettings(c.get('db'), event.id, { skillIds, intervalSeconds, pinnedSkillId, titleOnly }, c.get('account').id);
  if (!saved.ok) return renderError(c, 404, 'notFound');
  return seeOther(c, `/events/${event.id}/display?done=saved`);
});
