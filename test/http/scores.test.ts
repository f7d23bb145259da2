import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import ExcelJS from 'exceljs';
import { writeCsv, writeXlsx } from '../../src/events/scheme-files.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { byTestId, organizerClient, textOf } from '../support/desk.ts';
import { lockWelding } from '../support/results.ts';
import { theoryFixture, type TheoryFixture } from '../support/scores.ts';

interface Context {
  target: TestApp;
  f: TheoryFixture;
  organizer: TestClient;
}

const test = suite<Context>('imported scores on the organizer\'s screens', {} as Context);
test.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.f = await theoryFixture(ctx.target.db);
  ctx.organizer = await organizerClient(ctx.target);
  await ctx.organizer.get(`/rounds/${ctx.f.theoryId}/scores`);
});
test.after.each(async (ctx) => { await ctx.target.close(); });

const page = (f: TheoryFixture) => `/rounds/${f.theoryId}/scores`;

function upload(ctx: Context, rows: (string | number | null)[][], fields: Record<string, string> = {}, name = 'exam.csv') {
  const form = new FormData();
  form.append('file', new File([writeCsv(rows) as Uint8Array<ArrayBuffer>], name));
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  return ctx.organizer.postMultipart(`${page(ctx.f)}/import`, form);
}

/** The confirm form's hidden fields, as the browser would send them. */
function confirmFields(html: string): Record<string, string> {
  const form = byTestId(html, 'scores-preview');
  const fields: Record<string, string> = {};
  for (const match of form.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)) {
    fields[match[1]!] = match[2]!.replace(/&quot;/g, '"').replace(/&#39;/g, '\'').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  delete fields._csrf;
  return fields;
}

const header = ['参赛证号', '姓名', '成绩'];

test('the template: the skill\'s competing contestants with blank scores, XLSX and CSV', async (ctx) => {
  const csv = await ctx.organizer.get(`/rounds/${ctx.f.theoryId}/scores-template.csv`);
  assert.is(csv.status, 200);
  assert.match(csv.headers.get('content-disposition') ?? '', '.csv');
  const text = (await csv.text()).replace(/^\uFEFF/, '');
  assert.equal(text.trim().split('\r\n'), ['Bib,ID number,Name,Score', '001,,张伟,', '002,,李强,', '003,,王芳,']);

  const xlsx = await ctx.organizer.get(`/rounds/${ctx.f.theoryId}/scores-template.xlsx`);
  assert.is(xlsx.status, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await xlsx.arrayBuffer());
  const rows = book.worksheets[0]!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
  assert.equal(rows[0], ['Bib', 'ID number', 'Name', 'Score']);
  assert.equal(rows.length, 4);
  // A round marked by judges has no such page.
  assert.is((await ctx.organizer.get(`/rounds/${ctx.f.roundId}/scores-template.csv`)).status, 404);
  assert.is((await ctx.organizer.get(`/rounds/${ctx.f.roundId}/scores`)).status, 404);
});

test('an XLSX filled in from the template imports like a CSV; the desk index leads the organizer here', async (ctx) => {
  const form = new FormData();
  const book = await writeXlsx([['Bib', 'ID number', 'Name', 'Score'], ['001', '', '张伟', 60], ['002', '', '李强', 95], [null, ctx.f.idNumbers[2]!, '王芳', 88.5]], 'Scores');
  form.append('file', new File([book as Uint8Array<ArrayBuffer>], 'exam.xlsx'));
  const response = await ctx.organizer.postMultipart(`${page(ctx.f)}/import`, form);
  const html = await response.text();
  assert.is(response.status, 200, textOf(html).slice(0, 500));
  assert.is((await ctx.organizer.post(`${page(ctx.f)}/confirm`, confirmFields(html))).status, 303);
  assert.equal((await ctx.target.db.roundScore.findMany({ orderBy: { entryId: 'asc' } })).map((s) => s.score), [60, 95, 88.5]);
  assert.match(await (await ctx.organizer.get('/desk')).text(), `href="/rounds/${ctx.f.theoryId}/scores"`);
});

test('a file with mistakes: every one listed by row, nothing stored, no confirm button', async (ctx) => {
  const response = await upload(ctx, [header, ['001', '张伟', 87.5], ['001', '张伟', 90], ['009', '', 50], ['002', '李强', 120], ['', '', 60]]);
  assert.is(response.status, 422);
  const html = await response.text();
  const errors = textOf(byTestId(html, 'scores-errors'));
  for (const message of [
    '3 Bib Bib 001 is already on row 2.',
    '4 Bib No contestant of this event has “009”.',
    '5 Score The score must be from 0 to 100.',
    '6 Bib Give the bib or the ID number.',
    'Bib Bib 003 (王芳) has no score in the file.',
  ]) assert.ok(errors.includes(message), `${message} in ${errors}`);
  assert.match(textOf(html), 'Nothing can be imported yet: the file has 5 mistakes.');
  assert.not.match(html, '/scores/confirm');
  assert.is(await ctx.target.db.roundScore.count(), 0);
});

test('a clean file: preview, confirm, stored with who imported it; the page lists scores and history', async (ctx) => {
  const response = await upload(ctx, [header, ['001', '张伟', 60], ['002', '李强', '95'], ['003', '王芳', 88.5]], {}, '理论机考.csv');
  assert.is(response.status, 200);
  const html = await response.text();
  assert.match(textOf(byTestId(html, 'scores-preview')), 'The file is clean: 3 scores are ready to import.');
  assert.is(await ctx.target.db.roundScore.count(), 0, 'nothing before confirmation');

  const confirmed = await ctx.organizer.post(`${page(ctx.f)}/confirm`, confirmFields(html));
  assert.is(confirmed.status, 303);
  const stored = await ctx.target.db.scoreImport.findFirstOrThrow({ include: { scores: true } });
  assert.equal([stored.kind, stored.fileName, stored.accountId, stored.scores.map((s) => s.score)], ['file', '理论机考.csv', ctx.f.organizerId, [60, 95, 88.5]]);
  assert.is(await ctx.target.db.auditEntry.count({ where: { action: 'scores.import' } }), 1);

  const after = await ctx.organizer.get(confirmed.headers.get('location')!);
  const text = textOf(await after.text());
  assert.match(text, '3 scores imported.');
  assert.match(text, '3 of 3 competing contestants have a score.');
  assert.match(text, '001 张伟 舟山船舶修造有限公司 60.00');
  assert.match(text, 'File 理论机考.csv: 3 scores');

  const list = await ctx.organizer.get(`${page(ctx.f)}.csv`);
  assert.equal((await list.text()).replace(/^\uFEFF/, '').trim().split('\r\n'), ['Bib,ID number,Name,Score', '001,,张伟,60', '002,,李强,95', '003,,王芳,88.5']);

  // The confirmation is checked again: a second click imports nothing more and asks for a reason.
  const twice = await ctx.organizer.post(`${page(ctx.f)}/confirm`, confirmFields(html));
  assert.is(twice.status, 422);
  assert.match(textOf(await twice.text()), 'Give the reason');
  assert.is(await ctx.target.db.roundScore.count(), 3);
});

test('a re-import without a reason is refused; with one it supersedes and is audited', async (ctx) => {
  const first = await upload(ctx, [header, ['001', '张伟', 60], ['002', '李强', 95], ['003', '王芳', 88.5]]);
  await ctx.organizer.post(`${page(ctx.f)}/confirm`, confirmFields(await first.text()));
  const pageHtml = await (await ctx.organizer.get(page(ctx.f))).text();
  assert.match(pageHtml, 'Reason for importing again');

  const again = await upload(ctx, [header, ['001', '张伟', 66], ['002', '李强', 95], ['003', '王芳', 88.5]]);
  const refused = await ctx.organizer.post(`${page(ctx.f)}/confirm`, confirmFields(await again.text()));
  assert.is(refused.status, 422);
  assert.match(textOf(await refused.text()), 'Give the reason: it is recorded');
  assert.equal((await ctx.target.db.roundScore.findMany({ where: { supersededAt: null } })).map((s) => s.score), [60, 95, 88.5]);

  const withReason = await upload(ctx, [header, ['001', '张伟', 66], ['002', '李强', 95], ['003', '王芳', 88.5]], { reason: '第 12 题答案更正后重新阅卷' });
  const done = await ctx.organizer.post(`${page(ctx.f)}/confirm`, confirmFields(await withReason.text()));
  assert.is(done.status, 303);
  assert.equal((await ctx.target.db.roundScore.findMany({ where: { supersededAt: null }, orderBy: { id: 'asc' } })).map((s) => s.score), [66, 95, 88.5]);
  assert.is(await ctx.target.db.roundScore.count(), 6);
  const audit = await ctx.target.db.auditEntry.findFirstOrThrow({ where: { action: 'scores.reimport' } });
  assert.is(JSON.parse(audit.details).reason, '第 12 题答案更正后重新阅卷');
  const history = textOf(byTestId(await (await ctx.organizer.get(page(ctx.f))).text(), 'scores-history'));
  assert.match(history, '第 12 题答案更正后重新阅卷');
  assert.match(history, '3 of them replaced since');
});

test('one score by hand needs a reason; the lock waits for every score, and a locked round refuses both', async (ctx) => {
  const partial = await upload(ctx, [header, ['001', '张伟', 60], ['002', '李强', 95]], { allowMissing: 'true' });
  assert.is(partial.status, 200);
  const partialHtml = await partial.text();
  assert.match(textOf(partialHtml), '1 contestants have no score in the file.');
  assert.is((await ctx.organizer.post(`${page(ctx.f)}/confirm`, confirmFields(partialHtml))).status, 303);

  const lockRefused = await ctx.organizer.post(`${page(ctx.f)}/lock`, {});
  assert.is(lockRefused.status, 409);
  assert.match(textOf(byTestId(await lockRefused.text(), 'scores-problems')), 'Bib 003: no score yet.');

  const noReason = await ctx.organizer.post(`${page(ctx.f)}/manual`, { bib: '003', score: '77', reason: ' ' });
  assert.is(noReason.status, 422);
  assert.match(textOf(await noReason.text()), 'Give the reason');
  const saved = await ctx.organizer.post(`${page(ctx.f)}/manual`, { bib: '003', score: '７７', reason: '补考' });
  assert.is(saved.status, 303);
  assert.match(textOf(await (await ctx.organizer.get(saved.headers.get('location')!)).text()), 'Score of bib 003 saved: 77.');
  assert.is(await ctx.target.db.auditEntry.count({ where: { action: 'scores.manual' } }), 1);

  await lockWelding(ctx.target.db, ctx.f);
  const locked = await ctx.organizer.post(`${page(ctx.f)}/lock`, {});
  assert.is(locked.status, 303);
  const lockedPage = textOf(await (await ctx.organizer.get(page(ctx.f))).text());
  assert.match(lockedPage, 'The round is locked: its scores can no longer change.');

  const late = await upload(ctx, [header, ['001', '张伟', 61], ['002', '李强', 95], ['003', '王芳', 77]], { reason: 'late' });
  assert.is(late.status, 409);
  const lateManual = await ctx.organizer.post(`${page(ctx.f)}/manual`, { bib: '001', score: '61', reason: 'late' });
  assert.is(lateManual.status, 409);
  assert.equal((await ctx.target.db.roundScore.findMany({ where: { supersededAt: null }, orderBy: { entryId: 'asc' } })).map((s) => s.score), [60, 95, 77]);

  // Both rounds locked: the results preview shows the theory score and the totals: 张伟 60 × 0.3 + 70 = 88, 王芳 77 × 0.3 + 35 = 58.1.
  const results = textOf(await (await ctx.organizer.get(`/skills/${ctx.f.skillId}/results`)).text());
  assert.match(results, '88.00');
  assert.match(results, '58.10');
});

test('the scheme editor: a round set to imported scores, and the theory share warning', async (ctx) => {
  // Back to registration, so the rules may change (nothing is marked on the theory round).
  await ctx.target.db.event.update({ where: { id: ctx.f.eventId }, data: { status: 'registration' } });
  const skillPage = await ctx.organizer.get(`/skills/${ctx.f.skillId}`);
  const html = await skillPage.text();
  assert.match(textOf(byTestId(html, 'round-imported-theory')), 'Scores out of 100 are imported from the exam system');
  assert.not.match(html, 'data-testid="skill-warnings"');

  const saved = await ctx.organizer.post(`/rounds/${ctx.f.theoryId}`, { code: 'theory', name: '理论知识', weight: '40', maxScore: '100', scoring: 'imported' });
  assert.is(saved.status, 200);
  const fragment = await saved.text();
  assert.match(textOf(byTestId(fragment, 'skill-warnings')), 'Theory weighs 40% of the total; many official rules allow at most 30%.');
  // The marked practical round cannot become imported while it has criteria.
  const refused = await ctx.organizer.post(`/rounds/${ctx.f.roundId}`, { code: 'practical', name: '实际操作', weight: '60', maxScore: '40', scoring: 'imported' });
  assert.is(refused.status, 422);
  assert.match(textOf(await refused.text()), 'A round whose scores are imported has no criteria');
  assert.is((await ctx.target.db.round.findUniqueOrThrow({ where: { id: ctx.f.roundId } })).scoring, 'marks');
  // No criteria can be added to an imported round.
  const criterion = await ctx.organizer.post(`/rounds/${ctx.f.theoryId}/criteria`, { code: 'T', name: '笔试' });
  assert.is(criterion.status, 422);
  assert.is(await ctx.target.db.criterion.count({ where: { roundId: ctx.f.theoryId } }), 0);
});

test.run();
