import type { Db } from '../db/client.ts';
import { GenerationCache } from '../db/generation-cache.ts';
import type { Prisma } from '../db/generated/client.ts';
import { CONTESTANTS_PER_PAGE, type ContestantListFilter } from './list-filter.ts';
import type { SkillLevel } from '../domain/contestant-sheet.ts';
import type { Gender } from '../domain/id-number.ts';

export interface OrganizationRow {
  id: number;
  name: string;
  nameEn: string;
  contactName: string;
  contactPhone: string;
  contestantCount: number;
  hasLink: boolean;
  linkDeadline: Date | null;
  submittedAt: Date | null;
  approvedAt: Date | null;
}

export interface EntryRow {
  id: number;
  skillId: number;
  skillName: string;
  bib: string;
  status: string;
  attendance: string | null;
  /** The entry's team, in a team skill; null otherwise or before one is named. */
  team: string | null;
}

export interface ContestantRow {
  id: number;
  name: string;
  nameLatin: string;
  gender: Gender;
  idNumber: string;
  birthDate: string;
  phone: string;
  skillLevel: SkillLevel;
  organizationId: number;
  organizationName: string;
  hasPhoto: boolean;
  entries: EntryRow[];
}

type OrganizationWithCount = Prisma.OrganizationGetPayload<{ include: { _count: { select: { contestants: true } } } }>;

function toOrganizationRow(row: OrganizationWithCount): OrganizationRow {
  return {
    id: row.id,
    name: row.name,
    nameEn: row.nameEn,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    contestantCount: row._count.contestants,
    hasLink: row.linkTokenHash !== null,
    linkDeadline: row.linkDeadline,
    submittedAt: row.submittedAt,
    approvedAt: row.approvedAt,
  };
}

export async function listOrganizations(db: Db, eventId: number): Promise<OrganizationRow[]> {
  const rows = await db.organization.findMany({
    where: { eventId },
    orderBy: { name: 'asc' },
    include: { _count: { select: { contestants: true } } },
  });
  return rows.map(toOrganizationRow);
}

/** One organization with the event it belongs to, for its edit page. */
export async function findOrganization(db: Db, organizationId: number): Promise<(OrganizationRow & { eventId: number }) | null> {
  const row = await db.organization.findUnique({ where: { id: organizationId }, include: { _count: { select: { contestants: true } } } });
  return row ? { ...toOrganizationRow(row), eventId: row.eventId } : null;
}

/**
 * No orderBy on the entries: Prisma loads a relation of many parents with one `IN (parent ids)`,
 * which it splits into slices of SQLite's 999 bound values only when the rows need no order
 * (3,000 contestants failed). toContestantRow() sorts them by skill.
 */
const contestantInclude = {
  organization: { select: { name: true } },
  entries: { include: { skill: { select: { name: true } }, team: { select: { team: { select: { name: true } } } } } },
} as const;

type ContestantWithEntries = Awaited<ReturnType<typeof findContestantRaw>>;
function findContestantRaw(db: Db, id: number) {
  return db.contestant.findUnique({ where: { id }, include: contestantInclude });
}

function toContestantRow(row: NonNullable<ContestantWithEntries>): ContestantRow {
  return {
    id: row.id,
    name: row.name,
    nameLatin: row.nameLatin,
    // Written only through validated commands and imports, so the stored strings are in range.
    gender: row.gender as Gender,
    idNumber: row.idNumber,
    birthDate: row.birthDate,
    phone: row.phone,
    skillLevel: row.skillLevel as SkillLevel,
    organizationId: row.organizationId,
    organizationName: row.organization.name,
    hasPhoto: row.photoPath !== null,
    entries: [...row.entries].sort((a, b) => a.skillId - b.skillId || a.id - b.id).map((entry) => ({
      id: entry.id,
      skillId: entry.skillId,
      skillName: entry.skill.name,
      bib: entry.bib,
      status: entry.status,
      attendance: entry.attendance,
      team: entry.team?.team.name ?? null,
    })),
  };
}

export async function listContestants(db: Db, eventId: number, options: { organizationId?: number } = {}): Promise<ContestantRow[]> {
  const rows = await db.contestant.findMany({
    where: { eventId, ...(options.organizationId ? { organizationId: options.organizationId } : {}) },
    orderBy: [{ organization: { name: 'asc' } }, { name: 'asc' }],
    include: contestantInclude,
  });
  return rows.map(toContestantRow);
}

/** Names and organizations in pinyin order (Chinese users' expectation), bibs by number. */
const listCollator = new Intl.Collator('zh-CN', { numeric: true });

export interface ContestantPage {
  rows: ContestantRow[];
  /** Contestants matching the filter, on all pages. */
  matching: number;
  /** Contestants of the event, whatever the filter. */
  registered: number;
  page: number;
  pageCount: number;
}

