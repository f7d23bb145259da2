import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// First: the app loads the API's zod-openapi extension before any schema is built.
import { freshApp, type TestApp } from '../support/app.ts';
import { call, type Json } from '../support/api.ts';
import { createApiToken } from '../../src/api/tokens.ts';
import { bigSkill, JUDGES, ORGANIZATIONS, type BigSkill } from '../support/big-skill.ts';
import { TestClient } from '../support/client.ts';
import { byTestId, organizerClient, textOf } from '../support/desk.ts';
import { windows } from '../support/results.ts';

/**
 * Nothing is limited by the size of a skill: a skill of 3,000 entries, 5 judges and 12
 * aspects (176,400 marks, every sheet signed) goes through the results preview, the results
 * API, the desk, the lock, the publication and the public pages, with the right totals.
 *
 * Why these numbers: 3,000 entries put more than 999 values into any `IN (...)` built from the
 * skill's entries or codes (SQLite's limit on bound values), and 176,400 marks in one round
 * are beyond what `push(...marks)` can spread onto the stack (it overflowed at ~120,000). 12
 * aspects rather than the 25 of a real scheme keep the test near half a minute: 25 would add
 * nothing these limits do not already cover.
 *
 * The tests share one fixture and run in order: preview, the last judge signing every sheet
 * at once, the organizer's pages and the desk before the lock, the lock, then the publication,
 * the result files and what the public sees.
 */
const ENTRIES = 3000;
const ASPECTS = 12;

interface Context {
  target: TestApp;
  skill: BigSkill;
  organizer: TestClient;
  token: string;
}

const size = suite<Context>(`a skill of ${ENTRIES.toLocaleString('en')} entries`, {} as Context);
size.before(async (ctx) => {
  ctx.target = await freshApp();
  ctx.skill = await bigSkill(ctx.target.db, { entries: ENTRIES, aspects: ASPECTS, unsigned: JUDGES });
  ctx.organizer = await organizerClient(ctx.target);
  ctx.token = (await createApiToken(ctx.target.db, ctx.skill.organizerId, 'size test')).token;
});
size.after(async (ctx) => { await ctx.target.close(); });

/** Rounded half up on 2 decimals, as the results show totals. */
const shown = (value: number) => (Math.round(value * 100 + 1e-9) / 100).toFixed(2);
/** Entries to check by hand: the first organization (recusal), even and odd, first and last. */
const sample = [0, 1, 2, 10, 1234, 2001, ENTRIES - 1];
/** Sheets to sign: one per judge and entry, but J1's of the first organization (recused). */
const SHEETS = ENTRIES * JUDGES - ENTRIES / ORGANIZATIONS;

/** Each URL answers 200 (and, when given, contains the text). */
async function allAnswer(client: TestClient, pages: [string, string?][]) {
  for (const [url, text] of pages) {
    const response = await client.get(url);
    assert.is(response.status, 200, url);
    if (text) assert.match(await response.text(), text, url);
  }
}

size('the fixture is the size it claims', async ({ target, skill }) => {
  assert.is(skill.marks, ENTRIES * ASPECTS * 5 - (ENTRIES / ORGANIZATIONS) * ASPECTS);
  assert.ok(skill.marks > 150_000, 'more marks than a spread onto the stack takes');
  assert.is(await target.db.mark.count(), skill.marks);
  assert.is(await target.db.drawAssignment.count(), ENTRIES);
  assert.is(skill.codes.size, ENTRIES);
});

size('the results preview lists every code with the totals worked out by hand', async ({ skill, organizer }) => {
  const response = await organizer.get(`/skills/${skill.skillId}/results`);
  assert.is(response.status, 200);
  const html = await response.text();
  assert.is(html.match(/data-testid="result-\d+"/g)?.length, ENTRIES);
  for (const i of sample) {
    const code = skill.codes.get(skill.bib(i))!;
    assert.match(textOf(byTestId(html, `result-${code}`)), new RegExp(` ${shown(skill.expectedTotal(i)).replace('.', '\\.')}( |$)`), `total of ${code}`);
  }
});

