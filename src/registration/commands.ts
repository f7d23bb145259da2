import { hash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Prisma } from '../db/generated/client.ts';
import { recordAudit } from '../audit/record.ts';
import { assignBibs, BIB_PATTERN, nextBib } from '../domain/bib.ts';
import type { ContestantRecord } from '../domain/contestant-sheet.ts';
import { canRegister, isEventStatus } from '../domain/event-lifecycle.ts';
import { isCompeting } from '../domain/judging.ts';
import { validateIdNumber } from '../domain/id-number.ts';
import { validatePhone } from '../domain/phone.ts';
import { checkTeamClaims } from '../domain/teams.ts';
import { conflict, done, invalid, notFound, parse, type Outcome, type Problem } from '../outcome.ts';
import * as queries from './queries.ts';
import { contestantInput, organizationInput } from './schemas.ts';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Registration: organizations, contestants and their entries. The organizer works on every
 * organization; a delegation leader (through the private link) only on their own, until the
 * link's deadline. Any change by a leader withdraws the organization's approval and submission.
 */
export type Actor = { kind: 'organizer'; accountId: number } | { kind: 'delegation'; organizationId: number };

async function openEvent(db: Db, eventId: number) {
  const event = await db.event.findUnique({ where: { id: eventId } });
  if (!event || !isEventStatus(event.status)) return null;
  return { ...event, status: event.status };
}

export const hashLinkToken = (token: string) => hash('sha256', token);

// ─── organizations ───────────────────────────────────────────────────────────

/** `accountId`: who changes an existing organization, for the audit entry of a rename. */
export async function saveOrganization(db: Db, eventId: number, organizationId: number | null, raw: unknown, accountId: number | null = null): Promise<Outcome<number>> {
  const event = await openEvent(db, eventId);
  if (!event) return notFound();
  const input = parse(organizationInput, raw);
  if (!input.ok) return input;
  const clash = await db.organization.findFirst({ where: { eventId, name: input.value.name, ...(organizationId ? { id: { not: organizationId } } : {}) } });
  if (clash) return invalid([{ field: 'name', key: 'organization.error.duplicate', params: { name: input.value.name } }]);
  if (organizationId === null) {
    // What the organizer enters is approved as it stands; only a delegation's list needs review.
    const created = await db.organization.create({ data: { eventId, ...input.value, approvedAt: new Date() } });
    return done(created.id);
  }
  const existing = await db.organization.findFirst({ where: { id: organizationId, eventId } });
  if (!existing) return notFound();
  await db.organization.update({ where: { id: organizationId }, data: input.value });
  // Snapshots name organizations as they were: a rename shows from the next publication on.
  if (existing.name !== input.value.name || existing.nameEn !== input.value.nameEn) {
    await recordAudit(db, { accountId, eventId, action: 'organization.rename', subject: input.value.name, details: { from: { name: existing.name, nameEn: existing.nameEn }, to: { name: input.value.name, nameEn: input.value.nameEn } } });
  }
  return done(organizationId);
}

/**
 * An organization goes while nobody belongs to it: no contestants, and no judges (their unit is
 * what recusal reads, and a judge left without one would mark his colleagues). Audited.
 */
export async function removeOrganization(db: Db, organizationId: number, accountId: number | null = null): Promise<Outcome<null>> {
  const organization = await db.organization.findUnique({ where: { id: organizationId }, include: { _count: { select: { contestants: true, judges: true } } } });
  if (!organization) return notFound();
  if (organization._count.contestants > 0) return conflict('organization.error.notEmpty');
  if (organization._count.judges > 0) return conflict('organization.error.hasJudges', { count: organization._count.judges });
  try {
    await db.$transaction(async (tx) => {
      await tx.organization.delete({ where: { id: organizationId } });
      await recordAudit(tx, { accountId, eventId: organization.eventId, action: 'organization.delete', subject: organization.name });
    });
  } catch (error) {
    // A contestant registered since the count above: the foreign key refuses, and so do we.
    if (isForeignKeyFailure(error)) return conflict('organization.error.notEmpty');
    throw error;
  }
  return done(null);
}

