import { ROUND_CONTEXT_TABLES } from '../judging/queries.ts';
import type { Db } from '../db/client.ts';
import { native } from '../db/native.ts';
import { currentDraw, judgingCodes } from '../draw/queries.ts';
import { readinessByJudgeAndAspect, type AspectShortfall, type JudgeShortfall } from '../domain/judging.ts';
import { needsOf, type Attention } from './desk-page.ts';
import type { CurrentAccount } from '../auth/sessions.ts';
import { deskMatrix, deskRounds, roundState, type DeskMatrix, type DeskRound, type MatrixRow, type ReviewRow, type RoundState } from './queries.ts';

/**
 * The desk's view of a round, built once per change and shared by every desk that looks at it.
 *
 * 500 desks re-fetching after a mark used to mean 500 × roundState() + deskMatrix(). Now the
 * first request after a change builds the view and the others get the same one: it is cached
 * per round under the write generations (src/db/generations.ts) of every table roundState()
 * reads, taken BEFORE its queries run, so a write that lands meanwhile changes the key and the
 * next request builds again. A request never gets a view older than a write acknowledged before
 * it began: when a build under an older key is still running, it waits for that one and then
 * for a build of its own (at most one queued per round), instead of starting a third.
 *
 * Only what the screens need is kept (the matrix, the reviews and the codes; not the marks):
 * about 16 MB at 1,000 entries × 25 aspects × 5 judges, and at most MAX_ROUNDS rounds per
 * database, least recently used first out.
 */

/** Everything roundState() reads (src/desk/queries.ts, roundContext, currentDraw). */
const STATE_TABLES = [...ROUND_CONTEXT_TABLES, 'Event', 'JudgeAssignment', 'EventJudge', 'Mark', 'SheetSignoff', 'AspectReview', 'Account'] as const;
/** What the codes of a round depend on: its draw, or the skill's. */
const CODE_TABLES = ['Round', 'Draw', 'DrawAssignment'] as const;
const MAX_ROUNDS = 12;

export interface DeskView {
  matrix: DeskMatrix;
  /** Rows by code. */
  rowOf: Map<string, MatrixRow>;
  /** What each row still needs, by code (competing rows only). */
  needs: Map<string, Set<Attention>>;
  /** How many codes need each kind of attention, and any. */
  counts: Record<Attention | 'any', number>;
  entries: RoundState['context']['entries'];
  reviews: ReviewRow[];
  skillName: string;
  /** Why the round cannot be locked yet, by judge (in number order) and by aspect (in scheme order); empty when it can. */
  lockReasons: LockReasons;
}

export interface LockReasons {
  judges: ({ number: number } & JudgeShortfall)[];
  aspects: ({ code: string; name: string } & AspectShortfall)[];
}

function lockReasonsOf(state: RoundState): LockReasons {
  const { byJudge, byAspect } = readinessByJudgeAndAspect(state.readiness);
  return {
    judges: state.involved.flatMap((j) => (byJudge.has(j.id) ? [{ number: j.number, ...byJudge.get(j.id)! }] : [])),
    aspects: state.context.aspects.flatMap((a) => (byAspect.has(a.id) ? [{ code: a.code, name: a.name, ...byAspect.get(a.id)! }] : [])),
  };
}

async function buildView(db: Db, roundId: number): Promise<DeskView | null> {
  const state = await roundState(db, roundId);
  if (!state) return null;
  const matrix = deskMatrix(state);
  const needs = new Map<string, Set<Attention>>();
  const counts = { missing: 0, flagged: 0, unsigned: 0, sentBack: 0, any: 0 };
  for (const row of matrix.rows) {
    const found = needsOf(row);
    needs.set(row.code, found);
    for (const kind of found) counts[kind] += 1;
    if (found.size > 0) counts.any += 1;
  }
  return {
    matrix, rowOf: new Map(matrix.rows.map((r) => [r.code, r])), needs, counts,
    entries: state.context.entries, reviews: state.reviews, skillName: state.skill.name, lockReasons: lockReasonsOf(state),
  };
}

/**
 * A value per (database, id) built at most once per key, shared while it is being built; see the
 * module comment for why a request never gets a value built before a write it follows. `keyOf`
 * must be read before the build's first query (it is: get() reads it, then starts the build).
 */
