import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  rejectedRows, withoutRows,
  contestantColumnHeader,
  contestantColumns,
  contestantsToSheet,
  contestantTemplate,
  parseContestantSheet,
  type ContestantColumnKey,
  type ContestantRecord,
  type ContestantSheetContext,
  type ContestantSheetError,
  type ContestantSheetErrorCode,
} from '../../src/domain/contestant-sheet.ts';
import type { SheetCell } from '../../src/domain/scheme-sheet.ts';
import { catalogues, type MessageKey } from '../../src/i18n/index.ts';
import { normalizePersonName } from '../../src/domain/names.ts';

type Assert<T extends true> = T;
export type CodesAreMessageKeys = Assert<ContestantSheetErrorCode extends MessageKey ? true : false>;

const WELDING = 1;
const CNC = 2;
const skills = [
  { id: WELDING, name: '焊工', nameEn: 'Welding' },
  { id: CNC, name: '数控车工', nameEn: 'CNC turning' },
  { id: 3, name: '电工', nameEn: '' },
];
const context = (overrides: Partial<ContestantSheetContext> = {}): ContestantSheetContext => ({
  skills,
  existingIdNumbers: new Map(),
  allowMultipleSkills: false,
  existingBibs: new Set(),
  today: new Date('2026-11-21T10:00:00+08:00'),
  ...overrides,
});

// Valid ID numbers (GB 11643-1999 check characters computed independently).
const ID = {
  man1980: '330903198001010018',
  woman1981: '330903198102020020',
  man1982: '330921198203030036',
  woman1983: '330921198304040049',
  man1990: '330902199005050058',
  woman1991: '330902199106060060',
  man1988: '330902198808080096',
  woman1975: '330902197512120082',
  aged11: '330902201501010012',
};

const zhHeader = contestantColumns.map((c) => c.zh);
const row = (cells: Partial<Record<ContestantColumnKey, SheetCell>>): SheetCell[] => contestantColumns.map((c) => cells[c.key] ?? null);
const zhangSan = { name: '张三', gender: '男', organization: '定海船厂', id_number: ID.man1980, phone: '13800138000', skill: '焊工', skill_level: '高级工', bib: '001' };

const parse = (rows: SheetCell[][], overrides?: Partial<ContestantSheetContext>) => parseContestantSheet(rows, context(overrides));
const recordsOf = (rows: SheetCell[][], overrides?: Partial<ContestantSheetContext>): ContestantRecord[] => {
  const result = parse(rows, overrides);
  if (!result.ok) throw new Error(`expected records, got ${JSON.stringify(result.errors)}`);
  return result.records;
};
const errorsOf = (rows: SheetCell[][], overrides?: Partial<ContestantSheetContext>): ContestantSheetError[] => {
  const result = parse(rows, overrides);
  if (result.ok) throw new Error('expected errors, the sheet parsed');
  return result.errors;
};
const where = (errors: ContestantSheetError[]) => errors.map((e) => [e.row, e.column, e.code]);

const templateRecords = (language: 'zh-CN' | 'en'): ContestantRecord[] => [
  {
    row: 2, name: language === 'zh-CN' ? '张伟' : 'Zhang Wei', nameLatin: '', gender: 'male',
    organization: language === 'zh-CN' ? '舟山市定海区船舶修造有限公司' : 'Dinghai Shipbuilding Co., Ltd.',
    idNumber: '330902198503150014', phone: '13800138000', skillId: WELDING, skillLevel: 'senior', bib: '001', birthDate: '1985-03-15', existing: false,
  },
  {
    row: 3, name: language === 'zh-CN' ? '李娜' : 'Li Na', nameLatin: '', gender: 'female',
    organization: language === 'zh-CN' ? '舟山市定海区机电设备有限公司' : 'Dinghai Electromechanical Co., Ltd.',
    idNumber: '330902199207080028', phone: '0580-2021234', skillId: CNC, skillLevel: 'intermediate', bib: '002', birthDate: '1992-07-08', existing: false,
  },
  {
    row: 4, name: language === 'zh-CN' ? '阿依古丽·买买提' : 'Aygul Mamat', nameLatin: 'Aygul Mamat', gender: 'female',
    organization: language === 'zh-CN' ? '舟山市定海区船舶修造有限公司' : 'Dinghai Shipbuilding Co., Ltd.',
    idNumber: '65010219880412112X', phone: '', skillId: WELDING, skillLevel: '', bib: null, birthDate: '1988-04-12', existing: false,
  },
];

