import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// First: the app loads the API's zod-openapi extension before any schema is built.
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { createAccount } from '../support/fixtures.ts';
import { apiSuite, call, eventWithSkill } from '../support/api.ts';
import { byTestId, organizerClient, textOf } from '../support/desk.ts';
import { idNumber } from '../support/people.ts';
import { readSheetFile, writeCsv } from '../../src/events/scheme-files.ts';
import { issueDelegationLink } from '../../src/registration/commands.ts';
import { lockedFixture, publishWelding, type ResultsFixture } from '../support/results.ts';
import type { ResultsSnapshot } from '../../src/results/snapshot.ts';

/**
 * Team skills on the organizer's registration screens and at the draw: a skill made a team
 * skill (teams of 2–3), three organizations, contestants put in named teams.
 */
interface Context { target: TestApp; organizer: TestClient; eventId: number; welding: number; turning: number; ship: number; power: number }
const EN = { 'accept-language': 'en' };

const teams = suite<Context>('team skills: settings, registration, the draw', {} as Context);
teams.before.each(async (ctx) => {
  ctx.target = await freshApp();
  await createAccount(ctx.target.db, { username: 'organizer', password: 'organizer-password' });
  const event = await ctx.target.db.event.create({ data: { name: '2026年定海区职工技能大比武', status: 'registration' } });
  ctx.eventId = event.id;
  ctx.welding = (await ctx.target.db.skill.create({ data: { eventId: event.id, name: '焊工', nameEn: 'Welding', tieBreaks: '[]' } })).id;
  ctx.turning = (await ctx.target.db.skill.create({ data: { eventId: event.id, name: '数控车工', nameEn: 'CNC turning', tieBreaks: '[]', position: 1 } })).id;
  ctx.ship = (await ctx.target.db.organization.create({ data: { eventId: event.id, name: '船舶修造公司', approvedAt: new Date() } })).id;
  ctx.power = (await ctx.target.db.organization.create({ data: { eventId: event.id, name: '定海供电公司', approvedAt: new Date() } })).id;
  ctx.organizer = new TestClient(ctx.target, EN);
  await ctx.organizer.get('/login');
  await ctx.organizer.post('/login', { username: 'organizer', password: 'organizer-password' });
});
teams.after.each(async (ctx) => { await ctx.target.close(); });

const settingsFields = {
  judgesPerAspect: '3', aggregation: 'mean', spreadLimit: '1', decimals: '2',
  'tieBreaks.0': '', 'tieBreaks.1': '', 'tieBreaks.2': '', 'tieBreaks.3': '',
  awardMode: 'ratio', awardFirst: '10', awardSecond: '20', awardThird: '30', awardMinimumScore: '', awardMinimumField: '5',
  titleTopN: '0', titleName: '', promotion: 'false', standardisedScore: 'false',
};

async function makeTeamSkill(ctx: Context, fields: Record<string, string> = {}) {
  await ctx.organizer.get(`/skills/${ctx.welding}`);
  return ctx.organizer.post(`/skills/${ctx.welding}/settings`, { ...settingsFields, teamSkill: 'true', teamSizeMin: '2', teamSizeMax: '3', teamScoring: 'sum', ...fields }, { 'hx-request': 'true' });
}

let people = 0;
/** A contestant in welding (and the team given), posted through the organizer's form. */
async function register(ctx: Context, name: string, organizationId: number, team: string, extra: Record<string, string> = {}) {
  await ctx.organizer.get(`/events/${ctx.eventId}/contestants/new`);
  return ctx.organizer.post(`/events/${ctx.eventId}/contestants/new`, {
    name, gender: 'male', organizationId: String(organizationId), idNumber: idNumber('19900101', 2 * ++people + 1), phone: '', skillLevel: '',
    'entries.0.skillId': String(ctx.welding), [`bib_${ctx.welding}`]: '', [`team_${ctx.welding}`]: team, ...extra,
  });
}

const teamRows = (ctx: Context) => ctx.target.db.team.findMany({
  where: { skillId: ctx.welding }, orderBy: { name: 'asc' },
  select: { name: true, organizationId: true, members: { select: { entry: { select: { contestant: { select: { name: true } } } } } } },
}).then((rows) => rows.map((t) => [t.name, t.organizationId, t.members.map((m) => m.entry.contestant.name).sort()]));

