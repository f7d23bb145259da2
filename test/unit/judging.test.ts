import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  MAX_MINUTES,
  MAX_OCCURRENCES,
  aggregate,
  aspectOutcome,
  decideMarkWrite,
  expectedJudges,
  isImplausible,
  isMultipleOfStep,
  isRecused,
  markErrorCodes,
  markInputSpec,
  markPoints,
  needsScoresInRound,
  nextUnfinished,
  plausibleRange,
  readinessByJudgeAndAspect,
  roundReadiness,
  sameMark,
  sheetProgress,
  validateMark,
  type Mark,
  type ReadinessInput,
} from '../../src/domain/judging.ts';
import type { Aspect } from '../../src/domain/marking-scheme.ts';
import { en } from '../../src/i18n/en.ts';
import { zhCN } from '../../src/i18n/zh-CN.ts';

const levels: [string, string, string, string] = ['未完成', '基本完成', '良好', '优秀'];
const judgement = (maxMark: number): Aspect => ({ code: 'J', name: '工艺', maxMark, rule: { type: 'judgement', levels } });
const passFail = (maxMark: number): Aspect => ({
  code: 'M', name: '表面粗糙度', maxMark, rule: { type: 'measurement', nominal: null, unit: '', step: 1, bands: [] },
});
/** Φ30 ± 0.02 earns 10, ± 0.05 earns 4.5 (the CNC sample scheme). */
const banded = (bands = [{ tolerance: 0.02, mark: 10 }, { tolerance: 0.05, mark: 4.5 }]): Aspect => ({
  code: 'B', name: 'Φ30 外圆', maxMark: 10, rule: { type: 'measurement', nominal: 30, unit: 'mm', step: 0.01, bands },
});
/** Points as marked: the judge enters 0…maxMark in steps of `step`. */
const pointsAsMarked = (maxMark: number, step: number): Aspect => ({
  code: 'P', name: '装配质量', maxMark, rule: { type: 'measurement', nominal: null, unit: '', step, bands: [], entry: 'points' },
});
const deduction = (maxMark: number, perOccurrence: number, cap: number): Aspect => ({
  code: 'D', name: '安全文明', maxMark, rule: { type: 'deduction', perOccurrence, cap },
});
const time = (maxMark: number, limitMinutes: number, penaltyPerMinute: number): Aspect => ({
  code: 'T', name: '用时', maxMark, rule: { type: 'time', limitMinutes, penaltyPerMinute },
});

const scored = (value: number): Mark => ({ state: 'scored', value });
const notScored: Mark = { state: 'not_scored' };
const marksOf = (...values: (number | null)[]) =>
  values.map((value, index) => ({ judgeId: index + 1, mark: value === null ? notScored : scored(value) }));
const ids = (count: number) => Array.from({ length: count }, (_, i) => i + 1);
const mean = { aggregation: 'mean', spreadLimit: 1 } as const;
const close = (actual: number | null, expected: number, message?: string) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, message ?? `${actual} ≈ ${expected}`);

/* ------------------------------------------------------------------------------------------ */
/* validateMark                                                                                */
/* ------------------------------------------------------------------------------------------ */

const check = (aspect: Aspect, value: number) => validateMark(aspect, scored(value));
const ok = { ok: true };

test('"not scored" is acceptable for every aspect type', () => {
  for (const aspect of [judgement(6), passFail(5), banded(), deduction(10, 2, 5), time(10, 90, 1), time(0, 90, 0)]) {
    assert.equal(validateMark(aspect, notScored), ok, aspect.rule.type);
  }
});

test('a value that is not a finite number is refused before anything else', () => {
  for (const aspect of [judgement(6), passFail(5), banded(), deduction(10, 2, 5), time(10, 90, 1)]) {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      assert.equal(check(aspect, value), { ok: false, code: 'mark.error.notFinite' }, `${aspect.rule.type} ${value}`);
    }
    assert.equal(validateMark(aspect, { state: 'scored', value: '2' as unknown as number }), { ok: false, code: 'mark.error.notFinite' });
  }
});

test('judgement: an integer level from 0 to 3', () => {
  for (const value of [0, 1, 2, 3]) assert.equal(check(judgement(6), value), ok, `${value}`);
  for (const value of [-1, 4, 1.5, 2.0001]) {
    assert.equal(check(judgement(6), value), { ok: false, code: 'mark.error.judgementLevel' }, `${value}`);
  }
});

test('measurement without bands: 1 (full marks) or 0 (zero)', () => {
  assert.equal(check(passFail(5), 1), ok);
  assert.equal(check(passFail(5), 0), ok);
  for (const value of [0.5, 2, -1, 5]) assert.equal(check(passFail(5), value), { ok: false, code: 'mark.error.passFail' }, `${value}`);
});

test('measurement with bands: any finite multiple of the step, floating point tolerated', () => {
  for (const value of [30, 30.02, 29.98, 12.03, 0, -0.07, 1e6 + 0.01, 0.1 + 0.2]) assert.equal(check(banded(), value), ok, `${value}`);
  for (const value of [30.025, 30.001, 0.005]) {
    assert.equal(check(banded(), value), { ok: false, code: 'mark.error.step', params: { step: 0.01 } }, `${value}`);
  }
  const halfMillimetre: Aspect = { ...banded(), rule: { type: 'measurement', nominal: 10, unit: 'mm', step: 0.5, bands: [{ tolerance: 1, mark: 10 }] } };
  assert.equal(check(halfMillimetre, 10.5), ok);
  assert.equal(check(halfMillimetre, 10.25), { ok: false, code: 'mark.error.step', params: { step: 0.5 } });
});

test('isMultipleOfStep compares with a relative tolerance and refuses a non-positive step', () => {
  assert.ok(isMultipleOfStep(0.3, 0.1), '0.3 / 0.1 is 2.9999999999999996 in floating point');
  assert.ok(isMultipleOfStep(12.03, 0.01));
  assert.ok(isMultipleOfStep(-4.5, 0.5));
  assert.not.ok(isMultipleOfStep(12.035, 0.01));
  assert.not.ok(isMultipleOfStep(1, 0));
  assert.not.ok(isMultipleOfStep(1, -1));
});

