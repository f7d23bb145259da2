import type { CurrentAccount } from '../auth/sessions.ts';
import type { Db } from '../db/client.ts';
import { GenerationCache } from '../db/generation-cache.ts';
import { filterPool, poolPeople, sameNumbers, uncertainMatches, type PoolFilter, type PoolPerson, type PoolResult, type UncertainMatch } from '../domain/talent-pool.ts';
import { visibleEvents } from '../events/access.ts';
import type { Prisma } from '../db/generated/client.ts';
import { publishedSnapshot } from '../results/queries.ts';
import { entryTitles, type SheetEntry } from '../results/snapshot.ts';

/**
 * Every published result in the events the filter names: per skill the publication in force,
 * each entry joined to its contestant by bib (the snapshot holds no ID numbers; the contestant
 * row does). A skill never published adds nothing. A federation's five years (a few thousand
 * contestants, a hundred publications) are read in three queries and the cached snapshots.
 */
export async function publishedResults(db: Db, events: Prisma.EventWhereInput, idNumbers?: readonly string[]): Promise<readonly PoolResult[]> {
  const key = JSON.stringify({ events, idNumbers: idNumbers ?? null });
  return (await results.get(db, key, () => readPublishedResults(db, events, idNumbers))).value;
}

/**
 * What publishedResults() read, kept while none of its tables is written (src/db/generation-cache.ts):
 * a federation's five years take a fifth of a second to read, and the pool and the figures are
 * opened again and again between two publications. Keyed by the events' filter (an account's).
 */
const results = new GenerationCache<string, readonly PoolResult[]>(['Publication', 'Skill', 'Event', 'Entry', 'Contestant', 'Organization', 'EventStaff'], 20);

async function readPublishedResults(db: Db, events: Prisma.EventWhereInput, idNumbers?: readonly string[]): Promise<PoolResult[]> {
  const publications = await db.publication.findMany({
    where: { supersededAt: null, skill: { event: events } },
    orderBy: [{ skillId: 'asc' }, { version: 'desc' }],
    select: { id: true, skillId: true, version: true, publishedAt: true, skill: { select: { name: true, event: { select: { id: true, name: true, startsOn: true, federationId: true } } } } },
  });
  const inForce = new Map<number, (typeof publications)[number]>();
  for (const p of publications) if (!inForce.has(p.skillId)) inForce.set(p.skillId, p);
  const entries = await db.entry.findMany({
    where: { skillId: { in: [...inForce.keys()] }, ...(idNumbers ? { contestant: { idNumber: { in: [...idNumbers] } } } : {}) },
    select: { bib: true, skillId: true, contestant: { select: { id: true, name: true, idNumber: true, gender: true, birthDate: true, skillLevel: true, organization: { select: { name: true } } } } },
  });
  const bySkill = new Map<number, typeof entries>();
  for (const entry of entries) {
    const own = bySkill.get(entry.skillId);
    if (own) own.push(entry);
    else bySkill.set(entry.skillId, [entry]);
  }
  const found: PoolResult[] = [];
  for (const [skillId, publication] of inForce) {
    const own = bySkill.get(skillId);
    if (!own) continue;
    const sheet = await publishedSnapshot(db, publication.id);
    const byBib = new Map<string, SheetEntry>(sheet.entries.map((e) => [e.bib, e]));
    const { event } = publication.skill;
    for (const entry of own) {
      const published = byBib.get(entry.bib);
      if (!published) continue;
      const { contestant } = entry;
      found.push({
        contestantId: contestant.id, idNumber: contestant.idNumber, name: contestant.name, gender: contestant.gender, birthDate: contestant.birthDate,
        organization: published.organizationName || contestant.organization.name, skillLevel: contestant.skillLevel,
        eventId: event.id, eventName: event.name, federationId: event.federationId, year: (event.startsOn ?? publication.publishedAt).getFullYear(),
        skillId, skillName: publication.skill.name, bib: entry.bib, status: published.status, rank: published.rank,
        prize: published.prize, titles: entryTitles(sheet, published),
        promotion: published.promotion ? { from: published.promotion.from, to: published.promotion.to } : null,
        publicationVersion: publication.version, publishedAt: publication.publishedAt,
      });
    }
  }
  return found;
}

