import { z } from '../zod.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import { decoyPasswordHash, verifyPassword } from '../auth/password.ts';
import type { Db } from '../db/client.ts';
import { busyError } from '../db/errors.ts';
import { native } from '../db/native.ts';
import { decideMarkWrite, isImplausible, isRecused, needsScoresInRound, markPoints, plausibleRange, storedMark, validateMark, type Mark } from '../domain/judging.ts';
import { notifierOf, roundTopic } from '../live/notifier.ts';
import { conflict, done, invalid, notFound, type Outcome, type Problem } from '../outcome.ts';
import { retriedTransaction } from '../db/postgresql.ts';
import { inMarkTransaction, type MarkStore, type StoredMark } from './mark-store.ts';
import { aspectsAssigned, assignedAspectIds, keyedRoundContext, roundContext, roundContextKey, visibleEntries, type RoundContext } from './queries.ts';

/**
 * Marks from judges' tablets. A batch (one request, many marks, one transaction) may be a
 * replay after a dropped connection: every write carries a client-made idempotency key, kept
 * unique per judge's account in MarkChange, so a replayed mark is stored once; the same key
 * sent for a different mark is refused rather than mistaken for a replay. A device also sends the version of
 * the mark it last saw, so a mark changed on two devices comes back as a conflict instead of
 * silently overwriting.
 */

export const markInput = z.object({
  key: z.string().min(8).max(100),
  code: z.string().min(1).max(20),
  aspectId: z.number().int().positive(),
  mark: z.discriminatedUnion('state', [
    z.object({ state: z.literal('scored'), value: z.number() }),
    z.object({ state: z.literal('not_scored') }),
  ]),
  baseVersion: z.number().int().min(0),
  /**
   * The judge confirmed a measured value far from the nominal (see plausibleRange()); without it
   * such a value is refused, so a slipped decimal point never scores 0 unnoticed. The tablet
   * asks before it queues the mark, so the queued write already carries the answer.
   */
  confirmed: z.boolean().optional(),
});
export const markBatchInput = z.object({
  roundId: z.number().int().positive(),
  deviceId: z.string().max(100).default(''),
  marks: z.array(markInput).min(1).max(500),
});
export type MarkBatch = z.output<typeof markBatchInput>;

/**
 * What the tablet sends to sign (JSON): the sheets the judge saw complete when he typed his PIN,
 * one or every one of the round ("sign all", possibly queued while offline), so it signs exactly
 * what he confirmed.
 */
export const signaturesInput = z.object({
  codes: z.array(z.string().min(1).max(20)).min(1).max(5000),
  pin: z.string().max(12),
});

/** Per mark: what the server now holds (version, mark, the points it gives) or why it refused. */
export type MarkResult =
  | { key: string; aspectId: number; status: 'saved' | 'duplicate' | 'unchanged' | 'conflict'; version: number; mark: Mark; points: number | null }
  | { key: string; aspectId: number; status: 'refused'; error: string; params?: Record<string, string | number> };

export interface JudgeActor {
  accountId: number;
  judgeId: number;
  organizationId: number | null;
}

/** Code → entry and id → aspect of a cached context, made once per context (a batch looks up every mark). */
const lookups = new WeakMap<RoundContext, { entries: Map<string, RoundContext['entries'][number]>; aspects: Map<number, RoundContext['aspects'][number]> }>();

function lookupsOf(context: RoundContext) {
  let found = lookups.get(context);
  if (!found) {
    found = { entries: new Map(context.entries.map((e) => [e.code, e])), aspects: new Map(context.aspects.map((a) => [a.id, a])) };
    lookups.set(context, found);
  }
  return found;
}

/** The context read before the transaction changed meanwhile (see saveMarks). */
const STALE = Symbol('stale');
/** The draw in force is not the context's: another node redrew, and its notice has not come yet. */
const REDRAWN = Symbol('redrawn');
/**
 * How often a batch re-reads a context that changed under it before it goes on with the last one
 * (a large import writes Entry for many seconds: marks must not wait for it). Whether the round
 * is locked is read inside the transaction every time, never taken from the context.
 */
