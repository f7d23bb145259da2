import { Hono, type Context } from 'hono';
import { organizer } from '../auth/guards.ts';
import type { SheetCell } from '../domain/sheet-header.ts';
import { sheetDownload } from '../http/download.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam, parseId } from '../http/ids.ts';
import { pageContext, renderError } from '../http/render.tsx';
import { isLocale, translator, type Translate } from '../i18n/index.ts';
import { ErrorPage } from '../../views/pages/error.tsx';
import { CertificatesPrint, ResultNoticePrint } from '../../views/pages/result-printouts.tsx';
import { currentPublication, publication, skillResults, type PublicationDetail } from './queries.ts';
import { buildSheet, type ResultsSheet } from './snapshot.ts';

/**
 * The organizer's result files (organizers only; everyone else signed in gets 403):
 * - GET /skills/:id/results.xlsx|.csv — the publication in force (?version=n for another one),
 *   or before the first publication the live preview, with names only once every round is
 *   locked (codes before, as the preview shows them);
 * - GET /skills/:id/notice — the printed result notice (成绩公示表) of the publication in force;
 * - GET /skills/:id/certificates?lang=zh-CN|en — award certificates of the publication in force,
 *   in the language asked for (default: the screen's).
 * Notice and certificates are printed from a publication only: before one, a 404 page says so.
 */
export const resultFileRoutes = new Hono<AppEnv>();

/**
 * The export's rows, header first: rank (or status), [bib, name, organization | code], round
 * scores, total, [standardised,] prize, title, promotion, status. Numbers are the sheet's
 * rounded values, as numbers (a spreadsheet can sort them).
 */
export function resultRows(sheet: ResultsSheet, revealed: boolean, t: Translate): SheetCell[][] {
  const standardised = sheet.standardisation !== null;
  const titleName = sheet.rules.titleName || t('results.title.default');
  const header: SheetCell[] = [
    t('results.col.rank'),
    ...(revealed ? [t('results.col.bib'), t('results.col.name'), t('results.col.organization')] : [t('results.col.code')]),
    ...sheet.rounds.map((r) => t('results.col.round', { round: r.name, weight: r.weight })),
    t('results.col.total'),
    ...(standardised ? [t('results.col.standardised')] : []),
    t('results.col.prize'), t('exports.col.title'), t('exports.col.promotion'), t('exports.col.status'),
  ];
  const level = (value: string) => t(`contestant.level.${value || 'none'}` as Parameters<Translate>[0]);
  const rows = sheet.entries.map((e): SheetCell[] => [
    e.rank,
    ...(revealed ? [e.bib, e.name, e.organizationName] : [(e.codes ?? []).join('/')]),
    ...sheet.rounds.map((r) => e.rounds.find((x) => x.code === r.code)?.score ?? null),
    e.total,
    ...(standardised ? [e.standardised] : []),
    e.prize ? t(`results.prize.${e.prize}`) : '',
    e.title ? titleName : '',
    e.promotion ? `${level(e.promotion.from)} → ${level(e.promotion.to)}` : '',
    t(`results.status.${e.status}`),
  ]);
  return [header, ...rows];
}

for (const format of ['xlsx', 'csv'] as const) {
  resultFileRoutes.get(`/skills/:id/results.${format}`, organizer, async (c) => {
    const { db, t } = c.var;
    const skillId = idParam(c);
    const versionQuery = c.req.query('version');
    let sheet: ResultsSheet;
    let revealed = true;
    let basename: string;
    if (versionQuery !== undefined) {
      const version = parseId(versionQuery);
      const found = version ? await publication(db, skillId, version) : null;
      if (!found) return renderError(c, 404, 'notFound');
      sheet = found.snapshot;
      basename = t('exports.filename.version', { skill: sheet.skill.name, version: found.version });
    } else {
      const current = await currentPublication(db, skillId);
      if (current) {
        sheet = current.snapshot;
        basename = t('exports.filename.version', { skill: sheet.skill.name, version: current.version });
      } else {
        const computed = await skillResults(db, skillId);
        if (!computed) return renderError(c, 404, 'notFound');
        revealed = computed.data.allLocked;
        sheet = buildSheet(computed.data, computed.results, { reveal: revealed });
        basename = t('exports.filename.preview', { skill: sheet.skill.name });
      }
    }
    c.header('Cache-Control', 'no-store');
    return sheetDownload(c, resultRows(sheet, revealed, t), basename, format, t('exports.sheet'));
  });
}

/** The publication in force, or the response to send instead (404: no skill, or nothing published). */
async function inForce<E extends AppEnv>(c: Context<E>): Promise<{ skillId: number; publication: PublicationDetail } | Response> {
  const skillId = idParam(c);
  const exists = (await c.var.db.skill.count({ where: { id: skillId } })) === 1;
  if (!exists) return renderError(c, 404, 'notFound');
  const current = await currentPublication(c.var.db, skillId);
  if (!current) return c.html(<ErrorPage page={pageContext(c)} title={c.var.t('error.notFound.title')} body={c.var.t('notice.unpublished')} />, 404);
  return { skillId, publication: current };
}

resultFileRoutes.get('/skills/:id/notice', organizer, async (c) => {
  const found = await inForce(c);
  if (found instanceof Response) return found;
  c.header('Cache-Control', 'no-store');
  return c.html(<ResultNoticePrint page={pageContext(c)} publication={found.publication} />);
});

resultFileRoutes.get('/skills/:id/certificates', organizer, async (c) => {
  const found = await inForce(c);
  if (found instanceof Response) return found;
  const page = pageContext(c);
  const asked = c.req.query('lang');
  const certLocale = isLocale(asked) ? asked : page.locale;
  c.header('Cache-Control', 'no-store');
  return c.html(
    <CertificatesPrint page={page} certT={translator(certLocale)} certLocale={certLocale} skillId={found.skillId} publication={found.publication} />,
  );
});
