import { byName } from './names.ts';

/**
 * The talent pool (工匠库): every worker who competed in a federation's contests, one person per
 * ID number however many contests, with each published result he won. Built from publications
 * only (a result that was never published is not in it), and grouped by ID number: the same
 * number in two events is the same person.
 */

/** One published result of one contestant, as read from a publication and its event. */
export interface PoolResult {
  contestantId: number;
  idNumber: string;
  name: string;
  gender: string;
  /** YYYY-MM-DD, as registered. */
  birthDate: string;
  organization: string;
  /** The skill level registered for this contest (职业资格等级), '' when none was given. */
  skillLevel: string;
  eventId: number;
  eventName: string;
  /** The federation that ran the contest. */
  federationId: number;
  /** The year the contest is counted in: its first day, or the publication's date without one. */
  year: number;
  skillId: number;
  skillName: string;
  bib: string;
  /** competed, dns, disqualified, withdrawn (src/results/snapshot.ts). */
  status: string;
  rank: number | null;
  prize: 1 | 2 | 3 | null;
  titles: string[];
  promotion: { from: string; to: string } | null;
  publicationVersion: number;
  publishedAt: Date;
}

export interface PoolPerson {
  /** The contestant row of his latest contest: the record's address (/pool/contestants/<id>). */
  key: number;
  /** Of his latest contest. */
  idNumber: string;
  /** Every ID number he competed under: more than one when an organizer confirmed they are one person. */
  idNumbers: string[];
  name: string;
  gender: string;
  /** Of his latest contest. */
  organization: string;
  /** The level he reached: his latest promotion's, else the latest level registered. */
  grade: string;
  /** Newest first. */
  results: PoolResult[];
  prizes: number;
  titles: string[];
}

const newestFirst = (a: PoolResult, b: PoolResult) => b.year - a.year || b.publishedAt.getTime() - a.publishedAt.getTime() || b.contestantId - a.contestantId;

/** Which ID numbers are one person: each number's representative, after the pairs confirmed the same. */
function sameness(same: readonly (readonly [string, string])[]): (idNumber: string) => string {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const [a, b] of same) {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
  return find;
}

/** Every ID number the confirmed pairs join to this one (itself included): one person's numbers. */
export function sameNumbers(same: readonly (readonly [string, string])[], idNumber: string): string[] {
  const personOf = sameness(same);
  const own = personOf(idNumber);
  return [...new Set([idNumber, ...same.flat().filter((id) => personOf(id) === own)])];
}

/**
 * One person per ID number (and per set of numbers an organizer confirmed are one person), each
 * with his results newest first; people in pinyin order of name.
 */
export function poolPeople(results: readonly PoolResult[], same: readonly (readonly [string, string])[] = []): PoolPerson[] {
  const personOf = sameness(same);
  const byPerson = new Map<string, PoolResult[]>();
  for (const result of results) {
    const key = personOf(result.idNumber);
    const own = byPerson.get(key);
    if (own) own.push(result);
    else byPerson.set(key, [result]);
  }
  const people: PoolPerson[] = [];
  for (const own of byPerson.values()) {
    const sorted = [...own].sort(newestFirst);
    const latest = sorted[0]!;
    const promoted = sorted.find((r) => r.promotion !== null);
    people.push({
      key: latest.contestantId, idNumber: latest.idNumber, idNumbers: [...new Set(sorted.map((r) => r.idNumber))], name: latest.name, gender: latest.gender, organization: latest.organization,
      grade: promoted?.promotion?.to || sorted.find((r) => r.skillLevel !== '')?.skillLevel || '',
      results: sorted,
      prizes: sorted.filter((r) => r.prize !== null).length,
      titles: [...new Set(sorted.flatMap((r) => r.titles))],
    });
  }
  return people.sort((a, b) => byName.compare(a.name, b.name) || a.key - b.key);
}

export interface PoolFilter {
  /** Part of the name, or the ID number's last digits. */
  q: string;
  /** The trade: part of a skill's name. */
  trade: string;
  organization: string;
  /** A title held (exactly, e.g. 技术能手); '' for any. */
  title: string;
  /** A grade reached (src/domain/contestant-sheet.ts levels); '' for any. */
  grade: string;
  year: number | null;
}

export const noFilter: PoolFilter = { q: '', trade: '', organization: '', title: '', grade: '', year: null };

/**
 * The people the filter asks for. Trade, organization, title and year must meet in one result
 * (a welder of 2025 who won a title in 2026 as an electrician is neither a 2025 title holder nor a
 * titled welder); the name and grade are the person's.
 */
export function filterPool(people: readonly PoolPerson[], filter: PoolFilter): PoolPerson[] {
  const q = filter.q.trim().toLowerCase();
  return people.filter((person) => {
    if (q && !person.name.toLowerCase().includes(q) && !(q.length >= 4 && /^[0-9x]+$/.test(q) && person.idNumbers.some((id) => id.toLowerCase().endsWith(q)))) return false;
    if (filter.grade && person.grade !== filter.grade) return false;
    return person.results.some((r) =>
      (!filter.trade || r.skillName.includes(filter.trade.trim()))
      && (!filter.organization || r.organization.includes(filter.organization.trim()))
      && (!filter.title || r.titles.includes(filter.title))
      && (filter.year === null || r.year === filter.year));
  });
}

/** Two people of the pool who may be one: the same name and birth date under two ID numbers. */
export interface UncertainMatch {
  a: PoolPerson;
  b: PoolPerson;
}

/** A pair of ID numbers in the order it is stored (PersonMatch: idNumberA < idNumberB). */
export const matchPair = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);

/**
 * The pairs an organizer should look at: people of the pool (after the confirmed merges) with the
 * same name and birth date, whose ID numbers no decision has paired yet. A mistyped digit makes
 * two people of one; twins share a birth date but rarely a name.
 */
export function uncertainMatches(people: readonly PoolPerson[], results: readonly PoolResult[], decided: (a: string, b: string) => boolean): UncertainMatch[] {
  const birthOf = new Map(results.map((r) => [r.idNumber, r.birthDate]));
  const groups = new Map<string, PoolPerson[]>();
  for (const person of people) {
    const key = `${person.name.trim()}\u0000${birthOf.get(person.idNumber) ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(person);
    else groups.set(key, [person]);
  }
  const matches: UncertainMatch[] = [];
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = [group[i]!, group[j]!];
        const seen = a.idNumbers.some((x) => b.idNumbers.some((y) => decided(...matchPair(x, y))));
        if (!seen) matches.push({ a, b });
      }
    }
  }
  return matches;
}
