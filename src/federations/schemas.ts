import { optionalTitleText, titleText } from '../names.ts';
import { staffInviteInput } from '../staff/schemas.ts';
import { z } from '../zod.ts';

/** A federation's name as printed on certificates and reports (舟山市定海区总工会), and in English. */
export const federationInput = z.object({
  name: titleText(60),
  nameEn: optionalTitleText(120),
});

/** An administrator as the federations' forms name him: the staff invitation's fields, always an administrator. */
export const federationAdministratorInput = staffInviteInput.pick({ displayName: true, username: true });

/** A federation below, and its first administrator: one form, every problem of both halves at once. */
export const federationAddInput = federationInput.extend(federationAdministratorInput.shape);
