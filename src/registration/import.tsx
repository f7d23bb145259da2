import { Hono, type Context } from 'hono';
import { recordAudit } from '../audit/record.ts';
import { organizer, registrationStaff } from '../auth/guards.ts';
import { contestantColumnHeader, contestantSheetLimits, contestantsToSheet, contestantTemplate, parseContestantSheet, rejectedRows, withoutRows, type ContestantColumnKey } from '../domain/contestant-sheet.ts';
import type { Db } from '../db/client.ts';
import { oneTimeViews, viewOfEvent } from '../http/one-time.ts';
import { listSkills } from '../events/queries.ts';
import type { SheetCell } from '../domain/scheme-sheet.ts';
import { firstProblems } from '../domain/sheet-header.ts';
import { readSheetFile, SheetFileError } from '../events/scheme-files.ts';
import { sheetDownload } from '../http/download.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { pageContext, renderError, seeOther } from '../http/render.tsx';
import type { MessageKey } from '../i18n/index.ts';
import { ImportPage } from '../../views/pages/registration-import.tsx';
import { registrationEvent } from './routes.tsx';
import * as commands from './commands.ts';
import * as queries from './queries.ts';

/**
 * Bulk registration from XLSX/CSV: upload → preview with every row's problems → confirm.
 * Nothing is written until the organizer confirms a clean file; at confirmation the file is
 * checked again against the database, in case someone registered in between.
 */
export const importRoutes = new Hono<AppEnv>();

/**
 * Uploaded rows waiting for confirmation (or, with problems, for their rejected rows' download
 * and "the valid rows only"): in memory for half an hour, for the organizer who uploaded them
 * only, bounded (src/http/one-time.ts). The rows hold ID and phone numbers; a restart means
 * uploading again.
 */
const pendingImports = oneTimeViews<{ eventId: number; rows: SheetCell[][]; fileName: string }>('registration-import', 30 * 60_000, 100);

async function check(db: Db, eventId: number, allowMultipleSkills: boolean, rows: SheetCell[][]) {
  const [skills, registered, bibs, teamSkills] = await Promise.all([
    listSkills(db, eventId), queries.registeredIdNumbers(db, eventId), queries.usedBibs(db, eventId), queries.teamSkills(db, eventId),
  ]);
  // An import only adds entries, so every stored member stays in its team.
  const teams = new Map(teamSkills.map((s) => [s.skillId, {
    maxSize: s.sizes.max,
    teams: s.teams.map((t) => ({ name: t.name, organization: t.organizationName, members: t.entryIds.length })),
  }]));
  return parseContestantSheet(rows, { skills, existingIdNumbers: registered, allowMultipleSkills, existingBibs: bibs, today: new Date(), teamSkills: teams });
}

type SheetProblem = { row: number; column: string; code: string; params?: Record<string, string | number> };

/** One problem in the user's words: its column's header in the user's language, and the message. */
function problemWords<E extends AppEnv>(c: Context<E>, e: SheetProblem) {
  return {
    column: e.column ? contestantColumnHeader(e.column as ContestantColumnKey, c.get('locale')) : '',
    message: c.get('t')(e.code as MessageKey, e.params),
  };
}

/** The first problems in the user's words, and a last line saying how many more there are. */
function problems<E extends AppEnv>(c: Context<E>, errors: SheetProblem[]) {
  const { listed, more } = firstProblems(errors);
  const lines = listed.map((e) => ({ row: e.row, ...problemWords(c, e) }));
  return more > 0 ? [...lines, { row: 0, column: '', message: c.get('t')('sheet.error.moreProblems', { count: more }) }] : lines;
}

importRoutes.get('/events/:id/registration/import', registrationStaff, async (c) => {
  const event = await registrationEvent(c, idParam(c));
  if (!event) return renderError(c, 404, 'notFound');
  return c.html(<ImportPage page={pageContext(c)} event={event} preview={null} />);
});

