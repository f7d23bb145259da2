import type { Db } from '../db/client.ts';
import { skillLevels, type SkillLevel } from '../domain/contestant-sheet.ts';
import { isEventStatus, type EventStatus } from '../domain/event-lifecycle.ts';
import type { Gender } from '../domain/id-number.ts';
import type { ReadinessJudge } from '../domain/judging.ts';
import type { AspectType, SkillSettings } from '../domain/marking-scheme.ts';
import { computeSkillResults, type EntryStatus, type ResultsInput, type ResultsMark, type SkillResults } from '../domain/results.ts';
import { acceptedCells, markInterner } from '../desk/queries.ts';
import { findSkill } from '../events/queries.ts';
import { ROW_TABLES, skillRows } from './results-sql.ts';
import { buildSheet, type ResultsSheet, type ResultsSnapshot } from './snapshot.ts';
import { perDatabase } from '../db/per-database.ts';
import { WeightedLru } from './cache.ts';
import { native } from '../db/native.ts';

/**
 * What the results screens read: a skill's whole results input assembled from the database
 * (the same state the chief judge's desk works on, round by round, through roundState()), the
 * identities of its entries, and the skill's publications and appeals.
 *
 * Inputs for computeSkillResults():
 * - rounds and aspects: the skill's scheme (findSkill), in position order;
 * - entries: every entry of the skill with its status, the contestant's organization (recusal,
 *   standings), current skill level (promotion), gender and birth date (title rules), ordered
 *   by bib (ties keep this order); the event's start date, the day ages are counted on;
 * - judges: every judge assigned in any round, with the organization and the union of the
 *   aspect ids assigned to them (roundState().judges per round, merged);
 * - marks: every stored mark of the rounds' aspects (roundState().marks);
 * - overrides: the spreads the chief judge accepted that are still in force (an unresolved
 *   'accept_spread' AspectReview that saw the current marks: roundState().overrides);
 * - completion time: nothing extra to load, the engine sums the judges' minutes on the time
 *   aspects (completionMinutes()).
 * - teams: in a team skill, each stored team with its members' entry ids (teamStandings());
 *   none in an individual skill, whatever teams are left from when it was a team skill.
 * - round scores: the current (not superseded) imported scores of the imported rounds.
 */

export interface ResultsRoundInfo {
  id: number;
  code: string;
  name: string;
  weight: number;
  maxScore: number;
  scoring: 'marks' | 'imported';
  lockedAt: Date | null;
  aspects: { id: number; code: string; name: string; criterionCode: string; type: AspectType; maxMark: number }[];
}

export interface ResultsEntryInfo {
  entryId: number;
  bib: string;
  name: string;
  /** As typed; '' for pinyin of the name (resolved when a sheet shows names: buildSheet()). */
  nameLatin: string;
  organizationId: number;
  organizationName: string;
  /** '' when not given. */
  organizationNameEn: string;
  status: EntryStatus;
  skillLevel: SkillLevel;
  /** For title rules (gender, age) and the promotion list (masked there); never in a snapshot. */
  idNumber: string;
  gender: Gender | null;
  birthDate: string | null;
  /** The entry's codes in the draws in force for the rounds not locked yet (distinct, in round order). */
  unlockedCodes: string[];
  /** Codes of the rounds the entry was absent from after check-in (缺考), in round order. */
  absentRoundCodes: string[];
}

export interface ResultsTeamInfo {
  teamId: number;
  name: string;
  organizationName: string;
  organizationNameEn: string;
}

export interface SkillResultsData {
  skill: {
    id: number;
    eventId: number;
    eventName: string;
    eventNameEn: string;
    eventStatus: EventStatus;
    name: string;
    nameEn: string;
    settings: SkillSettings;
  };
  rounds: ResultsRoundInfo[];
  entries: ResultsEntryInfo[];
  /** The skill's teams (a team skill only), by name. */
  teams: ResultsTeamInfo[];
  /** The skill has rounds and every one of them is locked: names may be shown and results published. */
  allLocked: boolean;
  input: ResultsInput;
}

const entryStatuses: readonly EntryStatus[] = ['competed', 'registered', 'dns', 'disqualified', 'withdrawn'];
const asStatus = (value: string): EntryStatus => ((entryStatuses as readonly string[]).includes(value) ? (value as EntryStatus) : 'registered');
const asGender = (value: string): Gender | null => (value === 'male' || value === 'female' ? value : null);
const asLevel = (value: string): SkillLevel => ((skillLevels as readonly string[]).includes(value) ? (value as SkillLevel) : '');

