import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultTitleRules } from '../../src/domain/title-rules.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { createAccount } from '../support/fixtures.ts';
import { byTestId } from '../support/desk.ts';
import { idNumber } from '../support/people.ts';

interface Context { target: TestApp; organizer: TestClient }

const EN = { 'accept-language': 'en' };

async function signedIn(target: TestApp, username: string, headers: Record<string, string> = EN) {
  const client = new TestClient(target, headers);
  await client.get('/login');
  const response = await client.post('/login', { username, password: `${username}-password` });
  assert.is(response.status, 303, `${username} signs in`);
  await client.get('/');
  return client;
}

const events = suite<Context>('events and schemes over HTTP', {} as Context);
events.before.each(async (ctx) => {
  ctx.target = await freshApp();
  for (const [username, role] of [['organizer', 'organizer'], ['judge', 'judge'], ['chief', 'chief_judge']] as const) {
    await createAccount(ctx.target.db, { username, password: `${username}-password`, role });
  }
  ctx.organizer = await signedIn(ctx.target, 'organizer');
});
events.after.each(async (ctx) => { await ctx.target.close(); });

async function createEvent(client: TestClient, fields: Record<string, string> = {}) {
  await client.get('/events/new');
  const response = await client.post('/events', { name: '2026年定海区职工技能大比武', startsOn: '2026-11-20', endsOn: '2026-11-21', ...fields });
  assert.is(response.status, 303);
  return Number(/\/events\/(\d+)$/.exec(response.headers.get('location') ?? '')?.[1]);
}

async function addSkill(client: TestClient, eventId: number, name = '焊工') {
  await client.get(`/events/${eventId}`);
  const response = await client.post(`/events/${eventId}/skills`, { name, nameEn: 'Welding' });
  assert.is(response.status, 303);
  return Number(/\/skills\/(\d+)$/.exec(response.headers.get('location') ?? '')?.[1]);
}

/** Gives both default rounds one aspect worth 100 so the skill validates. */
async function completeScheme(target: TestApp, skillId: number) {
  const rounds = await target.db.round.findMany({ where: { skillId } });
  for (const round of rounds) {
    await target.db.criterion.create({
      data: { roundId: round.id, code: 'A', name: 'all', aspects: { create: { code: 'A1', name: 'all', type: 'deduction', maxMark: 100, rule: JSON.stringify({ type: 'deduction', perOccurrence: 5, cap: 100 }) } } },
    });
  }
}

events('only organizers reach the event screens', async ({ target }) => {
  const anonymous = new TestClient(target, EN);
  const redirect = await anonymous.get('/events');
  assert.is(redirect.status, 303);
  assert.is(redirect.headers.get('location'), '/login?next=%2Fevents');
  for (const username of ['judge', 'chief']) {
    const client = await signedIn(target, username);
    for (const path of ['/events', '/events/new', '/skills/1']) {
      const response = await client.get(path);
      assert.is(response.status, 403, `${username} ${path}`);
      assert.match(await response.text(), 'Not allowed');
    }
    const post = await client.post('/events', { name: 'sneaky' });
    assert.is(post.status, 403);
  }
  assert.is(await target.db.event.count(), 0);
});

events('creating an event validates the form and keeps what was typed', async ({ target, organizer }) => {
  await organizer.get('/events/new');
  const bad = await organizer.post('/events', { name: ' ', startsOn: '2026-11-21', endsOn: '2026-11-20', organizationBestN: 'three' });
  assert.is(bad.status, 422);
  const html = await bad.text();
  assert.match(html, 'This field is required.');
  assert.match(html, 'The end date is before the start date.');
  assert.match(html, 'Enter a number.');
  assert.match(html, 'value="three"');
  assert.is(await target.db.event.count(), 0);

  const vague = await organizer.post('/events', { name: 'x', allowMultipleSkills: 'yes' });
  assert.is(vague.status, 422, 'a yes/no field takes only yes or no');
  assert.match(await vague.text(), 'Choose one of the options.');
  assert.is(await target.db.event.count(), 0);

  const id = await createEvent(organizer, { venue: '定海区职业技能实训基地', allowMultipleSkills: 'true' });
  const event = await target.db.event.findUniqueOrThrow({ where: { id } });
  assert.is(event.status, 'draft');
  assert.is(event.allowMultipleSkills, true);
  assert.is(event.startsOn?.toISOString(), '2026-11-20T00:00:00.000Z');
  const page = await organizer.get(`/events/${id}`);
  assert.match(await page.text(), '定海区职业技能实训基地');
  const list = await (await organizer.get('/events')).text();
  assert.match(list, '2026年定海区职工技能大比武');
});

