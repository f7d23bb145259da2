import type { SnapshotFailure } from '../../src/backups/index.ts';
import type { StoredSnapshot } from '../../src/backups/snapshots.ts';
import { reasonLabel, type SnapshotReason } from '../../src/domain/backups.ts';
import type { MessageKey } from '../../src/i18n/index.ts';
import { CsrfField, Notice, TextareaField } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { dateFormat } from '../format.ts';

export interface BackupsPageProps {
  page: PageContext;
  snapshots: StoredSnapshot[];
  /** Automatic snapshots asked for (after a lock or a publication) and still being written. */
  pending: readonly SnapshotReason[];
  /** The latest automatic snapshots that failed, newest first. */
  failures: readonly SnapshotFailure[];
  folder: string;
  settings: { intervalMinutes: number; keepAllHours: number; keepDailyDays: number };
  notice?: { kind: 'taken'; name: string } | { kind: 'restored'; name: string; before: string } | undefined;
  /** A restore that was refused, with the reason typed, to show next to its snapshot. */
  failed?: { name: string; message: string; reason: string };
}

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** The organizer's backups: list, take one now, download, restore (with a confirmation and a reason). */
export function BackupsPage(props: BackupsPageProps) {
  const { t, locale, csrfToken } = props.page;
  const when = dateFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
  const { notice, failed, settings } = props;
  return (
    <Layout page={props.page} title={t('backups.title')}>
      <h1>{t('backups.title')}</h1>
      <p class="lead">{t('backups.intro')}</p>
      <p class="muted">
        {t('backups.where', { folder: props.folder })}{' '}
        {settings.intervalMinutes > 0 ? t('backups.periodic', { minutes: settings.intervalMinutes }) : t('backups.periodic.off')}{' '}
        {t('backups.retention', { hours: settings.keepAllHours, days: settings.keepDailyDays })}
      </p>

      {notice?.kind === 'taken' && <Notice kind="success">{t('backups.taken', { name: notice.name })}</Notice>}
      {notice?.kind === 'restored' && (
        <Notice kind="success">{t('backups.restored', { name: notice.name, before: notice.before })}</Notice>
      )}
      {failed && <Notice kind="error">{failed.message}</Notice>}
      {props.failures.map((f) => (
        <Notice kind="error">
          {t('backups.failedAutomatic', { kind: t(`backups.kind.${f.reason.kind}` as MessageKey), name: reasonLabel(f.reason), date: when.format(f.at), error: f.message })}
        </Notice>
      ))}

      <section class="card">
        <form method="post" action="/settings/backups">
          <CsrfField token={csrfToken} />
          <button type="submit" class="button button-primary" data-testid="take-snapshot">{t('backups.takeNow')}</button>
        </form>
      </section>

      <section class="card">
        <h2>{t('backups.list')}</h2>
        {props.pending.length > 0 && (
          <p class="muted" data-testid="snapshots-pending">
            {t('backups.pending', { names: props.pending.map((r) => `${t(`backups.kind.${r.kind}` as MessageKey)} (${reasonLabel(r)})`).join(', ') })}
          </p>
        )}
        {props.snapshots.length === 0 ? (
          <p class="empty">{t('backups.none')}</p>
        ) : (
          <ul class="list">
            {props.snapshots.map((s) => (
              <li data-testid={`snapshot-${s.name}`}>
                <strong>{when.format(s.at)}</strong>
                <span class="badge">{t(`backups.kind.${s.kind}` as MessageKey)}</span>
                <code>{s.name}</code>
                <span class="muted">{t('backups.size', { mb: megabytes(s.size) })}</span>
                <a class="button" href={`/settings/backups/${encodeURIComponent(s.name)}`} download={s.name}>{t('backups.download')}</a>
                <details open={failed?.name === s.name}>
                  <summary class="button">{t('backups.restore')}</summary>
                  <form method="post" action={`/settings/backups/${encodeURIComponent(s.name)}/restore`}>
                    <CsrfField token={csrfToken} />
                    <p>{t('backups.restore.confirm', { date: when.format(s.at) })}</p>
                    <TextareaField name="reason" label={t('backups.restore.reason')} value={failed?.name === s.name ? failed.reason : ''} rows={2} />
                    <button type="submit" class="button button-primary">{t('backups.restore.submit')}</button>
                  </form>
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}

/** On PostgreSQL: no snapshots here, the database server makes the backups (README: deployment). */
export function DatabaseBackupsPage(props: { page: PageContext }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t('backups.title')}>
      <h1>{t('backups.title')}</h1>
      <p class="lead">{t('backups.byDatabase')}</p>
      <p class="muted">{t('backups.byDatabase.how')}</p>
    </Layout>
  );
}
