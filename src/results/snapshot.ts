import type { SkillLevel } from '../domain/contestant-sheet.ts';
import type { AspectResult, EntryResult, Prize, PrizeCounts, PrizeRule, ResultStatus, ResultsNote, SkillResults, TieBreakUsed, UnrankedReason } from '../domain/results.ts';
import { standardisationFormula } from '../domain/results.ts';
import type { Aggregation, AspectType, RoundAbsenceRule, TeamScoring, TieBreak } from '../domain/marking-scheme.ts';
import { legacyTitleRules, type GradeLevel, type TitleRule } from '../domain/title-rules.ts';
import { latinName } from '../domain/latin-name.ts';
import type { ResultsView } from './queries.ts';

/**
 * The results of one skill as a plain, self-contained sheet: what the organizer previews and,
 * frozen as JSON, what a publication (成绩公示) stores. Everything the public pages and the
 * certificates need is in it — event and skill names, decimals, the inputs of the prize rule,
 * tie-break chain, title rules and standardisation formula, and per entry the bib, name,
 * organization, status, rounded total, rank, prize, titles, promotion, rounded round scores and
 * rounded aspect points (the contestant's own breakdown) — and nothing else: no ID or phone
 * number, no gender or birth date, no database id, no judge. Numbers are the rounded values as
 * displayed, so a published page never recomputes anything.
 */

export const SNAPSHOT_FORMAT = 1;

export interface SheetEntry {
  /** Blank in a preview while a round is unlocked (then `codes` says who is who, for the organizer only). */
  bib: string;
  name: string;
  organizationName: string;
  /**
   * For the English pages and certificates: the name in Latin letters (as typed, else pinyin) and
   * the organization's English name ('' when it has none). Absent in snapshots published before
   * they existed and in a preview before the lock: views/format.ts entryNames() reads them.
   */
  nameLatin?: string;
  organizationNameEn?: string;
  /** Preview only, while a round is unlocked: the entry's codes in the unlocked rounds' draws. */
  codes?: string[];
  status: ResultStatus;
  /** False when an aspect has no complete marks yet: the entry is not ranked. */
  complete: boolean;
  /**
   * Why the entry has no rank (incomplete, withdrawn, absent from a round, dns, disqualified), or
   * null when ranked. Missing in snapshots published before it existed: read with unrankedOf().
   */
  unranked?: UnrankedReason | null;
  /** Rounded to the skill's decimals; null when unranked. */
  total: number | null;
  rank: number | null;
  prize: Prize | null;
  /** The titles given (absent in snapshots made before title rules: read them with entryTitles()). */
  titles?: string[];
  /** Snapshots made before title rules: held the skill's one title (rules.titleName). */
  title?: boolean;
  /** `rule`: index of the title rule that gave it (absent in snapshots made before title rules). */
  promotion: { from: SkillLevel; to: GradeLevel | SkillLevel; rule?: number } | null;
  standardised: number | null;
  /** Set when another entry has the same total: the tie-break link that placed it, or 'shared'. */
  tieBreak: TieBreakUsed | null;
  /**
   * Rounded round scores (out of the round's maximum) and their weighted share of the total.
   * Null ("—", not 0) for an entry absent at check-in (dns) and for a round the entry was absent
   * from (缺考) unless the skill scores such a round 0. `absent` is missing in older snapshots.
   */
  rounds: { code: string; score: number | null; weighted: number | null; complete: boolean; absent?: boolean }[];
  /** Rounded points per aspect, for the contestant's own breakdown; null where nothing was marked for an absent entry or round. */
  aspects: { roundCode: string; code: string; status: AspectResult['status']; points: number | null }[];
}

/**
 * An entry's reason for having no rank, also for snapshots published before `unranked` was
 * stored: then every ranked entry was competed and complete, and a competed entry without a rank
 * was incomplete.
 */
export function unrankedOf(entry: Pick<SheetEntry, 'unranked' | 'status' | 'rank'>): UnrankedReason | null {
  if (entry.unranked !== undefined) return entry.unranked;
  if (entry.status !== 'competed') return entry.status;
  return entry.rank === null ? 'incomplete' : null;
}

/**
 * A round's score as shown: null ("—") when not taken. Snapshots published before null scores
 * stored a dns entry's rounds as 0; they read as null here too.
 */
