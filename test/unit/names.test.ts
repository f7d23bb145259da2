import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanText, isPersonName, isTitle, normalizePersonName } from '../../src/domain/names.ts';

const BIDI_AND_INVISIBLE = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u0000', '\u0007', '\u001B', '\u007F', '\u0085'];

test('bidirectional controls and other invisible characters are stripped', () => {
  for (const ch of BIDI_AND_INVISIBLE) {
    assert.is(cleanText(`张${ch}伟`), '张伟', `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    assert.is(normalizePersonName(`${ch}Zhang Wei${ch}`), 'Zhang Wei');
  }
  assert.is(cleanText('\u202Egnp.exe\u202C舟山船舶'), 'gnp.exe舟山船舶');
});

test('whitespace of every kind becomes one space, trimmed; text is NFC', () => {
  assert.is(cleanText('  舟山\t船舶\n\n修造　有限公司  '), '舟山 船舶 修造 有限公司');
  assert.is(cleanText('Cafe\u0301'), 'Café');
  assert.is(cleanText('Cafe\u0301').length, 4, 'composed');
  assert.is(cleanText('A \u200B B'), 'A B', 'no double space where an invisible character stood');
});

test('person names: NFKC, Chinese padding removed, the minority dot unified', () => {
  assert.is(normalizePersonName(' 王  芳 '), '王芳');
  assert.is(normalizePersonName('王\u3000芳'), '王芳');
  assert.is(normalizePersonName('阿依古丽.买买提'), '阿依古丽·买买提');
  assert.is(normalizePersonName('阿依古丽・买买提'), '阿依古丽·买买提');
  assert.is(normalizePersonName('Ｚｈａｎｇ　Ｗｅｉ'), 'Zhang Wei');
});

test('person names are letters, with · \' . - and spaces inside', () => {
  for (const name of ['张伟', '阿依古丽·买买提', "O'Brien", 'J. Smith', 'Jean-Luc', 'Zhang Wei', 'Ağa', 'Nguyễn']) assert.ok(isPersonName(name), name);
  for (const name of ['=HYPERLINK("x")', '+cmd', '-1', '@SUM', '张伟1', 'a<b>', '', '·张伟', "'x", 'Zhang_Wei']) assert.not.ok(isPersonName(name), name);
});

test('titles start with a letter, a digit, a bracket or a quote, never a formula character', () => {
  for (const title of ['舟山船舶修造有限公司', '2026年定海区职工技能大比武', '（集团）公司', '《匠心》杯', '"Best" Co.', '[A] team', 'Welding']) assert.ok(isTitle(title), title);
  for (const title of ['=HYPERLINK("x")', '+cmd', '-1+1', '@SUM(1)', '', ' x', '·x']) assert.not.ok(isTitle(title), title);
});

test.run();
