import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { dialectOf } from '../../src/db/native.ts';
import { photoStoreOf } from '../../src/registration/photo-store.ts';
import { writeCsv } from '../../src/events/scheme-files.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { createAccount } from '../support/fixtures.ts';
import { call, tokenFor } from '../support/api.ts';
import { byTestId } from '../support/desk.ts';
import { idNumber } from '../support/people.ts';
import { maskIdNumber } from '../../src/domain/id-number.ts';

interface Context { target: TestApp; organizer: TestClient; eventId: number; welding: number; turning: number; organizationId: number }
const EN = { 'accept-language': 'en' };

const registration = suite<Context>('registration, check-in and the draw', {} as Context);
registration.before.each(async (ctx) => {
  ctx.target = await freshApp();
  await createAccount(ctx.target.db, { username: 'organizer', password: 'organizer-password' });
  await createAccount(ctx.target.db, { username: 'judge', password: 'judge-password', role: 'judge' });
  const event = await ctx.target.db.event.create({ data: { name: '2026年定海区职工技能大比武', status: 'registration' } });
  ctx.eventId = event.id;
  ctx.welding = (await ctx.target.db.skill.create({ data: { eventId: event.id, name: '焊工', nameEn: 'Welding', tieBreaks: '[]' } })).id;
  ctx.turning = (await ctx.target.db.skill.create({ data: { eventId: event.id, name: '数控车工', nameEn: 'CNC turning', tieBreaks: '[]', position: 1 } })).id;
  ctx.organizationId = (await ctx.target.db.organization.create({ data: { eventId: event.id, name: '船舶修造公司', approvedAt: new Date() } })).id;
  ctx.organizer = new TestClient(ctx.target, EN);
  await ctx.organizer.get('/login');
  await ctx.organizer.post('/login', { username: 'organizer', password: 'organizer-password' });
  await ctx.organizer.get(`/events/${event.id}/registration`);
});
registration.after.each(async (ctx) => { await ctx.target.close(); });

function contestantForm(ctx: Context, fields: Record<string, string> = {}) {
  return {
    name: '张伟', gender: 'male', organizationId: String(ctx.organizationId), idNumber: idNumber('19900101', 1),
    phone: '138 0013 8000', skillLevel: 'senior', 'entries.0.skillId': String(ctx.welding), [`bib_${ctx.welding}`]: '', ...fields,
  };
}

registration('an organizer registers a contestant; the bib is numbered automatically', async (ctx) => {
  const response = await ctx.organizer.post(`/events/${ctx.eventId}/contestants/new`, contestantForm(ctx));
  assert.is(response.status, 303);
  const contestant = await ctx.target.db.contestant.findFirstOrThrow({ include: { entries: true } });
  assert.is(contestant.idNumber, idNumber('19900101', 1));
  assert.is(contestant.birthDate, '1990-01-01');
  assert.is(contestant.phone, '13800138000');
  assert.equal(contestant.entries.map((e) => [e.skillId, e.bib]), [[ctx.welding, '001']]);
  const page = await (await ctx.organizer.get(`/events/${ctx.eventId}/registration`)).text();
  // Masked on the list like the printouts; "show" reveals it, audited (registration-list.test.ts).
  assert.not.match(page, idNumber('19900101', 1));
  assert.match(page, maskIdNumber(idNumber('19900101', 1)));
  assert.match(await (await ctx.organizer.get(`/contestants/${contestant.id}/edit`)).text(), idNumber('19900101', 1), 'the contestant\'s form holds the whole number');
});

registration('bad ID numbers, a gender that contradicts the ID and duplicates are refused', async (ctx) => {
  const id = idNumber('19900101', 1);
  const badCheck = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
  let response = await ctx.organizer.post(`/events/${ctx.eventId}/contestants/new`, contestantForm(ctx, { idNumber: badCheck }));
  assert.is(response.status, 422);
  assert.match(await response.text(), 'The last character does not match the first 17');
  response = await ctx.organizer.post(`/events/${ctx.eventId}/contestants/new`, contestantForm(ctx, { gender: 'female' }));
  assert.is(response.status, 422);
  assert.match(await response.text(), 'Does not match the gender in the ID number.');
  response = await ctx.organizer.post(`/events/${ctx.eventId}/contestants/new`, contestantForm(ctx, { phone: '12345' }));
  assert.is(response.status, 422);
  assert.is(await ctx.target.db.contestant.count(), 0);

  assert.is((await ctx.organizer.post(`/events/${ctx.eventId}/contestants/new`, contestantForm(ctx))).status, 303);
  await ctx.organizer.get(`/events/${ctx.eventId}/contestants/new`);
  response = await ctx.organizer.post(`/events/${ctx.eventId}/contestants/new`, contestantForm(ctx, { name: '张伟伟' }));
  assert.is(response.status, 422);
  assert.match(await response.text(), 'This ID number is already registered (for 张伟).');
  assert.is(await ctx.target.db.contestant.count(), 1);
});