test('the template parses cleanly in both languages', () => {
  assert.equal(recordsOf(contestantTemplate('zh-CN')), templateRecords('zh-CN'));
  assert.equal(recordsOf(contestantTemplate('en')), templateRecords('en'));
  // The team column (团队) is blank in the examples: it is filled in team skills only. The Latin
  // name comes last, so older files keep their columns, and is blank where pinyin will do.
  assert.equal(contestantTemplate('zh-CN')[0], ['姓名', '性别', '参赛单位', '身份证号', '手机号', '竞赛项目', '现技能等级', '参赛证号', '团队', '姓名拼音']);
  assert.equal(contestantTemplate('en')[0], ['Name', 'Gender', 'Organization', 'ID number', 'Phone', 'Skill', 'Current skill level', 'Bib', 'Team', 'Name in Latin letters']);
  assert.equal(contestantTemplate('zh-CN')[3], ['阿依古丽·买买提', '女', '舟山市定海区船舶修造有限公司', '65010219880412112X', '', '焊工', '无', '', '', 'Aygul Mamat']);
  assert.equal(contestantTemplate('en')[2], ['Li Na', 'female', 'Dinghai Electromechanical Co., Ltd.', '330902199207080028', '0580-2021234', 'CNC turning', 'intermediate', '002', '', '']);
});

test('the registration list parses back to the same entries, and can be masked for printing', () => {
  const entries = [
    { name: '王芳', gender: 'female' as const, organization: '定海船厂', idNumber: ID.woman1991, phone: '13912345678', skill: '数控车工', skillLevel: 'senior_technician' as const, bib: 'A-7' },
    { name: '王芳', gender: 'female' as const, organization: '定海船厂', idNumber: ID.woman1991, phone: '13912345678', skill: '电工', skillLevel: 'senior_technician' as const, bib: '008' },
  ];
  const sheet = contestantsToSheet(entries, 'zh-CN');
  assert.equal(sheet[1], ['王芳', '女', '定海船厂', ID.woman1991, '13912345678', '数控车工', '高级技师', 'A-7', '', '']);
  assert.equal(recordsOf(sheet, { allowMultipleSkills: true }).map((r) => [r.row, r.idNumber, r.skillId, r.skillLevel, r.bib]), [
    [2, ID.woman1991, CNC, 'senior_technician', 'A-7'],
    [3, ID.woman1991, 3, 'senior_technician', '008'],
  ]);
  assert.equal(contestantsToSheet(entries, 'en')[1]!.slice(1, 7), ['female', '定海船厂', ID.woman1991, '13912345678', '数控车工', 'senior technician']);
  assert.equal(contestantsToSheet(entries, 'zh-CN', { mask: true })[1]!.slice(3, 5), ['330902********0060', '139****5678']);
});

