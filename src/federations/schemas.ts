import { optionalTitleText, titleText } from '../names.ts';
import { z } from '../zod.ts';

/** A federation's name as printed on certificates and reports (舟山市定海区总工会), and in English. */
export const federationInput = z.object({
  name: titleText(60),
  nameEn: optionalTitleText(120),
});