const CONTEXT_ATTEMPTS = 3;

/**
 * The round context comes from roundContext()'s cache; everything about this judge and the marks
 * (assignment, sign-offs, idempotency keys, current versions) is read and written in one
 * synchronous transaction (mark-store.ts), committed before the answer. In that transaction the
 * context's generations key is checked once more: if a lock, a new draw or a status change
 * committed after the context was read, the batch starts again with the new one.
 */
export async function saveMarks(db: Db, judge: JudgeActor, batch: MarkBatch): Promise<Outcome<MarkResult[]>> {
  for (let attempt = 1; ; attempt++) {
    const { key, context } = await keyedRoundContext(db, batch.roundId);
    if (!context) return notFound();
    const results = await inMarkTransaction(db, async (store) => {
      if (attempt < CONTEXT_ATTEMPTS && roundContextKey(db) !== key) return STALE;
      // The codes are the draw's: a redraw another app node committed may not have reached this
      // node's cache yet (its notice takes milliseconds), so the draw in force is read here.
      const now = await store.roundNow(context.round.id);
      if (now.drawId !== context.drawId) return REDRAWN;
      return markBatch(store, context, judge, batch, now.locked);
    }, batch.marks.length);
    if (results === STALE) continue;
    if (results === REDRAWN) {
      // As if the other node's notice had come: the next attempt reads the new draw.
      native(db).generations.wrote(['Draw']);
      if (attempt < CONTEXT_ATTEMPTS) continue;
      throw busyError('the draw changed while marks were being saved');
    }
    if (results === null) return conflict('judging.error.notAssigned');
    // The desk re-fetches the rows of the entries saved. One result per mark, in order: a key is
    // no way back to the mark (a batch may carry one key twice, the second time refused).
    const { entries } = lookupsOf(context);
    const savedEntries = new Set(results.flatMap((r, i) => (r.status === 'saved' ? [entries.get(batch.marks[i]!.code)!.entryId] : [])));
    if (savedEntries.size > 0) notifierOf(db).changed(roundTopic(batch.roundId), { entryIds: [...savedEntries] });
    return done(results);
  }
}

/**
 * One batch inside the mark transaction; null when the judge marks nothing in the round.
 * `locked`: whether the round is locked now, read in the transaction (never taken from the context).
 */
