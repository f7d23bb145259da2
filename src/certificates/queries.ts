import type { Db } from '../db/client.ts';
import { currentPublication, publication } from '../results/queries.ts';
import { entryAward, type ResultsSheet, type SheetEntry } from '../results/snapshot.ts';

/** What a certificate awarded: the prize and the titles, as the snapshot says. */
export interface Award {
  prize: SheetEntry['prize'];
  titles: string[];
}

export interface CertificateCheck {
  number: string;
  skillId: number;
  sheet: ResultsSheet;
  entry: SheetEntry;
  award: Award;
  version: number;
  publishedAt: Date;
  /** When a later version replaced the one this certificate was printed from; null while it is in force. */
  supersededAt: Date | null;
  /** The version in force now, when it is another one, and what it awards this entry (null: nothing). */
  current: { version: number; publishedAt: Date; award: Award | null } | null;
}

/** The certificate a verification code names, and whether it is still in force; null when no certificate has the code. */
export async function checkCertificate(db: Db, code: string): Promise<CertificateCheck | null> {
  const row = await db.certificate.findUnique({ where: { code }, select: { number: true, bib: true, publication: { select: { skillId: true, version: true } } } });
  if (!row) return null;
  const printed = await publication(db, row.publication.skillId, row.publication.version);
  const entry = printed?.snapshot.entries.find((e) => e.bib === row.bib);
  if (!printed || !entry) return null;
  let current: CertificateCheck['current'] = null;
  if (printed.supersededAt) {
    const now = await currentPublication(db, printed.skillId);
    if (now) current = { version: now.version, publishedAt: now.publishedAt, award: entryAward(now.snapshot, now.snapshot.entries.find((e) => e.bib === row.bib)) };
  }
  return {
    number: row.number, skillId: printed.skillId, sheet: printed.snapshot, entry, award: entryAward(printed.snapshot, entry) ?? { prize: null, titles: [] },
    version: printed.version, publishedAt: printed.publishedAt, supersededAt: printed.supersededAt, current,
  };
}
