import type { ImportSummary } from '../../src/transfer/import.ts';
import { CsrfField, Notice } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

/** The event page's card: download the event's transfer file, to import it into another installation. */
export function TransferCard(props: { page: PageContext; eventId: number }) {
  const { t, csrfToken } = props.page;
  return (
    <section class="card" data-testid="transfer">
      <h2>{t('transfer.title')}</h2>
      <p>{t('transfer.intro')}</p>
      <form method="post" action={`/events/${props.eventId}/transfer`}>
        <CsrfField token={csrfToken} />
        <button type="submit" class="button">{t('transfer.download')}</button>
      </form>
    </section>
  );
}

/** An administrator imports an event's transfer file into their federation. */
export function TransferImportPage(props: { page: PageContext; federation: string; error?: string }) {
  const { t, csrfToken } = props.page;
  return (
    <Layout page={props.page} title={t('transfer.import.title')}>
      <p class="crumbs"><a href="/events">{t('event.list.title')}</a></p>
      <h1>{t('transfer.import.title')}</h1>
      {props.error && <Notice kind="error"><span data-testid="transfer-error">{props.error}</span></Notice>}
      <section class="card">
        <p>{t('transfer.import.intro', { federation: props.federation })}</p>
        <ul>
          <li>{t('transfer.import.judges')}</li>
          <li>{t('transfer.import.organizers')}</li>
          <li>{t('transfer.import.copy')}</li>
        </ul>
        <form method="post" action="/transfer" enctype="multipart/form-data" class="field-row">
          <CsrfField token={csrfToken} />
          <div class="field field-grow">
            <label for="transfer-file">{t('transfer.import.file')}</label>
            <input id="transfer-file" type="file" name="file" accept=".zip,application/zip" required />
          </div>
          <div class="field field-submit"><button type="submit" class="button button-primary">{t('transfer.import.submit')}</button></div>
        </form>
      </section>
    </Layout>
  );
}

export function TransferImportedPage(props: { page: PageContext; summary: ImportSummary }) {
  const { t } = props.page;
  const { summary } = props;
  return (
    <Layout page={props.page} title={t('transfer.imported.title')}>
      <p class="crumbs"><a href="/events">{t('event.list.title')}</a></p>
      <h1>{t('transfer.imported.title')}</h1>
      <Notice kind="success">
        <span data-testid="transfer-imported">{t('transfer.imported.body', { name: summary.name, rows: summary.rows, photos: summary.photos })}</span>
      </Notice>
      {summary.newJudgeCode && (
        <Notice kind="warning"><span data-testid="transfer-new-code">{t('transfer.imported.newJudgeCode', { code: summary.newJudgeCode })}</span></Notice>
      )}
      {summary.accountsMade.length > 0 && (
        <Notice kind="info">
          <span data-testid="transfer-accounts">{t('transfer.imported.accounts', { count: summary.accountsMade.length, names: summary.accountsMade.join(', ') })}</span>{' '}
          {props.page.account?.isAdmin && <a href="/staff">{t('staff.title')}</a>}
        </Notice>
      )}
      {summary.linksDropped > 0 && <Notice kind="info">{t('transfer.imported.links', { count: summary.linksDropped })}</Notice>}
      <p class="actions"><a class="button button-primary" href={`/events/${summary.eventId}`} data-testid="transfer-open">{t('transfer.imported.open')}</a></p>
    </Layout>
  );
}
