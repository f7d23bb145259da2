import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import type { SheetCell } from '../domain/scheme-sheet.ts';
import type { SheetLimits } from '../domain/sheet-header.ts';
import { inspectXlsx, type XlsxLimits } from './xlsx-inspect.ts';

/**
 * Spreadsheet files as plain rows of cells, for imports and exports: XLSX through exceljs, CSV
 * through csv-parse/csv-stringify (exceljs's CSV reader turns "01" into 1 and dates into Date).
 * What the rows mean is src/domain/scheme-sheet.ts's business.
 */

export const MAX_SHEET_FILE_MB = 2;
const MAX_BYTES = MAX_SHEET_FILE_MB * 1024 * 1024;

/**
 * What any workbook may hold, whatever is imported from it. A 10,000-row registration written by
 * Excel or exceljs unpacks to about 4 MB in 16 parts; the rows and columns an import takes are the
 * importer's SheetLimits.
 */
const XLSX_LIMITS: Omit<XlsxLimits, 'maxRows' | 'maxColumns'> = {
  maxEntries: 1000,
  maxUnpackedBytes: 32 * 1024 * 1024,
  maxCells: 200_000,
};

/** The largest importer's (the registration's); reading back an export needs no tighter one. */
const DEFAULT_LIMITS: SheetLimits = { maxRows: 10_000, maxColumns: 50 };

export type SheetFileErrorCode =
  | 'sheet.error.fileType'
  | 'sheet.error.fileTooLarge'
  | 'sheet.error.unreadable'
  | 'sheet.error.empty'
  | 'sheet.error.tooManyParts'
  | 'sheet.error.unpackedTooLarge'
  | 'sheet.error.tooManyCells'
  | 'sheet.error.tooManyRows'
  | 'sheet.error.tooManyColumns';

/** Too much data is a 413; a file that is not a spreadsheet or too wide or long for this import, a 422. */
const tooLarge = new Set<SheetFileErrorCode>(['sheet.error.fileTooLarge', 'sheet.error.unpackedTooLarge', 'sheet.error.tooManyCells']);

export class SheetFileError extends Error {
  constructor(
    /** A catalogue key. */
    readonly code: SheetFileErrorCode,
    readonly params?: Record<string, string | number>,
    options?: ErrorOptions,
  ) {
    super(code, options);
    this.name = 'SheetFileError';
  }

  get status(): 413 | 422 {
    return tooLarge.has(this.code) ? 413 : 422;
  }
}

/**
 * The first worksheet's (or the CSV's) rows; empty cells are null and rows keep their numbering.
 * A file with more rows or columns than `limits` is refused before it is parsed whole.
 */
export async function readSheetFile(buffer: Uint8Array, filename: string, limits: SheetLimits = DEFAULT_LIMITS): Promise<SheetCell[][]> {
  const extension = /\.([^.]+)$/.exec(filename.trim())?.[1]?.toLowerCase();
  if (extension !== 'xlsx' && extension !== 'csv') throw new SheetFileError('sheet.error.fileType');
  if (buffer.byteLength > MAX_BYTES) throw new SheetFileError('sheet.error.fileTooLarge', { max: MAX_SHEET_FILE_MB });
  if (buffer.byteLength === 0) throw new SheetFileError('sheet.error.empty');
  try {
    return extension === 'xlsx' ? await readXlsx(buffer, limits) : readCsv(buffer, limits);
  } catch (cause) {
    if (cause instanceof SheetFileError) throw cause;
    throw new SheetFileError('sheet.error.unreadable', undefined, { cause });
  }
}

/** exceljs costs ~20 MB and a few hundred ms to load: loaded with the first spreadsheet, not at start. */
const excel = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;

