/**
 * Rounds whose scores are imported (理论考试机考成绩): the theory exam is taken on a separate exam
 * system, and its scores arrive as a spreadsheet (or JSON rows through the API) of bib or ID
 * number and score. Pure: this module reads the sheet, checks every line against the skill's
 * entries and says whether the round can be locked. No I/O.
 *
 * Rules.
 * - A line names its entry by bib (参赛证号) or ID number (身份证号); with both, they must name the
 *   same entry. A bib typed as a number (1 for "001") matches when exactly one entry's all-digit
 *   bib has that value. A name, when given, must be the entry's (a wrong bib would otherwise put
 *   one contestant's score on another).
 * - The entry must be of this skill and must have come to the competition: a score for an entry
 *   that was absent at check-in (status dns) is a mistake in the file or in the check-in.
 * - The score is a number from 0 to the round's maxScore with at most SCORE_DECIMALS decimals.
 * - Each entry once: a second line for the same entry is a duplicate, whatever its score.
 * - Missing: competing entries with no line. All-or-nothing by default: any mistake, missing
 *   entries included, refuses the whole file; the organizer may accept missing entries
 *   explicitly (the round then cannot be locked until they have a score, see readiness below).
 */
import { isCompeting } from './judging.ts';
import { normalizeIdNumber } from './id-number.ts';
import { normalizePersonName as normalizeName } from './names.ts';
import {
  cellText,
  columnTitle,
  errorSorter,
  findHeaderIndex,
  headerLookup,
  isBlankRow,
  readSheetHeader,
  type SheetCell,
  type SheetHeaderError,
  type SheetLanguage,
  type SheetLimits,
} from './sheet-header.ts';

/** Exam systems give whole points or halves; two decimals leave room and nothing beyond is stored. */
export const SCORE_DECIMALS = 2;

export const scoreColumns = [
  { key: 'bib', zh: '参赛证号', en: 'Bib', aliases: ['准考证号', '考号'] },
  { key: 'id_number', zh: '身份证号', en: 'ID number', aliases: ['身份证号码', '公民身份号码', '证件号码'] },
  { key: 'name', zh: '姓名', en: 'Name', aliases: ['考生姓名'] },
  { key: 'score', zh: '成绩', en: 'Score', aliases: ['分数', '得分', '理论成绩', '机考成绩', '考试成绩'] },
] as const;
export type ScoreColumnKey = (typeof scoreColumns)[number]['key'];

/** About ten times the largest skill, and the four columns with room for an exam system's own. */
export const scoreSheetLimits: SheetLimits = { maxRows: 5_000, maxColumns: 30 };

export type ScoreErrorCode =
  | SheetHeaderError<ScoreColumnKey>['code']
  | 'sheet.error.empty'
  | 'scores.error.noRows'
  | 'scores.error.noKey'
  | 'scores.error.unknownEntry'
  | 'scores.error.otherSkill'
  | 'scores.error.keysDisagree'
  | 'scores.error.nameMismatch'
  | 'scores.error.duplicate'
  | 'scores.error.absent'
  | 'scores.error.scoreMissing'
  | 'scores.error.notNumber'
  | 'scores.error.range'
  | 'scores.error.decimals'
  | 'scores.error.missingEntry';

export interface ScoreError {
  /** 1-based: the spreadsheet row, or the position in the API's list; 0 for the file as a whole (missing entries). */
  row: number;
  column: ScoreColumnKey | '';
  code: ScoreErrorCode;
  params?: Record<string, string | number>;
}

/** One line to import, from a sheet row or an API item; cells as read. */
export interface ScoreLine {
  row: number;
  bib: SheetCell;
  idNumber: SheetCell;
  name: SheetCell;
  score: SheetCell;
}

/** An entry of the event, with what a line may name it by. */
export interface ScoreEntry {
  entryId: number;
  skillId: number;
  bib: string;
  idNumber: string;
  name: string;
  status: string;
}

