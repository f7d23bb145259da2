import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { Mutex, withTimeout, type MutexInterface } from 'async-mutex';
import type Database from 'better-sqlite3';
import { busyError } from './errors.ts';
import { Cascades, WriteGenerations, writtenBy } from './generations.ts';

type Adapter = Awaited<ReturnType<PrismaBetterSqlite3['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

/**
 * The app talks to SQLite over one better-sqlite3 connection. Prisma's adapter serialises
 * interactive transactions with a mutex, but lets plain queries run at any time, so a query of
 * another request issued while a transaction awaits (a mark batch, an import chunk) runs inside
 * that transaction: its write vanishes if the transaction rolls back, after the request was told
 * "saved", and its read sees rows that are then rolled back. Here every plain query waits for
 * the open transaction to end, and every transaction for the running query.
 *
 * Code that queries through the client inside its own transaction callback now waits for
 * itself: Prisma's transaction timeout (5 s) rolls the transaction back and the query then runs.
 * As a backstop, a query that waits longer than this is refused as busy (503, "try again").
 */
const WAIT_LIMIT_MS = 30_000;

/** The connection under the adapter, for src/db/native.ts: the driver and whose turn it is. */
export interface Connection {
  sqlite: Database.Database;
  turn: MutexInterface;
}

export class SerializedBetterSqlite3 extends PrismaBetterSqlite3 {
  /** Reported after every committed write; see generations.ts. */
  readonly generations = new WriteGenerations();
  /** Set once Prisma has connected. */
  connection: Connection | null = null;

  override async connect(): Promise<Adapter> {
    const adapter = await super.connect();
    const turn = withTimeout(new Mutex(), WAIT_LIMIT_MS, busyError('waited too long for the connection'));
    // The adapter keeps the better-sqlite3 Database it opened as `client`.
    const sqlite = (adapter as unknown as { client: Database.Database }).client;
    this.connection = { sqlite, turn };
    return serialized(adapter, turn, this.generations, () => Cascades.of(sqlite));
  }
}

type Query = Parameters<Adapter['queryRaw']>[0];

/** Notes what each statement writes, for the generations: at once, or at commit inside a transaction. */
function recording(generations: WriteGenerations, schema: { cascades: Cascades }, pending?: Set<string>) {
  return (sql: string) => {
    const written = writtenBy(sql, schema.cascades);
    if (pending) {
      if (written === 'all') pending.add('*');
      else for (const table of written) pending.add(table);
    } else if (written === 'all') generations.wroteAll();
    else generations.wrote(written);
  };
}

function serialized(adapter: Adapter, turn: MutexInterface, generations: WriteGenerations, readCascades: () => Cascades): Adapter {
  // The foreign keys' actions, read again after a script (which may change the schema).
  const schema = { cascades: readCascades() };
  const record = recording(generations, schema);
  // better-sqlite3 runs a statement synchronously when the adapter is called, so with no
  // transaction open (the turn free) a plain query runs at once; only while one is open it waits.
  const exclusive = <T>(run: () => Promise<T>) => (turn.isLocked() ? turn.runExclusive(run) : run());
  return new Proxy(adapter, {
    get(target, property) {
      switch (property) {
        case 'queryRaw':
          return (query: Query) => exclusive(async () => {
            const rows = await target.queryRaw(query);
            record(query.sql);
            return rows;
          });
        case 'executeRaw':
          return (query: Query) => exclusive(async () => {
            const count = await target.executeRaw(query);
            record(query.sql);
            return count;
          });
        case 'executeScript':
          return (script: string) => exclusive(async () => {
            try {
              await target.executeScript(script);
            } finally {
              schema.cascades = readCascades();
              generations.wroteAll();
            }
          });
        case 'startTransaction':
          return async (level?: Parameters<Adapter['startTransaction']>[0]) => {
            const release = await turn.acquire();
            try {
              return releasingOnEnd(recordingTransaction(await target.startTransaction(level), generations, schema), release);
            } catch (error) {
              release();
              throw error;
            }
          };
        default: {
          const value = Reflect.get(target, property, target);
          // The adapter keeps its state in private fields, which a proxy as `this` cannot reach.
          return typeof value === 'function' ? value.bind(target) : value;
        }
      }
    },
  });
}

/**
 * Writes inside a transaction count once it commits, before the turn passes on and before the
 * caller hears it is done; a rollback changes nothing.
 */
function recordingTransaction(transaction: Transaction, generations: WriteGenerations, schema: { cascades: Cascades }): Transaction {
  const pending = new Set<string>();
  const record = recording(generations, schema, pending);
  return new Proxy(transaction, {
    get(target, property) {
      switch (property) {
        case 'queryRaw':
        case 'executeRaw':
          return async (query: Query) => {
            const result = await (target[property] as (query: Query) => Promise<unknown>)(query);
            record(query.sql);
            return result;
          };
        case 'commit':
          return async () => {
            try {
              await target.commit();
            } finally {
              // Even a failed COMMIT may have written (SQLite rolls back only on some errors).
              if (pending.has('*')) generations.wroteAll();
              else generations.wrote(pending);
              pending.clear();
            }
          };
        default: {
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        }
      }
    },
  });
}

/** The turn passes on when the transaction commits or rolls back, once. */
function releasingOnEnd(transaction: Transaction, release: () => void): Transaction {
  let released = false;
  const end = (finish: () => Promise<void>) => async () => {
    try {
      await finish();
    } finally {
      if (!released) {
        released = true;
        release();
      }
    }
  };
  return new Proxy(transaction, {
    get(target, property) {
      if (property === 'commit') return end(() => target.commit());
      if (property === 'rollback') return end(() => target.rollback());
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
