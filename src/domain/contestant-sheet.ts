import { BIB_PATTERN } from './bib.ts';
import { maskIdNumber, maskPhone, validateIdNumber, type Gender, type IdNumberErrorCode } from './id-number.ts';
import { validatePhone } from './phone.ts';
import { cellText, columnTitle, errorSorter, findHeaderIndex, headerLookup, isBlankRow, readSheetHeader, type SheetCell, type SheetLanguage, type SheetLimits } from './sheet-header.ts';
import { cleanText, isLatinName, isPersonName, isTitle, normalizePersonName as normalizeName } from './names.ts';
import { checkTeamClaims, readTeamName, TEAM_NAME_MAX, type KnownTeam, type TeamNameCode, type TeamProblemCode } from './teams.ts';

/**
 * Contestants as a spreadsheet, the organizer's bulk registration: one row per entry (a person
 * in one skill), so a person in two skills has two rows that agree on the person's details.
 * Pure: src/events/scheme-files.ts reads and writes the files. Parsing reports every problem
 * with its row and column and also returns the good rows, for a preview.
 */

export const contestantColumns = [
  { key: 'name', zh: '姓名', en: 'Name', aliases: [] },
  { key: 'gender', zh: '性别', en: 'Gender', aliases: [] },
  { key: 'organization', zh: '参赛单位', en: 'Organization', aliases: ['单位', '工作单位'] },
  { key: 'id_number', zh: '身份证号', en: 'ID number', aliases: ['身份证号码', '公民身份号码'] },
  { key: 'phone', zh: '手机号', en: 'Phone', aliases: ['手机号码', '联系电话'] },
  { key: 'skill', zh: '竞赛项目', en: 'Skill', aliases: ['参赛工种', '工种'] },
  { key: 'skill_level', zh: '现技能等级', en: 'Current skill level', aliases: ['技能等级'] },
  { key: 'bib', zh: '参赛证号', en: 'Bib', aliases: [] },
  { key: 'team', zh: '团队', en: 'Team', aliases: ['队名', '团队名称', '参赛队'] },
  // Optional, last so that older files and templates keep their columns where they were.
  { key: 'name_latin', zh: '姓名拼音', en: 'Name in Latin letters', aliases: ['拼音', '英文名', '英文姓名', 'Pinyin', 'Latin name', 'English name'] },
] as const;

export type ContestantColumnKey = (typeof contestantColumns)[number]['key'];

/**
 * One file registers up to ~3,000 contestants, some in two or three skills: 10,000 rows leave room,
 * and the 8 columns of the template room for a few of the organizer's own (refused by name, not size).
 */
export const contestantSheetLimits: SheetLimits = { maxRows: 10_000, maxColumns: 50 };

/**
 * Phone, skill level, bib and team may be left out: phone and level are optional, bibs can be
 * assigned later, and only team skills' rows need a team (src/domain/teams.ts).
 */
const requiredColumns: readonly ContestantColumnKey[] = ['name', 'gender', 'organization', 'id_number', 'skill'];

/** The ladder of src/domain/title-rules.ts: 学徒工 … 首席技师 (the 2022 eight grades), '' for none. */
export const skillLevels = ['', 'apprentice', 'junior', 'intermediate', 'senior', 'technician', 'senior_technician', 'special_technician', 'chief_technician'] as const;
/** The national vocational qualification a worker holds now; '' for none. */
export type SkillLevel = (typeof skillLevels)[number];

const skillLevelLabels: Record<SheetLanguage, Record<SkillLevel, string>> = {
  'zh-CN': {
    '': '无', apprentice: '学徒工', junior: '初级工', intermediate: '中级工', senior: '高级工', technician: '技师', senior_technician: '高级技师',
    special_technician: '特级技师', chief_technician: '首席技师',
  },
  en: {
    '': 'none', apprentice: 'apprentice', junior: 'junior', intermediate: 'intermediate', senior: 'senior', technician: 'technician',
    senior_technician: 'senior technician', special_technician: 'special-grade technician', chief_technician: 'chief technician',
  },
};
const genderLabels: Record<SheetLanguage, Record<Gender, string>> = {
  'zh-CN': { male: '男', female: '女' },
  en: { male: 'male', female: 'female' },
};