teams('a skill becomes a team skill; sizes are validated only then, and the form shows them under "Teams"', async (ctx) => {
  await ctx.organizer.get(`/skills/${ctx.welding}`);
  // An individual skill: nonsense team sizes are not read, so they cannot block anything.
  let response = await ctx.organizer.post(`/skills/${ctx.welding}/settings`, { ...settingsFields, teamSkill: 'false', teamSizeMin: '9', teamSizeMax: '1', teamScoring: 'sum' }, { 'hx-request': 'true' });
  assert.is(response.status, 200);
  response = await makeTeamSkill(ctx, { teamSizeMin: '4', teamSizeMax: '3' });
  assert.is(response.status, 422);
  assert.match(await response.text(), 'The largest team size cannot be below the smallest.');
  response = await makeTeamSkill(ctx, { teamSizeMin: '1' });
  assert.is(response.status, 422);
  assert.match(await response.text(), 'A team has 2 to 10 members.');
  response = await makeTeamSkill(ctx, { teamScoring: 'mean' });
  assert.is(response.status, 200);
  const html = await response.text();
  assert.match(html, 'data-testid="team-settings"');
  assert.match(html, /name="teamSkill" value="true" checked/);
  const skill = await ctx.target.db.skill.findUniqueOrThrow({ where: { id: ctx.welding } });
  assert.equal([skill.teamSkill, skill.teamSizeMin, skill.teamSizeMax, skill.teamScoring], [true, 2, 3, 'mean']);
});

teams('the organizer puts entries in teams: a new name makes a team, a team keeps to one organization and its largest size', async (ctx) => {
  assert.is((await makeTeamSkill(ctx)).status, 200);
  // The form asks for the team beside the team skill only.
  const form = await (await ctx.organizer.get(`/events/${ctx.eventId}/contestants/new`)).text();
  assert.match(form, `name="team_${ctx.welding}"`);
  assert.not.match(form, `name="team_${ctx.turning}"`);
  assert.match(form, '2–3 members of one organization; a new name makes a new team.');

  let response = await register(ctx, '张伟', ctx.ship, '');
  assert.is(response.status, 422);
  assert.match(await response.text(), 'A team skill: name the contestant&#39;s team.');
  assert.is((await register(ctx, '张伟', ctx.ship, ' 船舶一队 ')).status, 303);
  assert.is((await register(ctx, '李强', ctx.ship, '船舶一队')).status, 303);
  // Another organization cannot join it…
  response = await register(ctx, '王芳', ctx.power, '船舶一队');
  assert.is(response.status, 422);
  assert.match(await response.text(), 'The team 船舶一队 belongs to another organization.');
  assert.is((await register(ctx, '王芳', ctx.power, '供电一队')).status, 303);
  // …and a fourth member does not fit a team of at most 3.
  assert.is((await register(ctx, '赵刚', ctx.ship, '船舶一队')).status, 303);
  response = await register(ctx, '孙杰', ctx.ship, '船舶一队');
  assert.is(response.status, 422);
  assert.match(await response.text(), 'The team 船舶一队 has 3 members already.');
  assert.is(await ctx.target.db.contestant.count(), 4, 'refused forms change nothing');
  // A team in a skill the contestant did not enter, or in an individual skill, is ignored.
  assert.is((await register(ctx, '周敏', ctx.ship, '', { 'entries.0.skillId': String(ctx.turning), [`team_${ctx.turning}`]: 'x' })).status, 303);

  assert.equal(await teamRows(ctx), [['供电一队', ctx.power, ['王芳']], ['船舶一队', ctx.ship, ['张伟', '李强', '赵刚'].sort()]]);
  const list = await (await ctx.organizer.get(`/events/${ctx.eventId}/registration`)).text();
  assert.match(list, '焊工<span class="muted"> · 船舶一队</span>');

  // Moving 赵刚 to a new team; the edit form shows the team in force.
  const zhao = await ctx.target.db.contestant.findFirstOrThrow({ where: { name: '赵刚' } });
  const edit = await (await ctx.organizer.get(`/contestants/${zhao.id}/edit`)).text();
  assert.match(edit, new RegExp(`name="team_${ctx.welding}" value="船舶一队"`));
  response = await ctx.organizer.post(`/contestants/${zhao.id}/edit`, {
    name: '赵刚', gender: 'male', organizationId: String(ctx.ship), idNumber: zhao.idNumber, phone: '', skillLevel: '',
    'entries.0.skillId': String(ctx.welding), [`bib_${ctx.welding}`]: '', [`team_${ctx.welding}`]: '船舶二队',
  });
  assert.is(response.status, 303);
  // 王芳 leaves: her team had no one else, so it goes with her.
  const wang = await ctx.target.db.contestant.findFirstOrThrow({ where: { name: '王芳' } });
  await ctx.organizer.get(`/contestants/${wang.id}/edit`);
  assert.is((await ctx.organizer.post(`/contestants/${wang.id}/delete`, {})).status, 303);
  assert.equal(await teamRows(ctx), [['船舶一队', ctx.ship, ['张伟', '李强'].sort()], ['船舶二队', ctx.ship, ['赵刚']]]);
});

