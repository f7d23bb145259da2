import { Hono, type Context } from 'hono';
import { resultsStaff } from '../auth/guards.ts';
import { lockRound } from '../desk/commands.ts';
import { firstProblems, type SheetCell } from '../domain/sheet-header.ts';
import { readScoreSheet, scoreColumnHeader, scoreSheetLimits, scoresToSheet, scoreTemplate, type ScoreColumnKey, type ScoreError, type ScoreLine } from '../domain/round-scores.ts';
import { readSheetFile, SheetFileError } from '../events/scheme-files.ts';
import { sheetDownload } from '../http/download.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { pageContext, renderError, seeOther } from '../http/render.tsx';
import { formStrings, problemMessages } from '../http/validation.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { Outcome } from '../outcome.ts';
import { RoundScoresPage, type ScoresPreview } from '../../views/pages/round-scores.tsx';
import { importScores, previewScores, setScore } from './commands.ts';
import { roundScoresView } from './queries.ts';

/**
 * The organizer's screens for an imported round: /rounds/:id/scores with the upload, preview,
 * confirmation, one score by hand and the lock; the template with the skill's contestants.
 * Nothing is stored until the organizer confirms a clean preview; the confirmation sends the
 * previewed lines back and they are checked again against the database.
 */
export const scoreRoutes = new Hono<AppEnv>();

type Extra = Omit<Parameters<typeof RoundScoresPage>[0], 'page' | 'view'>;

async function scoresPage<E extends AppEnv>(c: Context<E>, roundId: number, extra: Extra = {}, status: 200 | 409 | 413 | 422 = 200) {
  const view = await roundScoresView(c.get('db'), roundId);
  if (!view || view.round.scoring !== 'imported') return renderError(c, 404, 'notFound');
  c.header('Cache-Control', 'no-store');
  return c.html(<RoundScoresPage page={pageContext(c)} view={view} {...extra} />, status);
}

const notices: Record<string, <E extends AppEnv>(c: Context<E>) => string> = {
  imported: (c) => c.get('t')('scores.done', { count: c.req.query('count') ?? '' }),
  saved: (c) => c.get('t')('scores.manual.done', { bib: c.req.query('bib') ?? '', score: c.req.query('score') ?? '' }),
  locked: (c) => c.get('t')('scores.lock.done'),
};

scoreRoutes.get('/rounds/:id/scores', resultsStaff, (c) => {
  const done = notices[c.req.query('done') ?? ''];
  return scoresPage(c, idParam(c), done ? { notice: { kind: 'success', text: done(c) } } : {});
});

for (const format of ['xlsx', 'csv'] as const) {
  scoreRoutes.get(`/rounds/:id/scores-template.${format}`, resultsStaff, async (c) => {
    const view = await roundScoresView(c.get('db'), idParam(c));
    if (!view || view.round.scoring !== 'imported') return renderError(c, 404, 'notFound');
    const competing = view.entries.filter((e) => e.status === 'registered' || e.status === 'competed');
    const { t } = c.var;
    return sheetDownload(c, scoreTemplate(competing, c.get('locale')), `${view.round.skillName}-${view.round.name}-${t('scores.title')}`, format, t('scores.title'));
  });
  // The round's current scores in the template's columns: the imported round's score list, to file or to check.
  scoreRoutes.get(`/rounds/:id/scores.${format}`, resultsStaff, async (c) => {
    const view = await roundScoresView(c.get('db'), idParam(c));
    if (!view || view.round.scoring !== 'imported') return renderError(c, 404, 'notFound');
    const { t } = c.var;
    c.header('Cache-Control', 'no-store');
    return sheetDownload(c, scoresToSheet(view.entries, c.get('locale')), `${view.round.skillName}-${view.round.name}`, format, t('scores.title'));
  });
}

/** The first problems in the user's words, and a last line saying how many more there are. */
function problemLines<E extends AppEnv>(c: Context<E>, errors: ScoreError[]) {
  const { listed, more } = firstProblems(errors);
  const lines = listed.map((e) => ({
    row: e.row,
    column: e.column ? scoreColumnHeader(e.column as ScoreColumnKey, c.get('locale')) : '',
    message: c.get('t')(e.code as MessageKey, e.params),
  }));
  return more > 0 ? [...lines, { row: 0, column: '', message: c.get('t')('sheet.error.moreProblems', { count: more }) }] : lines;
}

