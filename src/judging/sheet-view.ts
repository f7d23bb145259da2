import { markInputSpec, markPoints, nextUnfinished, type Mark, type MarkInputSpec, type SheetProgress } from '../domain/judging.ts';
import type { RoundContext, SheetMark } from './queries.ts';

/**
 * What a judge's tablet shows of a round: every code he marks with his marks on it, and the one
 * sheet asked for. The page carries the whole round (RoundState) so that static/judge.js can move
 * between codes, mark and sign without the network; the sheet asked for is also rendered on the
 * server, so the page reads right before the script runs (and without it).
 */

export interface SheetAspect {
  id: number;
  code: string;
  name: string;
  criterionCode: string;
  criterionName: string;
  maxMark: number;
  input: MarkInputSpec;
  mark: Mark | null;
  version: number;
  points: number | null;
}

/**
 * A mark in the page, compact (a judge of a 3,000-entry round with 25 aspects carries 75,000):
 * [aspectId, value (null: not scored), version, points (null: not scored)].
 */
export type PageMark = [aspectId: number, value: number | null, version: number, points: number | null];

/** One code of the round as the tablet keeps it: the judge's marks with the points each gives. */
export interface RoundSheet {
  code: string;
  signed: boolean;
  progress: SheetProgress;
  marks: PageMark[];
}

/** The round in the page (JSON), what the tablet starts from and reconciles with. */
export interface RoundState {
  roundId: number;
  locked: boolean;
  /** The aspects the judge marks, in scheme order: a sheet is complete when each has a mark. */
  aspectIds: number[];
  sheets: RoundSheet[];
}

/** The sheet asked for, as the server renders it. */
export interface SheetShown {
  code: string;
  aspects: SheetAspect[];
  total: number;
  signed: boolean;
  previous: string | null;
  next: string | null;
  /** Assigned aspects without a mark. */
  missing: number[];
}

export interface JudgeRoundView {
  state: RoundState;
  /** The aspects' cards, empty: the script fills them for each code. */
  aspects: SheetAspect[];
  /** Null on the round's page (the codes). */
  sheet: SheetShown | null;
}

interface SheetRow { code: string; signed: boolean; progress: SheetProgress; marks: SheetMark[] }

/** Null when `code` is not one of the judge's codes in the round. */
export function judgeRoundView(context: RoundContext, assigned: number[], sheets: SheetRow[], code: string | null): JudgeRoundView | null {
  const index = code === null ? -1 : sheets.findIndex((s) => s.code === code);
  if (code !== null && index < 0) return null;
  const defined = context.aspects.filter((a) => assigned.includes(a.id));
  const byId = new Map(defined.map((a) => [a.id, a]));
  const pointsOf = (aspectId: number, mark: Mark) => (mark.state === 'scored' ? markPoints(byId.get(aspectId)!.aspect, mark.value) : null);
  const state: RoundState = {
    roundId: context.round.id,
    locked: context.round.lockedAt !== null,
    aspectIds: defined.map((a) => a.id),
    sheets: sheets.map((s) => ({
      code: s.code, signed: s.signed, progress: s.progress,
      marks: s.marks.filter((m) => byId.has(m.aspectId))
        .map((m): PageMark => [m.aspectId, m.mark.state === 'scored' ? m.mark.value : null, m.version, pointsOf(m.aspectId, m.mark)]),
    })),
  };
  const cardsWith = (marks: SheetMark[]): SheetAspect[] =>
    defined.map((a) => {
      const held = marks.find((m) => m.aspectId === a.id);
      return {
        id: a.id, code: a.code, name: a.name, criterionCode: a.criterionCode, criterionName: a.criterionName, maxMark: a.maxMark,
        input: markInputSpec(a.aspect), mark: held?.mark ?? null, version: held?.version ?? 0, points: held ? pointsOf(a.id, held.mark) : null,
      };
    });
  if (index < 0) return { state, aspects: cardsWith([]), sheet: null };
  const shown = state.sheets[index]!;
  const aspects = cardsWith(sheets[index]!.marks);
  return {
    state,
    aspects,
    sheet: {
      code: shown.code, aspects, signed: shown.signed,
      total: aspects.reduce((sum, a) => sum + (a.points ?? 0), 0),
      // "Next" skips sheets already complete: the judge walks on to the next station with work to do.
      previous: sheets[index - 1]?.code ?? null, next: nextUnfinished(sheets, index)?.code ?? null,
      missing: aspects.filter((a) => a.mark === null).map((a) => a.id),
    },
  };
}
