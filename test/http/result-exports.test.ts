import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// First: the app loads the API's zod-openapi extension before any schema is built.
import { freshApp, type TestApp } from '../support/app.ts';
import { createApiToken } from '../../src/api/tokens.ts';
import type { Role } from '../../src/auth/roles.ts';
import { call } from '../support/api.ts';
import { createAccount } from '../support/fixtures.ts';
import type { TestClient } from '../support/client.ts';
import { byTestId, judgeClient, organizerClient, textOf } from '../support/desk.ts';
import { lockWelding, markedFixture, publishWelding, topNTitles, type ResultsFixture } from '../support/results.ts';
import { readSheetFile } from '../../src/events/scheme-files.ts';

interface Context {
  target: TestApp;
  fixture: ResultsFixture;
  organizer: TestClient;
}

/**
 * The welding fixture (test/support/results.ts) with titles for the top 2 only, so that 王芳
 * (rank 3, no prize) gets nothing: 张伟 second prize + 技术能手 + promotion, 李强 third prize +
 * 技术能手, 王芳 neither.
 */
const files = suite<Context>('result exports, notice, certificates and the results API', {} as Context);
files.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.fixture = await markedFixture(ctx.target.db);
  await ctx.target.db.skill.update({ where: { id: ctx.fixture.skillId }, data: topNTitles(2) });
  ctx.organizer = await organizerClient(ctx.target);
});
files.after.each(async (ctx) => { await ctx.target.close(); });

