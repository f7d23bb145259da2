import { perDatabase } from '../db/per-database.ts';
import type { Db } from '../db/client.ts';
import { native, type NativeConnection } from '../db/native.ts';

/**
 * The mark hot path in raw SQL: a judge's batch (or one tapped mark) is read and written with
 * prepared statements in ONE synchronous better-sqlite3 transaction on the connection under
 * Prisma (src/db/native.ts), so WAL, synchronous = FULL and foreign keys hold as for every other
 * write, and the commit is on disk before the caller answers. Through Prisma the same mark cost
 * about twenty statements' worth of query planning, mapping and awaiting, and its transaction
 * held the connection across awaits (bench/RESULTS.md). Everything else about marks stays on
 * Prisma; the rules stay in the callers (src/judging/commands.ts) and src/domain/.
 *
 * Synchronous means nothing else runs on the connection meanwhile, so a read here and the write
 * it decides are one consistent step (the sign-off checked is the sign-off in force at the write).
 */

/** A Mark row as the store returns it. */
export interface StoredMark {
  id: number;
  entryId: number;
  aspectId: number;
  judgeId: number;
  state: string;
  value: number | null;
  version: number;
}

/** The write an idempotency key already made: the mark as it is now, and what the key set it to. */
export interface Replay {
  mark: StoredMark;
  newState: string;
  newValue: number | null;
}

/** One change of one mark: the row to create (current null) or raise a version, and its history row. */
export interface MarkWrite {
  current: StoredMark | null;
  entryId: number;
  aspectId: number;
  judgeId: number;
  state: string;
  value: number | null;
  change: { accountId: number; deviceId: string; idempotencyKey: string };
}

export interface MarkStore {
  /** The mark an account's idempotency key wrote, if it did. */
  replay(accountId: number, idempotencyKey: string): Replay | undefined;
  current(entryId: number, aspectId: number, judgeId: number): StoredMark | undefined;
  /** The judge's assignment rows in the round (aspectId null: every aspect). */
  assignedAspects(judgeId: number, roundId: number): (number | null)[];
  /** Entries whose sheet the judge has signed in the round (signatures not revoked). */
  signedEntries(judgeId: number, roundId: number): Set<number>;
  /** Whether the round is locked now, whatever a cached context says. */
  locked(roundId: number): boolean;
  /** Creates or updates the mark (version + 1) and appends its MarkChange; the mark as stored. */
  write(write: MarkWrite): StoredMark;
}

const MARK_COLUMNS = '"id", "entryId", "aspectId", "judgeId", "state", "value", "version"';
const SQL = {
  replay: `SELECT c."newState", c."newValue", m."id", m."entryId", m."aspectId", m."judgeId", m."state", m."value", m."version"
             FROM "MarkChange" c JOIN "Mark" m ON m."id" = c."markId"
            WHERE c."accountId" = ? AND c."idempotencyKey" = ?`,
  current: `SELECT ${MARK_COLUMNS} FROM "Mark" WHERE "entryId" = ? AND "aspectId" = ? AND "judgeId" = ?`,
  assigned: 'SELECT "aspectId" FROM "JudgeAssignment" WHERE "judgeId" = ? AND "roundId" = ?',
  signed: 'SELECT "entryId" FROM "SheetSignoff" WHERE "roundId" = ? AND "judgeId" = ? AND "revokedAt" IS NULL',
  locked: 'SELECT "lockedAt" IS NOT NULL FROM "Round" WHERE "id" = ?',
  update: `UPDATE "Mark" SET "state" = ?, "value" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ? RETURNING ${MARK_COLUMNS}`,
  insert: `INSERT INTO "Mark" ("entryId", "aspectId", "judgeId", "state", "value", "version", "updatedAt") VALUES (?, ?, ?, ?, ?, 1, ?) RETURNING ${MARK_COLUMNS}`,
  change: `INSERT INTO "MarkChange" ("markId", "accountId", "deviceId", "at", "oldState", "oldValue", "newState", "newValue", "reason", "idempotencyKey")
           VALUES (@markId, @accountId, @deviceId, @at, @oldState, @oldValue, @newState, @newValue, '', @idempotencyKey)`,
  begin: 'BEGIN IMMEDIATE',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  savepoint: 'SAVEPOINT "marks"',
  release: 'RELEASE "marks"',
  rollbackTo: 'ROLLBACK TO "marks"',
} as const;

/** How Prisma's better-sqlite3 adapter stores a DateTime (ISO 8601, '+00:00'), so both read alike. */
const timestamp = (at: Date) => at.toISOString().replace('Z', '+00:00');

