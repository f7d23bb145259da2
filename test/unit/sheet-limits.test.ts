import ExcelJS from 'exceljs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { contestantSheetLimits } from '../../src/domain/contestant-sheet.ts';
import { schemeSheetLimits } from '../../src/domain/scheme-sheet.ts';
import { firstProblems, LISTED_PROBLEMS } from '../../src/domain/sheet-header.ts';
import { readSheetFile, writeCsv } from '../../src/events/scheme-files.ts';
import { buildZip, numberSheet, sheetOf, styledEmptySheet, whitespaceSheet, workbookParts, xlsx } from '../support/zip-bombs.ts';
import { sheetRefusal } from '../support/sheet-refusal.ts';

const MB = 1024 * 1024;

/** The highest RSS seen while `work` runs, over the RSS before it (sampled, so a lower bound of the peak). */
async function rssGrowth(work: () => Promise<unknown>): Promise<number> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 1);
  try {
    await work();
  } catch {
    // the refusal itself is asserted elsewhere
  } finally {
    clearInterval(sample);
  }
  return Math.max(peak, process.memoryUsage().rss) - before;
}

test('a whitespace bomb (0.5 MB that unpacks to 500 MB) is refused as too large from its directory, memory bounded', async () => {
  const bomb = xlsx(whitespaceSheet(500));
  assert.ok(bomb.byteLength < 1 * MB, `the bomb is ${bomb.byteLength} bytes`);
  const error = await sheetRefusal(readSheetFile(bomb, 'bomb.xlsx', contestantSheetLimits));
  assert.equal([error.code, error.status, error.params], ['sheet.error.unpackedTooLarge', 413, { max: 32 }]);
  // exceljs took 1.2 GB for this file before; the limit here is generous on purpose.
  const growth = await rssGrowth(() => readSheetFile(bomb, 'bomb.xlsx', contestantSheetLimits));
  assert.ok(growth < 200 * MB, `RSS grew by ${Math.round(growth / MB)} MB`);
});

test('a central directory that understates the sizes is caught while inflating, memory bounded', async () => {
  for (const declared of [1000, 20 * MB]) {
    const liar = xlsx(whitespaceSheet(500), declared);
    const error = await sheetRefusal(readSheetFile(liar, 'liar.xlsx', contestantSheetLimits));
    assert.equal([error.code, error.status], ['sheet.error.unreadable', 422], `declared ${declared}`);
    const growth = await rssGrowth(() => readSheetFile(liar, 'liar.xlsx', contestantSheetLimits));
    assert.ok(growth < 200 * MB, `RSS grew by ${Math.round(growth / MB)} MB`);
  }
  // Parts that each tell the truth but together unpack past the limit are counted as they inflate.
  const parts = workbookParts(sheetOf([['a']]));
  for (let i = 0; i < 3; i++) parts.push({ name: `xl/media/filler${i}.bin`, segments: [{ bytes: new Uint8Array(MB), times: 12 }] });
  const error = await sheetRefusal(readSheetFile(buildZip(parts), 'many.xlsx', contestantSheetLimits));
  assert.equal([error.code, error.status], ['sheet.error.unpackedTooLarge', 413]);
});

test('a zip of too many parts is refused before any is read', async () => {
  const parts = workbookParts(sheetOf([['a']]));
  for (let i = 0; parts.length <= 1000; i++) parts.push({ name: `xl/media/p${i}.bin`, segments: [{ bytes: new Uint8Array(1) }] });
  const error = await sheetRefusal(readSheetFile(buildZip(parts), 'parts.xlsx', contestantSheetLimits));
  assert.equal([error.code, error.status, error.params], ['sheet.error.tooManyParts', 422, { max: 1000 }]);
  parts.pop();
  assert.equal(await readSheetFile(buildZip(parts), 'parts.xlsx', contestantSheetLimits), [['a']], 'a thousand parts are fine');
});

test('rows: a header and up to the importer\'s limit below it are read, one more is refused, and so is a far-away row', async () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => [`r${i + 1}`]);
  assert.is(schemeSheetLimits.maxRows, 2000);
  assert.is((await readSheetFile(xlsx(sheetOf(rows(2001))), 's.xlsx', schemeSheetLimits)).length, 2001);
  let error = await sheetRefusal(readSheetFile(xlsx(sheetOf(rows(2002))), 's.xlsx', schemeSheetLimits));
  assert.equal([error.code, error.status, error.params], ['sheet.error.tooManyRows', 422, { max: 2000 }]);
  const farAway = [{ bytes: new TextEncoder().encode('<worksheet><sheetData><row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData></worksheet>') }];
  error = await sheetRefusal(readSheetFile(xlsx(farAway), 'far.xlsx', contestantSheetLimits));
  assert.equal([error.code, error.params], ['sheet.error.tooManyRows', { max: 10_000 }]);
});

