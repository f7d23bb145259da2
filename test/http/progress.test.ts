import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshApp, type TestApp } from '../support/app.ts';
import { byTestId, judgingFixture, organizerClient, textOf, type JudgingFixture } from '../support/desk.ts';
import { createAccount } from '../support/fixtures.ts';
import { registeredEvent } from '../support/registered-event.ts';
import { lockWelding, markedFixture, publishWelding } from '../support/results.ts';

/** "Where am I, what next": each skill's progress and next step on the event page and the dashboard. */
const progress = suite<{ target: TestApp }>('progress and the next step', {} as { target: TestApp });
progress.before.each(async (ctx) => { ctx.target = await freshApp(); });
progress.after.each(async (ctx) => { await ctx.target.close(); });

/** A skill's row as label → cell text (the labels are the table's headings). */
function row(html: string, skillId: number): Record<string, string> {
  const table = byTestId(html, 'progress');
  const headings = [...table.matchAll(/<th>([\s\S]*?)<\/th>/g)].map((m) => textOf(m[1]!));
  const cells = [...byTestId(table, `progress-${skillId}`).matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => textOf(m[1]!));
  return Object.fromEntries(headings.map((h, i) => [h, cells[i] ?? '']));
}
const next = (html: string) => textOf(byTestId(byTestId(html, 'progress'), 'next-step'));

progress('registration: counts per skill, and the next step moves from scheme to approving to starting', async ({ target }) => {
  await createAccount(target.db, { username: 'organizer', password: 'organizer-password', displayName: '赵敏' });
  const event = await registeredEvent(target.db);
  const organizer = await organizerClient(target);
  let html = await (await organizer.get(`/events/${event.eventId}`)).text();
  const approvedIn = (skillId: number) => event.contestants.filter((c) => c.skillId === skillId && event.organizations.findIndex((o) => o.id === c.organizationId) % 3 === 0).length;
  const welding = row(html, event.skillIds[0]);
  assert.equal([welding.Skill, welding.Registered, welding.Approved, welding['Checked in'], welding['Rounds locked'], welding.Published],
    ['焊工', '150', `${approvedIn(event.skillIds[0])} / 150`, '0', '0 / 0', '—']);
  assert.is(next(html), 'Next: the marking scheme of 焊工');
  assert.match(byTestId(html, 'next-step'), `href="/skills/${event.skillIds[0]}"`);

  // Rounds without aspects (as a new skill's default rounds are) cannot be judged yet.
  const rounds = [];
  for (const skillId of event.skillIds) rounds.push(await target.db.round.create({ data: { skillId, code: 'R1', name: '实操', weight: 100, maxScore: 10 } }));
  html = await (await organizer.get(`/events/${event.eventId}`)).text();
  assert.is(next(html), 'Next: the marking scheme of 焊工');
  for (const round of rounds) {
    const criterion = await target.db.criterion.create({ data: { roundId: round.id, code: 'A', name: '尺寸' } });
    await target.db.aspect.create({ data: { criterionId: criterion.id, code: 'A1', name: '外径', type: 'measurement', maxMark: 10, rule: JSON.stringify({ type: 'measurement', nominal: null, unit: '', step: 1, bands: [] }) } });
  }
  html = await (await organizer.get(`/events/${event.eventId}`)).text();
  assert.is(next(html), 'Next: approve the delegations\' lists');
  assert.match(byTestId(byTestId(html, 'progress'), 'next-step'), `href="/events/${event.eventId}/registration"`);

  await target.db.organization.updateMany({ data: { approvedAt: new Date() } });
  html = await (await organizer.get(`/events/${event.eventId}`)).text();
  assert.is(next(html), 'Next: start the competition');
  const home = await (await organizer.get('/')).text();
  assert.match(textOf(byTestId(home, `event-line-${event.eventId}`)), '300 entries, 0 checked in; results published in 0 of 2 skills. Next: start the competition');
});

progress('in progress: marking, then publishing; an appeal shows as a badge on the event and the dashboard', async ({ target }) => {
  const f: JudgingFixture = await markedFixture(target.db);
  const organizer = await organizerClient(target);
  let html = await (await organizer.get(`/events/${f.eventId}`)).text();
  const marking = row(html, f.skillId);
  assert.equal([marking.Drawn, marking.Marked, marking['Rounds locked'], marking.Next], ['3', '3', '0 / 1', 'Next: marking of 焊工, on the desk']);

  await lockWelding(target.db, f);
  html = await (await organizer.get(`/events/${f.eventId}`)).text();
  assert.equal([row(html, f.skillId)['Rounds locked'], row(html, f.skillId).Next], ['1 / 1', 'Next: publish the results of 焊工']);
  assert.match(byTestId(byTestId(html, `progress-${f.skillId}`), 'next-step'), `href="/skills/${f.skillId}/results"`);

  const publicationId = await publishWelding(target.db, f);
  const organization = await target.db.organization.findFirstOrThrow({ where: { eventId: f.eventId } });
  await target.db.appeal.create({ data: { publicationId, organizationId: organization.id, entryBib: '001', text: '实操评分有误，请复核。' } });
  html = await (await organizer.get(`/events/${f.eventId}`)).text();
  assert.is(row(html, f.skillId).Published, 'version 1 1 open appeals');
  assert.is(next(html), 'Next: decide the appeals of 焊工');
  const home = await (await organizer.get('/')).text();
  const line = byTestId(home, `event-line-${f.eventId}`);
  assert.match(textOf(byTestId(line, 'appeals-badge')), '1 open appeals');

  await target.db.appeal.updateMany({ data: { decidedAt: new Date(), decision: 'rejected', decisionReason: '经复核，评分无误。', decidedById: f.organizerId } });
  html = await (await organizer.get(`/events/${f.eventId}`)).text();
  assert.not.match(html, 'data-testid="appeals-badge"');
});

progress.run();
