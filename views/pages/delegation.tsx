import type { SkillLevel } from '../../src/domain/contestant-sheet.ts';
import type { SkillSummary } from '../../src/events/queries.ts';
import { CsrfField, Notice, type FieldErrors } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { ContestantForm, type ContestantFormValues, type TeamChoices } from './registration.tsx';
import { dateFormat } from '../format.ts';

/**
 * The delegation leader's side of registration, reached through the private link /d/<token>
 * without signing in. Phone first: one column of cards, big buttons. Leaders never see a stored
 * ID or phone number in full, so every number here arrives already masked by the route.
 */

export interface DelegationSummary {
  /** The link's path, /d/<token>; every form posts below it. */
  base: string;
  organizationName: string;
  eventName: string;
  deadline: Date;
  submittedAt: Date | null;
  approvedAt: Date | null;
  /** Who runs the event (主办单位), for whom to contact; '' when not given. */
  host: string;
  /** The link's deadline has not passed. */
  linkOpen: boolean;
  /** The event still takes registrations (draft or registration). */
  eventOpen: boolean;
}

export interface DelegationContestant {
  id: number;
  name: string;
  gender: 'male' | 'female';
  /** Masked: "330902********0014". */
  idNumber: string;
  /** Masked, or '' when none was given. */
  phone: string;
  skillLevel: SkillLevel;
  entries: { skillName: string; bib: string; team: string | null }[];
}

export type DelegationNotice = { kind: 'success' | 'error' | 'info'; text: string };