/** "Senior technician", "senior_technician" and "高级 技师" all read the same. */
const normalizeLabel = (text: string) => text.normalize('NFKC').replace(/[\s_-]+/g, '').toLowerCase();

const skillLevelsByLabel = new Map<string, SkillLevel>([
  ...Object.values(skillLevelLabels).flatMap((labels) =>
    Object.entries(labels).map(([level, label]) => [normalizeLabel(label), level as SkillLevel] as const),
  ),
  ...skillLevels.filter((level) => level !== '').map((level) => [normalizeLabel(level), level] as const),
  // The qualification grades 五级 … 一级 name the same levels.
  ...([['学徒', 'apprentice'], ['初级', 'junior'], ['五级', 'junior'], ['中级', 'intermediate'], ['四级', 'intermediate'],
    ['高级', 'senior'], ['三级', 'senior'], ['二级', 'technician'], ['一级', 'senior_technician']] as const),
]);
const gendersByLabel = new Map<string, Gender>([
  ['男', 'male'], ['女', 'female'], ['male', 'male'], ['female', 'female'], ['m', 'male'], ['f', 'female'],
]);

const MAX_NAME = 30;
const MAX_LATIN_NAME = 60;
const MAX_ORGANIZATION = 100;

export type ContestantSheetErrorCode =
  | 'sheet.error.empty'
  | 'sheet.error.unknownColumn'
  | 'sheet.error.unnamedColumn'
  | 'sheet.error.duplicateColumn'
  | 'sheet.error.missingColumn'
  | 'validation.required'
  | 'validation.tooLong'
  | IdNumberErrorCode
  | 'phone.error.format'
  | 'contestant.error.noRows'
  | 'contestant.error.name'
  | 'contestant.error.nameLatin'
  | 'validation.nameStart'
  | 'contestant.error.gender'
  | 'contestant.error.genderMismatch'
  | 'contestant.error.idNumberAsNumber'
  | 'contestant.error.unknownSkill'
  | 'contestant.error.skillLevel'
  | 'contestant.error.bibFormat'
  | 'contestant.error.duplicateBib'
  | 'contestant.error.bibTaken'
  | 'contestant.error.duplicateEntry'
  | 'contestant.error.alreadyRegistered'
  | 'contestant.error.multipleSkills'
  | 'contestant.error.registeredElsewhere'
  | 'contestant.error.conflictingRows'
  | 'contestant.error.conflictingExisting'
  | TeamNameCode
  | TeamProblemCode
  | 'team.error.notTeamSkill';

export interface ContestantSheetError {
  /** 1-based spreadsheet row; the header is row 1 (file-wide problems are reported there too). */
  row: number;
  column: ContestantColumnKey | '';
  /** A catalogue key. */
  code: ContestantSheetErrorCode;
  params?: Record<string, string | number>;
}

export interface ContestantRecord {
  row: number;
  name: string;
  /** '' when not given: pinyin of the name is used (src/domain/latin-name.ts). */
  nameLatin: string;
  gender: Gender;
  organization: string;
  idNumber: string;
  /** '' when not given. */
  phone: string;
  skillId: number;
  skillLevel: SkillLevel;
  bib: string | null;
  birthDate: string;
  /** The person is already registered in this event (in another skill): add an entry, not a contestant. */
  existing: boolean;
  /** The entry's team, in a team skill only (the key is absent in other skills). */
  team?: string;
}

export interface ContestantSheetContext {
  skills: { id: number; name: string; nameEn: string }[];
  /** The event's contestants by normalised ID number. */
  existingIdNumbers: Map<string, { name: string; skillIds: number[] }>;
  allowMultipleSkills: boolean;
  existingBibs: Set<string>;
  today: Date;
  /**
   * The team skills by id: the largest team and the stored teams (organization by name, members
   * that stay). Absent or missing skill: not a team skill.
   */
  teamSkills?: Map<number, { maxSize: number; teams: KnownTeam[] }>;
}

export type ContestantSheetResult =
  | { ok: true; records: ContestantRecord[] }
  | { ok: false; errors: ContestantSheetError[]; records: ContestantRecord[] };

