import { randomInt } from 'node:crypto';
import { readableCode } from '../readable-code.ts';
import { z } from '../zod.ts';
import { recordAudit } from '../audit/record.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import { hashPassword } from '../auth/password.ts';
import { MAX_ID } from '../http/ids.ts';
import { pinThrottleKeys } from '../judging/commands.ts';
import type { Db } from '../db/client.ts';
import { conflict, done, invalid, notFound, parse, type Outcome, type Problem } from '../outcome.ts';
import { cleanText, isPersonName, normalizePersonName } from '../domain/names.ts';

/**
 * Judges of an event: accounts created by the organizer (one by one or many at once), each
 * with a number and a short PIN for tablet sign-in, an organization for recusal, assignments
 * to rounds or single aspects, and a chief judge per skill.
 */

/** Six digits: short enough to type with gloves on, and sign-in attempts are rate-limited. */
export const newPin = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** An event code for tablets: 6 characters without look-alikes (0/O, 1/I/L). */
const newJudgeCode = () => readableCode(6);

/** An event code no event has yet. */
export async function unusedJudgeCode(db: Pick<Db, 'event'>): Promise<string> {
  for (;;) {
    const code = newJudgeCode();
    if (!(await db.event.findUnique({ where: { judgeCode: code }, select: { id: true } }))) return code;
  }
}

/** A judge's account's username: judges never use the username form (they sign in with event code, number and PIN). */
export const judgeUsername = (eventId: number, number: number, at = new Date()) => `judge-${eventId}-${number}-${at.getTime().toString(36)}`;

export async function ensureJudgeCode(db: Db, eventId: number): Promise<string> {
  const event = await db.event.findUniqueOrThrow({ where: { id: eventId } });
  if (event.judgeCode) return event.judgeCode;
  const code = await unusedJudgeCode(db);
  await db.event.update({ where: { id: eventId }, data: { judgeCode: code } });
  return code;
}

export interface NewJudge {
  name: string;
  organizationId: number | null;
  chief: boolean;
}

export interface IssuedPin {
  judgeId: number;
  number: number;
  name: string;
  pin: string;
}

/**
 * "One judge per line: name, organization" as the organizer pastes it from a spreadsheet.
 * The organization is matched by name among the event's organizations; "裁判长"/"chief" marks a chief judge.
 */
export function parseJudgeLines(text: string, organizations: { id: number; name: string }[]): { judges: NewJudge[]; problems: Problem[] } {
  const judges: NewJudge[] = [];
  const problems: Problem[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const cells = line.split(/[,，\t]/).map((cell) => cell.trim());
    if (cells.every((cell) => cell === '')) return;
    const [rawName = '', organizationName = '', ...rest] = cells;
    const name = normalizePersonName(rawName);
    const chief = rest.some((cell) => /^(裁判长|chief( judge)?)$/i.test(cell)) || /^(裁判长|chief( judge)?)$/i.test(organizationName);
    const orgName = /^(裁判长|chief( judge)?)$/i.test(organizationName) ? '' : cleanText(organizationName);
    if (name === '' || name.length > 30) {
      problems.push({ field: 'lines', key: 'judges.error.line', params: { line: index + 1 } });
      return;
    }
    if (!isPersonName(name)) {
      problems.push({ field: 'lines', key: 'judges.error.name', params: { line: index + 1 } });
      return;
    }
    const organization = orgName ? organizations.find((o) => o.name === orgName) : undefined;
    if (orgName && !organization) {
      problems.push({ field: 'lines', key: 'judges.error.organization', params: { line: index + 1, name: orgName } });
      return;
    }
    judges.push({ name, organizationId: organization?.id ?? null, chief });
  });
  if (judges.length === 0 && problems.length === 0) problems.push({ field: 'lines', key: 'validation.required' });
  return { judges, problems };
}

export async function addJudges(db: Db, eventId: number, text: string, accountId: number): Promise<Outcome<IssuedPin[]>> {
  const event = await db.event.findUnique({ where: { id: eventId } });
  if (!event) return notFound();
  const organizations = await db.organization.findMany({ where: { eventId }, select: { id: true, name: true } });
  const { judges, problems } = parseJudgeLines(text, organizations);
  if (problems.length > 0) return invalid(problems);
  return done(await createJudges(db, eventId, judges, accountId));
}