teams('the draw of a team skill waits until every entry is in a team of the right size', async (ctx) => {
  // Registered while welding was an individual skill: no teams yet.
  assert.is((await register(ctx, '张伟', ctx.ship, '')).status, 303);
  assert.is((await register(ctx, '李强', ctx.ship, '')).status, 303);
  assert.is((await makeTeamSkill(ctx)).status, 200);
  await ctx.target.db.entry.updateMany({ data: { attendance: 'present', checkedInAt: new Date() } });
  await ctx.target.db.event.update({ where: { id: ctx.eventId }, data: { status: 'in_progress' } });
  await ctx.organizer.get(`/skills/${ctx.welding}/draw`);
  let response = await ctx.organizer.post(`/skills/${ctx.welding}/draw`, { roundId: '' });
  assert.is(response.status, 409);
  assert.match(await response.text(), 'A team skill: 2 entries are in no team yet.');

  // Teams are named after registration closed, straight in the database here (the screens refuse then).
  const entries = await ctx.target.db.entry.findMany({ orderBy: { id: 'asc' } });
  const team = await ctx.target.db.team.create({ data: { skillId: ctx.welding, organizationId: ctx.ship, name: '船舶一队' } });
  await ctx.target.db.teamMember.create({ data: { entryId: entries[0]!.id, teamId: team.id } });
  const alone = await ctx.target.db.team.create({ data: { skillId: ctx.welding, organizationId: ctx.ship, name: '船舶二队' } });
  await ctx.target.db.teamMember.create({ data: { entryId: entries[1]!.id, teamId: alone.id } });
  response = await ctx.organizer.post(`/skills/${ctx.welding}/draw`, { roundId: '' });
  assert.is(response.status, 409);
  assert.match(await response.text(), 'Teams have 2–3 members; not so: 船舶一队 (1)、船舶二队 (1).');
  assert.is(await ctx.target.db.draw.count(), 0);

  await ctx.target.db.teamMember.update({ where: { entryId: entries[1]!.id }, data: { teamId: team.id } });
  response = await ctx.organizer.post(`/skills/${ctx.welding}/draw`, { roundId: '' });
  assert.is(response.status, 303, 'one team of 2 (the empty team is not counted)');
  assert.is(await ctx.target.db.draw.count(), 1);
});

function upload(ctx: Context, rows: string[][]) {
  const form = new FormData();
  const header = ['姓名', '性别', '参赛单位', '身份证号', '手机号', '竞赛项目', '现技能等级', '参赛证号', '团队'];
  form.append('file', new File([writeCsv([header, ...rows]) as Uint8Array<ArrayBuffer>], 'list.csv'));
  return ctx.organizer.postMultipart(`/events/${ctx.eventId}/registration/import`, form);
}
const sheetRow = (name: string, gender: string, organization: string, n: number, skill: string, team: string) =>
  [name, gender, organization, idNumber('19850101', 2 * n + (gender === '男' ? 1 : 0)), '', skill, '', '', team];

