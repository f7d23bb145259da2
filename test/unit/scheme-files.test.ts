import ExcelJS from 'exceljs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSchemeSheet, schemeToSheet } from '../../src/domain/scheme-sheet.ts';
import { readSheetFile, writeCsv, writeXlsx } from '../../src/events/scheme-files.ts';
import { encodeGb18030 } from '../support/gb18030.ts';
import { sampleRounds } from '../support/scheme-samples.ts';
import { sheetRefusal } from '../support/sheet-refusal.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const BOM = [0xef, 0xbb, 0xbf];

test('an XLSX export reads back to the same scheme', async () => {
  for (const language of ['zh-CN', 'en'] as const) {
    const file = await writeXlsx(schemeToSheet(sampleRounds, language), '焊工 [评分标准]');
    const result = parseSchemeSheet(await readSheetFile(file, 'scheme.XLSX'));
    assert.equal(result, { ok: true, rounds: sampleRounds });
  }
});

test('an XLSX export has a bold frozen header, numbers as numbers and codes such as 01 as text', async () => {
  const file = await writeXlsx([['代码', 'Weight', 'Descriptor'], ['01', '30', 'x'.repeat(80)], ['1.10', '0.5', null], ['NaN', 'Infinity', '']], 'a/b:c');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(file).buffer);
  const sheet = workbook.worksheets[0]!;
  assert.is(sheet.name, 'a b c');
  const view = sheet.views[0] as ExcelJS.WorksheetViewFrozen;
  assert.equal([view.state, view.ySplit], ['frozen', 1]);
  assert.is(sheet.getCell('A1').font?.bold, true);
  assert.is(sheet.getCell('A2').font?.bold, undefined);
  assert.equal([sheet.getCell('A2').value, sheet.getCell('B2').value, sheet.getCell('A3').value, sheet.getCell('B3').value], ['01', 30, '1.10', 0.5]);
  assert.equal([sheet.getColumn(1).width, sheet.getColumn(2).width, sheet.getColumn(3).width], [8, 10, 50]);
  assert.is(sheet.getCell('C2').alignment?.wrapText, true);
  assert.equal(await readSheetFile(file, 'x.xlsx'), [['代码', 'Weight', 'Descriptor'], ['01', 30, 'x'.repeat(80)], ['1.10', 0.5], ['NaN', 'Infinity']]);
});

test('XLSX cells read as Excel shows them: merged, formula, rich text; blank rows kept in place', async () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('S');
  sheet.getCell('A1').value = '环节代码';
  sheet.getCell('A2').value = 'theory';
  sheet.mergeCells('A2:A3');
  sheet.getCell('B2').value = { formula: '20+10', result: 30 };
  sheet.getCell('B3').value = { richText: [{ text: '焊缝', font: { bold: true } }, { text: '成形' }] };
  sheet.getCell('C5').value = true;
  const file = new Uint8Array(await workbook.xlsx.writeBuffer());
  assert.equal(await readSheetFile(file, 'merged.xlsx'), [['环节代码'], ['theory', 30], ['theory', '焊缝成形'], [], [null, null, 'TRUE']]);
});

test('CSV is read as UTF-8 with or without a BOM, or as GB18030 from Excel on Chinese Windows', async () => {
  const text = '环节代码,评分细则\r\ntheory,焊缝余高 ±0.5mm\r\n';
  const expected = [['环节代码', '评分细则'], ['theory', '焊缝余高 ±0.5mm']];
  assert.equal(await readSheetFile(utf8(text), 'a.csv'), expected);
  assert.equal(await readSheetFile(new Uint8Array([...BOM, ...utf8(text)]), 'a.csv'), expected);
  const gb = encodeGb18030(text);
  assert.not.equal(Array.from(gb), Array.from(utf8(text)), 'the GB18030 bytes differ from UTF-8');
  assert.equal(await readSheetFile(gb, 'a.CSV'), expected);
});

test('CSV quoting: commas, quotes and line breaks inside cells; blank lines keep the numbering', async () => {
  const csv = 'a,"b, c","say ""hi""","line 1\nline 2"\n\n,x,,\n3" pipe,d\n';
  assert.equal(await readSheetFile(utf8(csv), 'q.csv'), [
    ['a', 'b, c', 'say "hi"', 'line 1\nline 2'],
    [],
    [null, 'x'],
    ['3" pipe', 'd'],
  ]);
});

test('writeCsv writes a BOM, CRLF rows and quotes only what needs it; it reads back the same', async () => {
  const rows = [['代码', 'name'], ['01', 'b, c'], ['x', 'say "hi"'], ['y', 'line 1\nline 2'], [null, '30']];
  const file = writeCsv(rows);
  assert.equal(Array.from(file.subarray(0, 3)), BOM);
  assert.is(file.subarray(3).toString('utf8'), '代码,name\r\n01,"b, c"\r\nx,"say ""hi"""\r\ny,"line 1\nline 2"\r\n,30\r\n');
  assert.equal(await readSheetFile(file, 'back.csv'), [['代码', 'name'], ['01', 'b, c'], ['x', 'say "hi"'], ['y', 'line 1\nline 2'], [null, '30']]);
});

test('a CSV export reads back to the same scheme', async () => {
  const file = writeCsv(schemeToSheet(sampleRounds, 'zh-CN'));
  assert.equal(parseSchemeSheet(await readSheetFile(file, 'scheme.csv')), { ok: true, rounds: sampleRounds });
});

test('other file types, oversized, empty and damaged files are refused with a reason', async () => {
  const cases: [Uint8Array, string, string, Record<string, number>?][] = [
    [utf8('a,b'), 'scheme.xls', 'sheet.error.fileType'],
    [utf8('a,b'), 'scheme.txt', 'sheet.error.fileType'],
    [utf8('a,b'), 'csv', 'sheet.error.fileType'],
    [new Uint8Array(2 * 1024 * 1024 + 1), 'big.csv', 'sheet.error.fileTooLarge', { max: 2 }],
    [new Uint8Array(0), 'empty.xlsx', 'sheet.error.empty'],
    [utf8('not a zip'), 'fake.xlsx', 'sheet.error.unreadable'],
    [utf8('a,"unclosed\n'), 'broken.csv', 'sheet.error.unreadable'],
  ];
  for (const [bytes, name, code, params] of cases) {
    const error = await sheetRefusal(readSheetFile(bytes, name));
    assert.equal([error.code, error.params], [code, params], name);
  }
  assert.equal(await readSheetFile(new Uint8Array(2 * 1024 * 1024).fill(0x2c), 'commas.csv').then((rows) => rows.length), 1);
});

test.run();