test('the Latin name column: optional, Latin letters only, the same on all of a person\'s rows', () => {
  const person = (fields: Partial<Record<ContestantColumnKey, SheetCell>>) => row({ ...zhangSan, bib: null, ...fields });
  const header = [...zhHeader.slice(0, -1), '拼音'];
  assert.equal(recordsOf([header, person({ name_latin: ' Zhang  San ' })]).map((r) => r.nameLatin), ['Zhang San']);
  assert.equal(recordsOf([zhHeader.slice(0, -1), person({}).slice(0, -1)]).map((r) => r.nameLatin), [''], 'no column: pinyin later');
  assert.equal(where(errorsOf([header, person({ name_latin: '张三' })])), [[2, 'name_latin', 'contestant.error.nameLatin']]);
  assert.equal(where(errorsOf([header, person({ name_latin: '=HYPERLINK("x")' })])), [[2, 'name_latin', 'contestant.error.nameLatin']]);
  assert.equal(where(errorsOf([header, person({ name_latin: 'A'.repeat(61) })])), [[2, 'name_latin', 'validation.tooLong']]);
  // Two skills: the second row may leave it blank (taken from the first), not contradict it.
  const two = (latin: string) => [header, person({ name_latin: 'Zhang San' }), person({ skill: '数控车工', name_latin: latin })];
  assert.equal(recordsOf(two(''), { allowMultipleSkills: true }).map((r) => r.nameLatin), ['Zhang San', 'Zhang San']);
  assert.equal(where(errorsOf(two('Chang San'), { allowMultipleSkills: true })), [[3, 'name_latin', 'contestant.error.conflictingRows']]);
});

test('team skills: each row names its team (团队); a team keeps to one organization and to the largest size, in row order', () => {
  const teamSkills = new Map([[WELDING, { maxSize: 2, teams: [{ name: '船厂一队', organization: '定海船厂', members: 1 }] }]]);
  const person = (n: number, fields: Partial<Record<ContestantColumnKey, SheetCell>>) =>
    row({ ...zhangSan, name: `选手${'甲乙丙丁戊己'[n]}`, id_number: Object.values(ID)[n]!, gender: n % 2 === 0 ? '男' : '女', bib: null, phone: null, ...fields });
  const rows = [
    zhHeader,
    person(0, { team: '船厂一队' }), // row 2: 1 stored + 1 = 2, fits
    person(1, { team: '船厂一队' }), // row 3: a third member: full
    person(2, { organization: '定海电厂', team: ' 电厂一队 ' }), // row 4: new team of 定海电厂
    person(3, { team: '电厂一队' }), // row 5: 定海船厂 cannot join it
    person(4, { team: '' }), // row 6: a team skill's row without a team
    person(5, { skill: '数控车工', team: '一队' }), // row 7: not a team skill
  ];
  const result = parse(rows, { teamSkills });
  assert.equal(result.ok, false);
  assert.equal(where(result.ok ? [] : result.errors), [
    [3, 'team', 'team.error.full'],
    [5, 'team', 'team.error.otherOrganization'],
    [6, 'team', 'team.error.required'],
    [7, 'team', 'team.error.notTeamSkill'],
  ]);
  assert.equal(result.records.map((r) => [r.row, r.team]), [[2, '船厂一队'], [4, '电厂一队']], 'refused rows leave the records; names are cleaned');
  assert.equal((result.ok ? [] : result.errors)[0]!.params, { team: '船厂一队', max: 2 });
  // Without the column, every team-skill row lacks its team; other skills' records carry no team key.
  assert.equal(where(errorsOf([zhHeader.slice(0, 8), row(zhangSan).slice(0, 8)], { teamSkills })), [[2, 'team', 'team.error.required']]);
  assert.equal('team' in recordsOf([zhHeader.slice(0, 8), row(zhangSan).slice(0, 8)])[0]!, false);
  assert.equal(recordsOf([zhHeader, row({ ...zhangSan, team: '船厂二队' })], { teamSkills })[0]!.team, '船厂二队');
});