export function shownRoundScore(entry: Pick<SheetEntry, 'status' | 'rounds'>, code: string): number | null {
  if (entry.status === 'dns') return null;
  return entry.rounds.find((r) => r.code === code)?.score ?? null;
}

/** Scores of an entry that were never taken are null, not 0: the whole entry when dns, an absent round unless it counts 0. */
function sheetScores(e: EntryResult, zeroForAbsence: boolean): Pick<SheetEntry, 'rounds' | 'aspects'> {
  const untaken = (roundCode: string) => e.status === 'dns' || (e.rounds.find((r) => r.code === roundCode)?.absent ?? false);
  return {
    rounds: e.rounds.map((r) => {
      const blank = e.status === 'dns' || (r.absent && !zeroForAbsence);
      return { code: r.code, score: blank ? null : r.scoreRounded, weighted: blank ? null : r.weightedRounded, complete: r.complete, absent: r.absent };
    }),
    aspects: e.aspects.map((a) => ({
      roundCode: a.roundCode, code: a.code, status: a.status,
      points: untaken(a.roundCode) && a.status !== 'scored' ? null : a.pointsRounded,
    })),
  };
}

/** One team of a team skill, as ranked (teamStandings()): older snapshots have no teams. */
export interface SheetTeam {
  /** Blank in a preview while a round is unlocked, like the members' names. */
  name: string;
  organizationName: string;
  /** '' when the organization has no English name; absent in older snapshots. */
  organizationNameEn?: string;
  rank: number | null;
  /** Sum or mean of the members' published totals, a member who did not compete counting 0. */
  score: number;
  /** Members that competed. */
  competing: number;
  /** By bib (or code in a preview): the member's total as it counts, null when not competed (counts 0). */
  /** nameLatin as on SheetEntry (absent in older snapshots and before the lock). */
  members: { bib: string; name: string; nameLatin?: string; codes?: string[]; status: ResultStatus; total: number | null }[];
}

/** A note of the results engine, with entries named by bib (or by code in a preview before the lock). */
export interface SheetNote {
  code: ResultsNote['code'];
  entries: string[];
  params: Record<string, string | number>;
}

export interface ResultsSheet {
  format: typeof SNAPSHOT_FORMAT;
  /** nameEn: '' when the event has none; absent in older snapshots. */
  event: { name: string; nameEn?: string };
  skill: { name: string; nameEn: string; decimals: number };
  rounds: {
    code: string;
    name: string;
    weight: number;
    maxScore: number;
    aspects: { code: string; name: string; criterionCode: string; type: AspectType; maxMark: number }[];
  }[];
  rules: {
    aggregation: Aggregation;
    prize: PrizeRule;
    /** Prizes actually given, ties included. */
    prizeCounts: PrizeCounts;
    tieBreaks: TieBreak[];
    /** The ordered title rules (absent before they existed: read them with sheetTitleRules()). */
    titleRules?: TitleRule[];
    /** Snapshots made before title rules: the single "top N + title + promotion" setting. */
    titleName?: string;
    titleTopN?: number;
    promotion?: boolean;
    standardisedScore: boolean;
    /** What a round absence means (missing in snapshots published before the setting). */
    roundAbsence?: RoundAbsenceRule;
  };
  /** S = centre + scale × (x − M) / σ with its parameters, when the skill uses standardised scores. */
  standardisation: { expression: string; centre: number; scale: number; n: number; median: number; sd: number; degenerate: boolean } | null;
  competitors: number;
  /** In rank order, then unranked: incomplete, withdrawn, absent from a round, dns, disqualified. */
  entries: SheetEntry[];
  /**
   * A team skill's team ranking (absent for an individual skill and in snapshots published
   * before teams existed). Teams get a rank, no prize: prizes and titles stay individual.
   */
  teams?: { scoring: TeamScoring; ranking: SheetTeam[] };
  notes: SheetNote[];
}

/** What a publication stores: a sheet with names and no codes. */
export type ResultsSnapshot = ResultsSheet;

/** The sheet's title rules; for a snapshot made before they existed, the equivalent of its single setting. */
export function sheetTitleRules(sheet: ResultsSheet): TitleRule[] {
  const { rules } = sheet;
  return rules.titleRules ?? legacyTitleRules({ titleTopN: rules.titleTopN ?? 0, titleName: rules.titleName ?? '', promotion: rules.promotion ?? false });
}

