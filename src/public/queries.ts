import { medalTable, organizationStandings } from '../domain/results.ts';
import type { Db } from '../db/client.ts';
import { publication, publications, publishedSnapshot, type PublicationDetail, type PublicationSummary } from '../results/queries.ts';
import { whileUnchanged } from './cache.ts';
import type { SheetEntry } from '../results/snapshot.ts';

/**
 * What the public pages and the big screen read. Results come ONLY from Publication snapshots
 * (the version in force, or an older version asked for by number): never from marks, entries or
 * contestants, so nothing unpublished and nothing the snapshot leaves out (ID and phone numbers,
 * codes, judges) can reach them. The one exception is the self-lookup check, which compares the
 * last four digits against the Contestant record and answers only yes or no.
 */

export interface PublicEvent {
  id: number;
  name: string;
  nameEn: string;
  startsOn: Date | null;
  endsOn: Date | null;
  venue: string;
}

export interface PublishedSkill {
  skillId: number;
  /** From the snapshot, as published. */
  name: string;
  nameEn: string;
  version: number;
  publishedAt: Date;
  noticeUntil: Date;
  competitors: number;
}

const eventFacts = whileUnchanged<PublicEvent | null>(['Event']);

/** A draft event is nobody's business yet: null (404). Kept until the next write to an event. */
export function publicEvent(db: Db, eventId: number): Promise<PublicEvent | null> {
  return eventFacts(db, eventId, async () => {
    const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, name: true, nameEn: true, startsOn: true, endsOn: true, venue: true, status: true } });
    if (!event || event.status === 'draft') return null;
    const { status: _status, ...shown } = event;
    return shown;
  });
}

export interface PublishedSkillState {
  eventId: number;
  /** Newest first, superseded ones included. */
  versions: PublicationSummary[];
  /** The version in force. */
  newest: number;
  /**
   * Names the state above within the database's epoch: a publication's row never changes but for
   * supersededAt (triggers), so its id and that say everything a page of it shows.
   */
  signature: string;
}

/** What a publication, its author or a skill's event is read from (and so the pages made of them). */
export const PUBLISHED_TABLES = ['Publication', 'Skill', 'Account'] as const;
const publishedSkills = whileUnchanged<PublishedSkillState | null>(PUBLISHED_TABLES);

/** A skill's publications, for the public pages; null before the first (a 404 for the public). Kept until the next publication. */
export function publishedSkillState(db: Db, skillId: number): Promise<PublishedSkillState | null> {
  return publishedSkills(db, skillId, async () => {
    const [versions, skill] = await Promise.all([publications(db, skillId), db.skill.findUnique({ where: { id: skillId }, select: { eventId: true } })]);
    const newest = versions.find((v) => v.supersededAt === null)?.version ?? versions[0]?.version;
    if (!skill || newest === undefined) return null;
    return { eventId: skill.eventId, versions, newest, signature: versions.map((v) => `${v.id}:${v.supersededAt?.getTime() ?? ''}`).join(',') };
  });
}

/** One version of a published skill, its snapshot parsed once (publishedSnapshot()). */
export async function publishedVersion(db: Db, state: PublishedSkillState, version: number): Promise<PublicationDetail | null> {
  const summary = state.versions.find((v) => v.version === version);
  return summary ? { ...summary, snapshot: await publishedSnapshot(db, summary.id) } : null;
}

/** The version in force (never superseded), like currentPublication(). */
export function versionInForce(state: PublishedSkillState): PublicationSummary | null {
  return state.versions.find((v) => v.supersededAt === null) ?? null;
}

/** The versions in force of the event's skills, in the organizer's skill order. */
export async function currentPublications(db: Db, eventId: number): Promise<PublicationDetail[]> {
  const rows = await db.publication.findMany({
    where: { supersededAt: null, skill: { eventId } },
    orderBy: [{ skill: { position: 'asc' } }, { skillId: 'asc' }],
    select: { skillId: true, version: true },
  });
  const found = await Promise.all(rows.map((r) => publication(db, r.skillId, r.version)));
  return found.filter((p): p is PublicationDetail => p !== null);
}