async function markBatch(store: MarkStore, context: RoundContext, judge: JudgeActor, batch: MarkBatch, locked: boolean): Promise<MarkResult[] | null> {
  const assigned = new Set(aspectsAssigned(await store.assignedAspects(judge.judgeId, context.round.id), context));
  if (assigned.size === 0) return null;
  const signed = await store.signedEntries(judge.judgeId, context.round.id);
  const { entries, aspects } = lookupsOf(context);
  const out: MarkResult[] = [];
  const pointsOf = (aspectId: number, mark: Mark) => {
    const aspect = aspects.get(aspectId);
    return aspect && mark.state === 'scored' ? markPoints(aspect.aspect, mark.value) : null;
  };
  const report = (key: string, aspectId: number, status: 'saved' | 'duplicate' | 'unchanged' | 'conflict', row: StoredMark) => {
    const mark = storedMark(row);
    out.push({ key, aspectId, status, version: row.version, mark, points: pointsOf(aspectId, mark) });
  };
  for (const item of batch.marks) {
    const refuse = (error: string, params?: Record<string, string | number>) =>
      out.push({ key: item.key, aspectId: item.aspectId, status: 'refused', error, ...(params ? { params } : {}) });
    const entry = entries.get(item.code);
    const replay = await store.replay(judge.accountId, item.key);
    if (replay) {
      // A key names one write: the same key for another mark is a client bug, not a replay.
      const sameWrite = replay.mark.entryId === entry?.entryId && replay.mark.aspectId === item.aspectId
        && replay.newState === item.mark.state && replay.newValue === (item.mark.state === 'scored' ? item.mark.value : null);
      if (sameWrite) report(item.key, replay.mark.aspectId, 'duplicate', replay.mark);
      else refuse('judging.error.keyReused');
      continue;
    }
    const aspect = aspects.get(item.aspectId);
    if (!entry || !aspect) { refuse('judging.error.unknownCode'); continue; }
    if (locked) { refuse('judging.error.locked'); continue; }
    if (!assigned.has(aspect.id)) { refuse('judging.error.notAssigned'); continue; }
    if (!needsScoresInRound(entry, context.round.id)) { refuse('judging.error.notCompeting'); continue; }
    if (isRecused({ organizationId: judge.organizationId }, { organizationId: entry.organizationId })) { refuse('judging.error.recused'); continue; }
    if (signed.has(entry.entryId)) { refuse('judging.error.signed'); continue; }
    if (item.mark.state === 'scored') {
      const valid = validateMark(aspect.aspect, item.mark);
      if (!valid.ok) { refuse(valid.code, valid.params); continue; }
      if (!item.confirmed && isImplausible(aspect.aspect, item.mark.value)) {
        refuse('mark.error.implausible', { value: item.mark.value, ...plausibleRange(aspect.aspect)! });
        continue;
      }
    }
    const current = (await store.current(entry.entryId, aspect.id, judge.judgeId)) ?? null;
    const decision = decideMarkWrite(current && { version: current.version, mark: storedMark(current) }, { baseVersion: item.baseVersion, mark: item.mark });
    if (decision === 'conflict' || decision === 'unchanged') {
      report(item.key, aspect.id, decision, current!);
      continue;
    }
    const saved = await store.write({
      current, entryId: entry.entryId, aspectId: aspect.id, judgeId: judge.judgeId,
      state: item.mark.state, value: item.mark.state === 'scored' ? item.mark.value : null,
      change: { accountId: judge.accountId, deviceId: batch.deviceId, idempotencyKey: item.key },
    });
    report(item.key, aspect.id, 'saved', saved);
  }
  return out;
}

/** What a judge's sheet for one code still lacks; empty when every assigned aspect has a mark. */
export async function missingOnSheet(db: Db, judgeId: number, context: RoundContext, entryId: number): Promise<number[]> {
  const assigned = await assignedAspectIds(db, judgeId, context);
  const marked = new Set((await db.mark.findMany({ where: { judgeId, entryId, aspectId: { in: assigned } }, select: { aspectId: true } })).map((m) => m.aspectId));
  return assigned.filter((id) => !marked.has(id));
}

/**
 * The judge whose event code, number and PIN these are, or null. Unknown codes and numbers are
 * hashed against a decoy, so the answer takes as long either way and tells nobody which judges
 * exist.
 */
export async function judgeWithPin(db: Db, eventCode: string, number: number, pin: string): Promise<{ accountId: number } | null> {
  const judge = Number.isSafeInteger(number) && eventCode
    ? await db.eventJudge.findFirst({ where: { number, event: { judgeCode: eventCode } }, include: { account: true } })
    : null;
  const usable = judge && !judge.account.disabledAt ? judge : null;
  const pinOk = await verifyPassword(pin, usable?.account.passwordHash ?? (await decoyPasswordHash()));
  return usable && pinOk ? { accountId: usable.accountId } : null;
}

/** The names a judge's PIN attempts are counted under: sign-in (as typed) and signatures. */
export const pinThrottleKeys = {
  signIn: (eventCode: string, number: number) => `${eventCode}#${number}`,
  signature: (accountId: number) => String(accountId),
};

/** Too many wrong PINs: the attempt was not checked. */
export interface PinLimited { ok: false; status: 429; retryAfterSeconds: number; problems: Problem[] }