/** Everything needed to compute and show a skill's results; null when there is no such skill. */
export async function skillResultsData(db: Db, skillId: number): Promise<SkillResultsData | null> {
  const skill = await findSkill(db, skillId);
  if (!skill) return null;
  const [event, roundRows, rows] = await Promise.all([
    db.event.findUniqueOrThrow({ where: { id: skill.eventId }, select: { name: true, nameEn: true, status: true, startsOn: true } }),
    db.round.findMany({ where: { skillId }, select: { id: true, lockedAt: true } }),
    skillRows(db, skillId),
  ]);
  const lockedAt = new Map(roundRows.map((r) => [r.id, r.lockedAt]));
  const roundOfAspect = new Map(skill.rounds.flatMap((round) => round.criteria.flatMap((c) => c.aspects.map((a) => [a.id, round.id] as const))));

  // The draw in force for each round, as currentDraw() finds it: the round's own, else the skill-wide one.
  const drawIds = new Map<number | null, number>();
  for (const d of rows.draws) if (!drawIds.has(d.roundId)) drawIds.set(d.roundId, d.id);
  const drawOf = (roundId: number) => drawIds.get(roundId) ?? drawIds.get(null);
  const drawn = new Map<number, { entryId: number; code: string }[]>();
  for (const c of rows.codes) {
    const list = drawn.get(c.drawId) ?? [];
    list.push(c);
    drawn.set(c.drawId, list);
  }
  const drawEntries = new Map<number, Set<number>>();
  for (const [drawId, list] of drawn) drawEntries.set(drawId, new Set(list.map((c) => c.entryId)));
  // Like the desk (roundState()), a round sees only the entries of its draw: marks and reviews of others do not count.
  const inDraw = (roundId: number, entryId: number) => {
    const drawId = drawOf(roundId);
    return drawId !== undefined && (drawEntries.get(drawId)?.has(entryId) ?? false);
  };

  // Assigned judges round by round (by number), merged in the order first seen; a whole-round assignment covers every aspect of the round.
  const judges = new Map<number, ReadinessJudge>();
  const aspectsOf = new Map(skill.rounds.map((round) => [round.id, round.criteria.flatMap((c) => c.aspects.map((a) => a.id))]));
  for (const round of skill.rounds) {
    const assigned = new Map<number, { number: number; organizationId: number | null; aspectIds: Set<number> }>();
    for (const a of rows.assignments) {
      if (a.roundId !== round.id) continue;
      const judge = assigned.get(a.judgeId) ?? { number: a.number, organizationId: a.organizationId, aspectIds: new Set<number>() };
      for (const id of a.aspectId === null ? aspectsOf.get(round.id) ?? [] : [a.aspectId]) judge.aspectIds.add(id);
      assigned.set(a.judgeId, judge);
    }
    for (const [id, judge] of [...assigned].sort((a, b) => a[1].number - b[1].number)) {
      const merged = judges.get(id) ?? { id, organizationId: judge.organizationId, aspectIds: [] };
      merged.aspectIds = [...new Set([...merged.aspectIds, ...judge.aspectIds])];
      judges.set(id, merged);
    }
  }

  // Marks are never changed by the engine: one frozen Mark per value serves every judge who gave it.
  const interned = markInterner();
  const markOf = (value: number | null) => interned(value === null ? 'not_scored' : 'scored', value);
  const marks: ResultsMark[] = [];
  for (const [entryId, aspectId, judgeId, value, roundId] of rows.marks) {
    if (inDraw(roundId, entryId)) marks.push({ entryId, aspectId, judgeId, mark: markOf(value) });
  }
  const reviews = rows.reviews
    .filter((r) => inDraw(r.roundId, r.entryId))
    .map((r) => ({ ...r, kind: r.kind === 'accept_spread' ? 'accept_spread' as const : 'remark' as const }));
  const reviewedMarks = rows.reviewedMarks.filter((m) => inDraw(roundOfAspect.get(m.aspectId) ?? 0, m.entryId));
  const overrides = acceptedCells(reviews, reviewedMarks);

  // Codes of the entries in the draws in force for the rounds not locked yet, distinct, in round order.
  const codes = new Map<number, string[]>();
  for (const round of skill.rounds) {
    const drawId = drawOf(round.id);
    if (lockedAt.get(round.id) || drawId === undefined) continue;
    for (const { entryId, code } of drawn.get(drawId) ?? []) {
      const list = codes.get(entryId) ?? [];
      if (!list.includes(code)) list.push(code);
      codes.set(entryId, list);
    }
  }
  const absent = new Set(rows.absences.map((a) => `${a.entryId}:${a.roundId}`));
  const roundCodes = new Map(skill.rounds.filter((r) => r.scoring === 'imported').map((r) => [r.id, r.code]));
  const members = new Map<number, number[]>();
  for (const m of rows.members) members.set(m.teamId, [...(members.get(m.teamId) ?? []), m.entryId]);
  const teamRows = skill.settings.teamSkill ? rows.teams : [];

  const rounds: ResultsRoundInfo[] = skill.rounds.map((round) => ({
    id: round.id, code: round.code, name: round.name, weight: round.weight, maxScore: round.maxScore, scoring: round.scoring, lockedAt: lockedAt.get(round.id) ?? null,
    aspects: round.criteria.flatMap((criterion) =>
      criterion.aspects.map((a) => ({ id: a.id, code: a.code, name: a.name, criterionCode: criterion.code, type: a.rule.type, maxMark: a.maxMark })),
    ),
  }));
  const entries: ResultsEntryInfo[] = rows.entries.map((e) => ({
    entryId: e.id, bib: e.bib, name: e.name, nameLatin: e.nameLatin, organizationId: e.organizationId, organizationName: e.organizationName, organizationNameEn: e.organizationNameEn,
    status: asStatus(e.status), skillLevel: asLevel(e.skillLevel), unlockedCodes: codes.get(e.id) ?? [],
    absentRoundCodes: skill.rounds.filter((r) => absent.has(`${e.id}:${r.id}`)).map((r) => r.code),
    idNumber: e.idNumber, gender: asGender(e.gender), birthDate: e.birthDate || null,
  }));
  return {
    skill: {
      id: skill.id, eventId: skill.eventId, eventName: event.name, eventNameEn: event.nameEn, eventStatus: isEventStatus(event.status) ? event.status : 'draft',
      name: skill.name, nameEn: skill.nameEn, settings: skill.settings,
    },
    rounds,
    entries,
    teams: teamRows.map((t) => ({ teamId: t.id, name: t.name, organizationName: t.organizationName, organizationNameEn: t.organizationNameEn })),
    allLocked: rounds.length > 0 && rounds.every((r) => r.lockedAt !== null),
    input: {
      skill: {
        settings: skill.settings,
        rounds: skill.rounds.map((round) => ({
          code: round.code, weight: round.weight, maxScore: round.maxScore, scoring: round.scoring,
          aspects: round.criteria.flatMap((criterion) => criterion.aspects.map(({ id, ...aspect }) => ({ id, aspect }))),
        })),
      },
      entries: entries.map((e) => ({
        entryId: e.entryId, organizationId: e.organizationId, status: e.status, skillLevel: e.skillLevel, absentRoundCodes: e.absentRoundCodes,
        gender: e.gender, birthDate: e.birthDate,
      })),
      // Start dates are stored as midnight UTC of the calendar day (src/events/queries.ts).
      eventDate: event.startsOn ? event.startsOn.toISOString().slice(0, 10) : null,
      judges: [...judges.values()],
      marks,
      overrides,
      ...(skill.settings.teamSkill ? { teams: teamRows.map((t) => ({ teamId: t.id, entryIds: members.get(t.id) ?? [] })) } : {}),
      roundScores: rows.scores.flatMap((r) => {
        const roundCode = roundCodes.get(r.roundId);
        return roundCode === undefined ? [] : [{ entryId: r.entryId, roundCode, score: r.score }];
      }),
    },
  };
}

