import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SkillLevel } from '../../src/domain/contestant-sheet.ts';
import type { Mark, ReadinessJudge } from '../../src/domain/judging.ts';
import { defaultSkillSettings, type Aspect, type SkillSettings } from '../../src/domain/marking-scheme.ts';
import {
  completionMinutes,
  computeSkillResults,
  medalTable,
  organizationStandings,
  prizeRule,
  roundHalfUp,
  standardisationFormula,
  standardise,
  teamStandings,
  type EntryResult,
  type EntryStatus,
  type ResultsInput,
  type ResultsMark,
  type ResultsSkill,
  type SkillResults,
} from '../../src/domain/results.ts';
import { blankTitleRule, nextSkillLevel, skillLevelLadder, type TitleRule } from '../../src/domain/title-rules.ts';

/** The rule the old "top N + title + promotion" setting stood for. */
const topN = (n: number, promotion: TitleRule['promotion'] = 'step'): TitleRule[] => [{ ...blankTitleRule, rankTo: n, title: '技术能手', promotion }];
const holds = (r: SkillResults) => r.entries.map((e) => e.titles.length > 0);

/* ------------------------------------------------------------------------------------------ */
/* Builders                                                                                    */
/* ------------------------------------------------------------------------------------------ */

const levels: [string, string, string, string] = ['未完成', '基本完成', '良好', '优秀'];
const judgement = (code: string, maxMark: number): Aspect => ({ code, name: code, maxMark, rule: { type: 'judgement', levels } });
const deduction = (code: string, maxMark: number, perOccurrence: number, cap: number): Aspect => ({
  code, name: code, maxMark, rule: { type: 'deduction', perOccurrence, cap },
});
const time = (code: string, maxMark: number, limitMinutes: number, penaltyPerMinute: number): Aspect => ({
  code, name: code, maxMark, rule: { type: 'time', limitMinutes, penaltyPerMinute },
});

const scored = (value: number): Mark => ({ state: 'scored', value });
const notScored: Mark = { state: 'not_scored' };
const settingsWith = (overrides: Partial<SkillSettings> = {}): SkillSettings => ({ ...defaultSkillSettings, ...overrides });
/** Several judges' values for one aspect of one entry: judge ids 1, 2, 3 … unless given. */
const marksFor = (entryId: number, aspectId: number, values: (number | null)[], judgeIds = values.map((_, i) => i + 1)): ResultsMark[] =>
  values.map((value, i) => ({ entryId, aspectId, judgeId: judgeIds[i]!, mark: value === null ? notScored : scored(value) }));
const neutralJudges = (count: number, aspectIds: number[]): ReadinessJudge[] =>
  Array.from({ length: count }, (_, i) => ({ id: i + 1, organizationId: null, aspectIds }));
const byId = (results: SkillResults, entryId: number): EntryResult => {
  const found = results.entries.find((e) => e.entryId === entryId);
  if (!found) throw new Error(`no entry ${entryId}`);
  return found;
};
const close6 = (actual: number | null, expected: number, message?: string) =>
  assert.is(actual === null ? null : roundHalfUp(actual, 6), roundHalfUp(expected, 6), message);

/**
 * The "standard" skill used for ranking and award tests: theory 30 % out of 100 (one deduction
 * aspect: 100 − 0.5 per wrong answer), practical 70 % out of 100 (one deduction aspect:
 * 100 − 0.25 per occurrence, plus a record-only time aspect with a 120-minute limit). One
 * neutral judge marks everything. total = 0.3 × theory + 0.7 × practical.
 */
const THEORY = 1;
const PRACTICAL = 2;
const TIME = 3;
const standardSkill = (settings: Partial<SkillSettings> = {}): ResultsSkill => ({
  settings: settingsWith(settings),
  rounds: [
    { code: 'theory', weight: 30, maxScore: 100, aspects: [{ id: THEORY, aspect: deduction('T1', 100, 0.5, 100) }] },
    {
      code: 'practical', weight: 70, maxScore: 100,
      aspects: [{ id: PRACTICAL, aspect: deduction('P1', 100, 0.25, 100) }, { id: TIME, aspect: time('P2', 0, 120, 0) }],
    },
  ],
});

interface Person {
  id: number;
  theory: number;
  practical: number;
  org?: number;
  status?: EntryStatus;
  /** Completion minutes; null records "not scored"; default 120. */
  minutes?: number | null;
  level?: SkillLevel;
}

const occurrences = (points: number, per: number) => {
  const k = (100 - points) / per;
  if (!Number.isInteger(k)) throw new Error(`${points} is not reachable in steps of ${per}`);
  return k;
};

function standardInput(people: Person[], settings: Partial<SkillSettings> = {}): ResultsInput {
  return {
    skill: standardSkill(settings),
    entries: people.map((p) => ({ entryId: p.id, organizationId: p.org ?? 1, status: p.status ?? 'competed', skillLevel: p.level ?? 'senior' })),
    judges: [{ id: 1, organizationId: null, aspectIds: [THEORY, PRACTICAL, TIME] }],
    marks: people.flatMap((p) => [
      ...marksFor(p.id, THEORY, [occurrences(p.theory, 0.5)]),
      ...marksFor(p.id, PRACTICAL, [occurrences(p.practical, 0.25)]),
      ...marksFor(p.id, TIME, [p.minutes === undefined ? 120 : p.minutes]),
    ]),
  };
}
/** Both rounds at `score`, so the total is `score`. */
const flat = (id: number, score: number, extra: Partial<Person> = {}): Person => ({ id, theory: score, practical: score, ...extra });
const field = (scores: number[], extra: (i: number) => Partial<Person> = () => ({})) => scores.map((s, i) => flat(i + 1, s, extra(i)));
const column = <K extends keyof EntryResult>(results: SkillResults, name: K) => results.entries.map((e) => e[name]);

/* ------------------------------------------------------------------------------------------ */
/* Rounding                                                                                    */
/* ------------------------------------------------------------------------------------------ */

test('roundHalfUp rounds half up on the decimal representation, not on the binary double', () => {
  // The traps: toFixed works on the double (2.674999…), and 1.005 × 100 is 100.49999999999999.
  assert.is((2.675).toFixed(2), '2.67');
  assert.is(Math.round(1.005 * 100) / 100, 1);
  assert.is(roundHalfUp(2.675, 2), 2.68);
  assert.is(roundHalfUp(1.005, 2), 1.01);
  assert.is(roundHalfUp(8.345, 2), 8.35);
  assert.is(roundHalfUp(1.045, 2), 1.05);
  assert.is(roundHalfUp(0.125, 2), 0.13);
  assert.is(roundHalfUp(2.6749, 2), 2.67);
  assert.is(roundHalfUp(84.995, 2), 85);
  assert.is(roundHalfUp(0.1 + 0.2, 1), 0.3);
  assert.is(roundHalfUp(0.1 + 0.2, 2), 0.3);
  // Float noise from arithmetic: 80.225 computed as 30 + 71.75 × 0.7 is stored as 80.22499999999999.
  assert.is(Math.round((30 + (71.75 * 70) / 100) * 100) / 100, 80.22, 'the naive method fails here');
  assert.is(roundHalfUp(30 + (71.75 * 70) / 100, 2), 80.23);
  assert.is(roundHalfUp(2.5, 0), 3);
  assert.is(roundHalfUp(-2.5, 0), -3, 'half away from zero');
  assert.ok(Object.is(roundHalfUp(-0.001, 2), 0), 'no negative zero');
  assert.is(roundHalfUp(77.22222222222221, 2), 77.22);
  assert.is(roundHalfUp(95.68888888888888, 2), 95.69);
  assert.is(roundHalfUp(1234.56785, 4), 1234.5679);
  assert.is(roundHalfUp(12, 3), 12);
  assert.is(roundHalfUp(1e-7, 2), 0);
  assert.ok(Number.isNaN(roundHalfUp(Number.NaN, 2)));
  assert.throws(() => roundHalfUp(1, -1), RangeError);
  assert.throws(() => roundHalfUp(1, 1.5), RangeError);
});

/* ------------------------------------------------------------------------------------------ */
/* Aspects: aggregation, judgement, deduction, time, recusal, not scored                       */
/* ------------------------------------------------------------------------------------------ */

