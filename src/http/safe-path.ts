const MAX_NEXT_LENGTH = 2048;
/** What a URL this app builds contains: printable ASCII, no space (the rest is percent-encoded). */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
/** C0 and C1 controls and DEL: browsers drop tabs and newlines, so "/\t/evil" becomes "//evil". */
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

/**
 * A redirect target built from what a request says (?next=, the language switch) must be a
 * path on this site: it starts with one "/", is printable ASCII (a newline would break the
 * Location header, a tab is dropped by browsers), and neither it nor any percent-decoding of it
 * starts with "//" or contains a backslash or a control character (browsers and proxies decode
 * differently). Anything else is refused as a whole, never repaired.
 */
export function safeNextPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_NEXT_LENGTH || !PRINTABLE_ASCII.test(value)) return undefined;
  let decoded = value;
  for (let round = 0; ; round++) {
    if (!decoded.startsWith('/') || decoded.startsWith('//') || decoded.includes('\\') || CONTROL.test(decoded)) return undefined;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return undefined; // malformed escapes: no two decoders agree on what they mean
    }
    if (next === decoded) break;
    if (round === 3) return undefined; // encoded deeper than any link of ours
    decoded = next;
  }
  // Belt and braces: the WHATWG parser, as a browser would resolve it, stays on this origin.
  const base = 'http://same-site.invalid';
  return new URL(value, base).origin === base ? value : undefined;
}