registration('several skills only when the event allows it', async (ctx) => {
  const both = contestantForm(ctx, { 'entries.1.skillId': String(ctx.turning), [`bib_${ctx.turning}`]: 'T-01' });
  let response = await ctx.organizer.post(`/events/${ctx.eventId}/contestants/new`, both);
  assert.is(response.status, 422);
  assert.match(await response.text(), 'This event allows one skill per contestant.');
  await ctx.target.db.event.update({ where: { id: ctx.eventId }, data: { allowMultipleSkills: true } });
  response = await ctx.organizer.post(`/events/${ctx.eventId}/contestants/new`, both);
  assert.is(response.status, 303);
  const entries = await ctx.target.db.entry.findMany({ orderBy: { skillId: 'asc' } });
  assert.equal(entries.map((e) => e.bib), ['001', 'T-01']);
});

registration('judges cannot open or change registration', async (ctx) => {
  const judge = new TestClient(ctx.target, EN);
  await judge.get('/login');
  await judge.post('/login', { username: 'judge', password: 'judge-password' });
  assert.is((await judge.get(`/events/${ctx.eventId}/registration`)).status, 403);
  assert.is((await judge.get(`/events/${ctx.eventId}/check-in`)).status, 403);
  assert.is((await judge.get(`/skills/${ctx.welding}/draw`)).status, 403);
  await judge.get('/');
  assert.is((await judge.post(`/events/${ctx.eventId}/contestants/new`, contestantForm(ctx))).status, 403);
  assert.is(await ctx.target.db.contestant.count(), 0);
});

function upload(client: TestClient, eventId: number, rows: string[][]) {
  const form = new FormData();
  form.append('file', new File([writeCsv(rows) as Uint8Array<ArrayBuffer>], 'list.csv'));
  return client.postMultipart(`/events/${eventId}/registration/import`, form);
}

const header = ['Name', 'Gender', 'Organization', 'ID number', 'Phone', 'Skill', 'Current skill level', 'Bib'];
/** A file with two mistakes: row 3 repeats row 2's entry, row 4 has a bad ID number and an unknown skill. */
const mistakes = [
  header,
  ['王芳', 'female', '机电设备公司', idNumber('19880315', 2), '13900139000', 'Welding', 'senior', ''],
  ['王芳', 'female', '机电设备公司', idNumber('19880315', 2), '13900139000', 'Welding', 'senior', ''],
  ['李强', 'male', '机电设备公司', '330902199001010011', '', 'Plumbing', '', ''],
];

