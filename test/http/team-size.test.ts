import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// First: the app loads the API's zod-openapi extension before any schema is built.
import { freshApp, type TestApp } from '../support/app.ts';
import { bigSkill, teamName, type BigSkill } from '../support/big-skill.ts';
import type { TestClient } from '../support/client.ts';
import { byTestId, organizerClient, textOf } from '../support/desk.ts';
import { windows } from '../support/results.ts';

/**
 * A team skill of 3,000 entries in 1,000 teams of 3: more teams than SQLite binds values in one
 * statement, so any team query built on a list of team ids (Prisma's relation loading with an
 * order) would fail. One aspect is enough: the marks' own limits are test/http/size.test.ts's.
 */
const ENTRIES = 3000;
const TEAM = 3;

interface Context {
  target: TestApp;
  skill: BigSkill;
  organizer: TestClient;
}

const teams = suite<Context>(`a team skill of ${ENTRIES.toLocaleString('en')} entries in ${ENTRIES / TEAM} teams`, {} as Context);
teams.before(async (ctx) => {
  ctx.target = await freshApp();
  ctx.skill = await bigSkill(ctx.target.db, { entries: ENTRIES, aspects: 1, teamSize: TEAM });
  ctx.organizer = await organizerClient(ctx.target);
});
teams.after(async (ctx) => { await ctx.target.close(); });

const shown = (value: number) => (Math.round(value * 100 + 1e-9) / 100).toFixed(2);
/** A team's score: the sum of its members' totals (entries first, first + 10, first + 20). */
const teamScore = (skill: BigSkill, first: number) => [0, 1, 2].reduce((sum, k) => sum + Number(shown(skill.expectedTotal(first + 10 * k))), 0);

teams('the teams are drawn, locked, ranked and published', async ({ target, skill, organizer }) => {
  assert.is(await target.db.team.count(), ENTRIES / TEAM);
  assert.is((await organizer.get(`/events/${skill.eventId}/registration`)).status, 200);
  const lock = await organizer.post(`/desk/rounds/${skill.roundId}/lock`, {});
  assert.is(lock.status, 303, `lock: ${lock.status} ${textOf(await lock.text()).slice(0, 300)}`);

  const preview = await organizer.get(`/skills/${skill.skillId}/results`);
  assert.is(preview.status, 200);
  const html = await preview.text();
  assert.is(byTestId(html, 'team-table').match(/<tr data-testid="team-/g)?.length, ENTRIES / TEAM);
  for (const first of [0, 1, 11 * 30 + 7, ENTRIES - 30 + 9]) {
    assert.match(textOf(byTestId(html, `team-${teamName(first)}`)), shown(teamScore(skill, first)), teamName(first));
  }
  const published = await organizer.post(`/skills/${skill.skillId}/publications`, windows(new Date()));
  assert.is(published.status, 303, `publish: ${published.status} ${textOf(await published.text()).slice(0, 300)}`);
  for (const url of [`/skills/${skill.skillId}/team-results.csv`, `/skills/${skill.skillId}/team-results.xlsx`]) {
    assert.is((await organizer.get(url)).status, 200, url);
  }
  const page = await target.app.request(`/public/skills/${skill.skillId}`);
  assert.is(page.status, 200);
  assert.match(await page.text(), teamName(ENTRIES - 30 + 9));
});

teams.run();