/** One round of 100 % out of `max`, the given aspects, `judges` neutral judges on all of them, one entry (id 1, organization 7). */
function singleRound(aspects: { id: number; aspect: Aspect }[], marks: ResultsMark[], settings: Partial<SkillSettings> = {}, judges?: ReadinessJudge[]): SkillResults {
  const max = aspects.reduce((s, a) => s + a.aspect.maxMark, 0);
  return computeSkillResults({
    skill: { settings: settingsWith(settings), rounds: [{ code: 'practical', weight: 100, maxScore: max, aspects }] },
    entries: [{ entryId: 1, organizationId: 7, status: 'competed' }],
    judges: judges ?? neutralJudges(5, aspects.map((a) => a.id)),
    marks,
  });
}

test('aggregation of five judges: mean, trimmed mean (drop one highest and one lowest), median', () => {
  // Judgement out of 30: each judge's points = level / 3 × 30 = 10 × level.
  // Levels 3, 2, 2, 1, 3 → points 30, 20, 20, 10, 30.
  const aspects = [{ id: 11, aspect: judgement('J', 30) }];
  const marks = marksFor(1, 11, [3, 2, 2, 1, 3]);
  // mean: (30 + 20 + 20 + 10 + 30) / 5 = 110 / 5 = 22
  const mean = singleRound(aspects, marks, { aggregation: 'mean', spreadLimit: 3 }).entries[0]!;
  assert.is(mean.aspects[0]!.points, 22);
  assert.is(mean.aspects[0]!.judgeCount, 5);
  // trimmed: sorted 10, 20, 20, 30, 30 → drop 10 and 30 → (20 + 20 + 30) / 3 = 70 / 3 = 23.333…
  const trimmed = singleRound(aspects, marks, { aggregation: 'trimmed_mean', spreadLimit: 3 }).entries[0]!;
  close6(trimmed.aspects[0]!.points, 70 / 3);
  assert.is(trimmed.aspects[0]!.pointsRounded, 23.33);
  // median: the middle of 10, 20, 20, 30, 30 is 20
  const median = singleRound(aspects, marks, { aggregation: 'median', spreadLimit: 3 }).entries[0]!;
  assert.is(median.aspects[0]!.points, 20);
  // The round is out of 30 and weighs 100: total = 20 / 30 × 100 = 66.666… → 66.67
  assert.is(median.rounds[0]!.score, 20);
  assert.is(median.totalRounded, 66.67);
  assert.is(median.aspects[0]!.spread, 2);
});

test('judgement: mean level / 3 × max mark; a spread above the limit is flagged unless accepted', () => {
  // Max 6, levels 3, 2, 2 → mean 7/3 → 7/3 / 3 × 6 = 14/3 = 4.666… → 4.67
  const aspects = [{ id: 11, aspect: judgement('J', 6) }];
  const r = singleRound(aspects, marksFor(1, 11, [3, 2, 2]), {}, neutralJudges(3, [11])).entries[0]!;
  close6(r.aspects[0]!.points, 14 / 3);
  assert.is(r.aspects[0]!.pointsRounded, 4.67);
  assert.is(r.aspects[0]!.flagged, false);
  // total = 14/3 / 6 × 100 = 77.777… → 77.78
  assert.is(r.totalRounded, 77.78);

  // Levels 3, 1, 2: spread 2 > limit 1 → flagged and noted; accepted by the chief judge → not flagged.
  const spread = singleRound(aspects, marksFor(1, 11, [3, 1, 2]), {}, neutralJudges(3, [11]));
  assert.is(spread.entries[0]!.aspects[0]!.flagged, true);
  assert.equal(spread.notes.find((n) => n.code === 'flagged'), { code: 'flagged', items: [{ entryId: 1, aspectId: 11, spread: 2 }] });
  const accepted = computeSkillResults({
    skill: { settings: settingsWith(), rounds: [{ code: 'practical', weight: 100, maxScore: 6, aspects }] },
    entries: [{ entryId: 1, organizationId: 7, status: 'competed' }],
    judges: neutralJudges(3, [11]),
    marks: marksFor(1, 11, [3, 1, 2]),
    overrides: [{ entryId: 1, aspectId: 11 }],
  });
  assert.is(accepted.entries[0]!.aspects[0]!.flagged, false);
  assert.is(accepted.notes.find((n) => n.code === 'flagged'), undefined);
  // mean level 2 → 2 / 3 × 6 = 4 points, out of 6 → 66.666… → 66.67
  assert.is(accepted.entries[0]!.aspects[0]!.points, 4);
  assert.is(accepted.entries[0]!.totalRounded, 66.67);
});

test('deduction: per occurrence, capped, never below zero', () => {
  // A: max 10, 3 per occurrence, cap 6. B: max 5, 2 per occurrence, cap 5.
  const aspects = [{ id: 21, aspect: deduction('A', 10, 3, 6) }, { id: 22, aspect: deduction('B', 5, 2, 5) }];
  const judges = neutralJudges(1, [21, 22]);
  const run = (a: number, b: number) => singleRound(aspects, [...marksFor(1, 21, [a]), ...marksFor(1, 22, [b])], {}, judges).entries[0]!;
  // A 1 occurrence: 10 − 3 = 7; B 2 occurrences: 5 − 4 = 1 → round 8 of 15 → 53.333… → 53.33
  let r = run(1, 2);
  assert.equal(r.aspects.map((a) => a.points), [7, 1]);
  assert.is(r.rounds[0]!.score, 8);
  assert.is(r.totalRounded, 53.33);
  // A 3 occurrences: 9 capped at 6 → 4; B 4 occurrences: 8 capped at 5 → 0 (the floor)
  r = run(3, 4);
  assert.equal(r.aspects.map((a) => a.points), [4, 0]);
  // A 0: 10; B 0: 5 → 15 of 15 → 100
  r = run(0, 0);
  assert.equal(r.aspects.map((a) => a.points), [10, 5]);
  assert.is(r.totalRounded, 100);
});

test('time: penalty per started minute over the limit, floor 0; minutes aggregated for the tie-break', () => {
  // Max 10, limit 90, 1 point per started minute over.
  const aspects = [{ id: 31, aspect: time('T', 10, 90, 1) }];
  const judges = neutralJudges(3, [31]);
  const run = (minutes: number[]) => singleRound(aspects, marksFor(1, 31, minutes), {}, judges).entries[0]!;
  assert.is(run([90, 90, 90]).aspects[0]!.points, 10, 'on time');
  assert.is(run([90.01, 90.01, 90.01]).aspects[0]!.points, 9, '0.01 over is one started minute');
  assert.is(run([92.5, 92.5, 92.5]).aspects[0]!.points, 7, '2.5 over: three started minutes');
  assert.is(run([200, 200, 200]).aspects[0]!.points, 0, 'floor 0');
  // Judges disagree: 91, 93, 95 → points 9, 7, 5 → mean 7; minutes mean (91 + 93 + 95) / 3 = 93
  const r = run([91, 93, 95]);
  assert.is(r.aspects[0]!.points, 7);
  assert.is(r.aspects[0]!.minutes, 93);
  assert.is(r.completionMinutes, 93);
});

test('completion time: judges aggregated like points, summed over the time aspects; null when one is missing', () => {
  // Two record-only time aspects (max 0), three judges each.
  const aspects = [{ id: 31, aspect: time('T1', 0, 60, 0) }, { id: 32, aspect: time('T2', 0, 60, 0) }, { id: 33, aspect: judgement('J', 3) }];
  const judges = neutralJudges(3, [31, 32, 33]);
  const marks = [...marksFor(1, 31, [50, 52, 60]), ...marksFor(1, 32, [40, 41, 45]), ...marksFor(1, 33, [3, 3, 3])];
  // mean: (50 + 52 + 60) / 3 = 54, (40 + 41 + 45) / 3 = 42 → 96
  assert.is(singleRound(aspects, marks, { aggregation: 'mean' }, judges).entries[0]!.completionMinutes, 96);
  // median: 52 + 41 = 93 (trimmed mean of three is the median too)
  assert.is(singleRound(aspects, marks, { aggregation: 'median' }, judges).entries[0]!.completionMinutes, 93);
  assert.is(singleRound(aspects, marks, { aggregation: 'trimmed_mean' }, judges).entries[0]!.completionMinutes, 93);
  // A record-only time gives no points: the round is the judgement only, 3 of 3 → 100
  assert.is(singleRound(aspects, marks, {}, judges).entries[0]!.totalRounded, 100);
  // T2 "not scored" by all → no completion time
  const missing = [...marksFor(1, 31, [50, 52, 60]), ...marksFor(1, 32, [null, null, null]), ...marksFor(1, 33, [3, 3, 3])];
  assert.is(singleRound(aspects, missing, {}, judges).entries[0]!.completionMinutes, null);
  // No time aspect at all → null
  assert.is(completionMinutes([]), null);
});