/** A fresh private link (any earlier one stops working). Returns the token to put in the URL, once. */
export async function issueDelegationLink(db: Db, organizationId: number, deadline: Date, accountId: number): Promise<Outcome<string>> {
  const organization = await db.organization.findUnique({ where: { id: organizationId } });
  if (!organization) return notFound();
  if (!(deadline.getTime() > Date.now())) return invalid([{ field: 'deadline', key: 'delegation.error.deadlinePast' }]);
  const token = randomBytes(24).toString('base64url');
  await db.organization.update({ where: { id: organizationId }, data: { linkTokenHash: hashLinkToken(token), linkDeadline: deadline } });
  await recordAudit(db, { accountId, eventId: organization.eventId, action: 'delegation.link', subject: organization.name, details: { deadline: deadline.toISOString() } });
  return done(token);
}

/**
 * Private links for every organization of the event that has none yet, with one deadline: the
 * usual start of registration (30 delegations, one click). Organizations with a link keep it,
 * since making a new one would kill the link their leader already has.
 */
export async function issueMissingLinks(db: Db, eventId: number, deadline: Date, accountId: number): Promise<Outcome<{ organizationName: string; contactName: string; token: string }[]>> {
  const event = await openEvent(db, eventId);
  if (!event) return notFound();
  if (!canRegister(event.status)) return conflict('registration.error.closed');
  if (!(deadline.getTime() > Date.now())) return invalid([{ field: 'deadline', key: 'delegation.error.deadlinePast' }]);
  // Organizations still being imported have no list yet; one given a link meanwhile (by a
  // colleague) keeps it: each update requires the organization to have none still.
  const without = await db.organization.findMany({ where: { eventId, linkTokenHash: null, importBatch: null }, orderBy: { name: 'asc' }, select: { id: true, name: true, contactName: true } });
  if (without.length === 0) return conflict('delegation.all.none');
  const issued = await db.$transaction(async (tx) => {
    const made: { organizationName: string; contactName: string; token: string }[] = [];
    for (const o of without) {
      const token = randomBytes(24).toString('base64url');
      const { count } = await tx.organization.updateMany({ where: { id: o.id, linkTokenHash: null }, data: { linkTokenHash: hashLinkToken(token), linkDeadline: deadline } });
      if (count === 0) continue;
      await recordAudit(tx, { accountId, eventId, action: 'delegation.link', subject: o.name, details: { deadline: deadline.toISOString() } });
      made.push({ organizationName: o.name, contactName: o.contactName, token });
    }
    return made;
  });
  return issued.length === 0 ? conflict('delegation.all.none') : done(issued);
}

export async function revokeDelegationLink(db: Db, organizationId: number, accountId: number): Promise<Outcome<null>> {
  const organization = await db.organization.findUnique({ where: { id: organizationId } });
  if (!organization) return notFound();
  await db.organization.update({ where: { id: organizationId }, data: { linkTokenHash: null, linkDeadline: null } });
  await recordAudit(db, { accountId, eventId: organization.eventId, action: 'delegation.revoke', subject: organization.name });
  return done(null);
}

/** The organization behind a delegation link, if the link is valid and its deadline has not passed. */
export async function organizationForLink(db: Db, token: string, now = new Date()) {
  // Issued tokens are 32 base64url characters; anything else cannot match, so skip the lookup.
  if (!/^[\w-]{16,64}$/.test(token)) return { state: 'unknown' as const };
  const organization = await db.organization.findUnique({ where: { linkTokenHash: hashLinkToken(token) }, include: { event: true } });
  if (!organization || !organization.linkDeadline) return { state: 'unknown' as const };
  if (organization.linkDeadline <= now) return { state: 'closed' as const, organization };
  return { state: 'open' as const, organization };
}

export async function submitDelegation(db: Db, organizationId: number): Promise<Outcome<null>> {
  await db.organization.update({ where: { id: organizationId }, data: { submittedAt: new Date() } });
  return done(null);
}