const csvText = async (response: Response) => {
  const bytes = new Uint8Array(await response.arrayBuffer());
  assert.equal([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  return new TextDecoder().decode(bytes.slice(3));
};

files('CSV and XLSX: codes only before the lock, the publication after, older versions on request', async (ctx) => {
  const f = ctx.fixture;
  const hidden = await ctx.organizer.get(`/skills/${f.skillId}/results.csv`);
  assert.is(hidden.status, 200);
  assert.match(hidden.headers.get('content-type') ?? '', 'text/csv');
  const hiddenText = await csvText(hidden);
  for (const name of f.names) assert.not.match(hiddenText, name, `no ${name} before the lock`);
  assert.equal(hiddenText.split('\r\n')[1], `1,${f.codes.张伟},40,100,Second prize,Technical expert (技术能手),Senior worker (高级工) → Technician (技师),Competed`);

  await lockWelding(ctx.target.db, f);
  await publishWelding(ctx.target.db, f);
  const csv = await ctx.organizer.get(`/skills/${f.skillId}/results.csv`);
  assert.match(decodeURIComponent(csv.headers.get('content-disposition') ?? ''), '焊工-results-v1.csv');
  assert.equal((await csvText(csv)).split('\r\n'), [
    'Rank,Bib,Name,Organization,实际操作 (100%),Total,Prize,Title,Promotion,Status',
    '1,001,张伟,舟山船舶修造有限公司,40,100,Second prize,Technical expert (技术能手),Senior worker (高级工) → Technician (技师),Competed',
    '2,002,李强,舟山船舶修造有限公司,30,75,Third prize,Technical expert (技术能手),,Competed',
    '3,003,王芳,定海机电设备有限公司,20,50,,,,Competed',
    '',
  ]);

  // Chinese header for a Chinese organizer.
  const zh = await organizerClient(ctx.target, 'zh-CN');
  const zhText = await csvText(await zh.get(`/skills/${f.skillId}/results.csv`));
  assert.match(zhText.split('\r\n')[0]!, /^名次,参赛证号,姓名,/);

  const xlsx = await ctx.organizer.get(`/skills/${f.skillId}/results.xlsx`);
  assert.is(xlsx.status, 200);
  const rows = await readSheetFile(new Uint8Array(await xlsx.arrayBuffer()), 'results.xlsx');
  assert.equal(rows[0], ['Rank', 'Bib', 'Name', 'Organization', '实际操作 (100%)', 'Total', 'Prize', 'Title', 'Promotion', 'Status']);
  assert.equal(rows[1], [1, '001', '张伟', '舟山船舶修造有限公司', 40, 100, 'Second prize', 'Technical expert (技术能手)', 'Senior worker (高级工) → Technician (技师)', 'Competed']);
  assert.equal(rows[3], [3, '003', '王芳', '定海机电设备有限公司', 20, 50, null, null, null, 'Competed']);
  for (const secret of [...f.idNumbers, ...f.phones]) assert.not.match(JSON.stringify(rows), secret);

  // A second version; ?version=1 still gives the first.
  await ctx.target.db.skill.update({ where: { id: f.skillId }, data: topNTitles(3) });
  await publishWelding(ctx.target.db, f, { changeNote: 'titles for the top 3' });
  const v2 = await csvText(await ctx.organizer.get(`/skills/${f.skillId}/results.csv`));
  assert.match(v2, '3,003,王芳,定海机电设备有限公司,20,50,,Technical expert (技术能手),,Competed');
  const v1 = await csvText(await ctx.organizer.get(`/skills/${f.skillId}/results.csv?version=1`));
  assert.match(v1, '3,003,王芳,定海机电设备有限公司,20,50,,,,Competed');
  assert.is((await ctx.organizer.get(`/skills/${f.skillId}/results.csv?version=9`)).status, 404);
});

files('the result notice and the certificates name the winners only, in Chinese and English', async (ctx) => {
  const f = ctx.fixture;
  assert.is((await ctx.organizer.get(`/skills/${f.skillId}/notice`)).status, 404, 'nothing published yet');
  assert.is((await ctx.organizer.get(`/skills/${f.skillId}/certificates`)).status, 404);
  await lockWelding(ctx.target.db, f);
  await publishWelding(ctx.target.db, f);

  const zh = await organizerClient(ctx.target, 'zh-CN');
  const notice = await (await zh.get(`/skills/${f.skillId}/notice`)).text();
  const noticeText = textOf(notice);
  assert.match(noticeText, '焊工 成绩公示表');
  assert.match(noticeText, '2026年定海区职工技能大比武');
  assert.match(noticeText, '第 1 版');
  assert.match(textOf(byTestId(notice, 'notice-period')), /^公示期：.+至.+/);
  assert.match(textOf(byTestId(notice, 'notice-001')), /^1 001 张伟 舟山船舶修造有限公司 40\.00 100\.00 二等奖 技术能手/);
  assert.match(textOf(byTestId(notice, 'notice-003')), /^3 003 王芳 定海机电设备有限公司 20\.00 50\.00$/);
  assert.match(textOf(byTestId(notice, 'notice-appeal')), '仲裁委员会');
  assert.match(noticeText, '裁判长（签字）');
  assert.match(noticeText, '大赛组委会（盖章）');
  assert.match(notice, 'data-testid="prize-rule"');
  for (const secret of [...f.idNumbers, ...f.phones]) assert.not.match(notice, secret);

  const certZh = await (await zh.get(`/skills/${f.skillId}/certificates?lang=zh-CN`)).text();
  assert.match(textOf(byTestId(certZh, 'cert-001')), /荣誉证书 兹证明 张伟 同志（舟山船舶修造有限公司） 在2026年定海区职工技能大比武焊工项目竞赛中，成绩优异，荣获 二等奖 并被授予“技术能手”称号/);
  assert.match(textOf(byTestId(certZh, 'cert-002')), '三等奖');
  assert.not.match(certZh, '王芳', 'no certificate without a prize or title');
  assert.match(certZh, 'class="cert-page"');

  // English certificates from a Chinese screen, without changing the screen's language.
  const certEn = await zh.get(`/skills/${f.skillId}/certificates?lang=en`);
  assert.is(certEn.status, 200, 'no redirect: the language is the certificate\'s');
  const en = await certEn.text();
  const first = textOf(byTestId(en, 'cert-001'));
  assert.match(first, 'Certificate of Award This is to certify that Zhang Wei of 舟山船舶修造有限公司, in the Welding competition of 2026年定海区职工技能大比武, has been awarded Second Prize and the title of Technical Expert');
  assert.match(first, 'Organizing Committee, 2026年定海区职工技能大比武');
  // Numbered as certificates are (year, the skill's number in the event, place in the list), not by database ids.
  const year = (await ctx.target.db.publication.findFirstOrThrow({ where: { skillId: f.skillId } })).publishedAt.getFullYear();
  assert.match(first, `Certificate No. ${year}-01-001`);
  assert.match(textOf(byTestId(en, 'cert-002')), `Certificate No. ${year}-01-002`);
  assert.match(first, 'Organizing Committee, 2026年定海区职工技能大比武 (Seal)');
  assert.not.match(en, 'Signature', 'an honour certificate carries a seal, not a signature line');
  assert.match(textOf(byTestId(en, 'cert-002')), 'Third Prize');
  assert.not.match(en, '王芳');
  assert.is(certEn.headers.get('set-cookie'), null, 'the screen language is not remembered');

  // A title holder without a prize gets the title as the award.
  await ctx.target.db.skill.update({ where: { id: f.skillId }, data: topNTitles(3) });
  await publishWelding(ctx.target.db, f, { changeNote: 'titles for the top 3' });
  const v2 = await (await ctx.organizer.get(`/skills/${f.skillId}/certificates?lang=en`)).text();
  assert.match(textOf(byTestId(v2, 'cert-003')), 'has been awarded the title of Technical Expert');
  assert.match(textOf(await (await ctx.organizer.get(`/skills/${f.skillId}/notice`)).text()), 'Changed from the previous version: titles for the top 3');
});

files('judges get 403 on every result file', async (ctx) => {
  const f = ctx.fixture;
  await lockWelding(ctx.target.db, f);
  await publishWelding(ctx.target.db, f);
  for (const number of [1, 4] as const) {
    const judge = await judgeClient(ctx.target, f, number);
    for (const file of ['results.csv', 'results.xlsx', 'notice', 'certificates', 'certificates?lang=en']) {
      assert.is((await judge.get(`/skills/${f.skillId}/${file}`)).status, 403, `J${number} ${file}`);
    }
  }
});

files('the results page links to the exports, and to the notice and certificates once published', async (ctx) => {
  const f = ctx.fixture;
  const before = byTestId(await (await ctx.organizer.get(`/skills/${f.skillId}/results`)).text(), 'result-files');
  assert.match(before, `/skills/${f.skillId}/results.xlsx`);
  assert.not.match(before, '/notice');
  await lockWelding(ctx.target.db, f);
  await publishWelding(ctx.target.db, f);
  const after = byTestId(await (await ctx.organizer.get(`/skills/${f.skillId}/results`)).text(), 'result-files');
  assert.match(after, `/skills/${f.skillId}/notice`);
  assert.match(after, `/skills/${f.skillId}/certificates?lang=en`);
});

files('JSON API: the public results appear with the publication, never with an ID number', async (ctx) => {
  const f = ctx.fixture;
  const url = `/api/v1/public/skills/${f.skillId}/results`;
  const before = await call(ctx.target, null, 'GET', url);
  assert.is(before.status, 404);
  assert.is((await call(ctx.target, null, 'GET', '/api/v1/public/skills/abc/results')).status, 400);
  assert.is((await call(ctx.target, null, 'GET', `/api/v1/skills/${f.skillId}/results`)).status, 401, 'the rest still needs a token');

  await lockWelding(ctx.target.db, f);
  await publishWelding(ctx.target.db, f);
  const after = await call(ctx.target, null, 'GET', url);
  assert.is(after.status, 200);
  assert.is(after.json.version, 1);
  assert.is(after.json.results.skill.name, '焊工');
  assert.equal(after.json.results.entries.map((e: { rank: number; bib: string; name: string; prize: number | null; titles: string[] }) => [e.rank, e.bib, e.name, e.prize, e.titles]), [
    [1, '001', '张伟', 2, ['技术能手']],
    [2, '002', '李强', 3, ['技术能手']],
    [3, '003', '王芳', null, []],
  ]);
  for (const secret of [...f.idNumbers, ...f.phones]) assert.not.match(after.text, secret, 'no ID or phone number');
  assert.not.match(after.text, 'publishedBy');
  assert.not.match(after.text, '"codes"');
});

files('JSON API: the organizer\'s preview and publications', async (ctx) => {
  const f = ctx.fixture;
  const token = await tokenFor(ctx.target, 'organizer', 'api-organizer');
  const hidden = await call(ctx.target, token, 'GET', `/api/v1/skills/${f.skillId}/results`);
  assert.is(hidden.status, 200);
  assert.is(hidden.json.revealed, false);
  assert.equal(hidden.json.entries[0].codes, [f.codes.张伟]);
  assert.is(hidden.json.entries[0].name, '');
  for (const name of f.names) assert.not.match(hidden.text, name);

  await lockWelding(ctx.target.db, f);
  const shown = await call(ctx.target, token, 'GET', `/api/v1/skills/${f.skillId}/results`);
  assert.is(shown.json.revealed, true);
  assert.is(shown.json.entries[0].name, '张伟');
  assert.is(shown.json.entries[0].total, 100);
  assert.equal(shown.json.entries[0].promotion, { from: 'senior', to: 'technician', rule: 0 });

  assert.equal((await call(ctx.target, token, 'GET', `/api/v1/skills/${f.skillId}/publications`)).json, []);
  await publishWelding(ctx.target.db, f);
  const list = await call(ctx.target, token, 'GET', `/api/v1/skills/${f.skillId}/publications`);
  assert.is(list.json.length, 1);
  assert.is(list.json[0].version, 1);
  const one = await call(ctx.target, token, 'GET', `/api/v1/skills/${f.skillId}/publications/1`);
  assert.is(one.status, 200);
  assert.is(one.json.results.entries[1].name, '李强');
  assert.is((await call(ctx.target, token, 'GET', `/api/v1/skills/${f.skillId}/publications/2`)).status, 404);
  assert.is((await call(ctx.target, token, 'GET', '/api/v1/skills/9999/results')).status, 404);

  const judgeToken = await tokenFor(ctx.target, 'judge', 'api-judge');
  assert.is((await call(ctx.target, judgeToken, 'GET', `/api/v1/skills/${f.skillId}/publications`)).status, 403);
});

files('the OpenAPI document lists the results paths, the public one without security', async (ctx) => {
  const document = JSON.parse(await (await ctx.target.app.request('/api/openapi.json')).text());
  for (const p of ['/api/v1/skills/{id}/results', '/api/v1/skills/{id}/publications', '/api/v1/skills/{id}/publications/{version}', '/api/v1/public/skills/{id}/results']) {
    assert.ok(document.paths[p]?.get, `${p} documented`);
  }
  assert.equal(document.paths['/api/v1/public/skills/{id}/results'].get.security, []);
  assert.ok(document.components.schemas.PublicResults);
});

/** A token for a new account (the fixture's own organizer is signed in through the form). */
async function tokenFor(target: TestApp, role: Role, username: string): Promise<string> {
  const account = await createAccount(target.db, { username, password: 'a-long-password', role });
  return (await createApiToken(target.db, account.id, `${role} integration`)).token;
}

files.run();