test('recusal: a judge of the entry’s own organization does not count; the others aggregate alone', () => {
  // Judges 1 (organization 7, the entry's), 2 (neutral), 3 (organization 8); judgement max 9 → 3 points per level.
  const aspects = [{ id: 11, aspect: judgement('J', 9) }];
  const judges: ReadinessJudge[] = [
    { id: 1, organizationId: 7, aspectIds: [11] },
    { id: 2, organizationId: null, aspectIds: [11] },
    { id: 3, organizationId: 8, aspectIds: [11] },
  ];
  // Judge 1 entered 3 anyway (ignored); judges 2 and 3: levels 1 and 2 → points 3 and 6 → mean 4.5
  const r = singleRound(aspects, marksFor(1, 11, [3, 1, 2]), {}, judges).entries[0]!;
  assert.is(r.aspects[0]!.points, 4.5);
  assert.equal(r.aspects[0]!.recusedJudgeIds, [1]);
  assert.is(r.aspects[0]!.judgeCount, 2);
  assert.is(r.complete, true, 'the recused judge is not expected');
  // 4.5 of 9 → 50
  assert.is(r.totalRounded, 50);

  // Every assigned judge recused: the aspect cannot be scored (incomplete, counts 0).
  const allRecused = singleRound(aspects, marksFor(1, 11, [3]), {}, [{ id: 1, organizationId: 7, aspectIds: [11] }]);
  assert.is(allRecused.entries[0]!.aspects[0]!.status, 'incomplete');
  assert.is(allRecused.entries[0]!.complete, false);
});

test('"not scored" counts 0 but is reported distinctly from 0; a missing mark makes the entry incomplete', () => {
  // Judgement max 6 + deduction max 4 (1 per occurrence, cap 4) = 10.
  const aspects = [{ id: 11, aspect: judgement('J', 6) }, { id: 12, aspect: deduction('D', 4, 1, 4) }];
  const judges = neutralJudges(3, [11, 12]);
  // All three judges: J not scored; D 4, 4, 4 occurrences → 0 points (a real zero)
  const r = singleRound(aspects, [...marksFor(1, 11, [null, null, null]), ...marksFor(1, 12, [4, 4, 4])], {}, judges);
  const [j, d] = r.entries[0]!.aspects;
  assert.is(j!.status, 'not_scored');
  assert.is(j!.points, 0);
  assert.is(d!.status, 'scored');
  assert.is(d!.points, 0);
  assert.is(r.entries[0]!.complete, true);
  assert.is(r.entries[0]!.totalRounded, 0);
  assert.is(r.notes.find((n) => n.code === 'incomplete'), undefined);

  // Mixed: two judges scored J (3 and 2 → 6 and 4 points), one "not scored" → mean of the scored: 5
  const mixed = singleRound(aspects, [...marksFor(1, 11, [3, 2, null]), ...marksFor(1, 12, [0, 0, 0])], {}, judges).entries[0]!;
  assert.is(mixed.aspects[0]!.points, 5);
  assert.is(mixed.aspects[0]!.judgeCount, 2);
  // 5 + 4 = 9 of 10 → 90
  assert.is(mixed.totalRounded, 90);

  // Judge 3 has not marked J: incomplete, noted, and not ranked (no total, rank or prize) until
  // the mark is in; the breakdown is still computed for the preview (D: 4 points).
  const partial = singleRound(aspects, [...marksFor(1, 11, [3, 3]), ...marksFor(1, 12, [0, 0, 0])], {}, judges);
  assert.is(partial.entries[0]!.aspects[0]!.status, 'incomplete');
  assert.equal(partial.entries[0]!.aspects[0]!.missingJudgeIds, [3]);
  assert.is(partial.entries[0]!.aspects[0]!.points, 0);
  assert.is(partial.entries[0]!.aspects[1]!.points, 4);
  assert.is(partial.entries[0]!.unranked, 'incomplete');
  assert.is(partial.entries[0]!.totalRounded, null);
  assert.is(partial.entries[0]!.rank, null);
  assert.is(partial.competitors, 0);
  assert.equal(partial.notes.find((n) => n.code === 'incomplete'), { code: 'incomplete', entryIds: [1] });
});

/* ------------------------------------------------------------------------------------------ */
/* Rounds and the weighted total                                                               */
/* ------------------------------------------------------------------------------------------ */

test('weighted total out of 100: theory 30 % of 100, practical 70 % of a round scored out of 60', () => {
  // Practical (out of 60): judgement max 30, deduction max 20 (2 per occurrence, cap 10), time max 10 (limit 90, 1/min).
  const skill: ResultsSkill = {
    settings: settingsWith(),
    rounds: [
      { code: 'theory', weight: 30, maxScore: 100, aspects: [{ id: 1, aspect: deduction('T', 100, 0.5, 100) }] },
      {
        code: 'practical', weight: 70, maxScore: 60,
        aspects: [{ id: 21, aspect: judgement('J', 30) }, { id: 22, aspect: deduction('D', 20, 2, 10) }, { id: 23, aspect: time('TM', 10, 90, 1) }],
      },
    ],
  };
  const judges = neutralJudges(3, [1, 21, 22, 23]);
  const results = computeSkillResults({
    skill,
    entries: [{ entryId: 1, organizationId: 7, status: 'competed' }, { entryId: 2, organizationId: 7, status: 'competed' }],
    judges,
    marks: [
      // Entry 1. Theory: 30 wrong × 0.5 = 15 off → 85.
      ...marksFor(1, 1, [30, 30, 30]),
      // J levels 3, 2, 2 → 30, 20, 20 → mean 70/3 = 23.333…; D 3 occurrences → 20 − 6 = 14; 92.5 min → 3 started → 10 − 3 = 7
      ...marksFor(1, 21, [3, 2, 2]), ...marksFor(1, 22, [3, 3, 3]), ...marksFor(1, 23, [92.5, 92.5, 92.5]),
      // Entry 2. Theory 100. J 3, 3, 3 → 30; D 6 occurrences → 12 capped at 10 → 10; 90 min → 10. Practical 50 of 60.
      ...marksFor(2, 1, [0, 0, 0]),
      ...marksFor(2, 21, [3, 3, 3]), ...marksFor(2, 22, [6, 6, 6]), ...marksFor(2, 23, [90, 90, 90]),
    ],
  });
  const one = byId(results, 1);
  // theory: 85 / 100 × 30 = 25.5
  assert.is(one.rounds[0]!.score, 85);
  assert.is(one.rounds[0]!.weighted, 25.5);
  // practical: 70/3 + 14 + 7 = 133/3 = 44.333… of 60 → × 70 / 60 = 51.7222…
  close6(one.rounds[1]!.score, 133 / 3);
  assert.is(one.rounds[1]!.scoreRounded, 44.33);
  close6(one.rounds[1]!.weighted, (133 / 3) * 70 / 60);
  assert.is(one.rounds[1]!.weightedRounded, 51.72);
  // total = 25.5 + 51.7222… = 77.2222… → 77.22
  close6(one.total, 25.5 + ((133 / 3) * 70) / 60);
  close6(one.total, 77.222222);
  assert.is(one.totalRounded, 77.22);
  assert.equal(one.aspects.map((a) => a.pointsRounded), [85, 23.33, 14, 7]);

  const two = byId(results, 2);
  // theory 100 → 30; practical 30 + 10 + 10 = 50 of 60 → 50 × 70 / 60 = 58.333… → total 88.333… → 88.33
  assert.is(two.rounds[1]!.score, 50);
  close6(two.total, 30 + 3500 / 60);
  assert.is(two.totalRounded, 88.33);
  assert.equal(column(results, 'rank'), [1, 2]);
  assert.equal(results.entries.map((e) => e.entryId), [2, 1]);
});