teams('the registration import reads the team column: one organization per team, the largest size, a team for every team-skill row', async (ctx) => {
  assert.is((await makeTeamSkill(ctx)).status, 200);
  assert.is((await register(ctx, '钱一', ctx.ship, '船舶一队')).status, 303); // stored: 船舶一队 has 1 member
  await ctx.organizer.get(`/events/${ctx.eventId}/registration/import`);
  let response = await upload(ctx, [
    sheetRow('张伟', '男', '船舶修造公司', 1, '焊工', '船舶一队'), // row 2: 2nd member
    sheetRow('王芳', '女', '定海供电公司', 2, '焊工', '船舶一队'), // row 3: another organization's team
    sheetRow('李强', '男', '船舶修造公司', 3, '焊工', '船舶一队'), // row 4: 3rd member
    sheetRow('赵刚', '男', '船舶修造公司', 4, '焊工', '船舶一队'), // row 5: a 4th: full
    sheetRow('周敏', '女', '新港物流公司', 5, '焊工', ''), // row 6: no team
    sheetRow('孙杰', '男', '船舶修造公司', 6, '数控车工', '船舶一队'), // row 7: CNC turning has no teams
  ]);
  assert.is(response.status, 422);
  const refused = textOf(await response.text());
  assert.match(refused, '3 Team The team 船舶一队 belongs to another organization.');
  assert.match(refused, '5 Team The team 船舶一队 has 3 members already.');
  assert.match(refused, '6 Team A team skill: name the contestant\'s team.');
  assert.match(refused, '7 Team 数控车工 is not a team skill: leave the team empty.');
  assert.is(await ctx.target.db.contestant.count(), 1, 'nothing imported');

  response = await upload(ctx, [
    sheetRow('张伟', '男', '船舶修造公司', 1, '焊工', '船舶一队'),
    sheetRow('王芳', '女', '定海供电公司', 2, '焊工', '供电一队'),
    sheetRow('李强', '男', '船舶修造公司', 3, '焊工', '船舶一队'),
    sheetRow('周敏', '女', '新港物流公司', 5, '焊工', '新港一队'), // a new organization's new team
    sheetRow('吴昊', '男', '新港物流公司', 7, '焊工', ' 新港一队'),
    sheetRow('孙杰', '男', '船舶修造公司', 6, '数控车工', ''),
  ]);
  const html = await response.text();
  assert.is(response.status, 200, textOf(html).slice(0, 600));
  const pendingId = /name="pendingId" value="([^"]+)"/.exec(html)![1]!;
  assert.is((await ctx.organizer.post(`/events/${ctx.eventId}/registration/import/confirm`, { pendingId })).status, 303);
  const newport = await ctx.target.db.organization.findFirstOrThrow({ where: { name: '新港物流公司' } });
  assert.equal(await teamRows(ctx), [
    ['供电一队', ctx.power, ['王芳']],
    ['新港一队', newport.id, ['吴昊', '周敏'].sort()],
    ['船舶一队', ctx.ship, ['张伟', '李强', '钱一'].sort()],
  ]);
  assert.is(await ctx.target.db.team.count({ where: { importBatch: { not: null } } }), 0, 'the import finished: no batch marks left');
  // The registration list exports the team column, which imports back.
  const list = await (await ctx.organizer.get(`/events/${ctx.eventId}/registration.csv`)).text();
  assert.match(list, /\n张伟,male,船舶修造公司,\d{17}[\dX],,焊工,none,\d+,船舶一队,\r/);
});

teams('a delegation leader puts the organization\'s contestants in its teams through the private link, and only in its own', async (ctx) => {
  assert.is((await makeTeamSkill(ctx)).status, 200);
  assert.is((await register(ctx, '王芳', ctx.power, '供电一队')).status, 303);
  const account = await ctx.target.db.account.findFirstOrThrow({ where: { username: 'organizer' } });
  const link = await issueDelegationLink(ctx.target.db, ctx.ship, new Date(Date.now() + 86_400_000), account.id);
  assert.ok(link.ok);
  const base = `/d/${link.ok ? link.value : ''}`;
  const leader = new TestClient(ctx.target, EN);
  const form = await (await leader.get(base)).text();
  assert.match(form, `name="team_${ctx.welding}"`);
  assert.not.match(form, '供电一队', 'another organization\'s teams are not offered');
  const add = (name: string, n: number, team: string) => leader.post(`${base}/contestants`, {
    name, gender: 'male', organizationId: String(ctx.power), idNumber: idNumber('19920202', 2 * n + 1), phone: '', skillLevel: '',
    'entries.0.skillId': String(ctx.welding), [`team_${ctx.welding}`]: team,
  });
  let response = await add('张伟', 1, '供电一队');
  assert.is(response.status, 422, 'the link\'s organization, whatever the form says, cannot join another\'s team');
  assert.match(await response.text(), 'The team 供电一队 belongs to another organization.');
  assert.is((await add('张伟', 1, '船舶一队')).status, 303);
  await leader.get(base);
  assert.is((await add('李强', 2, '船舶一队')).status, 303);
  const page = await (await leader.get(base)).text();
  assert.match(page, '焊工<span class="muted"> · 船舶一队</span>');
  assert.match(page, '<option value="船舶一队">船舶修造公司 · 2 members</option>');
  assert.equal(await teamRows(ctx), [['供电一队', ctx.power, ['王芳']], ['船舶一队', ctx.ship, ['张伟', '李强'].sort()]]);

  // Editing keeps the team unless changed; the edit form shows it.
  const zhang = await ctx.target.db.contestant.findFirstOrThrow({ where: { name: '张伟' } });
  const edit = await (await leader.get(`${base}/contestants/${zhang.id}/edit`)).text();
  assert.match(edit, new RegExp(`name="team_${ctx.welding}" value="船舶一队"`));
  response = await leader.post(`${base}/contestants/${zhang.id}/edit`, {
    name: '张伟', gender: 'male', idNumber: '', phone: '', skillLevel: '', 'entries.0.skillId': String(ctx.welding), [`team_${ctx.welding}`]: '船舶二队',
  });
  assert.is(response.status, 303);
  assert.equal(await teamRows(ctx), [['供电一队', ctx.power, ['王芳']], ['船舶一队', ctx.ship, ['李强']], ['船舶二队', ctx.ship, ['张伟']]]);
});