test('deduction: the number of occurrences, an integer from 0 to 999', () => {
  for (const value of [0, 1, 7, MAX_OCCURRENCES]) assert.equal(check(deduction(10, 2, 5), value), ok, `${value}`);
  for (const value of [-1, 1000, 2.5]) {
    assert.equal(check(deduction(10, 2, 5), value), { ok: false, code: 'mark.error.occurrences' }, `${value}`);
  }
});

test('time: minutes from 0 to 24 × 60 with at most two decimals, also when recorded only', () => {
  assert.is(MAX_MINUTES, 1440);
  for (const aspect of [time(10, 90, 1), time(0, 90, 0)]) {
    for (const value of [0, 95.5, 95.25, 89.99, 1440]) assert.equal(check(aspect, value), ok, `${value}`);
    for (const value of [-0.5, 1440.01, 95.125, 2000]) {
      assert.equal(check(aspect, value), { ok: false, code: 'mark.error.minutes' }, `${value}`);
    }
  }
});

test('every mark error code has a message in both languages, with {step} where needed', () => {
  for (const code of markErrorCodes) {
    assert.ok(code in en, `en ${code}`);
    assert.ok(code in zhCN, `zh-CN ${code}`);
  }
  assert.match(en['mark.error.step'], '{step}');
  assert.match(zhCN['mark.error.step'], '{step}');
});

test('points as marked: 0 to the aspect\'s marks, in its step; the points are the value', () => {
  const aspect = pointsAsMarked(8, 0.5);
  for (const value of [0, 0.5, 3.5, 7.5, 8]) assert.equal(check(aspect, value), ok, `${value}`);
  for (const value of [-0.5, 8.5, 9, 0.25, 3.7]) {
    assert.equal(check(aspect, value), { ok: false, code: 'mark.error.points', params: { max: 8, step: 0.5 } }, `${value}`);
  }
  assert.equal(check(pointsAsMarked(0.3, 0.1), 0.3), ok, '0.1 + 0.2 style floating point: 0.3 is 3 steps of 0.1');
  assert.is(markPoints(aspect, 7.5), 7.5);
  assert.is(markPoints(aspect, 0), 0);
  assert.equal(markInputSpec(aspect), { kind: 'points', step: 0.5, max: 8 });
  // Three judges 6, 7.5, 8 with the mean: (6 + 7.5 + 8) / 3 = 7.1666…
  close(aspectOutcome(aspect, marksOf(6, 7.5, 8), mean, ids(3)).points, 21.5 / 3);
  assert.is(plausibleRange(aspect), null, 'nothing measured, nothing implausible');
  assert.is(isImplausible(aspect, 8), false);
});

test('plausible measured values: nominal ± 10 × the widest tolerance, both ends included', () => {
  // 1.6 mm with bands ±0.02 and ±0.05: 1.6 ± 10 × 0.05 = 1.1…2.1. Typing 16 for 1.6 is a slip.
  const thin: Aspect = { code: 'W', name: '壁厚', maxMark: 5, rule: { type: 'measurement', nominal: 1.6, unit: 'mm', step: 0.01, bands: [{ tolerance: 0.02, mark: 5 }, { tolerance: 0.05, mark: 2 }] } };
  assert.equal(plausibleRange(thin), { nominal: 1.6, low: 1.1, high: 2.1 });
  for (const value of [1.6, 1.65, 1.1, 2.1, 1.11, 2.09]) assert.is(isImplausible(thin, value), false, `${value}`);
  for (const value of [16, 0.16, 2.11, 1.09, -1.6, 160]) assert.is(isImplausible(thin, value), true, `${value}`);
  assert.is(markPoints(thin, 16), 0, 'confirmed, it still scores 0: the rule only asks');
  // Φ30 ±0.02 / ±0.05 → 29.5…30.5: a factor-of-10 slip (300, 3) is far outside.
  assert.equal(plausibleRange(banded()), { nominal: 30, low: 29.5, high: 30.5 });
  assert.is(isImplausible(banded(), 300), true);
  assert.is(isImplausible(banded(), 30.5), false);
  // A band of ±0 is narrower than the step: 10 steps of 0.1 around 5 → 4…6.
  const exact: Aspect = { code: 'E', name: '孔数', maxMark: 2, rule: { type: 'measurement', nominal: 5, unit: '', step: 0.1, bands: [{ tolerance: 0, mark: 2 }] } };
  assert.equal(plausibleRange(exact), { nominal: 5, low: 4, high: 6 });
  assert.is(isImplausible(exact, 6), false);
  assert.is(isImplausible(exact, 6.1), true);
  // Not measured against a nominal: never implausible.
  for (const aspect of [passFail(5), judgement(6), deduction(10, 2, 5), time(10, 90, 1)]) {
    assert.is(plausibleRange(aspect), null, aspect.rule.type);
    assert.is(isImplausible(aspect, 1000), false, aspect.rule.type);
  }
});

/* ------------------------------------------------------------------------------------------ */
/* markInputSpec                                                                               */
/* ------------------------------------------------------------------------------------------ */

test('the tablet input follows the aspect type', () => {
  assert.equal(markInputSpec(judgement(6)), { kind: 'levels', levels });
  assert.equal(markInputSpec(passFail(5)), { kind: 'passFail' });
  // Plausible: 30 ± 10 × 0.05 (the widest tolerance) = 29.5…30.5.
  assert.equal(markInputSpec(banded()), { kind: 'measured', step: 0.01, unit: 'mm', nominal: 30, plausible: { low: 29.5, high: 30.5 } });
  assert.equal(markInputSpec(deduction(10, 2, 5)), { kind: 'counter', perOccurrence: 2, cap: 5 });
  assert.equal(markInputSpec(time(10, 90, 1)), { kind: 'minutes', limitMinutes: 90 });
  assert.equal(markInputSpec(time(0, 120, 0)), { kind: 'minutes', limitMinutes: 120 });
});

