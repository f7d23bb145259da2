import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DRAW_ALGORITHM,
  defaultCodeLength,
  drawStations,
  newSeed,
  seedFromHex,
  seedToHex,
  seededRandom,
  type RandomSource,
} from '../../src/domain/draw.ts';

const seed0to31 = Uint8Array.from({ length: 32 }, (_, i) => i);
/** Deterministic, distinct 32-byte seeds for the statistical tests. */
const seedNumber = (n: number) => {
  const seed = new Uint8Array(32);
  new DataView(seed.buffer).setUint32(28, n);
  return seed;
};
const ids = (n: number) => Array.from({ length: n }, (_, i) => 1000 + i);

test('the generator is SHA-256 in counter mode: values checked against an independent implementation', () => {
  // Python: hashlib.sha256(bytes(range(32)) + struct.pack('>Q', i)), words read big-endian.
  assert.is(DRAW_ALGORITHM, 'sha256-ctr-v1');
  const thousand = seededRandom(seed0to31);
  assert.equal(Array.from({ length: 10 }, () => thousand.int(1000)), [832, 949, 779, 199, 253, 217, 187, 40, 960, 960]);
  // With a bound of 3·10⁹ the words 3497703199, 3186738187 and 3844601040 are rejected.
  const large = seededRandom(seed0to31);
  assert.equal(Array.from({ length: 10 }, () => large.int(3_000_000_000)), [
    2849432832, 691701949, 952885779, 2360485253, 1376201217, 1617019960, 1836717960, 326517996, 1973881847, 70057319,
  ]);
});

test('the generator refuses bounds it cannot serve without bias', () => {
  const random = seededRandom(seed0to31);
  for (const bound of [0, -1, 1.5, Number.NaN, 2 ** 32 + 1]) {
    assert.throws(() => random.int(bound), RangeError, String(bound));
  }
  assert.is(random.int(1), 0);
  assert.ok(random.int(2 ** 32) < 2 ** 32);
});

test('a recorded draw replays exactly (values checked against an independent implementation)', () => {
  assert.equal(drawStations([11, 12, 13, 14, 15, 16], seededRandom(seed0to31)), [
    { entryId: 11, station: 6, code: '517' },
    { entryId: 12, station: 3, code: '287' },
    { entryId: 13, station: 2, code: '940' },
    { entryId: 14, station: 4, code: '860' },
    { entryId: 15, station: 5, code: '760' },
    { entryId: 16, station: 1, code: '916' },
  ]);
  assert.equal(drawStations([11, 12, 13, 14, 15, 16], seededRandom(seed0to31), { firstStation: 101, codeLength: 4 }), [
    { entryId: 11, station: 106, code: '3217' },
    { entryId: 12, station: 103, code: '1187' },
    { entryId: 13, station: 102, code: '9040' },
    { entryId: 14, station: 104, code: '8960' },
    { entryId: 15, station: 105, code: '7960' },
    { entryId: 16, station: 101, code: '7216' },
  ]);
});

test('the same seed gives the same draw, another seed another draw', () => {
  const seed = newSeed();
  assert.equal(drawStations(ids(40), seededRandom(seed)), drawStations(ids(40), seededRandom(seed.slice())));
  assert.equal(drawStations(ids(40), seededRandom(seedFromHex(seedToHex(seed)))), drawStations(ids(40), seededRandom(seed)));
  assert.not.equal(drawStations(ids(40), seededRandom(seedNumber(1))), drawStations(ids(40), seededRandom(seedNumber(2))));
});

test('every station is used exactly once, and codes are distinct numbers of the right length', () => {
  for (const [n, firstStation, digits] of [[1, 1, 3], [2, 1, 3], [100, 1, 3], [101, 1, 4], [250, 5, 4], [1000, 1, 4], [1001, 1, 5]] as const) {
    const drawn = drawStations(ids(n), seededRandom(seedNumber(n)), { firstStation });
    assert.equal(drawn.map((d) => d.entryId), ids(n), 'in the order of the entries');
    assert.equal(drawn.map((d) => d.station).sort((a, b) => a - b), Array.from({ length: n }, (_, i) => firstStation + i));
    assert.is(new Set(drawn.map((d) => d.code)).size, n);
    for (const { station, code } of drawn) {
      assert.match(code, new RegExp(`^[1-9]\\d{${digits - 1}}$`));
      assert.ok(Math.abs(Number(code) - station) > 1, `code ${code} next to station ${station}`);
      assert.ok(Number(code) < firstStation || Number(code) >= firstStation + n, `code ${code} is a station number`);
    }
  }
});

test('codes avoid station numbers even where the ranges overlap', () => {
  // Stations 100–199 and three-digit codes: a code must not be any of them, nor next to its own station.
  for (let s = 0; s < 20; s++) {
    for (const { station, code } of drawStations(ids(100), seededRandom(seedNumber(s)), { firstStation: 100 })) {
      assert.ok(Number(code) >= 200, `${code} for station ${station}`);
      assert.ok(Math.abs(Number(code) - station) > 1);
    }
  }
});

test('code length: at most one code in ten of the possible strings, never fewer than 3 digits', () => {
  assert.equal([0, 1, 10, 100, 101, 1000, 1001, 10_000, 10_001].map(defaultCodeLength), [3, 3, 3, 3, 4, 4, 5, 5, 6]);
  const random = seededRandom(seed0to31);
  assert.throws(() => drawStations(ids(101), random, { codeLength: 3 }), RangeError);
  assert.throws(() => drawStations(ids(5), random, { codeLength: 2 }), RangeError);
  assert.throws(() => drawStations(ids(5), random, { codeLength: 10 }), RangeError);
  assert.is(drawStations(ids(5), random, { codeLength: 6 })[0]!.code.length, 6);
});