importRoutes.post('/events/:id/registration/import', registrationStaff, async (c) => {
  const { t } = c.var;
  const event = await registrationEvent(c, idParam(c));
  if (!event) return renderError(c, 404, 'notFound');
  if (!event.canRegister) return c.html(<ImportPage page={pageContext(c)} event={event} preview={null} error={t('registration.error.closed')} />, 409);
  const file = (await c.req.parseBody()).file;
  if (!(file instanceof File)) return c.html(<ImportPage page={pageContext(c)} event={event} preview={null} error={t('sheet.error.fileType')} />, 422);
  let rows: SheetCell[][];
  try {
    rows = await readSheetFile(new Uint8Array(await file.arrayBuffer()), file.name, contestantSheetLimits);
  } catch (error) {
    if (!(error instanceof SheetFileError)) throw error;
    return c.html(<ImportPage page={pageContext(c)} event={event} preview={null} error={t(error.code, error.params)} />, error.status);
  }
  const result = await check(c.get('db'), event.id, event.allowMultipleSkills, rows);
  const [skills, known] = await Promise.all([listSkills(c.get('db'), event.id), queries.organizationNames(c.get('db'), event.id)]);
  const preview = {
    fileName: file.name,
    // What confirming will add besides the entries: organizations not in the event yet.
    newOrganizations: [...new Set(result.records.map((r) => r.organization))].filter((name) => !known.has(name)),
    records: result.records,
    skillNames: Object.fromEntries(skills.map((s) => [s.id, s.name])),
    problems: result.ok ? [] : problems(c, result.errors),
    problemCount: result.ok ? 0 : result.errors.length,
    pendingId: result.ok ? await pendingImports(c.get('db')).put(c.get('account').id, { eventId: event.id, rows, fileName: file.name }) : null,
    // With problems: the file is kept too, for its rejected rows as XLSX and "the valid rows only".
    rejectedId: result.ok ? null : await pendingImports(c.get('db')).put(c.get('account').id, { eventId: event.id, rows, fileName: file.name }),
  };
  return c.html(<ImportPage page={pageContext(c)} event={event} preview={preview} />, result.ok ? 200 : 422);
});

importRoutes.post('/events/:id/registration/import/confirm', registrationStaff, async (c) => {
  const { t } = c.var;
  const event = await registrationEvent(c, idParam(c));
  if (!event) return renderError(c, 404, 'notFound');
  const body = await c.req.parseBody();
  const key = String(body.pendingId ?? '');
  const upload = await pendingImports(c.get('db')).get(key, c.get('account').id);
  if (!upload || upload.eventId !== event.id) {
    return c.html(<ImportPage page={pageContext(c)} event={event} preview={null} error={t('registration.import.expired')} />, 409);
  }
  if (!event.canRegister) return c.html(<ImportPage page={pageContext(c)} event={event} preview={null} error={t('registration.error.closed')} />, 409);
  // Taken at once, so a second click while the first confirmation runs cannot import it twice.
  await pendingImports(c.get('db')).delete(key);
  // All or nothing unless the organizer chose, explicitly, to leave out the rows with problems.
  const validOnly = body.validOnly === '1';
  const checked = validOnly
    ? await validRowsOnly(c.get('db'), event.id, event.allowMultipleSkills, upload.rows)
    : { result: await check(c.get('db'), event.id, event.allowMultipleSkills, upload.rows), skipped: [] };
  const { result } = checked;
  if (!result.ok) {
    const skills = await listSkills(c.get('db'), event.id);
    const preview = { fileName: upload.fileName, newOrganizations: [], records: result.records, skillNames: Object.fromEntries(skills.map((s) => [s.id, s.name])), problems: problems(c, result.errors), problemCount: result.errors.length, pendingId: null, rejectedId: null };
    return c.html(<ImportPage page={pageContext(c)} event={event} preview={preview} />, 422);
  }
  const written = await commands.importRecords(c.get('db'), event.id, result.records);
  if (!written.ok) return c.html(<ImportPage page={pageContext(c)} event={event} preview={null} error={t('registration.import.interrupted')} />, 409);
  const counts = written.value;
  await recordAudit(c.get('db'), { accountId: c.get('account').id, eventId: event.id, action: 'registration.import', subject: upload.fileName, details: { ...counts, ...(validOnly ? { skippedRows: checked.skipped } : {}) } });
  return seeOther(c, `/events/${event.id}/registration?${new URLSearchParams({
    imported: String(counts.entries), contestants: String(counts.contestants), organizations: String(counts.organizations),
    ...(validOnly ? { skipped: String(checked.skipped.length) } : {}),
  })}`);
});

