import { Hono, type Context } from 'hono';
import { administrator, type SignedIn } from '../auth/guards.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { pageContext, renderError, seeOther } from '../http/render.tsx';
import { formStrings, problemMessages } from '../http/validation.ts';
import type { Outcome } from '../outcome.ts';
import { showSlip } from '../staff/slips.ts';
import { FederationsPage, type AddFederationValues } from '../../views/pages/federations.tsx';
import { addFederation, inviteFederationAdministrator, renameFederation } from './commands.ts';
import { federationTree } from './queries.ts';

/** The federation tree from the administrator's own down: name it, add federations below, help them to an administrator. */
export const federationRoutes = new Hono<AppEnv>();

type Admin = AppEnv & SignedIn;
const blank: AddFederationValues = { name: '', nameEn: '', displayName: '', username: '' };
const PAGE = '/federations';

interface Extra {
  values?: AddFederationValues;
  errors?: Record<string, string | undefined>;
  /** Which form the errors are of: the new federation's, or a federation's (rename, invite) by id. */
  form?: 'add' | number;
  notice?: { kind: 'success' | 'error'; text: string };
}

async function page(c: Context<Admin>, extra: Extra = {}, status: 200 | 404 | 409 | 422 = 200) {
  const tree = await federationTree(c.get('db'), c.get('account').federationId);
  return c.html(<FederationsPage page={pageContext(c)} {...tree} values={extra.values ?? blank} errors={extra.errors ?? {}} form={extra.form ?? 'add'} notice={extra.notice} />, status);
}

function refused(c: Context<Admin>, outcome: Outcome<unknown> & { ok: false }, extra: Extra) {
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  const errors = problemMessages(outcome.problems, c.get('t'));
  return page(c, { ...extra, errors, ...(errors[''] ? { notice: { kind: 'error', text: errors[''] } } : {}) }, outcome.status);
}

federationRoutes.get(PAGE, administrator, (c) => page(c, c.req.query('renamed') === '1' ? { notice: { kind: 'success', text: c.get('t')('federation.renamed') } } : {}));

federationRoutes.post(PAGE, administrator, async (c) => {
  const values = formStrings(await c.req.parseBody(), ['name', 'nameEn', 'displayName', 'username']);
  const outcome = await addFederation(c.get('db'), c.get('account'), values);
  if (!outcome.ok) return refused(c, outcome, { values, form: 'add' });
  return showSlip(c, outcome.value, false);
});

federationRoutes.post(`${PAGE}/:id`, administrator, async (c) => {
  const id = idParam(c);
  const values = formStrings(await c.req.parseBody(), ['name', 'nameEn']);
  const outcome = await renameFederation(c.get('db'), c.get('account'), id, values);
  if (!outcome.ok) return refused(c, outcome, { form: id });
  return seeOther(c, `${PAGE}?renamed=1`);
});

federationRoutes.post(`${PAGE}/:id/administrators`, administrator, async (c) => {
  const id = idParam(c);
  const values = formStrings(await c.req.parseBody(), ['displayName', 'username']);
  const outcome = await inviteFederationAdministrator(c.get('db'), c.get('account'), id, values);
  if (!outcome.ok) return refused(c, outcome, { values: { ...blank, ...values }, form: id });
  return showSlip(c, outcome.value, false);
});