events('a new skill starts with theory 30 % and practical 70 %, named in the organizer\'s language', async ({ target }) => {
  const zh = await signedIn(target, 'organizer', { 'accept-language': 'zh-CN' });
  const eventId = await createEvent(zh);
  const skillId = await addSkill(zh, eventId);
  const rounds = await target.db.round.findMany({ where: { skillId }, orderBy: { position: 'asc' } });
  assert.equal(rounds.map((r) => [r.code, r.name, r.weight, r.maxScore]), [['theory', '理论知识', 30, 100], ['practical', '实际操作', 70, 100]]);
  const html = await (await zh.get(`/skills/${skillId}`)).text();
  assert.match(html, '比赛开始前需修改 2 处');
  assert.match(html, '权重合计 100%');
});

events('aspects are added over htmx: errors come back in the form, success re-renders the scheme', async ({ target, organizer }) => {
  const eventId = await createEvent(organizer);
  const skillId = await addSkill(organizer, eventId);
  const practical = await target.db.round.findFirstOrThrow({ where: { skillId, code: 'practical' } });
  await organizer.get(`/skills/${skillId}`);
  const hx = { 'hx-request': 'true' };
  const criterion = await organizer.post(`/rounds/${practical.id}/criteria`, { code: 'A', name: 'Weld appearance' }, hx);
  assert.is(criterion.status, 200);
  assert.is(criterion.headers.get('hx-retarget'), '#scheme');
  const criterionId = (await target.db.criterion.findFirstOrThrow({ where: { roundId: practical.id } })).id;

  const refused = await organizer.post(`/criteria/${criterionId}/aspects`, {
    code: 'A1', name: 'Even bead', maxMark: '70', 'rule.type': 'judgement',
    'rule.levels.0': 'poor', 'rule.levels.1': '', 'rule.levels.2': 'good', 'rule.levels.3': 'excellent',
  }, hx);
  assert.is(refused.status, 422);
  assert.is(refused.headers.get('hx-retarget'), null, 'a refused form replaces itself');
  const refusedHtml = await refused.text();
  assert.match(refusedHtml, 'Describe every level from 0 to 3.');
  assert.match(refusedHtml, 'value="70"');
  assert.is(await target.db.aspect.count(), 0);

  const saved = await organizer.post(`/criteria/${criterionId}/aspects`, {
    code: 'A1', name: 'Even bead', maxMark: '７０', 'rule.type': 'judgement',
    'rule.levels.0': 'poor', 'rule.levels.1': 'fair', 'rule.levels.2': 'good', 'rule.levels.3': 'excellent',
  }, hx);
  assert.is(saved.status, 200);
  const html = await saved.text();
  assert.match(html, 'id="scheme"');
  assert.match(html, 'Marks 70 / 100');
  assert.match(html, 'hx-swap-oob', 'the problem list is refreshed too');
  const aspect = await target.db.aspect.findFirstOrThrow();
  assert.is(aspect.maxMark, 70, 'full-width digits from a Chinese IME are understood');

  const deduction = await organizer.post(`/aspects/${aspect.id}`, {
    code: 'A1', name: 'Safety', maxMark: '70', 'rule.type': 'deduction', 'rule.perOccurrence': '5', 'rule.cap': '80',
  }, hx);
  assert.is(deduction.status, 422);
  assert.match(await deduction.text(), 'The cap cannot exceed the aspect&#39;s 70 marks.');

  const bands = await organizer.post(`/aspects/${aspect.id}`, {
    code: 'A1', name: 'Width', maxMark: '70', 'rule.type': 'measurement', 'rule.nominal': '12', 'rule.unit': 'mm', 'rule.step': '0.01', 'rule.bands': '0.5:70; 1:35',
  }, hx);
  assert.is(bands.status, 200);
  const stored = await target.db.aspect.findUniqueOrThrow({ where: { id: aspect.id } });
  assert.equal(JSON.parse(stored.rule), { type: 'measurement', nominal: 12, unit: 'mm', step: 0.01, bands: [{ tolerance: 0.5, mark: 70 }, { tolerance: 1, mark: 35 }] });
});

