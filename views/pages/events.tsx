import { TransferCard } from './transfer.tsx';
import type { EventRole } from '../../src/domain/event-roles.ts';
import type { SkillProgress } from '../../src/domain/event-progress.ts';
import { ProgressTable } from '../components/progress.tsx';
import { canDelete, canEditRules, eventStatuses, type EventStatus, type StageCheck } from '../../src/domain/event-lifecycle.ts';
import type { EventSummary, SkillSummary } from '../../src/events/queries.ts';
import { CheckboxField, CsrfField, Field, Notice, NumberField, SelectField, type FieldErrors } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import { dateFormat } from '../format.ts';
import { may, type PageContext } from '../page-context.ts';

export function formatDate(date: Date | null, locale: string): string {
  return date ? dateFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date) : '';
}

function EventDates(props: { event: EventSummary; page: PageContext }) {
  const { t, locale } = props.page;
  const { startsOn, endsOn } = props.event;
  if (!startsOn) return null;
  const start = formatDate(startsOn, locale);
  return <span class="muted">{endsOn && endsOn > startsOn ? t('event.dates', { start, end: formatDate(endsOn, locale) }) : start}</span>;
}

function StatusBadge(props: { status: EventStatus; page: PageContext }) {
  return <span class={`badge badge-${props.status}`}>{props.page.t(`event.status.${props.status}`)}</span>;
}

