import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { certificateNumber, VERIFICATION_CODE_LENGTH } from '../domain/certificate-number.ts';
import { readableCode } from '../readable-code.ts';
import type { PublicationDetail } from '../results/queries.ts';
import { certificateEntries, type SheetEntry } from '../results/snapshot.ts';

export interface IssuedCertificate {
  entry: SheetEntry;
  /** As printed: 2026-03-007. */
  number: string;
  /** What /verify/<code> looks up. */
  code: string;
}

/**
 * The certificates of a publication, in rank order, each with its number and verification code.
 * The codes are made the first time the certificates are printed and kept (Certificate never
 * changes): a reprint carries the same codes, and a later version gets new ones.
 */
export async function issueCertificates(db: Db, publication: Pick<PublicationDetail, 'id' | 'publishedAt' | 'version' | 'snapshot'>, skillNumber: number): Promise<IssuedCertificate[]> {
  const wanted = certificateEntries(publication.snapshot).map((entry, index) => ({
    entry, number: certificateNumber({ issued: publication.publishedAt, skillNumber, serial: index + 1, version: publication.version }),
  }));
  const codes = async () => new Map((await db.certificate.findMany({ where: { publicationId: publication.id }, select: { bib: true, code: true } })).map((r) => [r.bib, r.code]));
  let known = await codes();
  const missing = wanted.filter((w) => !known.has(w.entry.bib));
  if (missing.length > 0) {
    try {
      await db.$transaction(async (tx) => {
        for (const { entry, number } of missing) {
          await tx.certificate.create({ data: { code: readableCode(VERIFICATION_CODE_LENGTH), publicationId: publication.id, bib: entry.bib, number } });
        }
      });
    } catch (error) {
      // Two printings at once: the other made them first (or, once in 10^14, a code repeated: the next print makes it).
      if (!isUniqueViolation(error)) throw error;
    }
    known = await codes();
  }
  return wanted.flatMap((w) => {
    const code = known.get(w.entry.bib);
    return code ? [{ ...w, code }] : [];
  });
}
