import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SkillLevel } from '../../src/domain/contestant-sheet.ts';
import { ageOn } from '../../src/domain/id-number.ts';
import {
  applyTitleRules,
  blankTitleRule,
  defaultTitleRules,
  legacyTitleRules,
  promote,
  rankLimit,
  validateTitleRules,
  type RuleCandidate,
  type TitleRule,
} from '../../src/domain/title-rules.ts';

/*
 * Every provincial example of the issue, with hand-computed expectations. Candidates are ranked
 * entries: id i has rank ranks[i-1] (shared ranks 1, 2, 2, 4), prizes by the caller.
 */

const rule = (patch: Partial<TitleRule>): TitleRule => ({ ...blankTitleRule, ...patch });

function field(
  ranks: number[],
  each: (i: number) => Partial<RuleCandidate> = () => ({}),
): RuleCandidate[] {
  return ranks.map((rank, i) => ({
    entryId: i + 1, rank, prize: null, rounds: [], gender: 'male', birthDate: '1980-01-01', skillLevel: 'senior', ...each(i),
  }));
}
const EVENT = '2026-06-01';

function run(rules: TitleRule[], candidates: RuleCandidate[], eventDate: string | null = EVENT) {
  const { awards, notes } = applyTitleRules(rules, candidates, eventDate);
  return {
    titles: candidates.map((c) => awards.get(c.entryId)!.titles),
    to: candidates.map((c) => awards.get(c.entryId)!.promotion?.to ?? null),
    rule: candidates.map((c) => awards.get(c.entryId)!.promotion?.rule ?? null),
    notes,
  };
}

/** Prizes 1, 2, 2, 3, 3, 3 for the first six, none after. */
const prizeOf = (i: number) => ({ prize: ([1, 2, 2, 3, 3, 3] as const)[i] ?? null });

test('national: prize winners go one grade up, from their own grade', () => {
  const levels: SkillLevel[] = ['intermediate', 'senior', 'technician', 'senior_technician', 'junior', 'apprentice', 'senior'];
  const r = run([rule({ prizes: [1, 2, 3], promotion: 'step' })], field([1, 2, 3, 4, 5, 6, 7], (i) => ({ ...prizeOf(i), skillLevel: levels[i]! })));
  // 中级工→高级工, 高级工→技师, 技师→高级技师, 高级技师→特级技师, 初级工→中级工, 学徒工→初级工; 7th has no prize.
  assert.equal(r.to, ['senior', 'technician', 'senior_technician', 'special_technician', 'intermediate', 'junior', null]);
  assert.equal(r.titles, [[], [], [], [], [], [], []]);
  assert.equal(r.rule, [0, 0, 0, 0, 0, 0, null]);
});

test('Hunan: prize winners become 技师, existing 技师 高级技师 (to X, or one up if already at or above X)', () => {
  const levels: SkillLevel[] = ['senior', 'intermediate', 'technician', 'senior_technician', 'junior', 'chief_technician', 'senior'];
  const r = run([rule({ prizes: [1, 2, 3], promotion: 'to', promotionTo: 'technician' })], field([1, 2, 3, 4, 5, 6, 7], (i) => ({ ...prizeOf(i), skillLevel: levels[i]! })));
  // 高级工→技师, 中级工→技师 (two grades), 技师→高级技师, 高级技师→特级技师, 初级工→技师, 首席技师: nothing higher; 7th no prize.
  assert.equal(r.to, ['technician', 'technician', 'senior_technician', 'special_technician', 'technician', null, null]);
  assert.equal(r.notes, [{ code: 'promotionAtTop', entryIds: [6] }]);
});