export interface ScoreContext {
  skillId: number;
  /** Every entry of the event (the other skills' too, to tell "another skill" from "unknown"). */
  entries: ScoreEntry[];
  maxScore: number;
}

export interface CheckedScore {
  row: number;
  entryId: number;
  bib: string;
  name: string;
  score: number;
}

export interface ScoreCheck {
  /** Lines without a mistake, in file order. */
  scores: CheckedScore[];
  /** Every mistake, missing entries last (row 0 sorts first: they are listed after the rows). */
  errors: ScoreError[];
  /** Competing entries of the skill with no line: their bibs, in bib order. */
  missing: { entryId: number; bib: string; name: string }[];
}

/* ------------------------------------------------------------------------------------------ */
/* The sheet                                                                                   */
/* ------------------------------------------------------------------------------------------ */

const columnsByHeader = headerLookup(scoreColumns);
const sortErrors = errorSorter(scoreColumns);

export function scoreColumnHeader(key: ScoreColumnKey, language: SheetLanguage): string {
  return columnTitle(scoreColumns, key, language);
}

/**
 * The template: the header in the organizer's language and one row per competing entry with
 * bib and name filled in and the score left blank (the ID number column may be filled instead
 * of the bib, by an exam system that knows only ID numbers).
 */
export function scoreTemplate(entries: { bib: string; name: string }[], language: SheetLanguage): string[][] {
  return [
    scoreColumns.map((c) => scoreColumnHeader(c.key, language)),
    ...entries.map((e) => [e.bib, '', e.name, '']),
  ];
}

/** The scores as a sheet (the same columns), e.g. to check what was imported. */
export function scoresToSheet(rows: { bib: string; name: string; score: number | null }[], language: SheetLanguage): SheetCell[][] {
  return [scoreColumns.map((c) => scoreColumnHeader(c.key, language)), ...rows.map((r) => [r.bib, '', r.name, r.score])];
}

/**
 * The sheet's lines, or the header's mistakes. Columns are found by their Chinese or English
 * title or an alias, in any order; the score column and at least one of bib and ID number are
 * required. Blank rows are skipped.
 */
export function readScoreSheet(rows: SheetCell[][]): { ok: true; lines: ScoreLine[] } | { ok: false; errors: ScoreError[] } {
  const headerIndex = findHeaderIndex(rows);
  if (headerIndex < 0) return { ok: false, errors: [{ row: 1, column: '', code: 'sheet.error.empty' }] };
  const header = readSheetHeader(rows, headerIndex, columnsByHeader, ['score']);
  const errors: ScoreError[] = [...header.errors];
  if (!header.columns.has('bib') && !header.columns.has('id_number')) {
    errors.push({ row: headerIndex + 1, column: 'bib', code: 'sheet.error.missingColumn' });
  }
  if (errors.length > 0) return { ok: false, errors: sortErrors(errors) };
  const cell = (cells: SheetCell[], key: ScoreColumnKey) => {
    const column = header.columns.get(key);
    return column === undefined ? null : (cells[column] ?? null);
  };
  const lines: ScoreLine[] = [];
  rows.forEach((cells, index) => {
    if (index <= headerIndex || isBlankRow(cells)) return;
    lines.push({ row: index + 1, bib: cell(cells, 'bib'), idNumber: cell(cells, 'id_number'), name: cell(cells, 'name'), score: cell(cells, 'score') });
  });
  if (lines.length === 0) return { ok: false, errors: [{ row: headerIndex + 1, column: '', code: 'scores.error.noRows' }] };
  return { ok: true, lines };
}

/* ------------------------------------------------------------------------------------------ */
/* Checking the lines                                                                          */
/* ------------------------------------------------------------------------------------------ */

const FULL_WIDTH_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const hasAtMostDecimals = (value: number, decimals: number) =>
  Math.abs(value * 10 ** decimals - Math.round(value * 10 ** decimals)) < 1e-6;