registration('an import with mistakes shows every one and writes nothing; a clean one waits for confirmation', async (ctx) => {
  const broken = [
    ...mistakes,
  ];
  let response = await upload(ctx.organizer, ctx.eventId, broken);
  assert.is(response.status, 422);
  let html = await response.text();
  assert.match(html, /the file has \d+ mistakes/);
  assert.match(html, /<td>3<\/td><td>ID number<\/td>/);
  assert.match(html, /<td>4<\/td><td>Skill<\/td>/);
  // All or nothing: the only way on from here is the explicit "valid rows only" (import-valid-only).
  const forms = [...html.matchAll(/<form[^>]*registration\/import\/confirm[\s\S]*?<\/form>/g)].map((m) => m[0]);
  assert.is(forms.length, 1);
  assert.match(forms[0]!, 'name="validOnly" value="1"');
  const keptId = /name="pendingId" value="([^"]+)"/.exec(html)![1]!;
  const plain = await ctx.organizer.post(`/events/${ctx.eventId}/registration/import/confirm`, { pendingId: keptId });
  assert.is(plain.status, 422, 'confirming the file as a whole shows its mistakes again');
  assert.is(await ctx.target.db.contestant.count(), 0);
  assert.is(await ctx.target.db.organization.count(), 1);

  const clean = [header,
    ['王芳', 'female', '机电设备公司', idNumber('19880315', 2), '13900139000', 'Welding', 'senior', ''],
    ['李强', 'male', '船舶修造公司', idNumber('19950720', 3), '', '数控车工', '', '050'],
  ];
  response = await upload(ctx.organizer, ctx.eventId, clean);
  assert.is(response.status, 200);
  html = await response.text();
  assert.match(html, 'The file is clean: 2 entries are ready to import.');
  const existing = (await ctx.target.db.organization.findFirstOrThrow()).name;
  const added = ['机电设备公司', '船舶修造公司'].filter((name) => name !== existing);
  assert.match(html, `Confirming also creates the organizations the event does not have yet (${added.length}): ${added.join(', ')}.`);
  assert.is([...html.matchAll(/name="pendingId"/g)].length, 2, 'the confirm button above the 300 rows as well as below');
  assert.not.match(html, idNumber('19880315', 2), 'ID numbers masked in the preview');
  assert.is(await ctx.target.db.contestant.count(), 0, 'nothing before confirmation');
  const pendingId = /name="pendingId" value="([^"]+)"/.exec(html)?.[1] ?? '';
  response = await ctx.organizer.post(`/events/${ctx.eventId}/registration/import/confirm`, { pendingId });
  assert.is(response.status, 303);
  const summary = await (await ctx.organizer.get(response.headers.get('location')!)).text();
  assert.match(summary, `Imported. Entries: 2; new contestants: 2; new organizations: ${added.length}.`);
  const entries = await ctx.target.db.entry.findMany({ include: { contestant: { include: { organization: true } } }, orderBy: { bib: 'asc' } });
  assert.equal(entries.map((e) => [e.bib, e.contestant.name, e.contestant.organization.name]), [['050', '李强', '船舶修造公司'], ['051', '王芳', '机电设备公司']]);
  await ctx.organizer.get(`/events/${ctx.eventId}/registration`);
  response = await ctx.organizer.post(`/events/${ctx.eventId}/registration/import/confirm`, { pendingId });
  assert.is(response.status, 409, 'a preview is imported once');
  assert.is(await ctx.target.db.entry.count(), 2);
});

registration('an import\'s optional Latin-name column is kept as typed; blank leaves it to pinyin', async (ctx) => {
  const rows = [[...header, 'Name in Latin letters'],
    ['王芳', 'female', '机电设备公司', idNumber('19880315', 2), '', 'Welding', '', '', 'WONG Fong'],
    ['李强', 'male', '机电设备公司', idNumber('19950720', 3), '', 'Welding', '', '', ''],
  ];
  const response = await upload(ctx.organizer, ctx.eventId, rows);
  assert.is(response.status, 200);
  const pendingId = /name="pendingId" value="([^"]+)"/.exec(await response.text())?.[1] ?? '';
  assert.is((await ctx.organizer.post(`/events/${ctx.eventId}/registration/import/confirm`, { pendingId })).status, 303);
  const people = await ctx.target.db.contestant.findMany({ orderBy: { name: 'asc' }, select: { name: true, nameLatin: true } });
  assert.equal(people, [{ name: '李强', nameLatin: '' }, { name: '王芳', nameLatin: 'WONG Fong' }]);
  // The export carries the column, so a list can go out and come back.
  const exported = await (await ctx.organizer.get(`/events/${ctx.eventId}/registration.csv`)).text();
  assert.match(exported.split(/\r?\n/)[0]!, 'Name in Latin letters');
  assert.match(exported, 'WONG Fong');
});