/** The store over the connection's cached statements; `wrote` is set by the first write. */
function storeOn(connection: NativeConnection, marks: { wrote: boolean }): MarkStore {
  const run = (sql: string) => connection.statement(sql);
  return {
    replay(accountId, idempotencyKey) {
      const row = run(SQL.replay).get(accountId, idempotencyKey) as (StoredMark & { newState: string; newValue: number | null }) | undefined;
      if (!row) return undefined;
      const { newState, newValue, ...mark } = row;
      return { mark, newState, newValue };
    },
    current: (entryId, aspectId, judgeId) => run(SQL.current).get(entryId, aspectId, judgeId) as StoredMark | undefined,
    assignedAspects: (judgeId, roundId) => (run(SQL.assigned).all(judgeId, roundId) as { aspectId: number | null }[]).map((r) => r.aspectId),
    signedEntries: (judgeId, roundId) => new Set((run(SQL.signed).all(roundId, judgeId) as { entryId: number }[]).map((r) => r.entryId)),
    locked: (roundId) => run(SQL.locked).pluck().get(roundId) === 1,
    write(write) {
      const at = timestamp(new Date());
      marks.wrote = true;
      const saved = (write.current
        ? run(SQL.update).get(write.state, write.value, at, write.current.id)
        : run(SQL.insert).get(write.entryId, write.aspectId, write.judgeId, write.state, write.value, at)) as StoredMark;
      run(SQL.change).run({
        markId: saved.id, accountId: write.change.accountId, deviceId: write.change.deviceId, at,
        oldState: write.current?.state ?? null, oldValue: write.current?.value ?? null, newState: saved.state, newValue: saved.value,
        idempotencyKey: write.change.idempotencyKey,
      });
      return saved;
    },
  };
}

/** The tables a mark write changes: what raw writers report to the generations after commit. */
export const MARK_TABLES = ['Mark', 'MarkChange'] as const;

interface Job {
  work: (store: MarkStore) => unknown;
  /** How many marks it brings, to keep one transaction short (the event loop waits for it). */
  size: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit. With synchronous = FULL every COMMIT waits for the disk (an fsync, milliseconds),
 * far longer than the statements of a mark take, so 100 judges tapping at once would queue
 * behind 100 fsyncs. Work that arrives while the connection is busy (the event loop blocked in a
 * commit, a Prisma transaction open) is run in the next transaction together: each caller's work
 * in its own savepoint, so it stands or falls alone exactly as in a transaction of its own, and
 * every caller is answered only after the COMMIT that holds its writes returned. One failed
 * COMMIT (disk full, another process holding the lock) fails every caller in it; none is saved.
 */
const queues = perDatabase<Db, Job[]>(() => []);
/**
 * A transaction takes callers until they bring this many marks (at least one caller, who may
 * bring 500): enough to spread an fsync over many marks, short enough that the event loop, which
 * waits for the transaction, answers everything else in between.
 */
const GROUP_MARKS = 1000;

/** The callers of the next transaction, from the front of the queue. */
function nextGroup(queue: Job[]): Job[] {
  let count = 1;
  let marks = queue[0]?.size ?? 0;
  while (count < queue.length && marks + queue[count]!.size <= GROUP_MARKS) marks += queue[count++]!.size;
  return queue.splice(0, count);
}

/**
 * Runs `work` in a synchronous transaction in the connection's turn (no Prisma transaction is
 * open then), possibly shared with other callers' work (see Group commit above), and reports
 * Mark and MarkChange as written once it has committed, if it wrote. `work` must not await: it
 * runs to the end before anything else touches the database. It throws to roll its own writes
 * back (a SQLITE_BUSY from another process comes out as it is, which src/db/errors.ts answers
 * "try again").
 */
export function inMarkTransaction<T>(db: Db, work: (store: MarkStore) => T, size = 1): Promise<T> {
  const waiting = queues(db);
  return new Promise<T>((resolve, reject) => {
    waiting.push({ work, size, resolve: resolve as (value: unknown) => void, reject });
    // The first caller schedules the transaction; whoever arrives before it starts joins it.
    if (waiting.length === 1) setImmediate(() => void flush(db, waiting));
  });
}

async function flush(db: Db, queue: Job[]): Promise<void> {
  const connection = native(db);
  const settled = await connection.inTurn((sqlite) => {
    const jobs = nextGroup(queue);
    if (queue.length > 0) setImmediate(() => void flush(db, queue));
    const marks = { wrote: false };
    const store = storeOn(connection, marks);
    const run = (sql: string) => connection.statement(sql).run();
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      run(SQL.begin);
      try {
        for (const job of jobs) {
          run(SQL.savepoint);
          try {
            results.push({ ok: true, value: job.work(store) });
            run(SQL.release);
          } catch (error) {
            // An error that ended the whole transaction (SQLite rolls back on some I/O errors) fails the group.
            if (!sqlite.inTransaction) throw error;
            run(SQL.rollbackTo);
            run(SQL.release);
            results.push({ ok: false, error });
          }
        }
        run(SQL.commit);
      } catch (error) {
        // SQLite may have rolled back already (a failed COMMIT on some errors); if not, roll back here.
        if (sqlite.inTransaction) run(SQL.rollback);
        throw error;
      } finally {
        // On a rollback nothing changed, and reporting a write that did not happen only costs a cache miss.
        if (marks.wrote) connection.generations.wrote(MARK_TABLES);
      }
      return { jobs, results, error: null };
    } catch (error) {
      return { jobs, results: [], error: error ?? new Error('mark transaction failed') };
    }
  }).catch((error: unknown) => ({ jobs: queue.splice(0), results: [], error })); // the turn never came (busy): none ran
  settled.jobs.forEach((job, i) => {
    const result = settled.results[i];
    if (settled.error !== null || !result) job.reject(settled.error);
    else if (result.ok) job.resolve(result.value);
    else job.reject(result.error);
  });
}
