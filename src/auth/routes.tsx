import { Hono, type Context } from 'hono';
import { z } from '../zod.ts';
import { clientAddress, isLocalRequest } from '../http/client-address.ts';
import { optionalTitleText, titleText } from '../names.ts';
import { safeNextPath } from '../http/safe-path.ts';
import { anyone, PASSWORD_PAGE, signIn } from './guards.ts';
import type { AppEnv } from '../http/env.ts';
import { pageContext } from '../http/render.tsx';
import { formStrings, validateForm } from '../http/validation.ts';
import { LoginPage } from '../../views/pages/login.tsx';
import { SetupPage } from '../../views/pages/setup.tsx';
import type { FieldErrors } from '../../views/components/form.tsx';
import {
  clearSessionCookie,
  sessionToken,
  setSessionCookie,
} from './middleware.ts';
import { checkNewPassword } from './new-password.ts';
import { decoyPasswordHash, hashPassword, verifyPassword } from './password.ts';
import { setupCodeMatches } from './setup-code.ts';
import { username } from './username.ts';
import { createSession, endSession } from './sessions.ts';

const setupSchema = z
  .object({
    federationName: optionalTitleText(60),
    displayName: titleText(60),
    username,
    password: z.string().min(1, 'validation.required'),
    passwordConfirm: z.string(),
  })
  .superRefine((form, ctx) => checkNewPassword(form.password, form, ctx))
  .refine((form) => form.password === form.passwordConfirm, {
    path: ['passwordConfirm'],
    message: 'validation.passwordMismatch',
  });

async function startSession(c: Context<AppEnv>, accountId: number): Promise<void> {
  // A fresh token at every sign-in defeats session fixation.
  const previous = sessionToken(c);
  if (previous) await endSession(c.get('db'), previous);
  const token = await createSession(c.get('db'), accountId, c.get('config').sessionTtlMs, c.req.header('user-agent'));
  setSessionCookie(c, token);
}

export const authRoutes = new Hono<AppEnv>();

authRoutes.get('/setup', anyone, async (c) => {
  if ((await c.get('db').account.count()) > 0) return c.redirect('/login', 303);
  const form = { federationName: '', username: '', displayName: '', setupCode: '' };
  return c.html(<SetupPage page={pageContext(c)} form={form} errors={{}} askCode={!isLocalRequest(c)} />);
});

/**
 * Setup-code guesses go through the sign-in throttle as one account of their own: 5 per address
 * and 20 from all addresses together per window. The machine itself never needs the code.
 */
const SETUP_CODE_ACCOUNT = 'setup-code';

authRoutes.post('/setup', signIn, async (c) => {
  const { t, loginThrottle } = c.var;
  // Before anything costly: once set up, a flood of posts must not hash a password each.
  if ((await c.get('db').account.count()) > 0) return setupDone(c);
  const form = formStrings(await c.req.parseBody(), ['federationName', 'displayName', 'username', 'password', 'passwordConfirm', 'setupCode']);
  const askCode = !isLocalRequest(c);
  const page = (errors: FieldErrors, status: 422 | 429) =>
    c.html(<SetupPage page={pageContext(c)} form={form} errors={errors} askCode={askCode} />, status);
  if (askCode) {
    const attempt = await loginThrottle.attempt('setupCode', clientAddress(c), SETUP_CODE_ACCOUNT);
    if (!attempt.allowed) {
      c.header('Retry-After', String(attempt.retryAfterSeconds));
      return page({ setupCode: t('login.rateLimited', { minutes: attempt.minutes }) }, 429);
    }
    // A wrong code keeps its reservation: it counts as a failure.
    if (!setupCodeMatches(form.setupCode, c.get('config').setupCode)) {
      return page({ setupCode: t(form.setupCode.trim() ? 'setup.code.wrong' : 'validation.required') }, 422);
    }
    await attempt.succeeded();
  }
  const result = validateForm(setupSchema, form, t);
  if (!result.ok) return page(result.errors, 422);
  const { displayName, password } = result.data;
  const passwordHash = await hashPassword(password);
  // Count and create in one transaction: two browsers racing through setup yield one organizer.
  const account = await c.get('db').$transaction(async (tx) => {
    if ((await tx.account.count()) > 0) return null;
    // The installation's own federation, the root of the tree (made by the migration), gets its name.
    if (result.data.federationName) await tx.federation.update({ where: { id: 1 }, data: { name: result.data.federationName } });
    return tx.account.create({
      data: { username: result.data.username, displayName, passwordHash, role: 'organizer', isAdmin: true },
    });
  });
  if (!account) return setupDone(c);
  await startSession(c, account.id);
  return c.redirect('/', 303);
});

function setupDone(c: Context<AppEnv>) {
  const message = { kind: 'info' as const, text: c.get('t')('setup.alreadyDone') };
  return c.html(<LoginPage page={pageContext(c)} username="" message={message} />, 409);
}

authRoutes.get('/login', anyone, async (c) => {
  if (c.get('account')) return c.redirect('/', 303);
  if ((await c.get('db').account.count()) === 0) return c.redirect('/setup', 303);
  const next = safeNextPath(c.req.query('next'));
  const notice = c.req.query('signed_out') ? 'login.signedOut' : next ? 'login.sessionExpired' : undefined;
  const message = notice && { kind: 'info' as const, text: c.get('t')(notice) };
  // The QR code on an initial-password slip fills the username in.
  const named = username.safeParse(c.req.query('username') ?? '');
  return c.html(<LoginPage page={pageContext(c)} username={named.success ? named.data : ''} next={next} message={message} />);
});

authRoutes.post('/login', signIn, async (c) => {
  const { t, db, loginThrottle } = c.var;
  const form = formStrings(await c.req.parseBody(), ['username', 'password', 'next']);
  const name = form.username.trim().toLowerCase();
  const next = safeNextPath(form.next);
  const address = clientAddress(c);
  const fail = (status: 401 | 429, text: string) =>
    c.html(<LoginPage page={pageContext(c)} username={form.username} next={next} message={{ kind: 'error', text }} />, status);

  const attempt = await loginThrottle.attempt('password', address, name);
  if (!attempt.allowed) {
    c.header('Retry-After', String(attempt.retryAfterSeconds));
    return fail(429, t('login.rateLimited', { minutes: attempt.minutes }));
  }
  const account = name ? await db.account.findUnique({ where: { username: name } }) : null;
  // Verify against a decoy hash for unknown names so timing does not reveal who exists.
  const passwordOk = await verifyPassword(form.password, account?.passwordHash ?? (await decoyPasswordHash()));
  if (!account || !passwordOk || account.disabledAt) return fail(401, t('login.failed'));
  // Said only to whoever knows the password: it was right, but it was an initial one, now expired.
  if (account.initialPasswordUntil && account.initialPasswordUntil <= new Date()) return fail(401, t('login.initialExpired'));
  await attempt.succeeded();
  await startSession(c, account.id);
  return c.redirect(account.initialPasswordUntil ? PASSWORD_PAGE : next ?? '/', 303);
});

authRoutes.post('/logout', anyone, async (c) => {
  const token = sessionToken(c);
  if (token) await endSession(c.get('db'), token);
  clearSessionCookie(c);
  return c.redirect('/login?signed_out=1', 303);
});
