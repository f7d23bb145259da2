import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultSkillSettings, schemeWarnings, validateSkill, type Aspect, type Round } from '../../src/domain/marking-scheme.ts';
import { computeSkillResults, type ResultsInput } from '../../src/domain/results.ts';
import {
  checkScore,
  checkScoreLines,
  importable,
  importedRoundReadiness,
  readScoreSheet,
  scoreColumns,
  scoreTemplate,
  type ScoreContext,
  type ScoreErrorCode,
  type ScoreLine,
} from '../../src/domain/round-scores.ts';
import { parseSchemeSheet, schemeToSheet, sheetColumns, type ColumnKey } from '../../src/domain/scheme-sheet.ts';
import { catalogues, type MessageKey } from '../../src/i18n/index.ts';

// Every code the checks report is a catalogue key, so screens and the API translate it as it is.
type Assert<T extends true> = T;
export type CodesAreMessageKeys = Assert<ScoreErrorCode extends MessageKey ? true : false>;

/* ------------------------------------------------------------------------------------------ */
/* Checking lines                                                                              */
/* ------------------------------------------------------------------------------------------ */

/**
 * Welding (skill 1): 张伟 001, 李强 002, 王芳 003 (absent at check-in: dns), 赵敏 010 (withdrawn);
 * CNC turning (skill 2): 孙丽 101. 李强 is also registered in CNC turning as 102.
 */
const ID = { 张伟: '330902199001010011', 李强: '33090219950720003X', 王芳: '330902198803150022', 赵敏: '330902199203030044', 孙丽: '330902199104040055' };
const context: ScoreContext = {
  skillId: 1,
  maxScore: 100,
  entries: [
    { entryId: 11, skillId: 1, bib: '001', idNumber: ID.张伟, name: '张伟', status: 'registered' },
    { entryId: 12, skillId: 1, bib: '002', idNumber: ID.李强, name: '李强', status: 'registered' },
    { entryId: 13, skillId: 1, bib: '003', idNumber: ID.王芳, name: '王芳', status: 'dns' },
    { entryId: 14, skillId: 1, bib: '010', idNumber: ID.赵敏, name: '赵敏', status: 'withdrawn' },
    { entryId: 21, skillId: 2, bib: '101', idNumber: ID.孙丽, name: '孙丽', status: 'registered' },
    { entryId: 22, skillId: 2, bib: '102', idNumber: ID.李强, name: '李强', status: 'registered' },
  ],
};
const line = (row: number, cells: Partial<Omit<ScoreLine, 'row'>>): ScoreLine => ({ row, bib: null, idNumber: null, name: null, score: null, ...cells });
const codes = (lines: ScoreLine[]) => checkScoreLines(lines, context).errors.map((e) => [e.row, e.column, e.code]);

test('a clean file: every competing entry once, by bib or by ID number, scores kept as given', () => {
  const check = checkScoreLines([
    line(2, { bib: '001', score: 87.5 }),
    line(3, { idNumber: ID.李强.toLowerCase(), score: '92' }),
  ], context);
  assert.equal(check.errors, []);
  assert.equal(check.missing, []);
  // 李强's ID number is in both skills: the welding entry (12) is the one meant.
  assert.equal(check.scores.map((s) => [s.row, s.entryId, s.score]), [[2, 11, 87.5], [3, 12, 92]]);
  assert.ok(importable(check, { allowMissing: false }));
});

test('every mistake is listed with its row and column', () => {
  assert.equal(codes([
    line(2, { bib: '001', score: 87.5 }),
    line(3, { bib: '999', score: 50 }), // nobody has bib 999
    line(4, { bib: '101', score: 60 }), // 孙丽 is in CNC turning
    line(5, { bib: '001', score: 88 }), // 张伟 again
    line(6, { bib: '002', score: 100.5 }), // above the maximum
    line(7, { bib: '003', score: 40 }), // 王芳 did not start
    line(8, { score: 70 }), // neither bib nor ID number
    line(9, { bib: '010', score: 'abc' }),
    line(10, { bib: '010', score: -1 }),
  ]), [
    [3, 'bib', 'scores.error.unknownEntry'],
    [4, 'bib', 'scores.error.otherSkill'],
    [5, 'bib', 'scores.error.duplicate'],
    [6, 'score', 'scores.error.range'],
    [7, 'bib', 'scores.error.absent'],
    [8, 'bib', 'scores.error.noKey'],
    [9, 'score', 'scores.error.notNumber'],
    [10, 'bib', 'scores.error.duplicate'],
    [10, 'score', 'scores.error.range'],
    // 李强 has no clean line, but he has a line (row 6): only entries without any line are missing.
  ]);
});