teams.run();

/**
 * Team results from the welding fixture of test/support/results.ts (totals 张伟 100, 李强 75,
 * 王芳 50): teams 船舶一队 = 张伟 + 李强 (舟山船舶修造) and 机电一队 = 王芳 (定海机电).
 */
interface ResultsContext { target: TestApp; fixture: ResultsFixture; organizer: TestClient }
const results = suite<ResultsContext>('team skills: results, publication, public page', {} as ResultsContext);
results.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.fixture = await lockedFixture(ctx.target.db);
  ctx.organizer = await organizerClient(ctx.target);
});
results.after.each(async (ctx) => { await ctx.target.close(); });

async function formTeams(db: TestApp['db'], f: ResultsFixture, scoring: 'sum' | 'mean') {
  await db.skill.update({ where: { id: f.skillId }, data: { teamSkill: true, teamSizeMin: 1, teamScoring: scoring } });
  const [shipyard, electrics] = await Promise.all(f.organizations.map((name) => db.organization.findFirstOrThrow({ where: { eventId: f.eventId, name } })));
  const entry = (name: string) => db.entry.findFirstOrThrow({ where: { skillId: f.skillId, contestant: { name } } });
  const ship = await db.team.create({ data: { skillId: f.skillId, organizationId: shipyard!.id, name: '船舶一队' } });
  const power = await db.team.create({ data: { skillId: f.skillId, organizationId: electrics!.id, name: '机电一队' } });
  for (const [name, team] of [['张伟', ship], ['李强', ship], ['王芳', power]] as const) {
    await db.teamMember.create({ data: { entryId: (await entry(name)).id, teamId: team.id } });
  }
}

results('the preview ranks the teams by the sum of their members, states the rule, and awards no team prize', async (ctx) => {
  const f = ctx.fixture;
  const individual = await (await ctx.organizer.get(`/skills/${f.skillId}/results`)).text();
  assert.not.match(individual, 'data-testid="team-results"', 'an individual skill has no team ranking');
  await formTeams(ctx.target.db, f, 'sum');
  const html = await (await ctx.organizer.get(`/skills/${f.skillId}/results`)).text();
  const table = byTestId(html, 'team-results');
  assert.match(textOf(table), 'Team ranking (sum of the members)');
  // 100 + 75 = 175.00; 50 = 50.00.
  assert.is(textOf(byTestId(html, 'team-船舶一队')), '1 船舶一队 舟山船舶修造有限公司 张伟 001 100.00 李强 002 75.00 175.00');
  assert.is(textOf(byTestId(html, 'team-机电一队')), '2 机电一队 定海机电设备有限公司 王芳 003 50.00 50.00');
  const rule = textOf(byTestId(html, 'team-rule'));
  assert.match(rule, 'Team score: the sum of the members’ totals as published; a member who did not compete counts 0.');
  assert.match(rule, 'Teams are ranked, not awarded: prizes and titles go to individual contestants');

  // 李强 withdrew: he counts 0, the mean divides by both members: (100 + 0) / 2 = 50.00, level with 机电一队 (50 / 1).
  await ctx.target.db.skill.update({ where: { id: f.skillId }, data: { teamScoring: 'mean' } });
  await ctx.target.db.entry.updateMany({ where: { skillId: f.skillId, contestant: { name: '李强' } }, data: { status: 'withdrawn' } });
  const mean = await (await ctx.organizer.get(`/skills/${f.skillId}/results`)).text();
  assert.match(textOf(byTestId(mean, 'team-results')), 'Team ranking (mean of the members)');
  assert.is(textOf(byTestId(mean, 'team-船舶一队')), '1 船舶一队 舟山船舶修造有限公司 张伟 001 100.00 李强 002 — Withdrawn 50.00');
  assert.is(textOf(byTestId(mean, 'team-机电一队')), '1 机电一队 定海机电设备有限公司 王芳 003 50.00 50.00');
});

