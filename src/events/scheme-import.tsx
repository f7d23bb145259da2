import { Hono, type Context } from 'hono';
import { eventSetup, eventViewer, organizer } from '../auth/guards.ts';
import { columnHeader, parseSchemeSheet, schemeSheetLimits, schemeTemplate, schemeToSheet, type SheetError } from '../domain/scheme-sheet.ts';
import { firstProblems } from '../domain/sheet-header.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { sheetDownload } from '../http/download.ts';
import { renderError, seeOther } from '../http/render.tsx';
import type { Round } from '../domain/marking-scheme.ts';
import { oneTimeViews } from '../http/one-time.ts';
import { problemMessages } from '../http/validation.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { SchemePreview, SheetProblem } from '../../views/pages/skill.tsx';
import * as commands from './commands.ts';
import * as queries from './queries.ts';
import { renderSkillPage } from './routes.tsx';
import { readSheetFile, SheetFileError } from './scheme-files.ts';

/** Marking schemes to and from XLSX/CSV: export, the template, and an all-or-nothing import. */
export const schemeFileRoutes = new Hono<AppEnv>();

for (const format of ['xlsx', 'csv'] as const) {
  schemeFileRoutes.get(`/skills/:id/scheme.${format}`, eventViewer, async (c) => {
    const skill = await queries.findSkill(c.get('db'), idParam(c));
    if (!skill) return renderError(c, 404, 'notFound');
    const rows = schemeToSheet(skill.rounds, c.get('locale'));
    return sheetDownload(c, rows, `${skill.name}-${c.get('t')('scheme.title')}`, format, c.get('t')('scheme.title'));
  });
  schemeFileRoutes.get(`/scheme-template.${format}`, organizer, (c) =>
    sheetDownload(c, schemeTemplate(c.get('locale')), c.get('t')('scheme.template'), format, c.get('t')('scheme.title')),
  );
}

schemeFileRoutes.post('/skills/:id/scheme/import', eventSetup, async (c) => {
  const { t } = c.var;
  const skillId = idParam(c);
  if (!(await queries.findSkill(c.get('db'), skillId))) return renderError(c, 404, 'notFound');
  const file = (await c.req.parseBody()).file;
  if (!(file instanceof File)) {
    return renderSkillPage(c, skillId, { notice: { kind: 'error', text: t('sheet.error.fileType') } }, 422);
  }
  let rows;
  try {
    rows = await readSheetFile(new Uint8Array(await file.arrayBuffer()), file.name, schemeSheetLimits);
  } catch (error) {
    if (!(error instanceof SheetFileError)) throw error;
    return renderSkillPage(c, skillId, { notice: { kind: 'error', text: t(error.code, error.params) } }, error.status);
  }
  const parsed = parseSchemeSheet(rows);
  if (!parsed.ok) return refusedFile(c, skillId, parsed.errors);
  // Nothing is replaced yet: the page shows what replaces what, and the organizer confirms.
  const editable = await commands.editableSkill(c.get('db'), skillId);
  if (!editable.ok) return renderSkillPage(c, skillId, { notice: { kind: 'error', text: Object.values(problemMessages(editable.problems, t)).join(' ') } }, 422);
  const current = editable.value;
  const view = await pendingSchemes(c.get('db')).put(c.get('account').id, { skillId, fileName: file.name, rounds: parsed.rounds });
  return renderSkillPage(c, skillId, { schemePreview: { view, fileName: file.name, current: summary(current.rounds), incoming: summary(parsed.rounds) } });
});

/** Each round as the preview compares them: code, name, weight, maximum, and how many criteria and aspects. */
function summary(rounds: Round[]): SchemePreview['current'] {
  return rounds.map((r) => ({
    code: r.code, name: r.name, weight: r.weight, maxScore: r.maxScore, imported: r.scoring === 'imported',
    criteria: r.criteria.length, aspects: r.criteria.reduce((n, cr) => n + cr.aspects.length, 0),
  }));
}

/** Schemes read from a file and waiting for the organizer's confirmation (src/http/one-time.ts). */
const pendingSchemes = oneTimeViews<{ skillId: number; fileName: string; rounds: Round[] }>('scheme-import');

schemeFileRoutes.post('/skills/:id/scheme/import/confirm', eventSetup, async (c) => {
  const { t } = c.var;
  const skillId = idParam(c);
  const id = String((await c.req.parseBody()).view ?? '');
  const pending = await pendingSchemes(c.get('db')).get(id, c.get('account').id);
  if (!pending || pending.skillId !== skillId) return renderSkillPage(c, skillId, { notice: { kind: 'error', text: t('scheme.import.expired') } }, 409);
  await pendingSchemes(c.get('db')).delete(id);
  const outcome = await commands.importScheme(c.get('db'), skillId, pending.rounds, { fileName: pending.fileName, accountId: c.get('account').id });
  if (!outcome.ok) {
    if (outcome.status === 404) return renderError(c, 404, 'notFound');
    const text = Object.values(problemMessages(outcome.problems, t)).join(' ');
    return renderSkillPage(c, skillId, { notice: { kind: 'error', text } }, 422);
  }
  return seeOther(c, `/skills/${skillId}?done=schemeImported`);
});

schemeFileRoutes.post('/skills/:id/scheme/import/undo', eventSetup, async (c) => {
  const { t } = c.var;
  const skillId = idParam(c);
  const outcome = await commands.undoSchemeImport(c.get('db'), skillId, c.get('account').id);
  if (!outcome.ok) {
    if (outcome.status === 404) return renderError(c, 404, 'notFound');
    const text = Object.values(problemMessages(outcome.problems, t)).join(' ');
    return renderSkillPage(c, skillId, { notice: { kind: 'error', text } }, 409);
  }
  return seeOther(c, `/skills/${skillId}?done=schemeUndone`);
});

function refusedFile<E extends AppEnv>(c: Context<E>, skillId: number, errors: SheetError[]) {
  const { t, locale } = c.var;
  const { listed, more } = firstProblems(errors);
  const sheetProblems: SheetProblem[] = listed.map((error) => ({
    row: error.row,
    column: error.column ? columnHeader(error.column, locale) : '',
    message: t(error.code as MessageKey, error.params),
  }));
  if (more > 0) sheetProblems.push({ row: 0, column: '', message: t('sheet.error.moreProblems', { count: more }) });
  const notice = { kind: 'error' as const, text: t('scheme.import.failed', { count: errors.length }) };
  return renderSkillPage(c, skillId, { sheetProblems, notice }, 422);
}
