import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { schemeToSheet } from '../../src/domain/scheme-sheet.ts';
import { readSheetFile, writeCsv, writeXlsx } from '../../src/events/scheme-files.ts';
import { findSkill } from '../../src/events/queries.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { refuseInserts } from '../support/failing-writes.ts';
import { TestClient } from '../support/client.ts';
import { createAccount } from '../support/fixtures.ts';
import { sampleRounds } from '../support/scheme-samples.ts';
import { byTestId, textOf } from '../support/desk.ts';

interface Context { target: TestApp; organizer: TestClient; skillId: number }
const EN = { 'accept-language': 'en' };

const files = suite<Context>('marking scheme files over HTTP', {} as Context);
files.before.each(async (ctx) => {
  ctx.target = await freshApp();
  const account = await createAccount(ctx.target.db, { username: 'organizer', password: 'organizer-password' });
  await createAccount(ctx.target.db, { username: 'judge', password: 'judge-password', role: 'judge' });
  const event = await ctx.target.db.event.create({ data: { name: '大比武', createdById: account.id } });
  const skill = await ctx.target.db.skill.create({ data: { eventId: event.id, name: '数控车工', tieBreaks: '[]' } });
  ctx.skillId = skill.id;
  ctx.organizer = new TestClient(ctx.target, EN);
  await ctx.organizer.get('/login');
  await ctx.organizer.post('/login', { username: 'organizer', password: 'organizer-password' });
  await ctx.organizer.get(`/skills/${skill.id}`);
});
files.after.each(async (ctx) => { await ctx.target.close(); });

function upload(client: TestClient, skillId: number, bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
  return client.postMultipart(`/skills/${skillId}/scheme/import`, form);
}

/** Uploads a clean file, sees its preview (nothing changed yet), and confirms it. */
async function importFile(client: TestClient, skillId: number, bytes: Uint8Array, name: string): Promise<Response> {
  const preview = await upload(client, skillId, bytes, name);
  assert.is(preview.status, 200, `${name}: previewed`);
  const view = /name="view" value="([\w-]{22})"/.exec(await preview.text())?.[1];
  assert.ok(view, `${name}: a preview to confirm`);
  return client.post(`/skills/${skillId}/scheme/import/confirm`, { view: view! });
}

files('the template downloads with headers in the user\'s language and imports cleanly', async ({ target, organizer, skillId }) => {
  const template = await organizer.get('/scheme-template.xlsx');
  assert.is(template.status, 200);
  assert.match(template.headers.get('content-disposition') ?? '', "filename*=UTF-8''Template%20with%20examples.xlsx");
  const bytes = new Uint8Array(await template.arrayBuffer());
  const rows = await readSheetFile(bytes, 'template.xlsx');
  assert.is(rows[0]![0], 'Round code');

  const zh = await target.app.request('/scheme-template.csv', { headers: { cookie: `jx_session=${organizer.cookies.get('jx_session')}`, 'accept-language': 'zh-CN' } });
  assert.is((await readSheetFile(new Uint8Array(await zh.arrayBuffer()), 't.csv'))[0]![0], '环节代码');

  const before = await findSkill(target.db, skillId);
  const preview = await upload(organizer, skillId, bytes, 'template.xlsx');
  assert.is(preview.status, 200);
  const html = await preview.text();
  assert.match(textOf(byTestId(html, 'scheme-preview')), 'Import template.xlsx?');
  assert.match(textOf(byTestId(html, 'scheme-now')), 'No rounds.', 'a new skill has none yet');
  assert.match(textOf(byTestId(html, 'scheme-file')), '% of the total');
  assert.equal(await findSkill(target.db, skillId), before, 'nothing replaced before the confirmation');
  const view = /name="view" value="([\w-]{22})"/.exec(html)![1]!;
  const imported = await organizer.post(`/skills/${skillId}/scheme/import/confirm`, { view });
  assert.is(imported.status, 303);
  assert.match(await (await organizer.get(imported.headers.get('location')!)).text(), 'The marking scheme is replaced by the file');
  const skill = (await findSkill(target.db, skillId))!;
  assert.ok(skill.rounds.length >= 2);
  const again = await organizer.post(`/skills/${skillId}/scheme/import/confirm`, { view });
  assert.is(again.status, 409, 'a preview is confirmed once');
});

files('an import whose audit entry cannot be written replaces nothing: the scheme before it stays, and with it the undo', async ({ target, organizer, skillId }) => {
  assert.is((await importFile(organizer, skillId, await writeXlsx(schemeToSheet(sampleRounds, 'en'), 's'), 's.xlsx')).status, 303);
  const before = await findSkill(target.db, skillId);
  // A failing disk or a full audit table, played by a trigger on the one statement.
  await refuseInserts(target.db, 'AuditEntry', 'action', 'scheme.import', 'disk full');
  await organizer.get(`/skills/${skillId}`);
  const template = new Uint8Array(await (await organizer.get('/scheme-template.xlsx')).arrayBuffer());
  await organizer.get(`/skills/${skillId}`);
  const failed = await importFile(organizer, skillId, template, 'template.xlsx');
  assert.is(failed.status, 500);
  assert.equal(await findSkill(target.db, skillId), before, 'the rounds are the ones from before the import');
});

