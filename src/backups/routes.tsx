import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import { rootAdministrator, type SignedIn } from '../auth/guards.ts';
import type { AppEnv } from '../http/env.ts';
import { pageContext, renderError } from '../http/render.tsx';
import { formStrings } from '../http/validation.ts';
import type { MessageKey } from '../i18n/index.ts';
import { BackupsPage, DatabaseBackupsPage, type BackupsPageProps } from '../../views/pages/backups.tsx';
import { restoreSnapshot, snapshotForDownload, takeSnapshotNow } from './commands.ts';
import { backupsOf } from './index.ts';
import { createMiddleware } from 'hono/factory';

const PAGE = '/settings/backups';
/** Only names that can be snapshots reach the handlers; the commands check they are listed. */
const NAME = ':name{[0-9A-Za-z.-]+\\.db}';

/** Administrators' screen: the snapshots in DATA_DIR/backups, take one now, download, restore (a whole database: every event's personal data). */
export const backupRoutes = new Hono<AppEnv>();

const backups = <E extends AppEnv>(c: Context<E>) => backupsOf(c.get('db'))!;

/**
 * Snapshots are copies of the SQLite file. On PostgreSQL there are none (its backups are the
 * database server's, README): the screen says so, and nothing under it exists.
 */
const snapshotsHere = createMiddleware<AppEnv>(async (c, next) => {
  if (backupsOf(c.get('db'))) return next();
  if (c.req.method === 'GET' && c.req.path === PAGE) return c.html(<DatabaseBackupsPage page={pageContext(c)} />);
  return renderError(c, 404, 'notFound');
});

async function render<E extends AppEnv & SignedIn>(c: Context<E>, props: Omit<BackupsPageProps, 'page' | 'snapshots' | 'pending' | 'failures' | 'folder' | 'settings'>, status: 200 | 409 | 422 = 200) {
  const service = backups(c);
  const { config } = c.var;
  return c.html(
    <BackupsPage
      page={pageContext(c)}
      snapshots={await service.snapshots.list()}
      pending={service.pending}
      failures={service.failures}
      folder={service.snapshots.settings.dir}
      settings={{ intervalMinutes: config.backupIntervalMinutes, ...config.backupRetention }}
      {...props}
    />,
    status,
  );
}

backupRoutes.get(PAGE, rootAdministrator, snapshotsHere, (c) => {
  const taken = c.req.query('taken');
  const restored = c.req.query('restored');
  return render(c, {
    notice: taken ? { kind: 'taken', name: taken } : restored ? { kind: 'restored', name: restored, before: c.req.query('before') ?? '' } : undefined,
  });
});

backupRoutes.post(PAGE, rootAdministrator, snapshotsHere, async (c) => {
  const outcome = await takeSnapshotNow(c.get('db'), backups(c), { accountId: c.get('account').id });
  if (!outcome.ok) return renderError(c, 404, 'notFound');
  return c.redirect(`${PAGE}?taken=${encodeURIComponent(outcome.value.name)}`, 303);
});

backupRoutes.get(`${PAGE}/${NAME}`, rootAdministrator, snapshotsHere, async (c) => {
  const name = c.req.param('name');
  const outcome = await snapshotForDownload(c.get('db'), backups(c), { accountId: c.get('account').id }, name);
  if (!outcome.ok) return renderError(c, 404, 'notFound');
  const { size } = await stat(outcome.value);
  c.header('Content-Type', 'application/vnd.sqlite3');
  c.header('Content-Length', String(size));
  c.header('Content-Disposition', `attachment; filename="${name}"`);
  c.header('Cache-Control', 'no-store');
  return c.body(Readable.toWeb(createReadStream(outcome.value)) as ReadableStream);
});

backupRoutes.post(`${PAGE}/${NAME}/restore`, rootAdministrator, snapshotsHere, async (c) => {
  const name = c.req.param('name');
  const form = formStrings(await c.req.parseBody(), ['reason']);
  const outcome = await restoreSnapshot(c.get('db'), backups(c), { accountId: c.get('account').id }, name, form);
  if (outcome.ok) {
    const { before } = outcome.value;
    return c.redirect(`${PAGE}?restored=${encodeURIComponent(name)}${before ? `&before=${encodeURIComponent(before)}` : ''}`, 303);
  }
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  const problem = outcome.problems[0]!;
  return render(c, { failed: { name, message: c.get('t')(problem.key as MessageKey, problem.params), reason: form.reason } }, outcome.status === 422 ? 422 : 409);
});
