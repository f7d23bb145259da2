import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshApp, type TestApp } from '../support/app.ts';
import { acceptSpread, lockRound } from '../../src/desk/commands.ts';
import { signSheet } from '../../src/judging/commands.ts';
import type { TestClient } from '../support/client.ts';
import {
  byTestId, judgeClient, judgingFixture, mark, markAndSignAll, notScored, organizerClient, scored, textOf, type JudgingFixture,
} from '../support/desk.ts';

interface Context {
  target: TestApp;
  fixture: JudgingFixture;
  chief: TestClient;
}

const sheets = suite<Context>('score sheets and mark details', {} as Context);
sheets.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.fixture = await judgingFixture(ctx.target.db);
  ctx.chief = await judgeClient(ctx.target, ctx.fixture, 4);
});
sheets.after.each(async (ctx) => { await ctx.target.close(); });

const sheetsUrl = (f: JudgingFixture) => `/rounds/${f.roundId}/score-sheets`;
const detailsUrl = (f: JudgingFixture, format: 'csv' | 'xlsx' = 'csv') => `/skills/${f.skillId}/mark-details.${format}`;

/**
 * Every judge marks and signs. P1 levels: 张伟 3/3/2, 李强 2/2/0 (spread 2: flagged), 王芳 –/2/2
 * (J1 recused); P2 occurrences: J1 and J2 none, J3 "not scored" for 张伟, 1 for 李强, 0 for 王芳.
 */
async function marked(ctx: Context) {
  const { db } = ctx.target;
  const f = ctx.fixture;
  const { 张伟: zhang, 李强: li, 王芳: wang } = f.codes;
  await markAndSignAll(db, f, 1, { [zhang]: 3 });
  await markAndSignAll(db, f, 2, { [zhang]: 3 });
  await mark(db, f, 3, [
    { code: zhang, aspectId: f.judgementId, mark: scored(2) }, { code: zhang, aspectId: f.deductionId, mark: notScored },
    { code: li, aspectId: f.judgementId, mark: scored(0) }, { code: li, aspectId: f.deductionId, mark: scored(1) },
    { code: wang, aspectId: f.judgementId, mark: scored(2) }, { code: wang, aspectId: f.deductionId, mark: scored(0) },
  ]);
  for (const code of [zhang, li, wang]) assert.ok((await signSheet(db, f.judges[3], f.roundId, code, f.judges[3].pin)).ok);
}

/** The chief judge accepts 李强's spread and locks the round. */
async function locked(ctx: Context) {
  const { db } = ctx.target;
  const f = ctx.fixture;
  const chair = { accountId: f.judges[4].accountId };
  assert.ok((await acceptSpread(db, chair, f.roundId, { code: f.codes.李强, aspectId: f.judgementId, reason: '复核后认可' })).ok);
  assert.ok((await lockRound(db, chair, f.roundId)).ok);
}

const csvLines = async (response: Response) => (await response.text()).replace(/^\uFEFF/, '').trim().split('\r\n');

/** The expected rows of the mark details (codes in ascending order), names inserted after the code when given. */
function expectedDetails(f: JudgingFixture, flagLi: string, names?: Record<string, string>): string[] {
  const { 张伟: zhang, 李强: li, 王芳: wang } = f.codes;
  const rows: Record<string, string[]> = {
    [zhang]: [
      'P1,焊缝成形,30,J1,Scored,3,30,26.67,1,', 'P1,焊缝成形,30,J2,Scored,3,30,26.67,1,', 'P1,焊缝成形,30,J3,Scored,2,20,26.67,1,',
      'P2,安全文明生产,10,J1,Scored,0,10,10,,', 'P2,安全文明生产,10,J2,Scored,0,10,10,,', 'P2,安全文明生产,10,J3,Not scored,,,10,,',
    ],
    [li]: [
      `P1,焊缝成形,30,J1,Scored,2,20,13.33,2,${flagLi}`, `P1,焊缝成形,30,J2,Scored,2,20,13.33,2,${flagLi}`, `P1,焊缝成形,30,J3,Scored,0,0,13.33,2,${flagLi}`,
      'P2,安全文明生产,10,J1,Scored,0,10,9.33,,', 'P2,安全文明生产,10,J2,Scored,0,10,9.33,,', 'P2,安全文明生产,10,J3,Scored,1,8,9.33,,',
    ],
    [wang]: [
      'P1,焊缝成形,30,J1,Recused,,,20,0,', 'P1,焊缝成形,30,J2,Scored,2,20,20,0,', 'P1,焊缝成形,30,J3,Scored,2,20,20,0,',
      'P2,安全文明生产,10,J1,Recused,,,10,,', 'P2,安全文明生产,10,J2,Scored,0,10,10,,', 'P2,安全文明生产,10,J3,Scored,0,10,10,,',
    ],
  };
  return f.sortedCodes.flatMap((code) => rows[code]!.map((rest) => `实际操作,${code},${names ? `${names[code]},` : ''}Competing,P 焊接质量,${rest}`));
}