size('the results API answers with every entry and the same totals', async ({ target, skill, token }) => {
  const { status, json } = await call(target, token, 'GET', `/api/v1/skills/${skill.skillId}/results`);
  assert.is(status, 200);
  assert.is(json.revealed, false);
  assert.is(json.entries.length, ENTRIES);
  assert.is(json.competitors, ENTRIES);
  for (const i of sample) {
    const code = skill.codes.get(skill.bib(i))!;
    const entry = json.entries.find((e: Json) => e.codes?.includes(code));
    assert.ok(entry, `entry ${code}`);
    assert.is(entry.complete, true);
    assert.is(entry.total.toFixed(2), shown(skill.expectedTotal(i)), `total of ${code}`);
  }
});

size('the last judge sees every code complete on the tablet and signs all 3,000 sheets with one PIN', async ({ target, skill }) => {
  const judge = new TestClient(target, { 'accept-language': 'en' });
  await judge.get('/judge/login');
  const login = await judge.post('/judge/login', { eventCode: skill.eventCode, number: String(JUDGES), pin: skill.pins.get(JUDGES)! });
  assert.is(login.status, 303, 'J5 signs in');
  const page = await judge.get(`/judge/rounds/${skill.roundId}`);
  assert.is(page.status, 200);
  const html = await page.text();
  assert.is(html.match(/class="code-tile progress-complete"/g)?.length, ENTRIES);
  const signed = await judge.post(`/judge/rounds/${skill.roundId}/sign-all`, { pin: skill.pins.get(JUDGES)! });
  assert.is(signed.status, 200);
  assert.is((await signed.text()).match(/class="code-tile progress-signed"/g)?.length, ENTRIES);
  assert.is(await target.db.sheetSignoff.count({ where: { revokedAt: null } }), SHEETS);
});

// The printables of every sheet and ticket at once (/rounds/:id/score-sheets, /events/:id/print/tickets)
// answer too, but are tens of MB at this size: left out to keep the test short.
size('the organizer\'s pages of a skill this size answer', async ({ skill, organizer }) => {
  const last = skill.bib(ENTRIES - 1);
  await allAnswer(organizer, [
    [`/events/${skill.eventId}/registration`, last],
    [`/events/${skill.eventId}/check-in`, last],
    [`/events/${skill.eventId}/print/registration`, last],
    [`/events/${skill.eventId}/registration.csv`, last],
    [`/events/${skill.eventId}/judges`],
    [`/skills/${skill.skillId}/assignments`],
    [`/skills/${skill.skillId}/draw`],
    [`/draws/${skill.drawId}/seating`, last],
    [`/draws/${skill.drawId}/code-cards`, skill.codes.get(last)],
    [`/skills/${skill.skillId}/mark-log`],
    [`/skills/${skill.skillId}/mark-log.csv`],
  ]);
});

size('the desk shows the whole round marked and signed, ready to lock', async ({ skill, organizer }) => {
  // The page itself, not only its matrix fragment: the page adds what stands in the way of the lock.
  for (const path of [`/desk/rounds/${skill.roundId}`]) {
    const response = await organizer.get(path);
    assert.is(response.status, 200, path);
    const html = await response.text();
    assert.is(textOf(byTestId(html, 'progress-marks')), `${skill.marks} / ${skill.marks}`, path);
    assert.is(textOf(byTestId(html, 'progress-signed')), `${SHEETS} / ${SHEETS}`, path);
    assert.is(textOf(byTestId(html, 'progress-flagged')), '0', path);
    // The first code in order is on the first page, whatever the desk shows at a time.
    const first = [...skill.codes.entries()].sort(([, a], [, b]) => a.localeCompare(b))[0]!;
    const index = Number(first[0]) - 1;
    assert.is(textOf(byTestId(html, `total-${first[1]}`)), shown(skill.expectedTotal(index) / 100 * ASPECTS * 10), `${path}: row total of ${first[1]}`);
  }
});