/**
 * The file without its rows with problems, checked again: leaving a row out can make another
 * one wrong (the same person's second row, a team now too small), so rows are left out until
 * the rest is clean, a few rounds at most. Null result rows: nothing valid is left.
 */
async function validRowsOnly(db: Db, eventId: number, allowMultipleSkills: boolean, rows: SheetCell[][]) {
  let subset = rows;
  const skipped = new Set<number>();
  let result = await check(db, eventId, allowMultipleSkills, subset);
  for (let round = 0; round < 5 && !result.ok && result.records.length > 0; round++) {
    for (const error of result.errors) skipped.add(error.row);
    subset = withoutRows(rows, skipped);
    result = await check(db, eventId, allowMultipleSkills, subset);
  }
  return { result, skipped: [...skipped].sort((a, b) => a - b) };
}

/** The rows with problems as XLSX, each with its problems in a last column: fixed there, then imported again. */
importRoutes.get('/events/:id/registration/import/:view/rejected.xlsx', registrationStaff, async (c) => {
  const { t } = c.var;
  const event = await registrationEvent(c, idParam(c));
  if (!event) return renderError(c, 404, 'notFound');
  // The rule of every one-time view: an id no view ever had is 404; one gone, or someone else's, 410.
  const upload = await viewOfEvent(pendingImports(c.get('db')), c.req.param('view') ?? '', c.get('account').id, event.id);
  if (upload === 'malformed') return renderError(c, 404, 'notFound');
  if (upload === 'gone') return c.html(<ImportPage page={pageContext(c)} event={event} preview={null} error={t('registration.import.expired')} />, 410);
  const result = await check(c.get('db'), event.id, event.allowMultipleSkills, upload.rows);
  const errors = result.ok ? [] : result.errors;
  const describe = (e: SheetProblem) => {
    const { column, message } = problemWords(c, e);
    return column ? `${column}: ${message}` : message;
  };
  c.header('Cache-Control', 'no-store');
  const name = upload.fileName.replace(/\.(xlsx|csv)$/i, '');
  return sheetDownload(c, rejectedRows(upload.rows, errors, t('registration.import.problemColumn'), describe), `${name}-${t('registration.import.rejectedFile')}`, 'xlsx', t('registration.title'));
});

for (const format of ['xlsx', 'csv'] as const) {
  importRoutes.get(`/registration-template.${format}`, organizer, async (c) => {
    return sheetDownload(c, contestantTemplate(c.get('locale')), c.get('t')('registration.template'), format, c.get('t')('registration.title'));
  });
  importRoutes.get(`/events/:id/registration.${format}`, registrationStaff, async (c) => {
    const event = await registrationEvent(c, idParam(c));
    if (!event) return renderError(c, 404, 'notFound');
    const contestants = await queries.listContestants(c.get('db'), event.id);
    const rows = contestantsToSheet(contestants.flatMap((p) => p.entries.map((e) => ({
      name: p.name, nameLatin: p.nameLatin, gender: p.gender, organization: p.organizationName, idNumber: p.idNumber, phone: p.phone,
      skill: e.skillName, skillLevel: p.skillLevel, bib: e.bib, team: e.team,
    }))), c.get('locale'));
    return sheetDownload(c, rows, `${event.name}-${c.get('t')('registration.title')}`, format, c.get('t')('registration.title'));
  });
}