/** A sign-in with event code, judge number and PIN: the account, a wrong credential (401), or too many tries. */
export type JudgeSignIn = { ok: true; accountId: number } | { ok: false; status: 401 } | PinLimited;

/**
 * The tablet's sign-in and the API's token exchange alike: the attempt is reserved (counted per
 * judge as typed, per judge from this address, per address) before the PIN is hashed, and given
 * back when the PIN is right.
 */
export async function signInJudge(
  db: Db, limit: { throttle: LoginThrottle; address: string }, eventCode: string, number: number, pin: string,
): Promise<JudgeSignIn> {
  const attempt = await limit.throttle.attempt('judgePin', limit.address, pinThrottleKeys.signIn(eventCode, number));
  if (!attempt.allowed) {
    return { ok: false, status: 429, retryAfterSeconds: attempt.retryAfterSeconds, problems: [{ field: 'pin', key: 'login.rateLimited', params: { minutes: attempt.minutes } }] };
  }
  const judge = await judgeWithPin(db, eventCode, number, pin);
  if (!judge) return { ok: false, status: 401 };
  await attempt.succeeded();
  return { ok: true, accountId: judge.accountId };
}

/** What an integration sends to get a judge's token without the tablet's pages. */
export const judgeTokenInput = z.object({
  eventCode: z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(20, 'validation.tooLong').transform((code) => code.toUpperCase()),
  number: z.number({ error: 'validation.required' }).int('validation.invalid').positive('validation.invalid').max(1_000_000, 'validation.invalid'),
  pin: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(12, 'validation.tooLong'),
  name: z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(60, 'validation.tooLong'),
});

/**
 * A signature behind the sign-in limits, for the tablet's forms and the API alike: the attempt is
 * reserved before the PIN is hashed (per judge, per judge from this address, per address), and
 * given back unless the PIN turned out wrong. One sheet or all of them: the same limits.
 */
async function withPinLimit<T>(
  limit: { throttle: LoginThrottle; address: string }, judge: JudgeActor, sign: () => Promise<Outcome<T>>,
): Promise<Outcome<T> | PinLimited> {
  const attempt = await limit.throttle.attempt('signature', limit.address, pinThrottleKeys.signature(judge.accountId));
  if (!attempt.allowed) {
    return { ok: false, status: 429, retryAfterSeconds: attempt.retryAfterSeconds, problems: [{ field: 'pin', key: 'login.rateLimited', params: { minutes: attempt.minutes } }] };
  }
  const outcome = await sign();
  if (outcome.ok || !outcome.problems.some((p) => p.field === 'pin')) await attempt.succeeded();
  return outcome;
}

export function signSheetWithPin(
  db: Db, limit: { throttle: LoginThrottle; address: string }, judge: JudgeActor, roundId: number, code: string, pin: string,
): Promise<Outcome<null> | PinLimited> {
  return withPinLimit(limit, judge, () => signSheet(db, judge, roundId, code, pin));
}

export function signSheetsWithPin(
  db: Db, limit: { throttle: LoginThrottle; address: string }, judge: JudgeActor, roundId: number, codes: string[] | 'all', pin: string,
): Promise<Outcome<SignedSheets> | PinLimited> {
  return withPinLimit(limit, judge, () => signSheets(db, judge, roundId, codes, pin));
}

/** What one signature did: sheets signed now, signed before, and left unsigned because marks are missing. */
export interface SignedSheets {
  signed: string[];
  alreadySigned: string[];
  incomplete: { code: string; missing: number }[];
}

/**
 * The judge signs complete sheets with their PIN; from then on each is read-only to them. The
 * PIN is checked once (one scrypt) however many sheets it signs, and each sheet is still its own
 * SheetSignoff row, so the desk, send-back and the lock see no difference. `codes` names the
 * sheets; 'all' means every code the judge marks in the round (their own organization's left
 * out). Incomplete sheets are listed, never signed. Nothing is signed on a wrong PIN or in a
 * locked round.
 */