export async function approveOrganization(db: Db, organizationId: number, accountId: number): Promise<Outcome<null>> {
  const organization = await db.organization.findUnique({ where: { id: organizationId } });
  if (!organization) return notFound();
  await db.organization.update({ where: { id: organizationId }, data: { approvedAt: new Date() } });
  await recordAudit(db, { accountId, eventId: organization.eventId, action: 'organization.approve', subject: organization.name });
  return done(null);
}

// ─── contestants and entries ─────────────────────────────────────────────────

/**
 * Adds or edits a contestant with their entries. The ID number is checked (GB 11643) and must
 * agree with the gender; one ID number registers once per event; several skills only if the
 * event allows it; bibs are unique in the event (blank: the next free number).
 */
/** An entry with a draw, marks, signatures or a status history: it is kept (withdrawn), never deleted. */
const entryInUse = {
  OR: [{ assignments: { some: {} } }, { marks: { some: {} } }, { signoffs: { some: {} } }, { statusChanges: { some: {} } }],
} satisfies Prisma.EntryWhereInput;

export async function saveContestant(db: Db, eventId: number, contestantId: number | null, raw: unknown, actor: Actor): Promise<Outcome<number>> {
  const event = await openEvent(db, eventId);
  if (!event) return notFound();
  if (!canRegister(event.status)) return conflict('registration.error.closed');
  const input = parse(contestantInput, raw);
  if (!input.ok) return input;
  const data = input.value;
  if (actor.kind === 'delegation' && data.organizationId !== actor.organizationId) return notFound();

  const problems: Problem[] = [];
  const id = validateIdNumber(data.idNumber, new Date());
  if (!id.ok) problems.push({ field: 'idNumber', key: id.code });
  else if (id.gender !== data.gender) problems.push({ field: 'gender', key: 'contestant.error.genderMismatch' });
  let phone = '';
  if (data.phone) {
    const checked = validatePhone(data.phone);
    if (checked.ok) phone = checked.phone;
    else problems.push({ field: 'phone', key: checked.code });
  }
  const organization = await db.organization.findFirst({ where: { id: data.organizationId, eventId } });
  if (!organization) problems.push({ field: 'organizationId', key: 'validation.choice' });
  const skills = await db.skill.findMany({ where: { eventId }, select: { id: true } });
  const skillIds = data.entries.map((e) => e.skillId);
  if (skillIds.some((skillId) => !skills.some((s) => s.id === skillId))) problems.push({ field: 'entries', key: 'validation.choice' });
  if (new Set(skillIds).size !== skillIds.length) problems.push({ field: 'entries', key: 'contestant.error.sameSkillTwice' });
  if (skillIds.length > 1 && !event.allowMultipleSkills) problems.push({ field: 'entries', key: 'contestant.error.oneSkillOnly' });

  if (id.ok) {
    const clash = await db.contestant.findFirst({ where: { eventId, idNumber: id.idNumber, ...(contestantId ? { id: { not: contestantId } } : {}) } });
    if (clash) problems.push({ field: 'idNumber', key: 'contestant.error.personRegistered', params: { name: clash.name } });
  }
  const teamSkills = await queries.teamSkills(db, eventId);
  const current = contestantId === null ? [] : await db.entry.findMany({ where: { contestantId }, select: { id: true, skillId: true } });
  problems.push(...teamProblems(teamSkills, data.entries, data.organizationId, current.map((e) => e.id)));
  const taken = await queries.usedBibs(db, eventId, contestantId ?? undefined);
  const bibs: string[] = [];
  data.entries.forEach((entry, index) => {
    if (!entry.bib) return;
    if (!BIB_PATTERN.test(entry.bib)) problems.push({ field: `entries.${index}.bib`, key: 'contestant.error.bibFormat' });
    else if (taken.has(entry.bib) || bibs.includes(entry.bib)) problems.push({ field: `entries.${index}.bib`, key: 'contestant.error.bibTaken', params: { bib: entry.bib } });
    bibs.push(entry.bib);
  });
  if (problems.length > 0 || !id.ok) return invalid(problems);

  const personal = {
    name: data.name, nameLatin: data.nameLatin, gender: data.gender, organizationId: data.organizationId, idNumber: id.idNumber,
    birthDate: id.birthDate, phone, skillLevel: data.skillLevel,
  };
  // Skills left out whose entry has a draw, marks, signatures or a status history: the entry is
  // withdrawn (中途退赛), not deleted — by an organizer, with the history row; a delegation leader
  // cannot withdraw an entry that far along.
  const leftOut = contestantId === null ? [] : await db.entry.findMany({
    where: {
      contestantId, skillId: { notIn: skillIds },
      ...entryInUse,
    },
    select: { id: true, bib: true, status: true, skillId: true },
  });
  if (leftOut.length > 0 && actor.kind === 'delegation') return conflict('registration.error.entryInUse');

  const savedId = await db.$transaction(async (tx) => {
    const contestant = contestantId === null
      ? await tx.contestant.create({ data: { eventId, ...personal } })
      : await tx.contestant.update({ where: { id: contestantId }, data: personal });
    const current = await tx.entry.findMany({ where: { contestantId: contestant.id } });
    await tx.entry.deleteMany({ where: { contestantId: contestant.id, skillId: { notIn: skillIds }, id: { notIn: leftOut.map((e) => e.id) } } });
    for (const entry of leftOut.filter((e) => isCompeting(e.status))) {
      const accountId = (actor as { accountId: number }).accountId;
      const reason = 'registration: skill left out on update';
      await tx.entry.update({ where: { id: entry.id }, data: { status: 'withdrawn' } });
      await tx.entryStatusChange.create({ data: { entryId: entry.id, skillId: entry.skillId, fromStatus: entry.status, toStatus: 'withdrawn', reason, accountId } });
      await recordAudit(tx, { accountId, eventId, action: 'entry.withdraw', subject: entry.bib, details: { entryId: entry.id, bib: entry.bib, skillId: entry.skillId, from: entry.status, to: 'withdrawn', reason } });
    }
    const inUse = new Set([...taken, ...bibs]);
    for (const entry of data.entries) {
      const existing = current.find((e) => e.skillId === entry.skillId);
      const bib = entry.bib || existing?.bib || nextBib(inUse);
      inUse.add(bib);
      const saved = existing
        ? await tx.entry.update({ where: { id: existing.id }, data: { bib } })
        : await tx.entry.create({ data: { contestantId: contestant.id, skillId: entry.skillId, eventId, bib } });
      if (teamSkills.some((s) => s.skillId === entry.skillId)) await joinTeam(tx, saved.id, entry.skillId, entry.team, data.organizationId);
    }
    await dropEmptyTeams(tx, eventId);
    if (actor.kind === 'delegation') {
      await tx.organization.update({ where: { id: actor.organizationId }, data: { approvedAt: null, submittedAt: null } });
    }
    return contestant.id;
  });
  return done(savedId);
}

