/**
 * Contact phone numbers: a mainland mobile, or a landline with its area code (some workers give
 * their workshop's phone). Stored normalised: "13812345678", "0571-88888888",
 * "0571-88888888-123" with an extension.
 */

export type PhoneResult = { ok: true; phone: string } | { ok: false; code: 'phone.error.format' };

const MOBILE = /^(?:\+?86|0086)?(1[3-9]\d{9})$/;
/**
 * Area codes are 010 and 02x (three digits with the 0) or 0 plus three digits starting 3–9, so
 * "057188888888" splits one way only. Written internationally (+86 571 …) the 0 is dropped.
 * Local numbers have 7 or 8 digits and never start with 0 or 1.
 */
const LANDLINE = /^(?:(?:\+86|0086|86)-?0?|0)(10|2\d|[3-9]\d{2})-?([2-9]\d{6,7})(?:(?:-|转|分机|ext\.?|x|#)(\d{1,6}))?$/;

export function validatePhone(raw: string): PhoneResult {
  const text = raw.normalize('NFKC').trim().toLowerCase();
  if (text.length > 40) return { ok: false, code: 'phone.error.format' };
  const mobile = MOBILE.exec(text.replace(/[\s\-()]/g, ''));
  if (mobile) return { ok: true, phone: mobile[1]! };
  const landline = LANDLINE.exec(text.replace(/[\s()]/g, ''));
  if (landline) {
    const [, area, number, extension] = landline;
    return { ok: true, phone: `0${area}-${number}${extension ? `-${extension}` : ''}` };
  }
  return { ok: false, code: 'phone.error.format' };
}