/** An entry's titles; for a snapshot made before title rules, its one title when it held it. */
export function entryTitles(sheet: ResultsSheet, entry: SheetEntry): string[] {
  if (entry.titles) return entry.titles;
  return entry.title ? sheetTitleRules(sheet).map((rule) => rule.title).filter((title) => title !== '') : [];
}

/**
 * Builds the sheet. `reveal` false (a preview while a round is unlocked) leaves bib, name and
 * organization blank and names entries by their codes instead, in the table and in the notes.
 */
export function buildSheet(data: ResultsView, results: SkillResults, options: { reveal: boolean }): ResultsSheet {
  const info = new Map(data.entries.map((e) => [e.entryId, e]));
  const aspectCode = new Map(data.rounds.flatMap((r) => r.aspects.map((a) => [a.id, a.code] as const)));
  const label = (entryId: number) => {
    const entry = info.get(entryId);
    if (!entry) return '';
    if (options.reveal) return entry.bib;
    return entry.unlockedCodes.join('/') || '—';
  };
  const { settings } = data.skill;
  const { decimals } = settings;
  const stats = results.standardisation;
  const formula = stats ? standardisationFormula(stats) : null;

  return {
    format: SNAPSHOT_FORMAT,
    event: { name: data.skill.eventName, nameEn: data.skill.eventNameEn },
    skill: { name: data.skill.name, nameEn: data.skill.nameEn, decimals },
    rounds: data.rounds.map((r) => ({
      code: r.code, name: r.name, weight: r.weight, maxScore: r.maxScore,
      aspects: r.aspects.map((a) => ({ code: a.code, name: a.name, criterionCode: a.criterionCode, type: a.type, maxMark: a.maxMark })),
    })),
    rules: {
      aggregation: settings.aggregation,
      prize: results.prizeRule,
      prizeCounts: results.prizeCounts,
      tieBreaks: settings.tieBreaks,
      titleRules: settings.titleRules,
      standardisedScore: settings.standardisedScore,
      roundAbsence: settings.roundAbsence,
    },
    standardisation: stats && formula
      ? { expression: formula.expression, centre: formula.centre, scale: formula.scale, n: stats.n, median: stats.median, sd: stats.sd, degenerate: formula.degenerate }
      : null,
    competitors: results.competitors,
    entries: results.entries.map((e): SheetEntry => {
      const entry = info.get(e.entryId);
      const identity = options.reveal && entry
        ? { bib: entry.bib, name: entry.name, organizationName: entry.organizationName, nameLatin: latinName(entry.name, entry.nameLatin), organizationNameEn: entry.organizationNameEn }
        : { bib: '', name: '', organizationName: '', codes: entry?.unlockedCodes ?? [] };
      return {
        ...identity,
        status: e.status,
        complete: e.complete,
        unranked: e.unranked,
        total: e.totalRounded,
        rank: e.rank,
        prize: e.prize,
        titles: e.titles,
        promotion: e.promotion,
        standardised: e.standardised,
        tieBreak: e.tieBreak ?? null,
        ...sheetScores(e, settings.roundAbsence === 'zero'),
      };
    }),
    ...(settings.teamSkill ? { teams: { scoring: settings.teamScoring, ranking: teamSheet(data, results, options) } } : {}),
    notes: results.notes.map((note): SheetNote => {
      switch (note.code) {
        case 'incomplete':
        case 'promotionLevelUnknown':
        case 'promotionAtTop':
          return { code: note.code, entries: note.entryIds.map(label), params: {} };
        case 'flagged':
          return {
            code: note.code,
            entries: note.items.map((i) => `${label(i.entryId)} ${aspectCode.get(i.aspectId) ?? ''} (${i.spread})`),
            params: {},
          };
        case 'notComputable':
          return { code: note.code, entries: note.items.map((i) => `${label(i.entryId)} ${aspectCode.get(i.aspectId) ?? ''}`), params: {} };
        case 'minimumField':
          return { code: note.code, entries: [], params: { competitors: note.competitors, minimumField: note.minimumField } };
        case 'belowMinimumScore':
          return { code: note.code, entries: note.entryIds.map(label), params: { minimumScore: note.minimumScore.toFixed(decimals) } };
        case 'titleBoundaryTie':
          return { code: note.code, entries: note.entryIds.map(label), params: { rule: note.rule + 1 } };
        case 'ageUnknown':
          return { code: note.code, entries: [], params: { rules: note.rules.map((r) => r + 1).join(', ') } };
        case 'boundaryTie':
          return { code: note.code, entries: note.entryIds.map(label), params: { prize: note.prize } };
        case 'standardisedDegenerate':
          return { code: note.code, entries: [], params: { reason: note.reason } };
      }
    }),
  };
}

