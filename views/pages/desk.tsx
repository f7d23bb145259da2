import { raw } from 'hono/html';
import { isCompeting } from '../../src/domain/judging.ts';
import type { StatusHistoryRow } from '../../src/entry-status/queries.ts';
import { EntryStatusForm, StatusHistoryList, type EntryStatusFormValues } from '../components/entry-status.tsx';
import type { ApiTokenRow } from '../../src/api/tokens.ts';
import type { DeskMatrix, JudgeCell, MatrixAspect, MatrixRow, AspectCell, ReviewRow } from '../../src/desk/queries.ts';
import { ATTENTION, PAGE_SIZE, defaultQuery, queryString, type DeskPageRows, type DeskQuery } from '../../src/desk/desk-page.ts';
import type { DeskIndexRound, DeskView, LockReasons } from '../../src/desk/desk-view.ts';
import type { MarkLogPage as MarkLogData, MarkLogRow } from '../../src/desk/mark-log.ts';
import type { Mark } from '../../src/domain/judging.ts';
import { CsrfField, Notice, type FieldErrors } from '../components/form.tsx';
import { formatNumber } from '../components/scheme.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { dateFormat } from '../format.ts';

/**
 * The chief judge's desk (裁判长工作台): a live matrix of every judge's marks by code, never by
 * name, with the decisions that belong to the chief judge: send back, accept a spread, lock, and
 * after the lock correct with a reason. Plus the mark audit log and a judge's API token.
 */

const deskCss = <link rel="stylesheet" href="/static/desk.css" />;

const when = (locale: string, date: Date) => dateFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }).format(date);
const fixed = (value: number, decimals: number) => value.toFixed(decimals);
const base = (roundId: number) => `/desk/rounds/${roundId}`;
const cellUrl = (roundId: number, code: string, aspectId: number) => `${base(roundId)}/cells/${encodeURIComponent(code)}/${aspectId}`;