size('the round locks', async ({ target, skill, organizer }) => {
  const response = await organizer.post(`/desk/rounds/${skill.roundId}/lock`, {});
  assert.is(response.status, 303, `lock: ${response.status} ${textOf(await response.text()).slice(0, 300)}`);
  const round = await target.db.round.findUniqueOrThrow({ where: { id: skill.roundId } });
  assert.ok(round.lockedAt, 'locked');
  const audit = await target.db.auditEntry.findFirstOrThrow({ where: { action: 'round.lock' } });
  assert.is(JSON.parse(audit.details).marks, skill.marks);
});

size('after the lock the preview names everybody and publishes', async ({ target, skill, organizer }) => {
  const preview = await organizer.get(`/skills/${skill.skillId}/results`);
  assert.is(preview.status, 200);
  const html = await preview.text();
  assert.is(html.match(/data-testid="result-\d+"/g)?.length, ENTRIES);
  for (const i of sample) {
    const row = textOf(byTestId(html, `result-${skill.bib(i)}`));
    assert.match(row, `${skill.bib(i)} ${skill.name(i)} `);
    assert.match(row, ` ${shown(skill.expectedTotal(i))}`);
  }
  const response = await organizer.post(`/skills/${skill.skillId}/publications`, windows(new Date()));
  assert.is(response.status, 303, `publish: ${response.status} ${textOf(await response.text()).slice(0, 300)}`);
  assert.is(response.headers.get('location'), `/skills/${skill.skillId}/publications/1?done=published`);
  const page = await organizer.get(response.headers.get('location')!);
  assert.is(page.status, 200);
  assert.is((await target.db.publication.count({ where: { skillId: skill.skillId } })), 1);
});

size('the public ranking page and the public results API show the publication', async ({ target, skill }) => {
  const page = await target.app.request(`/public/skills/${skill.skillId}`);
  assert.is(page.status, 200);
  const html = await page.text();
  for (const i of sample) {
    assert.match(html, skill.name(i));
  }
  const { status, json } = await call(target, null, 'GET', `/api/v1/public/skills/${skill.skillId}/results`);
  assert.is(status, 200);
  assert.is(json.results.entries.length, ENTRIES);
  for (const i of sample) {
    const entry = json.results.entries.find((e: Json) => e.bib === skill.bib(i));
    assert.is(entry.name, skill.name(i));
    assert.is(entry.total.toFixed(2), shown(skill.expectedTotal(i)), `total of ${skill.bib(i)}`);
  }
  const event = await target.app.request(`/public/events/${skill.eventId}`);
  assert.is(event.status, 200);
  const search = await target.app.request(`/public/events/${skill.eventId}/search?q=${encodeURIComponent(skill.name(ENTRIES - 1))}`);
  assert.is(search.status, 200);
  assert.match(await search.text(), skill.bib(ENTRIES - 1));
});

size('the result files and printouts of a skill this size answer', async ({ skill, organizer }) => {
  const last = skill.bib(ENTRIES - 1);
  await allAnswer(organizer, [
    [`/rounds/${skill.roundId}/decrypt`],
    [`/skills/${skill.skillId}/results.csv`, last],
    [`/skills/${skill.skillId}/results.xlsx`],
    // Mark details name codes, not bibs: the last entry's code (a bib matched only when some code happened to contain it).
    [`/skills/${skill.skillId}/mark-details.csv`, skill.codes.get(last)],
    [`/skills/${skill.skillId}/promotions.xlsx`],
    [`/skills/${skill.skillId}/notice`, last],
    [`/skills/${skill.skillId}/certificates`],
    [`/skills/${skill.skillId}/appeals`],
  ]);
});

size.run();