test('headers may be English, Chinese, keys or common variants, in any order and case; optional columns may be left out', () => {
  const expected = recordsOf([zhHeader, row(zhangSan)]);
  const reversed = (header: string[]) => [header.toReversed(), row(zhangSan).toReversed()];
  assert.equal(recordsOf(reversed(contestantColumns.map((c) => c.en))), expected);
  assert.equal(recordsOf(reversed(contestantColumns.map((c) => ` ${c.en.toUpperCase()} `))), expected);
  assert.equal(recordsOf(reversed(contestantColumns.map((c) => c.key))), expected);
  assert.equal(recordsOf([['姓名', '性别', '单位', '身份证号码', '联系电话', '工种', '技能等级', '参赛证号'], row(zhangSan)]), expected);
  const minimal = recordsOf([['Name', 'Gender', 'Organization', 'ID number', 'Skill'], ['张三', 'M', '定海船厂', ID.man1980, 'welding']]);
  assert.equal(minimal, [{ ...expected[0]!, phone: '', skillLevel: '', bib: null }]);
  assert.is(contestantColumnHeader('id_number', 'zh-CN'), '身份证号');
  assert.is(contestantColumnHeader('skill_level', 'en'), 'Current skill level');
});

test('unknown, unnamed, repeated and missing columns are reported before any row is read', () => {
  const errors = errorsOf([
    ['姓名', '性别', '备注', '', 'Name', '身份证号', '竞赛项目'],
    ['张三', '男', 'x', 'stray', '张三', ID.man1980, '焊工'],
  ]);
  assert.equal(errors, [
    { row: 1, column: '', code: 'sheet.error.unknownColumn', params: { header: '备注', letter: 'C' } },
    { row: 1, column: '', code: 'sheet.error.unnamedColumn', params: { letter: 'D' } },
    { row: 1, column: 'name', code: 'sheet.error.duplicateColumn', params: { header: 'Name' } },
    { row: 1, column: 'organization', code: 'sheet.error.missingColumn' },
  ]);
  assert.equal(parse([['姓名'], ['张三']]).records, []);
});

test('an empty file, or one with only a header, is refused', () => {
  assert.equal(errorsOf([]), [{ row: 1, column: '', code: 'sheet.error.empty' }]);
  assert.equal(errorsOf([[null, ' '], []]), [{ row: 1, column: '', code: 'sheet.error.empty' }]);
  assert.equal(errorsOf([[], zhHeader, [null]]), [{ row: 2, column: '', code: 'contestant.error.noRows' }]);
});