test('Hainan: gold/silver/bronze to 技师, merit winners (the next places) to 高级工; the first matching rule decides the grade', () => {
  const rules = [
    rule({ prizes: [1, 2, 3], promotion: 'to', promotionTo: 'technician' }),
    // Merit award: the places after the prizes, here up to rank 9.
    rule({ rankTo: 9, promotion: 'to', promotionTo: 'senior' }),
  ];
  const levels: SkillLevel[] = ['senior', 'senior', 'intermediate', 'senior', 'senior', 'senior', 'intermediate', 'junior', 'technician', 'intermediate'];
  const r = run(rules, field([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], (i) => ({ ...prizeOf(i), skillLevel: levels[i]! })));
  // 1–6 have prizes: rule 1 (→ 技师; they also match rule 2, which does not count for the grade).
  // 7: 中级工 → 高级工, 8: 初级工 → 高级工, 9: already 技师 (above 高级工) → one up, 高级技师; 10: no rule.
  assert.equal(r.to, ['technician', 'technician', 'technician', 'technician', 'technician', 'technician', 'senior', 'senior', 'senior_technician', null]);
  assert.equal(r.rule, [0, 0, 0, 0, 0, 0, 1, 1, 1, null]);
});

test('a city: 4th place to the top half become 高级工; top half of 15 is ranks 1–7, and a tie at 7 goes wholly in', () => {
  const rules = [rule({ rankFrom: 4, topHalf: true, promotion: 'to', promotionTo: 'senior' })];
  assert.is(rankLimit(rules[0]!, 15), 7); // ⌊15 / 2⌋
  assert.is(rankLimit(rules[0]!, 16), 8);
  // 15 competitors, ranks 1…15 except a tie at 7 (places 7 and 8).
  const ranks = [1, 2, 3, 4, 5, 6, 7, 7, 9, 10, 11, 12, 13, 14, 15];
  const r = run(rules, field(ranks, () => ({ skillLevel: 'intermediate' })));
  assert.equal(r.to, [null, null, null, 'senior', 'senior', 'senior', 'senior', 'senior', null, null, null, null, null, null, null]);
  assert.equal(r.notes, [{ code: 'titleBoundaryTie', rule: 0, entryIds: [7, 8] }]);
});

test('some cities: theory and practical must both pass 60 (rounded round scores, each out of its maximum)', () => {
  const rules = [rule({ rankTo: 5, minScores: [{ round: 'theory', min: 60 }, { round: 'practical', min: 60 }], title: '技术能手', promotion: 'step' })];
  const scores: [number, number][] = [[95, 59.99], [60, 60], [59.5, 90], [88, 70], [70, 88], [99, 99]];
  const r = run(rules, field([1, 2, 3, 4, 5, 6], (i) => ({ rounds: [{ code: 'theory', score: scores[i]![0] }, { code: 'practical', score: scores[i]![1] }] })));
  // 1: practical 59.99 < 60; 2: exactly 60 passes; 3: theory 59.5 fails; 4, 5 pass; 6 passes both but is 6th.
  assert.equal(r.titles, [[], ['技术能手'], [], ['技术能手'], ['技术能手'], []]);
  assert.equal(r.to, [null, 'technician', null, 'technician', 'technician', null]);
  // A round the entry has no score for (not in the skill) never passes.
  assert.equal(run(rules, field([1])).titles, [[]]);
});

