import { Hono, type Context } from 'hono';
import { organizer } from '../auth/guards.ts';
import { columnHeader, parseSchemeSheet, schemeSheetLimits, schemeTemplate, schemeToSheet, type SheetError } from '../domain/scheme-sheet.ts';
import { firstProblems } from '../domain/sheet-header.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { sheetDownload } from '../http/download.ts';
import { renderError } from '../http/render.tsx';
import { problemMessages } from '../http/validation.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { SheetProblem } from '../../views/pages/skill.tsx';
import * as commands from './commands.ts';
import * as queries from './queries.ts';
import { renderSkillPage } from './routes.tsx';
import { readSheetFile, SheetFileError } from './scheme-files.ts';

/** Marking schemes to and from XLSX/CSV: export, the template, and an all-or-nothing import. */
export const schemeFileRoutes = new Hono<AppEnv>();

for (const format of ['xlsx', 'csv'] as const) {
  schemeFileRoutes.get(`/skills/:id/scheme.${format}`, organizer, async (c) => {
    const skill = await queries.findSkill(c.get('db'), idParam(c));
    if (!skill) return renderError(c, 404, 'notFound');
    const rows = schemeToSheet(skill.rounds, c.get('locale'));
    return sheetDownload(c, rows, `${skill.name}-${c.get('t')('scheme.title')}`, format, c.get('t')('scheme.title'));
  });
  schemeFileRoutes.get(`/scheme-template.${format}`, organizer, (c) =>
    sheetDownload(c, schemeTemplate(c.get('locale')), c.get('t')('scheme.template'), format, c.get('t')('scheme.title')),
  );
}

schemeFileRoutes.post('/skills/:id/scheme/import', organizer, async (c) => {
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
  const outcome = await commands.replaceScheme(c.get('db'), skillId, parsed.rounds);
  if (!outcome.ok) {
    if (outcome.status === 404) return renderError(c, 404, 'notFound');
    const text = Object.values(problemMessages(outcome.problems, t)).join(' ');
    return renderSkillPage(c, skillId, { notice: { kind: 'error', text } }, 422);
  }
  const aspects = parsed.rounds.flatMap((r) => r.criteria.flatMap((cr) => cr.aspects)).length;
  return renderSkillPage(c, skillId, { notice: { kind: 'success', text: t('scheme.import.done', { rounds: parsed.rounds.length, aspects }) } });
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