test('an empty list draws nothing; one entry gets the first station', () => {
  assert.equal(drawStations([], seededRandom(seed0to31)), []);
  const [only, ...rest] = drawStations([7], seededRandom(seed0to31), { firstStation: 3 });
  assert.equal(rest, []);
  assert.is(only!.entryId, 7);
  assert.is(only!.station, 3);
  assert.match(only!.code, /^[1-9]\d\d$/);
});

test('bad input is refused rather than drawn', () => {
  const random = seededRandom(seed0to31);
  assert.throws(() => drawStations([1, 2, 1], random), RangeError);
  assert.throws(() => drawStations([1, 2], random, { firstStation: 0 }), RangeError);
  assert.throws(() => drawStations([1, 2], random, { firstStation: 1.5 }), RangeError);
});

test('each entry lands on each station about equally often (fixed seeds, so this never flakes)', () => {
  // 4 entries × 4 stations over 4,000 draws: 1,000 expected per cell, standard deviation ≈ 27.
  const counts = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
  const permutations = new Map<string, number>();
  for (let s = 0; s < 4000; s++) {
    const drawn = drawStations([0, 1, 2, 3], seededRandom(seedNumber(s)));
    for (const { entryId, station } of drawn) counts[entryId]![station - 1]!++;
    const key = drawn.map((d) => d.station).join('');
    permutations.set(key, (permutations.get(key) ?? 0) + 1);
  }
  for (const row of counts) for (const count of row) assert.ok(count > 880 && count < 1120, `count ${count}`);
  // All 24 orders, each expected 4000/24 ≈ 166.7: chi-square with 23 degrees of freedom, 60 is p < 0.0001.
  assert.is(permutations.size, 24);
  const expected = 4000 / 24;
  const chiSquare = [...permutations.values()].reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
  assert.ok(chiSquare < 60, `chi-square ${chiSquare}`);
});

test('codes are spread over their whole range', () => {
  // First digits 1–9 of 3-digit codes over 2,000 draws of 10 entries: 2,222 expected each.
  const firstDigits = new Array<number>(10).fill(0);
  for (let s = 0; s < 2000; s++) {
    for (const { code } of drawStations(ids(10), seededRandom(seedNumber(s)))) firstDigits[Number(code[0])]!++;
  }
  assert.is(firstDigits[0], 0);
  for (const count of firstDigits.slice(1)) assert.ok(count > 2000 && count < 2450, `count ${count}`);
});

/** Answers from a script, then falls back to 0 (always in range). */
const scripted = (answers: number[]): RandomSource & { bounds: number[] } => {
  const bounds: number[] = [];
  return {
    bounds,
    int(maxExclusive) {
      bounds.push(maxExclusive);
      return answers.length > 0 ? answers.shift()! : 0;
    },
  };
};

test('answers out of range are rejected and asked again, never used as an index', () => {
  // Fisher–Yates on 3 stations asks int(3) then int(2): j = 0 twice turns 1 2 3 into 2 3 1.
  // Each code asks int(900) for an offset from 100.
  const clean = scripted([0, 0, 5, 6, 7]);
  const spoiled = scripted([3, -1, 2.5, Number.NaN, 0, 2, 0, 900, -5, 5, 6, 7]);
  const expected = [
    { entryId: 1, station: 2, code: '105' },
    { entryId: 2, station: 3, code: '106' },
    { entryId: 3, station: 1, code: '107' },
  ];
  assert.equal(drawStations([1, 2, 3], clean), expected);
  assert.equal(clean.bounds, [3, 2, 900, 900, 900]);
  assert.equal(drawStations([1, 2, 3], spoiled), expected);
  assert.equal(spoiled.bounds, [3, 3, 3, 3, 3, 2, 2, 900, 900, 900, 900, 900]);
});

test('a code that is a station number, already taken or next to its own station is drawn again', () => {
  // Stations 99, 100, 101 stay in order (j = i); offsets from 100.
  const random = scripted([2, 1, /* 100 is a station */ 0, 1, 5, /* 105 is taken */ 5, 6, /* 102 is next to 101 */ 2, 8]);
  assert.equal(drawStations([1, 2, 3], random, { firstStation: 99 }), [
    { entryId: 1, station: 99, code: '105' },
    { entryId: 2, station: 100, code: '106' },
    { entryId: 3, station: 101, code: '108' },
  ]);
  assert.is(random.bounds.length, 2 + 3 + 2 + 2);
});

test('a source that never answers in range stops the draw instead of looping', () => {
  const broken: RandomSource = { int: (max) => max };
  assert.throws(() => drawStations([1, 2], broken), /out of range/);
  const stuck: RandomSource = { int: () => 0 };
  assert.throws(() => drawStations([1, 2], stuck), /repeating/);
});

test('new seeds are 32 random bytes and round-trip through hex', () => {
  const a = newSeed();
  assert.is(a.length, 32);
  assert.not.equal(seedToHex(a), seedToHex(newSeed()));
  assert.is(seedToHex(seed0to31), '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
  assert.equal(seedFromHex('000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F'), seed0to31);
  assert.throws(() => seedFromHex('abc'), RangeError);
  assert.throws(() => seedFromHex('zz'), RangeError);
});

test.run();
