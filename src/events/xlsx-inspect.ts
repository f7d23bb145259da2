import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import { zipEntries, ZipRefused } from '../http/zip-entries.ts';

/**
 * Looks inside an XLSX before exceljs does. exceljs (through JSZip) inflates and parses the whole
 * workbook in memory, about ten times the unpacked size: a 1.4 MB upload that unpacks to 503 MB
 * reached 4.5 GB. So the zip's central directory is read first (yauzl), the declared sizes and the
 * number of parts are checked, and then every part is inflated with a hard byte cap, because a
 * central directory may lie about sizes (yauzl also refuses a part whose bytes differ from what it
 * declares). The worksheets and shared strings stream through a SAX parser that only counts what
 * exceljs will build: cells (those a merge covers too) and shared strings. Rows and columns are
 * checked on the sheet that is read (scheme-files.ts), not on others. exceljs's own streaming
 * reader does not fit: it drops merged cells (which the scheme sheet relies on) and reads the local
 * headers rather than the central directory, so it would not see the bytes checked here.
 */

export interface XlsxLimits {
  maxEntries: number;
  maxUnpackedBytes: number;
  /** Cells (empty styled ones too) and shared strings over all sheets: what exceljs keeps in memory. */
  maxCells: number;
}

export interface XlsxShape {
  entries: number;
  unpackedBytes: number;
  cells: number;
}

export type XlsxRefusal =
  | { reason: 'unreadable' }
  | { reason: 'tooManyEntries' }
  | { reason: 'unpackedTooLarge' }
  | { reason: 'tooManyCells' };

export type XlsxInspection = { ok: true; shape: XlsxShape } | ({ ok: false } & XlsxRefusal);

class Refused extends Error {
  constructor(readonly refusal: XlsxRefusal) {
    super(refusal.reason);
  }
}

export async function inspectXlsx(bytes: Uint8Array, limits: XlsxLimits): Promise<XlsxInspection> {
  try {
    return { ok: true, shape: await measure(bytes, limits) };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, ...error.refusal };
    if (error instanceof ZipRefused && (error.reason === 'tooManyEntries' || error.reason === 'unpackedTooLarge')) return { ok: false, reason: error.reason };
    // A damaged or encrypted zip, a part longer than it declares, XML that does not parse.
    return { ok: false, reason: 'unreadable' };
  }
}

async function measure(bytes: Uint8Array, limits: XlsxLimits): Promise<XlsxShape> {
  const counter = new ShapeCounter(limits);
  let entries = 0;
  let unpacked = 0;
  for await (const entry of zipEntries(bytes, { maxEntries: limits.maxEntries, maxUnpackedBytes: limits.maxUnpackedBytes })) {
    entries++;
    if (entry.name.endsWith('/')) continue;
    const name = entry.name.replace(/^\//, '');
    const xml = /xl\/worksheets\/[^/]+\.xml$/.test(name) ? counter.sheet() : name === 'xl/sharedStrings.xml' ? counter.sharedStrings() : null;
    const decoder = new StringDecoder('utf8');
    for await (const chunk of entry.chunks) {
      unpacked += chunk.byteLength;
      xml?.write(decoder.write(chunk));
    }
    xml?.close();
  }
  return { entries, unpackedBytes: unpacked, cells: counter.cells };
}

/** Counts what exceljs will build from the sheets, refusing as soon as a limit is passed. */
class ShapeCounter {
  cells = 0;

  constructor(private readonly limits: XlsxLimits) {}

  private count(n = 1) {
    this.cells += n;
    if (this.cells > this.limits.maxCells) throw new Refused({ reason: 'tooManyCells' });
  }

  sheet(): SaxesParser {
    const parser = new SaxesParser();
    parser.on('opentag', (tag) => {
      const name = localName(tag.name);
      if (name === 'c') this.count();
      else if (name === 'mergeCell') {
        // exceljs makes a cell for every cell a merge covers.
        const [start, end] = String((tag.attributes as Record<string, string>).ref ?? '').split(':').map((ref) => cellAddress(ref));
        if (start && end) this.count((Math.abs(end.row - start.row) + 1) * (Math.abs(end.column - start.column) + 1));
      }
    });
    return parser;
  }

  sharedStrings(): SaxesParser {
    const parser = new SaxesParser();
    parser.on('opentag', (tag) => {
      if (localName(tag.name) === 'si') this.count();
    });
    return parser;
  }
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** "AB12" → row 12, column 28; "$A$1" too; row 0 when the reference names only a column. */
function cellAddress(ref: string | undefined): { row: number; column: number } | undefined {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d{0,9})$/.exec(ref ?? '');
  if (!match) return undefined;
  let column = 0;
  for (const letter of match[1]!.toUpperCase()) column = column * 26 + letter.charCodeAt(0) - 64;
  return { row: match[2] ? Number(match[2]) : 0, column };
}
