import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_ID, parseId } from '../../src/http/ids.ts';

test('a database id is decimal digits from 1 to 2^31−1', () => {
  assert.is(parseId('1'), 1);
  assert.is(parseId('42'), 42);
  assert.is(parseId(String(MAX_ID)), MAX_ID);
});

test('anything Number() would also take is not an id', () => {
  for (const text of ['', '0', '00', '01', '-1', '+1', '1.0', '1.5', '1e3', '0x1A', '0b1', ' 1', '1 ', 'Infinity', 'NaN', '１', String(MAX_ID + 1), '99999999999']) {
    assert.is(parseId(text), null, JSON.stringify(text));
  }
  assert.is(parseId(undefined), null);
  assert.is(parseId(null), null);
});

test.run();
