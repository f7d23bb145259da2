import type { CurrentAccount } from '../auth/sessions.ts';
import type { Db } from '../db/client.ts';
import { dutiesOf, visibleEvents } from './access.ts';
import { isEventRole, type EventRole } from '../domain/event-roles.ts';
import type { Prisma } from '../db/generated/client.ts';
import { isEventStatus, type EventStatus, type StageFacts } from '../domain/event-lifecycle.ts';
import type { SkillProgress } from '../domain/event-progress.ts';
import {
  defaultSkillSettings,
  roundsAddUp,
  type Aspect,
  type AspectRule,
  type Criterion,
  type Round,
  type RoundScoring,
  type SkillSettings,
  type TieBreak,
} from '../domain/marking-scheme.ts';
import type { TitleRule } from '../domain/title-rules.ts';
import { titleRulesInput, type AspectInput, type CriterionInput, type EventInput, type RoundInput, type SkillInput } from './schemas.ts';

type Tx = Prisma.TransactionClient;

export interface StoredAspect extends Aspect { id: number }
export interface StoredCriterion extends Omit<Criterion, 'aspects'> { id: number; aspects: StoredAspect[] }
export interface StoredRound extends Omit<Round, 'criteria' | 'scoring'> { id: number; scoring: RoundScoring; criteria: StoredCriterion[] }

export interface EventSummary {
  id: number;
  name: string;
  nameEn: string;
  status: EventStatus;
  startsOn: Date | null;
  endsOn: Date | null;
  venue: string;
  hostOrganization: string;
  allowMultipleSkills: boolean;
  organizationBestN: number;
  skillCount: number;
}

export interface SkillSummary { id: number; eventId: number; name: string; nameEn: string; position: number }

export interface SkillDetail extends SkillSummary {
  settings: SkillSettings;
  rounds: StoredRound[];
}

// ─── events ──────────────────────────────────────────────────────────────────

const dateOrNull = (value: string | undefined) => (value ? new Date(`${value}T00:00:00Z`) : null);

function eventData(input: EventInput) {
  return {
    name: input.name,
    nameEn: input.nameEn,
    startsOn: dateOrNull(input.startsOn),
    endsOn: dateOrNull(input.endsOn),
    venue: input.venue,
    hostOrganization: input.hostOrganization,
    allowMultipleSkills: input.allowMultipleSkills,
    organizationBestN: input.organizationBestN,
  };
}

function toEventSummary(row: Prisma.EventGetPayload<{ include: { _count: { select: { skills: true } } } }>): EventSummary {
  return {
    id: row.id,
    name: row.name,
    nameEn: row.nameEn,
    status: isEventStatus(row.status) ? row.status : 'draft',
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    venue: row.venue,
    hostOrganization: row.hostOrganization,
    allowMultipleSkills: row.allowMultipleSkills,
    organizationBestN: row.organizationBestN,
    skillCount: row._count.skills,
  };
}

/** The events the account sees (its federation's for an administrator, else those it has a role in), archived or current, with its role in each. */
export async function listEvents(db: Db, account: CurrentAccount, options: { archived: boolean }): Promise<(EventSummary & { role: EventRole | null })[]> {
  const rows = await db.event.findMany({
    where: { ...visibleEvents(account), status: options.archived ? 'archived' : { not: 'archived' } },
    orderBy: [{ startsOn: { sort: 'desc', nulls: 'first' } }, { id: 'desc' }],
    include: { _count: { select: { skills: true } }, staff: { where: { accountId: account.id }, select: { role: true } } },
  });
  return rows.map((row) => ({ ...toEventSummary(row), role: isEventRole(row.staff[0]?.role) ? row.staff[0]!.role as EventRole : null }));
}

export async function findEvent(db: Db | Tx, id: number): Promise<EventSummary | null> {
  const row = await db.event.findUnique({ where: { id }, include: { _count: { select: { skills: true } } } });
  return row && toEventSummary(row);
}

/** Skills of the other events the account sees, most recent first, to copy into this one. */
export async function copyableSkills(db: Db, account: CurrentAccount, eventId: number): Promise<{ id: number; name: string; eventName: string }[]> {
  const rows = await db.skill.findMany({
    where: { eventId: { not: eventId }, event: visibleEvents(account) },
    orderBy: [{ event: { startsOn: { sort: 'desc', nulls: 'last' } } }, { position: 'asc' }],
    select: { id: true, name: true, event: { select: { name: true } } },
    take: 300,
  });
  return rows.map((s) => ({ id: s.id, name: s.name, eventName: s.event.name }));
}