test('the levels are a copy: the tablet cannot change the scheme', () => {
  const aspect = judgement(6);
  const spec = markInputSpec(aspect);
  if (spec.kind !== 'levels') throw new Error('expected levels');
  spec.levels[0] = 'changed';
  assert.is(aspect.rule.type === 'judgement' && aspect.rule.levels[0], '未完成');
});

test('bands without a nominal value are a broken scheme, not bad input: it throws', () => {
  const broken: Aspect = { ...banded(), rule: { type: 'measurement', nominal: null, unit: 'mm', step: 0.01, bands: [{ tolerance: 1, mark: 10 }] } };
  assert.throws(() => markInputSpec(broken), /no nominal/);
  assert.throws(() => markPoints(broken, 30), /no nominal/);
});

/* ------------------------------------------------------------------------------------------ */
/* markPoints                                                                                  */
/* ------------------------------------------------------------------------------------------ */

test('judgement: level / 3 × max mark', () => {
  assert.equal([0, 1, 2, 3].map((level) => markPoints(judgement(6), level)), [0, 2, 4, 6]);
  close(markPoints(judgement(40), 2), 80 / 3);
  close(markPoints(judgement(10), 1), 10 / 3);
});

test('measurement without bands: full marks for 1, zero for 0', () => {
  assert.is(markPoints(passFail(5), 1), 5);
  assert.is(markPoints(passFail(5), 0), 0);
});

test('measurement with bands: the tightest band that fits, boundaries included despite floating point', () => {
  const cases: [number, number][] = [
    [30, 10],
    [30.02, 10], // 30.02 − 30 = 0.019999999999999574
    [29.98, 10],
    [30.03, 4.5],
    [30.05, 4.5], // 30.05 − 30 = 0.05000000000000071: on the boundary
    [29.95, 4.5],
    [30.06, 0],
    [29.94, 0],
    [-30, 0],
  ];
  for (const [value, points] of cases) assert.is(markPoints(banded(), value), points, `${value} → ${points}`);
});

test('measurement with bands: tried tightest first even if listed otherwise', () => {
  const reversed = banded([{ tolerance: 0.05, mark: 4.5 }, { tolerance: 0.02, mark: 10 }]);
  assert.is(markPoints(reversed, 30.01), 10);
  assert.is(markPoints(reversed, 30.04), 4.5);
});

test('measurement with a zero-tolerance band: only the exact nominal earns it', () => {
  const exact = banded([{ tolerance: 0, mark: 10 }, { tolerance: 0.1, mark: 5 }]);
  assert.is(markPoints(exact, 30), 10);
  assert.is(markPoints(exact, 30.01), 5);
});

test('deduction: max mark − min(occurrences × per occurrence, cap), never below 0', () => {
  assert.is(markPoints(deduction(10, 2, 5), 3), 5, '3 × 2 = 6 is capped at 5: 10 − 5');
  assert.is(markPoints(deduction(10, 2, 5), 2), 6, '2 × 2 = 4: 10 − 4');
  assert.is(markPoints(deduction(10, 2, 5), 0), 10);
  assert.is(markPoints(deduction(10, 2, 10), 999), 0);
  assert.is(markPoints(deduction(10, 2, 12), 999), 0, 'an (invalid) cap above the max still floors at 0');
  close(markPoints(deduction(100, 0.5, 100), 3), 98.5);
});

test('time: a penalty per started minute over the limit', () => {
  assert.is(markPoints(time(10, 90, 1), 95.5), 4, '5.5 minutes over is 6 started minutes: 10 − 6');
  assert.is(markPoints(time(10, 90, 1), 90), 10, 'on the limit: no penalty');
  assert.is(markPoints(time(10, 90, 1), 60), 10, 'under the limit: no penalty, no bonus');
  assert.is(markPoints(time(10, 90, 1), 90.01), 9, 'a started minute counts');
  assert.is(markPoints(time(10, 90, 1), 90.3), 9, '90.3 − 90 = 0.29999999999999716');
  assert.is(markPoints(time(10, 90, 1), 91), 9, 'exactly one minute over is one minute');
  assert.is(markPoints(time(10, 90, 1), 91.01), 8);
  assert.is(markPoints(time(10, 90, 1), 100), 0);
  assert.is(markPoints(time(10, 90, 1), 1440), 0, 'never below 0');
  assert.is(markPoints(time(15.5, 90, 0.5), 95.5), 12.5, '6 started minutes × 0.5 from 15.5');
});

test('time recorded only (max mark 0) gives no points', () => {
  assert.is(markPoints(time(0, 90, 0), 80), 0);
  assert.is(markPoints(time(0, 90, 0), 120), 0);
});

/* ------------------------------------------------------------------------------------------ */
/* aggregate                                                                                   */
/* ------------------------------------------------------------------------------------------ */

test('mean', () => {
  close(aggregate([4, 6, 6], 'mean'), 16 / 3);
  assert.is(aggregate([7], 'mean'), 7);
});

test('trimmed mean drops exactly one highest and one lowest', () => {
  close(aggregate([1, 2, 2, 3, 3], 'trimmed_mean'), (2 + 2 + 3) / 3);
  close(aggregate([3, 1, 3, 2, 2], 'trimmed_mean'), 7 / 3, 'order does not matter');
  assert.is(aggregate([1, 2, 9], 'trimmed_mean'), 2, 'with three values, the middle one');
  assert.is(aggregate([3, 3, 3, 3, 3], 'trimmed_mean'), 3, 'ties: only one of each end is dropped');
});

test('trimmed mean of one or two values is their mean: nothing can be dropped', () => {
  assert.is(aggregate([5], 'trimmed_mean'), 5);
  assert.is(aggregate([1, 2], 'trimmed_mean'), 1.5);
});

test('median: the middle value, or the mean of the middle two', () => {
  assert.is(aggregate([3, 1, 2], 'median'), 2);
  assert.is(aggregate([4, 1, 3, 2], 'median'), 2.5, 'sorted 1, 2, 3, 4: (2 + 3) / 2');
  assert.is(aggregate([10, 0], 'median'), 5);
  assert.is(aggregate([6], 'median'), 6);
  assert.is(aggregate([0, 6, 6, 6, 2], 'median'), 6);
});

