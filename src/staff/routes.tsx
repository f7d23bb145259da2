import { Hono, type Context } from 'hono';
import { administrator, type SignedIn } from '../auth/guards.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { OneTimeViews } from '../http/one-time.ts';
import { qrSvg } from '../http/qr.ts';
import { pageContext, renderError, seeOther } from '../http/render.tsx';
import { formStrings, problemMessages } from '../http/validation.ts';
import type { Outcome } from '../outcome.ts';
import { InitialPasswordSlip, StaffMemberPage, StaffPage, type InviteValues } from '../../views/pages/staff.tsx';
import { issuedPasswords, showSlip } from './slips.ts';
import { inviteStaff, resetStaffPassword, setStaffDisabled, updateStaff } from './commands.ts';
import { findStaff, listStaff } from './queries.ts';

/** The federation's administrators manage its organizer accounts here: invite, rename, reset, disable. */
export const staffRoutes = new Hono<AppEnv>();

const blankInvite: InviteValues = { displayName: '', username: '', isAdmin: false };

async function staffPage<E extends AppEnv>(c: Context<E>, values = blankInvite, errors = {}, status: 200 | 422 = 200) {
  return c.html(<StaffPage page={pageContext(c)} staff={await listStaff(c.get('db'), c.get('account').federationId)} values={values} errors={errors} />, status);
}

staffRoutes.get('/staff', administrator, (c) => staffPage(c));


const checkbox = (value: string) => value === 'true';

staffRoutes.post('/staff', administrator, async (c) => {
  const form = formStrings(await c.req.parseBody(), ['displayName', 'username', 'isAdmin']);
  const values = { ...form, isAdmin: checkbox(form.isAdmin) };
  const outcome = await inviteStaff(c.get('db'), values, c.get('account'));
  if (!outcome.ok) return staffPage(c, values, problemMessages(outcome.problems, c.get('t')), 422);
  return showSlip(c, outcome.value, false);
});

staffRoutes.get('/staff/slips/:view', administrator, async (c) => {
  c.header('Cache-Control', 'no-store');
  const id = c.req.param('view');
  if (!OneTimeViews.isId(id)) return renderError(c, 404, 'notFound');
  const shown = await issuedPasswords(c.get('db')).get(id, c.get('account').id);
  if (!shown) return renderError(c, 410, 'slipGone');
  const loginUrl = new URL('/login', c.req.url).toString();
  const qr = await qrSvg(`${loginUrl}?username=${encodeURIComponent(shown.issued.username)}`);
  return c.html(<InitialPasswordSlip page={pageContext(c)} issued={shown.issued} loginUrl={loginUrl} qr={qr} reset={shown.reset} />);
});

async function memberPage<E extends AppEnv & SignedIn>(
  c: Context<E>,
  id: number,
  extra: { values?: { displayName: string; isAdmin: boolean }; errors?: Record<string, string | undefined>; notice?: { kind: 'success' | 'error'; text: string } } = {},
  status: 200 | 409 | 422 = 200,
) {
  const member = await findStaff(c.get('db'), c.get('account').federationId, id);
  if (!member) return renderError(c, 404, 'notFound');
  return c.html(
    <StaffMemberPage page={pageContext(c)} member={member} self={member.id === c.get('account').id}
      values={extra.values ?? { displayName: member.displayName, isAdmin: member.isAdmin }} errors={extra.errors ?? {}} notice={extra.notice} />,
    status,
  );
}

const notices = { disabled: 'staff.disabled', enabled: 'staff.enabled', saved: 'staff.saved' } as const;

staffRoutes.get('/staff/:id', administrator, (c) => {
  const done = Object.entries(notices).find(([name]) => c.req.query(name) === '1')?.[1];
  return memberPage(c, idParam(c), done ? { notice: { kind: 'success', text: c.get('t')(done) } } : {});
});

/** A refused action shows the member's page again with why; an unknown account is 404. */
function refused<E extends AppEnv & SignedIn>(c: Context<E>, id: number, outcome: Outcome<unknown> & { ok: false }) {
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  const text = Object.values(problemMessages(outcome.problems, c.get('t'))).join(' ');
  return memberPage(c, id, { notice: { kind: 'error', text } }, outcome.status);
}

staffRoutes.post('/staff/:id', administrator, async (c) => {
  const id = idParam(c);
  const form = formStrings(await c.req.parseBody(), ['displayName', 'isAdmin']);
  const values = { displayName: form.displayName, isAdmin: checkbox(form.isAdmin) };
  const outcome = await updateStaff(c.get('db'), id, values, c.get('account'));
  if (outcome.ok) return seeOther(c, `/staff/${id}?saved=1`);
  if (outcome.status === 422) return memberPage(c, id, { values, errors: problemMessages(outcome.problems, c.get('t')) }, 422);
  return refused(c, id, outcome);
});

staffRoutes.post('/staff/:id/password', administrator, async (c) => {
  const id = idParam(c);
  const outcome = await resetStaffPassword(c.get('db'), id, c.get('account'));
  return outcome.ok ? showSlip(c, outcome.value, true) : refused(c, id, outcome);
});

for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
  staffRoutes.post(`/staff/:id/${action}`, administrator, async (c) => {
    const id = idParam(c);
    const outcome = await setStaffDisabled(c.get('db'), id, disabled, c.get('account'));
    return outcome.ok ? seeOther(c, `/staff/${id}?${disabled ? 'disabled' : 'enabled'}=1`) : refused(c, id, outcome);
  });
}
