/**
 * What the spreadsheets organizers import have in common (the marking scheme in scheme-sheet.ts,
 * the contestant list in contestant-sheet.ts): cells, blank rows, and a header row whose columns
 * are found by their Chinese or English title, their key or an alias, in any order. Pure.
 */

export type SheetCell = string | number | null;
export type SheetLanguage = 'zh-CN' | 'en';

/** The most an import reads from one file: rows below the header row, and columns. */
export interface SheetLimits {
  maxRows: number;
  maxColumns: number;
}

/** A page lists this many of a file's problems (a 100,000-row file once rendered 300,000 of them in 15 MB). */
export const LISTED_PROBLEMS = 100;

/** The problems to list, and how many more there are. */
export function firstProblems<T>(problems: readonly T[], limit = LISTED_PROBLEMS): { listed: T[]; more: number } {
  return { listed: problems.slice(0, limit), more: Math.max(0, problems.length - limit) };
}

/** One column a sheet knows: its key, its titles in both languages and other titles people use. */
export interface SheetColumn<K extends string> {
  key: K;
  zh: string;
  en: string;
  aliases?: readonly string[];
}

export type SheetHeaderErrorCode =
  | 'sheet.error.unknownColumn'
  | 'sheet.error.unnamedColumn'
  | 'sheet.error.duplicateColumn'
  | 'sheet.error.missingColumn';

export interface SheetHeaderError<K extends string> {
  /** 1-based spreadsheet row: the header's. */
  row: number;
  column: K | '';
  code: SheetHeaderErrorCode;
  params?: Record<string, string | number>;
}

export const cellText = (cell: SheetCell | undefined) => (cell === null || cell === undefined ? '' : String(cell).trim());
export const isBlankRow = (cells: SheetCell[]) => cells.every((cell) => cellText(cell) === '');
/** The first row with anything in it, or -1 for an empty sheet. */
export const findHeaderIndex = (rows: SheetCell[][]) => rows.findIndex((cells) => !isBlankRow(cells));
const normalizeHeader = (text: string) => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** The column's title in the sheet's language. */
export function columnTitle<K extends string>(columns: readonly SheetColumn<K>[], key: K, language: SheetLanguage): string {
  const column = columns.find((c) => c.key === key)!;
  return language === 'zh-CN' ? column.zh : column.en;
}

/** Every title a header cell may have (key, Chinese, English, aliases), normalised, to its column key. */
export function headerLookup<K extends string>(columns: readonly SheetColumn<K>[]): Map<string, K> {
  return new Map(
    columns.flatMap((column) =>
      [column.key, column.zh, column.en, ...(column.aliases ?? [])].map((text) => [normalizeHeader(text), column.key] as const),
    ),
  );
}

/** A, B, … Z, AA, AB, … as Excel names columns (index is 0-based). */
function columnLetter(index: number): string {
  let letter = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letter = String.fromCharCode(65 + ((n - 1) % 26)) + letter;
  return letter;
}

/**
 * Reads the header row at headerIndex: where each known column is, and every unknown, unnamed
 * (a blank title over cells that are not blank), duplicate or missing required column.
 */
export function readSheetHeader<K extends string>(
  rows: SheetCell[][],
  headerIndex: number,
  lookup: Map<string, K>,
  requiredKeys: readonly K[],
): { columns: Map<K, number>; errors: SheetHeaderError<K>[] } {
  const row = headerIndex + 1;
  const cells = rows[headerIndex]!;
  const columns = new Map<K, number>();
  const errors: SheetHeaderError<K>[] = [];
  const width = rows.reduce((max, r) => Math.max(max, r.length), 0);
  for (let index = 0; index < width; index++) {
    const text = cellText(cells[index]);
    if (text === '') {
      if (rows.some((r, i) => i > headerIndex && cellText(r[index]) !== '')) {
        errors.push({ row, column: '', code: 'sheet.error.unnamedColumn', params: { letter: columnLetter(index) } });
      }
      continue;
    }
    const key = lookup.get(normalizeHeader(text));
    if (!key) errors.push({ row, column: '', code: 'sheet.error.unknownColumn', params: { header: text, letter: columnLetter(index) } });
    else if (columns.has(key)) errors.push({ row, column: key, code: 'sheet.error.duplicateColumn', params: { header: text } });
    else columns.set(key, index);
  }
  for (const key of requiredKeys) {
    if (!columns.has(key)) errors.push({ row, column: key, code: 'sheet.error.missingColumn' });
  }
  return { columns, errors };
}

/** Sorts errors by row, then in the sheet's column order (file-wide ones, column '', first). */
export function errorSorter<K extends string>(columns: readonly SheetColumn<K>[]) {
  const order = new Map<K | '', number>([['', -1], ...columns.map((c, i) => [c.key, i] as const)]);
  return <E extends { row: number; column: K | '' }>(errors: E[]): E[] =>
    errors.toSorted((a, b) => a.row - b.row || order.get(a.column)! - order.get(b.column)!);
}
