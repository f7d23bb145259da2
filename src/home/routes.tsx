import { Hono } from 'hono';
import { signedIn } from '../auth/guards.ts';
import type { AppEnv } from '../http/env.ts';
import { pageContext } from '../http/render.tsx';
import { DashboardPage } from '../../views/pages/dashboard.tsx';
import { dashboardEvents, eventProgress } from '../events/queries.ts';

export const homeRoutes = new Hono<AppEnv>();

// First run: with no accounts at all, the start page is the setup page.
homeRoutes.get('/', async (c, next) => {
  if (!c.get('account') && (await c.get('db').account.count()) === 0) return c.redirect('/setup', 303);
  return next();
});

homeRoutes.get('/', signedIn, async (c) => {
  const events = await dashboardEvents(c.get('db'), c.get('account'));
  // Where each event stands and what is next: for organizers, who run them.
  const progress = c.get('account').role === 'organizer' ? await eventProgress(c.get('db'), events.map((e) => e.id)) : new Map();
  return c.html(<DashboardPage page={pageContext(c)} events={events.map((e) => ({ ...e, progress: progress.get(e.id) ?? null }))} />);
});
