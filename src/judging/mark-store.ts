import { perDatabase } from '../db/per-database.ts';
import type { Db } from '../db/client.ts';
import { native } from '../db/native.ts';
import { notSerializable } from '../db/postgresql.ts';

/**
 * The mark hot path in raw SQL: a judge's batch (or one tapped mark) is read and written in ONE
 * transaction on the driver under Prisma (src/db/native.ts), and the commit is durable before
 * the caller answers. Through Prisma the same mark cost about twenty statements' worth of query
 * planning, mapping and awaiting (bench/RESULTS.md). Everything else about marks stays on Prisma;
 * the rules stay in the callers (src/judging/commands.ts) and src/domain/.
 *
 * SQLite: prepared better-sqlite3 statements on the connection under Prisma (WAL, synchronous =
 * FULL and foreign keys hold as for every other write), in its turn: nothing else runs on the
 * connection meanwhile, so a read here and the write it decides are one consistent step (the
 * sign-off checked is the sign-off in force at the write).
 * PostgreSQL: a SERIALIZABLE transaction (the pool's default, src/db/postgresql.ts) on one
 * client of the pool, so the same holds across nodes; one that another node's write made
 * impossible to order is run again, and then finds, say, the other node's write of its key.
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

/** A value at once (SQLite), or later (PostgreSQL): callers await every answer. */
type Answer<T> = T | Promise<T>;

export interface MarkStore {
  /** The mark an account's idempotency key wrote, if it did. */
  replay(accountId: number, idempotencyKey: string): Answer<Replay | undefined>;
  current(entryId: number, aspectId: number, judgeId: number): Answer<StoredMark | undefined>;
  /** The judge's assignment rows in the round (aspectId null: every aspect). */
  assignedAspects(judgeId: number, roundId: number): Answer<(number | null)[]>;
  /** Entries whose sheet the judge has signed in the round (signatures not revoked). */
  signedEntries(judgeId: number, roundId: number): Answer<Set<number>>;
  /**
   * The round as it is now, whatever a cached context says: whether it is locked, and the draw in
   * force (its own, else the skill's; null: none, as currentDraw() finds it). One statement: on
   * PostgreSQL each is a round trip.
   */
  roundNow(roundId: number): Answer<{ locked: boolean; drawId: number | null }>;
  /** Creates or updates the mark (version + 1) and appends its MarkChange; the mark as stored. */
  write(write: MarkWrite): Answer<StoredMark>;
}

const MARK_COLUMNS = '"id", "entryId", "aspectId", "judgeId", "state", "value", "version"';
const SQL = {
  replay: `SELECT c."newState", c."newValue", m."id", m."entryId", m."aspectId", m."judgeId", m."state", m."value", m."version"
             FROM "MarkChange" c JOIN "Mark" m ON m."id" = c."markId"
            WHERE c."accountId" = ? AND c."idempotencyKey" = ?`,
  current: `SELECT ${MARK_COLUMNS} FROM "Mark" WHERE "entryId" = ? AND "aspectId" = ? AND "judgeId" = ?`,
  assigned: 'SELECT "aspectId" FROM "JudgeAssignment" WHERE "judgeId" = ? AND "roundId" = ?',
  signed: 'SELECT "entryId" FROM "SheetSignoff" WHERE "roundId" = ? AND "judgeId" = ? AND "revokedAt" IS NULL',
  roundNow: `SELECT "lockedAt" IS NOT NULL AS "locked",
                (SELECT "id" FROM "Draw" WHERE "skillId" = "Round"."skillId" AND ("roundId" = "Round"."id" OR "roundId" IS NULL) AND "supersededAt" IS NULL
                  ORDER BY CASE WHEN "roundId" IS NULL THEN 1 ELSE 0 END, "id" DESC LIMIT 1) AS "drawId"
             FROM "Round" WHERE "id" = ?`,
  update: `UPDATE "Mark" SET "state" = ?, "value" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ? RETURNING ${MARK_COLUMNS}`,
  insert: `INSERT INTO "Mark" ("entryId", "aspectId", "judgeId", "state", "value", "version", "updatedAt") VALUES (?, ?, ?, ?, ?, 1, ?) RETURNING ${MARK_COLUMNS}`,
  change: `INSERT INTO "MarkChange" ("markId", "accountId", "deviceId", "at", "oldState", "oldValue", "newState", "newValue", "reason", "idempotencyKey")
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?)`,
  begin: 'BEGIN IMMEDIATE',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  savepoint: 'SAVEPOINT "marks"',
  release: 'RELEASE "marks"',
  rollbackTo: 'ROLLBACK TO "marks"',
} as const;

/**
 * A DateTime as Prisma's adapter stores it, so both read alike: SQLite ISO 8601 with '+00:00';
 * PostgreSQL a timestamp without time zone holding UTC.
 */
const timestamp = {
  sqlite: (at: Date) => at.toISOString().replace('Z', '+00:00'),
  postgresql: (at: Date) => at.toISOString().replace('Z', ''),
};

/** The statements of one mark write, whichever driver runs them. */
interface Statements {
  get<T>(sql: string, params: unknown[]): Answer<T | undefined>;
  all<T>(sql: string, params: unknown[]): Answer<T[]>;
  run(sql: string, params: unknown[]): Answer<unknown>;
  at(now: Date): string;
}