/** Checks the lines and shows the preview; 422 while the file cannot be imported. */
async function preview<E extends AppEnv>(c: Context<E>, roundId: number, lines: ScoreLine[], form: { fileName: string; allowMissing: boolean; reason: string }) {
  const outcome = await previewScores(c.get('db'), roundId, lines, { allowMissing: form.allowMissing });
  if (!outcome.ok) return refused(c, roundId, outcome);
  const { check, importable } = outcome.value;
  const errors = form.allowMissing ? check.errors.filter((e) => e.code !== 'scores.error.missingEntry') : check.errors;
  const shown: ScoresPreview = {
    fileName: form.fileName,
    scores: check.scores.map((s) => ({ row: s.row, bib: s.bib, name: s.name, score: s.score })),
    problems: problemLines(c, errors),
    problemCount: errors.length,
    missing: check.missing.length,
    lines: importable ? JSON.stringify(lines) : null,
    allowMissing: form.allowMissing,
    reason: form.reason,
  };
  return scoresPage(c, roundId, { preview: shown }, importable ? 200 : 422);
}

function refused<E extends AppEnv>(c: Context<E>, roundId: number, outcome: Outcome<unknown> & { ok: false }, extra: Extra = {}) {
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  const problems = outcome.problems.map((p) => c.get('t')(p.key as MessageKey, p.params));
  return scoresPage(c, roundId, { ...extra, problems }, outcome.status);
}

scoreRoutes.post('/rounds/:id/scores/import', resultsStaff, async (c) => {
  const roundId = idParam(c);
  const body = await c.req.parseBody();
  const form = formStrings(body, ['allowMissing', 'reason']);
  const options = { allowMissing: form.allowMissing === 'true', reason: form.reason.trim() };
  const file = body.file;
  if (!(file instanceof File)) return scoresPage(c, roundId, { notice: { kind: 'error', text: c.get('t')('sheet.error.fileType') } }, 422);
  let rows: SheetCell[][];
  try {
    rows = await readSheetFile(new Uint8Array(await file.arrayBuffer()), file.name, scoreSheetLimits);
  } catch (error) {
    if (!(error instanceof SheetFileError)) throw error;
    return scoresPage(c, roundId, { notice: { kind: 'error', text: c.get('t')(error.code, error.params) } }, error.status);
  }
  const read = readScoreSheet(rows);
  if (!read.ok) {
    const shown: ScoresPreview = { fileName: file.name, scores: [], problems: problemLines(c, read.errors), problemCount: read.errors.length, missing: 0, lines: null, ...options };
    return scoresPage(c, roundId, { preview: shown }, 422);
  }
  return preview(c, roundId, read.lines, { fileName: file.name, ...options });
});

/** The previewed lines as the confirm form sends them back; anything else reads as no lines. */
function linesFrom(json: string): ScoreLine[] {
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return [];
    const cell = (v: unknown): SheetCell => (typeof v === 'string' || typeof v === 'number' ? v : null);
    return value.filter((l): l is Record<string, unknown> => typeof l === 'object' && l !== null && Number.isInteger(l.row)).map((l) => ({
      row: l.row as number, bib: cell(l.bib), idNumber: cell(l.idNumber), name: cell(l.name), score: cell(l.score),
    }));
  } catch {
    return [];
  }
}

scoreRoutes.post('/rounds/:id/scores/confirm', resultsStaff, async (c) => {
  const roundId = idParam(c);
  const form = formStrings(await c.req.parseBody(), ['lines', 'fileName', 'allowMissing', 'reason']);
  const lines = linesFrom(form.lines);
  const options = { fileName: form.fileName.slice(0, 200), allowMissing: form.allowMissing === 'true', reason: form.reason };
  const outcome = await importScores(c.get('db'), { accountId: c.get('account').id }, roundId, { lines, kind: 'file', ...options });
  if (outcome.ok) return seeOther(c, `/rounds/${roundId}/scores?done=imported&count=${outcome.value.count}`);
  // Refused at confirmation (someone changed the entries or imported in between, no reason): the preview again.
  if (outcome.status === 422 && outcome.problems.every((p) => p.field !== 'reason')) return preview(c, roundId, lines, options);
  return refused(c, roundId, outcome);
});

scoreRoutes.post('/rounds/:id/scores/manual', resultsStaff, async (c) => {
  const roundId = idParam(c);
  const values = formStrings(await c.req.parseBody(), ['bib', 'score', 'reason']);
  const outcome = await setScore(c.get('db'), { accountId: c.get('account').id }, roundId, values);
  if (outcome.ok) {
    const { bib, score } = outcome.value;
    return seeOther(c, `/rounds/${roundId}/scores?done=saved&bib=${encodeURIComponent(bib)}&score=${score}`);
  }
  if (outcome.status !== 422) return refused(c, roundId, outcome);
  return scoresPage(c, roundId, { manual: { values, errors: problemMessages(outcome.problems, c.get('t')) } }, 422);
});

scoreRoutes.post('/rounds/:id/scores/lock', resultsStaff, async (c) => {
  const roundId = idParam(c);
  const outcome = await lockRound(c.get('db'), { accountId: c.get('account').id }, roundId);
  if (outcome.ok) return seeOther(c, `/rounds/${roundId}/scores?done=locked`);
  return refused(c, roundId, outcome);
});