events('a duplicate code in the same round is refused', async ({ target, organizer }) => {
  const eventId = await createEvent(organizer);
  const skillId = await addSkill(organizer, eventId);
  await organizer.get(`/skills/${skillId}`);
  const response = await organizer.post(`/skills/${skillId}/rounds`, { code: 'THEORY', name: 'Again', weight: '10', maxScore: '100' }, { 'hx-request': 'true' });
  assert.is(response.status, 422);
  assert.match(await response.text(), 'The code THEORY is used twice.');
  assert.is(await target.db.round.count({ where: { skillId } }), 2);
});

events('settings are validated by the domain rules and saved in place', async ({ target, organizer }) => {
  const eventId = await createEvent(organizer);
  const skillId = await addSkill(organizer, eventId);
  await organizer.get(`/skills/${skillId}`);
  const fields = {
    judgesPerAspect: '2', aggregation: 'trimmed_mean', spreadLimit: '1', decimals: '2',
    'tieBreaks.0': 'completion_time', 'tieBreaks.1': 'round:practical', 'tieBreaks.2': '', 'tieBreaks.3': '',
    awardMode: 'count', awardFirst: '1', awardSecond: '2', awardThird: '3', awardMinimumScore: '60', awardMinimumField: '5',
    teamScoring: 'mean', standardisedScore: 'true', identityCheck: 'true',
  };
  const refused = await organizer.post(`/skills/${skillId}/settings`, fields, { 'hx-request': 'true' });
  assert.is(refused.status, 422);
  assert.match(await refused.text(), 'Dropping the highest and lowest mark needs at least 3 judges.');

  const saved = await organizer.post(`/skills/${skillId}/settings`, { ...fields, judgesPerAspect: '5' }, { 'hx-request': 'true' });
  assert.is(saved.status, 200);
  assert.match(await saved.text(), 'Saved.');
  const skill = await target.db.skill.findUniqueOrThrow({ where: { id: skillId } });
  assert.equal(
    { judges: skill.judgesPerAspect, aggregation: skill.aggregation, tieBreaks: JSON.parse(skill.tieBreaks), mode: skill.awardMode, min: skill.awardMinimumScore, titleRules: JSON.parse(skill.titleRules), team: skill.teamScoring, standardised: skill.standardisedScore, identity: skill.identityCheck },
    { judges: 5, aggregation: 'trimmed_mean', tieBreaks: ['completion_time', 'round:practical'], mode: 'count', min: 60, titleRules: defaultTitleRules, team: 'mean', standardised: true, identity: true },
  );
});

