import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nextBib } from '../../src/domain/bib.ts';

test('bibs count up from 001, zero-padded to three digits', () => {
  assert.is(nextBib([]), '001');
  assert.is(nextBib(['001', '002']), '003');
  assert.is(nextBib(['009']), '010');
  assert.is(nextBib(['999']), '1000');
});

test('hand-typed bibs are skipped unless numeric, and wider numbers keep their width', () => {
  assert.is(nextBib(['A-12', 'W01', '005']), '006');
  assert.is(nextBib(['0042']), '0043');
});

test.run();