/**
 * The team problems of one contestant's entries (src/domain/teams.ts): a team skill's entry names
 * its team, of the contestant's organization, with room left. `ownEntryIds` are the contestant's
 * stored entries, which leave their teams when saved (they are claimed again).
 */
function teamProblems(teamSkills: queries.TeamSkill[], entries: { skillId: number; team: string }[], organizationId: number, ownEntryIds: number[]): Problem[] {
  const problems: Problem[] = [];
  entries.forEach((entry, index) => {
    const skill = teamSkills.find((s) => s.skillId === entry.skillId);
    if (!skill) return;
    const field = `entries.${index}.team`;
    if (entry.team === '') return void problems.push({ field, key: 'team.error.required' });
    const known = skill.teams.map((t) => ({ name: t.name, organization: t.organizationId, members: t.entryIds.filter((id) => !ownEntryIds.includes(id)).length }));
    for (const p of checkTeamClaims([{ ref: field, organization: organizationId, team: entry.team }], known, skill.sizes.max)) {
      problems.push({ field: p.ref, key: p.code, params: p.params });
    }
  });
  return problems;
}

/** Puts the entry in the skill's team of that name, created for the organization if new. */
async function joinTeam(tx: Prisma.TransactionClient, entryId: number, skillId: number, name: string, organizationId: number, importBatch?: string) {
  const team = await tx.team.upsert({
    where: { skillId_name: { skillId, name } },
    create: { skillId, name, organizationId, ...(importBatch ? { importBatch } : {}) },
    update: {},
  });
  await tx.teamMember.upsert({ where: { entryId }, create: { entryId, teamId: team.id }, update: { teamId: team.id } });
}