function listWhere(eventId: number, filter: ContestantListFilter): Prisma.ContestantWhereInput {
  const entry: Prisma.EntryWhereInput = {
    ...(filter.skillId ? { skillId: filter.skillId } : {}),
    ...(filter.status === 'withdrawn' || filter.status === 'disqualified' ? { status: filter.status } : {}),
  };
  const review: Prisma.OrganizationWhereInput | null = filter.status === 'pending'
    ? { submittedAt: null, approvedAt: null }
    : filter.status === 'submitted'
      ? { submittedAt: { not: null }, approvedAt: null }
      : filter.status === 'approved' ? { approvedAt: { not: null } } : null;
  return {
    eventId,
    importBatch: null,
    ...(filter.organizationId ? { organizationId: filter.organizationId } : {}),
    ...(Object.keys(entry).length > 0 ? { entries: { some: entry } } : {}),
    ...(review ? { organization: review } : {}),
  };
}

/**
 * Whether a contestant matches the search: a part of the name, the organization or a bib, or
 * (from four digits, fewer would match half the list) of the ID or phone number. Matched here
 * rather than by LIKE, where % and _ would be wildcards.
 */
function matchesSearch(q: string, c: { name: string; idNumber: string; phone: string; organization: { name: string }; entries: { bib: string }[] }): boolean {
  if (!q) return true;
  const lower = q.toLowerCase();
  if (c.name.toLowerCase().includes(lower) || c.organization.name.toLowerCase().includes(lower) || c.entries.some((e) => e.bib.toLowerCase().includes(lower))) return true;
  return /^[0-9Xx]{4,}$/.test(q) && (c.idNumber.includes(q.toUpperCase()) || c.phone.includes(q));
}

/**
 * The filter's matches in order, kept per event and filter (the page aside) while no contestant,
 * entry or organization is written: at 6,400 entries reading and ordering them is some 250 ms,
 * and an organizer paging through the list pays it once (npm run bench -- registration).
 */
const listOrders = new GenerationCache<string, { ids: number[]; registered: number }>(['Contestant', 'Entry', 'Organization'], 100);

/**
 * One page of the registration list. The filtered contestants' search and sort keys are read
 * first (a few short columns, fine for the 3,000 of a big event), searched and ordered here,
 * since SQLite cannot order Chinese by pinyin; then only the page's rows are read whole.
 */
export async function searchContestants(db: Db, eventId: number, filter: ContestantListFilter): Promise<ContestantPage> {
  const { value: { ids: ordered, registered } } = await listOrders.get(db, `${eventId}:${JSON.stringify({ ...filter, page: 1 })}`, () => orderedMatches(db, eventId, filter));
  const pageCount = Math.max(1, Math.ceil(ordered.length / CONTESTANTS_PER_PAGE));
  const page = Math.min(filter.page, pageCount);
  const ids = ordered.slice((page - 1) * CONTESTANTS_PER_PAGE, page * CONTESTANTS_PER_PAGE);
  const rows = await db.contestant.findMany({ where: { id: { in: ids } }, include: contestantInclude });
  const position = new Map(ids.map((id, index) => [id, index]));
  rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  return { rows: rows.map(toContestantRow), matching: ordered.length, registered, page, pageCount };
}

async function orderedMatches(db: Db, eventId: number, filter: ContestantListFilter): Promise<{ ids: number[]; registered: number }> {
  const [candidates, registered] = await Promise.all([
    db.contestant.findMany({
      where: listWhere(eventId, filter),
      select: { id: true, name: true, idNumber: true, phone: true, organization: { select: { name: true } }, entries: { select: { bib: true, skillId: true } } },
    }),
    db.contestant.count({ where: { eventId, importBatch: null } }),
  ]);
  const keys = candidates.filter((c) => matchesSearch(filter.q, c));
  const bibOf = (k: (typeof keys)[number]) =>
    k.entries.filter((e) => !filter.skillId || e.skillId === filter.skillId).map((e) => e.bib).sort(listCollator.compare)[0] ?? '';
  const byName = (a: (typeof keys)[number], b: (typeof keys)[number]) => listCollator.compare(a.name, b.name) || a.id - b.id;
  const order = {
    organization: (a: (typeof keys)[number], b: (typeof keys)[number]) => listCollator.compare(a.organization.name, b.organization.name) || byName(a, b),
    name: byName,
    bib: (a: (typeof keys)[number], b: (typeof keys)[number]) => listCollator.compare(bibOf(a), bibOf(b)) || a.id - b.id,
    newest: (a: (typeof keys)[number], b: (typeof keys)[number]) => b.id - a.id,
  }[filter.sort];
  keys.sort(order);
  return { ids: keys.map((k) => k.id), registered };
}

export async function findContestant(db: Db, id: number): Promise<ContestantRow | null> {
  const row = await findContestantRaw(db, id);
  return row && toContestantRow(row);
}