test('aggregate leaves its input alone and refuses an empty list', () => {
  const values = [3, 1, 2];
  aggregate(values, 'median');
  aggregate(values, 'trimmed_mean');
  assert.equal(values, [3, 1, 2]);
  for (const how of ['mean', 'trimmed_mean', 'median'] as const) assert.throws(() => aggregate([], how), RangeError);
});

/* ------------------------------------------------------------------------------------------ */
/* aspectOutcome                                                                               */
/* ------------------------------------------------------------------------------------------ */

test('judgement 2, 3, 3 of a 6-mark aspect with the mean: 16 / 3', () => {
  const outcome = aspectOutcome(judgement(6), marksOf(2, 3, 3), mean, ids(3));
  assert.is(outcome.status, 'scored');
  close(outcome.points, 16 / 3);
  assert.is(outcome.points!.toFixed(4), '5.3333');
  assert.equal(outcome.missingJudgeIds, []);
  assert.is(outcome.spread, 1);
  assert.is(outcome.flagged, false, 'a spread equal to the limit is fine');
});

test('five judges 1, 2, 2, 3, 3 with the trimmed mean: (2 + 2 + 3) / 3 of the levels', () => {
  const outcome = aspectOutcome(judgement(3), marksOf(3, 1, 2, 3, 2), { aggregation: 'trimmed_mean', spreadLimit: 2 }, ids(5));
  close(outcome.points, 7 / 3);
  assert.is(outcome.spread, 2);
  assert.is(outcome.flagged, false);
});

test('median of four judges', () => {
  const outcome = aspectOutcome(judgement(6), marksOf(0, 3, 1, 2), { aggregation: 'median', spreadLimit: 3 }, ids(4));
  assert.is(outcome.points, 3, 'points 0, 6, 2, 4: (2 + 4) / 2');
});

test('other types aggregate the points each judge gives', () => {
  assert.equal(aspectOutcome(deduction(10, 2, 5), marksOf(3, 2, 0), mean, ids(3)).points, (5 + 6 + 10) / 3);
  assert.is(aspectOutcome(time(10, 90, 1), marksOf(95.5, 95.5, 95.5), mean, ids(3)).points, 4);
  assert.is(aspectOutcome(banded(), marksOf(30.01, 30.04, 30.2), { aggregation: 'median', spreadLimit: 1 }, ids(3)).points, 4.5);
  assert.is(aspectOutcome(passFail(5), marksOf(1, 1, 0), { aggregation: 'median', spreadLimit: 1 }, ids(3)).points, 5);
  assert.is(aspectOutcome(time(0, 90, 0), marksOf(80, 81, 82), mean, ids(3)).points, 0, 'record-only time');
});

test('incomplete while an expected judge has no mark', () => {
  const outcome = aspectOutcome(judgement(6), marksOf(2, 3), mean, ids(3));
  assert.equal(outcome, { status: 'incomplete', points: null, missingJudgeIds: [3], spread: 1, flagged: false, notComputable: null });
  assert.equal(aspectOutcome(judgement(6), [], mean, [4, 2, 9]).missingJudgeIds, [4, 2, 9], 'in the order given');
});

test('a spread already above the limit is flagged before the last judge marks', () => {
  const outcome = aspectOutcome(judgement(6), marksOf(0, 3), mean, ids(3));
  assert.is(outcome.status, 'incomplete');
  assert.is(outcome.spread, 3);
  assert.is(outcome.flagged, true);
});

test('marks from judges who are not expected are ignored', () => {
  const marks = [...marksOf(2, 2, 2), { judgeId: 9, mark: scored(0) }];
  const outcome = aspectOutcome(judgement(6), marks, mean, ids(3));
  assert.is(outcome.points, 4);
  assert.is(outcome.spread, 0, 'the stray 0 does not widen the spread');
});

test('recusal: the remaining judges aggregate alone', () => {
  const judges = [
    { id: 1, organizationId: 10, aspectIds: [7] },
    { id: 2, organizationId: 20, aspectIds: [7] },
    { id: 3, organizationId: null, aspectIds: [7] },
  ];
  const entry = { id: 100, organizationId: 10 };
  const expected = expectedJudges(7, entry, judges).map((j) => j.id);
  assert.equal(expected, [2, 3], 'judge 1 is from the entry\'s own organization');
  // Judge 1 marked anyway (0): it must not drag the mark down, nor count as missing.
  const outcome = aspectOutcome(judgement(6), marksOf(0, 3, 2), mean, expected);
  assert.is(outcome.status, 'scored');
  assert.is(outcome.points, 5, '(6 + 4) / 2');
  assert.is(outcome.spread, 1);
  assert.is(outcome.flagged, false, 'with judge 1 the spread would have been 3');
});

test('a spread of 2 with a limit of 1 is flagged until overridden', () => {
  const marks = marksOf(1, 3, 2);
  const flagged = aspectOutcome(judgement(6), marks, mean, ids(3));
  assert.equal({ spread: flagged.spread, flagged: flagged.flagged, status: flagged.status }, { spread: 2, flagged: true, status: 'scored' });
  close(flagged.points, 4, 'points are still computed: (2 + 6 + 4) / 3');
  const overridden = aspectOutcome(judgement(6), marks, mean, ids(3), true);
  assert.is(overridden.spread, 2, 'the spread is still reported');
  assert.is(overridden.flagged, false);
  assert.is(aspectOutcome(judgement(6), marks, { aggregation: 'mean', spreadLimit: 2 }, ids(3)).flagged, false);
  assert.is(aspectOutcome(judgement(6), marks, { aggregation: 'mean', spreadLimit: 0 }, ids(3)).flagged, true);
});