/** The store over a driver's statements; `wrote` is set by the first write. */
function storeOver(statements: Statements, marks: { wrote: boolean }): MarkStore {
  const { get, all, run } = statements;
  return {
    async replay(accountId, idempotencyKey) {
      const row = await get<StoredMark & { newState: string; newValue: number | null }>(SQL.replay, [accountId, idempotencyKey]);
      if (!row) return undefined;
      const { newState, newValue, ...mark } = row;
      return { mark, newState, newValue };
    },
    current: (entryId, aspectId, judgeId) => get<StoredMark>(SQL.current, [entryId, aspectId, judgeId]),
    assignedAspects: async (judgeId, roundId) => (await all<{ aspectId: number | null }>(SQL.assigned, [judgeId, roundId])).map((r) => r.aspectId),
    signedEntries: async (judgeId, roundId) => new Set((await all<{ entryId: number }>(SQL.signed, [roundId, judgeId])).map((r) => r.entryId)),
    async roundNow(roundId) {
      const row = await get<{ locked: number | boolean; drawId: number | null }>(SQL.roundNow, [roundId]);
      // SQLite answers 1 or 0, PostgreSQL true or false.
      return { locked: Boolean(row?.locked), drawId: row?.drawId ?? null };
    },
    async write(write) {
      const at = statements.at(new Date());
      marks.wrote = true;
      const saved = (await (write.current
        ? get<StoredMark>(SQL.update, [write.state, write.value, at, write.current.id])
        : get<StoredMark>(SQL.insert, [write.entryId, write.aspectId, write.judgeId, write.state, write.value, at])))!;
      await run(SQL.change, [
        saved.id, write.change.accountId, write.change.deviceId, at,
        write.current?.state ?? null, write.current?.value ?? null, saved.state, saved.value, write.change.idempotencyKey,
      ]);
      return saved;
    },
  };
}

/** The tables a mark write changes: what raw writers report to the generations after commit. */
export const MARK_TABLES = ['Mark', 'MarkChange'] as const;

interface Job {
  work: (store: MarkStore) => Promise<unknown>;
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

/** How many times a PostgreSQL mark transaction that could not be serialized is run again before the caller hears "try again". */
const SERIALIZATION_ATTEMPTS = 8;
/** PostgreSQL could not order the transaction with another (40001, 40P01), or its key was taken meanwhile (23505): running it again decides. */
const runAgain = (error: unknown) => notSerializable(error) || (error as { code?: string } | null)?.code === '23505';

/**
 * Runs `work` in a transaction, and reports Mark and MarkChange as written once it has committed,
 * if it wrote. It throws to roll its own writes back (a SQLITE_BUSY from another process comes out
 * as it is, which src/db/errors.ts answers "try again").
 *
 * SQLite: in the connection's turn (no Prisma transaction is open then), possibly shared with
 * other callers' work (see Group commit above). `work` awaits nothing but the store: it runs to
 * the end before anything else touches the database.
 * PostgreSQL: in a transaction of its own (the server groups commits itself), run again when it
 * could not be serialized; `work` must be safe to run twice (it decides only from the store).
 */
export async function inMarkTransaction<T>(db: Db, work: (store: MarkStore) => Promise<T>, size = 1): Promise<T> {
  const connection = native(db);
  if (connection.dialect === 'postgresql') {
    for (let attempt = 1; ; attempt++) {
      const marks = { wrote: false };
      try {
        const value = await connection.transaction((client) => work(storeOver({
          get: (sql, params) => client.get(sql, params),
          all: (sql, params) => client.all(sql, params),
          run: (sql, params) => client.all(sql, params),
          at: timestamp.postgresql,
        }, marks)));
        if (marks.wrote) connection.generations.wrote(MARK_TABLES);
        return value;
      } catch (error) {
        if (attempt >= SERIALIZATION_ATTEMPTS || !runAgain(error)) throw error;
        // Judges saving at the same moment collide on the same index pages (PostgreSQL's
        // serializable isolation tracks pages, not rows): apart by a random moment, they pass.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }
  const waiting = queues(db);
  return new Promise<T>((resolve, reject) => {
    waiting.push({ work, size, resolve: resolve as (value: unknown) => void, reject });
    // The first caller schedules the transaction; whoever arrives before it starts joins it.
    if (waiting.length === 1) setImmediate(() => void flush(db, waiting));
  });
}

async function flush(db: Db, queue: Job[]): Promise<void> {
  const connection = native(db);
  if (connection.dialect !== 'sqlite') throw new Error('group commit is for SQLite');
  const settled = await connection.exclusive(async (sqlite) => {
    const jobs = nextGroup(queue);
    if (queue.length > 0) setImmediate(() => void flush(db, queue));
    const marks = { wrote: false };
    const statement = (sql: string) => connection.statement(sql);
    const store = storeOver({
      get: (sql, params) => statement(sql).get(...params) as never,
      all: (sql, params) => statement(sql).all(...params) as never,
      run: (sql, params) => statement(sql).run(...params),
      at: timestamp.sqlite,
    }, marks);
    const run = (sql: string) => statement(sql).run();
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      run(SQL.begin);
      try {
        for (const job of jobs) {
          run(SQL.savepoint);
          try {
            results.push({ ok: true, value: await job.work(store) });
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