test('columns: a value past the limit is refused; styled empty cells far away are not, and are not read', async () => {
  const wide = [Array.from({ length: 51 }, (_, i) => `c${i + 1}`)];
  const error = await sheetRefusal(readSheetFile(xlsx(sheetOf(wide)), 'w.xlsx', contestantSheetLimits));
  assert.equal([error.code, error.status, error.params], ['sheet.error.tooManyColumns', 422, { max: 50 }]);
  assert.is((await readSheetFile(xlsx(sheetOf([wide[0]!.slice(0, 50)])), 'w.xlsx', contestantSheetLimits))[0]!.length, 50);
  // Borders on a whole region: empty cells at XFD and at row 1,048,576 are formatting, not data.
  const styled = [{ bytes: new TextEncoder().encode('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="XFD1" s="0"/></row><row r="1048576"><c r="A1048576" s="0"/></row></sheetData></worksheet>') }];
  assert.equal(await readSheetFile(xlsx(styled), 'styled.xlsx', contestantSheetLimits), [['姓名']]);
});

test('only the sheet that is read is held to the row and column limits: a notes sheet beside it is fine', async () => {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('报名表').addRows([['姓名', '工种'], ['张伟', '焊工']]);
  const notes = workbook.addWorksheet('说明');
  notes.addRow(Array.from({ length: 60 }, (_, i) => `列${i + 1}`));
  notes.getCell('A12000').value = '末行';
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  assert.equal(await readSheetFile(bytes, 'two-sheets.xlsx', contestantSheetLimits), [['姓名', '工种'], ['张伟', '焊工']]);
});

test('a merged range counts every cell it covers, as exceljs builds them', async () => {
  const merged = [{ bytes: new TextEncoder().encode('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>') }];
  const error = await sheetRefusal(readSheetFile(xlsx(merged), 'merged.xlsx', contestantSheetLimits));
  assert.equal([error.code, error.status], ['sheet.error.tooManyCells', 413]);
});

test('too many cells, even empty styled ones that exceljs would keep, is refused as too large', async () => {
  const error = await sheetRefusal(readSheetFile(xlsx(styledEmptySheet(2001)), 'cells.xlsx', contestantSheetLimits));
  assert.equal([error.code, error.status, error.params], ['sheet.error.tooManyCells', 413, { max: 200_000 }]);
  const dense = await sheetRefusal(readSheetFile(xlsx(numberSheet(5000, 41)), 'dense.xlsx', contestantSheetLimits));
  assert.is(dense.code, 'sheet.error.tooManyCells');
});

test('a CSV past the row limit is refused without reading the rest; wide rows too', async () => {
  const line = 'a,b\r\n';
  const long = new TextEncoder().encode(line.repeat(100_000));
  let error = await sheetRefusal(readSheetFile(long, 'long.csv', contestantSheetLimits));
  assert.equal([error.code, error.status, error.params], ['sheet.error.tooManyRows', 422, { max: 10_000 }]);
  assert.is((await readSheetFile(new TextEncoder().encode(line.repeat(10_001)), 'ok.csv', contestantSheetLimits)).length, 10_001);
  error = await sheetRefusal(readSheetFile(new TextEncoder().encode(line.repeat(2002)), 's.csv', schemeSheetLimits));
  assert.is(error.code, 'sheet.error.tooManyRows');
  error = await sheetRefusal(readSheetFile(writeCsv([Array.from({ length: 51 }, () => 'x')]), 'wide.csv', contestantSheetLimits));
  assert.equal([error.code, error.params], ['sheet.error.tooManyColumns', { max: 50 }]);
  // Trailing empty cells are not columns.
  assert.equal(await readSheetFile(new TextEncoder().encode(`a${','.repeat(500)}\r\n`), 'commas.csv', contestantSheetLimits), [['a']]);
});

test('a file that is not a zip, or a damaged one, is unreadable (422)', async () => {
  for (const bytes of [new TextEncoder().encode('not a zip'), xlsx(sheetOf([['a']])).subarray(0, 200)]) {
    const error = await sheetRefusal(readSheetFile(bytes, 'x.xlsx', contestantSheetLimits));
    assert.equal([error.code, error.status], ['sheet.error.unreadable', 422]);
  }
  const badXml = [{ bytes: new TextEncoder().encode('<worksheet><sheetData><row><c><v>1</v></row>') }];
  assert.is((await sheetRefusal(readSheetFile(xlsx(badXml), 'x.xlsx', contestantSheetLimits))).code, 'sheet.error.unreadable');
});

test('firstProblems lists the first hundred and counts the rest', () => {
  assert.is(LISTED_PROBLEMS, 100);
  assert.equal(firstProblems([1, 2, 3], 2), { listed: [1, 2], more: 1 });
  assert.equal(firstProblems([1, 2], 2), { listed: [1, 2], more: 0 });
  const many = firstProblems(Array.from({ length: 300_000 }, (_, i) => i));
  assert.equal([many.listed.length, many.listed.at(-1), many.more], [100, 99, 299_900]);
});

test.run();
