import { Hono, type Context } from 'hono';
import { administrator, type SignedIn } from '../auth/guards.ts';
import { figureNames, type Figures } from '../domain/annual-figures.ts';
import { sheetDownload } from '../http/download.ts';
import type { AppEnv } from '../http/env.ts';
import { pageContext } from '../http/render.tsx';
import { FiguresPage } from '../../views/pages/figures.tsx';
import { annualFigures } from './queries.ts';

/**
 * The annual figures (年度数据) of the administrator's federation and those below it: charts,
 * the numbers as tables beside them, and the same as XLSX for the yearly report.
 */
export const figureRoutes = new Hono<AppEnv>();

const yearOf = <E extends AppEnv>(c: Context<E>) => {
  const asked = c.req.query('year') ?? '';
  return /^(19|20)\d\d$/.test(asked) ? Number(asked) : null;
};

figureRoutes.get('/figures', administrator, async (c) => {
  const report = await annualFigures(c.get('db'), c.get('account'), yearOf(c));
  return c.html(<FiguresPage page={pageContext(c)} report={report} />);
});

figureRoutes.get('/figures.xlsx', administrator, async (c: Context<AppEnv & SignedIn>) => {
  const report = await annualFigures(c.get('db'), c.get('account'), yearOf(c));
  const t = c.get('t');
  const header = (first: string) => [first, ...figureNames.map((name) => t(`figures.${name}`))];
  const row = (key: string | number, figures: Figures) => [key, ...figureNames.map((name) => figures[name])];
  const section = (title: string, first: string, rows: { key: string; figures: Figures }[]) =>
    rows.length === 0 ? [] : [[], [title], header(first), ...rows.map((r) => row(r.key, r.figures))];
  const rows = [
    [t('figures.title'), report.federationName],
    [], [t('figures.byYear')], header(t('figures.year')), ...report.years.map((y) => row(y.year, y.figures)),
    ...section(t('figures.byTrade', { year: report.year ?? '' }), t('figures.trade'), report.byTrade),
    ...section(t('figures.byFederation', { year: report.year ?? '' }), t('figures.federation'), report.byFederation.map((r) => ({ ...r, key: r.key || t('federation.unnamed') }))),
    ...section(t('figures.byOrganization', { year: report.year ?? '' }), t('figures.organization'), report.byOrganization),
  ];
  return sheetDownload(c, rows, `${t('figures.file')}-${report.year ?? ''}`, 'xlsx', t('figures.title'));
});