export function contestantColumnHeader(key: ContestantColumnKey, language: SheetLanguage): string {
  return columnTitle(contestantColumns, key, language);
}

// ---------------------------------------------------------------------------------------------
// Export

/** What the registration list needs of one entry. */
export interface ContestantSheetRow {
  name: string;
  /** As typed; '' (or absent) when the pinyin of the name is used. */
  nameLatin?: string;
  gender: Gender;
  organization: string;
  idNumber: string;
  phone: string;
  /** The skill's name in the sheet's language. */
  skill: string;
  skillLevel: SkillLevel;
  bib: string | null;
  /** The entry's team in a team skill. */
  team?: string | null;
}

/** The registration list; `mask` hides ID and phone numbers for lists that are printed or posted. */
export function contestantsToSheet(rows: ContestantSheetRow[], language: SheetLanguage, options: { mask?: boolean } = {}): string[][] {
  const header = contestantColumns.map((column) => contestantColumnHeader(column.key, language));
  return [
    header,
    ...rows.map((row) => {
      const cells: Record<ContestantColumnKey, string> = {
        name: row.name,
        gender: genderLabels[language][row.gender],
        organization: row.organization,
        id_number: options.mask ? maskIdNumber(row.idNumber) : row.idNumber,
        phone: options.mask && row.phone !== '' ? maskPhone(row.phone) : row.phone,
        skill: row.skill,
        skill_level: skillLevelLabels[language][row.skillLevel],
        bib: row.bib ?? '',
        team: row.team ?? '',
        name_latin: row.nameLatin ?? '',
      };
      return contestantColumns.map((column) => cells[column.key]);
    }),
  ];
}

/** Headers and three example entries for skills named 焊工/Welding and 数控车工/CNC turning. */
export function contestantTemplate(language: SheetLanguage): string[][] {
  const zh = language === 'zh-CN';
  const [welding, cncTurning] = zh ? ['焊工', '数控车工'] : ['Welding', 'CNC turning'];
  return contestantsToSheet([
    {
      name: zh ? '张伟' : 'Zhang Wei', gender: 'male', organization: zh ? '舟山市定海区船舶修造有限公司' : 'Dinghai Shipbuilding Co., Ltd.',
      idNumber: '330902198503150014', phone: '13800138000', skill: welding, skillLevel: 'senior', bib: '001',
    },
    {
      name: zh ? '李娜' : 'Li Na', gender: 'female', organization: zh ? '舟山市定海区机电设备有限公司' : 'Dinghai Electromechanical Co., Ltd.',
      idNumber: '330902199207080028', phone: '0580-2021234', skill: cncTurning, skillLevel: 'intermediate', bib: '002',
    },
    {
      name: zh ? '阿依古丽·买买提' : 'Aygul Mamat', gender: 'female', organization: zh ? '舟山市定海区船舶修造有限公司' : 'Dinghai Shipbuilding Co., Ltd.',
      idNumber: '65010219880412112X', phone: '', skill: welding, skillLevel: '', bib: null, nameLatin: 'Aygul Mamat',
    },
  ], language);
}

// ---------------------------------------------------------------------------------------------
// Import

/** The same header rules as the marking-scheme sheet. */
const columnsByHeader = headerLookup(contestantColumns);

/**
 * Names follow src/domain/names.ts, as in the forms: "王  芳" (padded to line up with
 * three-character names) is 王芳, the minority-name dot is unified, invisible characters go.
 */

/** Bibs are kept as typed (the registration form does the same); NFKC undoes a full-width IME. */
const normalizeBib = (text: string) => text.normalize('NFKC').trim();

/** Excel keeps 15 significant digits, so an ID typed into a number cell has lost its last ones. */
const isMangledNumber = (cell: SheetCell | undefined) =>
  (typeof cell === 'number' && !Number.isSafeInteger(cell)) || /^\d(\.\d+)?e\+\d+$/i.test(cellText(cell));

