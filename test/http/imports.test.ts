import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { discardUnfinishedImports, IMPORT_CHUNK_ROWS } from '../../src/registration/commands.ts';
import { writeCsv } from '../../src/events/scheme-files.ts';
import { usingPostgresql } from '../support/database.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { buildJudgingWorld, type JudgingWorld } from '../support/judging.ts';
import { idNumber } from '../support/people.ts';
import { whitespaceSheet, xlsx } from '../support/zip-bombs.ts';

/**
 * Uploads and imports under load: bombs and oversized files are refused with a translated 413/422,
 * long lists of mistakes are cut short, and a large confirmed import lets judges' marks through
 * while it is written, yet lands whole or not at all.
 */

interface Context { target: TestApp; world: JudgingWorld; organizer: TestClient; eventId: number; skillId: number }
const EN = { 'accept-language': 'en' };
const header = ['Name', 'Gender', 'Organization', 'ID number', 'Phone', 'Skill', 'Current skill level', 'Bib'];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉';
/** A distinct Chinese name for each i (names take no digits). */
const nameOf = (i: number) => SURNAMES[i % 20]! + GIVEN[Math.floor(i / 20) % 32]! + GIVEN[Math.floor(i / 640) % 32]!;

/** `n` clean rows: distinct people (birth date × sequence) in 40 organizations. */
function contestantRows(n: number): string[][] {
  return Array.from({ length: n }, (_, i) => {
    const birth = `19${70 + (i % 30)}0${1 + Math.floor(i / 30) % 9}1${i % 9}`;
    const sequence = Math.floor(i / 270) + 1;
    return [nameOf(i), sequence % 2 ? 'male' : 'female', `第${i % 40}分公司`, idNumber(birth, sequence), '', 'Welding', '', ''];
  });
}

const imports = suite<Context>('uploads and imports', {} as Context);
imports.before.each(async (ctx) => {
  ctx.target = await freshApp();
  // A competition being marked, and another event still taking registrations, in one database.
  ctx.world = await buildJudgingWorld(ctx.target.db);
  const event = await ctx.target.db.event.create({ data: { name: '2027年职工技能大赛', status: 'registration' } });
  ctx.eventId = event.id;
  ctx.skillId = (await ctx.target.db.skill.create({ data: { eventId: event.id, name: '焊工', nameEn: 'Welding', tieBreaks: '[]' } })).id;
  ctx.organizer = new TestClient(ctx.target, EN);
  await ctx.organizer.get('/login');
  await ctx.organizer.post('/login', { username: 'organizer', password: 'organizer-password' });
  await ctx.organizer.get(`/events/${event.id}/registration/import`);
});
imports.after.each(async (ctx) => { await ctx.target.close(); });

function uploadFile(client: TestClient, path: string, bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
  return client.postMultipart(path, form);
}

/** Uploads a clean list and answers the preview's pending id. */
async function preview(ctx: Context, rows: string[][]): Promise<string> {
  const response = await uploadFile(ctx.organizer, `/events/${ctx.eventId}/registration/import`, writeCsv([header, ...rows]), 'list.csv');
  const html = await response.text();
  assert.is(response.status, 200, html.slice(0, 2000));
  return /name="pendingId" value="([^"]+)"/.exec(html)![1]!;
}

async function judgeTablet(ctx: Context): Promise<TestClient> {
  const tablet = new TestClient(ctx.target, EN);
  await tablet.get('/judge/login');
  const { eventCode } = ctx.world;
  const { number, pin } = ctx.world.judges.neutral;
  assert.is((await tablet.post('/judge/login', { eventCode, number: String(number), pin })).status, 303);
  await tablet.get('/judge'); // the page carries the session's CSRF token
  return tablet;
}

/** What static/judge.js sends for one mark. */
function postMark(ctx: Context, tablet: TestClient, value: number) {
  const cookie = [...tablet.cookies].map(([name, v]) => `${name}=${v}`).join('; ');
  const mark = { key: `during-import-${value}-${Math.random().toString(36).slice(2, 10)}`, code: ctx.world.entries[0]!.code, aspectId: ctx.world.aspects.judgement, mark: { state: 'scored', value }, baseVersion: 0 };
  return Promise.resolve(ctx.target.app.request('/judge/marks', {
    method: 'POST',
    headers: { ...EN, 'content-type': 'application/json', cookie, 'x-csrf-token': tablet.csrfToken() },
    body: JSON.stringify({ roundId: ctx.world.roundId, deviceId: 'tablet-1', marks: [mark] }),
  }));
}