registration('a file with mistakes: its rejected rows as XLSX with reasons, or, when asked, the valid rows only', async (ctx) => {
  const rows = [
    ...mistakes,
    ['张伟', 'male', '船舶修造公司', idNumber('19950720', 3), '', '数控车工', '', '050'],
  ];
  const response = await upload(ctx.organizer, ctx.eventId, rows);
  assert.is(response.status, 422);
  const html = await response.text();
  assert.match(byTestId(html, 'import-valid-only'), 'Import only the 2 rows without problems');
  const rejectedLink = /href="(\/events\/\d+\/registration\/import\/[\w-]+\/rejected\.xlsx)"/.exec(html)![1]!;
  const xlsx = await ctx.organizer.get(rejectedLink);
  assert.is(xlsx.status, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await xlsx.arrayBuffer());
  const sheet = book.worksheets[0]!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
  assert.equal(sheet[0], [...header, 'Problem']);
  assert.equal(sheet.slice(1).map((r) => r[0]), ['王芳', '李强'], 'the rows with problems, as they were');
  assert.match(String(sheet[1]![8]), 'ID number: This person is already entered in this skill on row 2.');
  assert.match(String(sheet[2]![8]), 'Skill: This event has no skill “Plumbing”.');

  const pendingId = /name="pendingId" value="([^"]+)"/.exec(html)![1]!;
  const done = await ctx.organizer.post(`/events/${ctx.eventId}/registration/import/confirm`, { pendingId, validOnly: '1' });
  assert.is(done.status, 303);
  const summary = await (await ctx.organizer.get(done.headers.get('location')!)).text();
  assert.match(summary, 'Imported. Entries: 2; new contestants: 2;');
  assert.match(summary, 'Rows left out because of problems: 2.');
  const names = (await ctx.target.db.contestant.findMany({ orderBy: { name: 'asc' } })).map((c) => c.name);
  assert.equal(names.sort(), ['张伟', '王芳'].sort());
  const audit = await ctx.target.db.auditEntry.findFirstOrThrow({ where: { action: 'registration.import' } });
  assert.equal(JSON.parse(audit.details).skippedRows, [3, 4]);
  assert.is((await ctx.organizer.get(rejectedLink)).status, 410, 'the preview is used up');
});

registration('registration closes when the competition starts', async (ctx) => {
  await ctx.target.db.event.update({ where: { id: ctx.eventId }, data: { status: 'in_progress' } });
  const response = await ctx.organizer.post(`/events/${ctx.eventId}/contestants/new`, contestantForm(ctx));
  assert.is(response.status, 409);
  assert.match(await response.text(), 'Registration is closed');
  assert.is(await ctx.target.db.contestant.count(), 0);
});

async function registerThree(ctx: Context) {
  for (const [i, [name, gender, birth]] of [['张伟', 'male', '19900101'], ['王芳', 'female', '19880315'], ['李强', 'male', '19950720']].entries()) {
    await ctx.organizer.post(`/events/${ctx.eventId}/contestants/new`, contestantForm(ctx, { name: name!, gender: gender!, idNumber: idNumber(birth!, i + 1) }));
  }
  await ctx.target.db.event.update({ where: { id: ctx.eventId }, data: { status: 'in_progress' } });
  return ctx.target.db.entry.findMany({ orderBy: { bib: 'asc' } });
}

registration('check-in marks present or absent; absent becomes DNS; the draw waits for everyone', async (ctx) => {
  const entries = await registerThree(ctx);
  await ctx.organizer.get(`/events/${ctx.eventId}/check-in?q=王`);
  assert.match(ctx.organizer.lastHtml, '王芳');
  assert.not.match(ctx.organizer.lastHtml, '张伟', 'the search narrows the list');
  await ctx.organizer.get(`/events/${ctx.eventId}/check-in?q=${encodeURIComponent(`JX:${ctx.eventId}:003`)}`);
  assert.match(ctx.organizer.lastHtml, '李强', 'a scanned admission ticket finds its bib');
  assert.not.match(ctx.organizer.lastHtml, '王芳');

  const hx = { 'hx-request': 'true' };
  let response = await ctx.organizer.post(`/entries/${entries[0]!.id}/attendance`, { attendance: 'present' }, hx);
  assert.is(response.status, 200);
  assert.match(await response.text(), 'checkin-present');
  await ctx.organizer.post(`/entries/${entries[1]!.id}/attendance`, { attendance: 'absent' }, hx);
  const absent = await ctx.target.db.entry.findUniqueOrThrow({ where: { id: entries[1]!.id } });
  assert.equal([absent.attendance, absent.status], ['absent', 'dns']);

  await ctx.organizer.get(`/skills/${ctx.welding}/draw`);
  response = await ctx.organizer.post(`/skills/${ctx.welding}/draw`, { roundId: '' });
  assert.is(response.status, 409);
  assert.match(await response.text(), '1 entries are not checked in yet.');
  assert.is(await ctx.target.db.draw.count(), 0);
});