/**
 * A score cell as a number: a number cell as it is, a text cell when it is a plain decimal
 * (full-width digits from a Chinese IME are read too); else 'notNumber', or 'missing' when blank.
 */
export function readScore(cell: SheetCell): number | 'missing' | 'notNumber' {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : 'notNumber';
  const text = cellText(cell).normalize('NFKC').replace(/\s+/g, '');
  if (text === '') return 'missing';
  return FULL_WIDTH_NUMBER.test(text) ? Number(text) : 'notNumber';
}

/** The score a line gives, or its mistake. Excel's float noise (87.49999999999) is cleaned to SCORE_DECIMALS. */
export function checkScore(cell: SheetCell, maxScore: number): { ok: true; score: number } | { ok: false; code: ScoreErrorCode; params?: Record<string, number> } {
  const value = readScore(cell);
  if (value === 'missing') return { ok: false, code: 'scores.error.scoreMissing' };
  if (value === 'notNumber') return { ok: false, code: 'scores.error.notNumber' };
  if (value < 0 || value > maxScore) return { ok: false, code: 'scores.error.range', params: { max: maxScore } };
  if (!hasAtMostDecimals(value, SCORE_DECIMALS)) return { ok: false, code: 'scores.error.decimals', params: { decimals: SCORE_DECIMALS } };
  const score = Math.round(value * 10 ** SCORE_DECIMALS) / 10 ** SCORE_DECIMALS;
  return { ok: true, score: Object.is(score, -0) ? 0 : score };
}

const normalizeBib = (cell: SheetCell) => cellText(cell).normalize('NFKC').trim();
const isDigits = (text: string) => /^\d+$/.test(text);

