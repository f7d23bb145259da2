import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// First: the app loads the API's zod-openapi extension before any schema is built.
import { freshApp, type TestApp } from '../support/app.ts';
import ExcelJS from 'exceljs';
import { call, eventWithSkill, tokenFor } from '../support/api.ts';
import { TestClient } from '../support/client.ts';
import { byTestId, organizerClient, textOf } from '../support/desk.ts';
import { lockWelding, markedFixture } from '../support/results.ts';
import { blankTitleRule, defaultTitleRules, type TitleRule } from '../../src/domain/title-rules.ts';
import { maskIdNumber } from '../../src/domain/id-number.ts';
import { skillResults } from '../../src/results/queries.ts';
import { buildSheet } from '../../src/results/snapshot.ts';

/**
 * Title and promotion rules over HTTP: the rule editor (add, move, remove, save, refuse), the
 * API's settings (GET/PUT), the rules in words on the results page, the promotion list (晋升名单)
 * read back with exceljs, and publications made before title rules still rendering.
 */

interface Context { target: TestApp; token: string }
const rules = suite<Context>('title and promotion rules', {} as Context);
rules.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.token = await tokenFor(ctx.target, 'organizer', 'rules-organizer');
});
rules.after.each(async (ctx) => { await ctx.target.close(); });

const rule = (patch: Partial<TitleRule>): TitleRule => ({ ...blankTitleRule, ...patch });

async function signedIn(target: TestApp, language = 'en') {
  const client = new TestClient(target, { 'accept-language': language });
  await client.get('/login');
  const response = await client.post('/login', { username: 'rules-organizer', password: 'a-long-password' });
  assert.is(response.status, 303);
  await client.get('/');
  return client;
}

const storedRules = async (target: TestApp, skillId: number) =>
  JSON.parse((await target.db.skill.findUniqueOrThrow({ where: { id: skillId } })).titleRules) as TitleRule[];

/** The editor's fields for rows (theory is round 0, practical round 1 of the default rounds). */
function rowFields(rows: Record<string, string>[]): Record<string, string> {
  const fields: Record<string, string> = {};
  rows.forEach((row, i) => {
    fields[`titleRules.${i}.minScores.0.round`] = 'theory';
    fields[`titleRules.${i}.minScores.1.round`] = 'practical';
    for (const [name, value] of Object.entries(row)) fields[`titleRules.${i}.${name}`] = value;
  });
  return fields;
}