registration('a desk that checks identity asks the last four ID digits before "present", and shows the photo', async (ctx) => {
  const entries = await registerThree(ctx);
  const hx = { 'hx-request': 'true' };
  const zhang = await ctx.target.db.contestant.findFirstOrThrow({ where: { name: '张伟' } });
  await ctx.target.db.contestant.update({ where: { id: zhang.id }, data: { photoPath: 'photos/zhang.jpg' } });
  const page = await (await ctx.organizer.get(`/events/${ctx.eventId}/check-in?verify=1`)).text();
  assert.match(byTestId(page, 'checkin-001'), `src="/contestants/${zhang.id}/photo"`);
  assert.match(byTestId(page, 'checkin-001'), 'name="last4"');
  assert.not.match(byTestId(await (await ctx.organizer.get(`/events/${ctx.eventId}/check-in`)).text(), 'checkin-001'), 'name="last4"', 'only where the desk checks');

  const wrong = await ctx.organizer.post(`/entries/${entries[0]!.id}/attendance`, { attendance: 'present', verify: '1', last4: '0000' }, hx);
  assert.is(wrong.status, 422);
  assert.match(await wrong.text(), 'The last four digits do not match');
  assert.is((await ctx.target.db.entry.findUniqueOrThrow({ where: { id: entries[0]!.id } })).attendance, null, 'nothing recorded');
  const missing = await ctx.organizer.post(`/entries/${entries[0]!.id}/attendance`, { attendance: 'present', verify: '1' }, hx);
  assert.is(missing.status, 422);
  const right = await ctx.organizer.post(`/entries/${entries[0]!.id}/attendance`, { attendance: 'present', verify: '1', last4: zhang.idNumber.slice(-4).toLowerCase() }, hx);
  assert.is(right.status, 200);
  assert.is((await ctx.target.db.entry.findUniqueOrThrow({ where: { id: entries[0]!.id } })).attendance, 'present');
  const absent = await ctx.organizer.post(`/entries/${entries[1]!.id}/attendance`, { attendance: 'absent', verify: '1' }, hx);
  assert.is(absent.status, 200, 'absent needs no ID card');
  // Corrected to absent and back: the row that came back still asks, and still checks.
  const corrected = await ctx.organizer.post(`/entries/${entries[0]!.id}/attendance`, { attendance: 'absent', verify: '1' }, hx);
  const row = await corrected.text();
  assert.match(row, 'name="verify" value="1"');
  assert.match(row, 'name="last4"');
  const unchecked = await ctx.organizer.post(`/entries/${entries[0]!.id}/attendance`, { attendance: 'present', verify: '1' }, hx);
  assert.is(unchecked.status, 422);
  assert.is((await ctx.target.db.entry.findUniqueOrThrow({ where: { id: entries[0]!.id } })).attendance, 'absent');
});

registration('a skill that checks ID cards asks at every desk, and through the API', async (ctx) => {
  const entries = await registerThree(ctx);
  const hx = { 'hx-request': 'true' };
  await ctx.target.db.skill.update({ where: { id: ctx.welding }, data: { identityCheck: true } });
  const zhang = await ctx.target.db.contestant.findFirstOrThrow({ where: { name: '张伟' } });
  const page = await (await ctx.organizer.get(`/events/${ctx.eventId}/check-in`)).text();
  assert.match(byTestId(page, 'checkin-001'), 'name="last4"', 'asked without the desk\'s own toggle');

  const plain = await ctx.organizer.post(`/entries/${entries[0]!.id}/attendance`, { attendance: 'present' }, hx);
  assert.is(plain.status, 422);
  assert.match(await plain.text(), 'The last four digits do not match');
  assert.is((await ctx.target.db.entry.findUniqueOrThrow({ where: { id: entries[0]!.id } })).attendance, null, 'nothing recorded');
  const right = await ctx.organizer.post(`/entries/${entries[0]!.id}/attendance`, { attendance: 'present', last4: zhang.idNumber.slice(-4) }, hx);
  assert.is(right.status, 200);

  // The API keeps the rule: no last4, no "present".
  const token = await tokenFor(ctx.target, 'organizer', 'integrator');
  const api = (body: unknown) => call(ctx.target, token, 'POST', `/api/v1/entries/${entries[0]!.id}/attendance`, body);
  assert.is((await api({ attendance: 'absent' })).status, 200, 'absent needs no ID card');
  const refused = await api({ attendance: 'present' });
  assert.is(refused.status, 422);
  assert.match(refused.text, 'The last four digits do not match');
  assert.is((await ctx.target.db.entry.findUniqueOrThrow({ where: { id: entries[0]!.id } })).attendance, 'absent');
  assert.is((await api({ attendance: 'present', last4: zhang.idNumber.slice(-4) })).status, 200);
  assert.is((await ctx.target.db.entry.findUniqueOrThrow({ where: { id: entries[0]!.id } })).attendance, 'present');
});

