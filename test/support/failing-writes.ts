import type { Db } from '../../src/db/client.ts';
import { dialectOf } from '../../src/db/native.ts';

/**
 * Makes the database refuse to insert rows of `table` whose `column` holds `value`, with
 * `message`, as a failing disk would refuse the write: a trigger in the database's own dialect.
 */
export async function refuseInserts(db: Db, table: string, column: string, value: string, message: string): Promise<void> {
  const name = `refuse_${table}_${column}`;
  if (dialectOf(db) === 'postgresql') {
    await db.$executeRawUnsafe(`CREATE FUNCTION "${name}"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER "${name}" BEFORE INSERT ON "${table}" FOR EACH ROW WHEN (NEW."${column}" = '${value}') EXECUTE FUNCTION "${name}"()`);
  } else {
    await db.$executeRawUnsafe(`CREATE TRIGGER "${name}" BEFORE INSERT ON "${table}" WHEN NEW."${column}" = '${value}' BEGIN SELECT RAISE(ABORT, '${message}'); END`);
  }
}
