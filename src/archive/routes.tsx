import { Hono } from 'hono';
import { eventSetup } from '../auth/guards.ts';
import { download } from '../http/download.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { renderError } from '../http/render.tsx';
import { exportEventArchive } from './commands.ts';

/**
 * The event's contest archive (竞赛档案), from the event's screen. A POST, not a link: it hands
 * out everybody's personal data and writes an audit entry, which a cross-site GET must not do.
 */
export const archiveRoutes = new Hono<AppEnv>();

const PATH = '/events/:id{[0-9]+}/archive';

archiveRoutes.post(PATH, eventSetup, async (c) => {
  const outcome = await exportEventArchive(c.get('db'), { accountId: c.get('account').id }, idParam(c));
  if (!outcome.ok) return renderError(c, 404, 'notFound');
  c.header('Cache-Control', 'no-store');
  return download(c, outcome.value.bytes, outcome.value.filename, 'application/zip');
});