results('before the lock the team ranking names no team, organization or member', async (ctx) => {
  const f = ctx.fixture;
  await formTeams(ctx.target.db, f, 'sum');
  await ctx.target.db.round.update({ where: { id: f.roundId }, data: { lockedAt: null } });
  const html = await (await ctx.organizer.get(`/skills/${f.skillId}/results`)).text();
  const table = byTestId(html, 'team-results');
  for (const secret of ['船舶一队', '机电一队', ...f.names, ...f.organizations]) assert.not.match(table, secret);
  // Members by code, in bib order (张伟 001, 李强 002): 100 + 75 = 175.00.
  assert.is(textOf(byTestId(html, 'team-1')), `1 ${f.codes.张伟} 100.00 ${f.codes.李强} 75.00 175.00`);
});

results('the publication freezes the team ranking; the public page shows it; a version published before teams still renders', async (ctx) => {
  const f = ctx.fixture;
  assert.is(await publishWelding(ctx.target.db, f), 1);
  await formTeams(ctx.target.db, f, 'sum');
  assert.is(await publishWelding(ctx.target.db, f, { changeNote: '按团体项目重新公示' }), 2);
  const stored = await ctx.target.db.publication.findMany({ orderBy: { version: 'asc' } });
  const [v1, v2] = stored.map((p) => JSON.parse(p.snapshot) as ResultsSnapshot);
  assert.is(v1!.teams, undefined, 'version 1 knew no teams');
  assert.equal(v2!.teams!.ranking.map((t) => [t.rank, t.name, t.organizationName, t.score, t.members.map((m) => [m.bib, m.total])]), [
    [1, '船舶一队', '舟山船舶修造有限公司', 175, [['001', 100], ['002', 75]]],
    [2, '机电一队', '定海机电设备有限公司', 50, [['003', 50]]],
  ]);
  // Changing the teams now changes the preview, never the publication.
  await ctx.target.db.teamMember.deleteMany({});
  const organizerView = await (await ctx.organizer.get(`/skills/${f.skillId}/publications/2`)).text();
  assert.is(textOf(byTestId(organizerView, 'team-船舶一队')), '1 船舶一队 舟山船舶修造有限公司 张伟 001 100.00 李强 002 75.00 175.00');

  const visitor = new TestClient(ctx.target, { 'accept-language': 'zh-CN' });
  const page = await (await visitor.get(`/public/skills/${f.skillId}`)).text();
  assert.match(textOf(byTestId(page, 'team-results')), '团体名次 （队员成绩之和）');
  assert.is(textOf(byTestId(page, 'team-机电一队')), '2 机电一队 定海机电设备有限公司 王芳 003 50.00 50.00');
  assert.match(textOf(byTestId(page, 'team-rule')), '团体只排名次，不另设奖项；奖项和称号按上述规则授予个人。');
  const old = await visitor.get(`/public/skills/${f.skillId}/versions/1`);
  assert.is(old.status, 200);
  const oldHtml = await old.text();
  assert.not.match(oldHtml, 'team-results');
  assert.match(oldHtml, 'public-result-001');
});