test('the duplicate names the first row; the unknown value and the maximum are given for the message', () => {
  const { errors } = checkScoreLines([line(2, { bib: '001', score: 1 }), line(5, { bib: '001', score: 2 }), line(6, { bib: 'X9', score: 101 })], context);
  assert.equal(errors.slice(0, 3).map((e) => e.params), [{ row: 2, bib: '001' }, { value: 'X9' }, { max: 100 }]);
});

test('missing entries: competing entries without a line, after the rows; dns and withdrawn are not missing', () => {
  const check = checkScoreLines([line(2, { bib: '001', score: 80 })], context);
  assert.equal(check.missing.map((m) => m.bib), ['002']);
  assert.equal(check.errors, [{ row: 0, column: 'bib', code: 'scores.error.missingEntry', params: { bib: '002', name: '李强' } }]);
  // All or nothing by default; the organizer may accept missing entries explicitly.
  assert.not.ok(importable(check, { allowMissing: false }));
  assert.ok(importable(check, { allowMissing: true }));
});

test('a mistake in a line is never accepted, missing entries allowed or not; an empty list imports nothing', () => {
  const check = checkScoreLines([line(2, { bib: '001', score: 80 }), line(3, { bib: '002', score: 'x' })], context);
  assert.not.ok(importable(check, { allowMissing: true }));
  assert.not.ok(importable(checkScoreLines([], context), { allowMissing: true }));
});

test('bib and ID number together must name the same contestant; the name, when given, must match', () => {
  assert.equal(codes([
    line(2, { bib: '001', idNumber: ID.李强, score: 80 }),
    line(3, { bib: '002', name: '张伟', score: 80 }),
    line(4, { bib: '001', idNumber: ID.张伟, name: '张 伟', score: 80 }), // padded name: the same person
  ]), [
    [2, 'id_number', 'scores.error.keysDisagree'],
    [3, 'name', 'scores.error.nameMismatch'],
  ]);
});

test('a bib typed as a number (Excel drops the zeros) finds the one entry with that value', () => {
  const check = checkScoreLines([line(2, { bib: 1, score: 80 }), line(3, { bib: '２', score: 70 })], context);
  assert.equal(check.scores.map((s) => s.entryId), [11, 12]);
});

test('an ID number of another skill\'s contestant is "another skill", not unknown', () => {
  assert.equal(codes([line(2, { idNumber: ID.孙丽, score: 80 })]).slice(0, 1), [[2, 'id_number', 'scores.error.otherSkill']]);
});

test('scores: 0 … maxScore, numbers or plain decimal text (full-width too), at most 2 decimals', () => {
  assert.equal(checkScore(0, 100), { ok: true, score: 0 });
  assert.equal(checkScore(100, 100), { ok: true, score: 100 });
  assert.equal(checkScore('８７．５', 100), { ok: true, score: 87.5 });
  assert.equal(checkScore(' 92.25 ', 100), { ok: true, score: 92.25 });
  // Excel's float noise for 87.5 − 0.01 is cleaned, not refused.
  assert.equal(checkScore(87.49000000000001, 100), { ok: true, score: 87.49 });
  assert.equal(checkScore(87.125, 100), { ok: false, code: 'scores.error.decimals', params: { decimals: 2 } });
  assert.equal(checkScore(100.01, 100), { ok: false, code: 'scores.error.range', params: { max: 100 } });
  assert.equal(checkScore(-0.5, 100), { ok: false, code: 'scores.error.range', params: { max: 100 } });
  assert.equal(checkScore('', 100), { ok: false, code: 'scores.error.scoreMissing' });
  assert.equal(checkScore(null, 100), { ok: false, code: 'scores.error.scoreMissing' });
  assert.equal(checkScore('87分', 100), { ok: false, code: 'scores.error.notNumber' });
  assert.equal(checkScore('1e2', 100), { ok: false, code: 'scores.error.notNumber' });
  assert.equal(checkScore(Number.NaN, 100), { ok: false, code: 'scores.error.notNumber' });
  assert.equal(checkScore(55, 60), { ok: true, score: 55 });
});

/* ------------------------------------------------------------------------------------------ */
/* The sheet                                                                                   */
/* ------------------------------------------------------------------------------------------ */

