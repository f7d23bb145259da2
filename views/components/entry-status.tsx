import type { StatusHistoryRow } from '../../src/entry-status/queries.ts';
import type { MessageKey, Translate } from '../../src/i18n/index.ts';
import { CheckboxField, CsrfField, Field, Notice, SelectField, TextareaField, type FieldErrors } from './form.tsx';
import type { PageContext } from '../page-context.ts';
import { dateFormat } from '../format.ts';

/**
 * Recording an entry's status (取消资格, 中途退赛, 缺考 for a round) and its reversal, with a
 * required reason and a confirmation: the chief judge's desk names the entry by code (a
 * select of the round's codes), the organizer's results screen by bib. One form, stacked
 * fields, so it fits a phone.
 */

export interface EntryStatusFormValues {
  action: string;
  code: string;
  bib: string;
  roundId: string;
  reason: string;
}

export const emptyStatusForm: EntryStatusFormValues = { action: 'disqualify', code: '', bib: '', roundId: '', reason: '' };

const actions = ['disqualify', 'withdraw', 'absent', 'reinstate', 'clearAbsence'] as const;

export function EntryStatusForm(props: {
  page: PageContext;
  action: string;
  /** The desk: the round's codes (the entry is named by code, the round is the desk's). */
  codes?: string[];
  /** The results screen: the skill's rounds, for an absence. */
  rounds?: { id: number; name: string }[];
  /** The round a code belongs to (desk). */
  roundId?: number;
  values: EntryStatusFormValues;
  errors: FieldErrors;
  error?: string | undefined;
}) {
  const { t, csrfToken } = props.page;
  const v = props.values;
  return (
    <form method="post" action={props.action} class="status-form" data-testid="entry-status-form">
      <CsrfField token={csrfToken} />
      {props.error && <Notice kind="error">{props.error}</Notice>}
      <SelectField name="action" label={t('entryStatus.field.action')} value={v.action} error={props.errors.action}
        options={actions.map((a) => ({ value: a, label: t(`entryStatus.action.${a}` as MessageKey) }))} />
      {props.codes ? (
        <>
          <input type="hidden" name="roundId" value={String(props.roundId ?? '')} />
          <SelectField name="code" label={t('entryStatus.field.code')} value={v.code} error={props.errors.code ?? props.errors.bib}
            options={[{ value: '', label: '—' }, ...props.codes.map((code) => ({ value: code, label: code }))]} />
        </>
      ) : (
        <>
          <Field name="bib" label={t('entryStatus.field.bib')} value={v.bib} error={props.errors.bib} maxlength={20} required />
          <SelectField name="roundId" label={t('entryStatus.field.round')} hint={t('entryStatus.field.round.hint')} value={v.roundId} error={props.errors.roundId}
            options={[{ value: '', label: '—' }, ...(props.rounds ?? []).map((r) => ({ value: String(r.id), label: r.name }))]} />
        </>
      )}
      <TextareaField name="reason" label={t('entryStatus.field.reason')} value={v.reason} error={props.errors.reason} rows={2} />
      <CheckboxField name="confirm" label={t('entryStatus.field.confirm')} checked={false} error={props.errors.confirm} />
      <div class="actions">
        <button type="submit" class="button button-primary">{t('entryStatus.submit')}</button>
      </div>
    </form>
  );
}

/** What a history row says: "取消资格", "本环节缺考 (实际操作)", "恢复参赛" … */
export function changeLabel(t: Translate, row: Pick<StatusHistoryRow, 'roundId' | 'roundName' | 'to'>): string {
  if (row.roundId !== null) return `${t(row.to === 'absent' ? 'entryStatus.change.absent' : 'entryStatus.change.present')} (${row.roundName ?? ''})`;
  if (row.to === 'disqualified' || row.to === 'withdrawn') return t(`entryStatus.change.${row.to}`);
  return t('entryStatus.change.reinstated');
}

/** The history, newest first; `by` 'code' on the desk (never a bib there), 'bib' for the organizer. */
export function StatusHistoryList(props: { page: PageContext; rows: StatusHistoryRow[]; by: 'code' | 'bib' }) {
  const { t, locale } = props.page;
  if (props.rows.length === 0) return <p class="muted">{t('entryStatus.history.none')}</p>;
  const when = (date: Date) => dateFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(date);
  return (
    <ul class="history" data-testid="status-history">
      {props.rows.map((r) => (
        <li>
          <strong>{props.by === 'bib' ? r.bib : r.codes.join(' / ')}</strong> · {changeLabel(t, r)} · {when(r.at)} · {r.by}
          <span class="block muted">{t('entryStatus.field.reason')}: {r.reason}</span>
        </li>
      ))}
    </ul>
  );
}