export function EventListPage(props: { page: PageContext; events: (EventSummary & { role: EventRole | null })[]; archived: boolean }) {
  const { t } = props.page;
  const title = props.archived ? t('event.list.archivedTitle') : t('event.list.title');
  return (
    <Layout page={props.page} title={title}>
      <div class="page-head">
        <h1>{title}</h1>
        {!props.archived && <div class="actions">
          {props.page.account?.isAdmin && <a class="button" href="/transfer" data-testid="transfer-import-link">{t('transfer.import.title')}</a>}
          <a class="button button-primary" href="/events/new">{t('event.new')}</a>
        </div>}
      </div>
      <section class="card">
        {props.events.length === 0 ? (
          <p class="empty">{t('event.list.empty')}</p>
        ) : (
          <ul class="list">
            {props.events.map((event) => (
              <li>
                <a class="list-title" href={`/events/${event.id}`}>{event.name}</a>
                <StatusBadge status={event.status} page={props.page} />
                {event.role && <span class="badge" data-testid={`my-role-${event.id}`}>{t(`eventRole.${event.role}`)}</span>}
                <EventDates event={event} page={props.page} />
                {event.venue && <span class="muted">{event.venue}</span>}
                <span class="muted">{t('event.skills.count', { count: event.skillCount })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p>
        <a href={props.archived ? '/events' : '/events?archived=1'}>
          {props.archived ? t('event.list.showActive') : t('event.list.showArchived')}
        </a>
      </p>
    </Layout>
  );
}

export interface EventFormValues {
  name: string;
  nameEn: string;
  startsOn: string;
  endsOn: string;
  venue: string;
  hostOrganization: string;
  allowMultipleSkills: boolean;
  organizationBestN: string;
}

export function eventFormValues(event?: EventSummary): EventFormValues {
  const day = (date: Date | null | undefined) => (date ? date.toISOString().slice(0, 10) : '');
  return {
    name: event?.name ?? '',
    nameEn: event?.nameEn ?? '',
    startsOn: day(event?.startsOn),
    endsOn: day(event?.endsOn),
    venue: event?.venue ?? '',
    hostOrganization: event?.hostOrganization ?? '',
    allowMultipleSkills: event?.allowMultipleSkills ?? false,
    organizationBestN: String(event?.organizationBestN ?? 3),
  };
}

/** New event, edit event and copy event share one form. */
export function EventFormPage(props: {
  page: PageContext;
  title: string;
  intro?: string;
  action: string;
  submit: string;
  values: EventFormValues;
  errors: FieldErrors;
  cancel: string;
}) {
  const { t, csrfToken } = props.page;
  const { values, errors } = props;
  return (
    <Layout page={props.page} title={props.title} narrow>
      <section class="card">
        <h1>{props.title}</h1>
        {props.intro && <p class="lead">{props.intro}</p>}
        {Object.keys(errors).length > 0 && <Notice kind="error">{t('validation.formHasErrors')}</Notice>}
        <form method="post" action={props.action}>
          <CsrfField token={csrfToken} />
          <Field name="name" label={t('event.field.name')} hint={t('event.field.name.hint')} value={values.name} error={errors.name} required maxlength={120} autofocus />
          <Field name="nameEn" label={t('event.field.nameEn')} hint={t('event.field.nameEn.hint')} value={values.nameEn} error={errors.nameEn} maxlength={160} />
          <div class="field-row">
            <Field name="startsOn" type="date" label={t('event.field.startsOn')} value={values.startsOn} error={errors.startsOn} />
            <Field name="endsOn" type="date" label={t('event.field.endsOn')} value={values.endsOn} error={errors.endsOn} />
          </div>
          <Field name="venue" label={t('event.field.venue')} value={values.venue} error={errors.venue} maxlength={120} />
          <Field name="hostOrganization" label={t('event.field.hostOrganization')} value={values.hostOrganization} error={errors.hostOrganization} maxlength={120} />
          <CheckboxField name="allowMultipleSkills" label={t('event.field.allowMultipleSkills')} checked={values.allowMultipleSkills} error={errors.allowMultipleSkills} />
          <NumberField name="organizationBestN" label={t('event.field.organizationBestN')} hint={t('event.field.organizationBestN.hint')} value={values.organizationBestN} error={errors.organizationBestN} />
          <div class="actions">
            <button type="submit" class="button button-primary">{props.submit}</button>
            <a class="button" href={props.cancel}>{t('common.cancel')}</a>
          </div>
        </form>
      </section>
    </Layout>
  );
}

export function EventPage(props: {
  page: PageContext;
  event: EventSummary;
  skills: SkillSummary[];
  /** Skills of other events, offered for copying. */
  copyable: { id: number; name: string; eventName: string }[];
  skillErrors: FieldErrors;
  skillValues: { name: string; nameEn: string };
  message?: string | undefined;
  /** The stages the event can move to, each with what the move means or why it cannot be made. */
  moves: { to: EventStatus; check: StageCheck }[];
  /** Each skill's progress and next step. */
  progress: SkillProgress[];
}) {
  const { t, csrfToken } = props.page;
  const { event } = props;
  const setup = may(props.page, 'setup');
  const results = may(props.page, 'results');
  const editable = setup && canEditRules(event.status);
  const index = eventStatuses.indexOf(event.status);
  return (
    <Layout page={props.page} title={event.name}>
      <p class="crumbs"><a href="/events">{t('event.list.title')}</a></p>
      <div class="page-head">
        <h1>{event.name}</h1>
        <StatusBadge status={event.status} page={props.page} />
      </div>
      {props.message && <Notice kind="error">{props.message}</Notice>}

      <ProgressTable page={props.page} eventId={event.id} status={event.status} skills={props.progress} />

      <section class="card">
        <h2>{t('event.details')}</h2>
        <dl class="facts">
          <dt>{t('event.field.nameEn')}</dt><dd>{event.nameEn || t('common.none')}</dd>
          <dt>{t('event.field.startsOn')}</dt><dd><EventDates event={event} page={props.page} /></dd>
          <dt>{t('event.field.venue')}</dt><dd>{event.venue || t('common.none')}</dd>
          <dt>{t('event.field.hostOrganization')}</dt><dd>{event.hostOrganization || t('common.none')}</dd>
          <dt>{t('event.field.allowMultipleSkills')}</dt><dd>{event.allowMultipleSkills ? t('common.yes') : t('common.no')}</dd>
        </dl>
        <div class="actions">
          {setup && event.status !== 'archived' && <a class="button" href={`/events/${event.id}/edit`}>{t('common.edit')}</a>}
          {setup && <a class="button" href={`/events/${event.id}/copy`}>{t('event.copy')}</a>}
          {may(props.page, 'registration') && <a class="button button-primary" href={`/events/${event.id}/registration`}>{t('registration.title')}</a>}
          {setup && <a class="button" href={`/events/${event.id}/judges`}>{t('judges.title')}</a>}
          {setup && <a class="button" href={`/events/${event.id}/staff`} data-testid="staff-link">{t('eventStaff.link')}</a>}
          {may(props.page, 'registration') && event.status === 'in_progress' && <a class="button button-primary" href={`/events/${event.id}/check-in`}>{t('checkin.title')}</a>}
          <a class="button" href={`/public/events/${event.id}`} data-testid="public-link">{t('public.link')}</a>
          {results && <a class="button" href={`/events/${event.id}/display`} data-testid="display-link">{t('display.link')}</a>}
        </div>
      </section>

      {setup && <>
      <section class="card" data-testid="archive">
        <h2>{t('archive.title')}</h2>
        <p>{t('archive.intro')}</p>
        <form method="post" action={`/events/${event.id}/archive`}>
          <CsrfField token={props.page.csrfToken} />
          <button type="submit" class="button">{t('archive.download')}</button>
        </form>
      </section>
      <TransferCard page={props.page} eventId={event.id} />

      <section class="card" id="stage">
        <h2>{t('event.status')}</h2>
        <ol class="stages">
          {eventStatuses.map((status, i) => (
            <li class={i < index ? 'stage-done' : i === index ? 'stage-current' : ''} aria-current={i === index ? 'step' : undefined}>
              {t(`event.status.${status}`)}
            </li>
          ))}
        </ol>
        <div class="actions">
          {props.moves.map(({ to: status, check }) => {
            const label = eventStatuses.indexOf(status) > index
              ? t('event.status.moveTo', { status: t(`event.status.${status}`) })
              : t('event.status.moveBack', { status: t(`event.status.${status}`) });
            // A stage move says what it means, and asks, before it is made; one that cannot be made says why.
            return (
              <details class="confirm" data-testid={`stage-${status}`}>
                <summary class={eventStatuses.indexOf(status) > index ? 'button button-primary' : 'button'}>{label}</summary>
                {check.ok ? (
                  <form method="post" action={`/events/${event.id}/status`}>
                    <CsrfField token={csrfToken} />
                    <input type="hidden" name="status" value={status} />
                    {check.notes.map((note) => <p>{'params' in note ? t(note.key, note.params) : t(note.key)}</p>)}
                    {check.needsReason && (
                      <div class="field">
                        <label for={`stage-reason-${status}`}>{t('stage.reason')}</label>
                        <textarea id={`stage-reason-${status}`} name="reason" rows={2} maxlength={500} required></textarea>
                      </div>
                    )}
                    <button type="submit" class="button button-primary">{label}</button>
                  </form>
                ) : (
                  <div class="confirm-body"><p class="error" role="alert">{t(check.refusal.key, 'params' in check.refusal ? check.refusal.params : undefined)}</p></div>
                )}
              </details>
            );
          })}
          {canDelete(event.status) && (
            <form method="post" action={`/events/${event.id}/delete`} hx-post={`/events/${event.id}/delete`} class="inline-form" hx-confirm={t('event.delete.confirm')}>
              <CsrfField token={csrfToken} />
              <button type="submit" class="button button-danger">{t('event.delete')}</button>
            </form>
          )}
        </div>
        <p class="hint">{t('event.archive.hint')}</p>
      </section>
      </>}

      <section class="card">
        <h2>{t('event.skills')}</h2>
        {props.skills.length === 0 ? (
          <p class="empty">{t('event.skills.empty')}</p>
        ) : (
          <ul class="list">
            {props.skills.map((skill) => (
              <li>
                <a class="list-title" href={`/skills/${skill.id}`}>{skill.name}</a>
                {skill.nameEn && <span class="muted">{skill.nameEn}</span>}
                {setup && event.status === 'in_progress' && <a class="button button-quiet" href={`/skills/${skill.id}/draw`}>{t('draw.link')}</a>}
                {results && (event.status === 'in_progress' || event.status === 'published') && <a class="button button-quiet" href={`/skills/${skill.id}/results`}>{t('results.link')}</a>}
              </li>
            ))}
          </ul>
        )}
        {editable && (
          <>
            <h3>{t('event.skill.add')}</h3>
            <form method="post" action={`/events/${event.id}/skills`} class="field-row">
              <CsrfField token={csrfToken} />
              <Field name="name" label={t('skill.field.name')} hint={t('skill.field.name.hint')} value={props.skillValues.name} error={props.skillErrors.name} required maxlength={60} />
              <Field name="nameEn" label={t('skill.field.nameEn')} hint={t('skill.field.nameEn.hint')} value={props.skillValues.nameEn} error={props.skillErrors.nameEn} maxlength={80} />
              <div class="field field-submit">
                <button type="submit" class="button button-primary">{t('event.skill.add')}</button>
              </div>
            </form>
            {props.copyable.length > 0 && (
              <>
                <h3>{t('event.skill.copy')}</h3>
                <form method="post" action={`/events/${event.id}/skills/copy`} class="field-row">
                  <CsrfField token={csrfToken} />
                  <SelectField name="skillId" label={t('event.skill.copy.choose')} value=""
                    options={props.copyable.map((s) => ({ value: String(s.id), label: `${s.eventName} · ${s.name}` }))} />
                  <div class="field field-submit">
                    <button type="submit" class="button">{t('event.skill.copy.submit')}</button>
                  </div>
                </form>
              </>
            )}
          </>
        )}
      </section>
    </Layout>
  );
}
