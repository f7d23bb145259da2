import { recordAudit } from '../audit/record.ts';
import { checkNewPassword } from '../auth/new-password.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { endOtherSessions } from '../auth/sessions.ts';
import type { Db } from '../db/client.ts';
import { PASSWORD_MAX_LENGTH } from '../domain/password-policy.ts';
import { done, invalid, notFound, parse, type Outcome } from '../outcome.ts';
import { z } from '../zod.ts';

/** The password change form: the current password, the new one twice (the policy of setup). */
const passwordChange = (person: { username: string; displayName: string }) => z
  .object({
    current: z.string().min(1, 'validation.required').max(PASSWORD_MAX_LENGTH, 'validation.passwordTooLong'),
    password: z.string().min(1, 'validation.required'),
    passwordConfirm: z.string(),
  })
  .superRefine((form, ctx) => checkNewPassword(form.password, person, ctx))
  .refine((form) => form.password === form.passwordConfirm, { path: ['passwordConfirm'], message: 'validation.passwordMismatch' })
  .refine((form) => form.password !== form.current, { path: ['password'], message: 'account.password.same' });

/**
 * An organizer changes his own password: the current one first (a session left open on a venue
 * laptop must not be enough), then the new one under the setup's policy. An initial password an
 * administrator made is replaced this way too, and stops being one. Every other session of
 * the account ends, the one making the change stays; the change is audited. API tokens are
 * credentials of their own and stay until revoked on their page.
 */
export async function changePassword(db: Db, accountId: number, keepSessionToken: string | null, raw: unknown): Promise<Outcome<{ endedSessions: number }>> {
  const account = await db.account.findUnique({ where: { id: accountId } });
  if (!account) return notFound();
  const input = parse(passwordChange(account), raw);
  // A wrong current password is reported with the rest, so one round trip shows every mistake.
  const currentOk = typeof (raw as { current?: unknown })?.current === 'string'
    && await verifyPassword((raw as { current: string }).current, account.passwordHash);
  if (!input.ok || !currentOk) {
    const problems = input.ok ? [] : input.problems.filter((p) => !(p.field === 'current' && !currentOk));
    return invalid([...(currentOk ? [] : [{ field: 'current', key: 'account.password.wrong' }]), ...problems]);
  }
  const passwordHash = await hashPassword(input.value.password);
  const endedSessions = await db.$transaction(async (tx) => {
    await tx.account.update({ where: { id: accountId }, data: { passwordHash, initialPasswordUntil: null } });
    const ended = await endOtherSessions(tx, accountId, keepSessionToken);
    await recordAudit(tx, { accountId, eventId: null, action: 'account.password', subject: account.username, details: { endedSessions: ended } });
    return ended;
  });
  return done({ endedSessions });
}
