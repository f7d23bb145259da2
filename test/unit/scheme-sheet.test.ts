import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Round } from '../../src/domain/marking-scheme.ts';
import {
  parseSchemeSheet,
  schemeTemplate,
  schemeToSheet,
  sheetColumns,
  type ColumnKey,
  type SheetCell,
  type SheetError,
  type SheetErrorCode,
} from '../../src/domain/scheme-sheet.ts';
import { catalogues, type MessageKey } from '../../src/i18n/index.ts';
import { sampleRounds } from '../support/scheme-samples.ts';

// Every code the parser can report is a catalogue key, so the UI can translate it as it is.
type Assert<T extends true> = T;
export type CodesAreMessageKeys = Assert<SheetErrorCode extends MessageKey ? true : false>;

const zhHeader = sheetColumns.map((c) => c.zh);
const row = (cells: Partial<Record<ColumnKey, SheetCell>>): SheetCell[] => sheetColumns.map((c) => cells[c.key] ?? null);

const theory = { round_code: 'theory', round_name: '理论知识', round_weight: 30, round_max: 100, criterion_code: 'T1', criterion_name: '理论考试' };
const practical = { round_code: 'practical', round_name: '实际操作', round_weight: 70, round_max: 100, criterion_code: 'P1', criterion_name: '外观' };
const deduction = (code: string, maxMark: SheetCell) => ({ aspect_code: code, aspect_name: `细则 ${code}`, type: '扣分', max_mark: maxMark, per_occurrence: 1, cap: maxMark });
/** A valid two-round scheme whose cells the tests then spoil one at a time. */
const validRows = () => [
  zhHeader,
  row({ ...theory, ...deduction('T1.1', 100) }),
  row({ ...practical, ...deduction('P1.1', 60) }),
  row({ ...practical, ...deduction('P1.2', 40) }),
];

const errorsOf = (rows: SheetCell[][]): SheetError[] => {
  const result = parseSchemeSheet(rows);
  if (result.ok) throw new Error('expected errors, the sheet parsed');
  return result.errors;
};
const roundsOf = (rows: SheetCell[][]): Round[] => {
  const result = parseSchemeSheet(rows);
  if (!result.ok) throw new Error(`expected rounds, got ${JSON.stringify(result.errors)}`);
  return result.rounds;
};
const where = (errors: SheetError[]) => errors.map((e) => [e.row, e.column, e.code]);

test('the template parses cleanly in both languages, one aspect of each type', () => {
  for (const language of ['zh-CN', 'en'] as const) {
    const rounds = roundsOf(schemeTemplate(language));
    assert.equal(rounds.map((r) => [r.code, r.weight, r.maxScore]), [['theory', 30, 100], ['practical', 70, 100]]);
    const types = rounds.flatMap((r) => r.criteria.flatMap((c) => c.aspects.map((a) => a.rule.type)));
    assert.equal([...new Set(types)].sort(), ['deduction', 'judgement', 'measurement', 'time']);
  }
  assert.is(schemeTemplate('zh-CN')[0]![0], '环节代码');
  assert.is(schemeTemplate('en')[0]![0], 'Round code');
  assert.is(schemeTemplate('zh-CN')[1]![8], '扣分');
});

test('an export parses back to exactly the same scheme, in either language', () => {
  for (const language of ['zh-CN', 'en'] as const) {
    const sheet = schemeToSheet(sampleRounds, language);
    assert.is(sheet.length, 1 + 6);
    assert.equal(roundsOf(sheet), sampleRounds);
  }
});

test('an export writes one row per aspect with its round and criterion repeated', () => {
  const sheet = schemeToSheet(sampleRounds, 'en');
  assert.equal(sheet[0], sheetColumns.map((c) => c.en));
  const measured = Object.fromEntries(sheetColumns.map((c, i) => [c.key, sheet[2]![i]]));
  assert.equal(measured, {
    round_code: 'practical', round_name: '实际操作 "CNC"', round_weight: '70', round_max: '60.5',
    criterion_code: 'P1', criterion_name: '尺寸精度', aspect_code: '01', aspect_name: 'Φ30 外圆',
    type: 'measurement', max_mark: '10', level_0: '', level_1: '', level_2: '', level_3: '',
    per_occurrence: '', cap: '', limit_minutes: '', penalty_per_minute: '', entry: '',
    nominal: '30', unit: 'mm', step: '0.01', bands: '0.02:10; 0.05:4.5', round_scoring: '',
  });
  assert.is(schemeToSheet(sampleRounds, 'zh-CN')[4]![8], '评价');
  assert.is(sheet[3]![18], '', 'no nominal is an empty cell');
});

