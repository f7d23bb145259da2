import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validatePhone } from '../../src/domain/phone.ts';

const phoneOf = (raw: string) => {
  const result = validatePhone(raw);
  return result.ok ? result.phone : result.code;
};

test('a mobile number is kept as its 11 digits', () => {
  assert.equal(validatePhone('13812345678'), { ok: true, phone: '13812345678' });
  assert.is(phoneOf(' 138 1234 5678 '), '13812345678');
  assert.is(phoneOf('138-1234-5678'), '13812345678');
  assert.is(phoneOf('+86 138 1234 5678'), '13812345678');
  assert.is(phoneOf('+86-13812345678'), '13812345678');
  assert.is(phoneOf('8613812345678'), '13812345678');
  assert.is(phoneOf('008613812345678'), '13812345678');
  assert.is(phoneOf('１３８１２３４５６７８'), '13812345678');
  assert.is(phoneOf('19912345678'), '19912345678');
});

test('a mobile number starts with 13–19 and has 11 digits', () => {
  for (const raw of ['12812345678', '10012345678', '1381234567', '138123456789', '23812345678', '138l2345678', '+8713812345678']) {
    assert.equal(validatePhone(raw), { ok: false, code: 'phone.error.format' }, raw);
  }
});

test('a landline keeps its area code, written 0571-88888888', () => {
  assert.is(phoneOf('0571-88888888'), '0571-88888888');
  assert.is(phoneOf('0571 8888 8888'), '0571-88888888');
  assert.is(phoneOf('(0571)88888888'), '0571-88888888');
  assert.is(phoneOf('057188888888'), '0571-88888888');
  assert.is(phoneOf('010-65123456'), '010-65123456');
  assert.is(phoneOf('01065123456'), '010-65123456');
  assert.is(phoneOf('021 6212345'), '021-6212345');
  assert.is(phoneOf('029-88888888'), '029-88888888');
  assert.is(phoneOf('0580-2021234'), '0580-2021234');
  assert.is(phoneOf('+86 571 88888888'), '0571-88888888');
  assert.is(phoneOf('+86-10-65123456'), '010-65123456');
  assert.is(phoneOf('０５７１－８８８８８８８８'), '0571-88888888');
});

test('a landline may have an extension', () => {
  assert.is(phoneOf('0571-88888888-123'), '0571-88888888-123');
  assert.is(phoneOf('0571-88888888 转 8021'), '0571-88888888-8021');
  assert.is(phoneOf('0571-88888888转8021'), '0571-88888888-8021');
  assert.is(phoneOf('010-65123456 ext. 12'), '010-65123456-12');
  assert.is(phoneOf('010-65123456 x12'), '010-65123456-12');
});

test('numbers without an area code, with a wrong one, or of the wrong length are refused', () => {
  for (const raw of ['88888888', '571-88888888', '0571-888888', '0571-888888888', '0571-08888888', '011-65123456', '0571-88888888-1234567', 'abc', '', '1'.repeat(41)]) {
    assert.equal(validatePhone(raw), { ok: false, code: 'phone.error.format' }, raw);
  }
});

test.run();