/**
 * The dashboard's current events: for organizers those they may view, each with what they may
 * do there (so the next step is offered only to whoever does it); for judges those they judge.
 */
export async function dashboardEvents(db: Db, account: CurrentAccount) {
  const rows = await db.event.findMany({
    where: { status: { not: 'archived' }, ...(account.role === 'organizer' ? visibleEvents(account) : { judges: { some: { accountId: account.id } } }) },
    orderBy: [{ startsOn: 'desc' }, { id: 'desc' }],
    select: { id: true, name: true, status: true, startsOn: true, venue: true, federationId: true, staff: { where: { accountId: account.id }, select: { role: true } } },
    take: 50,
  });
  return rows.map(({ federationId, staff, ...event }) => ({
    ...event, duties: dutiesOf(account, { eventId: event.id, federationId, role: staff[0]?.role ?? null }),
  }));
}

/** Whoever makes an event runs it until he hands it over (src/domain/event-roles.ts), for his federation. */
export interface EventMaker { id: number; federationId: number }
const madeBy = (maker: EventMaker | null) =>
  (maker === null ? {} : { createdById: maker.id, federationId: maker.federationId, staff: { create: { accountId: maker.id, role: 'organizer' } } });

export async function createEvent(db: Db, input: EventInput, maker: EventMaker | null): Promise<number> {
  const event = await db.event.create({ data: { ...eventData(input), ...madeBy(maker) } });
  return event.id;
}

export async function updateEvent(db: Db, id: number, input: EventInput): Promise<void> {
  await db.event.update({ where: { id }, data: eventData(input) });
}

/** What the event's stage moves rest on (checkStageMove() in src/domain/event-lifecycle.ts). */
export async function stageFacts(db: Db, eventId: number): Promise<StageFacts> {
  const [rounds, marks, scores, publications, pending] = await Promise.all([
    db.round.findMany({
      where: { skill: { eventId }, scoring: 'marks', lockedAt: null },
      select: { name: true, skill: { select: { name: true } } },
      orderBy: [{ skill: { position: 'asc' } }, { position: 'asc' }],
    }),
    db.mark.count({ where: { entry: { eventId } } }),
    db.roundScore.count({ where: { round: { skill: { eventId } } } }),
    db.publication.count({ where: { skill: { eventId } } }),
    db.organization.findMany({ where: { eventId, approvedAt: null }, select: { name: true }, orderBy: { name: 'asc' } }),
  ]);
  return {
    unlockedRounds: rounds.map((r) => `${r.skill.name} · ${r.name}`),
    marks, scores, publications,
    pendingOrganizations: pending.map((o) => o.name),
  };
}

export async function setEventStatus(db: Db, id: number, status: EventStatus): Promise<void> {
  await db.event.update({ where: { id }, data: { status } });
}

export async function deleteEvent(db: Db, id: number): Promise<void> {
  await db.event.delete({ where: { id } });
}

/** A new draft event with every skill, round and aspect of an earlier one (competitions recur). */
export async function copyEvent(db: Db, sourceId: number, input: EventInput, maker: EventMaker | null): Promise<number> {
  return db.$transaction(async (tx) => {
    const source = await tx.event.findUniqueOrThrow({ where: { id: sourceId }, include: { skills: { orderBy: { position: 'asc' } } } });
    const event = await tx.event.create({ data: { ...eventData(input), ...madeBy(maker) } });
    for (const skill of source.skills) await copySkillInto(tx, skill.id, event.id);
    return event.id;
  });
}

// ─── skills ──────────────────────────────────────────────────────────────────