test('2012 national: top 5 技师, 6th–15th 高级工; after two tied 5th the next is 7th (no rank skipped or shifted)', () => {
  const rules = [
    rule({ rankTo: 5, promotion: 'to', promotionTo: 'technician', title: '技术能手' }),
    rule({ rankFrom: 6, rankTo: 15, promotion: 'to', promotionTo: 'senior' }),
  ];
  // 17 competitors: ranks 1–4, 5, 5 (places 5 and 6), then 7 … 17.
  const ranks = [1, 2, 3, 4, 5, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
  const r = run(rules, field(ranks, () => ({ skillLevel: 'intermediate' })));
  const technicians = r.to.filter((to) => to === 'technician').length;
  const seniors = r.to.filter((to) => to === 'senior').length;
  // Both tied 5th are 技师 (6 in all); ranks 7–15 are 9 高级工 (place 6 went to the tie); 16 and 17 nothing.
  assert.is(technicians, 6);
  assert.is(seniors, 9);
  assert.equal(r.to.slice(14), ['senior', null, null]);
  assert.equal(r.notes, [{ code: 'titleBoundaryTie', rule: 0, entryIds: [5, 6] }]);
});

test('extra titles: 青年岗位能手 under 35 on the event date, 巾帼建功标兵 for women; every matching title is collected', () => {
  const rules = [
    ...defaultTitleRules,
    rule({ rankTo: 5, underAge: 35, title: '青年岗位能手' }),
    rule({ rankTo: 5, gender: 'female', title: '巾帼建功标兵' }),
  ];
  const people: Partial<RuleCandidate>[] = [
    { gender: 'female', birthDate: '1995-03-01' }, // 31: all three
    { gender: 'male', birthDate: '1991-05-31' }, // turned 35 the day before 2026-06-01: not under 35
    { gender: 'male', birthDate: '1991-06-02' }, // turns 35 the day after: 34, under 35
    { gender: 'female', birthDate: '1991-06-01' }, // turns 35 on the start date itself: 35, not under
    { gender: 'male', birthDate: '1970-01-01' },
    { gender: 'female', birthDate: '2000-01-01' }, // 6th: nothing
  ];
  const r = run(rules, field([1, 2, 3, 4, 5, 6], (i) => people[i]!));
  assert.equal(r.titles, [
    ['技术能手', '青年岗位能手', '巾帼建功标兵'],
    ['技术能手'],
    ['技术能手', '青年岗位能手'],
    ['技术能手', '巾帼建功标兵'],
    ['技术能手'],
    [],
  ]);
  // The grade comes from the first rule only: one step, 高级工 → 技师, for the top 5.
  assert.equal(r.to, ['technician', 'technician', 'technician', 'technician', 'technician', null]);
});

test('age: full years on the event date; 29 February birthdays fall on 1 March; no start date matches nobody (noted)', () => {
  assert.is(ageOn('1991-06-01', '2026-05-31'), 34);
  assert.is(ageOn('1991-06-01', '2026-06-01'), 35);
  assert.is(ageOn('1991-06-01', '2026-06-02'), 35);
  assert.is(ageOn('1992-02-29', '2027-02-28'), 34);
  assert.is(ageOn('1992-02-29', '2027-03-01'), 35);
  assert.is(ageOn('1992-02-29', '2028-02-29'), 36);
  const youth = [rule({ rankTo: 5, underAge: 35, title: '青年岗位能手' })];
  const r = run(youth, field([1, 2], () => ({ birthDate: '2000-01-01' })), null);
  assert.equal(r.titles, [[], []]);
  assert.equal(r.notes, [{ code: 'ageUnknown', rules: [0] }]);
  // A missing birth date on one entry: that entry does not match, the others do, and it is noted.
  const some = run(youth, field([1, 2], (i) => ({ birthDate: i === 0 ? null : '2000-01-01' })));
  assert.equal(some.titles, [[], ['青年岗位能手']]);
  assert.equal(some.notes, [{ code: 'ageUnknown', rules: [0] }]);
});

test('unknown grade: not promoted and noted; a later rule does not step in; titles are still given', () => {
  const rules = [rule({ rankTo: 3, title: '技术能手', promotion: 'step' }), rule({ rankTo: 10, promotion: 'to', promotionTo: 'senior' })];
  const r = run(rules, field([1, 2, 3, 4], (i) => ({ skillLevel: i === 0 || i === 3 ? '' : 'senior' })));
  assert.equal(r.titles, [['技术能手'], ['技术能手'], ['技术能手'], []]);
  assert.equal(r.to, [null, 'technician', 'technician', null]);
  assert.equal(r.notes, [{ code: 'promotionLevelUnknown', entryIds: [1, 4] }]);
});

test('promote(): step and "to X" from every grade', () => {
  const to = (kind: TitleRule['promotion'], target: TitleRule['promotionTo'], from: SkillLevel) => promote({ promotion: kind, promotionTo: target }, from);
  assert.is(to('none', null, 'senior'), null);
  assert.equal(to('step', null, 'senior'), { ok: true, to: 'technician' });
  assert.equal(to('step', null, ''), { ok: false, reason: 'unknown' });
  assert.equal(to('step', null, 'chief_technician'), { ok: false, reason: 'atTop' });
  assert.equal(to('to', 'technician', 'apprentice'), { ok: true, to: 'technician' });
  assert.equal(to('to', 'technician', 'technician'), { ok: true, to: 'senior_technician' });
  assert.equal(to('to', 'chief_technician', 'special_technician'), { ok: true, to: 'chief_technician' });
  assert.equal(to('to', 'chief_technician', 'chief_technician'), { ok: false, reason: 'atTop' });
  assert.equal(to('to', 'technician', ''), { ok: false, reason: 'unknown' });
});

test('conditions: prizes are "any of", ranks inclusive, no rank skipped; a tie inside the range is no boundary note', () => {
  // Ranks 1, 2, 2, 4: a rule for ranks 2–3 takes both tied 2nd, not the 4th.
  const r = run([rule({ rankFrom: 2, rankTo: 3, title: 'T' })], field([1, 2, 2, 4]));
  assert.equal(r.titles, [[], ['T'], ['T'], []]);
  // Places 2 and 3 are both inside ranks 2–3: no tie crosses the boundary.
  assert.equal(r.notes, []);
  const second = run([rule({ prizes: [2], title: 'S' })], field([1, 2, 3], (i) => prizeOf(i)));
  assert.equal(second.titles, [[], ['S'], ['S']]);
  const men = run([rule({ gender: 'male', title: 'M' })], field([1, 2], (i) => ({ gender: i === 0 ? 'female' : 'male' })));
  assert.equal(men.titles, [[], ['M']]);
  // The same title from two rules is listed once.
  assert.equal(run([rule({ rankTo: 1, title: 'T' }), rule({ rankTo: 2, title: 'T' })], field([1, 2])).titles, [['T'], ['T']]);
  // topHalf with rankTo: the smaller bound. 10 competitors: top half 5, rankTo 3 → 3.
  assert.is(rankLimit({ rankTo: 3, topHalf: true }, 10), 3);
  assert.is(rankLimit({ rankTo: 8, topHalf: true }, 10), 5);
  assert.is(rankLimit({ rankTo: null, topHalf: false }, 10), null);
  // One competitor: the top half is nobody (⌊1 / 2⌋ = 0).
  assert.equal(run([rule({ topHalf: true, title: 'H' })], field([1])).titles, [[]]);
});

test('legacy setting → rules: the migration\'s conversion, for old snapshots', () => {
  assert.equal(legacyTitleRules({ titleTopN: 5, titleName: '', promotion: true }), defaultTitleRules);
  assert.equal(legacyTitleRules({ titleTopN: 3, titleName: ' 岗位能手 ', promotion: false }), [rule({ rankTo: 3, title: '岗位能手', promotion: 'none' })]);
  assert.equal(legacyTitleRules({ titleTopN: 0, titleName: '技术能手', promotion: true }), []);
});

test('validation: limits, a condition and an action per rule, known rounds, a target grade', () => {
  const check = (rules: TitleRule[], rounds = ['theory', 'practical']) => validateTitleRules(rules, rounds).map((i) => `${i.path} ${i.code}`);
  assert.equal(check(defaultTitleRules), []);
  assert.equal(check([blankTitleRule]), ['titleRules.0.rankTo ruleNoCondition', 'titleRules.0.title ruleNoAction']);
  assert.equal(check([rule({ rankFrom: 6, rankTo: 5, title: 'T' })]), ['titleRules.0.rankTo rankOrder']);
  assert.equal(check([rule({ rankFrom: 0, rankTo: 2.5, title: 'T' })]), ['titleRules.0.rankFrom rankRange', 'titleRules.0.rankTo rankRange']);
  assert.equal(check([rule({ underAge: 15, title: 'T' })]), ['titleRules.0.underAge ageRange']);
  assert.equal(check([rule({ underAge: 35, title: 'T' })]), []);
  assert.equal(check([rule({ minScores: [{ round: 'skill', min: 60 }, { round: 'theory', min: -1 }, { round: 'theory', min: 60 }], title: 'T' })]), [
    'titleRules.0.minScores.0.min ruleUnknownRound',
    'titleRules.0.minScores.1.min scoreRange',
    'titleRules.0.minScores.2.min ruleDuplicateRound',
  ]);
  assert.equal(check([rule({ rankTo: 5, promotion: 'to' })]), ['titleRules.0.promotionTo promotionTarget']);
  assert.equal(check([rule({ rankTo: 5, title: '技'.repeat(41) })]), ['titleRules.0.title titleTooLong']);
  assert.equal(check(Array.from({ length: 21 }, () => defaultTitleRules[0]!)), ['titleRules rulesTooMany']);
});

test.run();
