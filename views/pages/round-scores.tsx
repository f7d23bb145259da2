import type { RoundScoresView } from '../../src/scores/queries.ts';
import { CheckboxField, CsrfField, Field, Notice, type FieldErrors } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { dateTime } from '../format.ts';

/**
 * An imported round's scores (理论考试机考成绩), for the organizer: upload → preview with every
 * mistake → confirm; the current scores with the progress towards the lock; one score by hand
 * with a reason; the history of imports; the lock.
 */

export interface ScoresPreview {
  fileName: string;
  /** The clean lines, to show and (as JSON) to send back on confirmation. */
  scores: { row: number; bib: string; name: string; score: number }[];
  /** The first problems only (the last line may say how many more there are). */
  problems: { row: number; column: string; message: string }[];
  problemCount: number;
  /** Missing entries accepted by the organizer. */
  missing: number;
  /** Set only when the file may be imported: what the confirm button sends back (checked again then). */
  lines: string | null;
  allowMissing: boolean;
  reason: string;
}

export function RoundScoresPage(props: {
  page: PageContext;
  view: RoundScoresView;
  preview?: ScoresPreview | undefined;
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
  /** Problems of the last refused action (lock, import) in the user's words. */
  problems?: string[] | undefined;
  manual?: { values: Record<string, string>; errors: FieldErrors } | undefined;
}) {
  const { t, csrfToken, locale } = props.page;
  const { view, preview } = props;
  const { round } = view;
  const locked = round.lockedAt !== null;
  const open = !locked && round.eventStatus === 'in_progress';
  const fixed = (score: number) => score.toFixed(round.decimals);
  // Those the lock waits for: competing entries not absent from the round (view.readiness).
  const missing = view.readiness.missing.length;
  const scored = view.entries.filter((e) => (e.status === 'registered' || e.status === 'competed') && e.score !== null).length;
  const total = scored + missing;
  const reimport = view.entries.some((e) => e.score !== null);
  const base = `/rounds/${round.id}/scores`;
  return (
    <Layout page={props.page} title={`${round.skillName} · ${round.name}`}>
      <p class="crumbs"><a href={`/skills/${round.skillId}`}>{round.skillName}</a></p>
      <h1>{round.name} <span class="muted">· {t('scores.title')}</span></h1>
      {props.notice && <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      {props.problems && props.problems.length > 0 && (
        <div class="notice notice-error" role="alert" data-testid="scores-problems">
          <ul>{props.problems.map((p) => <li>{p}</li>)}</ul>
        </div>
      )}
      {locked && <Notice kind="info">{t('desk.lockedAt', { time: dateTime(round.lockedAt!, locale), name: round.lockedBy ?? '' })} {t('scores.locked')}</Notice>}
      {!locked && round.eventStatus !== 'in_progress' && <Notice kind="info">{t('scores.error.notStarted')}</Notice>}

      {open && (
        <section class="card">
          <p>{t('scores.intro', { max: String(round.maxScore) })}</p>
          <p>{t('scores.template')}: <a href={`/rounds/${round.id}/scores-template.xlsx`}>XLSX</a> · <a href={`/rounds/${round.id}/scores-template.csv`}>CSV</a></p>
          <form method="post" action={`${base}/import`} enctype="multipart/form-data">
            <CsrfField token={csrfToken} />
            <div class="field">
              <label for="scores-file">{t('scheme.import.file')}</label>
              <input id="scores-file" type="file" name="file" accept=".xlsx,.csv" required />
            </div>
            <CheckboxField name="allowMissing" label={t('scores.allowMissing')} checked={preview?.allowMissing ?? false} />
            {reimport && <Field name="reason" label={t('scores.reason')} hint={t('scores.reason.hint')} value={preview?.reason ?? ''} maxlength={500} />}
            <div class="actions"><button type="submit" class="button button-primary">{t('scores.check')}</button></div>
          </form>
        </section>
      )}

      {preview && (
        <section class="card" data-testid="scores-preview">
          <h2>{preview.fileName}</h2>
          {preview.problemCount > 0 ? (
            <>
              <Notice kind="error">{t('scores.failed', { count: preview.problemCount })}</Notice>
              <div class="table-wrap">
                <table class="table" data-testid="scores-errors">
                  <thead><tr><th>{t('scheme.import.row')}</th><th>{t('scheme.import.column')}</th><th>{t('scheme.import.reason')}</th></tr></thead>
                  <tbody>{preview.problems.map((p) => <tr><td>{p.row || ''}</td><td>{p.column}</td><td>{p.message}</td></tr>)}</tbody>
                </table>
              </div>
            </>
          ) : (
            <Notice kind="success">
              {t('scores.clean', { count: preview.scores.length })}
              {preview.missing > 0 && <> {t('scores.missingAccepted', { count: preview.missing })}</>}
            </Notice>
          )}
          {preview.lines && (
            <form method="post" action={`${base}/confirm`} class="actions">
              <CsrfField token={csrfToken} />
              <input type="hidden" name="lines" value={preview.lines} />
              <input type="hidden" name="fileName" value={preview.fileName} />
              <input type="hidden" name="allowMissing" value={String(preview.allowMissing)} />
              <input type="hidden" name="reason" value={preview.reason} />
              <button type="submit" class="button button-primary">{t('scores.confirm', { count: preview.scores.length })}</button>
            </form>
          )}
          {preview.scores.length > 0 && (
            <div class="table-wrap">
              <table class="table">
                <thead><tr><th>{t('scheme.import.row')}</th><th>{t('scores.col.bib')}</th><th>{t('scores.col.name')}</th><th class="num">{t('scores.col.score')}</th></tr></thead>
                <tbody>{preview.scores.map((s) => <tr><td>{s.row}</td><td>{s.bib}</td><td>{s.name}</td><td class="num">{fixed(s.score)}</td></tr>)}</tbody>
              </table>
            </div>
          )}
        </section>
      )}

      <section class="card" data-testid="scores-current">
        <div class="page-head">
          <h2>{t('scores.current')}</h2>
          <span class={scored === total ? 'total total-ok' : 'total total-bad'}>{t('scores.progress', { scored, total: total })}</span>
        </div>
        <p>{t('scores.download')}: <a href={`${base}.xlsx`}>XLSX</a> · <a href={`${base}.csv`}>CSV</a></p>
        {!locked && (
          <form method="post" action={`${base}/lock`} class="actions">
            <CsrfField token={csrfToken} />
            <p class="hint">{t('scores.lock.hint')}</p>
            <button type="submit" class="button" disabled={!view.readiness.ready}>{t('desk.lock.submit')}</button>
          </form>
        )}
        <div class="table-wrap">
          <table class="table">
            <thead><tr><th>{t('scores.col.bib')}</th><th>{t('scores.col.name')}</th><th>{t('scores.col.organization')}</th><th class="num">{t('scores.col.score')}</th><th>{t('scores.col.source')}</th></tr></thead>
            <tbody>
              {view.entries.map((e) => (
                <tr data-bib={e.bib}>
                  <td>{e.bib}</td>
                  <td>{e.name}{(e.status === 'dns' || e.status === 'withdrawn' || e.status === 'disqualified') && <span class="muted"> · {t(`results.status.${e.status}`)}</span>}</td>
                  <td>{e.organizationName}</td>
                  <td class="num">{e.score === null ? t('scores.none') : fixed(e.score)}</td>
                  <td class="muted">{e.at ? dateTime(e.at, locale) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {open && (
        <section class="card">
          <h2>{t('scores.manual.title')}</h2>
          <p class="hint">{t('scores.manual.hint')}</p>
          <form method="post" action={`${base}/manual`} class="field-row">
            <CsrfField token={csrfToken} />
            <Field name="bib" label={t('scores.col.bib')} value={props.manual?.values.bib ?? ''} error={props.manual?.errors.bib} required maxlength={20} class="field-code" />
            <Field name="score" label={t('scores.col.score')} value={props.manual?.values.score ?? ''} error={props.manual?.errors.score} required maxlength={20} class="field-num" />
            <Field name="reason" label={t('scores.col.reason')} value={props.manual?.values.reason ?? ''} error={props.manual?.errors.reason} required maxlength={500} class="field-grow" />
            <div class="field field-submit"><button type="submit" class="button">{t('scores.manual.submit')}</button></div>
          </form>
        </section>
      )}

      <section class="card" data-testid="scores-history">
        <h2>{t('scores.history')}</h2>
        {view.imports.length === 0 ? (
          <p class="empty">{t('scores.history.empty')}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead><tr><th>{t('scores.col.at')}</th><th>{t('scores.col.by')}</th><th>{t('scores.col.what')}</th><th>{t('scores.col.reason')}</th></tr></thead>
              <tbody>
                {view.imports.map((i) => (
                  <tr>
                    <td>{dateTime(i.at, locale)}</td>
                    <td>{i.by}</td>
                    <td>
                      {i.kind === 'manual' && i.single
                        ? t('scores.kind.manual', { bib: i.single.bib, score: fixed(i.single.score) })
                        : i.kind === 'api' ? t('scores.kind.api', { count: i.count }) : t('scores.kind.file', { file: i.fileName, count: i.count })}
                      {i.current < i.count && <span class="muted"> · {t('scores.superseded', { count: i.count - i.current })}</span>}
                    </td>
                    <td>{i.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}