test('a file full of mistakes reports each one at its row and column, and nothing else', () => {
  const errors = errorsOf([
    zhHeader,
    /* 2 */ row({ ...theory, ...deduction('T1.1', '１００'), cap: '' }),
    /* 3 */ row({ ...theory, round_weight: 40, aspect_code: 'T1.2', aspect_name: '简答', type: 'essay', max_mark: 10 }),
    /* 4 */ [],
    /* 5 */ row({ ...practical, round_weight: '70x', aspect_code: 'P1.1', aspect_name: '尺寸', type: '测量', max_mark: 10, step: '', bands: '0.02-2', level_0: '差' }),
    /* 6 */ row({ ...practical, criterion_name: '外观质量', aspect_code: 'P1.1', aspect_name: '成形', type: '评价', max_mark: 20, level_0: 'a', level_1: 'b', level_2: 'c' }),
    /* 7 */ row({ round_code: 'practical', criterion_code: 'P2', criterion_name: '安全', aspect_code: '', aspect_name: '', type: '扣分', max_mark: 20, per_occurrence: 2, cap: 30 }),
    /* 8 */ row({ round_code: 'practical', criterion_code: 'P2', aspect_code: 'P2.2', aspect_name: '超时', type: '时间', max_mark: 'abc', limit_minutes: 60, penalty_per_minute: 1 }),
    /* 9 */ row({ round_code: 'bad code!', round_weight: 5, round_max: 10, criterion_code: 'C1', criterion_name: '项目', aspect_code: 'C1.1', aspect_name: 'x'.repeat(501), type: '扣分', max_mark: 10, per_occurrence: 0.1234, cap: 5 }),
    /* 10 */ row({ round_code: 'practical', criterion_code: 'P2', aspect_code: 'P2.3', aspect_name: '用时', type: '时间', max_mark: 0, limit_minutes: 60, penalty_per_minute: 1 }),
    /* 11 */ row({ round_code: 'practical', criterion_code: 'P3', criterion_name: '精度', aspect_code: 'P3.1', aspect_name: '孔距', type: '测量', max_mark: 2, nominal: 5, step: 0.01, bands: '0.02:3; 0.01:1' }),
  ]);
  assert.equal(errors, [
    { row: 2, column: 'round_weight', code: 'scheme.issue.weightsSum', params: { total: 105 } },
    { row: 2, column: 'round_max', code: 'scheme.issue.roundTotal', params: { total: 110, max: 100 } },
    { row: 2, column: 'cap', code: 'scheme.issue.required' },
    { row: 3, column: 'round_weight', code: 'sheet.error.inconsistentRound', params: { row: 2, code: 'theory' } },
    { row: 3, column: 'type', code: 'sheet.error.unknownType', params: { value: 'essay' } },
    { row: 5, column: 'round_weight', code: 'sheet.error.notANumber', params: { value: '70x' } },
    { row: 5, column: 'level_0', code: 'sheet.error.notApplicable' },
    { row: 5, column: 'step', code: 'scheme.issue.required' },
    { row: 5, column: 'bands', code: 'sheet.error.badBands', params: { value: '0.02-2' } },
    { row: 6, column: 'criterion_name', code: 'sheet.error.inconsistentCriterion', params: { row: 5, code: 'P1' } },
    { row: 6, column: 'aspect_code', code: 'scheme.issue.duplicateCode', params: { code: 'P1.1' } },
    { row: 6, column: 'level_3', code: 'scheme.issue.levelsRequired' },
    { row: 7, column: 'aspect_code', code: 'scheme.issue.required' },
    { row: 7, column: 'aspect_name', code: 'scheme.issue.required' },
    { row: 7, column: 'cap', code: 'scheme.issue.capAboveMax', params: { max: 20 } },
    { row: 8, column: 'max_mark', code: 'sheet.error.notANumber', params: { value: 'abc' } },
    { row: 9, column: 'round_code', code: 'scheme.issue.codeFormat' },
    { row: 9, column: 'round_name', code: 'scheme.issue.required' },
    { row: 9, column: 'aspect_name', code: 'validation.tooLong', params: { max: 500 } },
    { row: 9, column: 'per_occurrence', code: 'scheme.issue.tooManyDecimals', params: { decimals: 3 } },
    { row: 10, column: 'penalty_per_minute', code: 'scheme.issue.timeRecordOnly' },
    { row: 11, column: 'bands', code: 'scheme.issue.bandAboveMax', params: { max: 2 } },
    { row: 11, column: 'bands', code: 'scheme.issue.bandsOrder' },
  ]);
  for (const error of errors) {
    assert.ok(error.code in catalogues.en && error.code in catalogues['zh-CN'], `${error.code} is translated`);
  }
});

