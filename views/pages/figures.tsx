import { raw } from 'hono/html';
import { change, figureNames, type Figures } from '../../src/domain/annual-figures.ts';
import type { FiguresReport } from '../../src/figures/queries.ts';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { federationName } from './federations.tsx';

type Row = { key: string | number; figures: Figures };

/** The headline numbers of the year, each with its change from the year before. */
function Headline(props: { page: PageContext; now: Figures; before: Figures | undefined }) {
  const { t, locale } = props.page;
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' });
  const shown = ['contests', 'trades', 'participants', 'entries', 'organizations', 'prizes', 'titles', 'promotions'] as const;
  return (
    <dl class="figures-headline" data-testid="figures-headline">
      {shown.map((name) => {
        const delta = change(props.now[name], props.before?.[name]);
        return (
          <div data-figure={name}>
            <dt>{t(`figures.${name}`)}</dt>
            <dd><strong>{props.now[name]}</strong>{delta !== null && <span class={delta < 0 ? 'figures-down' : 'figures-up'}> {percent.format(delta)}</span>}</dd>
          </div>
        );
      })}
    </dl>
  );
}

function Table(props: { page: PageContext; first: string; rows: Row[]; testId: string }) {
  const { t } = props.page;
  return (
    <table class="table table-stack figures-table" data-testid={props.testId}>
      <thead><tr><th>{props.first}</th>{figureNames.map((name) => <th class="num">{t(`figures.${name}`)}</th>)}</tr></thead>
      <tbody>{props.rows.map((r) => (
        <tr><td data-label={props.first}><strong>{r.key}</strong></td>{figureNames.map((name) => <td class="num" data-label={t(`figures.${name}`)}>{r.figures[name]}</td>)}</tr>
      ))}</tbody>
    </table>
  );
}

/** A chart drawn by static/figures.js from the data beside it; the table under it has the same numbers. */
const Chart = (props: { id: string; label: string }) => <div class="figures-chart" id={props.id} role="img" aria-label={props.label}></div>;

export function FiguresPage(props: { page: PageContext; report: FiguresReport }) {
  const { t } = props.page;
  const { report } = props;
  const current = report.years.find((y) => y.year === report.year);
  const before = report.years.find((y) => y.year === (report.year ?? 0) - 1);
  const top = report.byTrade.slice(0, 15);
  const byFederation = report.byFederation.map((r) => ({ ...r, key: federationName(props.page, { name: r.key }) }));
  // What the charts draw, as JSON the page does not run (the CSP allows no inline script).
  const data = {
    labels: {
      participants: t('figures.participants'), entries: t('figures.entries'), contests: t('figures.contests'), prizes: t('figures.prizes'),
    },
    years: report.years.map((y) => ({ year: String(y.year), participants: y.figures.participants, entries: y.figures.entries, contests: y.figures.contests, prizes: y.figures.prizes })),
    trades: top.map((r) => ({ name: r.key, participants: r.figures.participants, prizes: r.figures.prizes })),
    federations: byFederation.map((r) => ({ name: r.key, participants: r.figures.participants, prizes: r.figures.prizes })),
  };
  const query = report.year ? `?year=${report.year}` : '';
  return (
    <Layout page={props.page} title={t('figures.title')}>
      <script src="/static/vendor/echarts.min.js" defer></script>
      <script src="/static/figures.js" defer></script>
      <div class="page-head">
        <h1>{t('figures.title')}</h1>
        <span class="muted">{federationName(props.page, { name: report.federationName })}</span>
      </div>
      <p class="lead">{t('figures.intro')}</p>
      {report.year === null ? <p class="empty">{t('figures.empty')}</p> : (
        <>
          <form method="get" action="/figures" class="field-row no-print">
            <div class="field">
              <label for="figures-year">{t('figures.year')}</label>
              <select id="figures-year" name="year">{[...report.years].reverse().map((y) => <option value={String(y.year)} selected={y.year === report.year}>{y.year}</option>)}</select>
            </div>
            <div class="field field-submit"><button type="submit" class="button">{t('figures.show')}</button></div>
            <div class="field field-submit"><a class="button" href={`/figures.xlsx${query}`}>{t('figures.export')}</a></div>
          </form>
          {/* Names are the organizers' text: "<" escaped, so none can close the script element. */}
          <script type="application/json" id="figures-data">{raw(JSON.stringify(data).replace(/</g, '\\u003c'))}</script>

          <section class="card">
            <h2>{t('figures.ofYear', { year: report.year })}</h2>
            <Headline page={props.page} now={current!.figures} before={before?.figures} />
            {before ? <p class="hint">{t('figures.comparedWith', { year: before.year })}</p> : <p class="hint">{t('figures.noEarlier')}</p>}
          </section>

          <section class="card figures-section">
            <h2>{t('figures.byYear')}</h2>
            <Chart id="chart-years" label={t('figures.byYear')} />
            <Table page={props.page} first={t('figures.year')} rows={report.years.map((y) => ({ key: y.year, figures: y.figures }))} testId="figures-years" />
          </section>

          <section class="card figures-section">
            <h2>{t('figures.byTrade', { year: report.year })}</h2>
            <Chart id="chart-trades" label={t('figures.byTrade', { year: report.year })} />
            <Table page={props.page} first={t('figures.trade')} rows={report.byTrade} testId="figures-trades" />
          </section>

          {report.byFederation.length > 0 && (
            <section class="card figures-section">
              <h2>{t('figures.byFederation', { year: report.year })}</h2>
              <Chart id="chart-federations" label={t('figures.byFederation', { year: report.year })} />
              <Table page={props.page} first={t('figures.federation')} rows={byFederation} testId="figures-federations" />
            </section>
          )}

          <section class="card figures-section">
            <h2>{t('figures.byOrganization', { year: report.year })}</h2>
            <Table page={props.page} first={t('figures.organization')} rows={report.byOrganization} testId="figures-organizations" />
          </section>
        </>
      )}
    </Layout>
  );
}
