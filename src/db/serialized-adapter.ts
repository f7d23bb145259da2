import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { Mutex, withTimeout, type MutexInterface } from 'async-mutex';
import type Database from 'better-sqlite3';
import { busyError } from './errors.ts';
import { Cascades, WriteGenerations } from './generations.ts';
import { bound, recordingAdapter } from './recording.ts';

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
    // Recording inside the turn: a transaction's writes are reported before the turn passes on.
    return serialized(await recordingAdapter(adapter, this.generations, async () => Cascades.of(sqlite)), turn);
  }
}

type Query = Parameters<Adapter['queryRaw']>[0];

function serialized(adapter: Adapter, turn: MutexInterface): Adapter {
  // better-sqlite3 runs a statement synchronously when the adapter is called, so with no
  // transaction open (the turn free) a plain query runs at once; only while one is open it waits.
  const exclusive = <T>(run: () => Promise<T>) => (turn.isLocked() ? turn.runExclusive(run) : run());
  return new Proxy(adapter, {
    get(target, property) {
      switch (property) {
        case 'queryRaw':
        case 'executeRaw':
          return (query: Query) => exclusive(() => (target[property] as (query: Query) => Promise<unknown>)(query));
        case 'executeScript':
          return (script: string) => exclusive(() => target.executeScript(script));
        case 'startTransaction':
          return async (level?: Parameters<Adapter['startTransaction']>[0]) => {
            const release = await turn.acquire();
            try {
              return releasingOnEnd(await target.startTransaction(level), release);
            } catch (error) {
              release();
              throw error;
            }
          };
        default:
          return bound(target, property);
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
      return bound(target, property);
    },
  });
}