const HEADER = 'Round,Code,Entry status,Criterion,Aspect,Aspect name,Max,Judge,State,Value,Points,Aspect points,Spread,Spread flag';
const NAMED_HEADER = 'Round,Code,Bib,Name,Organization,Entry status,Criterion,Aspect,Aspect name,Max,Judge,State,Value,Points,Aspect points,Spread,Spread flag';

sheets('before the lock: a DRAFT sheet per code with every aspect, every judge\'s marks and the signature lines, never a name', async (ctx) => {
  const f = ctx.fixture;
  await marked(ctx);
  const response = await ctx.chief.get(sheetsUrl(f));
  assert.is(response.status, 200);
  assert.is(response.headers.get('cache-control'), 'no-store');
  const html = await response.text();
  for (const name of [...f.names, ...f.organizations]) assert.not.match(html, name, `no ${name} on the sheets`);
  assert.equal([...html.matchAll(/data-testid="sheet-(\d+)"/g)].map((m) => m[1]), f.sortedCodes, 'one sheet per code, in code order');
  assert.is([...html.matchAll(/data-testid="draft"/g)].length, 3, 'the draft line on every sheet');
  assert.match(html, 'DRAFT — round not locked');
  assert.not.match(html, '<style');

  const { 张伟: zhang, 李强: li, 王芳: wang } = f.codes;
  const sheet = byTestId(html, `sheet-${zhang}`);
  assert.match(textOf(sheet), `Code: ${zhang}`);
  assert.match(textOf(sheet), 'Skill: 焊工 Round: 实际操作');
  assert.match(textOf(byTestId(sheet, `row-${zhang}-P1`)), /^P1 焊缝成形 Judgement 30 3 30\.00 3 30\.00 2 20\.00 26\.67$/);
  assert.is(textOf(byTestId(sheet, `row-${zhang}-P2`)), 'P2 安全文明生产 Deduction 10 0 10.00 0 10.00 Not scored 10.00');
  assert.match(byTestId(sheet, `mark-${zhang}-P2-J3`), 'data-state="not_scored"');
  assert.is(textOf(byTestId(sheet, `total-${zhang}`)), '36.67');
  assert.is(textOf(byTestId(sheet, `judge-total-${zhang}-J1`)), '40.00');
  assert.is(textOf(byTestId(sheet, `judge-total-${zhang}-J3`)), '20.00', '"not scored" counts 0 in the judge\'s column');
  for (const judge of [1, 2, 3]) {
    assert.match(textOf(byTestId(sheet, `signature-${zhang}-J${judge}`)), new RegExp(`^Judge J${judge} signature: signed on the tablet `));
  }
  assert.is(textOf(byTestId(sheet, `signature-${zhang}-chief`)), 'Chief judge signature: Date:');
  // The flagged spread shows on the sheet; the recused judge signs nothing for 王芳.
  assert.match(textOf(byTestId(html, `points-${li}-P1`)), '13.33 spread 2 above the limit');
  assert.is(textOf(byTestId(html, `mark-${wang}-P1-J1`)), 'Recused');
  assert.is(textOf(byTestId(html, `signature-${wang}-J1`)), 'J1: recused, does not mark this code');
  assert.is(textOf(byTestId(html, `judge-total-${wang}-J1`)), '/', 'nothing to add up for a recused judge');
  assert.is(textOf(byTestId(html, `judge-total-${wang}-J3`)), '30.00');
  assert.match(textOf(byTestId(html, `signature-${wang}-J2`)), /^Judge J2 signature:/);

  // One code only, on request; an unknown code is not found.
  const one = await (await ctx.chief.get(`${sheetsUrl(f)}?code=${li}`)).text();
  assert.equal([...one.matchAll(/data-testid="sheet-(\d+)"/g)].map((m) => m[1]), [li]);
  assert.match(one, 'Sheet 1 of 1');
  assert.is((await ctx.chief.get(`${sheetsUrl(f)}?code=nope`)).status, 404);
  assert.is((await ctx.chief.get('/rounds/999999/score-sheets')).status, 404);

  // In Chinese: the heading, the signature lines and the draft line.
  const zh = await judgeClient(ctx.target, f, 4, 'zh-CN');
  const zhHtml = await (await zh.get(sheetsUrl(f))).text();
  for (const text of ['评分表', 'J2 裁判签字：', '裁判长签字：', '日期：', '草稿 —— 本环节尚未锁定', '评分细则', '细则得分']) assert.match(zhHtml, text);
  for (const name of [...f.names, ...f.organizations]) assert.not.match(zhHtml, name);
});

