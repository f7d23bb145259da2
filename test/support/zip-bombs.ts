import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Zips built by hand, for what no zip library writes: parts that unpack to hundreds of MB from a
 * small file, and central directories that lie. Generated in the test, never committed.
 */

/** `bytes` repeated `times`: deflated once and the compressed block repeated, so a 500 MB part costs nothing to make. */
export interface Segment {
  bytes: Uint8Array;
  times?: number;
}

export interface ZipPart {
  name: string;
  segments: Segment[];
  /** Written into the local header and the central directory instead of the real unpacked size. */
  declaredSize?: number;
}

const text = (s: string) => new TextEncoder().encode(s);

export function buildZip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const blocks: Buffer[] = [];
    let crc = 0;
    let size = 0;
    for (const { bytes, times = 1 } of part.segments) {
      // A sync flush ends on a byte boundary with no final block, so copies of it chain up.
      const block = deflateRawSync(bytes, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
      for (let i = 0; i < times; i++) {
        blocks.push(block);
        crc = crc32(bytes, crc);
      }
      size += bytes.byteLength * times;
    }
    blocks.push(Buffer.from([0x03, 0x00])); // an empty final block
    const data = Buffer.concat(blocks);
    const declared = part.declaredSize ?? size;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.byteLength, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.byteLength, 26);
    locals.push(local, name, data);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt16LE(0x21, 14);
    header.writeUInt32LE(crc >>> 0, 16);
    header.writeUInt32LE(data.byteLength, 20);
    header.writeUInt32LE(declared, 24);
    header.writeUInt16LE(name.byteLength, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += 30 + name.byteLength + data.byteLength;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The parts of a one-sheet workbook around the given sheet XML; exceljs opens it. */
export function workbookParts(sheet: Segment[], declaredSheetSize?: number): ZipPart[] {
  const one = (name: string, xml: string): ZipPart => ({ name, segments: [{ bytes: text(xml) }] });
  return [
    one('[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`),
    one('_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    one('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    one('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
    { name: 'xl/worksheets/sheet1.xml', segments: sheet, ...(declaredSheetSize === undefined ? {} : { declaredSize: declaredSheetSize }) },
  ];
}

const sheetOpen = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`;
const sheetClose = '</sheetData></worksheet>';
/** 0 → A, 25 → Z, 26 → AA. */
const columnName = (i: number): string => (i >= 26 ? columnName(Math.floor(i / 26) - 1) : '') + String.fromCharCode(65 + (i % 26));
const inline = (ref: string, value: string) => `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`;

/** A sheet of the given rows of inline strings, e.g. [['Name', 'Skill'], ['张三', '焊工']]. */
export function sheetOf(rows: string[][]): Segment[] {
  const body = rows.map((cells, r) => `<row r="${r + 1}">${cells.map((v, c) => inline(`${columnName(c)}${r + 1}`, v)).join('')}</row>`).join('');
  return [{ bytes: text(sheetOpen + body + sheetClose) }];
}

/** The whitespace bomb: one real cell and `megabytes` of spaces between the rows. */
export function whitespaceSheet(megabytes: number): Segment[] {
  return [
    { bytes: text(sheetOpen + `<row r="1">${inline('A1', 'x')}</row>`) },
    { bytes: new Uint8Array(1024 * 1024).fill(0x20), times: megabytes },
    { bytes: text(sheetClose) },
  ];
}

/** Empty styled cells, `rows` rows of 100: Excel writes such cells for borders, exceljs keeps each one. */
export function styledEmptySheet(rows: number): Segment[] {
  const row = `<row>${'<c s="0"/>'.repeat(100)}</row>`;
  return [{ bytes: text(sheetOpen) }, { bytes: text(row), times: rows }, { bytes: text(sheetClose) }];
}

export const xlsx = (sheet: Segment[], declaredSheetSize?: number) => buildZip(workbookParts(sheet, declaredSheetSize));

/** `rows` × `columns` distinct numbers: a sheet as large as it looks, no repetition. */
export function numberSheet(rows: number, columns: number): Segment[] {
  const line = (r: number) => Array.from({ length: columns }, (_, c) => `<c r="${columnName(c)}${r}"><v>${r * 100 + c}</v></c>`).join('');
  const body: string[] = [];
  for (let r = 1; r <= rows; r++) body.push(`<row r="${r}">${line(r)}</row>`);
  return [{ bytes: text(sheetOpen + body.join('') + sheetClose) }];
}
