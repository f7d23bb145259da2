import { blankTitleRule } from '../../src/domain/title-rules.ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  defaultRounds,
  defaultSkillSettings,
  measurementMode,
  roundMarksTotal,
  sumExact,
  validateAspect,
  validateRounds,
  validateSettings,
  validateSkill,
  type Aspect,
  type Round,
  type SkillSettings,
} from '../../src/domain/marking-scheme.ts';

const judgement = (code: string, maxMark: number): Aspect => ({
  code,
  name: `aspect ${code}`,
  maxMark,
  rule: { type: 'judgement', levels: ['poor', 'fair', 'good', 'excellent'] },
});

/** 焊工: theory 30 % (one aspect of 100), practical 70 % (40 + 30 + 20 + 10). */
function weldingRounds(): Round[] {
  return [
    { code: 'theory', name: '理论知识', weight: 30, maxScore: 100, criteria: [{ code: 'T', name: '理论', aspects: [{ code: 'T1', name: '笔试', maxMark: 100, rule: { type: 'measurement', nominal: null, unit: '', step: 0.5, bands: [] } }] }] },
    {
      code: 'practical', name: '实际操作', weight: 70, maxScore: 100, criteria: [
        { code: 'A', name: '焊缝外观', aspects: [judgement('A1', 40)] },
        {
          code: 'B', name: '尺寸与安全', aspects: [
            { code: 'B1', name: '焊缝宽度', maxMark: 30, rule: { type: 'measurement', nominal: 12, unit: 'mm', step: 0.01, bands: [{ tolerance: 0.5, mark: 30 }, { tolerance: 1, mark: 15 }] } },
            { code: 'B2', name: '安全文明', maxMark: 20, rule: { type: 'deduction', perOccurrence: 2, cap: 20 } },
            { code: 'B3', name: '用时', maxMark: 10, rule: { type: 'time', limitMinutes: 120, penaltyPerMinute: 1 } },
            { code: 'B4', name: '完成时间', maxMark: 0, rule: { type: 'time', limitMinutes: 120, penaltyPerMinute: 0 } },
          ],
        },
      ],
    },
  ];
}

const codes = (issues: { path: string; code: string }[]) => issues.map((i) => `${i.path} ${i.code}`);

test('a complete, consistent skill has no issues', () => {
  assert.equal(validateSkill({ settings: defaultSkillSettings, rounds: weldingRounds() }), []);
});

test('the default rounds are theory 30 % and practical 70 %, each out of 100, and need aspects', () => {
  const rounds = defaultRounds({ theory: '理论知识', practical: '实际操作' });
  assert.equal(rounds.map((r) => [r.code, r.weight, r.maxScore]), [['theory', 30, 100], ['practical', 70, 100]]);
  assert.equal(codes(validateRounds(rounds)), ['rounds.0.criteria emptyRound', 'rounds.1.criteria emptyRound']);
  assert.equal(validateSettings(defaultSkillSettings, rounds.map((r) => r.code)), [], 'default tie-breaks name the default rounds');
});

test('weights must add up to exactly 100, with decimals compared exactly', () => {
  const rounds = weldingRounds();
  rounds[0]!.weight = 30.1;
  assert.equal(validateRounds(rounds), [{ path: 'rounds.weight', code: 'weightsSum', params: { total: 100.1 } }]);
  rounds[0]!.weight = 33.33;
  rounds[1]!.weight = 33.33;
  rounds.push({ ...weldingRounds()[0]!, code: 'extra', weight: 33.34 });
  assert.equal(validateRounds(rounds), [], '33.33 + 33.33 + 33.34 is 100 despite floating point');
});

test('a weight is above 0, at most 100, with at most two decimals', () => {
  for (const [weight, code] of [[0, 'weightRange'], [-5, 'weightRange'], [100.5, 'weightRange'], [Number.NaN, 'weightRange'], [30.123, 'tooManyDecimals']] as const) {
    const rounds = weldingRounds();
    rounds[0]!.weight = weight;
    assert.ok(codes(validateRounds(rounds)).includes(`rounds.0.weight ${code}`), `${weight} → ${code}`);
  }
});

test('marks must add up to the round maximum', () => {
  const rounds = weldingRounds();
  rounds[1]!.criteria[0]!.aspects[0]!.maxMark = 39.5;
  assert.equal(validateRounds(rounds), [{ path: 'rounds.1.maxScore', code: 'roundTotal', params: { total: 99.5, max: 100 } }]);
  rounds[1]!.maxScore = 99.5;
  assert.equal(validateRounds(rounds), []);
});