/**
 * The ID numbers of the skill's entries by bib, for the promotion list (晋升名单), which names
 * people in a published snapshot (bibs, no ID numbers) and masks the number the way every
 * printout does. Entries without a bib are left out.
 */
export async function idNumbersByBib(db: Db, skillId: number): Promise<Map<string, string>> {
  const rows = await db.entry.findMany({ where: { skillId }, select: { bib: true, contestant: { select: { idNumber: true } } } });
  return new Map(rows.filter((r) => r.bib !== '').map((r) => [r.bib, r.contestant.idNumber]));
}

/** The skill's data with its computed results, read and computed now. */
export async function skillResults(db: Db, skillId: number): Promise<{ data: SkillResultsData; results: SkillResults } | null> {
  const data = await skillResultsData(db, skillId);
  return data && { data, results: computeSkillResults(data.input) };
}

/** What the results screens show of a skill's data: everything but the engine's input. */
export type ResultsView = Omit<SkillResultsData, 'input'>;

export interface ResultsPreview {
  data: ResultsView;
  /** buildSheet() of the results, names revealed once every round is locked (data.allLocked). */
  sheet: ResultsSheet;
}

/** Every table skillResultsData() reads: the cache key of a skill's results. */
export const RESULTS_TABLES: readonly string[] = [...ROW_TABLES, 'Skill', 'Event'];

