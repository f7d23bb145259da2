import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  checkCharacter,
  maskIdNumber,
  maskPhone,
  normalizeIdNumber,
  provinceCodes,
  validateIdNumber,
  type IdNumberErrorCode,
} from '../../src/domain/id-number.ts';
import type { MessageKey } from '../../src/i18n/index.ts';

type Assert<T extends true> = T;
export type CodesAreMessageKeys = Assert<IdNumberErrorCode extends MessageKey ? true : false>;

/** 21 November 2026 in China. */
const today = new Date('2026-11-21T12:00:00+08:00');
const codeOf = (raw: string, on = today) => {
  const result = validateIdNumber(raw, on);
  return result.ok ? 'ok' : result.code;
};

test('a valid number gives its birth date and gender', () => {
  // 3 3 0 9 0 2 1 9 8 5 0 3 1 5 0 0 1 times the weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2:
  // 21+27+0+45+0+8+2+9+48+15+0+27+10+25+0+0+2 = 239; 239 mod 11 = 8; "10X98765432"[8] = "4".
  // The 17th digit, 1, is odd: a man.
  assert.equal(validateIdNumber('330902198503150014', today), { ok: true, idNumber: '330902198503150014', birthDate: '1985-03-15', gender: 'male' });
  // Sum 279, mod 11 = 4 → "8"; the 17th digit, 2, is even: a woman.
  assert.equal(validateIdNumber('330902199207080028', today), { ok: true, idNumber: '330902199207080028', birthDate: '1992-07-08', gender: 'female' });
  assert.is(checkCharacter('33090219850315001'), '4');
});

test('a check character of 10 is written X, and a lowercase x is accepted', () => {
  // Sum 167, mod 11 = 2 → "X".
  const expected = { ok: true, idNumber: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' };
  assert.equal(validateIdNumber('11010519491231002X', today), expected);
  assert.equal(validateIdNumber('11010519491231002x', today), expected);
  assert.is(codeOf('110105194912310021'), 'id.error.checkDigit');
});

test('residence permits of Hong Kong, Macao and Taiwan residents are accepted', () => {
  // The sample numbers published with the 2018 permits.
  assert.equal(validateIdNumber('810000199408230021', today), { ok: true, idNumber: '810000199408230021', birthDate: '1994-08-23', gender: 'female' });
  assert.equal(validateIdNumber('830000199201300022', today), { ok: true, idNumber: '830000199201300022', birthDate: '1992-01-30', gender: 'female' });
  assert.is(codeOf('830000198503150029'), 'ok');
  assert.is(codeOf('710000198503150013'), 'ok');
});

test('a wrong check character is refused', () => {
  assert.is(codeOf('330902198503150015'), 'id.error.checkDigit');
  assert.is(codeOf('33090219850315001X'), 'id.error.checkDigit');
  // Two digits swapped: the weights differ, so the sum does too.
  assert.is(codeOf('330902198530150014'), 'id.error.birthDate');
  assert.is(codeOf('330902198503150104'), 'id.error.checkDigit');
});

test('full-width digits, spaces and ideographic spaces are normalised away', () => {
  assert.is(normalizeIdNumber(' ３３０９０２１９８５０３１５００１４ '), '330902198503150014');
  assert.is(normalizeIdNumber('330902 19850315 0014'), '330902198503150014');
  assert.is(normalizeIdNumber('330902\u300019850315\t001x'), '33090219850315001X');
  assert.is(normalizeIdNumber('１１０１０５１９４９１２３１００２ｘ'), '11010519491231002X');
  const result = validateIdNumber('３３０９０２１９８５０３１５００１４', today);
  assert.ok(result.ok && result.idNumber === '330902198503150014');
});

test('length: old 15-digit numbers and other lengths are refused', () => {
  assert.is(codeOf('330902850315001'), 'id.error.length');
  assert.is(codeOf('33090219850315001'), 'id.error.length');
  assert.is(codeOf('3309021985031500141'), 'id.error.length');
  assert.is(codeOf(''), 'id.error.length');
});

test('format: seventeen digits and a digit or X', () => {
  assert.is(codeOf('33090219850315001A'), 'id.error.format');
  assert.is(codeOf('3309021985031500X4'), 'id.error.format');
  assert.is(codeOf('330902-19850315001'), 'id.error.format');
});

test('region: the first two digits must be a province code (check characters here are right)', () => {
  assert.is(codeOf('990902198503150017'), 'id.error.region');
  assert.is(codeOf('910902198503150012'), 'id.error.region');
  assert.is(codeOf('160902198503150012'), 'id.error.region');
  assert.is(codeOf('200902198503150015'), 'id.error.region');
  assert.equal([...provinceCodes].sort(), [
    '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
    '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
    '71', '81', '82', '83',
  ]);
});

test('birth date: a real calendar date (check characters here are right)', () => {
  assert.is(codeOf('330902199902300010'), 'id.error.birthDate'); // 30 February 1999
  assert.is(codeOf('330902199902290019'), 'id.error.birthDate'); // 1999 is no leap year
  assert.is(codeOf('330902189912310010'), 'id.error.birthDate'); // before 1900
  assert.is(codeOf('330902203001010015'), 'id.error.birthDate'); // in the future
});

test('birth date: between 16 and 100 years old on the day, in China time', () => {
  assert.is(codeOf('330902201011210011'), 'ok', '16 today');
  assert.is(codeOf('330902201011220017'), 'id.error.birthDate', '16 tomorrow');
  assert.is(codeOf('330902192511220011'), 'ok', '100, 101 tomorrow');
  assert.is(codeOf('330902192511210016'), 'id.error.birthDate', '101 today');
  assert.is(codeOf('330902192001010014'), 'id.error.birthDate');
  // Midnight in Beijing is 16:00 UTC the day before.
  assert.is(codeOf('330902201011210011', new Date('2026-11-20T16:00:00Z')), 'ok');
  assert.is(codeOf('330902201011210011', new Date('2026-11-20T15:59:59Z')), 'id.error.birthDate');
  // Born on 29 February 2008: 16 on 29 February 2024, not the day before.
  assert.is(codeOf('330902200802290025', new Date('2024-02-29T09:00:00+08:00')), 'ok');
  assert.is(codeOf('330902200802290025', new Date('2024-02-28T09:00:00+08:00')), 'id.error.birthDate');
});

test('masking keeps the first six and last four characters of an ID number', () => {
  assert.is(maskIdNumber('330902198503151234'), '330902********1234');
  assert.is(maskIdNumber('11010519491231002X'), '110105********002X');
  assert.is(maskIdNumber('1234567890'), '**********');
  assert.is(maskIdNumber(''), '');
});

test('masking a phone keeps what identifies the line, not the person', () => {
  assert.is(maskPhone('13812345678'), '138****5678');
  assert.is(maskPhone('0571-88888888'), '0571-****8888');
  assert.is(maskPhone('010-6512345-23'), '010-***2345');
  assert.is(maskPhone('12345'), '*2345');
  assert.is(maskPhone(''), '');
});

test.run();