/** The team ranking with each team's members, named as the entries are (codes while a round is unlocked). */
function teamSheet(data: ResultsView, results: SkillResults, options: { reveal: boolean }): SheetTeam[] {
  const info = new Map(data.entries.map((e) => [e.entryId, e]));
  const teams = new Map(data.teams.map((t) => [t.teamId, t]));
  const outcome = new Map(results.entries.map((e) => [e.entryId, e]));
  return results.teams.map((team): SheetTeam => {
    const about = teams.get(team.teamId);
    const members = team.entryIds
      .map((entryId) => ({ entry: info.get(entryId), result: outcome.get(entryId) }))
      .filter((m): m is { entry: NonNullable<typeof m.entry>; result: NonNullable<typeof m.result> } => m.entry !== undefined && m.result !== undefined)
      .sort((a, b) => a.entry.bib.localeCompare(b.entry.bib))
      .map(({ entry, result }) => ({
        ...(options.reveal ? { bib: entry.bib, name: entry.name, nameLatin: latinName(entry.name, entry.nameLatin) } : { bib: '', name: '', codes: entry.unlockedCodes }),
        status: result.status,
        total: result.totalRounded,
      }));
    return {
      name: options.reveal ? (about?.name ?? '') : '',
      organizationName: options.reveal ? (about?.organizationName ?? '') : '',
      ...(options.reveal ? { organizationNameEn: about?.organizationNameEn ?? '' } : {}),
      rank: team.rank,
      score: team.score,
      competing: team.competing,
      members,
    };
  });
}

/** What a republication changed for one entry, against the version before it. */
export interface EntryChange {
  bib: string;
  name: string;
  /** As on SheetEntry, for English pages. */
  nameLatin?: string;
  organizationName: string;
  /** 'added': not in the earlier version; 'removed': not in this one. */
  kind: 'changed' | 'added' | 'removed';
  rank: [number | null, number | null];
  prize: [Prize | null, Prize | null];
  total: [number | null, number | null];
  status: [ResultStatus | null, ResultStatus | null];
}

/**
 * The entries whose rank, prize, total or status differ between two published versions of a
 * skill (by bib), in the new version's order, then those no longer listed: what a republication
 * highlights for the organizer and on the public page.
 */
export function publicationChanges(before: ResultsSheet, after: ResultsSheet): EntryChange[] {
  const earlier = new Map(before.entries.map((e) => [e.bib, e]));
  const changes: EntryChange[] = [];
  for (const now of after.entries) {
    const was = earlier.get(now.bib);
    earlier.delete(now.bib);
    const change: EntryChange = {
      bib: now.bib, name: now.name, ...(now.nameLatin ? { nameLatin: now.nameLatin } : {}), organizationName: now.organizationName, kind: was ? 'changed' : 'added',
      rank: [was?.rank ?? null, now.rank], prize: [was?.prize ?? null, now.prize], total: [was?.total ?? null, now.total], status: [was?.status ?? null, now.status],
    };
    if (!was || change.rank[0] !== change.rank[1] || change.prize[0] !== change.prize[1] || change.total[0] !== change.total[1] || change.status[0] !== change.status[1]) changes.push(change);
  }
  for (const was of earlier.values()) {
    changes.push({ bib: was.bib, name: was.name, ...(was.nameLatin ? { nameLatin: was.nameLatin } : {}), organizationName: was.organizationName, kind: 'removed', rank: [was.rank, null], prize: [was.prize, null], total: [was.total, null], status: [was.status, null] });
  }
  return changes;
}

/** What a published entry was awarded: a prize, titles or both; null for nothing (or not competed). */
export function entryAward(sheet: ResultsSheet, entry: SheetEntry | undefined): { prize: Prize | null; titles: string[] } | null {
  if (!entry || entry.status !== 'competed') return null;
  const titles = entryTitles(sheet, entry);
  return entry.prize === null && titles.length === 0 ? null : { prize: entry.prize, titles };
}

/** Entries that get a certificate: those with an award (in rank order). */
export const certificateEntries = (sheet: ResultsSheet): SheetEntry[] => sheet.entries.filter((e) => entryAward(sheet, e) !== null);