/** Estimated bytes of a cached preview: its sheet, and what the screens render of it (see sheetMemo()). */
const previewWeight = (data: ResultsView) =>
  2_000 + data.entries.length * (1 + data.rounds.length + data.rounds.reduce((n, r) => n + r.aspects.length, 0)) * 400;

/** Room for a few skills of 3,000 entries, or every skill of a large event at 50. */
export const RESULTS_CACHE_BYTES = 96 * 1024 * 1024;

const previews = perDatabase<Db, WeightedLru<number, { key: string; preview: Promise<ResultsPreview | null> }>>(
  () => new WeightedLru(RESULTS_CACHE_BYTES),
);

/**
 * The skill's results as the preview, the API, the exports and publication show them, computed
 * once per state of the database: cached per skill under the write generations of every table
 * the results read (RESULTS_TABLES), taken before the first query, so a write acknowledged before
 * the request began always shows; requests that arrive while it is computed share the result.
 */
export function resultsPreview(db: Db, skillId: number): Promise<ResultsPreview | null> {
  const key = native(db).generations.key(RESULTS_TABLES);
  const lru = previews(db);
  const cached = lru.get(skillId);
  if (cached?.key === key) return cached.preview;
  const entry = { key, preview: computePreview(db, skillId) };
  // Until it is computed, others asking under the same key wait for it; then it weighs what it holds.
  lru.set(skillId, entry, 0);
  entry.preview.then(
    (value) => { if (lru.get(skillId) === entry) lru.set(skillId, entry, value ? previewWeight(value.data) : 0); },
    () => { if (lru.get(skillId) === entry) lru.delete(skillId); },
  );
  return entry.preview;
}

async function computePreview(db: Db, skillId: number): Promise<ResultsPreview | null> {
  const computed = await skillResults(db, skillId);
  if (!computed) return null;
  const { data: { input: _input, ...data }, results } = computed;
  return { data, sheet: buildSheet(data, results, { reveal: data.allLocked }) };
}

/* ------------------------------------------------------------------------------------------ */
/* Publications                                                                                */
/* ------------------------------------------------------------------------------------------ */

export interface PublicationSummary {
  id: number;
  skillId: number;
  version: number;
  publishedAt: Date;
  publishedBy: string;
  noticeUntil: Date;
  appealUntil: Date;
  changeNote: string;
  supersededAt: Date | null;
}

export interface PublicationDetail extends PublicationSummary {
  snapshot: ResultsSnapshot;
}

const publicationSelect = {
  id: true, skillId: true, version: true, publishedAt: true, noticeUntil: true, appealUntil: true, changeNote: true, supersededAt: true,
  publishedBy: { select: { displayName: true } },
} as const;

type PublicationRow = { publishedBy: { displayName: string } } & Omit<PublicationSummary, 'publishedBy'>;
const toSummary = ({ publishedBy, ...row }: PublicationRow): PublicationSummary => ({ ...row, publishedBy: publishedBy.displayName });

/** A skill's publications, newest first. */
export async function publications(db: Db, skillId: number): Promise<PublicationSummary[]> {
  const rows = await db.publication.findMany({ where: { skillId }, orderBy: { version: 'desc' }, select: publicationSelect });
  return rows.map(toSummary);
}

/** One version of a skill's publication, with its snapshot; null when there is none. */
export async function publication(db: Db, skillId: number, version: number): Promise<PublicationDetail | null> {
  const row = await db.publication.findUnique({ where: { skillId_version: { skillId, version } }, select: publicationSelect });
  return row && { ...toSummary(row), snapshot: await publishedSnapshot(db, row.id) };
}

/** Parsed snapshots by bytes of their JSON: a 1,000-entry skill's is about 2 MB, and parsed takes a few times that. */
export const SNAPSHOT_CACHE_BYTES = 48 * 1024 * 1024;
const snapshots = perDatabase<Db, WeightedLru<string, Promise<ResultsSnapshot>>>(() => new WeightedLru(SNAPSHOT_CACHE_BYTES));