/** The federation's decisions on uncertain matches: the pairs confirmed one person, and every pair decided. */
export async function matchDecisions(db: Db, federationId: number): Promise<{ same: [string, string][]; decided: (a: string, b: string) => boolean }> {
  const rows = await db.personMatch.findMany({ where: { federationId }, select: { idNumberA: true, idNumberB: true, decision: true } });
  const keys = new Set(rows.map((r) => `${r.idNumberA}\u0000${r.idNumberB}`));
  return { same: rows.filter((r) => r.decision === 'same').map((r) => [r.idNumberA, r.idNumberB]), decided: (a, b) => keys.has(`${a}\u0000${b}`) };
}

/** One person's published results in the events the account may view, found by one of his contestant rows (and the numbers confirmed his). */
export async function personResults(db: Db, account: CurrentAccount, contestantId: number): Promise<{ phone: string; results: readonly PoolResult[]; same: [string, string][] } | null> {
  const contestant = await db.contestant.findUnique({ where: { id: contestantId }, select: { idNumber: true } });
  if (!contestant) return null;
  const { same } = await matchDecisions(db, account.federationId);
  const numbers = sameNumbers(same, contestant.idNumber);
  const [results, latest] = await Promise.all([
    publishedResults(db, visibleEvents(account), numbers),
    db.contestant.findFirst({ where: { idNumber: { in: numbers }, event: visibleEvents(account), phone: { not: '' } }, orderBy: { createdAt: 'desc' }, select: { phone: true } }),
  ]);
  return { phone: latest?.phone ?? '', results, same };
}

/** A search of the pool as the query string has it, every part bounded: nothing typed into a URL costs more than a search. */
export function poolFilter(read: (name: string) => string | undefined): PoolFilter {
  const text = (name: string) => (read(name) ?? '').trim().slice(0, 60);
  const year = /^(19|20)\d\d$/.test(text('year')) ? Number(text('year')) : null;
  return { q: text('q'), trade: text('trade'), organization: text('organization'), title: text('title'), grade: text('grade'), year };
}

export const POOL_PAGE_SIZE = 50;

export interface PoolSearch {
  total: number;
  /** Pairs of people who may be one, for an organizer to decide (/pool/matches). */
  uncertain: UncertainMatch[];
  /** Everyone the filter found, in pinyin order (the page shows a slice of it, the export all). */
  found: PoolPerson[];
  /** What the filter's lists offer: the titles held and the years with results. */
  options: { titles: string[]; years: number[] };
}

/** The pool as the account sees it, searched. */
export async function searchPool(db: Db, account: CurrentAccount, filter: PoolFilter): Promise<PoolSearch> {
  const [results, decisions] = await Promise.all([publishedResults(db, visibleEvents(account)), matchDecisions(db, account.federationId)]);
  const people = poolPeople(results, decisions.same);
  return {
    total: people.length,
    uncertain: uncertainMatches(people, results, decisions.decided),
    found: filterPool(people, filter),
    options: {
      titles: [...new Set(people.flatMap((p) => p.titles))].sort(),
      years: [...new Set(people.flatMap((p) => p.results.map((r) => r.year)))].sort((a, b) => b - a),
    },
  };
}

/** One page of a search: 1 … pageCount, whatever was asked. */
export function pageOf<T>(items: readonly T[], asked: string | undefined): { items: T[]; current: number; pageCount: number } {
  const pageCount = Math.max(1, Math.ceil(items.length / POOL_PAGE_SIZE));
  const current = Math.min(pageCount, Math.max(1, Number.parseInt(asked ?? '1', 10) || 1));
  return { items: items.slice((current - 1) * POOL_PAGE_SIZE, current * POOL_PAGE_SIZE), current, pageCount };
}

/** A person's record as the account may see it, found by one of his contestant rows; null without a published result there. */
export async function personRecord(db: Db, account: CurrentAccount, contestantId: number): Promise<{ person: PoolPerson; phone: string } | null> {
  const found = await personResults(db, account, contestantId);
  if (!found || found.results.length === 0) return null;
  return { person: poolPeople(found.results, found.same)[0]!, phone: found.phone };
}
