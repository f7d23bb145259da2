import { username } from '../auth/username.ts';
import { titleText } from '../names.ts';
import { z } from '../zod.ts';

/** A colleague's account as an administrator fills it in: the username cannot change afterwards (the audit log names it). */
export const staffInviteInput = z.object({
  username,
  displayName: titleText(60),
  isAdmin: z.boolean().default(false),
});

export const staffUpdateInput = z.object({
  displayName: titleText(60),
  isAdmin: z.boolean(),
});
