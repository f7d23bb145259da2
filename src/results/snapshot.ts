import type { SkillLevel } from '../domain/contestant-sheet.ts';
import type { AspectResult, Prize, PrizeCounts, PrizeRule, ResultStatus, ResultsNote, SkillResults, TieBreakUsed } from '../domain/results.ts';
import { standardisationFormula } from '../domain/results.ts';
import type { Aggregation, AspectType, TeamScoring, TieBreak } from '../domain/marking-scheme.ts';
import type { SkillResultsData } from './queries.ts';

/**
 * The results of one skill as a plain, self-contained sheet: what the organizer previews and,
 * frozen as JSON, what a publication (成绩公示) stores. Everything the public pages and the
 * certificates need is in it — event and skill names, decimals, the inputs of the prize rule,
 * tie-break chain, titles and standardisation formula, and per entry the bib, name,
 * organization, status, rounded total, rank, prize, title, promotion, rounded round scores and
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
  /** Preview only, while a round is unlocked: the entry's codes in the unlocked rounds' draws. */
  codes?: string[];
  status: ResultStatus;
  /** False when an aspect has no complete marks yet (it counts 0). */
  complete: boolean;
  /** Rounded to the skill's decimals; null unless competed. */
  total: number | null;
  rank: number | null;
  prize: Prize | null;
  title: boolean;
  promotion: { from: SkillLevel; to: SkillLevel } | null;
  standardised: number | null;
  /** Set when another entry has the same total: the tie-break link that placed it, or 'shared'. */
  tieBreak: TieBreakUsed | null;
  /** Rounded round scores (out of the round's maximum) and their weighted share of the total. */
  rounds: { code: string; score: number; weighted: number; complete: boolean }[];
  /** Rounded points per aspect, for the contestant's own breakdown. */
  aspects: { roundCode: string; code: string; status: AspectResult['status']; points: number }[];
}

/** One team of a team skill, as ranked (teamStandings()): older snapshots have no teams. */
export interface SheetTeam {
  /** Blank in a preview while a round is unlocked, like the members' names. */
  name: string;
  organizationName: string;
  rank: number | null;
  /** Sum or mean of the members' published totals, a member who did not compete counting 0. */
  score: number;
  /** Members that competed. */
  competing: number;
  /** By bib (or code in a preview): the member's total as it counts, null when not competed (counts 0). */
  members: { bib: string; name: string; codes?: string[]; status: ResultStatus; total: number | null }[];
}

/** A note of the results engine, with entries named by bib (or by code in a preview before the lock). */
export interface SheetNote {
  code: ResultsNote['code'];
  entries: string[];
  params: Record<string, string | number>;
}

export interface ResultsSheet {
  format: typeof SNAPSHOT_FORMAT;
  event: { name: string };
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
    titleName: string;
    titleTopN: number;
    promotion: boolean;
    standardisedScore: boolean;
  };
  /** S = centre + scale × (x − M) / σ with its parameters, when the skill uses standardised scores. */
  standardisation: { expression: string; centre: number; scale: number; n: number; median: number; sd: number; degenerate: boolean } | null;
  competitors: number;
  /** In rank order, then withdrawn, absent, disqualified. */
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

/**
 * Builds the sheet. `reveal` false (a preview while a round is unlocked) leaves bib, name and
 * organization blank and names entries by their codes instead, in the table and in the notes.
 */
export function buildSheet(data: SkillResultsData, results: SkillResults, options: { reveal: boolean }): ResultsSheet {
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
    event: { name: data.skill.eventName },
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
      titleName: settings.titleName,
      titleTopN: settings.titleTopN,
      promotion: settings.promotion,
      standardisedScore: settings.standardisedScore,
    },
    standardisation: stats && formula
      ? { expression: formula.expression, centre: formula.centre, scale: formula.scale, n: stats.n, median: stats.median, sd: stats.sd, degenerate: formula.degenerate }
      : null,
    competitors: results.competitors,
    entries: results.entries.map((e): SheetEntry => {
      const entry = info.get(e.entryId);
      const identity = options.reveal && entry
        ? { bib: entry.bib, name: entry.name, organizationName: entry.organizationName }
        : { bib: '', name: '', organizationName: '', codes: entry?.unlockedCodes ?? [] };
      return {
        ...identity,
        status: e.status,
        complete: e.complete,
        total: e.totalRounded,
        rank: e.rank,
        prize: e.prize,
        title: e.title,
        promotion: e.promotion,
        standardised: e.standardised,
        tieBreak: e.tieBreak ?? null,
        rounds: e.rounds.map((r) => ({ code: r.code, score: r.scoreRounded, weighted: r.weightedRounded, complete: r.complete })),
        aspects: e.aspects.map((a) => ({ roundCode: a.roundCode, code: a.code, status: a.status, points: a.pointsRounded })),
      };
    }),
    ...(settings.teamSkill ? { teams: { scoring: settings.teamScoring, ranking: teamSheet(data, results, options) } } : {}),
    notes: results.notes.map((note): SheetNote => {
      switch (note.code) {
        case 'incomplete':
        case 'titleBoundaryTie':
        case 'promotionLevelUnknown':
        case 'promotionAtTop':
          return { code: note.code, entries: note.entryIds.map(label), params: {} };
        case 'flagged':
          return {
            code: note.code,
            entries: note.items.map((i) => `${label(i.entryId)} ${aspectCode.get(i.aspectId) ?? ''} (${i.spread})`),
            params: {},
          };
        case 'minimumField':
          return { code: note.code, entries: [], params: { competitors: note.competitors, minimumField: note.minimumField } };
        case 'belowMinimumScore':
          return { code: note.code, entries: note.entryIds.map(label), params: { minimumScore: note.minimumScore.toFixed(decimals) } };
        case 'boundaryTie':
          return { code: note.code, entries: note.entryIds.map(label), params: { prize: note.prize } };
        case 'standardisedDegenerate':
          return { code: note.code, entries: [], params: { reason: note.reason } };
      }
    }),
  };
}

/** The team ranking with each team's members, named as the entries are (codes while a round is unlocked). */
function teamSheet(data: SkillResultsData, results: SkillResults, options: { reveal: boolean }): SheetTeam[] {
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
        ...(options.reveal ? { bib: entry.bib, name: entry.name } : { bib: '', name: '', codes: entry.unlockedCodes }),
        status: result.status,
        total: result.totalRounded,
      }));
    return {
      name: options.reveal ? (about?.name ?? '') : '',
      organizationName: options.reveal ? (about?.organizationName ?? '') : '',
      rank: team.rank,
      score: team.score,
      competing: team.competing,
      members,
    };
  });
}
