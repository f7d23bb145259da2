import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { Mutex, withTimeout } from 'async-mutex';

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

export class SerializedBetterSqlite3 extends PrismaBetterSqlite3 {
  override async connect(): Promise<Adapter> {
    return serialized(await super.connect());
  }
}

function serialized(adapter: Adapter): Adapter {
  const turn = withTimeout(new Mutex(), WAIT_LIMIT_MS, busy());
  // better-sqlite3 runs a statement synchronously when the adapter is called, so with no
  // transaction open (the turn free) a plain query runs at once; only while one is open it waits.
  const exclusive = <T>(run: () => Promise<T>) => (turn.isLocked() ? turn.runExclusive(run) : run());
  return new Proxy(adapter, {
    get(target, property) {
      switch (property) {
        case 'queryRaw':
          return (query: Parameters<Adapter['queryRaw']>[0]) => exclusive(() => target.queryRaw(query));
        case 'executeRaw':
          return (query: Parameters<Adapter['executeRaw']>[0]) => exclusive(() => target.executeRaw(query));
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
        default: {
          const value = Reflect.get(target, property, target);
          // The adapter keeps its state in private fields, which a proxy as `this` cannot reach.
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

/** Shaped like the driver's own SQLITE_BUSY, so src/db/errors.ts answers it "try again". */
function busy(): Error {
  return Object.assign(new Error('SQLITE_BUSY: waited too long for the connection'), { code: 'SQLITE_BUSY' });
}