test('a file full of mistakes reports each one at its row and column, and keeps the good rows', () => {
  const existing = context().existingIdNumbers;
  existing.set(ID.woman1975, { name: '周敏', skillIds: [WELDING] });
  existing.set(ID.man1988, { name: '郑强', skillIds: [WELDING] });
  const result = parse([
    zhHeader,
    /* 2 */ row(zhangSan),
    /* 3 */ row({ phone: '13800138000', skill_level: '初级工' }),
    /* 4 */ row({ name: 'Zhang3', gender: '未知', organization: '定海船厂', id_number: '330903800101001', phone: '12345', skill: '钳工', skill_level: '大师', bib: '00 1' }),
    /* 5 */ row({ name: '张'.repeat(31), gender: '女', organization: '厂'.repeat(101), id_number: '330903198102020021', skill: '数控车工' }),
    /* 6 */ row({ name: '李四', gender: '男', organization: '定海船厂', id_number: ID.woman1981, skill: '焊工', bib: '001' }),
    /* 7 */ row({ name: '王五', gender: '男', organization: '定海船厂', id_number: 330902199005050058, skill: '焊工', bib: '050' }),
    /* 8 */ row({ ...zhangSan, bib: null }),
    /* 9 */ row({ ...zhangSan, name: '张叁', skill: '数控车工', bib: null }),
    /* 10 */ row({ name: '周敏', gender: '女', organization: '定海船厂', id_number: ID.woman1975, skill: 'CNC Turning' }),
    /* 11 */ row({ name: '郑小强', gender: '男', organization: '定海船厂', id_number: ID.man1988, skill: '焊工' }),
    /* 12 */ row({ name: '赵六', gender: '男', organization: '定海船厂', id_number: ID.aged11, skill: '焊工' }),
    /* 13 */ [],
    /* 14 */ row({ name: '王  芳', gender: 'f', organization: ' 定海  机电 ', id_number: ` ${ID.woman1991.toLowerCase()} `, phone: '0580-2021234', skill: 'welding', skill_level: '三级' }),
  ], { existingIdNumbers: existing, existingBibs: new Set(['050']) });
  assert.not.ok(result.ok);
  assert.equal(!result.ok && result.errors, [
    { row: 3, column: 'name', code: 'validation.required' },
    { row: 3, column: 'gender', code: 'validation.required' },
    { row: 3, column: 'organization', code: 'validation.required' },
    { row: 3, column: 'id_number', code: 'validation.required' },
    { row: 3, column: 'skill', code: 'validation.required' },
    { row: 4, column: 'name', code: 'contestant.error.name' },
    { row: 4, column: 'gender', code: 'contestant.error.gender', params: { value: '未知' } },
    { row: 4, column: 'id_number', code: 'id.error.length' },
    { row: 4, column: 'phone', code: 'phone.error.format' },
    { row: 4, column: 'skill', code: 'contestant.error.unknownSkill', params: { value: '钳工' } },
    { row: 4, column: 'skill_level', code: 'contestant.error.skillLevel', params: { value: '大师' } },
    { row: 4, column: 'bib', code: 'contestant.error.bibFormat' },
    { row: 5, column: 'name', code: 'validation.tooLong', params: { max: 30 } },
    { row: 5, column: 'organization', code: 'validation.tooLong', params: { max: 100 } },
    { row: 5, column: 'id_number', code: 'id.error.checkDigit' },
    { row: 6, column: 'gender', code: 'contestant.error.genderMismatch' },
    { row: 6, column: 'bib', code: 'contestant.error.duplicateBib', params: { row: 2 } },
    { row: 7, column: 'id_number', code: 'contestant.error.idNumberAsNumber' },
    { row: 7, column: 'bib', code: 'contestant.error.bibTaken', params: { bib: '050' } },
    { row: 8, column: 'id_number', code: 'contestant.error.duplicateEntry', params: { row: 2 } },
    { row: 9, column: 'name', code: 'contestant.error.conflictingRows', params: { row: 2 } },
    { row: 9, column: 'skill', code: 'contestant.error.multipleSkills', params: { row: 2 } },
    { row: 10, column: 'skill', code: 'contestant.error.registeredElsewhere' },
    { row: 11, column: 'name', code: 'contestant.error.conflictingExisting' },
    { row: 11, column: 'id_number', code: 'contestant.error.alreadyRegistered' },
    { row: 12, column: 'id_number', code: 'id.error.birthDate' },
  ]);
  assert.equal(result.records, [
    { ...recordsOf([zhHeader, row(zhangSan)])[0]!, row: 2 },
    {
      row: 14, name: '王芳', nameLatin: '', gender: 'female', organization: '定海 机电', idNumber: ID.woman1991, phone: '0580-2021234',
      skillId: WELDING, skillLevel: 'senior', bib: null, birthDate: '1991-06-06', existing: false,
    },
  ]);
  for (const error of !result.ok ? result.errors : []) {
    assert.ok(error.code in catalogues.en && error.code in catalogues['zh-CN'], `${error.code} is translated`);
  }
});

test('one person in one skill twice is a duplicate, whether in the file or already registered', () => {
  assert.equal(where(errorsOf([zhHeader, row(zhangSan), row({ ...zhangSan, bib: '002' })], { allowMultipleSkills: true })), [
    [3, 'id_number', 'contestant.error.duplicateEntry'],
  ]);
  const existing = new Map([[ID.man1980, { name: '张三', skillIds: [WELDING] }]]);
  assert.equal(where(errorsOf([zhHeader, row(zhangSan)], { existingIdNumbers: existing, allowMultipleSkills: true })), [
    [2, 'id_number', 'contestant.error.alreadyRegistered'],
  ]);
});

