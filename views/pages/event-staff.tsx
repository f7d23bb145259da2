import { eventRoles, type EventRole } from '../../src/domain/event-roles.ts';
import type { EventStaffMember, StaffCandidate } from '../../src/event-staff/queries.ts';
import type { EventSummary } from '../../src/events/queries.ts';
import { CsrfField, Notice, SelectField, type FieldErrors } from '../components/form.tsx';
import { dateTime } from '../format.ts';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

export interface AddStaffValues {
  accountId: string;
  role: string;
}

const roleOptions = (page: PageContext) => eventRoles.map((role) => ({ value: role, label: page.t(`eventRole.${role}`) }));

/** One colleague's place: his role (changed in place) and the button that takes it away. */
function StaffRow(props: { page: PageContext; eventId: number; member: EventStaffMember }) {
  const { t, locale, csrfToken, account } = props.page;
  const { member, eventId } = props;
  const own = member.accountId === account?.id && !account.isAdmin;
  const action = `/events/${eventId}/staff/${member.accountId}`;
  return (
    <li data-testid={`event-staff-${member.username}`} data-role={member.role}>
      <span class="list-title">{member.displayName}</span>
      <code>{member.username}</code>
      {member.disabled && <span class="badge badge-staff-disabled">{t('eventStaff.disabled')}</span>}
      <span class="muted">
        {member.addedBy ? t('eventStaff.addedBy', { name: member.addedBy, date: dateTime(member.since, locale) }) : dateTime(member.since, locale)}
      </span>
      {own ? (
        <span><span class="badge">{t(`eventRole.${member.role}`)}</span> <span class="hint">{t('eventStaff.own')}</span></span>
      ) : (
        <span class="actions">
          <form method="post" action={action} class="inline-form">
            <CsrfField token={csrfToken} />
            <label class="sr-only" for={`role-${member.accountId}`}>{t('eventStaff.role', { name: member.displayName })}</label>
            <select id={`role-${member.accountId}`} name="role">
              {roleOptions(props.page).map((o) => <option value={o.value} selected={o.value === member.role}>{o.label}</option>)}
            </select>
            <button type="submit" class="button">{t('eventStaff.change')}</button>
          </form>
          <details class="confirm">
            <summary class="button button-quiet">{t('eventStaff.remove')}</summary>
            <form method="post" action={`${action}/remove`}>
              <CsrfField token={csrfToken} />
              <p>{t('eventStaff.remove.confirm', { name: member.displayName })}</p>
              <button type="submit" class="button button-danger">{t('eventStaff.remove')}</button>
            </form>
          </details>
        </span>
      )}
    </li>
  );
}

/** Who runs the event: the administrators (everything), its organizers and clerks, and the form that adds one. */
export function EventStaffPage(props: {
  page: PageContext;
  event: EventSummary;
  staff: EventStaffMember[];
  candidates: StaffCandidate[];
  administrators: string[];
  values: AddStaffValues;
  errors: FieldErrors;
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
}) {
  const { t, csrfToken } = props.page;
  const { event, values, errors } = props;
  const roleHelp: Record<EventRole, string> = { organizer: t('eventRole.organizer.hint'), registration: t('eventRole.registration.hint'), results: t('eventRole.results.hint') };
  return (
    <Layout page={props.page} title={`${t('eventStaff.title')} · ${event.name}`}>
      <p class="crumbs"><a href="/events">{t('event.list.title')}</a> › <a href={`/events/${event.id}`}>{event.name}</a></p>
      <h1>{t('eventStaff.title')}</h1>
      <p class="lead">{t('eventStaff.intro')}</p>
      {props.notice && <Notice kind={props.notice.kind}><span data-testid="event-staff-notice">{props.notice.text}</span></Notice>}
      <section class="card" aria-labelledby="event-staff-roles">
        <h2 id="event-staff-roles">{t('eventStaff.roles')}</h2>
        <dl class="facts">
          {eventRoles.map((role) => <><dt>{t(`eventRole.${role}`)}</dt><dd>{roleHelp[role]}</dd></>)}
        </dl>
        <p class="hint" data-testid="administrators">{t('eventStaff.administrators', { names: props.administrators.join('、') || t('common.none') })}</p>
      </section>

      <section class="card" aria-labelledby="event-staff-list">
        <h2 id="event-staff-list">{t('eventStaff.list', { count: props.staff.length })}</h2>
        {props.staff.length === 0
          ? <p class="empty">{t('eventStaff.empty')}</p>
          : <ul class="list staff-list" data-testid="event-staff">{props.staff.map((member) => <StaffRow page={props.page} eventId={event.id} member={member} />)}</ul>}
      </section>

      <section class="card" aria-labelledby="event-staff-add">
        <h2 id="event-staff-add">{t('eventStaff.add')}</h2>
        {props.candidates.length === 0 ? (
          <p class="empty">{t('eventStaff.noCandidates')}{props.page.account?.isAdmin && <> <a href="/staff">{t('staff.title')}</a></>}</p>
        ) : (
          <form method="post" action={`/events/${event.id}/staff`} class="field-row" novalidate>
            <CsrfField token={csrfToken} />
            <SelectField name="accountId" label={t('eventStaff.account')} value={values.accountId} error={errors.accountId}
              options={[{ value: '', label: t('eventStaff.account.choose') }, ...props.candidates.map((c) => ({ value: String(c.id), label: `${c.displayName}（${c.username}）` }))]} />
            <SelectField name="role" label={t('eventStaff.roleField')} value={values.role} error={errors.role} options={roleOptions(props.page)} />
            <div class="field field-submit">
              <button type="submit" class="button button-primary">{t('eventStaff.add.submit')}</button>
            </div>
          </form>
        )}
      </section>
    </Layout>
  );
}