results('the team sheet exports the ranking with each member\'s total, from the preview and from a publication', async (ctx) => {
  const f = ctx.fixture;
  assert.is((await ctx.organizer.get(`/skills/${f.skillId}/team-results.xlsx`)).status, 404, 'an individual skill has no team sheet');
  await formTeams(ctx.target.db, f, 'sum');
  const preview = await (await ctx.organizer.get(`/skills/${f.skillId}/results`)).text();
  assert.match(preview, `href="/skills/${f.skillId}/team-results.xlsx"`);
  const xlsx = await ctx.organizer.get(`/skills/${f.skillId}/team-results.xlsx`);
  assert.is(xlsx.status, 200);
  const rows = await readSheetFile(new Uint8Array(await xlsx.arrayBuffer()), 'teams.xlsx', { maxRows: 100, maxColumns: 20 });
  assert.equal(rows, [
    ['Rank', 'Team', 'Organization', 'Team score', 'Members competing', 'Members and totals'],
    [1, '船舶一队', '舟山船舶修造有限公司', 175, 2, '张伟 (001) 100.00; 李强 (002) 75.00'],
    [2, '机电一队', '定海机电设备有限公司', 50, 1, '王芳 (003) 50.00'],
  ]);
  // Published, then the teams change: the file is the publication's.
  await publishWelding(ctx.target.db, f);
  await ctx.target.db.teamMember.deleteMany({});
  const csv = await (await ctx.organizer.get(`/skills/${f.skillId}/team-results.csv`)).text();
  assert.match(csv, '1,船舶一队,舟山船舶修造有限公司,175,2,张伟 (001) 100.00; 李强 (002) 75.00');
  assert.match(csv, '2,机电一队,定海机电设备有限公司,50,1,王芳 (003) 50.00');
});

results.run();

const api = apiSuite('team skills through the API');

api('settings make a team skill; contestants name their teams; the problems name the entry\'s team field', async ({ target, token }) => {
  const { eventId, skillId, skill } = await eventWithSkill(target, token);
  const settings = { ...skill.settings, teamSkill: true, teamSizeMin: 2, teamSizeMax: 2, teamScoring: 'mean' };
  const saved = await call(target, token, 'PUT', `/api/v1/skills/${skillId}/settings`, settings);
  assert.is(saved.status, 200);
  const detail = await call(target, token, 'GET', `/api/v1/skills/${skillId}`);
  assert.equal([detail.json.settings.teamSkill, detail.json.settings.teamSizeMax, detail.json.settings.teamScoring], [true, 2, 'mean']);
  const bad = await call(target, token, 'PUT', `/api/v1/skills/${skillId}/settings`, { ...settings, teamSizeMax: 1 });
  assert.is(bad.status, 422);

  const org = async (name: string) => (await call(target, token, 'POST', `/api/v1/events/${eventId}/organizations`, { name })).json.id as number;
  const [ship, power] = [await org('船舶修造公司'), await org('定海供电公司')];
  const person = (name: string, organizationId: number, team: string | undefined, n: number) => ({
    name, gender: 'male', organizationId, idNumber: idNumber('19900101', 2 * n + 1), phone: '', skillLevel: '', entries: [{ skillId, bib: '', ...(team === undefined ? {} : { team }) }],
  });
  const created = await call(target, token, 'POST', `/api/v1/events/${eventId}/contestants`, person('张伟', ship, '船舶一队', 1));
  assert.is(created.status, 201);
  assert.is(created.json.entries[0].team, '船舶一队');
  let refused = await call(target, token, 'POST', `/api/v1/events/${eventId}/contestants`, person('王芳', power, '船舶一队', 2));
  assert.is(refused.status, 422);
  assert.equal(refused.json.error.problems.map((p: { field: string; code: string }) => [p.field, p.code]), [['entries.0.team', 'team.error.otherOrganization']]);
  refused = await call(target, token, 'POST', `/api/v1/events/${eventId}/contestants`, person('王芳', power, undefined, 2));
  assert.equal(refused.json.error.problems.map((p: { field: string; code: string }) => [p.field, p.code]), [['entries.0.team', 'team.error.required']]);
  assert.is((await call(target, token, 'POST', `/api/v1/events/${eventId}/contestants`, person('李强', ship, '船舶一队', 3))).status, 201);
  refused = await call(target, token, 'POST', `/api/v1/events/${eventId}/contestants`, person('赵刚', ship, '船舶一队', 4));
  assert.equal(refused.json.error.problems.map((p: { field: string; code: string }) => [p.field, p.code]), [['entries.0.team', 'team.error.full']]);

  const doc = (await call(target, token, 'GET', '/api/openapi.json')).json;
  const entry = JSON.stringify(doc.components.schemas.Entry);
  assert.match(entry, 'team');
  assert.match(JSON.stringify(doc.components.schemas.ContestantInput), 'a new name makes a team');
});

api.run();
