import type { AppealRow } from '../../src/results/queries.ts';
import { CsrfField, Notice, SelectField, TextareaField, type FieldErrors } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { AppealDecision } from './results.tsx';
import { dateTime } from '../format.ts';

/**
 * The delegation leader's results and appeals page, reached through the private link
 * (/d/<token>/appeals) without signing in: the published results of the organization's own
 * contestants only, the appeal form while a window is open, and the organization's appeals
 * with the arbitration decisions. Phone first, like the registration side.
 */

export interface DelegationSkillResults {
  skillName: string;
  version: number;
  publishedAt: Date;
  appealUntil: Date;
  open: boolean;
  decimals: number;
  /** The organization's own entries as published; status: the reason it is unranked, else its status. */
  entries: { bib: string; name: string; total: number | null; rank: number | null; prize: 1 | 2 | 3 | null; status: string }[];
}

export function DelegationAppealsPage(props: {
  page: PageContext;
  base: string;
  organizationName: string;
  eventName: string;
  skills: DelegationSkillResults[];
  appeals: AppealRow[];
  form: { values: { bib: string; text: string }; errors: FieldErrors };
  notice?: { kind: 'success' | 'error' | 'info'; text: string } | undefined;
}) {
  const { t, locale, csrfToken } = props.page;
  const title = t('appeal.delegation.title', { organization: props.organizationName });
  const choices = props.skills.filter((s) => s.open).flatMap((s) => s.entries.map((e) => ({ value: e.bib, label: `${e.bib} ${e.name} · ${s.skillName}` })));
  return (
    <Layout page={props.page} title={title} narrow>
      <p class="crumbs"><a href={props.base}>{t('appeal.delegation.back', { organization: props.organizationName })}</a></p>
      <p class="lead">{props.eventName}</p>
      <h1>{title}</h1>
      {props.notice && <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}

      {props.skills.length === 0 && <p class="empty">{t('appeal.delegation.none')}</p>}
      {props.skills.map((skill) => (
        <section class="card" data-testid="delegation-results">
          <h2>{skill.skillName} <span class="muted">{t('publication.version', { version: skill.version })}</span></h2>
          <p class="muted">
            {t('publication.publishedAt')}: {dateTime(skill.publishedAt, locale)} ·{' '}
            {skill.open
              ? t('appeal.delegation.openUntil', { when: dateTime(skill.appealUntil, locale) })
              : t('appeal.delegation.closedAt', { when: dateTime(skill.appealUntil, locale) })}
          </p>
          <ul class="list">
            {skill.entries.map((e) => (
              <li>
                <div>
                  <span class="badge">{e.bib}</span> <span class="list-title">{e.name}</span>
                  <span class="block">
                    {e.total === null
                      ? t(`results.status.${e.status as 'dns' | 'withdrawn' | 'disqualified' | 'absent'}`)
                      : t('appeal.delegation.result', { total: e.total.toFixed(skill.decimals), rank: e.rank ?? '' })}
                    {e.prize && <> · {t(`results.prize.${e.prize}`)}</>}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}

      <section class="card" id="file" data-testid="appeal-form">
        <h2>{t('appeal.delegation.file')}</h2>
        <p class="hint">{t('appeal.delegation.deadlineNote')}</p>
        {choices.length === 0 && !props.form.errors.bib ? (
          <p>{t('appeal.delegation.noWindow')}</p>
        ) : (
          <form method="post" action={`${props.base}/appeals`}>
            <CsrfField token={csrfToken} />
            <SelectField name="bib" label={t('appeal.delegation.entry')} value={props.form.values.bib} error={props.form.errors.bib}
              options={[{ value: '', label: t('appeal.delegation.chooseEntry') }, ...choices]} />
            <TextareaField name="text" label={t('appeal.delegation.text')} hint={t('appeal.delegation.text.hint')} value={props.form.values.text} error={props.form.errors.text} rows={5} />
            <button type="submit" class="button button-primary button-block">{t('appeal.delegation.submit')}</button>
          </form>
        )}
      </section>

      <section class="card">
        <h2>{t('appeal.delegation.mine')}</h2>
        {props.appeals.length === 0 ? (
          <p class="empty">{t('appeal.none')}</p>
        ) : (
          <ul class="list" data-testid="delegation-appeals">
            {props.appeals.map((appeal) => (
              <li>
                <div>
                  <span class="badge">{appeal.entryBib}</span> <span class="list-title">{appeal.entryName}</span> <span class="muted">{appeal.skillName}</span>
                  <span class="block muted">{t('appeal.filedAt')}: {dateTime(appeal.filedAt, locale)} · {t('publication.version', { version: appeal.version })}</span>
                  <span class="block">{appeal.text}</span>
                  <span class="block"><AppealDecision page={props.page} appeal={appeal} skillId={null} /></span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