function parseTieBreaks(json: string): TieBreak[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is TieBreak => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

function settingsOf(row: Prisma.SkillGetPayload<object>): SkillSettings {
  return {
    judgesPerAspect: row.judgesPerAspect,
    aggregation: row.aggregation as SkillSettings['aggregation'],
    spreadLimit: row.spreadLimit,
    decimals: row.decimals,
    tieBreaks: parseTieBreaks(row.tieBreaks),
    awardMode: row.awardMode as SkillSettings['awardMode'],
    awardFirst: row.awardFirst,
    awardSecond: row.awardSecond,
    awardThird: row.awardThird,
    awardMinimumScore: row.awardMinimumScore,
    awardMinimumField: row.awardMinimumField,
    teamSkill: row.teamSkill,
    teamSizeMin: row.teamSizeMin,
    teamSizeMax: row.teamSizeMax,
    titleRules: parseTitleRules(row.titleRules),
    teamScoring: row.teamScoring as SkillSettings['teamScoring'],
    standardisedScore: row.standardisedScore,
    roundAbsence: row.roundAbsence === 'zero' ? 'zero' : 'unranked',
    identityCheck: row.identityCheck,
  };
}

/** Stored rules are written by saveSkillSettings() after validation; anything unreadable counts as none. */
function parseTitleRules(json: string): TitleRule[] {
  try {
    const parsed = titleRulesInput.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function settingsData(settings: SkillSettings) {
  return { ...settings, tieBreaks: JSON.stringify(settings.tieBreaks), titleRules: JSON.stringify(settings.titleRules) };
}

export async function listSkills(db: Db, eventId: number): Promise<SkillSummary[]> {
  return db.skill.findMany({
    where: { eventId },
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
    select: { id: true, eventId: true, name: true, nameEn: true, position: true },
  });
}

export async function findSkill(db: Db | Tx, id: number): Promise<SkillDetail | null> {
  const row = await db.skill.findUnique({
    where: { id },
    include: {
      rounds: {
        orderBy: [{ position: 'asc' }, { id: 'asc' }],
        include: {
          criteria: {
            orderBy: [{ position: 'asc' }, { id: 'asc' }],
            include: { aspects: { orderBy: [{ position: 'asc' }, { id: 'asc' }] } },
          },
        },
      },
    },
  });
  if (!row) return null;
  return {
    id: row.id,
    eventId: row.eventId,
    name: row.name,
    nameEn: row.nameEn,
    position: row.position,
    settings: settingsOf(row),
    rounds: row.rounds.map((round) => ({
      id: round.id,
      code: round.code,
      name: round.name,
      weight: round.weight,
      maxScore: round.maxScore,
      scoring: round.scoring === 'imported' ? 'imported' as const : 'marks' as const,
      criteria: round.criteria.map((criterion) => ({
        id: criterion.id,
        code: criterion.code,
        name: criterion.name,
        aspects: criterion.aspects.map((aspect) => ({
          id: aspect.id,
          code: aspect.code,
          name: aspect.name,
          maxMark: aspect.maxMark,
          rule: JSON.parse(aspect.rule) as AspectRule,
        })),
      })),
    })),
  };
}

/** A new skill with the common defaults: theory 30 % and practical 70 %, each out of 100. */
export async function createSkill(db: Db, eventId: number, input: SkillInput, rounds: Round[]): Promise<number> {
  return db.$transaction(async (tx) => {
    const position = await tx.skill.count({ where: { eventId } });
    const skill = await tx.skill.create({
      data: {
        eventId,
        name: input.name,
        nameEn: input.nameEn,
        position,
        ...settingsData(defaultSkillSettings),
      },
    });
    await writeRounds(tx, skill.id, rounds);
    return skill.id;
  });
}

export async function updateSkill(db: Db, id: number, input: SkillInput): Promise<void> {
  await db.skill.update({ where: { id }, data: { name: input.name, nameEn: input.nameEn } });
}

export async function updateSkillSettings(db: Db, id: number, settings: SkillSettings): Promise<void> {
  await db.skill.update({ where: { id }, data: settingsData(settings) });
}

export async function deleteSkill(db: Db, id: number): Promise<void> {
  await db.skill.delete({ where: { id } });
}

export async function copySkill(db: Db, skillId: number, targetEventId: number): Promise<number> {
  return db.$transaction((tx) => copySkillInto(tx, skillId, targetEventId));
}

async function copySkillInto(tx: Tx, skillId: number, targetEventId: number): Promise<number> {
  const source = await findSkill(tx, skillId);
  if (!source) throw new Error(`skill ${skillId} not found`);
  const position = await tx.skill.count({ where: { eventId: targetEventId } });
  const skill = await tx.skill.create({
    data: { eventId: targetEventId, name: source.name, nameEn: source.nameEn, position, ...settingsData(source.settings) },
  });
  await writeRounds(tx, skill.id, source.rounds);
  return skill.id;
}

/** Replaces a skill's whole scheme (spreadsheet import, API PUT) in one transaction. */
/**
 * The skill's rounds replaced by these. `andThen` runs in the same transaction with the rounds as
 * they were inside it (an import's audit entry keeps them: an edit just before is not lost).
 */
export async function replaceScheme(db: Db, skillId: number, rounds: Round[], andThen?: (tx: Tx, before: StoredRound[]) => Promise<void>): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = andThen ? ((await findSkill(tx, skillId))?.rounds ?? []) : [];
    await tx.round.deleteMany({ where: { skillId } });
    await writeRounds(tx, skillId, rounds);
    await andThen?.(tx, before);
  });
}