test('spread is for judgement only', () => {
  const outcome = aspectOutcome(deduction(10, 1, 10), marksOf(0, 9), { aggregation: 'mean', spreadLimit: 0 }, ids(2));
  assert.is(outcome.spread, null);
  assert.is(outcome.flagged, false);
});

test('"not scored" from every judge is not_scored with no points; 0 from every judge is a score of 0', () => {
  assert.equal(aspectOutcome(judgement(6), marksOf(null, null, null), mean, ids(3)), {
    status: 'not_scored', points: null, missingJudgeIds: [], spread: null, flagged: false, notComputable: null,
  });
  assert.equal(aspectOutcome(judgement(6), marksOf(0, 0, 0), mean, ids(3)), {
    status: 'scored', points: 0, missingJudgeIds: [], spread: 0, flagged: false, notComputable: null,
  });
  assert.is(aspectOutcome(deduction(10, 2, 5), marksOf(null), mean, ids(1)).status, 'not_scored');
  assert.is(aspectOutcome(time(10, 90, 1), marksOf(null, null), mean, ids(2)).points, null);
});

test('some "not scored": the scored marks aggregate alone', () => {
  const outcome = aspectOutcome(judgement(6), marksOf(null, 2, 3), mean, ids(3));
  assert.is(outcome.status, 'scored');
  assert.is(outcome.points, 5, '(4 + 6) / 2');
  assert.is(outcome.spread, 1);
});

test('no expected judge at all: incomplete, nothing missing (roundReadiness reports it as uncovered)', () => {
  assert.equal(aspectOutcome(judgement(6), marksOf(3), mean, []), {
    status: 'incomplete', points: null, missingJudgeIds: [], spread: null, flagged: false, notComputable: null,
  });
});

test('a judge listed twice: the later mark wins', () => {
  const marks = [{ judgeId: 1, mark: scored(0) }, { judgeId: 1, mark: scored(3) }];
  assert.is(aspectOutcome(judgement(6), marks, mean, [1, 1]).points, 6);
});

/* ------------------------------------------------------------------------------------------ */
/* Recusal                                                                                     */
/* ------------------------------------------------------------------------------------------ */

test('a judge is recused from entries of the judge\'s own organization only', () => {
  assert.is(isRecused({ organizationId: 10 }, { organizationId: 10 }), true);
  assert.is(isRecused({ organizationId: 10 }, { organizationId: 20 }), false);
  assert.is(isRecused({ organizationId: null }, { organizationId: 10 }), false, 'a neutral judge is never recused');
});

test('expected judges are those assigned to the aspect and not recused, in the order given', () => {
  const judges = [
    { id: 5, organizationId: null, aspectIds: [1, 2] },
    { id: 3, organizationId: 10, aspectIds: [1] },
    { id: 4, organizationId: 20, aspectIds: [2] },
    { id: 1, organizationId: 20, aspectIds: [1] },
  ];
  assert.equal(expectedJudges(1, { organizationId: 10 }, judges).map((j) => j.id), [5, 1]);
  assert.equal(expectedJudges(1, { organizationId: 20 }, judges).map((j) => j.id), [5, 3]);
  assert.equal(expectedJudges(2, { organizationId: 20 }, judges).map((j) => j.id), [5]);
  assert.equal(expectedJudges(3, { organizationId: 20 }, judges), []);
});

test('a trimmed mean with fewer than 3 scored marks is not computable, not a mean', () => {
  const trimmed = { aggregation: 'trimmed_mean', spreadLimit: 3 } as const;
  // 3 judges, one "not scored": 2 scored marks (2 and 3) are left; dropping the highest and the
  // lowest would leave nothing, so the aspect cannot be computed (today's fallback gave 5 = mean of 4 and 6).
  assert.equal(aspectOutcome(judgement(6), marksOf(2, 3, null), trimmed, ids(3)), {
    status: 'incomplete', points: null, missingJudgeIds: [], spread: 1, flagged: false, notComputable: 'trimmedNeedsThree',
  });
  // 3 scored: 2, 3, 3 → 4, 6, 6 → drop 4 and one 6 → 6.
  assert.equal(aspectOutcome(judgement(6), marksOf(2, 3, 3), trimmed, ids(3)).points, 6);
  // Every judge "not scored" stays not_scored: nothing to combine, nothing refused.
  assert.is(aspectOutcome(judgement(6), marksOf(null, null, null), trimmed, ids(3)).status, 'not_scored');
  // Still incomplete while a judge is missing, without the reason (it is simply unfinished).
  assert.is(aspectOutcome(judgement(6), marksOf(2, 3), trimmed, ids(3)).notComputable, null);
  // Mean and median combine 2 marks as before: (4 + 6) / 2 = 5.
  assert.is(aspectOutcome(judgement(6), marksOf(2, 3, null), mean, ids(3)).points, 5);
  assert.is(aspectOutcome(judgement(6), marksOf(2, 3, null), { aggregation: 'median', spreadLimit: 3 }, ids(3)).points, 5);
});

/* ------------------------------------------------------------------------------------------ */
/* roundReadiness                                                                              */
/* ------------------------------------------------------------------------------------------ */

/**
 * Aspect 1 (judgement of 6) and aspect 2 (deduction of 10). Judges: 11 (org 10) on both, 12
 * (org 20) on 1, 13 (neutral) on both, 14 (org 30) on 2. Entries 101 (org 10) and 102 (org 20)
 * compete; 103 is absent, 104 withdrew, 105 was disqualified. So:
 * 101 — aspect 1: 12, 13 (11 recused); aspect 2: 13, 14 (11 recused);
 * 102 — aspect 1: 11, 13 (12 recused); aspect 2: 11, 13, 14.
 */