test('the sheet: columns by Chinese or English title or alias, in any order; blank rows skipped', () => {
  const read = readScoreSheet([
    ['成绩', '姓名', '准考证号'],
    [87.5, '张伟', '001'],
    [null, null, null],
    ['92', '李强', '002'],
  ]);
  assert.ok(read.ok);
  if (!read.ok) return;
  assert.equal(read.lines, [
    { row: 2, bib: '001', idNumber: null, name: '张伟', score: 87.5 },
    { row: 4, bib: '002', idNumber: null, name: '李强', score: '92' },
  ]);
  const english = readScoreSheet([['ID number', 'Score'], [ID.张伟, 80]]);
  assert.ok(english.ok);
});

test('the sheet: no score column, no bib or ID column, unknown columns, no rows, empty file', () => {
  const errors = (rows: (string | number | null)[][]) => {
    const read = readScoreSheet(rows);
    return read.ok ? [] : read.errors.map((e) => [e.row, e.column, e.code]);
  };
  assert.equal(errors([['参赛证号', '姓名'], ['001', '张伟']]), [[1, 'score', 'sheet.error.missingColumn']]);
  assert.equal(errors([['姓名', '成绩'], ['张伟', 80]]), [[1, 'bib', 'sheet.error.missingColumn']]);
  assert.equal(errors([['参赛证号', '成绩', '备注'], ['001', 80, '补考']]), [[1, '', 'sheet.error.unknownColumn']]);
  assert.equal(errors([['参赛证号', '成绩']]), [[1, '', 'scores.error.noRows']]);
  assert.equal(errors([]), [[1, '', 'sheet.error.empty']]);
});

test('the template: header in the organizer\'s language, one row per entry with bib and name, scores blank', () => {
  assert.equal(scoreTemplate([{ bib: '001', name: '张伟' }], 'zh-CN'), [['参赛证号', '身份证号', '姓名', '成绩'], ['001', '', '张伟', '']]);
  assert.equal(scoreTemplate([], 'en')[0], ['Bib', 'ID number', 'Name', 'Score']);
  // The template reads back: its headers are the columns' own titles.
  const back = readScoreSheet(scoreTemplate([{ bib: '001', name: '张伟' }], 'en'));
  assert.equal(back.ok && back.lines, [{ row: 2, bib: '001', idNumber: '', name: '张伟', score: '' }]);
  assert.is(scoreColumns.length, 4);
});

/* ------------------------------------------------------------------------------------------ */
/* Readiness                                                                                   */
/* ------------------------------------------------------------------------------------------ */

test('readiness: every competing entry needs a score; dns, withdrawn and disqualified do not; exempt ones neither', () => {
  const entries = [
    { id: 1, status: 'registered' }, { id: 2, status: 'competed' }, { id: 3, status: 'dns' },
    { id: 4, status: 'withdrawn' }, { id: 5, status: 'disqualified' },
  ];
  assert.equal(importedRoundReadiness({ entries, scores: [{ entryId: 1 }] }), { ready: false, missing: [2] });
  assert.equal(importedRoundReadiness({ entries, scores: [{ entryId: 1 }, { entryId: 2 }] }), { ready: true, missing: [] });
  assert.equal(importedRoundReadiness({ entries, scores: [{ entryId: 1 }], exempt: [2] }), { ready: true, missing: [] });
  assert.equal(importedRoundReadiness({ entries: [], scores: [] }), { ready: true, missing: [] });
});

/* ------------------------------------------------------------------------------------------ */
/* The scheme                                                                                  */
/* ------------------------------------------------------------------------------------------ */

const deduction = (code: string, maxMark: number): Aspect => ({ code, name: code, maxMark, rule: { type: 'deduction', perOccurrence: 1, cap: maxMark } });
const practical = (weight: number): Round => ({ code: 'practical', name: '实际操作', weight, maxScore: 100, criteria: [{ code: 'P', name: 'P', aspects: [deduction('P1', 100)] }] });
const exam = (weight: number, code = 'exam'): Round => ({ code, name: '理论知识', weight, maxScore: 100, scoring: 'imported', criteria: [] });

test('an imported round needs no criteria and has no marks to add up; criteria on it are refused', () => {
  const settings = defaultSkillSettings;
  assert.equal(validateSkill({ settings, rounds: [exam(30, 'theory'), practical(70)] }), []);
  const withCriteria: Round = { ...exam(30, 'theory'), criteria: [{ code: 'T', name: 'T', aspects: [deduction('T1', 100)] }] };
  assert.equal(validateSkill({ settings, rounds: [withCriteria, practical(70)] }).map((i) => [i.path, i.code]), [['rounds.0.criteria', 'importedHasCriteria']]);
  // A marked round without aspects is still incomplete.
  assert.equal(validateSkill({ settings, rounds: [{ ...exam(30, 'theory'), scoring: 'marks' }, practical(70)] }).map((i) => i.code), ['emptyRound']);
  // Its maximum is still a positive amount.
  assert.equal(validateSkill({ settings, rounds: [{ ...exam(30, 'theory'), maxScore: 0 }, practical(70)] }).map((i) => i.code), ['positive']);
});