async function writeRounds(tx: Tx, skillId: number, rounds: Round[]): Promise<void> {
  for (const [r, round] of rounds.entries()) {
    const { id: roundId } = await tx.round.create({
      data: { skillId, code: round.code, name: round.name, weight: round.weight, maxScore: round.maxScore, scoring: round.scoring ?? 'marks', position: r },
    });
    for (const [c, criterion] of round.criteria.entries()) {
      const { id: criterionId } = await tx.criterion.create({
        data: { roundId, code: criterion.code, name: criterion.name, position: c },
      });
      await tx.aspect.createMany({
        data: criterion.aspects.map((aspect, a) => ({ criterionId, position: a, ...aspectData(aspect) })),
      });
    }
  }
}

// ─── rounds, criteria, aspects ───────────────────────────────────────────────

function aspectData(aspect: AspectInput | Aspect) {
  return { code: aspect.code, name: aspect.name, type: aspect.rule.type, maxMark: aspect.maxMark, rule: JSON.stringify(aspect.rule) };
}

export async function addRound(db: Db, skillId: number, input: RoundInput): Promise<number> {
  const position = await db.round.count({ where: { skillId } });
  return (await db.round.create({ data: { skillId, position, ...input } })).id;
}

export async function updateRound(db: Db, id: number, input: RoundInput): Promise<void> {
  await db.round.update({ where: { id }, data: input });
}

export async function deleteRound(db: Db, id: number): Promise<void> {
  await db.round.delete({ where: { id } });
}

export async function addCriterion(db: Db, roundId: number, input: CriterionInput): Promise<number> {
  const position = await db.criterion.count({ where: { roundId } });
  return (await db.criterion.create({ data: { roundId, position, ...input } })).id;
}

export async function updateCriterion(db: Db, id: number, input: CriterionInput): Promise<void> {
  await db.criterion.update({ where: { id }, data: input });
}

export async function deleteCriterion(db: Db, id: number): Promise<void> {
  await db.criterion.delete({ where: { id } });
}

export async function addAspect(db: Db, criterionId: number, input: AspectInput): Promise<number> {
  const position = await db.aspect.count({ where: { criterionId } });
  return (await db.aspect.create({ data: { criterionId, position, ...aspectData(input) } })).id;
}

export async function updateAspect(db: Db, id: number, input: AspectInput): Promise<void> {
  await db.aspect.update({ where: { id }, data: aspectData(input) });
}

export async function deleteAspect(db: Db, id: number): Promise<void> {
  await db.aspect.delete({ where: { id } });
}

/** Which skill and event own a round, criterion or aspect: for authorization and lifecycle checks. */
export async function ownerOf(db: Db, kind: 'round' | 'criterion' | 'aspect', id: number) {
  const skillOf = { select: { id: true, eventId: true, event: { select: { status: true } } } } as const;
  if (kind === 'round') {
    const row = await db.round.findUnique({ where: { id }, select: { skill: skillOf } });
    return row?.skill ?? null;
  }
  if (kind === 'criterion') {
    const row = await db.criterion.findUnique({ where: { id }, select: { round: { select: { skill: skillOf } } } });
    return row?.round.skill ?? null;
  }
  const row = await db.aspect.findUnique({ where: { id }, select: { criterion: { select: { round: { select: { skill: skillOf } } } } } });
  return row?.criterion.round.skill ?? null;
}

/**
 * Each skill's progress (src/domain/event-progress.ts) for the given events, in a fixed handful
 * of grouped counts whatever the number of events or entries: the event page asks for one
 * event, the dashboard for all it lists.
 */