test('the total is rounded half up on the decimal value: 30 + 71.75 × 70 % = 80.225 → 80.23', () => {
  const r = computeSkillResults(standardInput([{ id: 1, theory: 100, practical: 71.75 }]));
  // theory 100 → 30; practical 100 − 113 × 0.25 = 71.75 → 50.225; total 80.225 (80.22499999999999 as a double)
  assert.is(byId(r, 1).rounds[1]!.score, 71.75);
  assert.is(byId(r, 1).totalRounded, 80.23);
  // Round scores are rounded the same way: 71.75 × 0.7 = 50.225 → 50.23
  assert.is(byId(r, 1).rounds[1]!.weightedRounded, 50.23);
});

test('ranking is on the rounded total: totals equal to the displayed decimals share a rank', () => {
  // One round of 100: judgement max 10 (three judges, points = sum of levels × 10 / 9) + deduction max 90 (0.01 each).
  const skill = (tieBreaks: SkillSettings['tieBreaks']): ResultsSkill => ({
    settings: settingsWith({ tieBreaks }),
    rounds: [{ code: 'practical', weight: 100, maxScore: 100, aspects: [{ id: 11, aspect: judgement('J', 10) }, { id: 12, aspect: deduction('D', 90, 0.01, 90) }] }],
  });
  const judges = neutralJudges(3, [11, 12]);
  const marks = [
    // A: levels 3, 3, 2 → 80/9 = 8.888…; D 320 × 0.01 = 3.2 off → 86.8; total 95.6888… → 95.69
    ...marksFor(1, 11, [3, 3, 2]), ...marksFor(1, 12, [320, 320, 320]),
    // B: levels 3, 3, 3 → 10; D 431 → 85.69; total 95.69 exactly (higher than A at full precision)
    ...marksFor(2, 11, [3, 3, 3]), ...marksFor(2, 12, [431, 431, 431]),
    // C: 10 + 85.68 = 95.68
    ...marksFor(3, 11, [3, 3, 3]), ...marksFor(3, 12, [432, 432, 432]),
  ];
  const entries = [1, 2, 3].map((entryId) => ({ entryId, organizationId: 1, status: 'competed' as const }));
  for (const tieBreaks of [[], ['round:practical']] as SkillSettings['tieBreaks'][]) {
    const r = computeSkillResults({ skill: skill(tieBreaks), entries, judges, marks });
    close6(byId(r, 1).total, 95.688889);
    assert.ok(byId(r, 1).total! < byId(r, 2).total!, 'A is lower at full precision');
    assert.equal(column(r, 'totalRounded'), [95.69, 95.69, 95.68]);
    assert.equal(column(r, 'entryId'), [1, 2, 3], 'shared rank keeps the input order');
    assert.equal(column(r, 'rank'), [1, 1, 3]);
    // The practical round is the whole total, so it cannot separate them either.
    assert.equal(column(r, 'tieBreak'), ['shared', 'shared', undefined]);
  }
});

/* ------------------------------------------------------------------------------------------ */
/* Tie-break chain                                                                             */
/* ------------------------------------------------------------------------------------------ */

test('tie-break chain: completion time, then practical, then theory, then a shared rank', () => {
  // decimals 0, so totals that differ below a point are equal; chain [time, practical, theory].
  const people: Person[] = [
    // Z: 0.3 × 83.5 + 0.7 × 80 = 25.05 + 56 = 81.05 → 81: alone at the top
    { id: 10, theory: 83.5, practical: 80, minutes: 200 },
    // All the others round to 80:
    // A: 24 + 56 = 80, 100 min
    { id: 1, theory: 80, practical: 80, minutes: 100 },
    // B: 80, 95 min → before A (shorter)
    { id: 2, theory: 80, practical: 80, minutes: 95 },
    // C: 80, time "not scored" → after everybody with a time
    { id: 3, theory: 80, practical: 80, minutes: null },
    // D: 0.3 × 76.5 + 0.7 × 81.5 = 22.95 + 57.05 = 80, 110 min; practical 81.5 → 82 (0 decimals)
    { id: 4, theory: 76.5, practical: 81.5, minutes: 110 },
    // E: 80, 110 min, practical 80, theory 80
    { id: 5, theory: 80, practical: 80, minutes: 110 },
    // F: 0.3 × 81 + 56 = 80.3 → 80, 110 min, practical 80 = E's, theory 81 > E's 80 → before E
    { id: 6, theory: 81, practical: 80, minutes: 110 },
    // H and I: identical, 120 min → shared
    { id: 7, theory: 80, practical: 80, minutes: 120 },
    { id: 8, theory: 80, practical: 80, minutes: 120 },
  ];
  const r = computeSkillResults(standardInput(people, { decimals: 0, tieBreaks: ['completion_time', 'round:practical', 'round:theory'] }));
  assert.equal(column(r, 'totalRounded'), [81, 80, 80, 80, 80, 80, 80, 80, 80]);
  assert.equal(column(r, 'entryId'), [10, 2, 1, 4, 6, 5, 7, 8, 3]);
  assert.equal(column(r, 'rank'), [1, 2, 3, 4, 5, 6, 7, 7, 9]);
  assert.equal(column(r, 'tieBreak'), [
    undefined, // Z: nobody else at 81
    'completion_time', // B: before A on time
    'completion_time', // A: after B, before D on time
    'round:practical', // D: after A on time, before F on practical
    'round:theory', // F: after D on practical, before E on theory
    'round:theory', // E: after F on theory, before H on time
    'shared', // H = I
    'shared',
    'completion_time', // C: no time, after I
  ]);
  assert.is(byId(r, 3).completionMinutes, null);
  assert.is(byId(r, 6).total, 80.3);
});

test('shared ranks go 1, 2, 2, 4 when the chain is empty or cannot separate', () => {
  const r = computeSkillResults(standardInput(field([90, 85, 85, 80]), { tieBreaks: [] }));
  assert.equal(column(r, 'rank'), [1, 2, 2, 4]);
  assert.equal(column(r, 'tieBreak'), [undefined, 'shared', 'shared', undefined]);
  // The same times and round scores: the default chain does not separate them either.
  const same = computeSkillResults(standardInput(field([90, 85, 85, 80])));
  assert.equal(column(same, 'rank'), [1, 2, 2, 4]);
});

test('a completion-time tie uses times compared to a millionth, so float noise never separates', () => {
  // Three judges. A: 90, 90.01, 90.02 → mean 90.01, but (90 + 90.01 + 90.02) / 3 is 90.00999999999999 in
  // floating point; B: 90.01 × 3 → 90.01; C: 90.02 → after both. Totals all 80 (theory 100 − 40 × 0.5, practical 100 − 80 × 0.25).
  const input = standardInput([flat(1, 80), flat(2, 80), flat(3, 80)]);
  input.judges = neutralJudges(3, [THEORY, PRACTICAL, TIME]);
  input.marks = [1, 2, 3].flatMap((id) => [...marksFor(id, THEORY, [40, 40, 40]), ...marksFor(id, PRACTICAL, [80, 80, 80])]);
  input.marks.push(...marksFor(1, TIME, [90, 90.01, 90.02]), ...marksFor(2, TIME, [90.01, 90.01, 90.01]), ...marksFor(3, TIME, [90.02, 90.02, 90.02]));
  const r = computeSkillResults(input);
  assert.is(byId(r, 1).completionMinutes, 90.00999999999999, 'the raw mean carries float noise');
  assert.is(byId(r, 2).completionMinutes, 90.01);
  assert.equal(column(r, 'rank'), [1, 1, 3]);
  assert.equal(column(r, 'entryId'), [1, 2, 3]);
});

/* ------------------------------------------------------------------------------------------ */
/* Statuses                                                                                    */
/* ------------------------------------------------------------------------------------------ */