sheets('after the lock: no DRAFT line, still codes only; the lock is printed', async (ctx) => {
  const f = ctx.fixture;
  await marked(ctx);
  await locked(ctx);
  for (const client of [ctx.chief, await organizerClient(ctx.target)]) {
    const response = await client.get(sheetsUrl(f));
    assert.is(response.status, 200);
    const html = await response.text();
    assert.not.match(html, 'data-testid="draft"');
    assert.not.match(html, 'DRAFT');
    assert.not.match(html, 'data-watermark');
    for (const name of [...f.names, ...f.organizations]) assert.not.match(html, name);
    assert.equal([...html.matchAll(/data-testid="sheet-(\d+)"/g)].map((m) => m[1]), f.sortedCodes);
    assert.match(textOf(byTestId(html, `sheet-${f.codes.张伟}`)), /Locked .* by 陈静/);
    assert.match(textOf(byTestId(html, `points-${f.codes.李强}-P1`)), '13.33 spread 2 accepted');
    assert.is(textOf(byTestId(html, `total-${f.codes.李强}`)), '22.67');
  }
});

sheets('a code that did not compete gets a sheet that says so', async (ctx) => {
  const { db } = ctx.target;
  const f = ctx.fixture;
  await db.entry.updateMany({ where: { contestant: { name: '王芳' } }, data: { status: 'dns' } });
  const html = await (await ctx.chief.get(sheetsUrl(f))).text();
  assert.is(textOf(byTestId(html, `out-${f.codes.王芳}`)), 'No marks: Absent.');
  assert.not.match(byTestId(html, `sheet-${f.codes.王芳}`), '<table');
  assert.match(byTestId(html, `sheet-${f.codes.张伟}`), '<table');
});

sheets('mark details: one row per code, aspect and judge, codes only before the lock and for the chief judge', async (ctx) => {
  const { db } = ctx.target;
  const f = ctx.fixture;
  await marked(ctx);
  const organizer = await organizerClient(ctx.target);

  const before = await organizer.get(detailsUrl(f));
  assert.is(before.status, 200);
  assert.match(before.headers.get('content-type') ?? '', 'text/csv');
  assert.match(before.headers.get('content-disposition') ?? '', /attachment; filename=".*\.csv"; filename\*=UTF-8''/);
  assert.equal(await csvLines(before), [HEADER, ...expectedDetails(f, 'Above the limit')], 'organizer before the lock: codes only');
  assert.is(await db.auditEntry.count({ where: { action: 'decrypt.export' } }), 0);

  await locked(ctx);
  const chief = await ctx.chief.get(`${detailsUrl(f)}?round=${f.roundId}`);
  assert.is(chief.status, 200);
  const chiefText = (await chief.clone().text());
  assert.equal(await csvLines(chief), [HEADER, ...expectedDetails(f, 'Accepted')], 'the chief judge after the lock: still codes only');
  for (const name of [...f.names, ...f.organizations]) assert.not.match(chiefText, name);
  assert.is(await db.auditEntry.count({ where: { action: 'decrypt.export' } }), 0);

  // The organizer, after the lock: bib, name and organization, and the export is on record.
  const names = {
    [f.codes.张伟]: `001,张伟,${f.organizations[0]}`,
    [f.codes.李强]: `002,李强,${f.organizations[0]}`,
    [f.codes.王芳]: `003,王芳,${f.organizations[1]}`,
  };
  // A GET, which any page could trigger cross-site, still gives codes only and records nothing.
  const viaGet = await organizer.get(detailsUrl(f));
  assert.equal(await csvLines(viaGet), [HEADER, ...expectedDetails(f, 'Accepted')], 'organizer after the lock, by GET: codes only');
  assert.is(await db.auditEntry.count({ where: { action: 'decrypt.export' } }), 0);
  await organizer.get(`/desk/rounds/${f.roundId}`); // the page with the button, and its CSRF token
  assert.match(organizer.lastHtml, 'data-testid="details-named"');
  const after = await organizer.post(detailsUrl(f), {});
  assert.equal(await csvLines(after), [NAMED_HEADER, ...expectedDetails(f, 'Accepted', names)]);
  const audit = await db.auditEntry.findFirstOrThrow({ where: { action: 'decrypt.export' } });
  assert.is(audit.accountId, f.organizerId);
  assert.is(audit.eventId, f.eventId);
  assert.is(audit.subject, '焊工 · 实际操作');
  assert.equal(JSON.parse(audit.details), { skillId: f.skillId, roundIds: [f.roundId], rows: 18, format: 'csv' });

  const xlsx = await organizer.post(detailsUrl(f, 'xlsx'), { round: String(f.roundId) });
  assert.is(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type') ?? '', 'spreadsheetml');
  assert.equal([...new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)], [0x50, 0x4b], 'a zip file');
  assert.is(await db.auditEntry.count({ where: { action: 'decrypt.export' } }), 2, 'every export with names is recorded');

  // In Chinese, the header follows the glossary (评分项 = criterion, 评分细则 = aspect).
  const zh = await organizerClient(ctx.target, 'zh-CN');
  const [zhHeader] = await csvLines(await zh.get(`/skills/${f.otherSkillId}/mark-details.csv`));
  assert.is(zhHeader, '赛项环节,加密号,参赛状态,评分项,细则代码,评分细则,分值,裁判,评分状态,评分,得分,细则得分,分差,分差标记');
});