rules('the editor: add and move rows unsaved, refuse a rule that does nothing, save the 2012 national rules', async ({ target, token }) => {
  const { skillId } = await eventWithSkill(target, token);
  const organizer = await signedIn(target);
  const page = await (await organizer.get(`/skills/${skillId}`)).text();
  const first = byTestId(page, 'title-rule-1');
  assert.match(first, 'name="titleRules.0.rankTo" type="text" inputmode="decimal" value="5"');
  assert.match(first, 'value="技术能手"');
  assert.match(first, '<option value="step" selected="">');

  const hx = { 'hx-request': 'true' };
  const existing = { rankTo: '5', title: '技术能手', promotion: 'step' };
  const added = await organizer.post(`/skills/${skillId}/title-rules`, { ...rowFields([existing]), action: 'add' }, hx);
  assert.is(added.status, 200);
  const addedHtml = await added.text();
  assert.match(addedHtml, 'data-testid="title-rule-2"');
  assert.match(addedHtml, 'Not saved yet');
  assert.equal(await storedRules(target, skillId), defaultTitleRules, 'adding a row stores nothing');

  // The blank new row is refused on save, with translated messages beside its fields; nothing changes.
  const refused = await organizer.post(`/skills/${skillId}/title-rules`, { ...rowFields([existing, {}]), action: 'save' }, hx);
  assert.is(refused.status, 422);
  const refusedText = textOf(byTestId(await refused.text(), 'title-rule-2'));
  assert.match(refusedText, 'Give the rule a condition (prize, ranks, minimum score, age or gender).');
  assert.match(refusedText, 'Give the rule a title or a promotion.');
  assert.equal(await storedRules(target, skillId), defaultTitleRules);
  const zh = await signedIn(target, 'zh-CN');
  const zhRefused = await zh.post(`/skills/${skillId}/title-rules`, { ...rowFields([{ rankFrom: '6', rankTo: '5', title: 'x' }]), action: 'save' }, hx);
  assert.is(zhRefused.status, 422);
  assert.match(await zhRefused.text(), '截止名次不能在起始名次之前。');

  // 2012 national: top 5 技师 (and 技术能手), 6th–15th 高级工; the young of the top 5 青年岗位能手; a practical minimum.
  const national: Record<string, string>[] = [
    { rankTo: '5', title: '技术能手', promotion: 'to', promotionTo: 'technician', 'minScores.1.min': '60' },
    { rankFrom: '6', rankTo: '15', promotion: 'to', promotionTo: 'senior' },
    { rankTo: '5', underAge: '35', title: '青年岗位能手', promotion: 'none', promotionTo: 'senior' },
  ];
  const saved = await organizer.post(`/skills/${skillId}/title-rules`, { ...rowFields(national), action: 'save' }, hx);
  assert.is(saved.status, 200);
  assert.match(await saved.text(), 'Saved.');
  assert.equal(await storedRules(target, skillId), [
    rule({ rankTo: 5, title: '技术能手', promotion: 'to', promotionTo: 'technician', minScores: [{ round: 'practical', min: 60 }] }),
    rule({ rankFrom: 6, rankTo: 15, promotion: 'to', promotionTo: 'senior' }),
    // A target grade without "to a level" is dropped.
    rule({ rankTo: 5, underAge: 35, title: '青年岗位能手' }),
  ]);

  // Move the third rule up: the answer shows it second, unsaved; then remove the first.
  const moved = await organizer.post(`/skills/${skillId}/title-rules`, { ...rowFields(national), action: 'up.2' }, hx);
  const movedHtml = await moved.text();
  assert.match(byTestId(movedHtml, 'title-rule-2'), 'value="青年岗位能手"');
  assert.match(byTestId(movedHtml, 'title-rule-3'), 'name="titleRules.2.rankFrom" type="text" inputmode="decimal" value="6"');
  const removed = await organizer.post(`/skills/${skillId}/title-rules`, { ...rowFields(national), action: 'remove.0' }, hx);
  const removedHtml = await removed.text();
  assert.match(byTestId(removedHtml, 'title-rule-1'), 'value="6"');
  assert.not.match(removedHtml, 'data-testid="title-rule-3"');
  assert.is((await storedRules(target, skillId)).length, 3, 'moving and removing store nothing');

  // Once the competition has started the rules are locked.
  await target.db.event.updateMany({ data: { status: 'in_progress' } });
  const locked = await organizer.post(`/skills/${skillId}/title-rules`, { ...rowFields(national), action: 'save' }, hx);
  assert.is(locked.status, 409);
  assert.is((await organizer.post(`/skills/${skillId}/title-rules`, { ...rowFields(national), action: 'add' }, hx)).status, 409);
});

rules('API: the rules are part of the skill settings (GET, PUT, refused with the field named, kept when left out)', async ({ target, token }) => {
  const { skillId, skill } = await eventWithSkill(target, token);
  assert.equal(skill.settings.titleRules, defaultTitleRules);
  const hunan = [rule({ prizes: [3, 1, 2], promotion: 'to', promotionTo: 'technician' })];
  const saved = await call(target, token, 'PUT', `/api/v1/skills/${skillId}/settings`, { ...skill.settings, titleRules: hunan });
  assert.is(saved.status, 200);
  // Prizes are stored in order.
  assert.equal(saved.json.settings.titleRules, [rule({ prizes: [1, 2, 3], promotion: 'to', promotionTo: 'technician' })]);
  assert.equal((await call(target, token, 'GET', `/api/v1/skills/${skillId}`)).json.settings.titleRules, saved.json.settings.titleRules);

  const bad = await call(target, token, 'PUT', `/api/v1/skills/${skillId}/settings`, { ...skill.settings, titleRules: [rule({ rankTo: 5, promotion: 'to' })] });
  assert.is(bad.status, 422);
  assert.equal(bad.json.error.problems.map((p: { field: string; message: string }) => [p.field, p.message]), [['titleRules.0.promotionTo', 'Choose the grade to promote to.']]);
  const { titleRules: _left, ...withoutRules } = skill.settings;
  const kept = await call(target, token, 'PUT', `/api/v1/skills/${skillId}/settings`, { ...withoutRules, decimals: 1 });
  assert.is(kept.status, 200);
  assert.equal(kept.json.settings.titleRules, saved.json.settings.titleRules, 'left out: unchanged');
  const doc = await call(target, null, 'GET', '/api/openapi.json');
  assert.ok(doc.json.components.schemas.SkillSettingsInput.properties.titleRules, 'documented in OpenAPI');
});

