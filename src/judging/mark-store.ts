import type Database from 'better-sqlite3';
import type { Db } from '../db/client.ts';
import { native } from '../db/native.ts';

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
  change: { accountId: number; deviceId: string; idempotencyKey: string; reason?: string };
}

export interface MarkStore {
  /** The mark an account's idempotency key wrote, if it did. */
  replay(accountId: number, idempotencyKey: string): Replay | undefined;
  current(entryId: number, aspectId: number, judgeId: number): StoredMark | undefined;
  /** The judge's assignment rows in the round (aspectId null: every aspect). */
  assignedAspects(judgeId: number, roundId: number): (number | null)[];
  /** Entries whose sheet the judge has signed in the round (signatures not revoked). */
  signedEntries(judgeId: number, roundId: number): Set<number>;
  /** Creates or updates the mark (version + 1) and appends its MarkChange; the mark as stored. */
  write(write: MarkWrite): StoredMark;
}

const MARK_COLUMNS = '"id", "entryId", "aspectId", "judgeId", "state", "value", "version"';

/** How Prisma's better-sqlite3 adapter stores a DateTime (ISO 8601, '+00:00'), so both read alike. */
const timestamp = (at: Date) => at.toISOString().replace('Z', '+00:00');

interface Prepared {
  store: MarkStore;
  /** Runs `work` in BEGIN IMMEDIATE … COMMIT (waits for a writer of another process up front, not at the first write). */
  transaction: <T>(work: () => T) => T;
  /** Raised by every write, so the caller knows whether to report the tables written. */
  writes: number;
}

const prepared = new WeakMap<Database.Database, Prepared>();

function prepare(sqlite: Database.Database): Prepared {
  // Prisma's adapter makes the connection return BigInts (defaultSafeIntegers); ids and versions here are plain numbers.
  const statement = <P extends unknown[], R>(sql: string) => sqlite.prepare<P, R>(sql).safeIntegers(false);
  const replay = statement<[number, string], StoredMark & { newState: string; newValue: number | null }>(
    `SELECT c."newState", c."newValue", ${MARK_COLUMNS.replace(/"(\w+)"/g, 'm."$1"')}
       FROM "MarkChange" c JOIN "Mark" m ON m."id" = c."markId"
      WHERE c."accountId" = ? AND c."idempotencyKey" = ?`,
  );
  const current = statement<[number, number, number], StoredMark>(
    `SELECT ${MARK_COLUMNS} FROM "Mark" WHERE "entryId" = ? AND "aspectId" = ? AND "judgeId" = ?`,
  );
  const assigned = statement<[number, number], { aspectId: number | null }>(
    'SELECT "aspectId" FROM "JudgeAssignment" WHERE "judgeId" = ? AND "roundId" = ?',
  );
  const signed = statement<[number, number], number>(
    'SELECT "entryId" FROM "SheetSignoff" WHERE "roundId" = ? AND "judgeId" = ? AND "revokedAt" IS NULL',
  ).pluck();
  const update = statement<[string, number | null, string, number], StoredMark>(
    `UPDATE "Mark" SET "state" = ?, "value" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ? RETURNING ${MARK_COLUMNS}`,
  );
  const insert = statement<[number, number, number, string, number | null, string], StoredMark>(
    `INSERT INTO "Mark" ("entryId", "aspectId", "judgeId", "state", "value", "version", "updatedAt") VALUES (?, ?, ?, ?, ?, 1, ?) RETURNING ${MARK_COLUMNS}`,
  );
  const change = statement(
    `INSERT INTO "MarkChange" ("markId", "accountId", "deviceId", "at", "oldState", "oldValue", "newState", "newValue", "reason", "idempotencyKey")
     VALUES (@markId, @accountId, @deviceId, @at, @oldState, @oldValue, @newState, @newValue, @reason, @idempotencyKey)`,
  );
  const run = sqlite.transaction((work: () => unknown) => work());

  const self: Prepared = {
    writes: 0,
    transaction: <T>(work: () => T) => run.immediate(work) as T,
    store: {
      replay(accountId, idempotencyKey) {
        const row = replay.get(accountId, idempotencyKey);
        if (!row) return undefined;
        const { newState, newValue, ...mark } = row;
        return { mark, newState, newValue };
      },
      current: (entryId, aspectId, judgeId) => current.get(entryId, aspectId, judgeId),
      assignedAspects: (judgeId, roundId) => assigned.all(judgeId, roundId).map((r) => r.aspectId),
      signedEntries: (judgeId, roundId) => new Set(signed.all(roundId, judgeId)),
      write(write) {
        const at = timestamp(new Date());
        self.writes += 1;
        const saved = write.current
          ? update.get(write.state, write.value, at, write.current.id)!
          : insert.get(write.entryId, write.aspectId, write.judgeId, write.state, write.value, at)!;
        change.run({
          markId: saved.id, accountId: write.change.accountId, deviceId: write.change.deviceId, at,
          oldState: write.current?.state ?? null, oldValue: write.current?.value ?? null, newState: saved.state, newValue: saved.value,
          reason: write.change.reason ?? '', idempotencyKey: write.change.idempotencyKey,
        });
        return saved;
      },
    },
  };
  return self;
}

/** The tables a mark write changes: what raw writers report to the generations after commit. */
export const MARK_TABLES = ['Mark', 'MarkChange'] as const;

/**
 * Runs `work` in one synchronous transaction in the connection's turn (no Prisma transaction is
 * open then), and reports Mark and MarkChange as written once it has committed, if it wrote.
 * `work` must not await: it runs to the end before anything else touches the database. It
 * throws to roll everything back (a SQLITE_BUSY from another process comes out as it is, which
 * src/db/errors.ts answers "try again").
 */
export function inMarkTransaction<T>(db: Db, work: (store: MarkStore) => T): Promise<T> {
  const { inTurn, generations } = native(db);
  return inTurn((sqlite) => {
    let statements = prepared.get(sqlite);
    if (!statements) prepared.set(sqlite, (statements = prepare(sqlite)));
    const before = statements.writes;
    try {
      return statements.transaction(() => work(statements.store));
    } finally {
      // On a rollback nothing changed, and reporting a write that did not happen only costs a cache miss.
      if (statements.writes !== before) generations.wrote(MARK_TABLES);
    }
  });
}
