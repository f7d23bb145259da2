import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshApp, type TestApp } from '../support/app.ts';
import { passwordClient, type TestClient } from '../support/client.ts';
import { byTestId, organizerClient, textOf } from '../support/desk.ts';
import { createAccount } from '../support/fixtures.ts';
import { lockWelding, markedFixture, publishWelding, topNTitles, type ResultsFixture } from '../support/results.ts';
import { readSheetFile } from '../../src/events/scheme-files.ts';
import { earlierContest } from '../support/pool.ts';
import { createApiToken } from '../../src/api/tokens.ts';

/**
 * The talent pool after two contests: the welding fixture of 2026 (张伟 second prize and
 * 技术能手, 李强 third prize and 技术能手, 王芳 nothing), and a contest of 2025 in which 张伟 (the
 * same ID number) won the first prize. One person per ID number; published results only.
 */
interface Ctx { target: TestApp; f: ResultsFixture; organizer: TestClient; earlierEventId: number; earlierZhangId: number; zhangId: number }
const test = suite<Ctx>('talent pool', {} as Ctx);

test.before.each(async (ctx) => {
  ctx.target = await freshApp();
  const { db } = ctx.target;
  ctx.f = await markedFixture(db);
  await db.skill.update({ where: { id: ctx.f.skillId }, data: topNTitles(2) });
  ctx.organizer = await organizerClient(ctx.target);
  const zhang = await db.contestant.findFirstOrThrow({ where: { name: '张伟', eventId: ctx.f.eventId } });
  ctx.zhangId = zhang.id;
});
test.after.each(async (ctx) => { await ctx.target.close(); });

test('nothing is in the pool before a publication; after two contests one person per ID number', async (ctx) => {
  const before = await (await ctx.organizer.get('/pool')).text();
  assert.match(textOf(before), 'Nobody yet');
  await lockWelding(ctx.target.db, ctx.f);
  await publishWelding(ctx.target.db, ctx.f);
  Object.assign(ctx, await earlierContest(ctx.target.db, ctx.f, ctx.zhangId));

  const html = await (await ctx.organizer.get('/pool')).text();
  assert.match(textOf(byTestId(html, 'pool-count')), '3 of 3 people');
  const zhang = textOf(byTestId(html, `pool-${ctx.zhangId}`));
  assert.match(zhang, '张伟');
  assert.match(zhang, /330902\*+\d{4}/, 'the ID number masked');
  for (const id of ctx.f.idNumbers) assert.not.match(html, id, 'no full ID number');
  for (const phone of [...ctx.f.phones, '13900139000']) assert.not.match(html, phone, 'no phone in the list');
  assert.match(zhang, /张伟 330902\*+\d{4} 舟山船舶修造有限公司 Technician \(技师\) 2 2 prize\(s\)/, 'two contests, two prizes, promoted to technician in 2026');
  assert.not.match(html, '陈静', 'never in a published skill');
});

test('a person\'s record lists every contest with the publication each came from, and prints without the phone', async (ctx) => {
  await lockWelding(ctx.target.db, ctx.f);
  await publishWelding(ctx.target.db, ctx.f);
  Object.assign(ctx, await earlierContest(ctx.target.db, ctx.f, ctx.zhangId));
  const zh = await organizerClient(ctx.target, 'zh-CN');
  const page = await (await zh.get(`/pool/contestants/${ctx.earlierZhangId}`)).text();
  const rows = textOf(byTestId(page, 'person-results'));
  assert.match(rows, /2026 2026年定海区职工技能大比武 焊工 1 二等奖、技术能手 高级工 → 技师 第 1 版/);
  assert.match(rows, /2025 2025年舟山市焊工技能竞赛 焊工（气焊） 1 一等奖\s+第 1 版/);
  assert.ok(rows.indexOf('2026') < rows.indexOf('2025'), 'newest first');
  assert.match(page, `/public/skills/${ctx.f.skillId}/versions/1`, 'each result links its publication');
  assert.match(textOf(byTestId(page, 'person-facts')), '139****9000', 'the phone masked, as on the registration list');
  assert.not.match(page, '13900139000', 'the full number is the registration desk\'s, revealed there and audited');
  const printed = await zh.get(`/pool/contestants/${ctx.zhangId}/print`);
  assert.is(printed.status, 200);
  const print = await printed.text();
  assert.match(print, 'class="print-page"');
  assert.match(textOf(byTestId(print, 'person-results')), '2025年舟山市焊工技能竞赛');
  for (const phone of [...ctx.f.phones, '13900139000']) assert.not.match(print, phone, 'no phone on paper');
  assert.is((await zh.get('/pool/contestants/999999')).status, 404);
});