export async function eventProgress(db: Db, eventIds: number[]): Promise<Map<number, SkillProgress[]>> {
  const inEvents = { eventId: { in: eventIds } };
  const [skills, byAttendance, approved, marked, signed, rounds, draws, publications, appeals] = await Promise.all([
    db.skill.findMany({ where: inEvents, orderBy: [{ position: 'asc' }, { id: 'asc' }], select: { id: true, name: true, eventId: true } }),
    db.entry.groupBy({ by: ['skillId', 'attendance'], where: inEvents, _count: { _all: true } }),
    db.entry.groupBy({ by: ['skillId'], where: { ...inEvents, contestant: { organization: { approvedAt: { not: null } } } }, _count: { _all: true } }),
    db.entry.groupBy({ by: ['skillId'], where: { ...inEvents, marks: { some: {} } }, _count: { _all: true } }),
    db.entry.groupBy({ by: ['skillId'], where: { ...inEvents, signoffs: { some: { revokedAt: null } } }, _count: { _all: true } }),
    db.round.findMany({
      where: { skill: inEvents },
      select: { skillId: true, lockedAt: true, weight: true, maxScore: true, scoring: true, criteria: { select: { aspects: { select: { maxMark: true } } } } },
    }),
    // The draws in force (one a skill, or one a round): how many entries each placed.
    db.draw.findMany({ where: { skill: inEvents, supersededAt: null }, select: { skillId: true, _count: { select: { assignments: true } } } }),
    db.publication.findMany({ where: { skill: inEvents, supersededAt: null }, select: { skillId: true, version: true, id: true } }),
    db.appeal.findMany({ where: { decidedAt: null, publication: { supersededAt: null, skill: inEvents } }, select: { publication: { select: { skillId: true } } } }),
  ]);
  const count = (rows: { skillId: number; _count: { _all: number } }[], skillId: number) => rows.find((r) => r.skillId === skillId)?._count._all ?? 0;
  const latestDraw = new Map<number, number>();
  for (const d of draws) latestDraw.set(d.skillId, Math.max(latestDraw.get(d.skillId) ?? 0, d._count.assignments));
  const result = new Map<number, SkillProgress[]>(eventIds.map((id) => [id, []]));
  for (const s of skills) {
    const attendance = byAttendance.filter((r) => r.skillId === s.id);
    const ofRound = rounds.filter((r) => r.skillId === s.id);
    result.get(s.eventId)?.push({
      skillId: s.id, skillName: s.name,
      entries: attendance.reduce((sum, r) => sum + r._count._all, 0),
      approved: count(approved, s.id),
      present: attendance.find((r) => r.attendance === 'present')?._count._all ?? 0,
      absent: attendance.find((r) => r.attendance === 'absent')?._count._all ?? 0,
      drawn: latestDraw.get(s.id) ?? 0,
      marked: count(marked, s.id),
      signed: count(signed, s.id),
      rounds: ofRound.length,
      schemeReady: roundsAddUp(ofRound.map((r) => ({
        weight: r.weight, maxScore: r.maxScore, scoring: r.scoring === 'imported' ? 'imported' : 'marks', aspectMaxMarks: r.criteria.flatMap((c) => c.aspects.map((a) => a.maxMark)),
      }))),
      locked: ofRound.filter((r) => r.lockedAt !== null).length,
      published: publications.find((p) => p.skillId === s.id)?.version ?? null,
      openAppeals: appeals.filter((a) => a.publication.skillId === s.id).length,
    });
  }
  return result;
}

/** A skill's number in its event (1, 2, …, in the event's order), as certificate numbers carry it. */
export async function skillNumberInEvent(db: Db, skillId: number): Promise<number> {
  const skill = await db.skill.findUniqueOrThrow({ where: { id: skillId }, select: { eventId: true } });
  return (await listSkills(db, skill.eventId)).findIndex((s) => s.id === skillId) + 1;
}

/**
 * The skill's last scheme import that can still be undone: the newest import or undo of the
 * skill is an import, and the scheme is still exactly what it imported (an edit since, or an
 * undo, ends it). Its details hold the scheme before and the one imported, without ids.
 */
export async function lastSchemeImport(db: Db, skill: SkillDetail): Promise<{ at: Date; fileName: string; previous: Round[] } | null> {
  const rows = await db.auditEntry.findMany({
    where: { eventId: skill.eventId, action: { in: ['scheme.import', 'scheme.importUndone'] } },
    orderBy: { id: 'desc' }, take: 50, select: { action: true, details: true, at: true },
  });
  for (const row of rows) {
    let details: { skillId?: unknown; fileName?: unknown; previous?: unknown; imported?: unknown };
    try { details = JSON.parse(row.details); } catch { continue; }
    if (details.skillId !== skill.id) continue;
    if (row.action !== 'scheme.import' || !Array.isArray(details.previous)) return null;
    return JSON.stringify(plainScheme(skill.rounds)) === JSON.stringify(details.imported)
      ? { at: row.at, fileName: String(details.fileName ?? ''), previous: details.previous as Round[] }
      : null;
  }
  return null;
}

/** A stored scheme as plain rounds, without database ids: what an import keeps to undo it. */
export function plainScheme(rounds: StoredRound[]): Round[] {
  return rounds.map(({ id: _round, criteria, ...round }) => ({
    ...round,
    criteria: criteria.map(({ id: _criterion, aspects, ...criterion }) => ({ ...criterion, aspects: aspects.map(({ id: _aspect, ...aspect }) => aspect) })),
  }));
}