/** As many as one event has judges, with room to spare; each gets a PIN hashed with scrypt. */
export const MAX_JUDGES_AT_ONCE = 200;

/** The API's "add judges": the same judges as the pasted lines, with organizations by id. */
export const judgesInput = z.object({
  judges: z.array(z.object({
    name: z.string({ error: 'validation.required' }).transform(normalizePersonName)
      .refine((name) => name !== '' && name.length <= 30, { message: 'judges.error.nameLength', abort: true })
      .refine(isPersonName, 'judges.error.nameLetters'),
    organizationId: z.number({ error: 'validation.choice' }).int('validation.choice').positive('validation.choice').nullable().default(null),
    chief: z.boolean({ error: 'validation.choice' }).default(false),
  })).min(1, 'validation.required').max(MAX_JUDGES_AT_ONCE, 'judges.error.tooMany'),
});

export async function addJudgeList(db: Db, eventId: number, raw: unknown, accountId: number): Promise<Outcome<IssuedPin[]>> {
  const event = await db.event.findUnique({ where: { id: eventId } });
  if (!event) return notFound();
  const parsed = parse(judgesInput, raw);
  if (!parsed.ok) return parsed;
  const organizations = new Set((await db.organization.findMany({ where: { eventId }, select: { id: true } })).map((o) => o.id));
  const problems = parsed.value.judges.flatMap((judge, index) =>
    judge.organizationId !== null && !organizations.has(judge.organizationId) ? [{ field: `judges.${index}.organizationId`, key: 'validation.choice' }] : []);
  if (problems.length > 0) return invalid(problems);
  return done(await createJudges(db, eventId, parsed.value.judges, accountId));
}

/** Numbers the judges after the event's last one, each with an account and a new PIN (returned once). */
async function createJudges(db: Db, eventId: number, judges: NewJudge[], accountId: number): Promise<IssuedPin[]> {
  await ensureJudgeCode(db, eventId);
  const withPins = await Promise.all(judges.map(async (judge) => {
    const pin = newPin();
    return { ...judge, pin, pinHash: await hashPassword(pin) };
  }));
  return db.$transaction(async (tx) => {
    let number = ((await tx.eventJudge.aggregate({ where: { eventId }, _max: { number: true } }))._max.number ?? 0);
    const result: IssuedPin[] = [];
    for (const judge of withPins) {
      number += 1;
      const account = await tx.account.create({
        data: {
          username: judgeUsername(eventId, number),
          displayName: judge.name,
          role: judge.chief ? 'chief_judge' : 'judge',
          passwordHash: judge.pinHash,
        },
      });
      const created = await tx.eventJudge.create({
        data: { eventId, accountId: account.id, number, organizationId: judge.organizationId },
      });
      result.push({ judgeId: created.id, number, name: judge.name, pin: judge.pin });
    }
    await recordAudit(tx, { accountId, eventId, action: 'judges.add', details: { numbers: result.map((j) => j.number) } });
    return result;
  });
}

export async function resetPin(db: Db, throttle: LoginThrottle, judgeId: number, accountId: number): Promise<Outcome<IssuedPin & { eventId: number }>> {
  const judge = await db.eventJudge.findUnique({ where: { id: judgeId }, include: { account: true, event: { select: { judgeCode: true } } } });
  if (!judge) return notFound();
  const pin = newPin();
  const pinHash = await hashPassword(pin);
  // The old PIN may be known to someone: whatever it opened (tablets, API tokens) is closed too.
  await db.$transaction(async (tx) => {
    await tx.account.update({ where: { id: judge.accountId }, data: { passwordHash: pinHash } });
    await signOutEverywhere(tx, judge.accountId);
  });
  // Guesses at the old PIN (which may have locked the judge out) do not count against the new one.
  await throttle.forget('judgePin', pinThrottleKeys.signIn(judge.event.judgeCode ?? '', judge.number));
  await throttle.forget('signature', pinThrottleKeys.signature(judge.accountId));
  await recordAudit(db, { accountId, eventId: judge.eventId, action: 'judges.resetPin', subject: String(judge.number) });
  return done({ judgeId, number: judge.number, name: judge.account.displayName, pin, eventId: judge.eventId });
}