test('headers may be English, Chinese or both, in any order and case', () => {
  const expected = roundsOf(validRows());
  const reorder = (header: string[]) => {
    const order = sheetColumns.map((_, i) => i).reverse();
    return validRows().map((cells, r) => order.map((i) => (r === 0 ? header[i]! : cells[i]!)));
  };
  assert.equal(roundsOf(reorder(sheetColumns.map((c) => c.en))), expected);
  assert.equal(roundsOf(reorder(sheetColumns.map((c) => c.en.toUpperCase()))), expected);
  assert.equal(roundsOf(reorder(sheetColumns.map((c, i) => (i % 2 ? c.zh : ` ${c.en} `)))), expected);
  const typedByHand = sheetColumns.map((c) => c.zh.replace('(', '（').replace(')', '）'));
  assert.equal(roundsOf([typedByHand, ...validRows().slice(1)]), expected);
});

test('rule columns that no aspect needs may be left out', () => {
  const used: ColumnKey[] = ['round_code', 'round_name', 'round_weight', 'round_max', 'criterion_code', 'criterion_name', 'aspect_code', 'aspect_name', 'type', 'max_mark', 'per_occurrence', 'cap'];
  const indexes = used.map((key) => sheetColumns.findIndex((c) => c.key === key));
  assert.equal(roundsOf(validRows().map((cells) => indexes.map((i) => cells[i]!))), roundsOf(validRows()));
});

test('unknown, unnamed, repeated and missing columns are reported before any row is read', () => {
  const [header, ...rows] = validRows();
  const spoiled = header!.filter((h) => h !== '分值' && h !== '类型').concat('备注', '', '评分细则', '');
  const errors = errorsOf([spoiled, ...rows.map((cells) => [...cells.slice(0, 8), ...cells.slice(10), 'note', 'stray', null, null])]);
  assert.equal(errors, [
    // 24 columns less the 2 left out: the first added one is the 23rd, W.
    { row: 1, column: '', code: 'sheet.error.unknownColumn', params: { header: '备注', letter: 'W' } },
    { row: 1, column: '', code: 'sheet.error.unnamedColumn', params: { letter: 'X' } },
    { row: 1, column: 'aspect_name', code: 'sheet.error.duplicateColumn', params: { header: '评分细则' } },
    { row: 1, column: 'type', code: 'sheet.error.missingColumn' },
    { row: 1, column: 'max_mark', code: 'sheet.error.missingColumn' },
  ]);
});

test('a round repeats its name, weight and maximum; blanks take the round\'s value, differences are errors', () => {
  const rows = validRows();
  rows[3] = row({ round_code: 'practical', criterion_code: 'P1', ...deduction('P1.2', 40) });
  assert.equal(roundsOf(rows), roundsOf(validRows()));

  rows[2] = row({ ...practical, ...deduction('P1.1', 60) });
  rows[3] = row({ ...practical, round_name: '实操', round_max: 90, ...deduction('P1.2', 40) });
  assert.equal(where(errorsOf(rows)), [
    [4, 'round_name', 'sheet.error.inconsistentRound'],
    [4, 'round_max', 'sheet.error.inconsistentRound'],
  ]);
});

test('a round whose weight and maximum are never given needs them on its first row', () => {
  const errors = errorsOf([zhHeader, row({ ...theory, round_weight: null, round_max: ' ', ...deduction('T1.1', 100) })]);
  assert.equal(where(errors), [
    [2, 'round_weight', 'scheme.issue.required'],
    [2, 'round_max', 'scheme.issue.required'],
  ]);
});

test('numbers may carry spaces, full-width digits or a percent sign on the weight, but nothing else', () => {
  const rows = validRows();
  rows[1] = row({ ...theory, round_weight: ' 30% ', round_max: '１００．０', ...deduction('T1.1', ' 100 ') });
  rows[2] = row({ ...practical, round_weight: '７０', ...deduction('P1.1', '６０') });
  assert.equal(roundsOf(rows), roundsOf(validRows()));

  rows[3] = row({ ...practical, ...deduction('P1.2', '40abc'), per_occurrence: '1,5', cap: '4 0' });
  assert.equal(errorsOf(rows), [
    { row: 4, column: 'max_mark', code: 'sheet.error.notANumber', params: { value: '40abc' } },
    { row: 4, column: 'per_occurrence', code: 'sheet.error.notANumber', params: { value: '1,5' } },
    { row: 4, column: 'cap', code: 'sheet.error.notANumber', params: { value: '4 0' } },
  ]);
});