/** One row read on its own; a field is undefined when its cell has an error. */
interface RowValues {
  name?: string;
  /** '' when blank. */
  nameLatin?: string;
  gender?: Gender;
  organization?: string;
  id?: { idNumber: string; birthDate: string; gender: Gender };
  phone?: string;
  skillId?: number;
  /** undefined when blank, so a person's other row may give it. */
  skillLevel?: SkillLevel;
  bib?: string | null;
  /** '' when blank. */
  team?: string;
}

/** The first row of each person in the file, to check the person's other rows against. */
interface Person {
  row: number;
  name?: string;
  nameLatin?: string;
  gender?: Gender;
  organization?: string;
  phone?: string;
  skillLevel?: SkillLevel;
  /** Skill id → its row. */
  skills: Map<number, number>;
}

export function parseContestantSheet(rows: SheetCell[][], context: ContestantSheetContext): ContestantSheetResult {
  const headerIndex = findHeaderIndex(rows);
  if (headerIndex < 0) return { ok: false, errors: [{ row: 1, column: '', code: 'sheet.error.empty' }], records: [] };
  const header = readSheetHeader(rows, headerIndex, columnsByHeader, requiredColumns);
  if (header.errors.length > 0) return { ok: false, errors: sortErrors(header.errors), records: [] };

  const skillsByLabel = new Map<string, number>();
  for (const skill of context.skills) {
    for (const label of [skill.name, skill.nameEn]) {
      if (label.trim() !== '' && !skillsByLabel.has(normalizeLabel(label))) skillsByLabel.set(normalizeLabel(label), skill.id);
    }
  }
  const existingBibs = new Set([...context.existingBibs].map(normalizeBib));
  const people = new Map<string, Person>();
  const bibRows = new Map<string, number>();
  const errors: ContestantSheetError[] = [];
  const records: ContestantRecord[] = [];

  rows.forEach((cells, index) => {
    if (index <= headerIndex || isBlankRow(cells)) return;
    const row = index + 1;
    const rowErrors: ContestantSheetError[] = [];
    const error = (column: ContestantColumnKey, code: ContestantSheetErrorCode, params?: ContestantSheetError['params']) => {
      rowErrors.push(params ? { row, column, code, params } : { row, column, code });
    };
    const cell = (key: ContestantColumnKey) => {
      const column = header.columns.get(key);
      return column === undefined ? null : (cells[column] ?? null);
    };
    const values = readRow(cell, error, skillsByLabel, context.today);
    const { id } = values;

    if (id) {
      if (values.gender && values.gender !== id.gender) {
        error('gender', 'contestant.error.genderMismatch');
        values.gender = undefined; // not compared with the person's other rows as well
      }
      const existing = context.existingIdNumbers.get(id.idNumber);
      if (existing) {
        if (values.name && normalizeName(existing.name) !== values.name) error('name', 'contestant.error.conflictingExisting');
        if (values.skillId !== undefined && existing.skillIds.includes(values.skillId)) error('id_number', 'contestant.error.alreadyRegistered');
        else if (values.skillId !== undefined && !context.allowMultipleSkills) error('skill', 'contestant.error.registeredElsewhere');
      }
      const person = people.get(id.idNumber);
      if (!person) {
        people.set(id.idNumber, { row, ...personOf(values), skills: new Map() });
      } else {
        const mine = personOf(values);
        for (const key of ['name', 'nameLatin', 'gender', 'organization', 'phone', 'skillLevel'] as const) {
          const column = key === 'skillLevel' ? 'skill_level' : key === 'nameLatin' ? 'name_latin' : key;
          if (mine[key] === undefined) continue;
          // A cell left blank or unreadable on the first row is taken from the next that gives it.
          if (person[key] === undefined) Object.assign(person, { [key]: mine[key] });
          else if (person[key] !== mine[key]) error(column, 'contestant.error.conflictingRows', { row: person.row });
        }
      }
      if (values.skillId !== undefined) {
        const skills = people.get(id.idNumber)!.skills;
        const sameSkillRow = skills.get(values.skillId);
        const otherSkillRow = skills.values().next().value;
        if (sameSkillRow !== undefined) error('id_number', 'contestant.error.duplicateEntry', { row: sameSkillRow });
        else if (otherSkillRow !== undefined && !context.allowMultipleSkills) error('skill', 'contestant.error.multipleSkills', { row: otherSkillRow });
        if (sameSkillRow === undefined) skills.set(values.skillId, row);
      }
    }

    if (values.bib) {
      const firstRow = bibRows.get(values.bib);
      if (existingBibs.has(values.bib)) error('bib', 'contestant.error.bibTaken', { bib: values.bib });
      else if (firstRow !== undefined) error('bib', 'contestant.error.duplicateBib', { row: firstRow });
      else bibRows.set(values.bib, row);
    }

    const teamSkill = values.skillId === undefined ? undefined : context.teamSkills?.get(values.skillId);
    if (values.team !== undefined && values.skillId !== undefined) {
      if (teamSkill && values.team === '') error('team', 'team.error.required');
      else if (!teamSkill && values.team !== '') error('team', 'team.error.notTeamSkill', { skill: cellText(cell('skill')) });
    }

    errors.push(...rowErrors);
    if (rowErrors.length === 0) {
      records.push({
        row,
        name: values.name!,
        nameLatin: values.nameLatin ?? '',
        gender: values.gender!,
        organization: values.organization!,
        idNumber: id!.idNumber,
        phone: values.phone ?? '',
        skillId: values.skillId!,
        skillLevel: values.skillLevel ?? '',
        bib: values.bib ?? null,
        birthDate: id!.birthDate,
        existing: context.existingIdNumbers.has(id!.idNumber),
        ...(teamSkill ? { team: values.team! } : {}),
      });
    }
  });
  checkTeams(records, errors, context);

  if (records.length === 0 && errors.length === 0) {
    return { ok: false, errors: [{ row: headerIndex + 1, column: '', code: 'contestant.error.noRows' }], records };
  }
  // A person's rows all carry the Latin name, phone and level given on any of them.
  for (const record of records) {
    const person = people.get(record.idNumber)!;
    record.nameLatin = person.nameLatin ?? '';
    record.phone = person.phone ?? '';
    record.skillLevel = person.skillLevel ?? '';
  }
  return errors.length > 0 ? { ok: false, errors: sortErrors(errors), records } : { ok: true, records };
}