async function readXlsx(buffer: Uint8Array, limits: SheetLimits): Promise<SheetCell[][]> {
  const inspection = await inspectXlsx(buffer, { ...XLSX_LIMITS, ...limits });
  if (!inspection.ok) {
    switch (inspection.reason) {
      case 'unreadable': throw new SheetFileError('sheet.error.unreadable');
      case 'tooManyEntries': throw new SheetFileError('sheet.error.tooManyParts', { max: XLSX_LIMITS.maxEntries });
      case 'unpackedTooLarge': throw new SheetFileError('sheet.error.unpackedTooLarge', { max: XLSX_LIMITS.maxUnpackedBytes / 1024 / 1024 });
      case 'tooManyCells': throw new SheetFileError('sheet.error.tooManyCells', { max: XLSX_LIMITS.maxCells });
    }
  }
  const workbook = new (await excel()).Workbook();
  await workbook.xlsx.load(buffer.slice().buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  // Only the cells that exist and hold something (at most maxCells): styled empty cells may
  // reach row 1,048,576 or column XFD, and other sheets (notes, lookup lists) are not read.
  const rows: SheetCell[][] = [];
  sheet.eachRow((row, r) => {
    const cells: SheetCell[] = [];
    // A merged cell answers the merge's value, so merged round cells read as repeated.
    row.eachCell((cell, c) => { cells[c - 1] = cellValue(cell.value); });
    const trimmed = trimEnd(Array.from(cells, (cell) => cell ?? null));
    if (trimmed.length === 0) return;
    if (r > limits.maxRows + 1) throw new SheetFileError('sheet.error.tooManyRows', { max: limits.maxRows });
    if (trimmed.length > limits.maxColumns) throw new SheetFileError('sheet.error.tooManyColumns', { max: limits.maxColumns });
    rows[r - 1] = trimmed;
  });
  return Array.from(rows, (row) => row ?? []);
}

function cellValue(value: ExcelJS.CellValue | undefined): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellValue(value.result as ExcelJS.CellValue);
  if ('hyperlink' in value) return cellValue(value.text as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  return null;
}

function trimEnd(cells: SheetCell[]): SheetCell[] {
  let length = cells.length;
  while (length > 0 && cells[length - 1] === null) length--;
  return cells.slice(0, length);
}

function readCsv(bytes: Uint8Array, limits: SheetLimits): SheetCell[][] {
  // The header, the rows, and one record more tell that there are too many, without parsing the rest.
  const records: string[][] = parse(decodeText(bytes), { relax_column_count: true, relax_quotes: true, to: limits.maxRows + 2 });
  if (records.length > limits.maxRows + 1) throw new SheetFileError('sheet.error.tooManyRows', { max: limits.maxRows });
  return records.map((record) => {
    const cells = trimEnd(record.map((cell) => (cell === '' ? null : restoredCsvCell(cell))));
    if (cells.length > limits.maxColumns) throw new SheetFileError('sheet.error.tooManyColumns', { max: limits.maxColumns });
    return cells;
  });
}

/** UTF-8 (the BOM is dropped); otherwise GB18030, which Excel on Chinese Windows writes as "CSV". */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/**
 * UTF-8 with a BOM, without which Excel reads Chinese as mojibake; CRLF as RFC 4180 asks.
 * Every CSV the app serves is written here, so this is the one place that defuses formulas.
 */
export function writeCsv(rows: SheetCell[][]): Buffer {
  // csv-stringify only quotes the record delimiter itself, and a bare \n inside a cell would split the row.
  const safe = rows.map((row) => row.map(defusedCsvCell));
  return Buffer.from(stringify(safe, { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ }), 'utf8');
}

/** What spreadsheet programs take as the start of a formula (OWASP's list, with full-width forms). */
const FORMULA_START = /^[=+\-@\t\r\n＝＋－＠]/;
/** A plain decimal number, such as a negative mark "-2.50": Excel reads it as that number and nothing else. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * CSV injection (OWASP): a text cell such as "=HYPERLINK(…)" that Excel or WPS would run as a
 * formula gets a leading single quote, which shows the text as it is. Number cells, and text
 * that is just a number, stay as they are so negative marks remain numbers.
 */
export function defusedCsvCell(cell: SheetCell): SheetCell {
  if (typeof cell !== 'string' || !FORMULA_START.test(cell) || PLAIN_NUMBER.test(cell)) return cell;
  return `'${cell}`;
}

/** The reverse on import, so an exported scheme or list reads back as it was ("- 焊缝无裂纹"). */
function restoredCsvCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) && !PLAIN_NUMBER.test(cell.slice(1)) ? cell.slice(1) : cell;
}

const MAX_COLUMN_WIDTH = 50;

export async function writeXlsx(rows: SheetCell[][], sheetName: string): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  const sheet = workbook.addWorksheet(safeSheetName(sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  for (const row of rows) sheet.addRow(row.map(toXlsxValue));
  sheet.getRow(1).font = { bold: true };
  const widths = columnWidths(rows);
  widths.forEach((width, index) => {
    const column = sheet.getColumn(index + 1);
    column.width = Math.min(Math.max(width + 2, 8), MAX_COLUMN_WIDTH);
    if (width + 2 > MAX_COLUMN_WIDTH) column.alignment = { wrapText: true, vertical: 'top' };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Numbers are stored as numbers so Excel can sum them; only texts that read back identically, so "01" stays text. */
function toXlsxValue(cell: SheetCell): SheetCell {
  if (typeof cell !== 'string') return cell;
  const number = Number(cell);
  return Number.isFinite(number) && String(number) === cell ? number : cell;
}

/** In Excel's width units a CJK character takes about two. */
function columnWidths(rows: SheetCell[][]): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      const longestLine = Math.max(
        ...String(cell ?? '').split('\n').map((line) => [...line].reduce((w, ch) => w + (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0)),
      );
      widths[index] = Math.max(widths[index] ?? 0, longestLine);
    });
  }
  return widths;
}

/** Excel refuses sheet names over 31 characters or with any of []:*?/\ */
function safeSheetName(name: string): string {
  return [...name.replace(/[[\]:*?/\\]/g, ' ').trim()].slice(0, 31).join('').trim() || 'Sheet1';
}