registration('the end of check-in: everyone not checked in yet is absent, asked first; drawn skills and recorded statuses are left alone', async (ctx) => {
  const entries = await registerThree(ctx);
  const hx = { 'hx-request': 'true' };
  // A fourth in another skill, whose lots are drawn, and one of the three disqualified.
  const other = await ctx.target.db.entry.create({ data: { eventId: ctx.eventId, skillId: ctx.turning, contestantId: entries[0]!.contestantId, bib: '901' } });
  await ctx.target.db.draw.create({ data: { skillId: ctx.turning, seed: 'x'.repeat(64), drawnById: (await ctx.target.db.account.findFirstOrThrow({ where: { username: 'organizer' } })).id } });
  await ctx.target.db.entry.update({ where: { id: entries[2]!.id }, data: { status: 'disqualified' } });
  await ctx.organizer.get(`/events/${ctx.eventId}/check-in`);
  await ctx.organizer.post(`/entries/${entries[0]!.id}/attendance`, { attendance: 'present' }, hx);

  const page = await (await ctx.organizer.get(`/events/${ctx.eventId}/check-in`)).text();
  const ask = byTestId(page, 'rest-absent');
  assert.match(ask, 'The rest are absent (3)');
  assert.match(ask, 'Everyone not checked in yet (3) is marked absent');
  assert.match(page, 'class="button button-ok-solid" aria-pressed="true"', '"present" is green');

  const response = await ctx.organizer.post(`/events/${ctx.eventId}/check-in/absent`, {});
  assert.is(response.status, 303);
  assert.match(await (await ctx.organizer.get(response.headers.get('location')!)).text(), 'Marked absent: 1.');
  const state = async (id: number) => { const e = await ctx.target.db.entry.findUniqueOrThrow({ where: { id } }); return [e.attendance, e.status]; };
  assert.equal(await state(entries[0]!.id), ['present', 'registered']);
  assert.equal(await state(entries[1]!.id), ['absent', 'dns'], 'the one not checked in');
  assert.equal(await state(entries[2]!.id), [null, 'disqualified'], 'a recorded status is not overwritten');
  assert.equal(await state(other.id), [null, 'registered'], 'a drawn skill keeps its attendance');
  assert.ok(await ctx.target.db.auditEntry.findFirst({ where: { action: 'checkin.absentRest', subject: '1' } }));
  // Before the competition starts it changes nothing.
  await ctx.target.db.event.update({ where: { id: ctx.eventId }, data: { status: 'registration' } });
  await ctx.target.db.entry.update({ where: { id: entries[1]!.id }, data: { attendance: null, status: 'registered' } });
  await ctx.organizer.get(`/events/${ctx.eventId}/check-in`);
  assert.is((await ctx.organizer.post(`/events/${ctx.eventId}/check-in/absent`, {})).status, 303);
  assert.equal(await state(entries[1]!.id), [null, 'registered']);
});