/** Ends every way an account is signed in: its sessions and its API tokens. The number of sessions. */
async function signOutEverywhere(tx: Pick<Db, 'session' | 'apiToken'>, accountId: number): Promise<number> {
  const { count } = await tx.session.deleteMany({ where: { accountId } });
  await tx.apiToken.updateMany({ where: { accountId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

/** Signs the judge out everywhere at once (a lost tablet, a replaced judge). */
export async function revokeSessions(db: Db, judgeId: number, accountId: number): Promise<Outcome<number>> {
  const judge = await db.eventJudge.findUnique({ where: { id: judgeId } });
  if (!judge) return notFound();
  const count = await db.$transaction((tx) => signOutEverywhere(tx, judge.accountId));
  await recordAudit(db, { accountId, eventId: judge.eventId, action: 'judges.revoke', subject: String(judge.number) });
  return done(count);
}

/**
 * A judge added by mistake goes again, while nothing rests on him: no marks, signatures or mark
 * history, and nothing he did in the audit log (which is append-only) or as a drawer, publisher
 * or arbiter. His account goes with him unless he judges another event. Refused otherwise: he
 * can be signed out or given a new PIN instead.
 */
export async function removeJudge(db: Db, judgeId: number, accountId: number): Promise<Outcome<{ eventId: number }>> {
  const judge = await db.eventJudge.findUnique({ where: { id: judgeId }, include: { _count: { select: { marks: true, signoffs: true } } } });
  if (!judge) return notFound();
  const account = await db.account.findUniqueOrThrow({
    where: { id: judge.accountId },
    select: { _count: { select: { markChanges: true, auditEntries: true, draws: true, publications: true, appealDecisions: true, judgeRoles: true } } },
  });
  const counts = account._count;
  if (judge._count.marks + judge._count.signoffs + counts.markChanges + counts.auditEntries + counts.draws + counts.publications + counts.appealDecisions > 0) {
    return conflict('judges.error.inUse', { number: judge.number });
  }
  await db.$transaction(async (tx) => {
    // Assignments go with him; a skill he was chief judge of is left without one.
    await tx.eventJudge.delete({ where: { id: judge.id } });
    // Sessions and API tokens go with the account.
    if (counts.judgeRoles === 1) await tx.account.delete({ where: { id: judge.accountId } });
  });
  await recordAudit(db, { accountId, eventId: judge.eventId, action: 'judges.remove', subject: `J${judge.number}` });
  return done({ eventId: judge.eventId });
}

/** The judge's organization, which decides recusal (a judge never marks their own organization's entries). */
export async function setOrganization(db: Db, judgeId: number, organizationId: number | null, accountId: number): Promise<Outcome<null>> {
  const judge = await db.eventJudge.findUnique({ where: { id: judgeId } });
  if (!judge) return notFound();
  if (organizationId !== null && !(await db.organization.findFirst({ where: { id: organizationId, eventId: judge.eventId } }))) {
    return invalid([{ field: 'organizationId', key: 'validation.choice' }]);
  }
  await db.$transaction(async (tx) => {
    await tx.eventJudge.update({ where: { id: judgeId }, data: { organizationId } });
    await recordAudit(tx, { accountId, eventId: judge.eventId, action: 'judges.organization', subject: String(judge.number), details: { organizationId } });
  });
  return done(null);
}

/**
 * Names the skill's chief judge (裁判长), or nobody. Unlike the assignments this stays possible
 * after a lock: a chief judge who falls ill is replaced, and the new one makes the corrections.
 */
export async function setChiefJudge(db: Db, skillId: number, judgeId: number | null, accountId: number): Promise<Outcome<null>> {
  const skill = await db.skill.findUnique({ where: { id: skillId }, select: { eventId: true, name: true } });
  if (!skill) return notFound();
  const judge = judgeId === null ? null : await db.eventJudge.findFirst({ where: { id: judgeId, eventId: skill.eventId }, select: { number: true } });
  if (judgeId !== null && !judge) return invalid([{ field: 'judgeId', key: 'validation.choice' }]);
  await db.$transaction(async (tx) => {
    await tx.skill.update({ where: { id: skillId }, data: { chiefJudgeId: judgeId } });
    await recordAudit(tx, { accountId, eventId: skill.eventId, action: 'judges.chief', subject: skill.name, details: { skillId, number: judge?.number ?? null } });
  });
  return done(null);
}

export interface AssignmentInput {
  judgeId: number;
  roundId: number;
  /** null: every aspect of the round. */
  aspectIds: number[] | null;
}

const idOf = () => z.number({ error: 'validation.choice' }).int('validation.choice').positive('validation.choice').max(MAX_ID, 'validation.choice');

/** The API's "replace the assignments": the screen's grid as a list. */
export const assignmentsInput = z.object({
  chiefJudgeId: idOf().nullable().optional(),
  assignments: z.array(z.object({
    judgeId: idOf(),
    roundId: idOf(),
    aspectIds: z.array(idOf()).min(1, 'validation.required').max(1000).nullable(),
  })).max(5000),
});

export const chiefJudgeInput = z.object({ judgeId: idOf().nullable() });
export const judgeOrganizationInput = z.object({ organizationId: idOf().nullable() });

/**
 * Replaces a skill's judge assignments and (unless `chiefJudgeId` is undefined) its chief judge.
 * Refused once a round is locked.
 */
export async function saveAssignments(db: Db, skillId: number, chiefJudgeId: number | null | undefined, assignments: AssignmentInput[], accountId: number): Promise<Outcome<null>> {
  const skill = await db.skill.findUnique({
    where: { id: skillId },
    include: { rounds: { include: { criteria: { include: { aspects: { select: { id: true } } } } } } },
  });
  if (!skill) return notFound();
  const judges = new Set((await db.eventJudge.findMany({ where: { eventId: skill.eventId }, select: { id: true } })).map((j) => j.id));
  const rounds = new Map(skill.rounds.map((r) => [r.id, new Set(r.criteria.flatMap((c) => c.aspects.map((a) => a.id)))]));
  if (chiefJudgeId != null && !judges.has(chiefJudgeId)) return invalid([{ field: 'chiefJudgeId', key: 'validation.choice' }]);
  const problems: Problem[] = [];
  assignments.forEach((a, index) => {
    const aspects = rounds.get(a.roundId);
    if (!judges.has(a.judgeId)) problems.push({ field: `assignments.${index}.judgeId`, key: 'validation.choice' });
    if (!aspects) problems.push({ field: `assignments.${index}.roundId`, key: 'validation.choice' });
    else if ((a.aspectIds ?? []).some((id) => !aspects.has(id))) problems.push({ field: `assignments.${index}.aspectIds`, key: 'validation.choice' });
  });
  if (problems.length > 0) return invalid(problems);
  if (skill.rounds.some((r) => r.lockedAt)) return conflict('judging.error.locked');
  await db.$transaction(async (tx) => {
    if (chiefJudgeId !== undefined) await tx.skill.update({ where: { id: skillId }, data: { chiefJudgeId } });
    await tx.judgeAssignment.deleteMany({ where: { roundId: { in: [...rounds.keys()] } } });
    await tx.judgeAssignment.createMany({
      data: assignments.flatMap<{ judgeId: number; roundId: number; aspectId: number | null }>((a) =>
        a.aspectIds === null
          ? [{ judgeId: a.judgeId, roundId: a.roundId, aspectId: null }]
          : [...new Set(a.aspectIds)].map((aspectId) => ({ judgeId: a.judgeId, roundId: a.roundId, aspectId })),
      ),
    });
    // Who marks what decides every total: the replaced assignments are on record.
    await recordAudit(tx, {
      accountId, eventId: skill.eventId, action: 'judges.assign', subject: skill.name,
      details: { skillId, ...(chiefJudgeId !== undefined ? { chiefJudgeId } : {}), assignments },
    });
  });
  return done(null);
}
