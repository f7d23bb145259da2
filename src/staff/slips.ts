import type { Context } from 'hono';
import type { SignedIn } from '../auth/guards.ts';
import type { AppEnv } from '../http/env.ts';
import { oneTimeViews } from '../http/one-time.ts';
import { seeOther } from '../http/render.tsx';
import type { IssuedPassword } from './commands.ts';

/** Initial passwords between the POST that made them and the slip that shows them (src/http/one-time.ts). */
export const issuedPasswords = oneTimeViews<{ issued: IssuedPassword; reset: boolean }>('initial-password');

/** Sends the administrator to the printable slip with the initial password (/staff/slips/:view), shown to him only. */
export async function showSlip<E extends AppEnv & SignedIn>(c: Context<E>, issued: IssuedPassword, reset: boolean) {
  const view = await issuedPasswords(c.get('db')).put(c.get('account').id, { issued, reset });
  return seeOther(c, `/staff/slips/${view}`);
}
