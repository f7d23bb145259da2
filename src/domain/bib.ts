/**
 * Bib numbers (参赛证号) run through the whole event: "001", "002"… The next one follows the
 * highest numeric bib so far, keeping at least three digits; bibs typed by hand are kept as typed.
 */
export function nextBib(existing: Iterable<string>): string {
  return assignBibs([null], existing)[0]!;
}

export const BIB_PATTERN = /^[A-Za-z0-9-]{1,12}$/;

/**
 * Bibs for a list of new entries, in order: a wanted bib is kept, a missing one is the next free
 * one as nextBib would give it after all earlier ones (bibs typed in the list count from the
 * start). Linear, where calling nextBib for each of 10,000 rows would be quadratic.
 */
export function assignBibs(wanted: readonly (string | null)[], existing: Iterable<string>): string[] {
  let highest = 0;
  let width = 3;
  for (const bib of [...existing, ...wanted]) {
    if (bib === null || !/^\d+$/.test(bib)) continue;
    highest = Math.max(highest, Number(bib));
    width = Math.max(width, bib.length);
  }
  return wanted.map((bib) => {
    if (bib !== null) return bib;
    const next = String(++highest).padStart(width, '0');
    width = Math.max(width, next.length);
    return next;
  });
}