function readyRound(): ReadinessInput {
  const mark = (entryId: number, aspectId: number, judgeId: number, value: number | null) => ({
    entryId, aspectId, judgeId, mark: value === null ? notScored : scored(value),
  });
  return {
    aspects: [{ id: 1, aspect: judgement(6) }, { id: 2, aspect: deduction(10, 2, 5) }],
    entries: [
      { id: 101, organizationId: 10, status: 'registered' },
      { id: 102, organizationId: 20, status: 'registered' },
      { id: 103, organizationId: 30, status: 'dns' },
      { id: 104, organizationId: 40, status: 'withdrawn' },
      { id: 105, organizationId: 10, status: 'disqualified' },
    ],
    judges: [
      { id: 11, organizationId: 10, aspectIds: [1, 2] },
      { id: 12, organizationId: 20, aspectIds: [1] },
      { id: 13, organizationId: null, aspectIds: [1, 2] },
      { id: 14, organizationId: 30, aspectIds: [2] },
    ],
    marks: [
      mark(101, 1, 12, 2), mark(101, 1, 13, 3), mark(101, 2, 13, 0), mark(101, 2, 14, 1),
      mark(102, 1, 11, null), mark(102, 1, 13, null), mark(102, 2, 11, 0), mark(102, 2, 13, 0), mark(102, 2, 14, 0),
      mark(105, 1, 12, 0), // a disqualified entry's marks are neither needed nor checked
    ],
    overrides: [],
    signoffs: [
      { entryId: 101, judgeId: 12 }, { entryId: 101, judgeId: 13 }, { entryId: 101, judgeId: 14 },
      { entryId: 102, judgeId: 11 }, { entryId: 102, judgeId: 13 }, { entryId: 102, judgeId: 14 },
    ],
    settings: { aggregation: 'mean', spreadLimit: 1 },
  };
}

const notReady = (overrides: Partial<ReturnType<typeof roundReadiness>>) => ({
  ready: false, missing: [], flagged: [], unsigned: [], uncovered: [], undercovered: [], notComputable: [], ...overrides,
});

test('a fully marked and signed round is ready; absent, withdrawn and disqualified entries need nothing', () => {
  assert.equal(roundReadiness(readyRound()), { ready: true, missing: [], flagged: [], unsigned: [], uncovered: [], undercovered: [], notComputable: [] });
});

test('an entry absent from this round (缺考) needs no marks and no signatures there; absent elsewhere changes nothing', () => {
  const input = readyRound();
  input.roundId = 7;
  // 102 has no marks and no signatures at all in round 7: 5 marks and 3 signatures missing.
  input.marks = input.marks.filter((m) => m.entryId !== 102);
  input.signoffs = input.signoffs.filter((s) => s.entryId !== 102);
  assert.is(roundReadiness(input).missing.length, 5);
  input.entries[1] = { ...input.entries[1]!, absentRoundIds: [8] };
  assert.is(roundReadiness(input).ready, false, 'absent from another round: still needed in this one');
  input.entries[1] = { ...input.entries[1]!, absentRoundIds: [8, 7] };
  assert.equal(roundReadiness(input), { ready: true, missing: [], flagged: [], unsigned: [], uncovered: [], undercovered: [], notComputable: [] });
});

test('needsScoresInRound: competing and not absent from the round', () => {
  assert.is(needsScoresInRound({ status: 'registered' }, 1), true);
  assert.is(needsScoresInRound({ status: 'competed', absentRoundIds: [2] }, 1), true);
  assert.is(needsScoresInRound({ status: 'competed', absentRoundIds: [1] }, 1), false);
  for (const status of ['dns', 'withdrawn', 'disqualified']) assert.is(needsScoresInRound({ status }, 1), false, status);
});

test('"not scored" aspects do not block locking', () => {
  const input = readyRound();
  assert.ok(input.marks.filter((m) => m.entryId === 102 && m.aspectId === 1).every((m) => m.mark.state === 'not_scored'));
  assert.is(roundReadiness(input).ready, true);
});

test('a missing mark blocks locking and says whose it is', () => {
  const input = readyRound();
  input.marks = input.marks.filter((m) => !(m.entryId === 102 && m.aspectId === 2 && m.judgeId === 14));
  assert.equal(roundReadiness(input), notReady({ missing: [{ entryId: 102, aspectId: 2, judgeId: 14 }] }));
});

test('a mark on an aspect outside the round does not count', () => {
  const input = readyRound();
  input.marks = input.marks.map((m) => (m.entryId === 101 && m.aspectId === 1 && m.judgeId === 12 ? { ...m, aspectId: 99 } : m));
  assert.equal(roundReadiness(input), notReady({ missing: [{ entryId: 101, aspectId: 1, judgeId: 12 }] }));
});

test('a flagged spread blocks locking until overridden', () => {
  const input = readyRound();
  input.marks = input.marks.map((m) => (m.entryId === 101 && m.aspectId === 1 && m.judgeId === 12 ? { ...m, mark: scored(0) } : m));
  assert.equal(roundReadiness(input), notReady({ flagged: [{ entryId: 101, aspectId: 1, spread: 3 }] }));
  input.overrides = [{ entryId: 102, aspectId: 1 }];
  assert.is(roundReadiness(input).ready, false, 'an override on another entry does not help');
  input.overrides = [{ entryId: 101, aspectId: 1 }];
  assert.is(roundReadiness(input).ready, true);
});

test('every judge who marks or must mark an entry signs its sheet', () => {
  const input = readyRound();
  input.signoffs = input.signoffs.filter((s) => !(s.entryId === 101 && s.judgeId === 14));
  assert.equal(roundReadiness(input), notReady({ unsigned: [{ entryId: 101, judgeId: 14 }] }));

  const nobodyMarked = readyRound();
  nobodyMarked.marks = [];
  nobodyMarked.signoffs = [];
  const result = roundReadiness(nobodyMarked);
  assert.equal(result.unsigned, [
    { entryId: 101, judgeId: 12 }, { entryId: 101, judgeId: 13 }, { entryId: 101, judgeId: 14 },
    { entryId: 102, judgeId: 11 }, { entryId: 102, judgeId: 13 }, { entryId: 102, judgeId: 14 },
  ], 'expected judges, in the order of the judges list; 11 is recused from 101 and 12 from 102');
  assert.is(result.missing.length, 4 + 5);
});