test('several skills per person only where the event allows it', () => {
  const rows = [zhHeader, row(zhangSan), row({ ...zhangSan, skill: '数控车工', bib: '002' })];
  assert.equal(errorsOf(rows), [{ row: 3, column: 'skill', code: 'contestant.error.multipleSkills', params: { row: 2 } }]);
  assert.equal(recordsOf(rows, { allowMultipleSkills: true }).map((r) => [r.row, r.skillId, r.existing]), [[2, WELDING, false], [3, CNC, false]]);

  const existing = new Map([[ID.man1980, { name: '张三', skillIds: [CNC] }]]);
  assert.equal(where(errorsOf([zhHeader, row(zhangSan)], { existingIdNumbers: existing })), [[2, 'skill', 'contestant.error.registeredElsewhere']]);
  assert.equal(recordsOf([zhHeader, row(zhangSan)], { existingIdNumbers: existing, allowMultipleSkills: true }).map((r) => [r.row, r.existing]), [[2, true]]);
});

test('the rows of one person must agree; phone and level may be given on one row only', () => {
  const rows = [
    zhHeader,
    row({ ...zhangSan, skill_level: null }),
    row({ ...zhangSan, phone: null, skill: '数控车工', skill_level: '技师', bib: '002' }),
  ];
  assert.equal(recordsOf(rows, { allowMultipleSkills: true }).map((r) => [r.row, r.phone, r.skillLevel]), [
    [2, '13800138000', 'technician'],
    [3, '13800138000', 'technician'],
  ]);
  const conflicting = [
    zhHeader,
    row(zhangSan),
    row({ ...zhangSan, name: '张 三', gender: '女', organization: '舟山船厂', phone: '13900139000', skill: '数控车工', skill_level: '技师', bib: '002' }),
    row({ ...zhangSan, skill: '电工', skill_level: '无', bib: '003' }),
  ];
  assert.equal(errorsOf(conflicting, { allowMultipleSkills: true }), [
    { row: 3, column: 'gender', code: 'contestant.error.genderMismatch' },
    { row: 3, column: 'organization', code: 'contestant.error.conflictingRows', params: { row: 2 } },
    { row: 3, column: 'phone', code: 'contestant.error.conflictingRows', params: { row: 2 } },
    { row: 3, column: 'skill_level', code: 'contestant.error.conflictingRows', params: { row: 2 } },
    { row: 4, column: 'skill_level', code: 'contestant.error.conflictingRows', params: { row: 2 } },
  ]);
});

test('bibs are unique across the file and the event', () => {
  const rows = [zhHeader, row({ ...zhangSan, bib: ' Ａ-1 ' }), row({ ...zhangSan, id_number: ID.man1982, bib: 'A-1' }), row({ ...zhangSan, id_number: ID.man1990, bib: 7 })];
  assert.equal(errorsOf(rows, { existingBibs: new Set(['7']) }), [
    { row: 3, column: 'bib', code: 'contestant.error.duplicateBib', params: { row: 2 } },
    { row: 4, column: 'bib', code: 'contestant.error.bibTaken', params: { bib: '7' } },
  ]);
  assert.equal(errorsOf([zhHeader, row({ ...zhangSan, bib: 'A'.repeat(13) })]), [{ row: 2, column: 'bib', code: 'contestant.error.bibFormat' }]);
});

test('an ID number Excel turned into a number is recognised, in XLSX and in CSV', () => {
  for (const cell of [330903198001010018, '3.30903E+17']) {
    assert.equal(where(errorsOf([zhHeader, row({ ...zhangSan, id_number: cell })])), [[2, 'id_number', 'contestant.error.idNumberAsNumber']]);
  }
  assert.equal(recordsOf([zhHeader, row({ ...zhangSan, phone: 13800138000 })])[0]!.phone, '13800138000');
});

