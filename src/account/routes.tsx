import { Hono } from 'hono';
import { ownPassword, PASSWORD_PAGE as PAGE } from '../auth/guards.ts';
import { sessionToken } from '../auth/middleware.ts';
import { clientAddress } from '../http/client-address.ts';
import type { AppEnv } from '../http/env.ts';
import { pageContext, seeOther } from '../http/render.tsx';
import { problemMessages } from '../http/validation.ts';
import { PasswordChangePage } from '../../views/pages/account.tsx';
import { changePassword } from './commands.ts';

/** The signed-in organizer's own account: changing the password (the first thing an invited colleague does). */
export const accountRoutes = new Hono<AppEnv>();

accountRoutes.get(PAGE, ownPassword, (c) =>
  c.html(<PasswordChangePage page={pageContext(c)} errors={{}} changed={c.req.query('changed') === '1'} pending={c.get('account').passwordPending} />));

accountRoutes.post(PAGE, ownPassword, async (c) => {
  const { t, loginThrottle } = c.var;
  const account = c.get('account');
  const body = await c.req.parseBody();
  const page = (errors: Record<string, string | undefined>, status: 422 | 429) => c.html(<PasswordChangePage page={pageContext(c)} errors={errors} changed={false} pending={account.passwordPending} />, status);
  // Guessing the current password from an open session counts like guessing it at sign-in.
  const attempt = await loginThrottle.attempt('password', clientAddress(c), account.username);
  if (!attempt.allowed) {
    c.header('Retry-After', String(attempt.retryAfterSeconds));
    return page({ current: t('login.rateLimited', { minutes: attempt.minutes }) }, 429);
  }
  const fields = Object.fromEntries(['current', 'password', 'passwordConfirm'].map((name) => [name, typeof body[name] === 'string' ? body[name] : '']));
  const outcome = await changePassword(c.get('db'), account.id, sessionToken(c) ?? null, fields);
  if (!outcome.ok) {
    // Only a wrong current password counts as a failed guess; a weak new one does not.
    if (!outcome.problems.some((p) => p.key === 'account.password.wrong')) await attempt.succeeded();
    return page(problemMessages(outcome.problems, t), 422);
  }
  await attempt.succeeded();
  return seeOther(c, `${PAGE}?changed=1`);
});
