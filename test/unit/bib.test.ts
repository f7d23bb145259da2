import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assignBibs, nextBib } from '../../src/domain/bib.ts';

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

test('assignBibs gives what nextBib would, row after row, with the typed bibs counted from the start', () => {
  const byNextBib = (wanted: (string | null)[], existing: string[]) => {
    const used = new Set([...existing, ...wanted.filter((b): b is string => b !== null)]);
    return wanted.map((bib) => {
      const given = bib ?? nextBib(used);
      used.add(given);
      return given;
    });
  };
  const cases: [(string | null)[], string[]][] = [
    [[null, null, null], []],
    [[null, '050', null], ['001']],
    [[null, 'W01', null], ['A-12', '0042']],
    [Array.from({ length: 1200 }, (_, i) => (i === 5 ? '0998' : null)), ['990']],
  ];
  for (const [wanted, existing] of cases) assert.equal(assignBibs(wanted, existing), byNextBib(wanted, existing), JSON.stringify(wanted.slice(0, 3)));
  assert.equal(assignBibs([null, '050', null], ['001']), ['051', '050', '052']);
  const many = assignBibs(Array.from({ length: 1000 }, () => null), ['998']);
  assert.equal([many[0], many[1], many[2], many.at(-1)], ['999', '1000', '1001', '1998']);
});

test.run();