function dateTime(date: Date, locale: string): string {
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

function ReviewStatus(props: { page: PageContext; delegation: DelegationSummary }) {
  const { t, locale } = props.page;
  const { delegation } = props;
  // Approved only means something to the leader once a list was submitted: an organization the
  // organizer created (approved with it) has not been reviewed from this page yet.
  if (delegation.approvedAt && delegation.submittedAt) return <span class="badge badge-published">{t('delegation.page.status.approved')}</span>;
  if (delegation.submittedAt) {
    return (
      <>
        <span class="badge badge-registration">{t('delegation.page.status.submitted')}</span>{' '}
        <span class="muted">{dateTime(delegation.submittedAt, locale)}</span>
      </>
    );
  }
  return <span class="badge badge-in_progress">{t('delegation.page.status.draft')}</span>;
}

function DelegationHead(props: { page: PageContext; delegation: DelegationSummary }) {
  const { t, locale } = props.page;
  const { delegation } = props;
  return (
    <>
      <p class="lead">{delegation.eventName}</p>
      <h1>{t('delegation.page.title', { organization: delegation.organizationName })}</h1>
      <dl class="facts" data-testid="delegation-facts">
        <dt>{t('delegation.deadline')}</dt>
        <dd>{dateTime(delegation.deadline, locale)}</dd>
        <dt>{t('delegation.page.statusLabel')}</dt>
        <dd><ReviewStatus page={props.page} delegation={delegation} /></dd>
      </dl>
    </>
  );
}

/** The organization's contestants as a list of cards (a table does not fit a 360 px phone). */
function ContestantList(props: { page: PageContext; delegation: DelegationSummary; contestants: DelegationContestant[]; editable: boolean }) {
  const { t } = props.page;
  if (props.contestants.length === 0) return <p class="empty">{t('delegation.page.empty')}</p>;
  return (
    <ul class="list" data-testid="delegation-contestants">
      {props.contestants.map((c) => (
        <li data-testid={`contestant-${c.id}`}>
          <div>
            <span class="list-title">{c.name}</span>{' '}
            <span class="muted">{t(`contestant.gender.${c.gender}`)}</span>
            {c.entries.map((e) => (
              <span class="block"><span class="badge">{e.bib}</span> {e.skillName}{e.team && <span class="muted"> · {e.team}</span>}</span>
            ))}
            <span class="block"><span class="muted">{t('contestant.field.idNumber')}</span> <span class="mono">{c.idNumber}</span></span>
            {c.phone && <span class="block"><span class="muted">{t('contestant.field.phone')}</span> <span class="mono">{c.phone}</span></span>}
            {c.skillLevel && <span class="block muted">{t(`contestant.level.${c.skillLevel}`)}</span>}
          </div>
          {props.editable && (
            <a class="button" href={`${props.delegation.base}/contestants/${c.id}/edit`}>
              {t('common.edit')}<span class="sr-only"> {c.name}</span>
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}

export function DelegationPage(props: {
  page: PageContext;
  delegation: DelegationSummary;
  contestants: DelegationContestant[];
  skills: SkillSummary[];
  allowMultipleSkills: boolean;
  /** The event's team skills, with this organization's teams. */
  teamSkills: TeamChoices;
  /** The add form: what was typed and its errors after a refused post. */
  form: { values: ContestantFormValues; errors: FieldErrors };
  notice?: DelegationNotice | undefined;
}) {
  const { t, locale, csrfToken } = props.page;
  const { delegation } = props;
  const editable = delegation.linkOpen && delegation.eventOpen;
  return (
    <Layout page={props.page} title={t('delegation.page.title', { organization: delegation.organizationName })} narrow>
      <DelegationHead page={props.page} delegation={delegation} />
      {props.notice && <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      {!delegation.linkOpen && (
        <section class="card" data-testid="delegation-closed">
          <h2>{t('delegation.page.closed.title')}</h2>
          <p>{t('delegation.page.closed.body', { when: dateTime(delegation.deadline, locale) })}</p>
          {/* Whom to ask: the event and who runs it, as its page names them. */}
          <p>{delegation.host ? t('delegation.page.closed.contactHost', { event: delegation.eventName, host: delegation.host }) : t('delegation.page.closed.contact', { event: delegation.eventName })}</p>
        </section>
      )}
      {delegation.linkOpen && !delegation.eventOpen && <Notice kind="info">{t('delegation.page.eventClosed')}</Notice>}
      {!delegation.eventOpen && (
        <section class="card" data-testid="delegation-results-link">
          <a class="button button-primary button-block" href={`${delegation.base}/appeals`}>{t('appeal.delegation.link')}</a>
          <p class="hint">{t('appeal.delegation.linkHint')}</p>
        </section>
      )}

      <section class="card">
        <h2>{t('contestant.title')} <span class="muted">({props.contestants.length})</span></h2>
        <ContestantList page={props.page} delegation={delegation} contestants={props.contestants} editable={editable} />
        <p class="hint">{t('delegation.page.privacy')}</p>
      </section>

      {editable && (
        <section class="card" id="add">
          <h2>{t('contestant.add')}</h2>
          <ContestantForm page={props.page} action={`${delegation.base}/contestants`} values={props.form.values} errors={props.form.errors}
            organizations={null} skills={props.skills} allowMultipleSkills={props.allowMultipleSkills} teamSkills={props.teamSkills} bibs={false} autofocus={false}
            submitLabel={t('contestant.add')} />
        </section>
      )}

      {editable && (
        <section class="card" data-testid="delegation-submit">
          <h2>{t('delegation.page.submit.title')}</h2>
          <p>{t('delegation.page.submit.hint')}</p>
          <form method="post" action={`${delegation.base}/submit`} class="actions">
            <CsrfField token={csrfToken} />
            <button type="submit" class="button button-primary button-block">
              {delegation.submittedAt ? t('delegation.page.submitAgain') : t('delegation.page.submit')}
            </button>
          </form>
        </section>
      )}
    </Layout>
  );
}

export function DelegationEditPage(props: {
  page: PageContext;
  delegation: DelegationSummary;
  contestantId: number;
  title: string;
  values: ContestantFormValues;
  errors: FieldErrors;
  /** The stored numbers, masked, shown beside the blank inputs. */
  stored: { idNumber: string; phone: string };
  skills: SkillSummary[];
  allowMultipleSkills: boolean;
  teamSkills: TeamChoices;
  notice?: DelegationNotice | undefined;
}) {
  const { t } = props.page;
  const { delegation } = props;
  const base = `${delegation.base}/contestants/${props.contestantId}`;
  return (
    <Layout page={props.page} title={props.title} narrow>
      <p class="crumbs"><a href={delegation.base}>{t('delegation.page.back', { organization: delegation.organizationName })}</a></p>
      <section class="card">
        <h1>{props.title}</h1>
        {props.notice && <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
        <ContestantForm page={props.page} action={`${base}/edit`} values={props.values} errors={props.errors}
          organizations={null} skills={props.skills} allowMultipleSkills={props.allowMultipleSkills} teamSkills={props.teamSkills} bibs={false}
          hints={{
            idNumber: t('delegation.page.keepIdNumber', { masked: props.stored.idNumber }),
            phone: props.stored.phone ? t('delegation.page.keepPhone', { masked: props.stored.phone }) : t('delegation.page.noPhone'),
          }}
          deleteAction={`${base}/delete`} />
      </section>
    </Layout>
  );
}