/** Waits, turn by turn (not by the clock), until the import's first rows are in the database. */
async function untilWriting(ctx: Context, finished: () => boolean): Promise<number> {
  for (;;) {
    const written = await ctx.target.db.entry.count({ where: { eventId: ctx.eventId } });
    if (written > 0 || finished()) return written;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

imports('a judge\'s mark sent while a large import is written is answered before the import ends, and the import lands whole', async (ctx) => {
  const rows = 6 * IMPORT_CHUNK_ROWS;
  const pendingId = await preview(ctx, contestantRows(rows));
  const tablet = await judgeTablet(ctx);
  await ctx.organizer.get(`/events/${ctx.eventId}/registration/import`);

  const order: string[] = [];
  const importing = ctx.organizer.post(`/events/${ctx.eventId}/registration/import/confirm`, { pendingId }).then((r) => (order.push('import'), r));
  const writtenWhenMarking = await untilWriting(ctx, () => order.includes('import'));
  assert.ok(writtenWhenMarking > 0 && writtenWhenMarking < rows, `the import is under way (${writtenWhenMarking} of ${rows} rows)`);
  const marking = postMark(ctx, tablet, 2).then((r) => (order.push('mark'), r));
  const [marked, imported] = await Promise.all([marking, importing]);

  // SQLite's writers take turns on one connection, so the import must give way between its chunks
  // and the mark is answered first. PostgreSQL has no such turn (each transaction its own
  // connection): there an import with durability off may well finish first, and only the rest holds.
  if (!usingPostgresql) assert.equal(order, ['mark', 'import'], 'the mark was answered while the import was still running');
  assert.is(marked.status, 200);
  assert.is(((await marked.json()) as { results: { status: string }[] }).results[0]!.status, 'saved');
  assert.is(imported.status, 303);
  assert.is(imported.headers.get('location'), `/events/${ctx.eventId}/registration?imported=${rows}&contestants=${rows}&organizations=40`, 'what it made, for the summary');
  const db = ctx.target.db;
  assert.is(await db.entry.count({ where: { eventId: ctx.eventId } }), rows);
  assert.is(await db.contestant.count({ where: { eventId: ctx.eventId } }), rows);
  assert.is(await db.organization.count({ where: { eventId: ctx.eventId } }), 40);
  const bibs = new Set((await db.entry.findMany({ where: { eventId: ctx.eventId }, select: { bib: true } })).map((e) => e.bib));
  assert.equal([bibs.size, bibs.has('001'), bibs.has('999'), bibs.has(String(rows))], [rows, true, true, true], 'bibs 001 … 1500, none twice');
  const unfinished = await db.entry.count({ where: { importBatch: { not: null } } }) + await db.contestant.count({ where: { importBatch: { not: null } } }) + await db.organization.count({ where: { importBatch: { not: null } } });
  assert.is(unfinished, 0, 'a finished import leaves no batch marks');
});

imports('an import that meets a concurrent registration half-way is removed whole, and says so', async (ctx) => {
  const rows = contestantRows(4 * IMPORT_CHUNK_ROWS);
  const pendingId = await preview(ctx, rows);
  const db = ctx.target.db;
  const existingOrganization = await db.organization.create({ data: { eventId: ctx.eventId, name: '另一家单位', approvedAt: new Date() } });
  await ctx.organizer.get(`/events/${ctx.eventId}/registration/import`);

  let finished = false;
  const importing = ctx.organizer.post(`/events/${ctx.eventId}/registration/import/confirm`, { pendingId }).then((r) => ((finished = true), r));
  assert.ok((await untilWriting(ctx, () => finished)) > 0, 'the import is under way');
  // Meanwhile someone registers the person on the file's last row by hand.
  const last = rows.at(-1)!;
  await db.contestant.create({ data: { eventId: ctx.eventId, organizationId: existingOrganization.id, name: last[0]!, gender: last[1]!, idNumber: last[3]!, birthDate: '1999-01-01' } });
  const response = await importing;

  assert.is(response.status, 409);
  assert.match(await response.text(), 'Nothing was imported: upload the file again.');
  assert.is(await db.entry.count({ where: { eventId: ctx.eventId } }), 0, 'the chunks already written are gone');
  assert.equal((await db.contestant.findMany({ where: { eventId: ctx.eventId } })).map((c) => c.idNumber), [last[3]], 'only the hand registration is left');
  assert.equal((await db.organization.findMany({ where: { eventId: ctx.eventId } })).map((o) => o.name), ['另一家单位']);
  assert.is((await ctx.target.db.auditEntry.count({ where: { action: 'registration.import' } })), 0);
});

imports('an import cut short by a stop is removed at the next start; finished rows stay', async (ctx) => {
  const db = ctx.target.db;
  const organization = await db.organization.create({ data: { eventId: ctx.eventId, name: '半途单位', approvedAt: new Date(), importBatch: 'b1' } });
  const kept = await db.organization.create({ data: { eventId: ctx.eventId, name: '完整单位', approvedAt: new Date() } });
  const cut = await db.contestant.create({ data: { eventId: ctx.eventId, organizationId: organization.id, name: '甲', gender: 'male', idNumber: idNumber('19900101', 1), birthDate: '1990-01-01', importBatch: 'b1' } });
  const whole = await db.contestant.create({ data: { eventId: ctx.eventId, organizationId: kept.id, name: '乙', gender: 'male', idNumber: idNumber('19900101', 3), birthDate: '1990-01-01' } });
  await db.entry.create({ data: { eventId: ctx.eventId, contestantId: cut.id, skillId: ctx.skillId, bib: '001', importBatch: 'b1' } });
  await db.entry.create({ data: { eventId: ctx.eventId, contestantId: whole.id, skillId: ctx.skillId, bib: '002' } });
  assert.is(await discardUnfinishedImports(db), 1);
  assert.equal((await db.entry.findMany({ where: { eventId: ctx.eventId } })).map((e) => e.bib), ['002']);
  assert.equal((await db.contestant.findMany({ where: { eventId: ctx.eventId } })).map((c) => c.name), ['乙']);
  assert.equal((await db.organization.findMany({ where: { eventId: ctx.eventId } })).map((o) => o.name), ['完整单位']);
});

imports('with several nodes, a start removes only imports begun long ago: another node\'s running import stays', async (ctx) => {
  const db = ctx.target.db;
  const batch = (startedAt: number) => `${startedAt.toString(36).padStart(9, '0')}.x`;
  const now = Date.now();
  const [old, running] = [batch(now - 2 * 3_600_000), batch(now - 60_000)];
  for (const [name, importBatch] of [['两小时前的导入', old], ['正在导入', running]] as const) {
    await db.organization.create({ data: { eventId: ctx.eventId, name, approvedAt: new Date(), importBatch } });
  }
  assert.is(await discardUnfinishedImports(db, new Date(now - 3_600_000)), 0, 'no entries in either');
  assert.equal((await db.organization.findMany({ where: { eventId: ctx.eventId } })).map((o) => o.importBatch), [running]);
});

imports('a spreadsheet bomb is refused with a translated 413 in both imports; the page says why', async (ctx) => {
  const bomb = xlsx(whitespaceSheet(300));
  let response = await uploadFile(ctx.organizer, `/events/${ctx.eventId}/registration/import`, bomb, 'list.xlsx');
  assert.is(response.status, 413);
  assert.match(await response.text(), 'The spreadsheet unpacks to more than 32 MB');
  const zh = new TestClient(ctx.target, { 'accept-language': 'zh-CN' });
  await zh.get('/login');
  await zh.post('/login', { username: 'organizer', password: 'organizer-password' });
  await zh.get(`/skills/${ctx.skillId}`);
  response = await uploadFile(zh, `/skills/${ctx.skillId}/scheme/import`, bomb, '方案.xlsx');
  assert.is(response.status, 413);
  assert.match(await response.text(), '该表格解压后超过 32 MB');
  assert.is(await ctx.target.db.entry.count({ where: { eventId: ctx.eventId } }), 0);
});

imports('a 100,000-row CSV is refused as too long (422) with a short page; a marking scheme past 2,000 rows too', async (ctx) => {
  const csv = new TextEncoder().encode(`${header.join(',')}\r\n${'张三,male\r\n'.repeat(100_000)}`);
  const response = await uploadFile(ctx.organizer, `/events/${ctx.eventId}/registration/import`, csv, 'long.csv');
  assert.is(response.status, 422);
  const html = await response.text();
  assert.match(html, 'The sheet has more than 10000 rows below the header; one import takes at most 10000.');
  assert.ok(html.length < 50_000, `the page is ${html.length} characters`);
  await ctx.organizer.get(`/skills/${ctx.skillId}`);
  const scheme = new TextEncoder().encode('Round code,Aspect\r\n' + 'p,x\r\n'.repeat(2001));
  const refused = await uploadFile(ctx.organizer, `/skills/${ctx.skillId}/scheme/import`, scheme, 'scheme.csv');
  assert.is(refused.status, 422);
  assert.match(await refused.text(), 'more than 2000 rows');
});

imports('a file with thousands of mistakes lists the first hundred and counts the rest', async (ctx) => {
  const rows = contestantRows(1000).map((row) => row.map((cell, i) => (i === 5 ? 'Plumbing' : i === 1 ? 'robot' : cell)));
  const response = await uploadFile(ctx.organizer, `/events/${ctx.eventId}/registration/import`, writeCsv([header, ...rows]), 'bad.csv');
  assert.is(response.status, 422);
  const html = await response.text();
  const table = /data-testid="import-errors">([\s\S]*?)<\/table>/.exec(html)![1]!;
  assert.is(table.match(/<tr>/g)!.length, 1 + 100 + 1, 'header, a hundred problems, the count of the rest');
  assert.match(html, 'the file has 2000 mistakes');
  assert.match(table, '… and 1900 more mistakes.');

  await ctx.organizer.get(`/skills/${ctx.skillId}`);
  const scheme = new TextEncoder().encode('Round code,Round name,Weight (%),Round max,Criterion code,Criterion name,Aspect code,Aspect,Type,Max mark\r\n' + Array.from({ length: 300 }, (_, i) => `p,Practical,100,100,A,Quality,A${i},Aspect ${i},guess,lots\r\n`).join(''));
  const refused = await uploadFile(ctx.organizer, `/skills/${ctx.skillId}/scheme/import`, scheme, 'scheme.csv');
  assert.is(refused.status, 422);
  const page = await refused.text();
  const problems = /data-testid="import-errors">([\s\S]*?)<\/section>/.exec(page)![1]!;
  assert.is(problems.match(/<tr>/g)!.length, 1 + 100 + 1);
  assert.match(problems, /… and \d+ more mistakes\./);
});

imports.run();