export function summary(p: PublicationDetail): PublishedSkill {
  return {
    skillId: p.skillId, name: p.snapshot.skill.name, nameEn: p.snapshot.skill.nameEn, version: p.version,
    publishedAt: p.publishedAt, noticeUntil: p.noticeUntil, competitors: p.snapshot.competitors,
  };
}

export interface SearchHit {
  skillId: number;
  skillName: string;
  skillNameEn: string;
  entry: SheetEntry;
}

/**
 * Name or bib search across the event's current publications: a case-insensitive substring of the
 * name or of the Latin name, spaces aside ("zhangwei" finds Zhang Wei), or the bib's beginning.
 */
export async function searchPublished(db: Db, eventId: number, query: string): Promise<SearchHit[]> {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const latin = q.replace(/\s+/g, '');
  const hits: SearchHit[] = [];
  for (const p of await currentPublications(db, eventId)) {
    for (const entry of p.snapshot.entries) {
      const latinName = (entry.nameLatin ?? '').toLowerCase().replace(/\s+/g, '');
      if (entry.name.toLowerCase().includes(q) || entry.bib.toLowerCase().startsWith(q) || (latin !== '' && latinName.includes(latin))) {
        hits.push({ skillId: p.skillId, skillName: p.snapshot.skill.name, skillNameEn: p.snapshot.skill.nameEn, entry });
      }
    }
  }
  return hits.slice(0, 100);
}

export interface OwnResult {
  publication: PublicationDetail;
  entry: SheetEntry;
}

const lastFour = (value: string) => value.replace(/\s/g, '').slice(-4).toUpperCase();

interface LookupKey {
  skillId: number;
  bib: string;
  /** The last four of the contestant's ID number, and of the phone (null when shorter than four). */
  idNumber: string;
  phone: string | null;
}

/**
 * The event's entries by bib with the last four digits the self-lookup compares, read once (two
 * flat queries) until the next write to an entry or a contestant: when results are published,
 * every contestant looks up at once. Only the last four digits are kept.
 */
const eventLookupKeys = whileUnchanged<Map<string, LookupKey>>(['Entry', 'Contestant'], 100);
function lookupKeys(db: Db, eventId: number): Promise<Map<string, LookupKey>> {
  return eventLookupKeys(db, eventId, async () => {
    const [entries, contestants] = await Promise.all([
      db.entry.findMany({ where: { eventId }, select: { skillId: true, bib: true, contestantId: true } }),
      db.contestant.findMany({ where: { eventId }, select: { id: true, idNumber: true, phone: true } }),
    ]);
    const people = new Map(contestants.map((c) => [c.id, c]));
    const keys = new Map<string, LookupKey>();
    for (const e of entries) {
      const person = people.get(e.contestantId);
      if (!person) continue;
      keys.set(e.bib, { skillId: e.skillId, bib: e.bib, idNumber: lastFour(person.idNumber), phone: person.phone.trim().length >= 4 ? lastFour(person.phone) : null });
    }
    return keys;
  });
}

/**
 * The contestant's own published result: the bib must be an entry of the event whose contestant's
 * ID number or phone ends in `digits`, and the entry's skill must be published. Null otherwise,
 * whatever the reason, so a failure never tells whether the bib exists.
 */
export async function ownResult(db: Db, eventId: number, bib: string, digits: string): Promise<OwnResult | null> {
  const wanted = digits.trim().toUpperCase();
  if (!/^[0-9X]{4}$/.test(wanted) || bib.trim() === '') return null;
  const entry = (await lookupKeys(db, eventId)).get(bib.trim());
  if (!entry) return null;
  const matches = entry.idNumber === wanted || entry.phone === wanted;
  if (!matches) return null;
  const state = await publishedSkillState(db, entry.skillId);
  const inForce = state && versionInForce(state);
  const current = state && inForce && (await publishedVersion(db, state, inForce.version));
  const own = current?.snapshot.entries.find((e) => e.bib === entry.bib);
  return current && own ? { publication: current, entry: own } : null;
}