registration('the draw seats the present, seals the codes, and a redo keeps the old draw on record', async (ctx) => {
  const entries = await registerThree(ctx);
  const hx = { 'hx-request': 'true' };
  await ctx.organizer.get(`/events/${ctx.eventId}/check-in`);
  await ctx.organizer.post(`/entries/${entries[0]!.id}/attendance`, { attendance: 'present' }, hx);
  await ctx.organizer.post(`/entries/${entries[1]!.id}/attendance`, { attendance: 'absent' }, hx);
  await ctx.organizer.post(`/entries/${entries[2]!.id}/attendance`, { attendance: 'present' }, hx);

  await ctx.organizer.get(`/skills/${ctx.welding}/draw`);
  let response = await ctx.organizer.post(`/skills/${ctx.welding}/draw`, { roundId: '' });
  assert.is(response.status, 303);
  const html = await (await ctx.organizer.get(response.headers.get('location')!)).text();
  assert.match(html, 'Lots drawn.');
  const draw = await ctx.target.db.draw.findFirstOrThrow({ include: { assignments: true } });
  assert.is(draw.seed.length, 64, '32 random bytes, recorded');
  assert.not.match(html, draw.seed, 'the seed would replay the codes, so it stays hidden until the rounds are locked');
  assert.equal(draw.assignments.map((a) => a.entryId).sort(), [entries[0]!.id, entries[2]!.id].sort(), 'only the present get stations');
  assert.equal(draw.assignments.map((a) => a.station).sort(), [1, 2]);
  for (const { code } of draw.assignments) assert.not.match(html, `>${code}<`, 'the organizer\'s page does not show the codes');
  assert.match(html, '张伟');

  const cards = await (await ctx.organizer.get(`/draws/${draw.id}/code-cards`)).text();
  for (const { code } of draw.assignments) assert.match(cards, code);
  assert.not.match(cards, '张伟', 'code cards carry no names');

  // Attendance is frozen once lots are drawn.
  response = await ctx.organizer.post(`/entries/${entries[1]!.id}/attendance`, { attendance: 'present' }, hx);
  assert.is(response.status, 409);

  await ctx.organizer.get(`/skills/${ctx.welding}/draw`);
  response = await ctx.organizer.post(`/skills/${ctx.welding}/draw`, { roundId: '', reason: ' ' });
  assert.is(response.status, 422);
  assert.match(await response.text(), 'Give the reason for drawing again.');
  response = await ctx.organizer.post(`/skills/${ctx.welding}/draw`, { roundId: '', reason: '工位 2 设备故障' });
  assert.is(response.status, 303);
  const draws = await ctx.target.db.draw.findMany({ orderBy: { id: 'asc' } });
  assert.is(draws.length, 2);
  assert.ok(draws[0]!.supersededAt, 'the first draw is superseded, not deleted');
  assert.is(draws[1]!.reason, '工位 2 设备故障');
  const audit = await ctx.target.db.auditEntry.findMany({ orderBy: { id: 'asc' } });
  // Printing the code cards is on record too (they carry the secret codes).
  assert.equal(audit.map((a) => a.action), ['draw', 'draw.codeCards', 'draw.redo']);
});

registration('the database itself refuses to rewrite draws or the audit log', async (ctx) => {
  const entries = await registerThree(ctx);
  for (const entry of entries) await ctx.target.db.entry.update({ where: { id: entry.id }, data: { attendance: 'present' } });
  await ctx.organizer.get(`/skills/${ctx.welding}/draw`);
  await ctx.organizer.post(`/skills/${ctx.welding}/draw`, { roundId: '' });
  const { db } = ctx.target;
  for (const sql of [
    'UPDATE "DrawAssignment" SET "code" = \'000\'',
    'DELETE FROM "DrawAssignment"',
    'DELETE FROM "Draw"',
    'UPDATE "Draw" SET "seed" = \'00\'',
    'UPDATE "AuditEntry" SET "action" = \'nothing\'',
    'DELETE FROM "AuditEntry"',
  ]) {
    let refused = false;
    try { await db.$executeRawUnsafe(sql); } catch { refused = true; }
    assert.ok(refused, sql);
  }
  assert.is(await db.drawAssignment.count(), 3);
  assert.is(await db.auditEntry.count(), 1);
});

registration('names are decrypted only for a locked round, and the decryption is logged', async (ctx) => {
  const entries = await registerThree(ctx);
  for (const entry of entries) await ctx.target.db.entry.update({ where: { id: entry.id }, data: { attendance: 'present' } });
  const round = await ctx.target.db.round.create({ data: { skillId: ctx.welding, code: 'practical', name: 'Practical', weight: 100, maxScore: 100 } });
  await ctx.organizer.get(`/skills/${ctx.welding}/draw`);
  await ctx.organizer.post(`/skills/${ctx.welding}/draw`, { roundId: '' });
  const theory = await ctx.target.db.round.create({ data: { skillId: ctx.welding, code: 'theory', name: 'Theory', weight: 0, maxScore: 100 } });
  let response = await ctx.organizer.get(`/rounds/${round.id}/decrypt`);
  assert.is(response.status, 409);
  assert.match(await response.text(), 'only after the chief judge has locked this round');
  await ctx.target.db.round.update({ where: { id: round.id }, data: { lockedAt: new Date() } });
  response = await ctx.organizer.get(`/rounds/${round.id}/decrypt`);
  assert.is(response.status, 409, 'the theory round shares the skill-wide codes and is still open');
  assert.is((await ctx.organizer.post(`/rounds/${round.id}/decrypt`, {})).status, 409, 'nor by posting');
  await ctx.target.db.round.update({ where: { id: theory.id }, data: { lockedAt: new Date() } });
  // A GET (a link, or a page elsewhere that loads it) only asks for confirmation: nothing revealed, nothing on record.
  response = await ctx.organizer.get(`/rounds/${round.id}/decrypt`);
  assert.is(response.status, 200);
  const confirm = await response.text();
  assert.match(confirm, 'data-testid="decrypt-confirm"');
  assert.match(confirm, 'It is recorded in the audit log under your name.');
  assert.not.match(confirm, '张伟');
  assert.not.match(confirm, 'data-testid="decryption"');
  assert.is(await ctx.target.db.auditEntry.count({ where: { action: 'decrypt' } }), 0);
  response = await ctx.organizer.post(`/rounds/${round.id}/decrypt`, {});
  assert.is(response.status, 200);
  const html = await response.text();
  const { code } = await ctx.target.db.drawAssignment.findFirstOrThrow();
  assert.match(html, code);
  assert.match(html, '张伟');
  assert.is(await ctx.target.db.auditEntry.count({ where: { action: 'decrypt' } }), 1);
  // Without the form's CSRF token (a post from another site) nothing is revealed.
  const forged = await ctx.organizer.post(`/rounds/${round.id}/decrypt`, { _csrf: 'forged' });
  assert.is(forged.status, 403);
  assert.not.match(await forged.text(), '张伟');
  assert.is(await ctx.target.db.auditEntry.count({ where: { action: 'decrypt' } }), 1);
});

