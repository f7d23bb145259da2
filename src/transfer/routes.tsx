import { Hono, type Context } from 'hono';
import { administrator, eventSetup, type SignedIn } from '../auth/guards.ts';
import { download } from '../http/download.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { pageContext, renderError } from '../http/render.tsx';
import { problemMessages } from '../http/validation.ts';
import { photoStore } from '../registration/photos.tsx';
import { TransferImportPage, TransferImportedPage } from '../../views/pages/transfer.tsx';
import { exportEvent, federationName, importTransferFile } from './commands.ts';

/**
 * Moving an event between installations (a venue laptop's SQLite file ⇄ the platform's
 * PostgreSQL): its transfer file from the event's screen, and the import that makes it an event
 * of the importing administrator's federation. The download is a POST, as the archive's: it
 * hands out everybody's personal data and is audited.
 */
export const transferRoutes = new Hono<AppEnv>();

/** The one path with the transfer's body limit (src/app.ts). */
export const TRANSFER_IMPORT_PATH = '/transfer';

transferRoutes.post('/events/:id{[0-9]+}/transfer', eventSetup, async (c) => {
  const outcome = await exportEvent(c.get('db'), photoStore(c), { accountId: c.get('account').id }, idParam(c));
  if (!outcome.ok) return renderError(c, 404, 'notFound');
  c.header('Cache-Control', 'no-store');
  return download(c, outcome.value.bytes, outcome.value.filename, 'application/zip');
});

/** The federation the imported event will belong to, by name (an installation not yet named: "your federation"). */
const federationOf = async (c: Context<AppEnv & SignedIn>) =>
  (await federationName(c.get('db'), c.get('account').federationId)) || c.get('t')('transfer.import.yourFederation');

transferRoutes.get(TRANSFER_IMPORT_PATH, administrator, async (c) => c.html(<TransferImportPage page={pageContext(c)} federation={await federationOf(c)} />));

transferRoutes.post(TRANSFER_IMPORT_PATH, administrator, async (c) => {
  const { t } = c.var;
  const account = c.get('account');
  const page = async (error: string, status: 409 | 422) =>
    c.html(<TransferImportPage page={pageContext(c)} federation={await federationOf(c)} error={error} />, status);
  const file = (await c.req.parseBody()).file;
  if (!(file instanceof File) || file.size === 0) return page(t('transfer.error.noFile'), 422);
  const outcome = await importTransferFile(c.get('db'), photoStore(c), new Uint8Array(await file.arrayBuffer()), { federationId: account.federationId, accountId: account.id });
  if (!outcome.ok) return page(problemMessages(outcome.problems, t).file ?? t('validation.invalid'), outcome.status === 404 ? 422 : outcome.status);
  return c.html(<TransferImportedPage page={pageContext(c)} summary={outcome.value} />, 201);
});
