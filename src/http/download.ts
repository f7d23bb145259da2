import type { Context } from 'hono';
import type { SheetCell } from '../domain/scheme-sheet.ts';
import { writeCsv, writeXlsx } from '../events/scheme-files.ts';
import type { AppEnv } from './env.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** RFC 6266 filename with a UTF-8 fallback, so Chinese names survive every browser. */
export function download<E extends AppEnv>(c: Context<E>, body: Uint8Array, filename: string, type: string): Response {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  c.header('Content-Type', type);
  c.header('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
  return c.body(body as Uint8Array<ArrayBuffer>);
}

/** A spreadsheet download as XLSX or CSV (UTF-8 with BOM, so Excel shows Chinese). */
export async function sheetDownload<E extends AppEnv>(c: Context<E>, rows: SheetCell[][], basename: string, format: 'xlsx' | 'csv', sheetName: string): Promise<Response> {
  if (format === 'xlsx') return download(c, await writeXlsx(rows, sheetName), `${basename}.xlsx`, XLSX_TYPE);
  return download(c, writeCsv(rows), `${basename}.csv`, 'text/csv; charset=utf-8');
}