test('a judge who marked an entry without being expected must still sign for it, but the mark does not count', () => {
  const input = readyRound();
  input.marks.push({ entryId: 101, aspectId: 1, judgeId: 11, mark: scored(0) });
  assert.equal(roundReadiness(input), notReady({ unsigned: [{ entryId: 101, judgeId: 11 }] }), 'no flag: the recused 0 is ignored');
});

test('uncovered when the only judge on an aspect is recused', () => {
  const input: ReadinessInput = {
    aspects: [{ id: 1, aspect: judgement(6) }],
    entries: [{ id: 101, organizationId: 10, status: 'registered' }, { id: 102, organizationId: 20, status: 'registered' }],
    judges: [{ id: 11, organizationId: 10, aspectIds: [1] }],
    marks: [{ entryId: 102, aspectId: 1, judgeId: 11, mark: scored(2) }],
    overrides: [],
    signoffs: [{ entryId: 102, judgeId: 11 }],
    settings: { aggregation: 'mean', spreadLimit: 1 },
  };
  assert.equal(roundReadiness(input), notReady({ uncovered: [{ entryId: 101, aspectId: 1 }] }));
  input.judges.push({ id: 12, organizationId: null, aspectIds: [1] });
  assert.equal(
    roundReadiness(input),
    notReady({
      missing: [{ entryId: 101, aspectId: 1, judgeId: 12 }, { entryId: 102, aspectId: 1, judgeId: 12 }],
      unsigned: [{ entryId: 101, judgeId: 12 }, { entryId: 102, judgeId: 12 }],
    }),
    'a neutral judge assigned by the chief judge covers it',
  );
});

test('an aspect nobody is assigned to is uncovered', () => {
  const input = readyRound();
  input.aspects.push({ id: 3, aspect: passFail(5) });
  assert.equal(roundReadiness(input), notReady({ uncovered: [{ entryId: 101, aspectId: 3 }, { entryId: 102, aspectId: 3 }] }));
});

test('a round without competing entries is ready', () => {
  const input = readyRound();
  input.entries = input.entries.filter((e) => e.status !== 'registered');
  input.signoffs = [];
  assert.is(roundReadiness(input).ready, true);
});

test('an unknown status is treated as not competing', () => {
  const input = readyRound();
  input.entries = [{ id: 101, organizationId: 10, status: 'something_new' }];
  input.signoffs = [];
  assert.is(roundReadiness(input).ready, true);
});

/* ------------------------------------------------------------------------------------------ */
/* decideMarkWrite                                                                             */
/* ------------------------------------------------------------------------------------------ */

test('no stored mark: create, whatever version the device thought it saw', () => {
  assert.is(decideMarkWrite(null, { baseVersion: 0, mark: scored(2) }), 'create');
  assert.is(decideMarkWrite(null, { baseVersion: 3, mark: notScored }), 'create');
});

test('the same mark again is unchanged, even from a stale device', () => {
  const current = { version: 4, mark: scored(2) };
  assert.is(decideMarkWrite(current, { baseVersion: 4, mark: scored(2) }), 'unchanged', 'a replay');
  assert.is(decideMarkWrite(current, { baseVersion: 1, mark: scored(2) }), 'unchanged', 'two devices, same value');
  assert.is(decideMarkWrite({ version: 2, mark: notScored }, { baseVersion: 0, mark: notScored }), 'unchanged');
});

test('a change based on the current version is an update', () => {
  assert.is(decideMarkWrite({ version: 4, mark: scored(2) }, { baseVersion: 4, mark: scored(3) }), 'update');
  assert.is(decideMarkWrite({ version: 1, mark: scored(0) }, { baseVersion: 1, mark: notScored }), 'update', '0 → not scored is a change');
});

test('a change based on an older (or unknown) version is a conflict', () => {
  assert.is(decideMarkWrite({ version: 4, mark: scored(2) }, { baseVersion: 3, mark: scored(3) }), 'conflict');
  assert.is(decideMarkWrite({ version: 1, mark: scored(2) }, { baseVersion: 0, mark: scored(3) }), 'conflict', 'the device never saw the stored mark');
  assert.is(decideMarkWrite({ version: 2, mark: notScored }, { baseVersion: 1, mark: scored(0) }), 'conflict');
  assert.is(decideMarkWrite({ version: 2, mark: scored(1) }, { baseVersion: 5, mark: scored(0) }), 'conflict', 'a version from the future');
});

test('sameMark distinguishes "not scored" from 0', () => {
  assert.ok(sameMark(scored(95.5), scored(95.5)));
  assert.ok(sameMark(notScored, { state: 'not_scored' }));
  assert.not.ok(sameMark(scored(0), notScored));
  assert.not.ok(sameMark(notScored, scored(0)));
  assert.not.ok(sameMark(scored(1), scored(2)));
});

/* ------------------------------------------------------------------------------------------ */
/* sheetProgress                                                                               */
/* ------------------------------------------------------------------------------------------ */

test('sheet progress', () => {
  assert.is(sheetProgress(3, 0, false), 'not_started');
  assert.is(sheetProgress(3, 1, false), 'partial');
  assert.is(sheetProgress(3, 3, false), 'complete');
  assert.is(sheetProgress(3, 3, true), 'signed');
});

test('a signature counts only on a complete sheet; an empty sheet is complete', () => {
  assert.is(sheetProgress(3, 2, true), 'partial', 'an aspect was added after signing');
  assert.is(sheetProgress(3, 0, true), 'not_started');
  assert.is(sheetProgress(0, 0, false), 'complete');
  assert.is(sheetProgress(0, 0, true), 'signed');
  assert.is(sheetProgress(2, 3, false), 'complete', 'stale extra marks do not matter');
});


