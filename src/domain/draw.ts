import { createHash } from 'node:crypto';

/**
 * The draw (抽签, with 二次加密): every entry of a skill gets a workstation by lot and, separately,
 * a random code. Judges, score sheets and the chief judge see codes only, so the code → entry
 * mapping must be kept from them until the organizer decrypts a locked round.
 *
 * In production the draw runs on seededRandom(newSeed()): a fresh, cryptographically random
 * 32-byte seed that is stored with the draw (who, when, seed, DRAW_ALGORITHM). Replaying the
 * seed reproduces the draw exactly, so the organizer can show an auditor which draw was made
 * and that it was not silently redone until a welcome result came up.
 */

/** A source of uniformly random integers in [0, maxExclusive). */
export interface RandomSource {
  int(maxExclusive: number): number;
}

export interface DrawnEntry {
  entryId: number;
  station: number;
  code: string;
}

export interface DrawOptions {
  /** Number of the first station [1]; stations are firstStation … firstStation + n − 1. */
  firstStation?: number;
  /** Digits of each code [defaultCodeLength(n)]. */
  codeLength?: number;
}

/** Recorded with each seed, so a replay uses the generator the draw was made with. */
export const DRAW_ALGORITHM = 'sha256-ctr-v1';

const TWO_32 = 2 ** 32;

/**
 * Block i of the stream is SHA-256(seed ‖ i as 8 bytes big-endian), i = 0, 1, …, read as eight
 * big-endian 32-bit words. int(m) takes the next word w, skips it when w ≥ 2³² − (2³² mod m)
 * (rejection, so no residue is favoured) and otherwise answers w mod m.
 */
export function seededRandom(seed: Uint8Array): RandomSource {
  let counter = 0n;
  let block: Uint8Array = new Uint8Array(0);
  let offset = 0;
  const nextWord = () => {
    if (offset === block.length) {
      const counterBytes = new Uint8Array(8);
      new DataView(counterBytes.buffer).setBigUint64(0, counter++);
      block = createHash('sha256').update(seed).update(counterBytes).digest();
      offset = 0;
    }
    const word = new DataView(block.buffer, block.byteOffset + offset, 4).getUint32(0);
    offset += 4;
    return word;
  };
  return {
    int(maxExclusive) {
      if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > TWO_32) {
        throw new RangeError(`int(${maxExclusive}): the bound must be a whole number from 1 to 2^32`);
      }
      const limit = TWO_32 - (TWO_32 % maxExclusive);
      for (;;) {
        const word = nextWord();
        if (word < limit) return word % maxExclusive;
      }
    },
  };
}

export function newSeed(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

export const seedToHex = (seed: Uint8Array): string => Buffer.from(seed).toString('hex');

export function seedFromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) throw new RangeError('A seed is written as pairs of hexadecimal digits');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Codes fill at most a tenth of the d-digit strings: 3 digits up to 100 entries, 4 up to 1,000. */
export function defaultCodeLength(entries: number): number {
  let digits = 3;
  while (10 ** (digits - 1) < entries) digits++;
  return digits;
}

const MAX_CODE_LENGTH = 9; // keeps the range of codes below 2³² for RandomSource.int

/** A source that keeps answering out of range is broken; stop instead of looping for ever. */
const MAX_TRIES = 10_000;

/**
 * A uniformly random permutation of the stations (Fisher–Yates) and, independently, a distinct
 * random code per entry that does not start with 0, is no station number of this draw and is
 * not within one of the entry's own station (station 12 never gets code 11, 12 or 13).
 * The result is in the order of `entryIds`.
 */
export function drawStations(entryIds: number[], random: RandomSource, options: DrawOptions = {}): DrawnEntry[] {
  const n = entryIds.length;
  const firstStation = options.firstStation ?? 1;
  const codeLength = options.codeLength ?? defaultCodeLength(n);
  if (new Set(entryIds).size !== n) throw new RangeError('Each entry is drawn once');
  if (!Number.isSafeInteger(firstStation) || firstStation < 1) throw new RangeError('The first station is a positive whole number');
  if (!Number.isInteger(codeLength) || codeLength < 3 || codeLength > MAX_CODE_LENGTH || 10 ** (codeLength - 1) < n) {
    throw new RangeError(`Codes of ${codeLength} digits are too short or too long for ${n} entries`);
  }

  const pick = (bound: number): number => {
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const value = random.int(bound);
      if (Number.isInteger(value) && value >= 0 && value < bound) return value;
    }
    throw new Error('The random source keeps answering out of range');
  };

  const stations = entryIds.map((_, i) => firstStation + i);
  for (let i = n - 1; i > 0; i--) {
    const j = pick(i + 1);
    [stations[i], stations[j]] = [stations[j]!, stations[i]!];
  }

  const lowest = 10 ** (codeLength - 1);
  const lastStation = firstStation + n - 1;
  const used = new Set<number>();
  const codes = stations.map((station) => {
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const code = lowest + pick(9 * lowest);
      const isStation = code >= firstStation && code <= lastStation;
      if (!used.has(code) && !isStation && Math.abs(code - station) > 1) {
        used.add(code);
        return String(code);
      }
    }
    throw new Error('The random source keeps repeating itself');
  });

  return entryIds.map((entryId, i) => ({ entryId, station: stations[i]!, code: codes[i]! }));
}