export class GenerationCache<D extends object, V> {
  readonly #slots = new WeakMap<D, Map<number, Slot<V>>>();
  /** How many builds ran: 500 desks after one change should make this grow by one. */
  builds = 0;

  constructor(readonly keyOf: (db: D) => string, readonly build: (db: D, id: number) => Promise<V>, readonly maxEntries = MAX_ROUNDS) {}

  get(db: D, id: number): Promise<V> {
    let slots = this.#slots.get(db);
    if (!slots) this.#slots.set(db, (slots = new Map()));
    const key = this.keyOf(db);
    const slot = slots.get(id);
    if (slot && slot.key === key) {
      slots.delete(id);
      slots.set(id, slot); // most recently used last
      return slot.value;
    }
    if (slot?.building) {
      // Not this one (it may have read before our write): the build after it, shared by everyone waiting.
      slot.next ??= slot.value.then(() => undefined, () => undefined).then(() => this.get(db, id));
      return slot.next;
    }
    return this.#start(db, slots, id, key);
  }

  #start(db: D, slots: Map<number, Slot<V>>, id: number, key: string): Promise<V> {
    this.builds += 1;
    const value = this.build(db, id);
    const slot: Slot<V> = { key, value, building: true };
    slots.delete(id);
    slots.set(id, slot);
    while (slots.size > this.maxEntries) slots.delete(slots.keys().next().value!);
    value.then(
      () => { slot.building = false; },
      () => { slot.building = false; if (slots.get(id) === slot) slots.delete(id); },
    );
    return value;
  }
}

interface Slot<V> { key: string; value: Promise<V>; building: boolean; next?: Promise<V> }

const keyOn = (tables: readonly string[]) => (db: Db) => native(db).generations.key(tables);
/** The cache behind deskView(); exported for the tests that count its builds. */
export const views = new GenerationCache(keyOn(STATE_TABLES), buildView);
const codes = new GenerationCache(keyOn(CODE_TABLES), async (db: Db, roundId: number) => {
  const round = await db.round.findUnique({ where: { id: roundId }, select: { skillId: true } });
  const draw = round && await currentDraw(db, round.skillId, roundId);
  return new Map((draw ? await judgingCodes(db, draw.id) : []).map((a) => [a.entryId, a.code]));
});

/** The round's desk view (null: no such round), built at most once per change. */
export const deskView = (db: Db, roundId: number): Promise<DeskView | null> => views.get(db, roundId);

/** Entry id → code in the round's current draw: what the live stream tells desks instead of entry ids. */
export const roundCodes = (db: Db, roundId: number): Promise<Map<number, string>> => codes.get(db, roundId);

/** A round on the desk's index: where it stands, and what each judge still owes it. */
export interface DeskIndexRound extends DeskRound {
  status: 'open' | 'ready' | 'locked';
  /** Marked rounds not locked: the round's progress and each judge's (by number), from its desk view. */
  progress: (DeskMatrix['progress'] & { judges: ({ number: number; missing: number; unsigned: number })[] }) | null;
}

/**
 * The rounds an account may chair (deskRounds()) with their status, and for a chief judge each
 * round's progress from the same views the desks use (a chief judge chairs a skill or two, so a
 * round's view is built once for its desk and its line here alike). An organizer sees every round
 * of running events: building all their views would push the live desks' out of the cache, so
 * the organizer's index says only whether each is locked.
 */
export async function deskIndex(db: Db, account: CurrentAccount): Promise<DeskIndexRound[]> {
  const rounds = await deskRounds(db, account);
  const result: DeskIndexRound[] = [];
  // One at a time: each view may be a big round's, and the first visit builds them.
  for (const round of rounds) {
    const view = round.locked || round.scoring === 'imported' || account.role === 'organizer' ? null : await deskView(db, round.id);
    const owed = new Map(view?.lockReasons.judges.map((j) => [j.number, j]) ?? []);
    result.push({
      ...round,
      status: round.locked ? 'locked' : view?.matrix.progress.ready ? 'ready' : 'open',
      progress: view && {
        ...view.matrix.progress,
        judges: view.matrix.signers.map((number) => ({ number, missing: owed.get(number)?.missing ?? 0, unsigned: owed.get(number)?.unsigned ?? 0 })),
      },
    });
  }
  return result;
}