files('export → import round-trips a scheme exactly, in XLSX and CSV', async ({ target, organizer, skillId }) => {
  const xlsx = await writeXlsx(schemeToSheet(sampleRounds, 'zh-CN'), 'scheme');
  assert.is((await importFile(organizer, skillId, xlsx, '方案.xlsx')).status, 303);
  const strip = (rounds: Awaited<ReturnType<typeof findSkill>>) =>
    rounds!.rounds.map(({ id: _r, criteria, ...round }) => ({ ...round, criteria: criteria.map(({ id: _c, aspects, ...c }) => ({ ...c, aspects: aspects.map(({ id: _a, ...a }) => a) })) }));
  // Stored rounds say how they are scored; the sample's rounds are all marked by judges.
  const stored = sampleRounds.map((round) => ({ ...round, scoring: 'marks' }));
  assert.equal(strip(await findSkill(target.db, skillId)), stored);

  for (const format of ['csv', 'xlsx'] as const) {
    const exported = await organizer.get(`/skills/${skillId}/scheme.${format}`);
    assert.is(exported.status, 200);
    assert.match(exported.headers.get('content-disposition') ?? '', `.${format}`);
    await organizer.get(`/skills/${skillId}`);
    const again = await importFile(organizer, skillId, new Uint8Array(await exported.arrayBuffer()), `export.${format}`);
    assert.is(again.status, 303, format);
    assert.equal(strip(await findSkill(target.db, skillId)), stored, format);
  }
});

files('a file full of mistakes is refused row by row, and nothing is imported', async ({ target, organizer, skillId }) => {
  assert.is((await importFile(organizer, skillId, await writeXlsx(schemeToSheet(sampleRounds, 'en'), 's'), 's.xlsx')).status, 303);
  const before = await findSkill(target.db, skillId);
  const rows = schemeToSheet(sampleRounds, 'en');
  rows[1]![9] = 'lots';          // max_mark of row 2 is not a number
  rows[2]![8] = 'guess';         // unknown type on row 3
  const csv = writeCsv(rows);
  await organizer.get(`/skills/${skillId}`);
  const response = await upload(organizer, skillId, csv, 'broken.csv');
  assert.is(response.status, 422);
  const html = await response.text();
  assert.match(html, /Nothing was imported: the file has \d+ mistakes\./);
  assert.match(html, '<td>2</td><td>Max mark</td><td>“lots” is not a number.</td>');
  assert.match(html, '<td>3</td><td>Type</td>');
  assert.equal(await findSkill(target.db, skillId), before, 'the scheme is unchanged');
});

files('an import can be undone until the scheme is edited; the scheme before comes back exactly', async ({ target, organizer, skillId }) => {
  const before = await findSkill(target.db, skillId);
  const strip = (skill: Awaited<ReturnType<typeof findSkill>>) => JSON.stringify(schemeToSheet(skill!.rounds, 'en'));
  assert.is((await importFile(organizer, skillId, await writeXlsx(schemeToSheet(sampleRounds, 'en'), 's'), 'new.xlsx')).status, 303);
  const page = await (await organizer.get(`/skills/${skillId}`)).text();
  assert.match(textOf(byTestId(page, 'scheme-undo')), 'Undo the import of new.xlsx');
  const undone = await organizer.post(`/skills/${skillId}/scheme/import/undo`, {});
  assert.is(undone.status, 303);
  assert.is(strip(await findSkill(target.db, skillId)), strip(before), 'the scheme from before the import');
  assert.not.match(await (await organizer.get(`/skills/${skillId}`)).text(), 'data-testid="scheme-undo"', 'undone once');
  assert.is((await organizer.post(`/skills/${skillId}/scheme/import/undo`, {})).status, 409);

  // Edited after an import: undoing would throw the edit away, so it is no longer offered.
  assert.is((await importFile(organizer, skillId, await writeXlsx(schemeToSheet(sampleRounds, 'en'), 's'), 'new.xlsx')).status, 303);
  const round = (await findSkill(target.db, skillId))!.rounds[0]!;
  await target.db.round.update({ where: { id: round.id }, data: { name: `${round.name}（修订）` } });
  assert.not.match(await (await organizer.get(`/skills/${skillId}`)).text(), 'data-testid="scheme-undo"');
  assert.is((await organizer.post(`/skills/${skillId}/scheme/import/undo`, {})).status, 409);
  assert.equal((await target.db.auditEntry.findMany({ where: { action: { startsWith: 'scheme.import' } }, orderBy: { id: 'asc' } })).map((a) => a.action),
    ['scheme.import', 'scheme.importUndone', 'scheme.import']);
});

files('files that are not spreadsheets are refused with a clear message', async ({ organizer, skillId }) => {
  const response = await upload(organizer, skillId, new TextEncoder().encode('hello'), 'notes.docx');
  assert.is(response.status, 422);
  assert.match(await response.text(), 'Upload an .xlsx or .csv file');
});

files('judges cannot export or import schemes', async ({ target, skillId }) => {
  const judge = new TestClient(target, EN);
  await judge.get('/login');
  await judge.post('/login', { username: 'judge', password: 'judge-password' });
  assert.is((await judge.get(`/skills/${skillId}/scheme.xlsx`)).status, 403);
  assert.is((await judge.get('/scheme-template.csv')).status, 403);
  await judge.get('/');
  const response = await upload(judge, skillId, writeCsv(schemeToSheet(sampleRounds, 'en')), 's.csv');
  assert.is(response.status, 403);
  assert.is(await target.db.round.count({ where: { skillId } }), 0);
});

files('no import once the competition has started', async ({ target, organizer, skillId }) => {
  await target.db.event.updateMany({ data: { status: 'in_progress' } });
  const response = await upload(organizer, skillId, writeCsv(schemeToSheet(sampleRounds, 'en')), 's.csv');
  assert.is(response.status, 422);
  assert.match(await response.text(), 'rules and marking schemes can no longer be changed');
  assert.is(await target.db.round.count({ where: { skillId } }), 0);
});

files.run();