test('0.1 + 0.2 marks add up to a round of 0.3', () => {
  const round: Round = { code: 'r', name: 'r', weight: 100, maxScore: 0.3, criteria: [{ code: 'C', name: 'c', aspects: [judgement('a', 0.1), judgement('b', 0.2)] }] };
  assert.is(roundMarksTotal(round), 0.3);
  assert.equal(validateRounds([round]), []);
  assert.is(sumExact([0.1, 0.2]), 0.3);
});

test('codes are required, well-formed and unique (case-insensitive) among siblings', () => {
  const rounds = weldingRounds();
  rounds[1]!.code = 'Theory';
  rounds[1]!.criteria[1]!.aspects[1]!.code = 'b1';
  rounds[1]!.criteria[0]!.code = '';
  rounds[1]!.criteria[0]!.aspects[0]!.code = 'A 1';
  assert.equal(codes(validateRounds(rounds)).sort(), [
    'rounds.1.aspects.0.code codeFormat',
    'rounds.1.aspects.2.code duplicateCode',
    'rounds.1.code duplicateCode',
    'rounds.1.criteria.0.code codeFormat',
  ]);
});

test('Chinese codes are accepted', () => {
  const rounds = weldingRounds();
  rounds[1]!.criteria[0]!.code = '甲';
  assert.equal(validateRounds(rounds), []);
});

test('judgement aspects need all four level descriptors', () => {
  const aspect = judgement('A1', 10);
  aspect.rule = { type: 'judgement', levels: ['poor', ' ', 'good', ''] };
  assert.equal(codes(validateAspect(aspect, 'a')), ['a.rule.levels.1 levelsRequired', 'a.rule.levels.3 levelsRequired']);
});

test('marks are positive with at most three decimals', () => {
  assert.equal(codes(validateAspect(judgement('A', 0), 'a')), ['a.maxMark positive']);
  assert.equal(codes(validateAspect(judgement('A', -1), 'a')), ['a.maxMark positive']);
  assert.equal(codes(validateAspect(judgement('A', 1.0005), 'a')), ['a.maxMark tooManyDecimals']);
  assert.equal(validateAspect(judgement('A', 1.125), 'a'), []);
});

test('a deduction cap cannot exceed the aspect\'s marks', () => {
  const aspect: Aspect = { code: 'D', name: 'safety', maxMark: 10, rule: { type: 'deduction', perOccurrence: 2, cap: 12 } };
  assert.equal(validateAspect(aspect, 'a'), [{ path: 'a.rule.cap', code: 'capAboveMax', params: { max: 10 } }]);
  aspect.rule = { type: 'deduction', perOccurrence: 0, cap: 10 };
  assert.equal(codes(validateAspect(aspect, 'a')), ['a.rule.perOccurrence positive']);
});

test('time: either marks with a penalty, or record-only with neither', () => {
  const time = (maxMark: number, penaltyPerMinute: number): Aspect => ({ code: 'T', name: 'time', maxMark, rule: { type: 'time', limitMinutes: 90, penaltyPerMinute } });
  assert.equal(validateAspect(time(10, 1), 'a'), []);
  assert.equal(validateAspect(time(0, 0), 'a'), []);
  assert.equal(codes(validateAspect(time(10, 0), 'a')), ['a.rule.penaltyPerMinute timeRecordOnly']);
  assert.equal(codes(validateAspect(time(0, 1), 'a')), ['a.rule.penaltyPerMinute timeRecordOnly']);
});

test('measurement bands run from tight to wide with marks not increasing, within the aspect marks', () => {
  const measurement = (bands: { tolerance: number; mark: number }[], nominal: number | null = 12): Aspect => ({
    code: 'M', name: 'width', maxMark: 10, rule: { type: 'measurement', nominal, unit: 'mm', step: 0.01, bands },
  });
  assert.equal(validateAspect(measurement([{ tolerance: 0.1, mark: 10 }, { tolerance: 0.3, mark: 5 }]), 'a'), []);
  assert.equal(codes(validateAspect(measurement([{ tolerance: 0.3, mark: 10 }, { tolerance: 0.1, mark: 5 }]), 'a')), ['a.rule.bands.1 bandsOrder']);
  assert.equal(codes(validateAspect(measurement([{ tolerance: 0.1, mark: 5 }, { tolerance: 0.3, mark: 6 }]), 'a')), ['a.rule.bands.1 bandsOrder']);
  assert.equal(codes(validateAspect(measurement([{ tolerance: 0.1, mark: 11 }]), 'a')), ['a.rule.bands.0.mark bandAboveMax']);
  assert.equal(codes(validateAspect(measurement([{ tolerance: 0.1, mark: 10 }], null), 'a')), ['a.rule.nominal required']);
  assert.equal(validateAspect(measurement([], null), 'a'), [], 'no bands: full marks or zero, no nominal needed');
});