test('blank rows are skipped and the rows keep their spreadsheet numbers', () => {
  const [header, first, second, third] = validRows();
  const rows = [[], [null, '  '], header!, first!, [], ['', null, ''], second!, third!, []];
  assert.equal(roundsOf(rows), roundsOf(validRows()));
  rows[7] = row({ ...practical, ...deduction('P1.2', 30) });
  assert.equal(errorsOf(rows), [{ row: 7, column: 'round_max', code: 'scheme.issue.roundTotal', params: { total: 90, max: 100 } }]);
});

test('round weights must add up to 100, reported on the first round\'s weight', () => {
  const rows = validRows();
  rows[2] = row({ ...practical, round_weight: 60, ...deduction('P1.1', 60) });
  rows[3] = row({ ...practical, round_weight: 60, ...deduction('P1.2', 40) });
  assert.equal(errorsOf(rows), [{ row: 2, column: 'round_weight', code: 'scheme.issue.weightsSum', params: { total: 90 } }]);
});

test('a round\'s marks must add up to its maximum, reported on the round\'s first row', () => {
  const rows = validRows();
  rows[3] = row({ ...practical, ...deduction('P1.2', 39.5) });
  assert.equal(errorsOf(rows), [{ row: 3, column: 'round_max', code: 'scheme.issue.roundTotal', params: { total: 99.5, max: 100 } }]);
});

test('types are read in either language and any case', () => {
  const rows = validRows();
  rows[3] = row({ ...practical, aspect_code: 'P1.2', aspect_name: '成形', max_mark: 40, type: ' Judgment ', level_0: 'a', level_1: 'b', level_2: 'c', level_3: 'd' });
  assert.equal(roundsOf(rows)[1]!.criteria[0]!.aspects[1]!.rule, { type: 'judgement', levels: ['a', 'b', 'c', 'd'] });
  rows[3] = row({ ...practical, aspect_code: 'P1.2', aspect_name: '耗时', max_mark: 40, type: 'TIME', limit_minutes: '90', penalty_per_minute: 2 });
  assert.equal(roundsOf(rows)[1]!.criteria[0]!.aspects[1]!.rule, { type: 'time', limitMinutes: 90, penaltyPerMinute: 2 });
  rows[3] = row({ ...practical, aspect_code: 'P1.2', aspect_name: '孔距', max_mark: 40, type: 'Measurement', nominal: '５', step: 0.1, bands: '±0.02：40；±0.05:20;' });
  assert.equal(roundsOf(rows)[1]!.criteria[0]!.aspects[1]!.rule, {
    type: 'measurement', nominal: 5, unit: '', step: 0.1, bands: [{ tolerance: 0.02, mark: 40 }, { tolerance: 0.05, mark: 20 }],
  });
});

test('a row without a round code is reported without blaming the totals it would have changed', () => {
  const rows = validRows();
  rows[3] = row({ ...practical, round_code: '', ...deduction('P1.2', 40) });
  assert.equal(where(errorsOf(rows)), [[4, 'round_code', 'scheme.issue.required']]);
});

test('an empty file and a file with only a header say so', () => {
  assert.equal(errorsOf([]), [{ row: 1, column: '', code: 'sheet.error.empty' }]);
  assert.equal(errorsOf([[null], ['  ']]), [{ row: 1, column: '', code: 'sheet.error.empty' }]);
  assert.equal(errorsOf([[], zhHeader]), [{ row: 2, column: '', code: 'scheme.issue.noRounds' }]);
});


test('points as marked travel in the "Marked as" column, in either language; empty keeps the old meaning', () => {
  const rounds: Round[] = [{
    code: 'practical', name: '实际操作', weight: 100, maxScore: 10,
    criteria: [{ code: 'P1', name: '装配', aspects: [{ code: 'P1.1', name: '装配质量', maxMark: 10, rule: { type: 'measurement', nominal: null, unit: '', step: 0.5, bands: [], entry: 'points' } }] }],
  }];
  for (const language of ['zh-CN', 'en'] as const) {
    const sheet = schemeToSheet(rounds, language);
    const column = sheetColumns.findIndex((c) => c.key === 'entry');
    assert.is(sheet[1]![column], language === 'zh-CN' ? '得分' : 'points');
    assert.equal(roundsOf(sheet), rounds);
  }
  const rows = validRows();
  rows[2] = row({ ...practical, aspect_code: 'P1.1', aspect_name: '装配', type: '测量', max_mark: 60, step: 1, entry: '按公差' });
  assert.equal(errorsOf(rows).map((e) => [e.column, e.code, e.params]), [['entry', 'sheet.error.badEntry', { value: '按公差' }]]);
});

test.run();
