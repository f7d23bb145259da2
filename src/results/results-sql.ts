import type { Db } from '../db/client.ts';
import { native, storedDate } from '../db/native.ts';

/**
 * The hot path of the results read: every row a skill's results need that grows with the skill
 * (entries with their contestants, draw codes, judge assignments, marks, spread reviews,
 * absences, imported scores, teams), one projection per kind, as plain rows through prepared
 * better-sqlite3 statements in one synchronous turn of the connection: a consistent snapshot,
 * no bound value that grows with the skill, and none of Prisma's per-row cost (at 1,000 entries,
 * 125,000 marks). Everything else about a skill (its scheme and settings, the event) stays on
 * Prisma (src/results/queries.ts), which turns these rows into the results input.
 */

export interface EntryRow {
  id: number;
  bib: string;
  status: string;
  name: string;
  /** As typed; '' for pinyin of the name. */
  nameLatin: string;
  idNumber: string;
  gender: string;
  birthDate: string;
  skillLevel: string;
  organizationId: number;
  organizationName: string;
  organizationNameEn: string;
}

export interface SkillRows {
  /** Ordered by bib, then id. */
  entries: EntryRow[];
  /** The draws in force (own draws of rounds and the skill-wide one), by id. */
  draws: { id: number; roundId: number | null }[];
  /** Their assignments, by draw, then code. */
  codes: { drawId: number; entryId: number; code: string }[];
  /** Judge assignments of the skill's rounds (aspectId null: the whole round), with the judge. */
  assignments: { roundId: number; judgeId: number; aspectId: number | null; number: number; organizationId: number | null }[];
  /** Every mark of the skill's aspects: [entryId, aspectId, judgeId, value (null: not scored, storedMark()), roundId]. */
  marks: [number, number, number, number | null, number][];
  /** The chief judge's decisions on the skill's aspects, with their round. */
  reviews: { id: number; entryId: number; aspectId: number; kind: string; at: Date; resolvedAt: Date | null; roundId: number }[];
  /** When the marks of the reviewed cells last changed, ms since the epoch (acceptedCells() compares). */
  reviewedMarks: { entryId: number; aspectId: number; updatedAt: number }[];
  absences: { entryId: number; roundId: number }[];
  /** Current (not superseded) scores of the skill's imported rounds, by id. */
  scores: { roundId: number; entryId: number; score: number }[];
  /** By name, then id. */
  teams: { id: number; name: string; organizationName: string; organizationNameEn: string }[];
  /** By entry id. */
  members: { teamId: number; entryId: number }[];
}

const ASPECTS_OF_SKILL = 'JOIN "Aspect" a ON a."id" = x."aspectId" JOIN "Criterion" c ON c."id" = a."criterionId" JOIN "Round" r ON r."id" = c."roundId" WHERE r."skillId" = ?';
const MARK_JSON = `x."entryId", x."aspectId", x."judgeId", CASE WHEN x."state" = 'scored' THEN x."value" END, c."roundId"`;
/** From the (few) reviews to their cells' marks, by the unique (entry, aspect, judge) index. */
const REVIEWED_MARKS = (join: string, on: string) => `SELECT DISTINCT m."id", m."entryId", m."aspectId", m."updatedAt" FROM "AspectReview" x
    ${join} "Aspect" a ${on} a."id" = x."aspectId" ${join} "Criterion" c ${on} c."id" = a."criterionId" ${join} "Round" r ${on} r."id" = c."roundId"
    ${join} "Mark" m ${on} m."entryId" = x."entryId" AND +m."aspectId" = x."aspectId" WHERE r."skillId" = ?`;