/** A team exists while it has members: the last one leaving (edited, deleted) takes it away. */
async function dropEmptyTeams(tx: Prisma.TransactionClient, eventId: number) {
  await tx.team.deleteMany({ where: { skill: { eventId }, members: { none: {} } } });
}

export async function removeContestant(db: Db, contestantId: number, actor: Actor): Promise<Outcome<null>> {
  const contestant = await db.contestant.findUnique({ where: { id: contestantId }, include: { event: true } });
  if (!contestant) return notFound();
  if (actor.kind === 'delegation' && contestant.organizationId !== actor.organizationId) return notFound();
  if (!isEventStatus(contestant.event.status) || !canRegister(contestant.event.status)) return conflict('registration.error.closed');
  // Marks and draws are never deleted (foreign keys and triggers refuse): such entries are withdrawn instead.
  if (await db.entry.count({ where: { contestantId, ...entryInUse } }) > 0) return conflict('registration.error.contestantInUse');
  await db.$transaction(async (tx) => {
    await tx.contestant.delete({ where: { id: contestantId } });
    await dropEmptyTeams(tx, contestant.eventId);
    if (actor.kind === 'delegation') await tx.organization.update({ where: { id: actor.organizationId }, data: { approvedAt: null, submittedAt: null } });
  });
  return done(null);
}

// ─── the list's bulk actions ─────────────────────────────────────────────────

/** At most one page of the list is selected at a time; this bounds a crafted post. */
export const MAX_BULK = 200;

/** The first names of a refusal's list, then how many more: a refusal stays one readable line. */
function someNames(names: string[]): string {
  return names.length <= 8 ? names.join('、') : `${names.slice(0, 8).join('、')} … (+${names.length - 8})`;
}

/** The selected contestants of the event, or null when any is not (a stale page or a crafted post). */
async function selectedContestants(db: Db, eventId: number, ids: number[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0 || unique.length > MAX_BULK) return null;
  const rows = await db.contestant.findMany({
    where: { eventId, id: { in: unique } },
    select: { id: true, name: true, entries: { select: { id: true, skillId: true, bib: true, status: true } } },
  });
  return rows.length === unique.length ? rows : null;
}

/**
 * Deletes the selected contestants, all or none: if any has a draw, marks or a status history
 * (which are never deleted), nothing is and the refusal names them.
 */
export async function removeContestants(db: Db, eventId: number, ids: number[], accountId: number): Promise<Outcome<number>> {
  const event = await openEvent(db, eventId);
  if (!event) return notFound();
  if (!canRegister(event.status)) return conflict('registration.error.closed');
  const selected = await selectedContestants(db, eventId, ids);
  if (!selected) return conflict('registration.bulk.stale');
  // Checked in the transaction that deletes: a draw made meanwhile refuses, it does not fail.
  const inUse = await db.$transaction(async (tx) => {
    const used = await tx.contestant.findMany({ where: { id: { in: selected.map((c) => c.id) }, entries: { some: entryInUse } }, select: { name: true } });
    if (used.length > 0) return used;
    await tx.contestant.deleteMany({ where: { id: { in: selected.map((c) => c.id) } } });
    await dropEmptyTeams(tx, eventId);
    await recordAudit(tx, { accountId, eventId, action: 'contestant.delete', subject: someNames(selected.map((c) => c.name)), details: { contestantIds: selected.map((c) => c.id) } });
    return [];
  });
  if (inUse.length > 0) return conflict('registration.bulk.deleteInUse', { count: inUse.length, names: someNames(inUse.map((c) => c.name)) });
  return done(selected.length);
}