function personOf(values: RowValues): Omit<Person, 'row' | 'skills'> {
  const phone = values.phone === '' ? undefined : values.phone;
  const nameLatin = values.nameLatin === '' ? undefined : values.nameLatin;
  return { name: values.name, nameLatin, gender: values.gender, organization: values.organization, phone, skillLevel: values.skillLevel };
}

function readRow(
  cell: (key: ContestantColumnKey) => SheetCell,
  error: (column: ContestantColumnKey, code: ContestantSheetErrorCode, params?: ContestantSheetError['params']) => void,
  skillsByLabel: Map<string, number>,
  today: Date,
): RowValues {
  const values: RowValues = {};
  const required = (key: ContestantColumnKey) => {
    const text = cellText(cell(key));
    if (text === '') error(key, 'validation.required');
    return text;
  };

  const name = normalizeName(required('name'));
  if ([...name].length > MAX_NAME) error('name', 'validation.tooLong', { max: MAX_NAME });
  else if (name !== '' && !isPersonName(name)) error('name', 'contestant.error.name');
  else if (name !== '') values.name = name;

  const nameLatin = normalizeName(cellText(cell('name_latin')));
  if ([...nameLatin].length > MAX_LATIN_NAME) error('name_latin', 'validation.tooLong', { max: MAX_LATIN_NAME });
  else if (nameLatin !== '' && !isLatinName(nameLatin)) error('name_latin', 'contestant.error.nameLatin');
  else values.nameLatin = nameLatin;

  const gender = required('gender');
  if (gender !== '') {
    values.gender = gendersByLabel.get(normalizeLabel(gender));
    if (!values.gender) error('gender', 'contestant.error.gender', { value: gender });
  }

  const organization = cleanText(required('organization'));
  if ([...organization].length > MAX_ORGANIZATION) error('organization', 'validation.tooLong', { max: MAX_ORGANIZATION });
  else if (organization !== '' && !isTitle(organization)) error('organization', 'validation.nameStart');
  else if (organization !== '') values.organization = organization;

  const idCell = cell('id_number');
  if (isMangledNumber(idCell)) error('id_number', 'contestant.error.idNumberAsNumber');
  else if (required('id_number') !== '') {
    const result = validateIdNumber(cellText(idCell), today);
    if (result.ok) values.id = { idNumber: result.idNumber, birthDate: result.birthDate, gender: result.gender };
    else error('id_number', result.code);
  }

  const phone = cellText(cell('phone'));
  if (phone === '') values.phone = '';
  else {
    const result = validatePhone(phone);
    if (result.ok) values.phone = result.phone;
    else error('phone', result.code);
  }

  const skill = required('skill');
  if (skill !== '') {
    values.skillId = skillsByLabel.get(normalizeLabel(skill));
    if (values.skillId === undefined) error('skill', 'contestant.error.unknownSkill', { value: skill });
  }

  const level = cellText(cell('skill_level'));
  if (level !== '') {
    values.skillLevel = skillLevelsByLabel.get(normalizeLabel(level));
    if (values.skillLevel === undefined) error('skill_level', 'contestant.error.skillLevel', { value: level });
  }

  const team = cellText(cell('team'));
  if (team === '') values.team = '';
  else {
    const read = readTeamName(team);
    if (read.ok) values.team = read.name;
    else error('team', read.code, read.code === 'validation.tooLong' ? { max: TEAM_NAME_MAX } : undefined);
  }

  const bib = normalizeBib(cellText(cell('bib')));
  if (bib === '') values.bib = null;
  else if (BIB_PATTERN.test(bib)) values.bib = bib;
  else error('bib', 'contestant.error.bibFormat');

  return values;
}