sheets('a mark by a judge no longer assigned to the aspect is listed as not counted', async (ctx) => {
  const { db } = ctx.target;
  const f = ctx.fixture;
  await mark(db, f, 2, [{ code: f.codes.张伟, aspectId: f.judgementId, mark: scored(1) }]);
  await db.judgeAssignment.deleteMany({ where: { judgeId: f.judges[2].judgeId } });
  const lines = await csvLines(await ctx.chief.get(detailsUrl(f)));
  const zhang = lines.filter((l) => l.startsWith(`实际操作,${f.codes.张伟},`) && l.includes(',P1,'));
  assert.equal(zhang.map((l) => l.split(',').slice(7, 11).join(',')), ['J1,No mark yet,,', 'J3,No mark yet,,', 'J2,Not counted (judge not assigned),1,10']);
});

sheets('judges and other skills\' chief judges get 403; anonymous visitors are sent to sign in; the desk links here', async (ctx) => {
  const f = ctx.fixture;
  await marked(ctx);
  await locked(ctx);
  const paths = [sheetsUrl(f), detailsUrl(f), detailsUrl(f, 'xlsx')];
  for (const [who, client] of [['judge J2', await judgeClient(ctx.target, f, 2)], ['CNC chief judge', await judgeClient(ctx.target, f, 5)]] as const) {
    for (const path of paths) assert.is((await client.get(path)).status, 403, `${who}: GET ${path}`);
  }
  // Welding's chief judge has no business with the CNC skill.
  assert.is((await ctx.chief.get(`/rounds/${f.otherRoundId}/score-sheets`)).status, 403);
  assert.is((await ctx.chief.get(`/skills/${f.otherSkillId}/mark-details.csv`)).status, 403);
  assert.is((await ctx.chief.get('/skills/999999/mark-details.csv')).status, 404);
  for (const path of paths) {
    const anonymous = await ctx.target.app.request(path);
    assert.is(anonymous.status, 303);
    assert.match(anonymous.headers.get('location') ?? '', '/login?next=');
  }
  // Names by POST are the organizer's alone, even for the skill's chief judge.
  await ctx.chief.get(`/desk/rounds/${f.roundId}`);
  assert.is((await ctx.chief.post(detailsUrl(f), {})).status, 403);
  assert.is((await ctx.target.app.request(detailsUrl(f), { method: 'POST' })).status, 403, 'no CSRF token, no session');
  assert.is(await ctx.target.db.auditEntry.count({ where: { action: 'decrypt.export' } }), 0);

  const desk = await (await ctx.chief.get(`/desk/rounds/${f.roundId}`)).text();
  assert.match(desk, `href="${sheetsUrl(f)}"`);
  assert.match(desk, `href="/skills/${f.skillId}/mark-details.xlsx?round=${f.roundId}"`);
  assert.not.match(desk, 'data-testid="details-named"', 'the chief judge gets no names button');
});

sheets.run();