test('dns, withdrawn and disqualified are not ranked and are listed after, disqualified last', () => {
  const people: Person[] = [
    flat(1, 99, { status: 'disqualified' }), // the best marks, but the score is void
    flat(2, 0, { status: 'dns' }),
    flat(3, 70),
    flat(4, 60, { status: 'withdrawn' }),
    flat(5, 80, { status: 'registered' }), // registered reads as competed
  ];
  const r = computeSkillResults(standardInput(people, { titleRules: topN(5), standardisedScore: true }));
  assert.equal(column(r, 'entryId'), [5, 3, 4, 2, 1]);
  assert.equal(column(r, 'status'), ['competed', 'competed', 'withdrawn', 'dns', 'disqualified']);
  assert.equal(column(r, 'rank'), [1, 2, null, null, null]);
  assert.equal(column(r, 'total'), [80, 70, null, null, null]);
  assert.equal(column(r, 'totalRounded'), [80, 70, null, null, null]);
  // Two competitors (below the minimum field of 5: no first prize anyway): 2 × 20 % = 0.4 → 0 second, 2 × 30 % = 0.6 → 1 third.
  assert.equal(column(r, 'prize'), [3, null, null, null, null]);
  assert.equal(holds(r), [true, true, false, false, false]);
  // Only the two competitors: median 75, σ = 5 → 700 ± 100 × 5 / 5 = 800 and 600.
  assert.equal(column(r, 'standardised'), [800, 600, null, null, null]);
  assert.is(r.competitors, 2);
  // The breakdown of a non-competitor is still computed for the organizer's preview.
  assert.is(byId(r, 1).rounds[1]!.score, 99);
});

test('an unmarked skill ranks nobody: 141 entries without marks are incomplete, with no total, prize or title', () => {
  // Before: every total counted the missing marks as 0, so all 141 tied first at 0.00 with first
  // prize and 技术能手.
  const people = Array.from({ length: 141 }, (_, i) => ({ entryId: i + 1, organizationId: 1 + (i % 8), status: 'registered' as const, skillLevel: 'senior' as const }));
  const r = computeSkillResults({ skill: standardSkill({ standardisedScore: true }), entries: people, judges: [{ id: 1, organizationId: null, aspectIds: [THEORY, PRACTICAL, TIME] }], marks: [] });
  assert.is(r.competitors, 0);
  assert.equal(r.prizeCounts, { first: 0, second: 0, third: 0 });
  assert.ok(r.entries.every((e) => e.unranked === 'incomplete' && e.rank === null && e.total === null && e.prize === null && e.titles.length === 0 && e.standardised === null));
  assert.equal(r.notes, [{ code: 'incomplete', entryIds: people.map((p) => p.entryId) }]);
});