test('search by trade, title, grade, year and the ID number\'s last digits; the export has one row per result', async (ctx) => {
  await lockWelding(ctx.target.db, ctx.f);
  await publishWelding(ctx.target.db, ctx.f);
  Object.assign(ctx, await earlierContest(ctx.target.db, ctx.f, ctx.zhangId));
  const count = async (query: string) => textOf(byTestId(await (await ctx.organizer.get(`/pool?${query}`)).text(), 'pool-count'));
  assert.match(await count('year=2025'), '1 of 3');
  assert.match(await count(`title=${encodeURIComponent('技术能手')}`), '2 of 3');
  assert.match(await count(`title=${encodeURIComponent('技术能手')}&year=2025`), '0 of 3', 'the title was won in 2026');
  assert.match(await count(`trade=${encodeURIComponent('气焊')}`), '1 of 3');
  assert.match(await count('grade=technician'), '1 of 3');
  const zhangId = (await ctx.target.db.contestant.findUniqueOrThrow({ where: { id: ctx.zhangId } })).idNumber;
  assert.match(await count(`q=${zhangId.slice(-4)}`), '1 of 3');
  assert.match(await count(`q=${'x'.repeat(5000)}&year=abc&page=-3`), '0 of 3', 'oversized and malformed queries are bounded, not errors');

  const xlsx = await ctx.organizer.get(`/pool.xlsx?trade=${encodeURIComponent('焊工')}`);
  assert.is(xlsx.status, 200);
  const rows = await readSheetFile(new Uint8Array(await xlsx.arrayBuffer()), 'pool.xlsx');
  assert.equal(rows[0]?.slice(0, 5), ['Name', 'ID number', 'Gender', 'Grade', 'Year']);
  const exported = await ctx.target.db.auditEntry.findFirstOrThrow({ where: { action: 'pool.export' } });
  assert.equal([exported.accountId, exported.subject, JSON.parse(exported.details).filter.trade], [ctx.f.organizerId, '3', '焊工'], 'the export is on the record');
  assert.equal(rows.slice(1).map((r) => [r[0], r[4], r[6], r[9]]), [
    ['李强', 2026, '焊工', 'Third prize'], ['王芳', 2026, '焊工', null], ['张伟', 2026, '焊工', 'Second prize'], ['张伟', 2025, '焊工（气焊）', 'First prize'],
  ]);
  const text = JSON.stringify(rows);
  for (const secret of [...ctx.f.idNumbers, ...ctx.f.phones, '13900139000']) assert.not.match(text, secret);
});

test('the pool is the account\'s events only: a clerk of one contest, another federation', async (ctx) => {
  await lockWelding(ctx.target.db, ctx.f);
  await publishWelding(ctx.target.db, ctx.f);
  Object.assign(ctx, await earlierContest(ctx.target.db, ctx.f, ctx.zhangId));
  const { db } = ctx.target;
  const clerk = await createAccount(db, { username: 'clerk', password: 'clerk-password-1', isAdmin: false });
  await db.eventStaff.create({ data: { eventId: ctx.earlierEventId, accountId: clerk.id, role: 'registration' } });
  const client = await passwordClient(ctx.target, 'clerk', 'clerk-password-1');
  assert.match(textOf(byTestId(await (await client.get('/pool')).text(), 'pool-count')), '1 of 1 people');
  const record = textOf(byTestId(await (await client.get(`/pool/contestants/${ctx.earlierZhangId}`)).text(), 'person-results'));
  assert.not.match(record, '2026年定海区职工技能大比武', 'not an event of his');
  assert.is((await client.get(`/pool/contestants/${ctx.zhangId}`)).status, 403);

  const district = await db.federation.create({ data: { name: '定海区总工会', parentId: 1 } });
  await createAccount(db, { username: 'district', password: 'district-password-1' });
  await db.account.update({ where: { username: 'district' }, data: { federationId: district.id } });
  const other = await passwordClient(ctx.target, 'district', 'district-password-1');
  assert.match(textOf(await (await other.get('/pool')).text()), 'Nobody yet');
  assert.is((await other.get(`/pool/contestants/${ctx.zhangId}`)).status, 403);
  assert.is((await other.get('/pool.xlsx')).status, 200);
});