events('the lifecycle moves one step at a time and locks the rules once the competition starts', async ({ target, organizer }) => {
  const eventId = await createEvent(organizer);
  const skillId = await addSkill(organizer, eventId);
  await organizer.get(`/events/${eventId}`);
  const skip = await organizer.post(`/events/${eventId}/status`, { status: 'in_progress' });
  assert.is(skip.status, 409);
  assert.match(await skip.text(), 'The event cannot move to that stage');

  assert.is((await organizer.post(`/events/${eventId}/status`, { status: 'registration' })).status, 303);
  await organizer.get(`/events/${eventId}`);
  const incomplete = await organizer.post(`/events/${eventId}/status`, { status: 'in_progress' });
  assert.is(incomplete.status, 409);
  assert.match(await incomplete.text(), 'the rules of “焊工” are incomplete');

  await completeScheme(target, skillId);
  assert.is((await organizer.post(`/events/${eventId}/status`, { status: 'in_progress' })).status, 303);
  assert.is((await target.db.event.findUniqueOrThrow({ where: { id: eventId } })).status, 'in_progress');

  const round = await target.db.round.findFirstOrThrow({ where: { skillId }, orderBy: { position: 'asc' } });
  await organizer.get(`/skills/${skillId}`);
  assert.match(organizer.lastHtml, 'read-only');
  const locked = await organizer.post(`/rounds/${round.id}`, { code: 'theory', name: 'Theory', weight: '50', maxScore: '100' }, { 'hx-request': 'true' });
  assert.is(locked.status, 409);
  assert.match(await locked.text(), 'rules and marking schemes can no longer be changed');
  assert.is((await target.db.round.findUniqueOrThrow({ where: { id: round.id } })).weight, 30);

  const deleting = await organizer.post(`/events/${eventId}/delete`, {});
  assert.is(deleting.status, 409);
  assert.is(await target.db.event.count(), 1);
});

events('stage moves say what they mean and ask; publishing open rounds is refused; going back after marks needs a reason', async ({ target, organizer }) => {
  const eventId = await createEvent(organizer);
  const skillId = await addSkill(organizer, eventId);
  await completeScheme(target, skillId);
  await target.db.organization.create({ data: { eventId, name: '定海机电设备有限公司' } });
  await organizer.get(`/events/${eventId}`);
  assert.is((await organizer.post(`/events/${eventId}/status`, { status: 'registration' })).status, 303);

  // Before starting: registration closes, and who is still awaiting approval, on the page before the button.
  const page = await (await organizer.get(`/events/${eventId}`)).text();
  const start = byTestId(page, 'stage-in_progress');
  assert.match(start, 'Registration closes');
  assert.match(start, 'Still awaiting approval (1): 定海机电设备有限公司.');
  assert.match(start, 'type="submit"');
  assert.is((await organizer.post(`/events/${eventId}/status`, { status: 'in_progress' })).status, 303);

  // Publishing with the rounds open, or nothing marked, is refused, on the page and if posted anyway.
  const running = await (await organizer.get(`/events/${eventId}`)).text();
  const publish = byTestId(running, 'stage-published');
  assert.match(publish, 'Not every marked round is locked yet: 焊工 · ');
  assert.not.match(publish, 'type="submit"', 'no button for a move that cannot be made');
  const refused = await organizer.post(`/events/${eventId}/status`, { status: 'published' });
  assert.is(refused.status, 409);
  assert.match(await refused.text(), 'Not every marked round is locked yet');
  await target.db.round.updateMany({ where: { skillId }, data: { lockedAt: new Date() } });
  await organizer.get(`/events/${eventId}`);
  const empty = await organizer.post(`/events/${eventId}/status`, { status: 'published' });
  assert.is(empty.status, 409);
  assert.match(await empty.text(), 'Nothing has been marked or scored in this event');
  assert.is((await target.db.event.findUniqueOrThrow({ where: { id: eventId } })).status, 'in_progress');

  // Once something is marked, going back needs a reason, which the audit log keeps.
  const round = await target.db.round.findFirstOrThrow({ where: { skillId }, orderBy: { position: 'asc' } });
  const person = await target.db.contestant.create({ data: { eventId, organizationId: (await target.db.organization.findFirstOrThrow()).id, name: '张伟', gender: 'male', idNumber: idNumber('19900101', 1), birthDate: '1990-01-01' } });
  const entry = await target.db.entry.create({ data: { eventId, skillId, contestantId: person.id, bib: '001' } });
  const account = await createAccount(target.db, { username: 'judge1', password: 'judge-password', role: 'judge' });
  const judge = await target.db.eventJudge.create({ data: { eventId, accountId: account.id, number: 1 } });
  const aspect = await target.db.aspect.findFirstOrThrow({ where: { criterion: { roundId: round.id } } });
  await target.db.mark.create({ data: { entryId: entry.id, aspectId: aspect.id, judgeId: judge.id, state: 'scored', value: 1 } });
  const back = byTestId(await (await organizer.get(`/events/${eventId}`)).text(), 'stage-registration');
  assert.match(back, 'going back needs a reason');
  assert.match(back, 'name="reason"');
  const noReason = await organizer.post(`/events/${eventId}/status`, { status: 'registration', reason: '  ' });
  assert.is(noReason.status, 422);
  assert.match(await noReason.text(), 'Give a reason for going back.');
  assert.is((await target.db.event.findUniqueOrThrow({ where: { id: eventId } })).status, 'in_progress');
  await organizer.get(`/events/${eventId}`);
  assert.is((await organizer.post(`/events/${eventId}/status`, { status: 'registration', reason: '报名名单有误，重新开放' })).status, 303);
  const audit = await target.db.auditEntry.findFirstOrThrow({ where: { action: 'event.status', subject: 'in_progress → registration' } });
  assert.equal(JSON.parse(audit.details ?? '{}'), { reason: '报名名单有误，重新开放' });
});