/* ------------------------------------------------------------------------------------------ */
/* The big screen                                                                              */
/* ------------------------------------------------------------------------------------------ */

export interface DisplaySettings {
  /** Skills chosen to rotate; empty = every published skill. */
  skillIds: number[];
  intervalSeconds: number;
  pinnedSkillId: number | null;
  titleOnly: boolean;
}

export const DEFAULT_INTERVAL_SECONDS = 15;

export async function displaySettings(db: Db, eventId: number): Promise<DisplaySettings> {
  const row = await db.displaySetting.findUnique({ where: { eventId } });
  if (!row) return { skillIds: [], intervalSeconds: DEFAULT_INTERVAL_SECONDS, pinnedSkillId: null, titleOnly: false };
  let skillIds: number[] = [];
  try {
    const parsed: unknown = JSON.parse(row.skillIds);
    if (Array.isArray(parsed)) skillIds = parsed.filter((n): n is number => Number.isSafeInteger(n));
  } catch { /* a broken value shows every published skill */ }
  return { skillIds, intervalSeconds: row.intervalSeconds, pinnedSkillId: row.pinnedSkillId, titleOnly: row.titleOnly };
}

/**
 * The skills the display rotates through: the pinned one alone, or the chosen ones, or all —
 * always intersected with the published ones, so settings naming an unpublished skill show nothing of it.
 */
export function rotation(published: PublicationDetail[], settings: DisplaySettings): PublicationDetail[] {
  if (settings.titleOnly) return [];
  if (settings.pinnedSkillId !== null) {
    const pinned = published.find((p) => p.skillId === settings.pinnedSkillId);
    if (pinned) return [pinned];
  }
  if (settings.skillIds.length === 0) return published;
  return published.filter((p) => settings.skillIds.includes(p.skillId));
}

export interface OrganizationTables {
  bestN: number;
  /** nameEn: the organization's English name in the snapshots, '' when it has none. */
  standings: { rank: number | null; name: string; nameEn: string; score: number; competitors: number }[];
  medals: { rank: number; name: string; nameEn: string; first: number; second: number; third: number }[];
}

/**
 * Organization standings (sum of each organization's best N totals) and the medal table, over
 * the skills published so far, from their snapshots. Snapshots name organizations, which are
 * unique within an event, so the name stands for the organization here.
 */
export function organizationTables(published: PublicationDetail[], bestN: number): OrganizationTables {
  const ids = new Map<string, number>();
  const idOf = (name: string) => ids.get(name) ?? (ids.set(name, ids.size + 1), ids.size);
  const english = new Map<string, string>();
  for (const p of published) for (const e of p.snapshot.entries) if (e.organizationNameEn && !english.has(e.organizationName)) english.set(e.organizationName, e.organizationNameEn);
  const nameEn = (name: string) => english.get(name) ?? '';
  const entries = published.flatMap((p, skillIndex) =>
    p.snapshot.entries.map((e, index) => ({
      entryId: skillIndex * 100_000 + index,
      organizationId: idOf(e.organizationName),
      totalRounded: e.total,
      prize: e.prize,
    })),
  );
  const names = [...ids].map(([name, id]) => ({ id, name }));
  const nameOf = (id: number) => names.find((o) => o.id === id)?.name ?? '';
  return {
    bestN,
    standings: organizationStandings(entries, bestN)
      .filter((row) => row.competitors > 0)
      .map((row) => ({ rank: row.rank, name: nameOf(row.organizationId), nameEn: nameEn(nameOf(row.organizationId)), score: row.score, competitors: row.competitors })),
    medals: medalTable(entries, names).map((row) => ({ rank: row.rank, name: row.name, nameEn: nameEn(row.name), first: row.first, second: row.second, third: row.third })),
  };
}