/**
 * A publication's snapshot, parsed once: a publication's snapshot never changes (triggers of the
 * results_publication migration), so it is cached by the publication's id, within the database's
 * epoch (a restored backup may hold other rows under the same ids). Shared by every caller:
 * nothing may modify it.
 */
export function publishedSnapshot(db: Db, publicationId: number): Promise<ResultsSnapshot> {
  const key = `${native(db).generations.key([])}:${publicationId}`;
  const lru = snapshots(db);
  const cached = lru.get(key);
  if (cached) return cached;
  const parsed = db.publication.findUniqueOrThrow({ where: { id: publicationId }, select: { snapshot: true } })
    .then(({ snapshot }) => ({ text: snapshot, parsed: JSON.parse(snapshot) as ResultsSnapshot }));
  const value = parsed.then((p) => p.parsed);
  lru.set(key, value, 0);
  parsed.then(
    ({ text }) => { if (lru.get(key) === value) lru.set(key, value, text.length * 4); },
    () => { if (lru.get(key) === value) lru.delete(key); },
  );
  return value;
}

/** The version in force (the newest, never superseded), with its snapshot; null before the first publication. */
export async function currentPublication(db: Db, skillId: number): Promise<PublicationDetail | null> {
  const row = await db.publication.findFirst({ where: { skillId, supersededAt: null }, orderBy: { version: 'desc' }, select: { version: true } });
  return row && publication(db, skillId, row.version);
}

/* ------------------------------------------------------------------------------------------ */
/* Appeals                                                                                     */
/* ------------------------------------------------------------------------------------------ */

export interface AppealRow {
  id: number;
  skillId: number;
  skillName: string;
  version: number;
  organizationId: number;
  organizationName: string;
  entryBib: string;
  /** The contestant's name as published in the version appealed against. */
  entryName: string;
  text: string;
  filedAt: Date;
  decidedAt: Date | null;
  decision: 'upheld' | 'rejected' | null;
  decisionReason: string;
  decidedBy: string | null;
  /** Versions of the skill published after the one appealed against and after the filing (for an upheld appeal: the corrected results). */
  laterVersions: number[];
}

/** Appeals of a skill (all its publications), or of one organization across the event; oldest first. */
export async function appeals(db: Db, where: { skillId: number } | { organizationId: number }): Promise<AppealRow[]> {
  const rows = await db.appeal.findMany({
    where: 'skillId' in where ? { publication: { skillId: where.skillId } } : { organizationId: where.organizationId },
    orderBy: [{ filedAt: 'asc' }, { id: 'asc' }],
    include: {
      organization: { select: { name: true } },
      decidedBy: { select: { displayName: true } },
      publication: { select: { skillId: true, version: true, snapshot: true, skill: { select: { name: true } } } },
    },
  });
  const skillIds = [...new Set(rows.map((r) => r.publication.skillId))];
  const versions = await db.publication.findMany({ where: { skillId: { in: skillIds } }, select: { skillId: true, version: true, publishedAt: true } });
  const names = new Map<number, Map<string, string>>();
  const nameOf = (publicationId: number, snapshot: string, bib: string) => {
    if (!names.has(publicationId)) {
      const parsed = JSON.parse(snapshot) as ResultsSnapshot;
      names.set(publicationId, new Map(parsed.entries.map((e) => [e.bib, e.name])));
    }
    return names.get(publicationId)!.get(bib) ?? '';
  };
  return rows.map((r) => ({
    id: r.id,
    skillId: r.publication.skillId,
    skillName: r.publication.skill.name,
    version: r.publication.version,
    organizationId: r.organizationId,
    organizationName: r.organization.name,
    entryBib: r.entryBib,
    entryName: nameOf(r.publicationId, r.publication.snapshot, r.entryBib),
    text: r.text,
    filedAt: r.filedAt,
    decidedAt: r.decidedAt,
    decision: r.decision === 'upheld' || r.decision === 'rejected' ? r.decision : null,
    decisionReason: r.decisionReason,
    decidedBy: r.decidedBy?.displayName ?? null,
    laterVersions: versions
      .filter((v) => v.skillId === r.publication.skillId && v.version > r.publication.version && v.publishedAt >= r.filedAt)
      .map((v) => v.version)
      .sort((a, b) => a - b),
  }));
}