events('a draft event can be deleted, with its skills', async ({ target, organizer }) => {
  const eventId = await createEvent(organizer);
  await addSkill(organizer, eventId);
  await organizer.get(`/events/${eventId}`);
  const response = await organizer.post(`/events/${eventId}/delete`, {}, { 'hx-request': 'true' });
  assert.is(response.status, 204);
  assert.is(response.headers.get('hx-redirect'), '/events');
  assert.is(await target.db.event.count(), 0);
  assert.is(await target.db.round.count(), 0);
});

events('an event is copied with every skill, round and aspect; a single skill can be copied too', async ({ target, organizer }) => {
  const sourceId = await createEvent(organizer, { name: '2025年大比武' });
  const skillId = await addSkill(organizer, sourceId);
  await completeScheme(target, skillId);
  await target.db.skill.update({ where: { id: skillId }, data: { judgesPerAspect: 5, aggregation: 'trimmed_mean' } });

  await organizer.get(`/events/${sourceId}/copy`);
  const copied = await organizer.post(`/events/${sourceId}/copy`, { name: '2026年大比武', startsOn: '2026-11-20' });
  assert.is(copied.status, 303);
  const copyId = Number(/\/events\/(\d+)$/.exec(copied.headers.get('location') ?? '')?.[1]);
  const copy = await target.db.skill.findFirstOrThrow({
    where: { eventId: copyId },
    include: { rounds: { include: { criteria: { include: { aspects: true } } } } },
  });
  assert.is(copy.name, '焊工');
  assert.is(copy.judgesPerAspect, 5);
  assert.is(copy.aggregation, 'trimmed_mean');
  assert.equal(copy.rounds.map((r) => [r.code, r.weight, r.criteria[0]?.aspects[0]?.maxMark]), [['theory', 30, 100], ['practical', 70, 100]]);
  assert.is.not(copy.id, skillId);

  const thirdId = await createEvent(organizer, { name: '2027年大比武' });
  await organizer.get(`/events/${thirdId}`);
  assert.match(organizer.lastHtml, '2025年大比武 · 焊工');
  const single = await organizer.post(`/events/${thirdId}/skills/copy`, { skillId: String(skillId) });
  assert.is(single.status, 303);
  assert.is(await target.db.skill.count({ where: { eventId: thirdId } }), 1);
  assert.is(await target.db.aspect.count(), 6);
});

events.run();