test('a mistyped ID number: the pool asks whether the two are one person, and counts them as the organizer says', async (ctx) => {
  await lockWelding(ctx.target.db, ctx.f);
  await publishWelding(ctx.target.db, ctx.f);
  const real = (await ctx.target.db.contestant.findUniqueOrThrow({ where: { id: ctx.zhangId } })).idNumber;
  const typo = `${real.slice(0, 14)}${real[14] === '9' ? '8' : '9'}${real.slice(15)}`;
  Object.assign(ctx, await earlierContest(ctx.target.db, ctx.f, ctx.zhangId, { idNumber: typo }));
  const pool = await (await ctx.organizer.get('/pool')).text();
  assert.match(textOf(byTestId(pool, 'pool-count')), '4 of 4 people', 'two 张伟 until decided');
  assert.match(textOf(byTestId(pool, 'pool-uncertain')), '1 pair(s) may be one person.');
  const page = await (await ctx.organizer.get('/pool/matches')).text();
  // The same name sorts by the record's address: his 2026 row (made first) comes first.
  const pair = byTestId(page, `match-${ctx.zhangId}-${ctx.earlierZhangId}`);
  assert.match(pair, '张伟');
  assert.not.match(page, real, 'ID numbers stay masked on the page');
  assert.not.match(page, typo);

  // Refused: a decision that is no choice, a contestant of no visible event.
  assert.is((await ctx.organizer.post('/pool/matches', { a: String(ctx.zhangId), b: String(ctx.earlierZhangId), decision: 'maybe' })).status, 422);
  assert.is((await ctx.organizer.post('/pool/matches', { a: String(ctx.zhangId), b: '999999', decision: 'same' })).status, 404);
  assert.is((await ctx.organizer.post('/pool/matches', { a: String(ctx.zhangId), b: 'abc', decision: 'same' })).status, 404);
  const li = await ctx.target.db.contestant.findFirstOrThrow({ where: { name: '李强', eventId: ctx.f.eventId } });
  const unlike = await ctx.organizer.post('/pool/matches', { a: String(ctx.zhangId), b: String(li.id), decision: 'same' });
  assert.is(unlike.status, 422, 'not a pair the pool asks about: another name');
  assert.match(await unlike.text(), 'Only two people with the same name and birth date');
  // The answer changes the federation's pool: an administrator's, not a clerk's.
  const clerkAccount = await createAccount(ctx.target.db, { username: 'clerk', password: 'clerk-password-1', isAdmin: false });
  await ctx.target.db.eventStaff.create({ data: { eventId: ctx.f.eventId, accountId: clerkAccount.id, role: 'organizer' } });
  const clerk = await passwordClient(ctx.target, 'clerk', 'clerk-password-1');
  assert.is((await clerk.post('/pool/matches', { a: String(ctx.zhangId), b: String(ctx.earlierZhangId), decision: 'same' })).status, 403);
  assert.is(await ctx.target.db.personMatch.count(), 0);

  const decided = await ctx.organizer.post('/pool/matches', { a: String(ctx.zhangId), b: String(ctx.earlierZhangId), decision: 'same' });
  assert.is(decided.headers.get('location'), '/pool/matches?decided=1');
  const after = await (await ctx.organizer.get('/pool')).text();
  assert.match(textOf(byTestId(after, 'pool-count')), '3 of 3 people');
  assert.not.match(after, 'pool-uncertain');
  const record = textOf(byTestId(await (await ctx.organizer.get(`/pool/contestants/${ctx.earlierZhangId}`)).text(), 'person-results'));
  assert.match(record, '2025年舟山市焊工技能竞赛');
  assert.match(record, '2026年定海区职工技能大比武', 'both numbers\' contests on one record');

  // Changed mind: two people after all; not asked again either way.
  await ctx.organizer.post('/pool/matches', { a: String(ctx.earlierZhangId), b: String(ctx.zhangId), decision: 'different' });
  const apart = await (await ctx.organizer.get('/pool')).text();
  assert.match(textOf(byTestId(apart, 'pool-count')), '4 of 4 people');
  assert.not.match(apart, 'pool-uncertain');
  assert.equal((await ctx.target.db.personMatch.findMany()).map((m) => m.decision), ['different']);
  const audit = await ctx.target.db.auditEntry.findMany({ where: { action: 'pool.match' }, orderBy: { id: 'asc' } });
  assert.equal(audit.map((a) => a.subject), ['same', 'different']);
});

test('the API searches the pool and reads a record as the pages do', async (ctx) => {
  await lockWelding(ctx.target.db, ctx.f);
  await publishWelding(ctx.target.db, ctx.f);
  Object.assign(ctx, await earlierContest(ctx.target.db, ctx.f, ctx.zhangId));
  const token = (await createApiToken(ctx.target.db, ctx.f.organizerId, 'sync')).token;
  const api = (path: string) => ctx.target.app.request(path, { headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' } });
  const list = (await (await api(`/api/v1/pool?year=2025`)).json()) as { total: number; found: number; people: { key: number; name: string; idNumber: string; contests: number }[] };
  assert.equal([list.total, list.found], [3, 1]);
  assert.equal(list.people.map((p) => [p.name, p.contests]), [['张伟', 2]]);
  assert.match(list.people[0]!.idNumber, /^330902\*+\d{4}$/);
  const record = (await (await api(`/api/v1/pool/contestants/${list.people[0]!.key}`)).json()) as { results: { year: number; prize: number | null }[] };
  assert.equal(record.results.map((r) => [r.year, r.prize]), [[2026, 2], [2025, 1]]);
  assert.is((await api('/api/v1/pool?year=twenty')).status, 400);
  assert.is((await api('/api/v1/pool/contestants/999999')).status, 404);
  assert.equal(await (await api('/api/v1/pool/matches')).json(), [], 'nothing to decide');
  const post = (body: unknown) => ctx.target.app.request('/api/v1/pool/matches', {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.is((await post({ a: list.people[0]!.key, b: 999999, decision: 'same' })).status, 404);
  assert.is((await post({ a: list.people[0]!.key, b: 1, decision: 'perhaps' })).status, 422);
  const text = JSON.stringify(record);
  for (const secret of [...ctx.f.idNumbers, ...ctx.f.phones, '13900139000']) assert.not.match(text, secret);
});

test.run();