test('theory above 30 %: a warning, not an issue; the theory round is the imported one or the one coded "theory"', () => {
  assert.equal(schemeWarnings({ rounds: [exam(30), practical(70)] }), []);
  assert.equal(schemeWarnings({ rounds: [practical(60), exam(40)] }), [{ path: 'rounds.1.weight', code: 'theoryShare', params: { share: 40, cap: 30 } }]);
  // A marked round coded "theory" counts too (the default rounds' code).
  const markedTheory: Round = { ...practical(35), code: 'Theory' };
  assert.equal(schemeWarnings({ rounds: [markedTheory, practical(65)] }).map((w) => w.params), [{ share: 35, cap: 30 }]);
  // Two theory rounds add up: 20 + 15 = 35 %.
  assert.equal(schemeWarnings({ rounds: [exam(20, 'exam1'), exam(15, 'exam2'), practical(65)] }).map((w) => w.params), [{ share: 35, cap: 30 }]);
  // 30.001 % is above the cap; warnings never appear among validateSkill's issues.
  assert.equal(schemeWarnings({ rounds: [exam(30.01), practical(69.99)] }).length, 1);
  assert.equal(validateSkill({ settings: defaultSkillSettings, rounds: [practical(60), exam(40, 'theory')] }), []);
  assert.is(catalogues.en['scheme.warning.theoryShare'].includes('{share}'), true);
});

test('the scheme spreadsheet: an imported round is one row with its round columns and 导入', () => {
  const rounds = [exam(30, 'theory'), practical(70)];
  const sheet = schemeToSheet(rounds, 'zh-CN');
  const column = (key: ColumnKey) => sheetColumns.findIndex((c) => c.key === key);
  assert.is(sheet[0]![column('round_scoring')], '成绩来源');
  assert.equal(sheet.length, 3, 'header, the theory round, the practical aspect');
  assert.equal([sheet[1]![column('round_code')], sheet[1]![column('round_max')], sheet[1]![column('aspect_code')], sheet[1]![column('round_scoring')]], ['theory', '100', '', '导入']);
  assert.is(sheet[2]![column('round_scoring')], '', 'a marked round leaves it blank');
  const back = parseSchemeSheet(sheet);
  assert.ok(back.ok);
  assert.equal(back.ok && back.rounds, [{ ...exam(30, 'theory') }, practical(70)]);
  // English labels read too.
  const english = parseSchemeSheet(schemeToSheet(rounds, 'en'));
  assert.equal(english.ok && english.rounds[0]!.scoring, 'imported');
});

test('the scheme spreadsheet: aspects under an imported round, or an unknown label, are refused with their row', () => {
  const sheet = schemeToSheet([exam(30, 'theory'), practical(70)], 'zh-CN');
  const column = (key: ColumnKey) => sheetColumns.findIndex((c) => c.key === key);
  const withAspect = sheet.map((r) => [...r]);
  // The practical row claims to be imported too: its round now has criteria.
  withAspect[2]![column('round_scoring')] = '导入';
  const refused = parseSchemeSheet(withAspect);
  assert.equal(refused.ok ? [] : refused.errors.map((e) => [e.row, e.column, e.code]), [[3, 'criterion_code', 'scheme.issue.importedHasCriteria']]);
  const unknown = sheet.map((r) => [...r]);
  unknown[1]![column('round_scoring')] = '笔试';
  const unread = parseSchemeSheet(unknown);
  assert.ok(!unread.ok && unread.errors.some((e) => e.row === 2 && e.column === 'round_scoring' && e.code === 'sheet.error.unknownScoring'));
});

/* ------------------------------------------------------------------------------------------ */
/* Results with an imported theory round                                                       */
/* ------------------------------------------------------------------------------------------ */

/**
 * Theory 30 % imported out of 100; practical 70 % marked out of 60 (one deduction aspect, 60 −
 * 1 per occurrence, cap 60), one neutral judge. total = theory × 30 / 100 + practical × 70 / 60.
 */