/** Every mistake of the lines against the event's entries, and the scores of the clean lines. */
export function checkScoreLines(lines: ScoreLine[], context: ScoreContext): ScoreCheck {
  const byBib = new Map<string, ScoreEntry>();
  const byDigits = new Map<number, ScoreEntry[]>();
  const byId = new Map<string, ScoreEntry[]>();
  for (const entry of context.entries) {
    byBib.set(entry.bib, entry);
    if (isDigits(entry.bib)) byDigits.set(Number(entry.bib), [...(byDigits.get(Number(entry.bib)) ?? []), entry]);
    const id = normalizeIdNumber(entry.idNumber);
    byId.set(id, [...(byId.get(id) ?? []), entry]);
  }
  /** The entry a bib names, in any skill; a number-like bib falls back to a unique numeric match. */
  const entryOfBib = (bib: string): ScoreEntry | undefined => {
    const exact = byBib.get(bib);
    if (exact || !isDigits(bib)) return exact;
    const numeric = byDigits.get(Number(bib)) ?? [];
    return numeric.length === 1 ? numeric[0] : undefined;
  };
  /** The ID number's entry in this skill, else any of theirs (to say "another skill"). */
  const entryOfId = (id: string): ScoreEntry | undefined => {
    const list = byId.get(id) ?? [];
    return list.find((e) => e.skillId === context.skillId) ?? list[0];
  };

  const errors: ScoreError[] = [];
  const scores: CheckedScore[] = [];
  const seen = new Map<number, number>();
  for (const line of lines) {
    const rowErrors: ScoreError[] = [];
    const error = (column: ScoreColumnKey | '', code: ScoreErrorCode, params?: ScoreError['params']) => {
      rowErrors.push(params ? { row: line.row, column, code, params } : { row: line.row, column, code });
    };
    const bib = normalizeBib(line.bib);
    const id = cellText(line.idNumber) === '' ? '' : normalizeIdNumber(cellText(line.idNumber));
    let entry: ScoreEntry | undefined;
    let keyColumn: ScoreColumnKey = 'bib';
    if (bib === '' && id === '') {
      error('bib', 'scores.error.noKey');
    } else {
      const fromBib = bib === '' ? undefined : entryOfBib(bib);
      const fromId = id === '' ? undefined : entryOfId(id);
      if (bib !== '' && !fromBib) error('bib', 'scores.error.unknownEntry', { value: bib });
      if (id !== '' && !fromId) error('id_number', 'scores.error.unknownEntry', { value: id });
      if (fromBib && fromId && fromBib.entryId !== fromId.entryId) {
        // One person in two skills: the ID names the person, the bib the entry.
        if (fromBib.idNumber === fromId.idNumber) entry = fromBib;
        else error('id_number', 'scores.error.keysDisagree');
      } else if (rowErrors.length === 0) {
        entry = fromBib ?? fromId;
        keyColumn = fromBib ? 'bib' : 'id_number';
      }
    }
    if (entry && entry.skillId !== context.skillId) {
      error(keyColumn, 'scores.error.otherSkill', { bib: entry.bib });
      entry = undefined;
    }
    if (entry) {
      const name = normalizeName(cellText(line.name));
      if (name !== '' && name !== normalizeName(entry.name)) error('name', 'scores.error.nameMismatch', { bib: entry.bib });
      const first = seen.get(entry.entryId);
      if (first !== undefined) error(keyColumn, 'scores.error.duplicate', { row: first, bib: entry.bib });
      else seen.set(entry.entryId, line.row);
      if (entry.status === 'dns') error(keyColumn, 'scores.error.absent', { bib: entry.bib });
    }
    const score = checkScore(line.score, context.maxScore);
    if (!score.ok) error('score', score.code, score.params);
    errors.push(...rowErrors);
    if (rowErrors.length === 0 && entry && score.ok) {
      scores.push({ row: line.row, entryId: entry.entryId, bib: entry.bib, name: entry.name, score: score.score });
    }
  }

  const missing = context.entries
    .filter((e) => e.skillId === context.skillId && isCompeting(e.status) && !seen.has(e.entryId))
    .sort((a, b) => a.bib.localeCompare(b.bib))
    .map((e) => ({ entryId: e.entryId, bib: e.bib, name: e.name }));
  const missingErrors: ScoreError[] = missing.map((e) => ({ row: 0, column: 'bib', code: 'scores.error.missingEntry', params: { bib: e.bib, name: e.name } }));
  return { scores, errors: [...sortErrors(errors), ...missingErrors], missing };
}

/**
 * Whether the check lets the import through: no mistake in any line, and no missing entry
 * unless the organizer accepted missing entries.
 */
export function importable(check: ScoreCheck, options: { allowMissing: boolean }): boolean {
  const lineErrors = check.errors.filter((e) => e.code !== 'scores.error.missingEntry');
  return lineErrors.length === 0 && check.scores.length > 0 && (options.allowMissing || check.missing.length === 0);
}

/* ------------------------------------------------------------------------------------------ */
/* Readiness                                                                                   */
/* ------------------------------------------------------------------------------------------ */

export interface ImportedReadiness {
  ready: boolean;
  /** Competing entries without a current score, in the order given. */
  missing: number[];
}

/**
 * Whether an imported round can be locked: every competing entry (registered or competed; not
 * dns, withdrawn or disqualified) has a current score. A round with no competing entries is
 * ready. `exempt` names entries that need no score in this round (an absence from the round
 * recorded by the chief judge, 缺考).
 */
export function importedRoundReadiness(input: {
  entries: { id: number; status: string }[];
  scores: { entryId: number }[];
  exempt?: number[];
}): ImportedReadiness {
  const scored = new Set(input.scores.map((s) => s.entryId));
  const exempt = new Set(input.exempt ?? []);
  const missing = input.entries.filter((e) => isCompeting(e.status) && !exempt.has(e.id) && !scored.has(e.id)).map((e) => e.id);
  return { ready: missing.length === 0, missing };
}