export interface TeamSkill {
  skillId: number;
  skillName: string;
  sizes: { min: number; max: number };
  /** The skill's teams with their organization and members (entry ids), by name. */
  teams: { id: number; name: string; organizationId: number; organizationName: string; entryIds: number[] }[];
}

/** The event's team skills and their teams, for the forms (team names to pick) and the checks. */
export async function teamSkills(db: Db, eventId: number): Promise<TeamSkill[]> {
  const rows = await db.skill.findMany({
    where: { eventId, teamSkill: true },
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
    select: {
      id: true, name: true, teamSizeMin: true, teamSizeMax: true,
      teams: { orderBy: { name: 'asc' }, select: { id: true, name: true, organizationId: true, organization: { select: { name: true } }, members: { select: { entryId: true } } } },
    },
  });
  return rows.map((r) => ({
    skillId: r.id,
    skillName: r.name,
    sizes: { min: r.teamSizeMin, max: r.teamSizeMax },
    teams: r.teams.map((t) => ({ id: t.id, name: t.name, organizationId: t.organizationId, organizationName: t.organization.name, entryIds: t.members.map((m) => m.entryId) })),
  }));
}

/** Who is registered already, by ID number, for duplicate checks in forms and imports. */
export async function registeredIdNumbers(db: Db, eventId: number) {
  const rows = await db.contestant.findMany({
    where: { eventId },
    select: { id: true, idNumber: true, name: true, entries: { select: { skillId: true } } },
  });
  return new Map(rows.map((r) => [r.idNumber, { id: r.id, name: r.name, skillIds: r.entries.map((e) => e.skillId) }]));
}

export async function usedBibs(db: Db, eventId: number, exceptContestantId?: number): Promise<Set<string>> {
  const rows = await db.entry.findMany({
    where: { eventId, ...(exceptContestantId ? { contestantId: { not: exceptContestantId } } : {}) },
    select: { bib: true },
  });
  return new Set(rows.map((r) => r.bib));
}

export interface CheckInRow {
  entryId: number;
  /** The contestant, for the photo the desk compares with the face (when there is one). */
  contestantId: number;
  hasPhoto: boolean;
  bib: string;
  name: string;
  organizationName: string;
  skillName: string;
  /** The skill checks ID cards at check-in (its identityCheck setting). */
  identityCheck: boolean;
  attendance: string | null;
  status: string;
}

/** Entries for the check-in desk, searched by name, bib or organization. */
export async function checkInRows(db: Db, eventId: number, options: { query: string; skillId: number | null; limit?: number }): Promise<CheckInRow[]> {
  const q = options.query.trim();
  const rows = await db.entry.findMany({
    where: {
      eventId,
      ...(options.skillId ? { skillId: options.skillId } : {}),
      ...(q
        ? { OR: [{ bib: { contains: q } }, { contestant: { name: { contains: q } } }, { contestant: { organization: { name: { contains: q } } } }] }
        : {}),
    },
    orderBy: [{ bib: 'asc' }],
    take: options.limit ?? 200,
    include: { contestant: { select: { name: true, photoPath: true, organization: { select: { name: true } } } }, skill: { select: { name: true, identityCheck: true } } },
  });
  return rows.map((row) => ({
    entryId: row.id,
    contestantId: row.contestantId,
    hasPhoto: row.contestant.photoPath !== null,
    bib: row.bib,
    name: row.contestant.name,
    organizationName: row.contestant.organization.name,
    skillName: row.skill.name,
    identityCheck: row.skill.identityCheck,
    attendance: row.attendance,
    status: row.status,
  }));
}

export async function checkInRow(db: Db, entryId: number): Promise<CheckInRow | null> {
  const row = await db.entry.findUnique({
    where: { id: entryId },
    include: { contestant: { select: { name: true, photoPath: true, organization: { select: { name: true } } } }, skill: { select: { name: true, identityCheck: true } } },
  });
  return row && {
    entryId: row.id, contestantId: row.contestantId, hasPhoto: row.contestant.photoPath !== null, bib: row.bib, name: row.contestant.name, organizationName: row.contestant.organization.name,
    skillName: row.skill.name, identityCheck: row.skill.identityCheck, attendance: row.attendance, status: row.status,
  };
}

export async function attendanceCounts(db: Db, eventId: number, skillId: number | null) {
  const groups = await db.entry.groupBy({
    by: ['attendance'],
    where: { eventId, ...(skillId ? { skillId } : {}) },
    _count: { _all: true },
  });
  const count = (value: string | null) => groups.find((g) => g.attendance === value)?._count._all ?? 0;
  return { present: count('present'), absent: count('absent'), unchecked: count(null) };
}

/** The names of the event's organizations, for what an import would add. */
export async function organizationNames(db: Db, eventId: number): Promise<Set<string>> {
  return new Set((await db.organization.findMany({ where: { eventId }, select: { name: true } })).map((o) => o.name));
}
