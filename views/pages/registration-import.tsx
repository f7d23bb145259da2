import type { ContestantRecord } from '../../src/domain/contestant-sheet.ts';
import { maskIdNumber } from '../../src/domain/id-number.ts';
import { CsrfField, Notice } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

export interface ImportPreview {
  fileName: string;
  records: ContestantRecord[];
  skillNames: Record<number, string>;
  /** The first problems only (the last line may say how many more there are). */
  problems: { row: number; column: string; message: string }[];
  problemCount: number;
  /** Set only for a clean file: what the confirm button sends. */
  pendingId: string | null;
  /** Set for a file with problems: its rejected rows' download and "the valid rows only". */
  rejectedId: string | null;
  /** Organizations the file names that the event does not have yet: confirming creates them. */
  newOrganizations: string[];
}

function ConfirmImport(props: { page: PageContext; eventId: number; preview: ImportPreview }) {
  const { t, csrfToken } = props.page;
  return (
    <form method="post" action={`/events/${props.eventId}/registration/import/confirm`} class="actions">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="pendingId" value={props.preview.pendingId ?? ''} />
      <button type="submit" class="button button-primary">{t('registration.import.confirm', { count: props.preview.records.length })}</button>
    </form>
  );
}

export function ImportPage(props: { page: PageContext; event: { id: number; name: string }; preview: ImportPreview | null; error?: string }) {
  const { t, csrfToken } = props.page;
  const { event, preview } = props;
  return (
    <Layout page={props.page} title={t('registration.import')}>
      <p class="crumbs"><a href={`/events/${event.id}/registration`}>{t('registration.title')}</a></p>
      <h1>{t('registration.import')}</h1>
      {props.error && <Notice kind="error">{props.error}</Notice>}
      <section class="card">
        <p>{t('registration.import.intro')}</p>
        <p>{t('registration.template')}: <a href="/registration-template.xlsx">XLSX</a> · <a href="/registration-template.csv">CSV</a></p>
        <form method="post" action={`/events/${event.id}/registration/import`} enctype="multipart/form-data" class="field-row">
          <CsrfField token={csrfToken} />
          <div class="field field-grow">
            <label for="registration-file">{t('scheme.import.file')}</label>
            <input id="registration-file" type="file" name="file" accept=".xlsx,.csv" required />
          </div>
          <div class="field field-submit"><button type="submit" class="button button-primary">{t('registration.import.check')}</button></div>
        </form>
      </section>
      {preview && (
        <section class="card" data-testid="import-preview">
          <h2>{preview.fileName}</h2>
          {preview.problemCount > 0 ? (
            <>
              <Notice kind="error">{t('registration.import.failed', { count: preview.problemCount })}</Notice>
              {preview.rejectedId && (
                <div class="actions" data-testid="import-rejected">
                  <a class="button" href={`/events/${event.id}/registration/import/${preview.rejectedId}/rejected.xlsx`}>{t('registration.import.downloadRejected')}</a>
                  {preview.records.length > 0 && (
                    // All or nothing is the rule; leaving rows out is a choice made here, asked first.
                    <details class="confirm" data-testid="import-valid-only">
                      <summary class="button">{t('registration.import.validOnly', { count: preview.records.length })}</summary>
                      <form method="post" action={`/events/${event.id}/registration/import/confirm`}>
                        <CsrfField token={csrfToken} />
                        <input type="hidden" name="pendingId" value={preview.rejectedId} />
                        <input type="hidden" name="validOnly" value="1" />
                        <p>{t('registration.import.validOnly.confirm', { count: preview.records.length })}</p>
                        <button type="submit" class="button button-primary">{t('registration.import.validOnly.submit', { count: preview.records.length })}</button>
                      </form>
                    </details>
                  )}
                </div>
              )}
              <div class="table-wrap">
                <table class="table" data-testid="import-errors">
                  <thead><tr><th>{t('scheme.import.row')}</th><th>{t('scheme.import.column')}</th><th>{t('scheme.import.reason')}</th></tr></thead>
                  <tbody>{preview.problems.map((p) => <tr><td>{p.row || ''}</td><td>{p.column}</td><td>{p.message}</td></tr>)}</tbody>
                </table>
              </div>
            </>
          ) : (
            <>
              <Notice kind="success">{t('registration.import.clean', { count: preview.records.length })}</Notice>
              {preview.newOrganizations.length > 0 && (
                <p data-testid="import-new-organizations">{t('registration.import.newOrganizations', { count: preview.newOrganizations.length, names: preview.newOrganizations.join(t('judge.codeSeparator')) })}</p>
              )}
              {/* At the top as well: 300 rows are a long way down. */}
              {preview.pendingId && <ConfirmImport page={props.page} eventId={event.id} preview={preview} />}
            </>
          )}
          {preview.records.length > 0 && (
            <div class="table-wrap">
              <table class="table">
                <thead>
                  <tr>
                    <th>{t('scheme.import.row')}</th><th>{t('contestant.field.name')}</th><th>{t('contestant.field.organization')}</th>
                    <th>{t('contestant.field.skill')}</th><th>{t('contestant.field.bib')}</th><th>{t('contestant.field.idNumber')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.records.map((r) => (
                    <tr>
                      <td>{r.row}</td><td>{r.name}</td><td>{r.organization}</td><td>{preview.skillNames[r.skillId] ?? ''}{r.team && <span class="muted block">{r.team}</span>}</td>
                      <td>{r.bib ?? t('contestant.field.bib.auto')}</td><td class="mono">{maskIdNumber(r.idNumber)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {preview.pendingId && <ConfirmImport page={props.page} eventId={event.id} preview={preview} />}
        </section>
      )}
    </Layout>
  );
}
