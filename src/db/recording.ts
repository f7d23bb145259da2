import type { SqlDriverAdapter, Transaction } from '@prisma/driver-adapter-utils';
import { Cascades, WriteGenerations, writtenBy } from './generations.ts';

type Query = Parameters<SqlDriverAdapter['queryRaw']>[0];

/**
 * The driver adapter under Prisma, reporting to the write generations (generations.ts) what each
 * statement wrote: a plain statement once it ran, a transaction's statements once it committed,
 * before the caller hears "done". The same for SQLite and PostgreSQL; `readCascades` reads the
 * schema's foreign keys from the database, again after a script (which may change the schema).
 */
export async function recordingAdapter<A extends SqlDriverAdapter>(adapter: A, generations: WriteGenerations, readCascades: () => Promise<Cascades>): Promise<A> {
  const schema = { cascades: await readCascades() };
  const record = recording(generations, schema);
  return new Proxy(adapter, {
    get(target, property) {
      switch (property) {
        case 'queryRaw':
        case 'executeRaw':
          return recordingQuery(target, property, record);
        case 'executeScript':
          return async (script: string) => {
            try {
              await target.executeScript(script);
            } finally {
              schema.cascades = await readCascades();
              generations.wroteAll();
            }
          };
        case 'startTransaction':
          return async (level?: Parameters<SqlDriverAdapter['startTransaction']>[0]) =>
            recordingTransaction(await target.startTransaction(level), generations, schema);
        default:
          return bound(target, property);
      }
    },
  });
}

/** A property of the adapter; its methods bound to it (it keeps its state in private fields, which a proxy as `this` cannot reach). */
export function bound(target: object, property: string | symbol): unknown {
  const value = Reflect.get(target, property, target);
  return typeof value === 'function' ? value.bind(target) : value;
}

/** A queryRaw or executeRaw that reports what its statement wrote once it ran. */
function recordingQuery(target: SqlDriverAdapter | Transaction, method: 'queryRaw' | 'executeRaw', record: (sql: string) => void) {
  return async (query: Query) => {
    const result = await (target[method] as (query: Query) => Promise<unknown>)(query);
    record(query.sql);
    return result;
  };
}

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

/**
 * Writes inside a transaction count once it commits (Prisma has sent COMMIT when it calls
 * commit()), before the caller is told it is done; a rollback changes nothing.
 */
function recordingTransaction(transaction: Transaction, generations: WriteGenerations, schema: { cascades: Cascades }): Transaction {
  const pending = new Set<string>();
  const record = recording(generations, schema, pending);
  return new Proxy(transaction, {
    get(target, property) {
      switch (property) {
        case 'queryRaw':
        case 'executeRaw':
          return recordingQuery(target, property, record);
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
        default:
          return bound(target, property);
      }
    },
  });
}
