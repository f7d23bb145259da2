import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defusedCsvCell, readSheetFile, writeCsv } from '../../src/events/scheme-files.ts';

test('text that a spreadsheet would run as a formula gets a leading quote (OWASP)', () => {
  for (const cell of ['=1+1', '=HYPERLINK("http://evil.example","x")', '+1+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1', '\n=1', '＝1+1', '－1', '-', '+', '@']) {
    assert.is(defusedCsvCell(cell), `'${cell}`, JSON.stringify(cell));
  }
});

test('numbers, numeric text and ordinary text stay as they are', () => {
  for (const cell of [-2, -0.5, 0, 100, null, '-2', '-2.50', '+3', '.5', '-.5', '001', '张伟', ' =1', 'a=1', "'=1", '']) {
    assert.is(defusedCsvCell(cell), cell, JSON.stringify(cell));
  }
});

test('writeCsv applies it to every cell; negative numbers stay unquoted numbers', async () => {
  const file = writeCsv([['name', 'mark'], ['=1+1', -2], ['@x', '-2.50'], ['张伟', 3]]);
  const text = new TextDecoder().decode(file).replace(/^\uFEFF/, '');
  assert.is(text, "name,mark\r\n'=1+1,-2\r\n'@x,-2.50\r\n张伟,3\r\n");
  assert.equal(await readSheetFile(file, 'back.csv'), [['name', 'mark'], ['=1+1', '-2'], ['@x', '-2.50'], ['张伟', '3']], 'an import reads back what was exported');
  const typed = new TextEncoder().encode("a\r\n'x\r\n'-2\r\n''=1\r\n");
  assert.equal(await readSheetFile(typed, 'typed.csv'), [['a'], ["'x"], ["'-2"], ["''=1"]], 'other quotes are kept');
});

test.run();
