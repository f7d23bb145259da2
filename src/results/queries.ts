import type { Db } from '../db/client.ts';
import { skillLevels, type SkillLevel } from '../domain/contestant-sheet.ts';
import { isEventStatus, type EventStatus } from '../domain/event-lifecycle.ts';
import type { Gender } from '../domain/id-number.ts';
import type { ReadinessJudge } from '../domain/judging.ts';
import type { AspectType, SkillSettings } from '../domain/marking-scheme.ts';
import { computeSkillResults, type EntryStatus, type ResultsInput, type ResultsMark, type SkillResults } from '../domain/results.ts';
import { roundState } from '../desk/queries.ts';
import { findSkill } from '../events/queries.ts';
import { currentScores } from '../scores/queries.ts';
import type { ResultsSnapshot } from './snapshot.ts';

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
  organizationId: number;
  organizationName: string;
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
}

export interface SkillResultsData {
  skill: {
    id: number;
    eventId: number;
    eventName: string;
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
  const [event, roundRows, entryRows, teamRows, absences] = await Promise.all([
    db.event.findUniqueOrThrow({ where: { id: skill.eventId }, select: { name: true, status: true, startsOn: true } }),
    db.round.findMany({ where: { skillId }, select: { id: true, lockedAt: true } }),
    db.entry.findMany({
      where: { skillId },
      orderBy: [{ bib: 'asc' }, { id: 'asc' }],
      select: {
        id: true, bib: true, status: true,
        contestant: {
          select: {
            name: true, idNumber: true, gender: true, birthDate: true, skillLevel: true, organizationId: true, organization: { select: { name: true } },
          },
        },
      },
    }),
    skill.settings.teamSkill
      ? db.team.findMany({
        where: { skillId },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        // Members unordered here, sorted below: Prisma slices a relation's IN (team ids) to SQLite's
        // 999 bound values only when the rows need no order, and a skill of 3,000 has 1,000 teams.
        select: { id: true, name: true, organization: { select: { name: true } }, members: { select: { entryId: true } } },
      })
      : Promise.resolve([]),
    db.roundAbsence.findMany({ where: { round: { skillId } }, select: { entryId: true, roundId: true } }),
  ]);
  const lockedAt = new Map(roundRows.map((r) => [r.id, r.lockedAt]));
  const states = await Promise.all(skill.rounds.map((round) => roundState(db, round.id)));
  const importedRounds = skill.rounds.filter((r) => r.scoring === 'imported');
  const scoreRows = await currentScores(db, importedRounds.map((r) => r.id));
  const roundCodes = new Map(importedRounds.map((r) => [r.id, r.code]));

  const judges = new Map<number, ReadinessJudge>();
  const marks: ResultsMark[] = [];
  const overrides: { entryId: number; aspectId: number }[] = [];
  const codes = new Map<number, string[]>();
  skill.rounds.forEach((round, index) => {
    const state = states[index];
    if (!state) return;
    for (const judge of state.judges) {
      const merged = judges.get(judge.id) ?? { id: judge.id, organizationId: judge.organizationId, aspectIds: [] };
      merged.aspectIds = [...new Set([...merged.aspectIds, ...judge.aspectIds])];
      judges.set(judge.id, merged);
    }
    // A loop, not push(...list): a round of a big skill has more marks than a call has room for arguments.
    for (const m of state.marks) marks.push({ entryId: m.entryId, aspectId: m.aspectId, judgeId: m.judgeId, mark: m.mark });
    for (const o of state.overrides) overrides.push(o);
    if (lockedAt.get(round.id)) return;
    for (const entry of state.context.entries) {
      const list = codes.get(entry.entryId) ?? [];
      if (!list.includes(entry.code)) list.push(entry.code);
      codes.set(entry.entryId, list);
    }
  });

  const rounds: ResultsRoundInfo[] = skill.rounds.map((round) => ({
    id: round.id, code: round.code, name: round.name, weight: round.weight, maxScore: round.maxScore, scoring: round.scoring, lockedAt: lockedAt.get(round.id) ?? null,
    aspects: round.criteria.flatMap((criterion) =>
      criterion.aspects.map((a) => ({ id: a.id, code: a.code, name: a.name, criterionCode: criterion.code, type: a.rule.type, maxMark: a.maxMark })),
    ),
  }));
  const absentFrom = new Set(absences.map((a) => `${a.entryId}:${a.roundId}`));
  const entries: ResultsEntryInfo[] = entryRows.map((e) => ({
    entryId: e.id, bib: e.bib, name: e.contestant.name, organizationId: e.contestant.organizationId, organizationName: e.contestant.organization.name,
    status: asStatus(e.status), skillLevel: asLevel(e.contestant.skillLevel), unlockedCodes: codes.get(e.id) ?? [],
    absentRoundCodes: skill.rounds.filter((r) => absentFrom.has(`${e.id}:${r.id}`)).map((r) => r.code),
    idNumber: e.contestant.idNumber, gender: asGender(e.contestant.gender), birthDate: e.contestant.birthDate || null,
  }));
  return {
    skill: {
      id: skill.id, eventId: skill.eventId, eventName: event.name, eventStatus: isEventStatus(event.status) ? event.status : 'draft',
      name: skill.name, nameEn: skill.nameEn, settings: skill.settings,
    },
    rounds,
    entries,
    teams: teamRows.map((t) => ({ teamId: t.id, name: t.name, organizationName: t.organization.name })),
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
      ...(skill.settings.teamSkill ? { teams: teamRows.map((t) => ({ teamId: t.id, entryIds: t.members.map((m) => m.entryId).sort((a, b) => a - b) })) } : {}),
      roundScores: scoreRows.map((r) => ({ entryId: r.entryId, roundCode: roundCodes.get(r.roundId)!, score: r.score })),
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

/** The skill's data with its computed results. */
export async function skillResults(db: Db, skillId: number): Promise<{ data: SkillResultsData; results: SkillResults } | null> {
  const data = await skillResultsData(db, skillId);
  return data && { data, results: computeSkillResults(data.input) };
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
  const row = await db.publication.findUnique({ where: { skillId_version: { skillId, version } }, select: { ...publicationSelect, snapshot: true } });
  if (!row) return null;
  const { snapshot, ...rest } = row;
  return { ...toSummary(rest), snapshot: JSON.parse(snapshot) as ResultsSnapshot };
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