/**
 * Moves the selected contestants' entries to another skill, all or none, bibs kept. The entry
 * moved is the one in `fromSkillId` (the list's skill filter) or the contestant's only one. An
 * entry with a draw or marks stays where it is judged; team skills need a team, so they are
 * neither left nor joined this way (the contestant's form does that).
 */
export async function moveEntries(db: Db, eventId: number, ids: number[], fromSkillId: number | null, toSkillId: number, accountId: number): Promise<Outcome<number>> {
  const event = await openEvent(db, eventId);
  if (!event) return notFound();
  if (!canRegister(event.status)) return conflict('registration.error.closed');
  const skills = await db.skill.findMany({ where: { eventId }, select: { id: true, name: true, teamSkill: true } });
  const target = skills.find((s) => s.id === toSkillId);
  if (!target || (fromSkillId !== null && !skills.some((s) => s.id === fromSkillId))) return invalid([{ field: 'toSkill', key: 'validation.choice' }]);
  if (target.teamSkill || skills.some((s) => s.id === fromSkillId && s.teamSkill)) return conflict('registration.bulk.teamSkill');
  const selected = await selectedContestants(db, eventId, ids);
  if (!selected) return conflict('registration.bulk.stale');
  const teamSkillIds = new Set(skills.filter((s) => s.teamSkill).map((s) => s.id));
  const moves: { entryId: number; bib: string; from: number }[] = [];
  const refused = { ambiguous: [] as string[], already: [] as string[], team: [] as string[] };
  for (const contestant of selected) {
    const candidates = contestant.entries.filter((e) => (fromSkillId === null ? true : e.skillId === fromSkillId));
    if (candidates.length !== 1) refused.ambiguous.push(contestant.name);
    else if (contestant.entries.some((e) => e.skillId === toSkillId)) refused.already.push(contestant.name);
    else if (teamSkillIds.has(candidates[0]!.skillId)) refused.team.push(contestant.name);
    else moves.push({ entryId: candidates[0]!.id, bib: candidates[0]!.bib, from: candidates[0]!.skillId });
  }
  if (refused.ambiguous.length > 0) return conflict('registration.bulk.moveWhich', { count: refused.ambiguous.length, names: someNames(refused.ambiguous) });
  if (refused.already.length > 0) return conflict('registration.bulk.moveAlready', { count: refused.already.length, names: someNames(refused.already), skill: target.name });
  if (refused.team.length > 0) return conflict('registration.bulk.teamSkill');
  const inUse = await db.$transaction(async (tx) => {
    const used = await tx.entry.findMany({ where: { id: { in: moves.map((m) => m.entryId) }, ...entryInUse }, select: { contestant: { select: { name: true } } } });
    if (used.length > 0) return used;
    await tx.entry.updateMany({ where: { id: { in: moves.map((m) => m.entryId) } }, data: { skillId: toSkillId } });
    await recordAudit(tx, { accountId, eventId, action: 'entry.move', subject: target.name, details: { toSkillId, entries: moves } });
    return [];
  });
  if (inUse.length > 0) return conflict('registration.bulk.moveInUse', { count: inUse.length, names: someNames(inUse.map((e) => e.contestant.name)) });
  return done(moves.length);
}

/**
 * Approves the submitted lists the organizer was shown (`shownIds`), still submitted and not
 * approved: a list submitted, or changed by its leader, after the page was read is not approved
 * unseen.
 */
export async function approveSubmitted(db: Db, eventId: number, shownIds: number[], accountId: number): Promise<Outcome<number>> {
  const event = await openEvent(db, eventId);
  if (!event) return notFound();
  const still = { eventId, id: { in: shownIds.slice(0, 1000) }, submittedAt: { not: null }, approvedAt: null } satisfies Prisma.OrganizationWhereInput;
  const approved = await db.$transaction(async (tx) => {
    const waiting = await tx.organization.findMany({ where: still, select: { id: true, name: true } });
    await tx.organization.updateMany({ where: { ...still, id: { in: waiting.map((o) => o.id) } }, data: { approvedAt: new Date() } });
    for (const o of waiting) await recordAudit(tx, { accountId, eventId, action: 'organization.approve', subject: o.name });
    return waiting.length;
  });
  return done(approved);
}