registration('a contestant\'s photo is checked by its bytes, stored, and shown to organizers only', async (ctx) => {
  await ctx.organizer.post(`/events/${ctx.eventId}/contestants/new`, contestantForm(ctx));
  const contestant = await ctx.target.db.contestant.findFirstOrThrow();
  await ctx.organizer.get(`/contestants/${contestant.id}/edit`);
  const send = (bytes: Uint8Array, name: string) => {
    const form = new FormData();
    form.append('photo', new File([bytes as Uint8Array<ArrayBuffer>], name));
    return ctx.organizer.postMultipart(`/contestants/${contestant.id}/photo`, form);
  };
  let response = await send(new TextEncoder().encode('<svg onload="alert(1)"/>'), 'face.png');
  assert.is(response.headers.get('location'), `/contestants/${contestant.id}/edit?photo=type`);
  assert.match(await (await ctx.organizer.get(response.headers.get('location')!)).text(), 'That file is not a JPEG or PNG picture.');
  assert.is((await ctx.target.db.contestant.findUniqueOrThrow({ where: { id: contestant.id } })).photoPath, null);

  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
  response = await send(png, 'face.png');
  assert.is(response.headers.get('location'), `/contestants/${contestant.id}/edit?photo=saved`);
  const photo = await ctx.organizer.get(`/contestants/${contestant.id}/photo`);
  assert.is(photo.status, 200);
  assert.is(photo.headers.get('content-type'), 'image/png');
  assert.equal(new Uint8Array(await photo.arrayBuffer()), png);
  assert.match(await (await ctx.organizer.get(`/events/${ctx.eventId}/print/tickets`)).text(), `src="/contestants/${contestant.id}/photo"`);

  const judge = new TestClient(ctx.target, EN);
  await judge.get('/login');
  await judge.post('/login', { username: 'judge', password: 'judge-password' });
  assert.is((await judge.get(`/contestants/${contestant.id}/photo`)).status, 403);

  // Stored where every server finds it: a file of the one SQLite server's folder, a row of the shared PostgreSQL.
  const db = ctx.target.db;
  const store = photoStoreOf(db, ctx.target.config.dataDir);
  const dir = path.join(ctx.target.config.dataDir, 'photos');
  const [stored] = await store.list();
  assert.ok(stored, 'the photo is stored');
  if (dialectOf(db) === 'postgresql') {
    assert.ok(await db.photo.findUnique({ where: { name: stored.name } }), 'a row of the Photo table');
    assert.equal(await readdir(dir).catch(() => []), [], 'no file on this node');
  } else assert.equal(await readdir(dir), [stored.name], 'a file of DATA_DIR/photos');

  // Deleting the contestant takes the photo too (once past the few minutes an upload may take).
  const old = new Date(Date.now() - 10 * 60_000);
  if (dialectOf(db) === 'postgresql') await db.photo.update({ where: { name: stored.name }, data: { createdAt: old } });
  else await utimes(path.join(dir, stored.name), old, old);
  await ctx.organizer.get(`/contestants/${contestant.id}/edit`);
  assert.is((await ctx.organizer.post(`/contestants/${contestant.id}/delete`, {})).status, 303);
  assert.equal(await store.list(), []);
});

registration.run();