/**
 * The file's team rows against the stored teams and each other (checkTeamClaims()): a team keeps
 * to one organization and to the largest size, in row order. A refused row leaves the records.
 */
function checkTeams(records: ContestantRecord[], errors: ContestantSheetError[], context: ContestantSheetContext) {
  const refused = new Set<number>();
  for (const [skillId, skill] of context.teamSkills ?? []) {
    const claims = records
      .filter((r) => r.skillId === skillId && r.team !== undefined)
      .map((r) => ({ ref: r.row, organization: r.organization, team: r.team! }));
    for (const problem of checkTeamClaims(claims, skill.teams, skill.maxSize)) {
      errors.push({ row: problem.ref, column: 'team', code: problem.code, params: problem.params });
      refused.add(problem.ref);
    }
  }
  if (refused.size > 0) records.splice(0, records.length, ...records.filter((r) => !refused.has(r.row)));
}

const sortErrors = errorSorter(contestantColumns);

/**
 * The file with the given rows (1-based) left blank: what "import the valid rows only" checks
 * and imports. Blank rather than removed, so every other row keeps its number.
 */
export function withoutRows(rows: SheetCell[][], rowNumbers: ReadonlySet<number>): SheetCell[][] {
  return rows.map((cells, index) => (rowNumbers.has(index + 1) ? [] : cells));
}

/**
 * The rows with problems, to fix and import again: the file's lines up to its header, with a
 * last column for the problems, then each such row as it was with its problems in that column
 * (`describe` puts one in words). File-wide problems (on the header row) have no row to return.
 */
export function rejectedRows(rows: SheetCell[][], errors: ContestantSheetError[], reasonHeader: string, describe: (error: ContestantSheetError) => string): SheetCell[][] {
  const headerIndex = findHeaderIndex(rows);
  if (headerIndex < 0) return [];
  const width = Math.max(...rows.slice(0, headerIndex + 1).map((r) => r.length), 0);
  const byRow = new Map<number, string[]>();
  for (const error of errors) {
    if (error.row <= headerIndex + 1) continue;
    byRow.set(error.row, [...(byRow.get(error.row) ?? []), describe(error)]);
  }
  // Every row as wide as the header, so the problems line up in one column.
  const pad = (cells: SheetCell[]) => Array.from({ length: width }, (_, i) => cells[i] ?? null);
  return [
    ...rows.slice(0, headerIndex),
    [...pad(rows[headerIndex]!), reasonHeader],
    ...[...byRow.keys()].sort((a, b) => a - b).map((row) => [...pad(rows[row - 1] ?? []), byRow.get(row)!.join('；')]),
  ];
}