test('an incomplete entry is listed after the ranked ones and does not count towards the award ratio', () => {
  // 11 entries; entry 11 (the best marks so far) has no theory mark yet. The 10 complete ones
  // are ranked and give quotas 1/2/3 (10 × 10/20/30 %), as if entry 11 were not there.
  const people = field([100, 95, 90, 85, 80, 75, 70, 65, 60, 55]);
  const input = standardInput([...people, flat(11, 99)]);
  input.marks = input.marks.filter((m) => !(m.entryId === 11 && m.aspectId === THEORY));
  const r = computeSkillResults(input);
  assert.equal(column(r, 'entryId'), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.equal(column(r, 'unranked'), [null, null, null, null, null, null, null, null, null, null, 'incomplete']);
  assert.is(r.competitors, 10);
  assert.equal(r.prizeCounts, { first: 1, second: 2, third: 3 });
  // Its practical is still computed for the preview: 99 out of 100.
  assert.is(byId(r, 11).rounds[1]!.score, 99);
  assert.is(byId(r, 11).rounds[0]!.complete, false);
});

test('a CNC final of 10: the disqualified top scorer is not ranked, nobody is pushed down, no third prize is lost', () => {
  // Totals (both rounds equal): 98 for the contestant caught breaking the safety rules, then 95 … 55.
  const scores = [98, 95, 90, 85, 80, 75, 70, 65, 60, 55];
  // Before anything is recorded: 10 competitors, quotas 10 × 10/20/30 % = 1/2/3.
  const before = computeSkillResults(standardInput(field(scores)));
  assert.equal(column(before, 'rank'), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(column(before, 'prize'), [1, 2, 2, 3, 3, 3, null, null, null, null]);
  // Disqualified: 9 competitors → 0.9 → 1 first, 1.8 → 2 second, 2.7 → 3 third (half up).
  const after = computeSkillResults(standardInput(field(scores, (i) => (i === 0 ? { status: 'disqualified' } : {}))));
  assert.is(after.competitors, 9);
  assert.equal(after.prizeRule.quotas, { first: 1, second: 2, third: 3 });
  assert.equal(column(after, 'entryId'), [2, 3, 4, 5, 6, 7, 8, 9, 10, 1]);
  assert.equal(column(after, 'rank'), [1, 2, 3, 4, 5, 6, 7, 8, 9, null]);
  // 95 now takes first prize; the 7th-placed worker (70) keeps the third prize he would have lost.
  assert.equal(column(after, 'prize'), [1, 2, 2, 3, 3, 3, null, null, null, null]);
  assert.equal(after.prizeCounts, { first: 1, second: 2, third: 3 });
  assert.equal(holds(after), [true, true, true, true, true, false, false, false, false, false]);
  const dq = byId(after, 1);
  assert.equal([dq.unranked, dq.total, dq.rank, dq.prize, dq.titles], ['disqualified', null, null, null, []]);
  // The marks are kept: the breakdown is still 98 per round for the organizer.
  assert.equal(dq.rounds.map((r) => r.score), [98, 98]);
});

test('absent from a round (缺考): unranked by default; with "zero" that round scores 0 and needs no marks', () => {
  // Entry 3 took the practical (80) but missed the theory exam: it has no theory mark.
  const people = [flat(1, 90), flat(2, 70), flat(3, 80)];
  const input = (settings: Partial<SkillSettings>) => {
    const built = standardInput(people, settings);
    built.entries[2]!.absentRoundCodes = ['theory'];
    built.marks = built.marks.filter((m) => !(m.entryId === 3 && m.aspectId === THEORY));
    return built;
  };
  const unranked = computeSkillResults(input({}));
  assert.is(defaultSkillSettings.roundAbsence, 'unranked');
  assert.equal(column(unranked, 'entryId'), [1, 2, 3]);
  assert.equal(column(unranked, 'unranked'), [null, null, 'absent']);
  assert.equal(column(unranked, 'rank'), [1, 2, null]);
  assert.is(unranked.competitors, 2);
  const absent = byId(unranked, 3);
  // The absent round needs no marks: complete, not incomplete.
  assert.equal(absent.rounds.map((r) => [r.absent, r.complete]), [[true, true], [false, true]]);
  assert.is(absent.complete, true);
  assert.equal(unranked.notes.filter((n) => n.code === 'incomplete'), []);

  // zero: 0.3 × 0 + 0.7 × 80 = 56, ranked behind 90 and 70.
  const zero = computeSkillResults(input({ roundAbsence: 'zero' }));
  assert.equal(column(zero, 'entryId'), [1, 2, 3]);
  assert.equal(column(zero, 'totalRounded'), [90, 70, 56]);
  assert.equal(column(zero, 'rank'), [1, 2, 3]);
  assert.is(zero.competitors, 3);
  // Marks entered before the absence was recorded are kept in the breakdown but count 0.
  const marked = standardInput(people, { roundAbsence: 'zero' });
  marked.entries[2]!.absentRoundCodes = ['theory'];
  const withMarks = byId(computeSkillResults(marked), 3);
  assert.is(withMarks.aspects[0]!.points, 80);
  assert.is(withMarks.rounds[0]!.score, 0);
  assert.is(withMarks.totalRounded, 56);
});

test('unranked entries keep the order incomplete, withdrawn, absent, dns, disqualified', () => {
  const people = [flat(1, 90, { status: 'disqualified' }), flat(2, 50, { status: 'dns' }), flat(3, 60), flat(4, 70, { status: 'withdrawn' }), flat(5, 40), flat(6, 30)];
  const built = standardInput(people);
  built.entries[4]!.absentRoundCodes = ['practical'];
  built.marks = built.marks.filter((m) => !(m.entryId === 6 && m.aspectId === PRACTICAL));
  const r = computeSkillResults(built);
  assert.equal(column(r, 'entryId'), [3, 6, 4, 5, 2, 1]);
  assert.equal(column(r, 'unranked'), [null, 'incomplete', 'withdrawn', 'absent', 'dns', 'disqualified']);
});

/* ------------------------------------------------------------------------------------------ */
/* Awards                                                                                      */
/* ------------------------------------------------------------------------------------------ */

const ten = [100, 95, 90, 85, 80, 75, 70, 65, 60, 55];

test('awards by ratio: 10 competitors at 10/20/30 % → 1 first, 2 second, 3 third', () => {
  const r = computeSkillResults(standardInput(field(ten)));
  assert.equal(column(r, 'prize'), [1, 2, 2, 3, 3, 3, null, null, null, null]);
  assert.equal(r.prizeCounts, { first: 1, second: 2, third: 3 });
  assert.equal(r.prizeRule.quotas, { first: 1, second: 2, third: 3 });
  assert.is(r.prizeRule.rounding, 'half_up');
  assert.is(r.prizeRule.minimumFieldApplied, false);
  assert.is(r.competitors, 10);
  assert.equal(r.notes, []);
});

test('ratio counts are rounded half up, each prize on its own', () => {
  const quotas = (competitors: number, overrides: Partial<SkillSettings> = {}) => prizeRule(settingsWith({ awardMinimumField: 0, ...overrides }), competitors).quotas;
  // 15: 1.5 → 2, 3 → 3, 4.5 → 5
  assert.equal(quotas(15), { first: 2, second: 3, third: 5 });
  // 4: 0.4 → 0, 0.8 → 1, 1.2 → 1
  assert.equal(quotas(4), { first: 0, second: 1, third: 1 });
  // 5: 0.5 → 1, 1 → 1, 1.5 → 2
  assert.equal(quotas(5), { first: 1, second: 1, third: 2 });
  // 24: 2.4 → 2, 4.8 → 5, 7.2 → 7
  assert.equal(quotas(24), { first: 2, second: 5, third: 7 });
  // 0 competitors: nothing
  assert.equal(quotas(0), { first: 0, second: 0, third: 0 });
  // 7 at 15 %: 1.05 → 1
  assert.equal(quotas(7, { awardFirst: 15 }).first, 1);
});

test('a tie at the first-prize boundary is promoted: both get first, second prize has one place fewer', () => {
  const r = computeSkillResults(standardInput(field([100, 100, 90, 85, 80, 75, 70, 65, 60, 55])));
  // Places are cumulative: first ≤ 1, first or second ≤ 3, a prize ≤ 6. Ranks 1, 1, 3, 4, 5, 6 …
  assert.equal(column(r, 'rank'), [1, 1, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(column(r, 'prize'), [1, 1, 2, 3, 3, 3, null, null, null, null]);
  assert.equal(r.prizeCounts, { first: 2, second: 1, third: 3 });
  assert.equal(r.notes, [{ code: 'boundaryTie', prize: 1, entryIds: [1, 2] }]);
});

test('a tie at the last prize place: all of them get third prize (seven prizes)', () => {
  const r = computeSkillResults(standardInput(field([100, 95, 90, 85, 80, 75, 75, 65, 60, 55])));
  assert.equal(column(r, 'prize'), [1, 2, 2, 3, 3, 3, 3, null, null, null]);
  assert.equal(r.prizeCounts, { first: 1, second: 2, third: 4 });
  assert.equal(r.notes, [{ code: 'boundaryTie', prize: 3, entryIds: [6, 7] }]);
});

test('a tie across two boundaries stays whole: four tied first take every first and second place', () => {
  const r = computeSkillResults(standardInput(field([90, 90, 90, 90, 80, 75, 70, 65, 60, 55])));
  // ranks 1, 1, 1, 1 ≤ 1 → first; rank 5 > 3 → not second; 5 and 6 ≤ 6 → third
  assert.equal(column(r, 'prize'), [1, 1, 1, 1, 3, 3, null, null, null, null]);
  assert.equal(r.prizeCounts, { first: 4, second: 0, third: 2 });
});

test('awards by fixed count 1/2/3, fewer when the field is smaller', () => {
  const count = { awardMode: 'count' as const, awardFirst: 1, awardSecond: 2, awardThird: 3, awardMinimumField: 0 };
  const eight = computeSkillResults(standardInput(field([90, 85, 80, 75, 70, 65, 60, 55]), count));
  assert.equal(column(eight, 'prize'), [1, 2, 2, 3, 3, 3, null, null]);
  assert.is(eight.prizeRule.rounding, null);
  const four = computeSkillResults(standardInput(field([90, 85, 80, 75]), count));
  assert.equal(column(four, 'prize'), [1, 2, 2, 3]);
  assert.equal(four.prizeCounts, { first: 1, second: 2, third: 1 });
});

test('a minimum score: no prize below it, and the place is not passed on', () => {
  // 10 competitors, minimum 72: rank 6 (75) keeps third; with minimum 77, ranks 6 (75) loses it.
  const atLeast72 = computeSkillResults(standardInput(field(ten), { awardMinimumScore: 72 }));
  assert.equal(column(atLeast72, 'prize'), [1, 2, 2, 3, 3, 3, null, null, null, null]);
  const atLeast77 = computeSkillResults(standardInput(field(ten), { awardMinimumScore: 77 }));
  assert.equal(column(atLeast77, 'prize'), [1, 2, 2, 3, 3, null, null, null, null, null]);
  assert.equal(atLeast77.prizeCounts, { first: 1, second: 2, third: 2 });
  assert.equal(atLeast77.notes, [{ code: 'belowMinimumScore', minimumScore: 77, entryIds: [6] }]);
  // The minimum is compared with the displayed (rounded) total.
  // 30 + 71.25 × 0.7 = 30 + 49.875 = 79.875 → 79.88: meets 79.88, misses 79.89.
  const withMinimum = (awardMinimumScore: number) =>
    computeSkillResults(standardInput([{ id: 1, theory: 100, practical: 71.25 }], { awardMinimumScore, awardMinimumField: 0, awardMode: 'count' }));
  assert.is(byId(withMinimum(79.88), 1).total, 79.875);
  assert.is(byId(withMinimum(79.88), 1).totalRounded, 79.88);
  assert.is(byId(withMinimum(79.88), 1).prize, 1);
  assert.is(byId(withMinimum(79.89), 1).prize, null);
});

test('a field smaller than the minimum: no first prize, second and third as computed', () => {
  // Ratio, 4 competitors < 5: first 0 (would be 0.4 → 0 anyway), second 0.8 → 1, third 1.2 → 1
  const ratio = computeSkillResults(standardInput(field([90, 85, 80, 75])));
  assert.equal(column(ratio, 'prize'), [2, 3, null, null]);
  assert.equal(ratio.prizeRule.quotas, { first: 0, second: 1, third: 1 });
  assert.is(ratio.prizeRule.minimumFieldApplied, true);
  assert.equal(ratio.notes, [{ code: 'minimumField', competitors: 4, minimumField: 5 }]);
  // Count 1/2/3, 3 competitors < 5: no first; ranks 1–2 second, rank 3 third
  const count = computeSkillResults(standardInput(field([90, 85, 80]), { awardMode: 'count', awardFirst: 1, awardSecond: 2, awardThird: 3 }));
  assert.equal(column(count, 'prize'), [2, 2, 3]);
  // Exactly the minimum field: the normal rule (5 → 1/1/2)
  const five = computeSkillResults(standardInput(field([90, 85, 80, 75, 70])));
  assert.equal(column(five, 'prize'), [1, 2, 3, 3, null]);
  assert.is(five.prizeRule.minimumFieldApplied, false);
  // Nobody competed: no prizes, no note
  const none = computeSkillResults(standardInput([flat(1, 90, { status: 'dns' })]));
  assert.is(none.competitors, 0);
  assert.equal(none.prizeCounts, { first: 0, second: 0, third: 0 });
  assert.equal(none.notes, []);
});

/* ------------------------------------------------------------------------------------------ */
/* Titles and promotion                                                                        */
/* ------------------------------------------------------------------------------------------ */

test('titles: the top 5 by rank, and everyone tied at position 5', () => {
  const r = computeSkillResults(standardInput(field([100, 95, 90, 85, 80, 80, 70]), { titleRules: topN(5, 'none') }));
  assert.equal(column(r, 'rank'), [1, 2, 3, 4, 5, 5, 7]);
  assert.equal(holds(r), [true, true, true, true, true, true, false]);
  assert.equal(column(r, 'titles')[0], ['技术能手']);
  assert.equal(column(r, 'promotion'), [null, null, null, null, null, null, null]);
  assert.ok(r.notes.some((n) => n.code === 'titleBoundaryTie' && n.rule === 0 && n.entryIds.join() === '5,6'));
  // No title without rules.
  const none = computeSkillResults(standardInput(field([100, 95]), { titleRules: [] }));
  assert.equal(holds(none), [false, false]);
});

test('promotion ladder: 学徒工 → 初级工 → … → 高级技师 → 特级技师 → 首席技师; none and the top are not promoted', () => {
  assert.equal([...skillLevelLadder], ['apprentice', 'junior', 'intermediate', 'senior', 'technician', 'senior_technician', 'special_technician', 'chief_technician']);
  assert.is(nextSkillLevel('apprentice'), 'junior');
  assert.is(nextSkillLevel('junior'), 'intermediate');
  assert.is(nextSkillLevel('intermediate'), 'senior');
  assert.is(nextSkillLevel('senior'), 'technician');
  assert.is(nextSkillLevel('technician'), 'senior_technician');
  assert.is(nextSkillLevel('senior_technician'), 'special_technician');
  assert.is(nextSkillLevel('special_technician'), 'chief_technician');
  assert.is(nextSkillLevel('chief_technician'), null);
  assert.is(nextSkillLevel(''), null);

  // Changed with the title rules: 高级技师 is no longer the top (特级技师 and 首席技师 follow), so the
  // "already at the top" case is now 首席技师.
  const levelsInOrder: SkillLevel[] = ['', 'junior', 'senior', 'technician', 'chief_technician', 'intermediate'];
  const r = computeSkillResults(standardInput(field([100, 95, 90, 85, 80, 75], (i) => ({ level: levelsInOrder[i]! })), { titleRules: topN(5) }));
  assert.equal(column(r, 'promotion'), [
    null, // '' — unknown, noted
    { from: 'junior', to: 'intermediate', rule: 0 },
    { from: 'senior', to: 'technician', rule: 0 },
    { from: 'technician', to: 'senior_technician', rule: 0 },
    null, // already 首席技师, noted
    null, // rank 6: no title
  ]);
  assert.ok(r.notes.some((n) => n.code === 'promotionLevelUnknown' && n.entryIds.join() === '1'));
  assert.ok(r.notes.some((n) => n.code === 'promotionAtTop' && n.entryIds.join() === '5'));
});

/* ------------------------------------------------------------------------------------------ */
/* Teams, organizations, medals                                                                */
/* ------------------------------------------------------------------------------------------ */

test('team score: sum or mean of the members’ rounded totals; absent members count 0', () => {
  const entries = [
    { entryId: 1, totalRounded: 85.67 },
    { entryId: 2, totalRounded: 70.5 },
    { entryId: 3, totalRounded: 80 },
    { entryId: 4, totalRounded: null }, // dns
    { entryId: 5, totalRounded: 76.17 },
    { entryId: 6, totalRounded: 80 },
  ];
  const teams = [
    { teamId: 10, entryIds: [1, 2] },
    { teamId: 20, entryIds: [3, 4] },
    { teamId: 30, entryIds: [4] },
    { teamId: 40, entryIds: [5, 6] },
  ];
  // sum: 85.67 + 70.5 = 156.17; 80 + 0 = 80; nobody; 76.17 + 80 = 156.17 (equal to team 10: shared)
  const sum = teamStandings(teams, entries, 'sum', 2);
  assert.equal(sum.map((t) => [t.teamId, t.score, t.rank]), [[10, 156.17, 1], [40, 156.17, 1], [20, 80, 3], [30, 0, null]]);
  assert.equal(sum.map((t) => t.competing), [2, 2, 1, 0]);
  // mean: 156.17 / 2 = 78.085 → 78.09 (half up in hundredths); 80 / 2 = 40 (the dns member counts)
  const mean = teamStandings(teams, entries, 'mean', 2);
  assert.equal(mean.map((t) => [t.teamId, t.score, t.rank]), [[10, 78.09, 1], [40, 78.09, 1], [20, 40, 3], [30, 0, null]]);
  // Exact decimal sums: 0.1 + 0.2 is 0.3 here.
  assert.is(teamStandings([{ teamId: 1, entryIds: [1, 2] }], [{ entryId: 1, totalRounded: 0.1 }, { entryId: 2, totalRounded: 0.2 }], 'sum', 2)[0]!.score, 0.3);
  // A member still incomplete (marks missing) has no total yet: the team is not ranked on a
  // partial score (85.67 + nothing would place it above team 20), it waits like its member.
  const partial = teamStandings(
    [{ teamId: 10, entryIds: [1, 2] }, { teamId: 20, entryIds: [3, 4] }],
    [{ entryId: 1, totalRounded: 85.67 }, { entryId: 2, totalRounded: null, unranked: 'incomplete' }, { entryId: 3, totalRounded: 80 }, { entryId: 4, totalRounded: null, unranked: 'dns' }],
    'sum', 2,
  );
  assert.equal(partial.map((t) => [t.teamId, t.score, t.rank, t.incomplete]), [[20, 80, 1, false], [10, 85.67, null, true]]);
  // Through computeSkillResults, with the skill's teamScoring.
  const r = computeSkillResults({ ...standardInput(field([90, 80.5, 70])), teams: [{ teamId: 1, entryIds: [1, 2] }, { teamId: 2, entryIds: [3] }] });
  assert.equal(r.teams.map((t) => [t.teamId, t.score, t.rank]), [[1, 170.5, 1], [2, 70, 2]]);
  const m = computeSkillResults({ ...standardInput(field([90, 80.5, 70]), { teamScoring: 'mean' }), teams: [{ teamId: 1, entryIds: [1, 2] }] });
  // (90 + 80.5) / 2 = 85.25
  assert.is(m.teams[0]!.score, 85.25);
});

test('organization standings: sum of the best N totals, ties shared, non-competing organizations last', () => {
  const e = (entryId: number, organizationId: number, totalRounded: number | null) => ({ entryId, organizationId, totalRounded });
  const standings = organizationStandings(
    [
      e(1, 1, 90), e(2, 1, 80), e(3, 1, 70), e(4, 1, 60), // best 3: 240
      e(5, 2, 95), e(6, 2, 85), // only two: 180
      e(7, 3, 70), e(8, 3, 100), e(9, 3, 70), // 240: shares rank 1 with org 1
      e(10, 4, null), // dns only: not ranked
      e(11, 5, 33.33), e(12, 5, 33.33), e(13, 5, 33.34), e(14, 5, 0.005), // 100 exactly
    ],
    3,
  );
  assert.equal(standings.map((s) => [s.organizationId, s.score, s.rank]), [[1, 240, 1], [3, 240, 1], [2, 180, 3], [5, 100, 4], [4, 0, null]]);
  assert.equal(standings[1]!.countedEntryIds, [8, 7, 9]);
  assert.equal(standings[0]!.countedEntryIds, [1, 2, 3]);
  assert.is(standings[0]!.competitors, 4);
  // Best 1: org 3 (100), org 2 (95), org 1 (90), org 5 (33.34)
  assert.equal(organizationStandings([e(1, 1, 90), e(5, 2, 95), e(8, 3, 100), e(13, 5, 33.34)], 1).map((s) => s.organizationId), [3, 2, 1, 5]);
  assert.throws(() => organizationStandings([], 0), RangeError);
  assert.equal(organizationStandings([], 3), []);
});

test('medal table: firsts, then seconds, then thirds, then name; equal counts share a rank', () => {
  const p = (organizationId: number, ...prizes: (1 | 2 | 3 | null)[]) => prizes.map((prize) => ({ organizationId, prize }));
  const organizations = [
    { id: 1, name: '上海电气' }, { id: 2, name: '北京建工' }, { id: 3, name: '重庆钢铁' },
    { id: 4, name: '安徽海螺' }, { id: 5, name: '北京燃气' }, { id: 6, name: '无奖单位' },
  ];
  const table = medalTable(
    [
      ...p(1, 1), // 1-0-0
      ...p(2, 1, 2, 2, null), // 1-2-0
      ...p(3, 2, 2, 2, 3, 3, 3, 3, 3), // 0-3-5
      ...p(4, 1, 2, 2), // 1-2-0 (same as 2: name order 安徽 an < 北京 bei)
      ...p(5, 3, 1), // 1-0-1
      ...p(6, null, null), // no prize: not listed
    ],
    organizations,
  );
  assert.equal(
    table.map((row) => [row.name, row.first, row.second, row.third, row.total, row.rank]),
    [
      ['安徽海螺', 1, 2, 0, 3, 1],
      ['北京建工', 1, 2, 0, 3, 1],
      ['北京燃气', 1, 0, 1, 2, 3],
      ['上海电气', 1, 0, 0, 1, 4],
      ['重庆钢铁', 0, 3, 5, 8, 5],
    ],
  );
  // From skill results, across two skills.
  const a = computeSkillResults(standardInput(field(ten, (i) => ({ org: (i % 2) + 1 }))));
  const b = computeSkillResults(standardInput(field(ten, (i) => ({ org: 2 - (i % 3 === 0 ? 1 : 0) }))));
  // Skill a: prizes 1,2,2,3,3,3 to orgs 1,2,1,2,1,2 → org 1: 1-1-1, org 2: 0-1-2.
  // Skill b: orgs by index: 0→1, 1→2, 2→2, 3→1, 4→2, 5→2 → org 1: first + third (rank 4), org 2: 2 seconds + 2 thirds.
  const both = medalTable([...a.entries, ...b.entries], [{ id: 1, name: '甲' }, { id: 2, name: '乙' }]);
  assert.equal(both.map((row) => [row.organizationId, row.first, row.second, row.third]), [[1, 2, 1, 2], [2, 0, 3, 4]]);
});

/* ------------------------------------------------------------------------------------------ */
/* Standardised scores                                                                         */
/* ------------------------------------------------------------------------------------------ */

test('standardised: S = 700 + 100 × (x − median) / σ, the median maps to 700', () => {
  // Totals 50, 80, 80, 90: median 80, mean 75, σ = √((625 + 25 + 25 + 225) / 4) = √225 = 15.
  // S(50) = 700 + 100 × (−30) / 15 = 500; S(80) = 700; S(90) = 700 + 100 × 10 / 15 = 766.666… → 766.67
  const s = standardise([50, 80, 80, 90], 2);
  assert.equal(s, { n: 4, median: 80, sd: 15, scores: [500, 700, 700, 766.67] });
  // Through the engine, only when the skill uses it; the order follows the ranking.
  const r = computeSkillResults(standardInput(field([90, 80, 80, 50]), { standardisedScore: true }));
  assert.equal(column(r, 'standardised'), [766.67, 700, 700, 500]);
  assert.equal(r.standardisation, { n: 4, median: 80, sd: 15, scores: [766.67, 700, 700, 500] });
  const off = computeSkillResults(standardInput(field([90, 80, 80, 50])));
  assert.equal(column(off, 'standardised'), [null, null, null, null]);
  assert.is(off.standardisation, null);
  // Totals 60 … 100: σ = √200 = 14.142…; S(100) = 700 + 2000 / 14.142… = 841.42; S(70) = 629.29
  assert.equal(standardise([60, 70, 80, 90, 100], 2).scores, [558.58, 629.29, 700, 770.71, 841.42]);
});

test('standardised: σ = 0 gives 700 to all; a single competitor gets 700; none gives nothing', () => {
  assert.equal(standardise([80, 80, 80], 2), { n: 3, median: 80, sd: 0, scores: [700, 700, 700] });
  assert.equal(standardise([63.5], 2), { n: 1, median: 63.5, sd: 0, scores: [700] });
  assert.equal(standardise([], 2), { n: 0, median: 0, sd: 0, scores: [] });
  const flatField = computeSkillResults(standardInput(field([80, 80, 80]), { standardisedScore: true }));
  assert.equal(column(flatField, 'standardised'), [700, 700, 700]);
  assert.ok(flatField.notes.some((n) => n.code === 'standardisedDegenerate' && n.reason === 'noSpread'));
  const single = computeSkillResults(standardInput(field([63.5]), { standardisedScore: true }));
  assert.equal(column(single, 'standardised'), [700]);
  assert.ok(single.notes.some((n) => n.code === 'standardisedDegenerate' && n.reason === 'single'));
});

test('the standardisation formula for the results page, as symbols with its parameters', () => {
  assert.equal(standardisationFormula(), { expression: 'S = 700 + 100 × (x − M) / σ', centre: 700, scale: 100, parameters: null, degenerate: false });
  assert.equal(standardisationFormula(standardise([50, 80, 80, 90], 2)), {
    expression: 'S = 700 + 100 × (x − M) / σ', centre: 700, scale: 100, parameters: { n: 4, M: 80, σ: 15 }, degenerate: false,
  });
  assert.is(standardisationFormula(standardise([80, 80], 2)).expression, 'S = 700');
  assert.is(standardisationFormula(standardise([80, 80], 2)).degenerate, true);
});

/* ------------------------------------------------------------------------------------------ */
/* A whole skill                                                                               */
/* ------------------------------------------------------------------------------------------ */

test('a small skill end to end: recusal, weights, ranks, prizes, titles, notes', () => {
  // Theory 30 % out of 100 (one deduction aspect, 0.5 per wrong answer); practical 70 % out of 60:
  // judgement max 30 (five judges, trimmed mean) + deduction max 30 (1 per occurrence, cap 30).
  const skill: ResultsSkill = {
    settings: settingsWith({ aggregation: 'trimmed_mean', spreadLimit: 3, titleRules: topN(1), awardMinimumField: 0 }),
    rounds: [
      { code: 'theory', weight: 30, maxScore: 100, aspects: [{ id: 1, aspect: deduction('T', 100, 0.5, 100) }] },
      { code: 'practical', weight: 70, maxScore: 60, aspects: [{ id: 2, aspect: judgement('J', 30) }, { id: 3, aspect: deduction('D', 30, 1, 30) }] },
    ],
  };
  // Judges 1–5 on J (judge 1 from organization 1), judge 6 on T and D.
  const judges: ReadinessJudge[] = [
    { id: 1, organizationId: 1, aspectIds: [2] },
    ...[2, 3, 4, 5].map((id) => ({ id, organizationId: null, aspectIds: [2] })),
    { id: 6, organizationId: null, aspectIds: [1, 3] },
  ];
  const results = computeSkillResults({
    skill,
    entries: [
      { entryId: 101, organizationId: 1, status: 'competed', skillLevel: 'senior' },
      { entryId: 102, organizationId: 2, status: 'competed', skillLevel: 'technician' },
    ],
    judges,
    marks: [
      // 101: judge 1 recused. Judges 2–5: levels 3, 2, 2, 1 → 30, 20, 20, 10 → trimmed (20 + 20) / 2 = 20.
      ...marksFor(101, 2, [3, 3, 2, 2, 1], [1, 2, 3, 4, 5]),
      // T: 10 wrong → 95 → 28.5. D: 5 occurrences → 25. Practical 45 of 60 → 45 × 70 / 60 = 52.5. Total 81.
      ...marksFor(101, 1, [10], [6]), ...marksFor(101, 3, [5], [6]),
      // 102: five judges 3, 3, 2, 2, 2 → 30, 30, 20, 20, 20 → trimmed (20 + 20 + 30) / 3 = 23.333…
      ...marksFor(102, 2, [3, 3, 2, 2, 2], [1, 2, 3, 4, 5]),
      // T: 20 wrong → 90 → 27. D: 0 → 30. Practical 53.333… of 60 → 62.222…; total 89.222… → 89.22
      ...marksFor(102, 1, [20], [6]), ...marksFor(102, 3, [0], [6]),
    ],
  });
  const [first, second] = results.entries;
  assert.is(first!.entryId, 102);
  close6(first!.total, 27 + ((70 / 3 + 30) * 70) / 60);
  assert.is(first!.totalRounded, 89.22);
  assert.equal(first!.aspects[1]!.recusedJudgeIds, []);
  assert.is(second!.entryId, 101);
  assert.equal(second!.aspects[1]!.recusedJudgeIds, [1]);
  assert.is(second!.aspects[1]!.points, 20);
  assert.is(second!.rounds[1]!.weighted, 52.5);
  assert.is(second!.total, 81);
  // Two competitors at 10/20/30 %: 0.2 → 0, 0.4 → 0, 0.6 → 1: only a third prize, for rank 1.
  assert.equal(results.prizeRule.quotas, { first: 0, second: 0, third: 1 });
  assert.equal(column(results, 'prize'), [3, null]);
  assert.equal(holds(results), [true, false]);
  assert.equal(first!.promotion, { from: 'technician', to: 'senior_technician', rule: 0 });
  assert.equal(results.notes, []);
});

test.run();