/**
 * A contestant's full ID and phone numbers, which lists mask: each look is audited (who saw
 * whose, when), as the personal-information rules ask of access to such data.
 */
export async function revealContestant(db: Db, contestantId: number, accountId: number, via: 'list' | 'edit') {
  const contestant = await db.contestant.findUnique({ where: { id: contestantId }, select: { id: true, eventId: true, name: true, idNumber: true, phone: true } });
  if (!contestant) return null;
  await recordAudit(db, { accountId, eventId: contestant.eventId, action: 'contestant.reveal', subject: contestant.name, details: { contestantId, via } });
  return contestant;
}

// ─── bulk import ─────────────────────────────────────────────────────────────

/** Rows per transaction: small enough that a judge's mark waits for one chunk, not the whole file. */
export const IMPORT_CHUNK_ROWS = 200;

/**
 * Writes checked import rows: missing organizations and people, then one entry per row. SQLite
 * has one writer, so one transaction for 20,000 rows kept every judge waiting for 47 s; the rows
 * go in chunks instead, with a turn of the event loop between them for other requests. It stays
 * all-or-nothing as the organizer sees it: the rows were checked against the database just before,
 * so only a concurrent change or a failing disk can stop it half-way; every row it creates carries
 * the batch id until the last chunk is in, and a failed run removes its rows (one cut short by a
 * crash is removed at the next start, by discardUnfinishedImports).
 */
/** What an import created: entries, and the contestants and organizations that were new. */
export interface ImportCounts { entries: number; contestants: number; organizations: number }

export async function importRecords(db: Db, eventId: number, records: ContestantRecord[]): Promise<Outcome<ImportCounts>> {
  const importBatch = newImportBatch();
  const organizations = new Map((await db.organization.findMany({ where: { eventId }, select: { id: true, name: true } })).map((o) => [o.name, o.id]));
  const people = new Map((await db.contestant.findMany({ where: { eventId }, select: { id: true, idNumber: true } })).map((p) => [p.idNumber, p.id]));
  const bibs = assignBibs(records.map((r) => r.bib), (await db.entry.findMany({ where: { eventId }, select: { bib: true } })).map((e) => e.bib));
  const teams = new Map((await db.team.findMany({ where: { skill: { eventId } }, select: { id: true, skillId: true, name: true } })).map((t) => [teamKey(t.skillId, t.name), t.id]));
  let counts: ImportCounts = { entries: 0, contestants: 0, organizations: 0 };
  try {
    for (let start = 0; start < records.length; start += IMPORT_CHUNK_ROWS) {
      const end = Math.min(start + IMPORT_CHUNK_ROWS, records.length);
      const chunk = records.slice(start, end);
      // Three statements a chunk rather than two or three a row: Prisma's overhead is per statement.
      await db.$transaction(async (tx) => {
        const newOrganizations = [...new Set(chunk.map((r) => r.organization))].filter((name) => !organizations.has(name));
        if (newOrganizations.length > 0) {
          const created = await tx.organization.createManyAndReturn({ data: newOrganizations.map((name) => ({ eventId, name, approvedAt: new Date(), importBatch })), select: { id: true, name: true } });
          for (const o of created) organizations.set(o.name, o.id);
        }
        const newPeople = new Map(chunk.filter((r) => !people.has(r.idNumber)).map((r) => [r.idNumber, r]));
        if (newPeople.size > 0) {
          const created = await tx.contestant.createManyAndReturn({
            data: [...newPeople.values()].map((r) => ({
              eventId, organizationId: organizations.get(r.organization)!, name: r.name, nameLatin: r.nameLatin, gender: r.gender, idNumber: r.idNumber, birthDate: r.birthDate, phone: r.phone, skillLevel: r.skillLevel, importBatch,
            })),
            select: { id: true, idNumber: true },
          });
          for (const p of created) people.set(p.idNumber, p.id);
        }
        const entries = await tx.entry.createManyAndReturn({
          data: chunk.map((r, k) => ({ contestantId: people.get(r.idNumber)!, skillId: r.skillId, eventId, bib: bibs[start + k]!, importBatch })),
          select: { id: true, contestantId: true, skillId: true },
        });
        const entryOf = new Map(entries.map((e) => [`${e.contestantId}:${e.skillId}`, e.id]));
        await joinTeams(tx, chunk, chunk.map((r) => entryOf.get(`${people.get(r.idNumber)}:${r.skillId}`)!), organizations, teams, importBatch);
      });
      await nextTurn();
    }
    // Releasing the batch counts what it made: the summary the organizer sees.
    const [madeEntries, , madeContestants, madeOrganizations] = await db.$transaction([
      db.entry.updateMany({ where: { importBatch }, data: { importBatch: null } }),
      db.team.updateMany({ where: { importBatch }, data: { importBatch: null } }),
      db.contestant.updateMany({ where: { importBatch }, data: { importBatch: null } }),
      db.organization.updateMany({ where: { importBatch }, data: { importBatch: null } }),
    ]);
    counts = { entries: madeEntries.count, contestants: madeContestants.count, organizations: madeOrganizations.count };
  } catch (error) {
    // A failed chunk is rolled back by its transaction; the chunks before it are removed here.
    await discardImport(db, importBatch).catch((cleanup: unknown) => console.error(`Import ${importBatch}: its rows could not be removed; the next start tries again`, cleanup));
    if (isUniqueViolation(error)) return conflict('registration.import.interrupted');
    throw error;
  }
  return done(counts);
}