export async function signSheets(db: Db, judge: JudgeActor, roundId: number, codes: string[] | 'all', pin: string): Promise<Outcome<SignedSheets>> {
  const context = await roundContext(db, roundId);
  if (!context) return notFound();
  // Only the judge's own codes of a round he marks: a recused or absent entry's sheet is not his to sign.
  const assigned = await assignedAspectIds(db, judge.judgeId, context);
  if (assigned.length === 0) return notFound();
  const visible = visibleEntries(context, judge);
  // Each code once: a list sent twice (or a code twice in it) signs each sheet once.
  const byCode = new Map(visible.map((e) => [e.code, e]));
  const entries = codes === 'all' ? visible : [...new Set(codes)].map((code) => byCode.get(code));
  if (entries.some((e) => e === undefined)) return notFound();
  if (context.round.lockedAt) return conflict('judging.error.locked');
  const account = await db.account.findUniqueOrThrow({ where: { id: judge.accountId } });
  if (!(await verifyPassword(pin, account.passwordHash))) return invalid([{ field: 'pin', key: 'judging.error.pin' }]);

  const targets = entries as RoundContext['entries'];
  const assignedIds = new Set(assigned);
  // Read and write in one transaction: two signatures of the same sheet at once (a retry after a
  // timeout beside the first, still running) find it signed, not both unsigned. The lock is read
  // again in it: the chief judge may have locked the round while the PIN was being checked.
  const signing = await retriedTransaction(db, async (tx) => {
    if ((await tx.round.findUnique({ where: { id: roundId }, select: { lockedAt: true } }))?.lockedAt) return null;
    // The judge's marks in the round through the relation, not IN (every code): 'all' is every
    // entry of the skill, more values than SQLite binds (src/db/chunks.ts). Counted per entry once.
    const marks = await tx.mark.findMany({ where: { judgeId: judge.judgeId, aspect: { criterion: { roundId } } }, select: { entryId: true, aspectId: true } });
    const signoffs = await tx.sheetSignoff.findMany({ where: { roundId, judgeId: judge.judgeId, revokedAt: null }, select: { entryId: true } });
    const markedOf = new Map<number, Set<number>>();
    for (const m of marks) {
      if (!assignedIds.has(m.aspectId)) continue;
      const marked = markedOf.get(m.entryId) ?? new Set<number>();
      marked.add(m.aspectId);
      markedOf.set(m.entryId, marked);
    }
    const signedBefore = new Set(signoffs.map((s) => s.entryId));
    const result: SignedSheets = { signed: [], alreadySigned: [], incomplete: [] };
    const toSign: number[] = [];
    for (const entry of targets) {
      const marked = markedOf.get(entry.entryId) ?? new Set<number>();
      const missing = assigned.filter((id) => !marked.has(id)).length;
      if (missing > 0) result.incomplete.push({ code: entry.code, missing });
      else if (signedBefore.has(entry.entryId)) result.alreadySigned.push(entry.code);
      else {
        result.signed.push(entry.code);
        toSign.push(entry.entryId);
      }
    }
    if (toSign.length > 0) await tx.sheetSignoff.createMany({ data: toSign.map((entryId) => ({ judgeId: judge.judgeId, entryId, roundId })) });
    return { result, toSign };
  });
  if (!signing) return conflict('judging.error.locked');
  const { result, toSign } = signing;
  if (toSign.length > 0) notifierOf(db).changed(roundTopic(roundId), { entryIds: toSign });
  return done(result);
}

/** One sheet: signSheets() for one code, refused (nothing signed) while it has marks missing. */
export async function signSheet(db: Db, judge: JudgeActor, roundId: number, code: string, pin: string): Promise<Outcome<null>> {
  const outcome = await signSheets(db, judge, roundId, [code], pin);
  if (!outcome.ok) return outcome;
  const incomplete = outcome.value.incomplete[0];
  if (incomplete) return conflict('judging.error.incomplete', { count: incomplete.missing });
  return done(null);
}
