import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openDatabase } from '../../src/db/client.ts';
import { native } from '../../src/db/native.ts';
import { saveMarks } from '../../src/judging/commands.ts';
import { keyedRoundContext } from '../../src/judging/queries.ts';
import { freshApp } from '../support/app.ts';
import { postgresqlOnly } from '../support/database.ts';
import { judgingFixture, markKey, scored } from '../support/desk.ts';

/**
 * Two app nodes on one PostgreSQL database: each caches a round's context (codes → entries) until
 * the other's notice of a write arrives, milliseconds later. A mark saved in those milliseconds
 * after a redraw on the other node must go to the entry the new draw gave its code.
 */
postgresqlOnly(test)('a mark saved on node B right after a redraw on node A goes to the entry of the new draw', async () => {
  const target = await freshApp();
  const b = await openDatabase(target.config.database);
  try {
    const a = target.db;
    const f = await judgingFixture(a);
    const before = await keyedRoundContext(b, f.roundId);
    assert.ok(before.context?.drawId, 'node B has the first draw cached');

    // Node A redraws: 张伟 and 李强 swap codes. Its notice is held back (triggers off for this
    // session), as if it had not reached node B yet.
    const zhang = (await a.entry.findFirstOrThrow({ where: { skillId: f.skillId, contestant: { name: '张伟' } } })).id;
    const connection = native(a);
    if (connection.dialect !== 'postgresql') throw new Error('PostgreSQL only');
    await connection.transaction(async (q) => {
      await q.client.query('SET LOCAL session_replication_role = replica');
      const old = before.context!.drawId!;
      await q.client.query('UPDATE "Draw" SET "supersededAt" = now() WHERE "id" = $1', [old]);
      const { rows: [draw] } = await q.client.query(
        `INSERT INTO "Draw" ("skillId", "roundId", "seed", "drawnById", "reason") VALUES ($1, NULL, 'redo', $2, 'test') RETURNING "id"`, [f.skillId, f.organizerId]);
      const swapped: Record<string, string> = { [f.codes.张伟]: f.codes.李强, [f.codes.李强]: f.codes.张伟 };
      const { rows } = await q.client.query('SELECT "entryId", "station", "code" FROM "DrawAssignment" WHERE "drawId" = $1', [old]);
      for (const row of rows) {
        await q.client.query('INSERT INTO "DrawAssignment" ("drawId", "entryId", "station", "code") VALUES ($1, $2, $3, $4)', [draw.id, row.entryId, row.station, swapped[row.code] ?? row.code]);
      }
    });
    assert.is((await keyedRoundContext(b, f.roundId)).key, before.key, 'node B has not heard of the redraw');

    // On node B, judge 2 marks the code 张伟 now has.
    const outcome = await saveMarks(b, f.judges[2], {
      roundId: f.roundId, deviceId: 'tablet-2',
      marks: [{ key: markKey(), code: f.codes.李强, aspectId: f.judgementId, mark: scored(2), baseVersion: 0 }],
    });
    assert.ok(outcome.ok && outcome.value[0]!.status === 'saved', JSON.stringify(outcome));
    const stored = await a.mark.findFirstOrThrow({ where: { judgeId: f.judges[2].judgeId, aspectId: f.judgementId } });
    assert.is(stored.entryId, zhang, 'the new draw’s entry, not the one the code had before');
  } finally {
    await b.$disconnect();
    await target.close();
  }
});

test.run();