/** The statements, written once; where the two dialects differ, one text each. */
const sql = {
  entries: `SELECT e."id", e."bib", e."status", p."name", p."nameLatin", p."idNumber", p."gender", p."birthDate", p."skillLevel", p."organizationId",
    o."name" AS "organizationName", o."nameEn" AS "organizationNameEn"
    FROM "Entry" e JOIN "Contestant" p ON p."id" = e."contestantId" JOIN "Organization" o ON o."id" = p."organizationId"
    WHERE e."skillId" = ? ORDER BY e."bib", e."id"`,
  draws: 'SELECT "id", "roundId" FROM "Draw" WHERE "skillId" = ? AND "supersededAt" IS NULL ORDER BY "id"',
  codes: `SELECT x."drawId", x."entryId", x."code" FROM "DrawAssignment" x JOIN "Draw" d ON d."id" = x."drawId"
    WHERE d."skillId" = ? AND d."supersededAt" IS NULL ORDER BY x."drawId", x."code", x."id"`,
  assignments: `SELECT x."roundId", x."judgeId", x."aspectId", j."number", j."organizationId" FROM "JudgeAssignment" x
    JOIN "EventJudge" j ON j."id" = x."judgeId" JOIN "Round" r ON r."id" = x."roundId" WHERE r."skillId" = ? ORDER BY x."id"`,
  // One JSON text rather than a row per mark: at 125,000 marks, the driver's cost per row is
  // most of the read, and JSON.parse of one string is a fraction of it (a double survives exactly).
  marks: {
    sqlite: `SELECT json_group_array(json_array(${MARK_JSON})) FROM "Mark" x ${ASPECTS_OF_SKILL}`,
    postgresql: `SELECT COALESCE(json_agg(json_build_array(${MARK_JSON})), '[]')::text FROM "Mark" x ${ASPECTS_OF_SKILL}`,
  },
  reviews: `SELECT x."id", x."entryId", x."aspectId", x."kind", x."at", x."resolvedAt", c."roundId" FROM "AspectReview" x ${ASPECTS_OF_SKILL}`,
  // SQLite plans these joins in the order written only as CROSS JOINs; PostgreSQL takes no ON after CROSS JOIN.
  reviewedMarks: { sqlite: REVIEWED_MARKS('CROSS JOIN', 'ON'), postgresql: REVIEWED_MARKS('JOIN', 'ON') },
  absences: 'SELECT x."entryId", x."roundId" FROM "RoundAbsence" x JOIN "Round" r ON r."id" = x."roundId" WHERE r."skillId" = ?',
  scores: `SELECT x."roundId", x."entryId", x."score" FROM "RoundScore" x JOIN "Round" r ON r."id" = x."roundId"
    WHERE r."skillId" = ? AND r."scoring" = 'imported' AND x."supersededAt" IS NULL ORDER BY x."id"`,
  teams: `SELECT t."id", t."name", o."name" AS "organizationName", o."nameEn" AS "organizationNameEn" FROM "Team" t
    JOIN "Organization" o ON o."id" = t."organizationId" WHERE t."skillId" = ? ORDER BY t."name", t."id"`,
  members: 'SELECT m."teamId", m."entryId" FROM "TeamMember" m JOIN "Team" t ON t."id" = m."teamId" WHERE t."skillId" = ? ORDER BY m."entryId"',
} as const;

/** The tables these rows come from (with the scheme and event read through Prisma: see RESULTS_TABLES). */
export const ROW_TABLES = [
  'Entry', 'Contestant', 'Organization', 'Draw', 'DrawAssignment', 'JudgeAssignment', 'EventJudge', 'Mark', 'AspectReview',
  'Aspect', 'Criterion', 'Round', 'RoundAbsence', 'RoundScore', 'Team', 'TeamMember',
] as const;

type Stored = Date | string | number | bigint;
type Text = string | { sqlite: string; postgresql: string };
const textIn = (dialect: 'sqlite' | 'postgresql', text: Text) => (typeof text === 'string' ? text : text[dialect]);

/** What skillRows() reads, in the order assemble() takes it: rows, or (json) one JSON text. */
const READS: [kind: 'rows' | 'json', text: Text][] = [
  ['rows', sql.entries], ['rows', sql.draws], ['rows', sql.codes], ['rows', sql.assignments], ['json', sql.marks], ['rows', sql.reviews],
  ['rows', sql.reviewedMarks], ['rows', sql.absences], ['rows', sql.scores], ['rows', sql.teams], ['rows', sql.members],
];

function assemble(values: unknown[]): SkillRows {
  const [entries, draws, codes, assignments, marks, reviews, reviewedMarks, absences, scores, teams, members] = values as [
    EntryRow[], SkillRows['draws'], SkillRows['codes'], SkillRows['assignments'], SkillRows['marks'],
    { id: number; entryId: number; aspectId: number; kind: string; at: Stored; resolvedAt: Stored | null; roundId: number }[],
    { entryId: number; aspectId: number; updatedAt: Stored }[], SkillRows['absences'], SkillRows['scores'], SkillRows['teams'], SkillRows['members'],
  ];
  return {
    entries, draws, codes, assignments, marks,
    reviews: reviews.map((r) => ({ ...r, at: storedDate(r.at), resolvedAt: r.resolvedAt === null ? null : storedDate(r.resolvedAt) })),
    reviewedMarks: reviewedMarks.map((m) => ({ entryId: m.entryId, aspectId: m.aspectId, updatedAt: storedDate(m.updatedAt).getTime() })),
    absences, scores, teams, members,
  };
}

/** All the rows of one skill, read in one snapshot (SQLite: one turn of the connection; PostgreSQL: a read-only transaction). */
export function skillRows(db: Db, skillId: number): Promise<SkillRows> {
  const connection = native(db);
  if (connection.dialect === 'postgresql') {
    return connection.snapshot(async (read) => {
      // One after the other: a client runs one query at a time.
      const values: unknown[] = [];
      for (const [kind, text] of READS) {
        values.push(kind === 'rows' ? await read.all(textIn('postgresql', text), [skillId]) : JSON.parse((await read.value<string>(textIn('postgresql', text), [skillId]))!));
      }
      return assemble(values);
    });
  }
  return connection.inTurn(() => assemble(READS.map(([kind, text]) => {
    const statement = connection.statement(textIn('sqlite', text));
    return kind === 'rows' ? statement.all(skillId) : JSON.parse(statement.pluck().get(skillId) as string) as unknown;
  })));
}