rules('results page: the rules in words in both languages, every title shown, promotion list as XLSX', async ({ target }) => {
  const f = await markedFixture(target.db);
  await lockWelding(target.db, f);
  // The event starts 2026-06-01; 李强 (1995) is under 35 then, 张伟 (1990) and 王芳 (1988) are not.
  await target.db.event.updateMany({ data: { startsOn: new Date('2026-06-01T00:00:00Z') } });
  for (const [name, birthDate] of [['张伟', '1990-01-01'], ['李强', '1995-07-20'], ['王芳', '1988-03-15']]) {
    await target.db.contestant.updateMany({ where: { name }, data: { birthDate } });
  }
  await target.db.skill.update({
    where: { id: f.skillId },
    data: {
      titleRules: JSON.stringify([
        rule({ rankTo: 2, title: '技术能手', promotion: 'step' }),
        rule({ rankTo: 3, underAge: 35, title: '青年岗位能手' }),
        rule({ rankTo: 3, gender: 'female', title: '巾帼建功标兵', promotion: 'to', promotionTo: 'technician' }),
      ]),
    },
  });
  // 王芳 (rank 3) has no recorded level, so rule 3's promotion is not computed for her.
  await target.db.contestant.updateMany({ where: { name: '王芳' }, data: { skillLevel: 'intermediate' } });

  const en = await organizerClient(target);
  const page = await (await en.get(`/skills/${f.skillId}/results`)).text();
  const words = textOf(byTestId(page, 'title-rules'));
  assert.match(words, 'Ranks 1 to 2: the title Technical expert (技术能手) and promotion by one skill level.');
  assert.match(words, 'Ranks 1 to 3, under 35 on the event\'s first day: the title 青年岗位能手.');
  assert.match(words, 'Women, ranks 1 to 3: the title 巾帼建功标兵 and promotion to Technician (技师) (one level up for those already Technician (技师) or higher).');
  assert.match(words, 'When several rules match, every title is given');
  assert.match(textOf(byTestId(page, 'result-002')), 'Technical expert (技术能手) 青年岗位能手');
  assert.match(textOf(byTestId(page, 'result-003')), /巾帼建功标兵 Promotion: Intermediate worker \(中级工\) → Technician \(技师\)$/);

  const zh = await organizerClient(target, 'zh-CN');
  const zhWords = textOf(byTestId(await (await zh.get(`/skills/${f.skillId}/results`)).text(), 'title-rules'));
  assert.match(zhWords, '前2名授予技术能手称号，并晋升一个职业技能等级。');
  assert.match(zhWords, '前3名、未满35周岁的选手授予青年岗位能手称号。');
  assert.match(zhWords, '前3名的女选手授予巾帼建功标兵称号，并晋升为技师（已是技师及以上者晋升一个等级）。');

  // The promotion list, read back with exceljs: 张伟 (高级工 → 技师, rule 1), 王芳 (中级工 → 技师, rule 3); 李强 no level.
  const xlsx = await zh.get(`/skills/${f.skillId}/promotions.xlsx`);
  assert.is(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-disposition') ?? '', 'xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  assert.is(sheet.name, '晋升名单');
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  const ids = await target.db.contestant.findMany({ orderBy: { id: 'asc' }, select: { name: true, idNumber: true } });
  const masked = (name: string) => maskIdNumber(ids.find((c) => c.name === name)!.idNumber);
  assert.equal(rows, [
    ['序号', '参赛证号', '姓名', '身份证号（部分隐藏）', '参赛单位', '现技能等级', '晋升等级', '晋升依据'],
    [1, '001', '张伟', masked('张伟'), '舟山船舶修造有限公司', '高级工', '技师', '前2名授予技术能手称号，并晋升一个职业技能等级。'],
    [2, '003', '王芳', masked('王芳'), '定海机电设备有限公司', '中级工', '技师', '前3名的女选手授予巾帼建功标兵称号，并晋升为技师（已是技师及以上者晋升一个等级）。'],
  ]);
  for (const c of ids) assert.not.match(JSON.stringify(rows), c.idNumber, 'no full ID number');
  assert.match(String(rows[1]![3]), /^\d{6}\*{8}\d{3}[\dX]$/);
});

rules('promotion list: refused while names are hidden; publications made before title rules still render', async ({ target }) => {
  const f = await markedFixture(target.db);
  const en = await organizerClient(target);
  const hidden = await en.get(`/skills/${f.skillId}/promotions.xlsx`);
  assert.is(hidden.status, 409);
  assert.match(await hidden.text(), 'available once every round is locked');

  // A version-1 publication in the old shape: rules.titleName/titleTopN/promotion, entries title: boolean.
  await lockWelding(target.db, f);
  const computed = (await skillResults(target.db, f.skillId))!;
  const sheet = buildSheet(computed.data, computed.results, { reveal: true }) as unknown as Record<string, any>;
  const { titleRules: _rules, ...oldRules } = sheet.rules;
  const legacy = {
    ...sheet,
    rules: { ...oldRules, titleName: '', titleTopN: 2, promotion: true },
    entries: sheet.entries.map(({ titles: _t, promotion, ...e }: Record<string, any>) => ({
      ...e, title: e.rank <= 2, promotion: promotion && { from: promotion.from, to: promotion.to },
    })),
  };
  const now = new Date();
  await target.db.publication.create({
    data: {
      skillId: f.skillId, version: 1, publishedAt: now, publishedById: f.organizerId, noticeUntil: new Date(now.getTime() + 3600_000),
      appealUntil: new Date(now.getTime() + 3600_000), changeNote: '', snapshot: JSON.stringify(legacy),
    },
  });
  const notice = textOf(await (await en.get(`/skills/${f.skillId}/notice`)).text());
  assert.match(notice, 'Ranks 1 to 2: the title Technical expert (技术能手) and promotion by one skill level.');
  assert.match(textOf(byTestId(await (await en.get(`/skills/${f.skillId}/notice`)).text(), 'notice-002')), 'Technical expert (技术能手)');
  assert.not.match(textOf(byTestId(await (await en.get(`/skills/${f.skillId}/notice`)).text(), 'notice-003')), 'Technical expert');
  const certificates = await (await en.get(`/skills/${f.skillId}/certificates?lang=en`)).text();
  assert.match(textOf(byTestId(certificates, 'cert-001')), 'and the title of Technical Expert');
  const published = await new TestClient(target, { 'accept-language': 'zh-CN' }).get(`/public/skills/${f.skillId}`);
  assert.is(published.status, 200);
  const publicText = textOf(await published.text());
  assert.match(publicText, '前2名授予技术能手称号，并晋升一个职业技能等级。');
  assert.match(publicText, '技术能手');
  // The promotion list of the old version: 张伟 by the one old rule.
  const xlsx = await en.get(`/skills/${f.skillId}/promotions.xlsx?version=1`);
  assert.is(xlsx.status, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  assert.equal(rows.slice(1).map((r) => [r[2], r[5], r[6], r[7]]), [
    ['张伟', 'Senior worker (高级工)', 'Technician (技师)', 'Ranks 1 to 2: the title Technical expert (技术能手) and promotion by one skill level.'],
  ]);
});

rules.run();