test('genders, skills and levels are read in either language', () => {
  const read = (cells: Partial<Record<ContestantColumnKey, SheetCell>>) => {
    const [record] = recordsOf([zhHeader, row({ ...zhangSan, ...cells })]);
    return [record!.gender, record!.skillId, record!.skillLevel];
  };
  assert.equal(read({ gender: 'Male', skill: 'WELDING', skill_level: 'Senior' }), ['male', WELDING, 'senior']);
  assert.equal(read({ gender: 'm', skill: '数控 车工', skill_level: 'senior technician' }), ['male', CNC, 'senior_technician']);
  assert.equal(read({ gender: '男', skill: 'cnc turning', skill_level: 'senior_technician' }), ['male', CNC, 'senior_technician']);
  assert.equal(read({ skill: '电工', skill_level: '无' }), ['male', 3, '']);
  assert.equal(read({ skill_level: 'none' }), ['male', WELDING, '']);
  assert.equal(read({ skill_level: '中级' }), ['male', WELDING, 'intermediate']);
  assert.equal(read({ skill_level: '一级' }), ['male', WELDING, 'senior_technician']);
  const woman = (gender: string) => recordsOf([zhHeader, row({ ...zhangSan, id_number: ID.woman1983, gender })])[0]!.gender;
  assert.equal(['女', 'F', 'female', 'Female'].map(woman), ['female', 'female', 'female', 'female']);
});

test('names: Chinese spacing and the many dots of minority names are normalised', () => {
  assert.is(normalizePersonName(' 王  芳 '), '王芳');
  assert.is(normalizePersonName('阿依古丽.买买提'), '阿依古丽·买买提');
  assert.is(normalizePersonName('阿依古丽 • 买买提'), '阿依古丽·买买提');
  assert.is(normalizePersonName('阿依古丽・买买提'), '阿依古丽·买买提');
  assert.is(normalizePersonName('阿依古丽･买买提'), '阿依古丽·买买提');
  assert.is(normalizePersonName(' Zhang   San '), 'Zhang San');
  const nameCode = (name: string) => {
    const result = parse([zhHeader, row({ ...zhangSan, name })]);
    return result.ok ? result.records[0]!.name : result.errors.map((e) => e.code).join();
  };
  assert.equal(['李', "O'Brien", 'J. Smith', 'Jean-Luc', '张'.repeat(30)].map(nameCode), ['李', "O'Brien", 'J. Smith', 'Jean-Luc', '张'.repeat(30)]);
  assert.equal(['张3', '·张三', '张三·', '王芳（大）', '张'.repeat(31)].map(nameCode), [
    'contestant.error.name', 'contestant.error.name', 'contestant.error.name', 'contestant.error.name', 'validation.tooLong',
  ]);
});

test('the rows with problems come back under the header with their reasons; blanking them keeps row numbers', () => {
  const rows: SheetCell[][] = [
    [],
    ['姓名', '性别', '单位'],
    ['张伟', '男', '船厂'],
    ['李强', '?', '船厂', 'extra'],
    ['王芳', '女'],
  ];
  const errors = [
    { row: 4, column: 'gender' as const, code: 'contestant.error.gender' as const, params: { value: '?' } },
    { row: 5, column: 'organization' as const, code: 'validation.required' as const },
    { row: 4, column: 'name' as const, code: 'contestant.error.name' as const },
    { row: 2, column: '' as const, code: 'contestant.error.noRows' as const },
  ];
  assert.equal(rejectedRows(rows, errors, '问题', (e) => `${e.column}:${e.code}`), [
    [],
    ['姓名', '性别', '单位', '问题'],
    ['李强', '?', '船厂', 'gender:contestant.error.gender；name:contestant.error.name'],
    ['王芳', '女', null, 'organization:validation.required'],
  ]);
  assert.equal(rejectedRows([], errors, '问题', () => ''), []);
  const kept = withoutRows(rows, new Set([4, 5]));
  assert.equal(kept, [[], ['姓名', '性别', '单位'], ['张伟', '男', '船厂'], [], []]);
  assert.is(kept.length, rows.length, 'row numbers unchanged');
});

test.run();
