import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from '../domain/password-policy.ts';
import type { z } from '../zod.ts';

/**
 * The zod side of src/domain/password-policy.ts, for every form that sets a password (first-run
 * setup, a password change): one check of the policy, which counts characters as the hash does,
 * reported on `path` with the catalogue's keys. An empty password is left to the field's own
 * "required".
 */
export function checkNewPassword(password: string, person: { username?: string; displayName?: string }, ctx: z.RefinementCtx, path: string[] = ['password']): void {
  const problem = passwordProblem(password, person);
  if (!problem || password === '') return;
  if (problem === 'tooShort') ctx.addIssue({ code: 'too_small', origin: 'string', minimum: PASSWORD_MIN_LENGTH, inclusive: true, input: password, path, message: 'validation.passwordTooShort' });
  else if (problem === 'tooLong') ctx.addIssue({ code: 'too_big', origin: 'string', maximum: PASSWORD_MAX_LENGTH, inclusive: true, input: password, path, message: 'validation.passwordTooLong' });
  else ctx.addIssue({ code: 'custom', input: password, path, message: problem === 'common' ? 'validation.passwordCommon' : 'validation.passwordPersonal' });
}
