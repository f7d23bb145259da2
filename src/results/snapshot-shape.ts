/**
 * The shape of a stored ResultsSnapshot (snapshot.ts) as the code reads it: the public pages,
 * certificates, the talent pool and the annual figures (which read every publication in force of
 * a federation and those below it). Publications are written by publishResults(), whose sheets
 * hold this shape by construction; a snapshot that arrives from outside (an event's transfer
 * file) is checked against it, so that one bad snapshot cannot break pages beyond its event.
 * Loose objects: fields added since (or to come) pass; fields older snapshots lack are optional.
 */
import { z } from '../zod.ts';

const num = z.number();
const nullableNum = z.number().nullable();
const text = z.string();

const entry = z.looseObject({
  bib: text, name: text, organizationName: text, nameLatin: text.optional(), organizationNameEn: text.optional(),
  status: text, complete: z.boolean(), total: nullableNum, rank: nullableNum,
  prize: z.number().int().min(1).max(3).nullable(), titles: z.array(text).optional(), title: z.boolean().optional(),
  promotion: z.looseObject({ from: text, to: text, rule: num.optional() }).nullable(),
  standardised: nullableNum,
  rounds: z.array(z.looseObject({ code: text, score: nullableNum, weighted: nullableNum, complete: z.boolean(), absent: z.boolean().optional() })),
  aspects: z.array(z.looseObject({ roundCode: text, code: text, status: text, points: nullableNum })),
});

const team = z.looseObject({
  name: text, organizationName: text, rank: nullableNum, score: num, competing: num,
  members: z.array(z.looseObject({ bib: text, name: text, status: text, total: nullableNum })),
});

export const resultsSnapshotShape = z.looseObject({
  format: z.literal(1),
  event: z.looseObject({ name: text, nameEn: text.optional() }),
  skill: z.looseObject({ name: text, nameEn: text, decimals: num }),
  rounds: z.array(z.looseObject({
    code: text, name: text, weight: num, maxScore: num,
    aspects: z.array(z.looseObject({ code: text, name: text, criterionCode: text, type: text, maxMark: num })),
  })),
  rules: z.looseObject({ aggregation: text, prize: z.looseObject({}), prizeCounts: z.looseObject({}), tieBreaks: z.array(text), standardisedScore: z.boolean() }),
  standardisation: z.looseObject({ centre: num, scale: num }).nullable(),
  competitors: num,
  entries: z.array(entry),
  teams: z.looseObject({ scoring: text, ranking: z.array(team) }).optional(),
  notes: z.array(z.looseObject({ code: text, entries: z.array(text), params: z.record(z.string(), z.union([text, num])) })),
});

/** Whether `json` is a snapshot the pages can read. */
export function isReadableSnapshot(json: string): boolean {
  try {
    return resultsSnapshotShape.safeParse(JSON.parse(json)).success;
  } catch {
    return false;
  }
}