test('points as marked: no bands, and marks a whole number of steps; absent entry keeps today\'s meaning', () => {
  const points = (maxMark: number, step: number, bands: { tolerance: number; mark: number }[] = []): Aspect => ({
    code: 'P', name: '装配质量', maxMark, rule: { type: 'measurement', nominal: null, unit: '', step, bands, entry: 'points' },
  });
  assert.equal(validateAspect(points(10, 0.5), 'a'), [], '10 = 20 × 0.5');
  assert.equal(validateAspect(points(10, 1), 'a'), []);
  assert.equal(validateAspect(points(0.3, 0.1), 'a'), [], '0.3 = 3 × 0.1, despite floating point');
  assert.equal(codes(validateAspect(points(10, 3), 'a')), ['a.maxMark maxNotStep'], '10 is not a multiple of 3: 10 could never be given');
  assert.equal(validateAspect(points(10, 3), 'a')[0]!.params, { step: 3 });
  assert.equal(codes(validateAspect(points(10, 1, [{ tolerance: 0.1, mark: 10 }]), 'a')), ['a.rule.bands pointsNoBands']);
  assert.equal(codes(validateAspect(points(10, 0), 'a')), ['a.rule.step positive']);
  // A rule stored before `entry` existed: no bands is full marks or zero, bands are tolerance bands.
  const stored = JSON.parse('{"type":"measurement","nominal":null,"unit":"","step":1,"bands":[]}');
  assert.is(measurementMode(stored), 'passFail');
  assert.is(measurementMode({ ...stored, nominal: 12, bands: [{ tolerance: 0.5, mark: 3 }] }), 'bands');
  assert.is(measurementMode({ ...stored, entry: 'points' }), 'points');
});

test('settings: judges, aggregation, spread, decimals', () => {
  const roundCodes = ['theory', 'practical'];
  const check = (patch: Partial<SkillSettings>) => codes(validateSettings({ ...defaultSkillSettings, ...patch }, roundCodes));
  assert.equal(check({ judgesPerAspect: 0 }), ['settings.judgesPerAspect judgesRange']);
  assert.equal(check({ judgesPerAspect: 2.5 }), ['settings.judgesPerAspect judgesRange']);
  assert.equal(check({ judgesPerAspect: 2, aggregation: 'trimmed_mean' }), ['settings.aggregation trimmedNeedsThree']);
  assert.equal(check({ judgesPerAspect: 5, aggregation: 'trimmed_mean' }), []);
  assert.equal(check({ spreadLimit: 3.5 }), ['settings.spreadLimit scoreRange']);
  assert.equal(check({ decimals: 5 }), ['settings.decimals decimalsRange']);
});

test('settings: tie-breaks name existing rounds, once each', () => {
  const check = (tieBreaks: SkillSettings['tieBreaks']) => codes(validateSettings({ ...defaultSkillSettings, tieBreaks }, ['theory', 'practical']));
  assert.equal(check([]), []);
  assert.equal(check(['round:design']), ['settings.tieBreaks.0 tieBreakUnknownRound']);
  assert.equal(check(['completion_time', 'completion_time']), ['settings.tieBreaks.1 tieBreakDuplicate']);
});

test('settings: prize ratios are percentages adding up to at most 100; counts are whole numbers', () => {
  const check = (patch: Partial<SkillSettings>) => codes(validateSettings({ ...defaultSkillSettings, ...patch }, []).filter((i) => !i.path.includes('tieBreaks')));
  assert.equal(check({ awardFirst: 40, awardSecond: 40, awardThird: 30 }), ['settings.awardThird ratioSum']);
  assert.equal(check({ awardFirst: 101 }), ['settings.awardFirst percentRange', 'settings.awardThird ratioSum']);
  assert.equal(check({ awardMode: 'count', awardFirst: 1, awardSecond: 2, awardThird: 3 }), []);
  assert.equal(check({ awardMode: 'count', awardFirst: 1.5 }), ['settings.awardFirst integer']);
  assert.equal(check({ awardMinimumScore: 60 }), []);
  assert.equal(check({ awardMinimumScore: 120 }), ['settings.awardMinimumScore scoreRange']);
  // Title rules are checked by validateTitleRules() (test/unit/title-rules.test.ts), under settings.titleRules.
  assert.equal(check({ titleRules: [{ ...blankTitleRule, rankTo: 3 }] }), ['settings.titleRules.0.title ruleNoAction']);
  assert.equal(check({ titleRules: [] }), [], 'no rules, nothing to check');
});

test('a skill with no rounds cannot be judged', () => {
  assert.equal(codes(validateRounds([])), ['rounds noRounds']);
});

test.run();