const results = (scores: ResultsInput['roundScores'], occurrences: Record<number, number>) => computeSkillResults({
  skill: {
    settings: { ...defaultSkillSettings, tieBreaks: ['round:practical', 'round:theory'] },
    rounds: [
      { code: 'theory', weight: 30, maxScore: 100, scoring: 'imported', aspects: [] },
      { code: 'practical', weight: 70, maxScore: 60, aspects: [{ id: 9, aspect: { code: 'P1', name: 'P1', maxMark: 60, rule: { type: 'deduction', perOccurrence: 1, cap: 60 } } }] },
    ],
  },
  entries: [1, 2, 3].map((entryId) => ({ entryId, organizationId: 1, status: 'registered' as const })),
  judges: [{ id: 1, organizationId: null, aspectIds: [9] }],
  marks: Object.entries(occurrences).map(([entryId, value]) => ({ entryId: Number(entryId), aspectId: 9, judgeId: 1, mark: { state: 'scored' as const, value } })),
  roundScores: scores,
});

test('results: the imported score at full precision, weighted like any round', () => {
  const r = results(
    [{ entryId: 1, roundCode: 'theory', score: 87.5 }, { entryId: 2, roundCode: 'theory', score: 92.25 }, { entryId: 3, roundCode: 'theory', score: 66 }],
    { 1: 9, 2: 12, 3: 0 },
  );
  const entry = (id: number) => r.entries.find((e) => e.entryId === id)!;
  // 1: theory 87.5 × 30 / 100 = 26.25; practical 51 × 70 / 60 = 59.5; total 85.75.
  assert.equal(entry(1).rounds.map((x) => [x.code, x.score, x.weighted, x.complete]), [['theory', 87.5, 26.25, true], ['practical', 51, 59.5, true]]);
  assert.is(entry(1).totalRounded, 85.75);
  // 2: theory 92.25 × 0.3 = 27.675 (27.68 shown); practical 48 × 70 / 60 = 56; total 83.675 → 83.68.
  assert.is(entry(2).rounds[0]!.scoreRounded, 92.25);
  assert.is(entry(2).rounds[0]!.weightedRounded, 27.68);
  assert.is(entry(2).totalRounded, 83.68);
  // 3: theory 66 × 0.3 = 19.8; practical 60 × 70 / 60 = 70; total 89.8: first.
  assert.is(entry(3).totalRounded, 89.8);
  assert.equal(r.entries.map((e) => [e.entryId, e.rank]), [[3, 1], [1, 2], [2, 3]]);
  assert.ok(r.entries.every((e) => e.complete));
  assert.not.ok(r.notes.some((n) => n.code === 'incomplete'));
});

test('results: an entry without an imported score is incomplete and not ranked', () => {
  const r = results([{ entryId: 1, roundCode: 'theory', score: 87.5 }, { entryId: 2, roundCode: 'theory', score: 92.25 }], { 1: 9, 2: 12, 3: 0 });
  const third = r.entries.find((e) => e.entryId === 3)!;
  assert.equal([third.rounds[0]!.score, third.rounds[0]!.complete, third.complete, third.unranked], [0, false, false, 'incomplete']);
  // Incomplete entries are never ranked (no total), so the other two are 1st and 2nd: 85.75 and 83.68.
  assert.equal([third.totalRounded, third.rank], [null, null]);
  assert.equal(r.entries.filter((e) => e.rank !== null).map((e) => [e.entryId, e.rank]), [[1, 1], [2, 2]]);
  assert.equal(r.notes.find((n) => n.code === 'incomplete'), { code: 'incomplete', entryIds: [3] });
});

test('results: the tie-break on the theory round reads the imported score', () => {
  // Both practical 54 (6 occurrences): 54 × 70 / 60 = 63. Theory 70 × 0.3 = 21 → 84.00, and
  // 70.01 × 0.3 = 21.003 → 84.003, shown 84.00: equal totals, practical equal, theory decides.
  const split = results([{ entryId: 1, roundCode: 'theory', score: 70 }, { entryId: 2, roundCode: 'theory', score: 70.01 }, { entryId: 3, roundCode: 'theory', score: 0 }], { 1: 6, 2: 6, 3: 60 });
  assert.equal(split.entries.slice(0, 2).map((e) => [e.entryId, e.totalRounded, e.rank, e.tieBreak]), [[2, 84, 1, 'round:theory'], [1, 84, 2, 'round:theory']]);
  // Equal imported scores as well: the rank is shared.
  const shared = results([{ entryId: 1, roundCode: 'theory', score: 70 }, { entryId: 2, roundCode: 'theory', score: 70 }, { entryId: 3, roundCode: 'theory', score: 0 }], { 1: 6, 2: 6, 3: 60 });
  assert.equal(shared.entries.slice(0, 2).map((e) => [e.entryId, e.totalRounded, e.rank, e.tieBreak]), [[1, 84, 1, 'shared'], [2, 84, 1, 'shared']]);
});

test.run();
