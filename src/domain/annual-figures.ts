import { federationsBelow, type FederationNode } from './federations.ts';
import { byName } from './names.ts';
import type { PoolResult } from './talent-pool.ts';

/**
 * The numbers a federation's yearly report quotes (年度数据): contests held, trades,
 * participants, organizations, prizes, titles and promotions, per year and broken down by trade,
 * by organization and by the federations below. Counted from published results only, as the
 * talent pool is; a worker who did not compete (absent, withdrawn, disqualified) is not a
 * participant, and one who competed in two skills of a year is one participant, two entries.
 */
export interface Figures {
  contests: number;
  trades: number;
  /** Distinct workers (ID numbers) who competed. */
  participants: number;
  /** Person-times (人次): one per skill competed in. */
  entries: number;
  organizations: number;
  firstPrizes: number;
  secondPrizes: number;
  thirdPrizes: number;
  prizes: number;
  titles: number;
  promotions: number;
}

export const figureNames = ['contests', 'trades', 'participants', 'entries', 'organizations', 'prizes', 'firstPrizes', 'secondPrizes', 'thirdPrizes', 'titles', 'promotions'] as const;

/** The figures of a set of results. */
export function figuresOf(results: readonly PoolResult[]): Figures {
  const competed = results.filter((r) => r.status === 'competed');
  const count = (prize: 1 | 2 | 3) => competed.filter((r) => r.prize === prize).length;
  const distinct = (key: (r: PoolResult) => string | number) => new Set(competed.map(key)).size;
  return {
    contests: new Set(results.map((r) => r.eventId)).size,
    trades: distinct((r) => r.skillName.trim()),
    participants: distinct((r) => r.idNumber),
    entries: competed.length,
    organizations: distinct((r) => r.organization.trim()),
    firstPrizes: count(1), secondPrizes: count(2), thirdPrizes: count(3),
    prizes: competed.filter((r) => r.prize !== null).length,
    titles: competed.reduce((sum, r) => sum + r.titles.length, 0),
    promotions: competed.filter((r) => r.promotion !== null).length,
  };
}

/** Every year with a published result, oldest first, with its figures. */
export function yearlyFigures(results: readonly PoolResult[]): { year: number; figures: Figures }[] {
  const years = [...new Set(results.map((r) => r.year))].sort((a, b) => a - b);
  return years.map((year) => ({ year, figures: figuresOf(results.filter((r) => r.year === year)) }));
}

/** A breakdown's rows, most participants first (then by name): the trades, organizations or federations of a year. */
export function breakdown(results: readonly PoolResult[], keyOf: (r: PoolResult) => string): { key: string; figures: Figures }[] {
  const groups = new Map<string, PoolResult[]>();
  for (const r of results) {
    const key = keyOf(r);
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups].map(([key, own]) => ({ key, figures: figuresOf(own) }))
    .sort((a, b) => b.figures.participants - a.figures.participants || b.figures.entries - a.figures.entries || byName.compare(a.key, b.key));
}

/**
 * For the federations below `rootId`: which branch a federation's contests count under, the
 * federation directly below the root on the way down (a district's enterprises count under the
 * district), or the root itself for its own. Null for a federation outside the tree.
 */
export function branchOf(nodes: readonly FederationNode[], rootId: number): (federationId: number) => number | null {
  const parent = new Map(nodes.map((n) => [n.id, n.parentId]));
  const below = new Set(federationsBelow(nodes, rootId).map((n) => n.id));
  return (federationId) => {
    if (federationId === rootId) return rootId;
    if (!below.has(federationId)) return null;
    let id = federationId;
    // Walk up to the root's child; the tree is below the root, so this ends.
    for (let step = 0; step < nodes.length; step++) {
      const up = parent.get(id);
      if (up === rootId) return id;
      if (up === null || up === undefined) return null;
      id = up;
    }
    return null;
  };
}

/** The change from one year to the next, as a share of the earlier (null when there was nothing to compare with). */
export const change = (now: number, before: number | undefined): number | null => (before === undefined || before === 0 ? null : (now - before) / before);