test('judgesPerAspect: 3 required, 3 assigned, one from organization A → A\'s entries have 2 and are undercovered', () => {
  // Judges 1 (org A = 1), 2 and 3 (neutral) on aspect 7; entry 201 from A, 202 from B (= 2).
  // 201: judge 1 recused → judges 2, 3 = 2 of 3. 202: all three.
  const aspect = judgement(6);
  const input: ReadinessInput = {
    aspects: [{ id: 7, aspect }],
    entries: [{ id: 201, organizationId: 1, status: 'registered' }, { id: 202, organizationId: 2, status: 'registered' }],
    judges: [{ id: 1, organizationId: 1, aspectIds: [7] }, { id: 2, organizationId: null, aspectIds: [7] }, { id: 3, organizationId: null, aspectIds: [7] }],
    marks: [
      { entryId: 201, aspectId: 7, judgeId: 2, mark: scored(2) }, { entryId: 201, aspectId: 7, judgeId: 3, mark: scored(2) },
      ...[1, 2, 3].map((judgeId) => ({ entryId: 202, aspectId: 7, judgeId, mark: scored(3) })),
    ],
    overrides: [],
    signoffs: [{ entryId: 201, judgeId: 2 }, { entryId: 201, judgeId: 3 }, ...[1, 2, 3].map((judgeId) => ({ entryId: 202, judgeId }))],
    settings: { aggregation: 'mean', spreadLimit: 1, judgesPerAspect: 3 },
  };
  assert.equal(roundReadiness(input), notReady({ undercovered: [{ entryId: 201, aspectId: 7, judges: 2, required: 3 }] }));
  // Two required: both have enough. Without the setting (callers that do not count): ready.
  assert.is(roundReadiness({ ...input, settings: { ...input.settings, judgesPerAspect: 2 } }).ready, true);
  assert.is(roundReadiness({ ...input, settings: { aggregation: 'mean', spreadLimit: 1 } }).ready, true);
  // With the trimmed mean, 201's two marks cannot be combined either: both lists name it.
  const trimmed = roundReadiness({ ...input, settings: { aggregation: 'trimmed_mean', spreadLimit: 1, judgesPerAspect: 3 } });
  assert.equal(trimmed.undercovered, [{ entryId: 201, aspectId: 7, judges: 2, required: 3 }]);
  assert.equal(trimmed.notComputable, [{ entryId: 201, aspectId: 7, reason: 'trimmedNeedsThree', scored: 2 }]);
  // Objective aspects record a fact: one judge is enough, and one value is not "not computable".
  const objective = roundReadiness({
    ...input, aspects: [{ id: 7, aspect: deduction(10, 2, 5) }],
    settings: { aggregation: 'trimmed_mean', spreadLimit: 1, judgesPerAspect: 3 },
  });
  assert.is(objective.ready, true);
  assert.is(aspectOutcome(deduction(10, 2, 5), marksOf(1), { aggregation: 'trimmed_mean', spreadLimit: 1 }, [1]).points, 8);
  // An entry with no eligible judge at all is uncovered, not undercovered.
  const alone = roundReadiness({ ...input, judges: [input.judges[0]!], marks: [], signoffs: [] });
  assert.equal(alone.uncovered, [{ entryId: 201, aspectId: 7 }]);
  assert.equal(alone.undercovered, [{ entryId: 202, aspectId: 7, judges: 1, required: 3 }]);
});

test('why a round cannot be locked, counted by judge and by aspect; nothing counted for a ready round', () => {
  const readiness = {
    ready: false,
    missing: [{ entryId: 1, aspectId: 7, judgeId: 11 }, { entryId: 2, aspectId: 7, judgeId: 11 }, { entryId: 2, aspectId: 8, judgeId: 12 }],
    flagged: [{ entryId: 3, aspectId: 8, spread: 2 }],
    unsigned: [{ entryId: 1, judgeId: 11 }, { entryId: 2, judgeId: 11 }, { entryId: 2, judgeId: 12 }, { entryId: 3, judgeId: 13 }],
    uncovered: [{ entryId: 4, aspectId: 9 }],
    undercovered: [{ entryId: 5, aspectId: 7, judges: 1, required: 3 }, { entryId: 6, aspectId: 7, judges: 2, required: 3 }],
    notComputable: [{ entryId: 7, aspectId: 8, reason: 'trimmedNeedsThree' as const, scored: 2 }],
  };
  const { byJudge, byAspect } = readinessByJudgeAndAspect(readiness);
  assert.equal([...byJudge], [[11, { missing: 2, unsigned: 2 }], [12, { missing: 1, unsigned: 1 }], [13, { missing: 0, unsigned: 1 }]]);
  assert.equal([...byAspect].sort(([a], [b]) => a - b), [
    [7, { missing: 2, flagged: 0, uncovered: 0, undercovered: 2, notComputable: 0 }],
    [8, { missing: 1, flagged: 1, uncovered: 0, undercovered: 0, notComputable: 1 }],
    [9, { missing: 0, flagged: 0, uncovered: 1, undercovered: 0, notComputable: 0 }],
  ]);
  const ready = readinessByJudgeAndAspect(roundReadiness(readyRound()));
  assert.is(ready.byJudge.size + ready.byAspect.size, 0);
});

test('"next" goes to the next sheet with marks to enter, wrapping round; none when every other sheet is complete', () => {
  // x: signed with a mark missing (an aspect assigned after the signature): read-only, so never next.
  const sheets = (states: string) => [...states].map((s, i) => ({
    code: `C${i}`, signed: s === 's' || s === 'x',
    progress: ({ n: 'not_started', p: 'partial', c: 'complete', s: 'signed', x: 'partial' } as const)[s as 'n' | 'p' | 'c' | 's' | 'x'],
  }));
  assert.is(nextUnfinished(sheets('ncsnp'), 0)?.code, 'C3', 'complete and signed sheets are skipped');
  assert.is(nextUnfinished(sheets('ncsnp'), 3)?.code, 'C4');
  assert.is(nextUnfinished(sheets('pccsc'), 3)?.code, 'C0', 'wraps round to the first unfinished');
  assert.is(nextUnfinished(sheets('nccc'), 0), null, 'only the sheet itself is unfinished');
  assert.is(nextUnfinished(sheets('nxcp'), 0)?.code, 'C3', 'a signed sheet is skipped even with a mark missing');
  assert.is(nextUnfinished(sheets('n'), 0), null);
  assert.is(nextUnfinished([], 0), null);
});

test.run();