export function DeskIndexPage(props: { page: PageContext; rounds: DeskIndexRound[] }) {
  const { t } = props.page;
  // An imported round has no marks to watch: the organizer goes to its scores (a chief judge locks it at the desk).
  const organizer = props.page.account?.role === 'organizer';
  return (
    <Layout page={props.page} title={t('desk.index.title')}>
      {deskCss}
      <h1>{t('desk.index.title')}</h1>
      {props.rounds.length === 0 ? <p class="empty">{t('desk.index.none')}</p> : (
        <ul class="tile-list">
          {props.rounds.map((r) => (
            <li>
              <a class="tile" href={r.scoring === 'imported' && organizer ? `/rounds/${r.id}/scores` : base(r.id)} data-testid={`desk-round-${r.id}`}>
                <strong>{r.skillName}</strong><span>{r.name}</span>
                <span class="muted">{r.eventName}</span>
                <span class={`badge badge-round-${r.status}`} data-testid={`round-status-${r.id}`}>{t(`desk.index.status.${r.status}`)}</span>
                {r.progress && (
                  <>
                    <span class="muted" data-testid={`round-progress-${r.id}`}>
                      {t('desk.index.progress', { marked: r.progress.marked, expected: r.progress.expected, signed: r.progress.signed, signers: r.progress.signers })}
                    </span>
                    <span class="judge-owed">
                      {r.progress.judges.map((j) => (
                        <span class={j.missing + j.unsigned === 0 ? 'owed owed-none' : 'owed'} data-testid={`round-${r.id}-J${j.number}`}>
                          J{j.number} {j.missing + j.unsigned === 0 ? '✓' : [
                            j.missing > 0 ? t('desk.index.judgeMissing', { count: j.missing }) : '',
                            j.unsigned > 0 ? t('desk.index.judgeUnsigned', { count: j.unsigned }) : '',
                          ].filter(Boolean).join(' · ')}
                        </span>
                      ))}
                    </span>
                  </>
                )}
              </a>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* The matrix (also the fragment re-fetched live)                                              */
/* ------------------------------------------------------------------------------------------ */

function JudgeMarkCell(props: { page: PageContext; cell: JudgeCell; testId: string; decimals: number }) {
  const { t } = props.page;
  const { cell } = props;
  switch (cell.state) {
    case 'recused':
      return <td class="mark mark-recused" data-testid={props.testId} data-state="recused" title={t('desk.cell.recusedHint')}>{t('desk.cell.recused')}</td>;
    case 'empty':
      return <td class="mark mark-empty" data-testid={props.testId} data-state="empty"><span class="sr-only">{t('desk.cell.empty')}</span></td>;
    case 'not_scored':
      return <td class="mark mark-not-scored" data-testid={props.testId} data-state="not_scored">{t('desk.cell.notScored')}</td>;
    case 'scored':
      return (
        <td class="mark mark-scored" data-testid={props.testId} data-state="scored" data-value={String(cell.value)}
          title={t('desk.cell.points', { points: fixed(cell.points, props.decimals) })}>{formatNumber(cell.value)}</td>
      );
  }
}

function OutcomeCell(props: { page: PageContext; matrix: DeskMatrix; row: MatrixRow; aspect: MatrixAspect; cell: AspectCell }) {
  const { t } = props.page;
  const { cell, matrix, row, aspect } = props;
  const { outcome } = cell;
  const classes = ['outcome', outcome.flagged ? 'outcome-flagged' : '', cell.accepted ? 'outcome-accepted' : '', cell.sentBack ? 'outcome-sent-back' : ''].filter(Boolean).join(' ');
  const shown = outcome.status === 'scored' ? fixed(outcome.points!, matrix.decimals) : outcome.status === 'not_scored' ? t('desk.cell.notScored') : '–';
  return (
    <td class={classes} data-testid={`outcome-${row.code}-${aspect.code}`} data-flagged={outcome.flagged ? 'true' : 'false'}>
      <a href={cellUrl(matrix.round.id, row.code, aspect.id)} hx-get={cellUrl(matrix.round.id, row.code, aspect.id)}
        aria-label={t('desk.cell.open', { code: row.code, aspect: aspect.code })}>
        <span class="outcome-points">{shown}</span>
        {outcome.flagged && <span class="flag">{t('desk.cell.spread', { spread: formatNumber(outcome.spread!) })}</span>}
        {outcome.notComputable && <span class="flag" data-not-computable>{t('desk.cell.notComputable')}</span>}
        {cell.accepted && <span class="flag flag-accepted">{t('desk.cell.accepted')}</span>}
        {cell.sentBack && <span class="flag flag-sent-back">{t('desk.cell.sentBack')}</span>}
      </a>
    </td>
  );
}

/** The round's progress, what needs attention (links to the filter) and the lock: always for the whole round. */
export function DeskSummary(props: { page: PageContext; screen: Pick<DeskScreen, 'matrix' | 'counts' | 'lockReasons'> }) {
  const { t, locale, csrfToken } = props.page;
  const { matrix, counts, lockReasons } = props.screen;
  const { progress } = matrix;
  const url = base(matrix.round.id);
  return (
    <div id="desk-summary" class="desk-progress" data-testid="desk-progress">
      <div class="progress-item">
        <span class="muted">{t('desk.progress.marks')}</span>
        <strong data-testid="progress-marks">{progress.marked} / {progress.expected}</strong>
        <progress max={String(Math.max(progress.expected, 1))} value={String(progress.marked)}></progress>
      </div>
      <div class="progress-item">
        <span class="muted">{t('desk.progress.signed')}</span>
        <strong data-testid="progress-signed">{progress.signed} / {progress.signers}</strong>
        <progress max={String(Math.max(progress.signers, 1))} value={String(progress.signed)}></progress>
      </div>
      <div class="progress-item">
        <span class="muted">{t('desk.progress.flagged')}</span>
        <strong class={progress.flagged > 0 ? 'text-flagged' : ''} data-testid="progress-flagged">{progress.flagged}</strong>
      </div>
      {progress.uncovered > 0 && (
        <div class="progress-item">
          <span class="muted">{t('desk.progress.uncovered')}</span>
          <strong class="text-flagged">{progress.uncovered}</strong>
        </div>
      )}
      {progress.undercovered > 0 && (
        <div class="progress-item">
          <span class="muted">{t('desk.progress.undercovered')}</span>
          <strong class="text-flagged" data-testid="progress-undercovered">{progress.undercovered}</strong>
        </div>
      )}
      <div class="progress-item progress-lock">
        {matrix.round.lockedAt ? (
          <span class="badge badge-big badge-locked" data-testid="desk-locked">
            {t('desk.lockedAt', { time: when(locale, matrix.round.lockedAt), name: matrix.round.lockedBy ?? '' })}
          </span>
        ) : (
          <form method="post" action={`${url}/lock`} class="inline-form">
            <CsrfField token={csrfToken} />
            <span class={progress.ready ? 'ready' : 'muted'}>{progress.ready ? t('desk.ready') : t('desk.notReady')}</span>
            {/* Not available until the round is ready; the attention links below say what is missing. */}
            <button type="submit" class={progress.ready ? 'button button-primary' : 'button'} data-testid="lock-button" disabled={!progress.ready}>{t('desk.lock.submit')}</button>
          </form>
        )}
      </div>
      {counts.any > 0 && (
        <p class="attention" data-testid="desk-attention">
          <span class="muted">{t('desk.attention', { count: counts.any })}</span>
          {ATTENTION.filter((kind) => counts[kind] > 0).map((kind) => (
            <a class="attention-link" href={`${url}${queryString({ ...defaultQuery, show: kind })}`} data-testid={`attention-${kind}`}>
              {t(`desk.filter.${kind}`, { count: counts[kind] })}
            </a>
          ))}
        </p>
      )}
      {!matrix.round.lockedAt && !progress.ready && (lockReasons.judges.length > 0 || lockReasons.aspects.length > 0) && (
        <LockReasonsList page={props.page} reasons={lockReasons} />
      )}
    </div>
  );
}

/**
 * "Why can't I lock?", by judge (marks to enter, sheets to sign) and by aspect (marks missing,
 * spreads over the limit, no judge, too few judges, not computable): only the columns that have
 * something. Folded away; desk.js keeps it open across live refreshes.
 */
function LockReasonsList(props: { page: PageContext; reasons: LockReasons }) {
  const { t } = props.page;
  const { judges, aspects } = props.reasons;
  const aspectColumns = (['missing', 'flagged', 'uncovered', 'undercovered', 'notComputable'] as const).filter((k) => aspects.some((a) => a[k] > 0));
  const judgeColumns = (['missing', 'unsigned'] as const).filter((k) => judges.some((j) => j[k] > 0));
  const count = (n: number) => (n > 0 ? <strong class="text-flagged">{n}</strong> : <span class="muted">0</span>);
  return (
    <details class="lock-reasons" data-testid="lock-reasons">
      <summary>{t('desk.reasons.title')}</summary>
      <div class="lock-reasons-tables">
        {judges.length > 0 && (
          <table class="table reasons-table" data-testid="reasons-by-judge">
            <caption>{t('desk.reasons.byJudge')}</caption>
            <thead><tr><th scope="col">{t('desk.judge')}</th>{judgeColumns.map((k) => <th scope="col">{t(`desk.reasons.${k}`)}</th>)}</tr></thead>
            <tbody>
              {judges.map((j) => <tr data-testid={`reasons-J${j.number}`}><th scope="row">J{j.number}</th>{judgeColumns.map((k) => <td>{count(j[k])}</td>)}</tr>)}
            </tbody>
          </table>
        )}
        {aspects.length > 0 && (
          <table class="table reasons-table" data-testid="reasons-by-aspect">
            <caption>{t('desk.reasons.byAspect')}</caption>
            <thead><tr><th scope="col">{t('desk.reasons.aspect')}</th>{aspectColumns.map((k) => <th scope="col">{t(`desk.reasons.${k}`)}</th>)}</tr></thead>
            <tbody>
              {aspects.map((a) => (
                <tr data-testid={`reasons-${a.code}`}><th scope="row" title={a.name}>{a.code} <span class="muted">{a.name}</span></th>{aspectColumns.map((k) => <td>{count(a[k])}</td>)}</tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </details>
  );
}

/** Search by code, the attention filter and the pages: plain GET links, so each view has its address. */
function DeskToolbar(props: { page: PageContext; screen: DeskScreen }) {
  const { t } = props.page;
  const { matrix, counts, rows } = props.screen;
  const { query } = rows;
  const url = base(matrix.round.id);
  const from = rows.matching === 0 ? 0 : (query.page - 1) * PAGE_SIZE + 1;
  const to = Math.min(query.page * PAGE_SIZE, rows.matching);
  const option = (value: DeskQuery['show'], label: string) => <option value={value} selected={query.show === value}>{label}</option>;
  return (
    <div class="desk-toolbar">
      <form method="get" action={url} class="desk-filter" role="search">
        <div class="field">
          <label for="desk-q">{t('desk.filter.search')}</label>
          <input id="desk-q" name="q" type="search" inputmode="numeric" autocomplete="off" value={query.q} maxlength={40} />
        </div>
        <div class="field">
          <label for="desk-show">{t('desk.filter.show')}</label>
          <select id="desk-show" name="show">
            {option('', t('desk.filter.all', { count: matrix.rows.length }))}
            {option('any', t('desk.filter.any', { count: counts.any }))}
            {ATTENTION.map((kind) => option(kind, t(`desk.filter.${kind}`, { count: counts[kind] })))}
          </select>
        </div>
        <div class="field field-submit">
          <button type="submit" class="button">{t('desk.filter.submit')}</button>
          {(query.q || query.show) && <a class="button button-quiet" href={url}>{t('desk.filter.clear')}</a>}
        </div>
      </form>
      <nav class="pagination desk-pages" aria-label={t('desk.pages.label')} data-testid="desk-pages">
        <span class="muted" data-testid="desk-range">{t('desk.pages.range', { from, to, total: rows.matching })}</span>
        {query.page > 1 && <a class="button" href={`${url}${queryString(query, query.page - 1)}`} rel="prev">← {t('desk.pages.previous')}</a>}
        {rows.pages > 1 && <span class="muted">{t('marklog.pageOf', { page: query.page, pages: rows.pages })}</span>}
        {query.page < rows.pages && <a class="button" href={`${url}${queryString(query, query.page + 1)}`} rel="next">{t('desk.pages.next')} →</a>}
      </nav>
    </div>
  );
}

/**
 * The total and the sign-off columns stay at the right end of the matrix's frame while the aspects
 * scroll: each sign-off column is one fixed width, and `end-N` (static/desk.css) sits N of them from
 * the right edge. Past the classes desk.css defines, the columns scroll with the rest.
 */
const stickEnd = (columnsToTheRight: number) => `stick-end end-${columnsToTheRight}`;

/** One code's row: the unit the live desk re-fetches after a change. */
export function DeskRow(props: { page: PageContext; matrix: DeskMatrix; row: MatrixRow }) {
  const { t } = props.page;
  const { matrix, row } = props;
  const judgeColumns = matrix.aspects.reduce((n, a) => n + a.judgeNumbers.length + 1, 0);
  return (
    <tr data-code={row.code} class={isCompeting(row.status) ? '' : 'row-out'}>
      <th scope="row" class="code-col">{row.code}</th>
      {!isCompeting(row.status) ? (
        <td colspan={judgeColumns + 1 + matrix.signers.length} class="muted">
          <span class={`badge badge-status-${row.status}`} data-testid={`status-${row.code}`}>{t(`desk.status.${row.status}` as never)}</span>
        </td>
      ) : (
        <>
          {matrix.aspects.map((aspect, i) => {
            const cell = row.cells[i]!;
            return (
              <>
                {cell.judges.map((judge) => (
                  <JudgeMarkCell page={props.page} cell={judge} decimals={matrix.decimals} testId={`cell-${row.code}-${aspect.code}-J${judge.judgeNumber}`} />
                ))}
                <OutcomeCell page={props.page} matrix={matrix} row={row} aspect={aspect} cell={cell} />
              </>
            );
          })}
          <td class={`row-total ${stickEnd(row.signoffs.length)}`} data-testid={`total-${row.code}`}>{row.total === null ? '–' : fixed(row.total, matrix.decimals)}</td>
          {row.signoffs.map((s, i) => (
            <td class={`sign sign-${s.state} ${stickEnd(row.signoffs.length - 1 - i)}`} data-testid={`sign-${row.code}-J${s.judgeNumber}`} data-state={s.state}>
              {s.state === 'signed' ? <span aria-label={t('desk.sign.signed')}>✓</span> : s.state === 'unsigned' ? <span aria-label={t('desk.sign.unsigned')}>○</span> : ''}
            </td>
          ))}
        </>
      )}
    </tr>
  );
}

/**
 * A row's markup, rendered once per row object and language: the rows of a cached desk view never
 * change (a change makes a new view), and 500 desks fetching the same changed row after a mark
 * then cost one render. Held weakly, so it goes with its view.
 */
const renderedRows = new WeakMap<MatrixRow, Map<string, string>>();

function SharedRow(props: { page: PageContext; matrix: DeskMatrix; row: MatrixRow }) {
  let byLocale = renderedRows.get(props.row);
  if (!byLocale) renderedRows.set(props.row, (byLocale = new Map()));
  let html = byLocale.get(props.page.locale);
  if (html === undefined) {
    html = String(<DeskRow page={props.page} matrix={props.matrix} row={props.row} />);
    byLocale.set(props.page.locale, html);
  }
  return raw(html);
}

/** What a desk screen shows: the round's matrix (for its columns and progress), one page of its rows and the attention counts. */
export interface DeskScreen {
  matrix: DeskMatrix;
  rows: DeskPageRows;
  counts: DeskView['counts'];
  lockReasons: LockReasons;
}

/** The summary, the toolbar and one page of the matrix (also the fragment re-fetched after a change of everything). */
export function DeskMatrixView(props: { page: PageContext; screen: DeskScreen }) {
  const { t } = props.page;
  const { matrix, rows } = props.screen;
  return (
    <>
      <DeskSummary page={props.page} screen={props.screen} />
      {!matrix.drawn ? <p class="empty">{t('desk.notDrawn')}</p> : (
        <>
          <DeskToolbar page={props.page} screen={props.screen} />
          <div class="table-wrap desk-scroll" data-testid="desk-scroll">
            {/* Every cell opens in the panel: the target is said once, for the rows swapped in later too. */}
            <table class="desk-matrix" data-testid="desk-matrix" {...{ 'hx-target:inherited': '#desk-panel', 'hx-swap:inherited': 'innerHTML' }}>
              <thead>
                <tr>
                  <th rowspan={2} scope="col" class="code-col">{t('desk.code')}</th>
                  {matrix.aspects.map((aspect) => (
                    <th colspan={aspect.judgeNumbers.length + 1} scope="colgroup" class="aspect-head" title={aspect.name}>
                      <span class="aspect-code">{aspect.code}</span> <span class="aspect-name">{aspect.name}</span>
                      <span class="muted block">{t(`scheme.type.${aspect.type}` as never)} · {formatNumber(aspect.maxMark)}</span>
                    </th>
                  ))}
                  <th rowspan={2} scope="col" class={`total-head ${stickEnd(matrix.signers.length)}`}>{t('desk.total')}</th>
                  {matrix.signers.length > 0 && <th colspan={matrix.signers.length} scope="colgroup" class={`sign-head ${stickEnd(0)}`}>{t('desk.signoffs')}</th>}
                </tr>
                <tr>
                  {matrix.aspects.map((aspect) => (
                    <>
                      {aspect.judgeNumbers.map((n) => <th scope="col" class="judge-head">J{n}</th>)}
                      <th scope="col" class="points-head">{t('desk.points')}</th>
                    </>
                  ))}
                  {matrix.signers.map((n, i) => <th scope="col" class={`judge-head sign-col ${stickEnd(matrix.signers.length - 1 - i)}`}>J{n}</th>)}
                </tr>
              </thead>
              <tbody>
                {rows.rows.map((row) => <SharedRow page={props.page} matrix={matrix} row={row} />)}
              </tbody>
            </table>
            {rows.rows.length === 0 && <p class="empty" data-testid="desk-no-match">{t('desk.filter.none')}</p>}
          </div>
        </>
      )}
      <p class="legend muted">
        <span class="legend-item"><span class="swatch mark-not-scored">{t('desk.cell.notScored')}</span> {t('desk.legend.notScored')}</span>
        <span class="legend-item"><span class="swatch mark-recused">{t('desk.cell.recused')}</span> {t('desk.legend.recused')}</span>
        <span class="legend-item"><span class="swatch outcome-flagged">{t('desk.cell.spread', { spread: '>' + formatNumber(matrix.spreadLimit) })}</span> {t('desk.legend.flagged')}</span>
        <span class="legend-item">✓ {t('desk.sign.signed')} · ○ {t('desk.sign.unsigned')}</span>
      </p>
    </>
  );
}

/**
 * The answer to "these codes changed": the summary and the rows asked for (those of the page the
 * desk shows), inside a table so that an HTML parser keeps the rows. desk.js swaps them in place.
 */
export function DeskRowsFragment(props: { page: PageContext; screen: Pick<DeskScreen, 'matrix' | 'counts' | 'lockReasons'>; rows: MatrixRow[] }) {
  return (
    <>
      <DeskSummary page={props.page} screen={props.screen} />
      <table><tbody>{props.rows.map((row) => <SharedRow page={props.page} matrix={props.screen.matrix} row={row} />)}</tbody></table>
    </>
  );
}

export function DeskPage(props: {
  page: PageContext; screen: DeskScreen; notice?: string | undefined; problems?: string[] | undefined; panel?: CellPanelData | undefined;
  /** Recording 取消资格 / 中途退赛 / 缺考 by code, and the skill's history of them (by code: never a bib or name here). */
  entryStatus: { history: StatusHistoryRow[]; form: { values: EntryStatusFormValues; errors: FieldErrors; error?: string | undefined } };
}) {
  const { t } = props.page;
  const { matrix } = props.screen;
  const url = base(matrix.round.id);
  const title = `${matrix.round.skillName} · ${matrix.round.name}`;
  return (
    <Layout page={props.page} title={t('desk.title', { round: title })}>
      {deskCss}
      <p class="crumbs"><a href="/desk">{t('desk.index.title')}</a></p>
      <div class="page-head">
        <h1>{t('desk.title', { round: title })}</h1>
        <span class="actions">
          <a class="button" href={`/skills/${matrix.round.skillId}/mark-log?round=${matrix.round.id}`}>{t('marklog.title')}</a>
          <a class="button" href={`/rounds/${matrix.round.id}/score-sheets`}>{t('sheets.link')}</a>
          <a class="button" href={`/skills/${matrix.round.skillId}/mark-details.xlsx?round=${matrix.round.id}`} download>{t('sheets.detailsLink')}</a>
          {matrix.round.lockedAt && props.page.account?.role === 'organizer' && (
            // Names reveal identities: a recorded POST, never a link (see src/results/exports.tsx).
            <form method="post" action={`/skills/${matrix.round.skillId}/mark-details.xlsx`} class="inline-form">
              <CsrfField token={props.page.csrfToken} />
              <input type="hidden" name="round" value={String(matrix.round.id)} />
              <button type="submit" class="button" data-testid="details-named">{t('sheets.detailsNamedLink')}</button>
            </form>
          )}
        </span>
      </div>
      <p class="lead">{matrix.round.eventName} · {t('desk.codesOnly')}</p>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      {props.problems && props.problems.length > 0 && (
        <div class="notice notice-error" role="alert" data-testid="lock-problems">
          <p class="problems-head">{props.problems[0]}</p>
          <ul>{props.problems.slice(1).map((p) => <li>{p}</li>)}</ul>
        </div>
      )}
      <div class="desk-layout">
        {/* desk.js listens to the stream: changed codes re-fetch their rows (data-rows), a change of everything the page (hx-get). */}
        <div id="desk-live" class="desk-live" data-desk-live data-rows={`${url}/rows`} {...{ 'hx-sse:connect': `${url}/events` }}>
          <div id="desk-matrix" hx-get={`${url}/matrix${queryString(props.screen.rows.query)}`} hx-trigger="desk:reload" hx-swap="innerHTML" aria-live="polite" aria-busy="false">
            <DeskMatrixView page={props.page} screen={props.screen} />
          </div>
        </div>
        {/* desk.js puts the hint back when the panel is closed (on a portrait tablet it is an overlay). */}
        <aside id="desk-panel" class="card desk-panel" aria-live="polite" data-hint={t(matrix.round.lockedAt ? 'desk.panel.hintLocked' : 'desk.panel.hint')}>
          {props.panel ? <CellPanel page={props.page} data={props.panel} /> : <p class="muted">{t(matrix.round.lockedAt ? 'desk.panel.hintLocked' : 'desk.panel.hint')}</p>}
        </aside>
      </div>
      <section class="card" id="entry-status">
        <h2>{t('entryStatus.title')}</h2>
        <p class="hint">{t('entryStatus.explain')}</p>
        <EntryStatusForm page={props.page} action={`${url}/entry-status`} codes={matrix.rows.map((r) => r.code)} roundId={matrix.round.id}
          values={props.entryStatus.form.values} errors={props.entryStatus.form.errors} error={props.entryStatus.form.error} />
        <h3>{t('entryStatus.history')}</h3>
        <StatusHistoryList page={props.page} rows={props.entryStatus.history} by="code" />
      </section>
      <script src="/static/vendor/ext/hx-sse.js" defer></script>
      <script src="/static/desk.js" defer></script>
    </Layout>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* One cell: what the judges gave, its history and the chief judge's decisions                  */
/* ------------------------------------------------------------------------------------------ */

export interface CellChange {
  at: Date;
  by: string;
  device: string;
  judge: number;
  old: Mark | null;
  mark: Mark;
  reason: string;
}

export interface CellPanelData {
  roundId: number;
  code: string;
  locked: boolean;
  decimals: number;
  aspect: MatrixAspect;
  cell: AspectCell;
  reviews: ReviewRow[];
  changes: CellChange[];
  /** Form values and errors after a refused decision. */
  form?: { action: 'send-back' | 'accept-spread' | 'correct'; judge?: number; values: Record<string, string>; errors: FieldErrors; error?: string | undefined } | undefined;
}

export function markText(t: PageContext['t'], mark: Mark | null): string {
  if (mark === null) return '–';
  return mark.state === 'scored' ? formatNumber(mark.value) : t('desk.cell.notScored');
}

function ReasonField(props: { page: PageContext; id: string; value: string; error?: string | undefined }) {
  const { t } = props.page;
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={props.id}>{t('desk.reason')}</label>
      <textarea id={props.id} name="reason" rows={2} maxlength={500} {...(props.error ? { 'aria-invalid': 'true', 'aria-describedby': `${props.id}-error` } : {})}>{props.value}</textarea>
      {props.error && <p class="error" id={`${props.id}-error`} role="alert">{props.error}</p>}
    </div>
  );
}

export function CellPanel(props: { page: PageContext; data: CellPanelData }) {
  const { t, locale, csrfToken } = props.page;
  const { data } = props;
  const { cell, aspect } = data;
  const action = (name: string) => `${base(data.roundId)}/${name}`;
  const form = data.form;
  const errorsFor = (name: 'send-back' | 'accept-spread' | 'correct', judge?: number) =>
    form && form.action === name && (judge === undefined || form.judge === judge) ? form : undefined;
  const hidden = (
    <>
      <CsrfField token={csrfToken} />
      <input type="hidden" name="code" value={data.code} />
      <input type="hidden" name="aspectId" value={String(aspect.id)} />
    </>
  );
  const sendBack = errorsFor('send-back');
  const accept = errorsFor('accept-spread');
  return (
    <div class="cell-panel" data-testid="cell-panel">
      <div class="panel-head">
        <h2 tabindex={-1}>{t('desk.panel.title', { code: data.code, aspect: aspect.code })}</h2>
        <button type="button" class="button panel-close" data-panel-close data-testid="panel-close" aria-label={t('desk.panel.close')}>×</button>
      </div>
      <p class="muted">{aspect.criterionCode} · {aspect.name}</p>
      <table class="table panel-marks">
        <thead><tr><th>{t('desk.judge')}</th><th>{t('desk.mark')}</th><th>{t('desk.points')}</th></tr></thead>
        <tbody>
          {cell.judges.map((j) => (
            <tr>
              <td>J{j.judgeNumber}</td>
              <td>{j.state === 'scored' ? formatNumber(j.value) : j.state === 'not_scored' ? t('desk.cell.notScored') : j.state === 'recused' ? t('desk.cell.recused') : t('desk.cell.empty')}</td>
              <td>{j.state === 'scored' ? fixed(j.points, data.decimals) : '–'}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th colspan={2}>{t('desk.outcome')}</th>
            <th>{cell.outcome.status === 'scored' ? fixed(cell.outcome.points!, data.decimals) : cell.outcome.status === 'not_scored' ? t('desk.cell.notScored') : t('desk.incomplete')}</th>
          </tr>
        </tfoot>
      </table>
      {cell.outcome.flagged && <Notice kind="error">{t('desk.panel.flagged', { spread: formatNumber(cell.outcome.spread!) })}</Notice>}
      {cell.outcome.notComputable && <Notice kind="error">{t('desk.panel.notComputable')}</Notice>}
      {cell.accepted && <Notice kind="info">{t('desk.panel.accepted')}</Notice>}
      {cell.sentBack && <Notice kind="info">{t('desk.panel.sentBack')}</Notice>}
      {form?.error && <Notice kind="error">{form.error}</Notice>}

      {!data.locked && (
        <>
          <details class="decision" open={sendBack !== undefined}>
            <summary>{t('desk.sendBack.title')}</summary>
            <form method="post" action={action('send-back')}>
              {hidden}
              <p class="hint">{t('desk.sendBack.hint')}</p>
              <ReasonField page={props.page} id="send-back-reason" value={sendBack?.values.reason ?? ''} error={sendBack?.errors.reason} />
              <button type="submit" class="button">{t('desk.sendBack.submit')}</button>
            </form>
          </details>
          {(cell.outcome.flagged || accept) && (
            <details class="decision" open>
              <summary>{t('desk.accept.title')}</summary>
              <form method="post" action={action('accept-spread')}>
                {hidden}
                <p class="hint">{t('desk.accept.hint')}</p>
                <ReasonField page={props.page} id="accept-reason" value={accept?.values.reason ?? ''} error={accept?.errors.reason} />
                <button type="submit" class="button">{t('desk.accept.submit')}</button>
              </form>
            </details>
          )}
        </>
      )}
      {data.locked && (
        <section class="corrections">
          <h3>{t('desk.correct.title')}</h3>
          <p class="hint">{t('desk.correct.hint')}</p>
          {cell.judges.filter((j) => j.state === 'scored' || j.state === 'not_scored').map((j) => {
            const own = errorsFor('correct', j.judgeNumber);
            const id = `correct-${j.judgeNumber}`;
            return (
              <details class="decision" open={own !== undefined} data-testid={`correct-J${j.judgeNumber}`}>
                <summary>{t('desk.correct.judge', { judge: j.judgeNumber })}</summary>
                <form method="post" action={action('corrections')}>
                  {hidden}
                  <input type="hidden" name="judge" value={String(j.judgeNumber)} />
                  <input type="hidden" name="baseVersion" value={String('version' in j ? j.version : 0)} />
                  <div class="field-row">
                    <div class={own?.errors.value ? 'field field-invalid' : 'field'}>
                      <label for={`${id}-value`}>{t('desk.correct.value')}</label>
                      <input id={`${id}-value`} name="value" type="text" inputmode="decimal" autocomplete="off"
                        value={own?.values.value ?? (j.state === 'scored' ? formatNumber(j.value) : '')} />
                      {own?.errors.value && <p class="error" role="alert">{own.errors.value}</p>}
                    </div>
                    <div class="field field-check">
                      <input type="checkbox" id={`${id}-ns`} name="notScored" value="true" checked={own ? own.values.notScored === 'true' : j.state === 'not_scored'} />
                      <label for={`${id}-ns`}>{t('desk.cell.notScored')}</label>
                    </div>
                  </div>
                  <ReasonField page={props.page} id={`${id}-reason`} value={own?.values.reason ?? ''} error={own?.errors.reason} />
                  <button type="submit" class="button button-primary">{t('desk.correct.submit')}</button>
                </form>
              </details>
            );
          })}
        </section>
      )}

      {(data.reviews.length > 0 || data.changes.length > 0) && (
        <section class="cell-history">
          <h3>{t('desk.history')}</h3>
          <ul class="history">
            {data.reviews.map((r) => (
              <li><span class="muted">{when(locale, r.at)}</span> {r.by}: {t(r.kind === 'remark' ? 'desk.history.remark' : 'desk.history.accept')} — {r.reason}</li>
            ))}
            {data.changes.map((c) => (
              <li>
                <span class="muted">{when(locale, c.at)}</span> J{c.judge} {markText(t, c.old)} → {markText(t, c.mark)}
                <span class="muted"> ({c.by}{c.device ? ` · ${c.device}` : ''})</span>{c.reason && ` — ${c.reason}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p><a href={base(data.roundId)}>{t('desk.backToDesk')}</a></p>
    </div>
  );
}

/** The cell on its own page, for a browser without htmx (or a refused decision). */
export function CellPage(props: { page: PageContext; data: CellPanelData; roundTitle: string }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t('desk.panel.title', { code: props.data.code, aspect: props.data.aspect.code })}>
      {deskCss}
      <p class="crumbs"><a href={base(props.data.roundId)}>{props.roundTitle}</a></p>
      <section class="card"><CellPanel page={props.page} data={props.data} /></section>
    </Layout>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* The mark audit log                                                                          */
/* ------------------------------------------------------------------------------------------ */

export function MarkLogPage(props: { page: PageContext; log: MarkLogData; canDesk: boolean }) {
  const { t, locale } = props.page;
  const { log } = props;
  const query = (extra: Record<string, string | number>) => {
    const params = new URLSearchParams();
    if (log.roundId) params.set('round', String(log.roundId));
    for (const [k, v] of Object.entries(extra)) params.set(k, String(v));
    const text = params.toString();
    return text ? `?${text}` : '';
  };
  const path = `/skills/${log.skill.id}/mark-log`;
  return (
    <Layout page={props.page} title={t('marklog.pageTitle', { skill: log.skill.name })}>
      {deskCss}
      <p class="crumbs">{props.canDesk && <a href="/desk">{t('desk.index.title')}</a>}</p>
      <div class="page-head">
        <h1>{t('marklog.pageTitle', { skill: log.skill.name })}</h1>
        <span class="actions">
          <a class="button" href={`${path}.csv${query({})}`} download>{t('marklog.csv')}</a>
          <a class="button" href={`${path}.xlsx${query({})}`} download>{t('marklog.xlsx')}</a>
        </span>
      </div>
      <p class="lead">{log.skill.eventName} · {t('marklog.explain')}</p>
      <form method="get" action={path} class="field-row marklog-filter">
        <div class="field">
          <label for="marklog-round">{t('marklog.round')}</label>
          <select id="marklog-round" name="round">
            <option value="">{t('marklog.allRounds')}</option>
            {log.rounds.map((r) => <option value={String(r.id)} selected={r.id === log.roundId}>{r.name}</option>)}
          </select>
        </div>
        <div class="field field-submit"><button type="submit" class="button">{t('marklog.filter')}</button></div>
      </form>
      <section class="card">
        <p class="muted">{t('marklog.count', { count: log.total })}</p>
        {log.rows.length === 0 ? <p class="empty">{t('marklog.empty')}</p> : (
          <div class="table-wrap">
            <table class="table marklog" data-testid="mark-log">
              <thead>
                <tr>
                  <th>{t('marklog.col.at')}</th><th>{t('marklog.col.round')}</th><th>{t('marklog.col.code')}</th><th>{t('marklog.col.aspect')}</th>
                  <th>{t('marklog.col.judge')}</th><th>{t('marklog.col.change')}</th><th>{t('marklog.col.reason')}</th><th>{t('marklog.col.by')}</th><th>{t('marklog.col.device')}</th>
                </tr>
              </thead>
              <tbody>
                {log.rows.map((row: MarkLogRow) => (
                  <tr>
                    <td class="nowrap">{when(locale, row.at)}</td>
                    <td>{row.roundName}</td>
                    <td class="code-col">{row.code}</td>
                    <td>{row.aspectCode}</td>
                    <td>J{row.judgeNumber}</td>
                    <td class="nowrap">{markText(t, row.old)} → {markText(t, row.mark)}</td>
                    <td>{row.reason}</td>
                    <td>{row.by}</td>
                    <td>{row.device}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {log.pages > 1 && (
          <nav class="pagination" aria-label={t('marklog.pages')}>
            {log.page > 1 && <a class="button" href={`${path}${query({ page: log.page - 1 })}`} rel="prev">← {t('marklog.previous')}</a>}
            <span class="muted">{t('marklog.pageOf', { page: log.page, pages: log.pages })}</span>
            {log.page < log.pages && <a class="button" href={`${path}${query({ page: log.page + 1 })}`} rel="next">{t('marklog.next')} →</a>}
          </nav>
        )}
      </section>
    </Layout>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* A judge's API token for a tablet integration                                                */
/* ------------------------------------------------------------------------------------------ */

export function JudgeApiTokenPage(props: { page: PageContext; tokens: ApiTokenRow[]; created?: { name: string; token: string } | undefined; name: string; error?: string | undefined }) {
  const { t, locale, csrfToken } = props.page;
  const active = props.tokens.filter((token) => token.revokedAt === null);
  return (
    <Layout page={props.page} title={t('desk.apiToken.title')} narrow>
      {deskCss}
      <p class="crumbs"><a href="/judge">{t('desk.apiToken.back')}</a></p>
      <h1>{t('desk.apiToken.title')}</h1>
      <p class="lead">{t('desk.apiToken.explain')}</p>
      {props.created && (
        <div class="notice notice-success" role="status" data-testid="judge-token">
          <p>{t('desk.apiToken.once', { name: props.created.name })}</p>
          <p><code class="token">{props.created.token}</code></p>
        </div>
      )}
      <section class="card">
        <form method="post" action="/judge/api-token">
          <CsrfField token={csrfToken} />
          <div class={props.error ? 'field field-invalid' : 'field'}>
            <label for="token-name">{t('desk.apiToken.name')}</label>
            <input id="token-name" name="name" value={props.name} maxlength={60} required autocomplete="off" />
            {props.error && <p class="error" role="alert">{props.error}</p>}
          </div>
          <button type="submit" class="button button-primary">{t('desk.apiToken.create')}</button>
        </form>
      </section>
      {active.length > 0 && (
        <section class="card">
          <ul class="list">
            {active.map((token) => (
              <li>
                <strong>{token.name}</strong> <code>{token.prefix}…</code>
                <span class="muted">{when(locale, token.createdAt)}</span>
                <form method="post" action={`/judge/api-token/${token.id}/revoke`} class="inline-form">
                  <CsrfField token={csrfToken} />
                  <button type="submit" class="button button-danger">{t('desk.apiToken.revoke')}</button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}