const teamKey = (skillId: number, name: string) => `${skillId}\n${name}`;

/**
 * The chunk's team rows join their teams: a team not stored yet is created, for the row's
 * organization (parseContestantSheet() checked that a team keeps to one organization and size).
 */
async function joinTeams(
  tx: Prisma.TransactionClient,
  chunk: ContestantRecord[],
  entryIds: number[],
  organizations: Map<string, number>,
  teams: Map<string, number>,
  importBatch: string,
) {
  const members: { entryId: number; teamId: number }[] = [];
  for (const [k, record] of chunk.entries()) {
    if (record.team === undefined) continue;
    const key = teamKey(record.skillId, record.team);
    if (!teams.has(key)) {
      const team = await tx.team.create({ data: { skillId: record.skillId, name: record.team, organizationId: organizations.get(record.organization)!, importBatch }, select: { id: true } });
      teams.set(key, team.id);
    }
    members.push({ entryId: entryIds[k]!, teamId: teams.get(key)! });
  }
  if (members.length > 0) await tx.teamMember.createMany({ data: members });
}

/** Removes what an import created, newest first: its entries (and their team places), teams, people, organizations. */
/**
 * A batch id begins with when it started (ms, base 36, fixed width), so that batches can be told
 * apart by age: with several nodes on PostgreSQL, another node's import may be under way.
 */
const newImportBatch = (now = Date.now()) => `${now.toString(36).padStart(9, '0')}.${randomBytes(12).toString('base64url')}`;

async function discardImport(db: Db, importBatch: string | { not: null } | { lt: string }): Promise<number> {
  const [entries] = await db.$transaction([
    db.entry.deleteMany({ where: { importBatch } }),
    db.team.deleteMany({ where: { importBatch } }),
    db.contestant.deleteMany({ where: { importBatch } }),
    db.organization.deleteMany({ where: { importBatch } }),
  ]);
  return entries.count;
}

/**
 * At start: an import cut short by a crash or a power cut leaves rows with a batch id; they go.
 * `startedBefore`: only batches begun before then (PostgreSQL: other nodes may be importing now;
 * an import takes minutes at most, so one begun an hour ago is one a node's end cut short).
 */
export function discardUnfinishedImports(db: Db, startedBefore?: Date): Promise<number> {
  return discardImport(db, startedBefore ? { lt: newImportBatch(startedBefore.getTime()).slice(0, 10) } : { not: null });
}

/** A row that others still point at (Prisma's P2003: SQLite's RESTRICT refused the delete). */
function isForeignKeyFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && ((error as { code?: unknown }).code === 'P2003' || /FOREIGN KEY constraint failed/i.test(String((error as { message?: unknown }).message)));
}
