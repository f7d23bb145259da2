import { raw } from 'hono/html';
import type { IssuedPassword } from '../../src/staff/commands.ts';
import type { StaffMember } from '../../src/staff/queries.ts';
import { CheckboxField, CsrfField, Field, Notice, type FieldErrors } from '../components/form.tsx';
import { dateTime } from '../format.ts';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { PrintLayout } from '../print-layout.tsx';

export interface InviteValues {
  displayName: string;
  username: string;
  isAdmin: boolean;
}

function StateBadge(props: { page: PageContext; member: StaffMember }) {
  const { t, locale } = props.page;
  const { member } = props;
  const until = member.initialPasswordUntil ? dateTime(member.initialPasswordUntil, locale) : '';
  const text = {
    active: t('staff.state.active'),
    invited: t('staff.state.invited', { date: until }),
    expired: t('staff.state.expired', { date: until }),
    disabled: t('staff.state.disabled', { date: member.disabledAt ? dateTime(member.disabledAt, locale) : '' }),
  }[member.state];
  return <span class={`badge badge-staff-${member.state}`} data-state={member.state}>{text}</span>;
}

const roleName = (page: PageContext, member: { isAdmin: boolean }) => page.t(member.isAdmin ? 'staff.role.admin' : 'staff.role.organizer');

/** The federation's organizer accounts and the form that invites a colleague. */
export function StaffPage(props: { page: PageContext; staff: StaffMember[]; values: InviteValues; errors: FieldErrors }) {
  const { t, locale, csrfToken } = props.page;
  const { values, errors } = props;
  return (
    <Layout page={props.page} title={t('staff.title')}>
      <h1>{t('staff.title')}</h1>
      <p class="lead">{t('staff.intro')}</p>
      <section class="card" aria-labelledby="invite-title">
        <h2 id="invite-title">{t('staff.invite')}</h2>
        {Object.keys(errors).length > 0 && <Notice kind="error">{t('validation.formHasErrors')}</Notice>}
        <form method="post" action="/staff" novalidate>
          <CsrfField token={csrfToken} />
          <Field name="displayName" label={t('field.displayName')} value={values.displayName} error={errors.displayName} required maxlength={60} autocomplete="off" />
          <Field name="username" label={t('field.username')} hint={t('staff.username.hint')} value={values.username} error={errors.username}
            required maxlength={32} autocomplete="off" />
          <CheckboxField name="isAdmin" label={t('staff.isAdmin')} hint={t('staff.isAdmin.hint')} checked={values.isAdmin} />
          <p class="hint">{t('staff.invite.hint')}</p>
          <button type="submit" class="button button-primary">{t('staff.invite.submit')}</button>
        </form>
      </section>

      <section class="card" aria-labelledby="staff-list-title">
        <h2 id="staff-list-title">{t('staff.list', { count: props.staff.length })}</h2>
        <ul class="list staff-list" data-testid="staff-list">
          {props.staff.map((member) => (
            <li data-testid={`staff-${member.username}`}>
              <a class="list-title" href={`/staff/${member.id}`}>{member.displayName}</a>
              <code>{member.username}</code>
              <span class="badge">{roleName(props.page, member)}</span>
              <StateBadge page={props.page} member={member} />
              <span class="muted">
                {member.lastSeenAt ? t('staff.lastSeen', { date: dateTime(member.lastSeenAt, locale) }) : t('staff.lastSeen.none')}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

/** One colleague: rename, administrator or not, a new initial password, disable or enable. */
export function StaffMemberPage(props: {
  page: PageContext;
  member: StaffMember;
  self: boolean;
  values: { displayName: string; isAdmin: boolean };
  errors: FieldErrors;
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
}) {
  const { t, csrfToken } = props.page;
  const { member, values, errors } = props;
  return (
    <Layout page={props.page} title={member.displayName} narrow>
      <p class="crumbs"><a href="/staff">{t('staff.title')}</a></p>
      <h1>{member.displayName} <code class="muted">{member.username}</code></h1>
      <p><StateBadge page={props.page} member={member} /></p>
      {props.notice && <Notice kind={props.notice.kind}><span data-testid="staff-notice">{props.notice.text}</span></Notice>}

      <section class="card">
        <h2>{t('staff.edit')}</h2>
        {Object.keys(errors).length > 0 && <Notice kind="error">{t('validation.formHasErrors')}</Notice>}
        <form method="post" action={`/staff/${member.id}`} novalidate>
          <CsrfField token={csrfToken} />
          <Field name="displayName" label={t('field.displayName')} value={values.displayName} error={errors.displayName} required maxlength={60} autocomplete="off" />
          {props.self
            ? <><input type="hidden" name="isAdmin" value={String(values.isAdmin)} /><p class="hint">{t('staff.isAdmin.self')}</p></>
            : <CheckboxField name="isAdmin" label={t('staff.isAdmin')} hint={t('staff.isAdmin.hint')} checked={values.isAdmin} error={errors.isAdmin} />}
          <button type="submit" class="button button-primary">{t('common.save')}</button>
        </form>
      </section>

      <section class="card">
        <h2>{t('staff.access')}</h2>
        {props.self ? (
          <p>{t('staff.self')} <a href="/account/password">{t('account.password.title')}</a></p>
        ) : (
          <div class="actions">
            {member.state !== 'disabled' && (
              <details class="confirm" data-testid="reset-password">
                <summary class="button">{t('staff.reset')}</summary>
                <form method="post" action={`/staff/${member.id}/password`}>
                  <CsrfField token={csrfToken} />
                  <p>{t('staff.reset.confirm', { name: member.displayName })}</p>
                  <button type="submit" class="button button-primary">{t('staff.reset.submit')}</button>
                </form>
              </details>
            )}
            {member.state === 'disabled' ? (
              <form method="post" action={`/staff/${member.id}/enable`} class="inline-form">
                <CsrfField token={csrfToken} />
                <button type="submit" class="button">{t('staff.enable')}</button>
              </form>
            ) : (
              <details class="confirm" data-testid="disable">
                <summary class="button">{t('staff.disable')}</summary>
                <form method="post" action={`/staff/${member.id}/disable`}>
                  <CsrfField token={csrfToken} />
                  <p>{t('staff.disable.confirm', { name: member.displayName })}</p>
                  <button type="submit" class="button button-primary">{t('staff.disable.submit')}</button>
                </form>
              </details>
            )}
          </div>
        )}
        {member.state === 'disabled' && <p class="hint">{t('staff.enable.hint')}</p>}
      </section>
    </Layout>
  );
}

/** The printable slip with a colleague's initial password: shown once, to the administrator who made it. */
export function InitialPasswordSlip(props: { page: PageContext; issued: IssuedPassword; loginUrl: string; qr: string; reset: boolean }) {
  const { t, locale } = props.page;
  const { issued } = props;
  return (
    <PrintLayout page={props.page} title={t('staff.slip.title')} subtitle={issued.displayName}>
      <p class="no-print">
        {/* A federation below has its own staff list: its first administrator is reached from /federations. */}
        {issued.federationId === props.page.account?.federationId
          ? <><a href="/staff">{t('staff.title')}</a> · <a href={`/staff/${issued.id}`}>{issued.displayName}</a></>
          : <a href="/federations">{t('federation.title')}</a>}
        {' · '}{t('staff.slip.once')}
      </p>
      <div class="code-cards password-slip" data-testid="initial-password">
        <div class="code-card judge-card">
          <div><strong>{issued.displayName}</strong></div>
          <div>{t(props.reset ? 'staff.slip.reset' : 'staff.slip.invited')}</div>
          <div class="muted">{props.loginUrl}</div>
          <div>{t('field.username')} <strong class="mono" data-username>{issued.username}</strong></div>
          <div>{t('staff.slip.password')} <strong class="mono code" data-password>{issued.initialPassword}</strong></div>
          <div>{t('staff.slip.until', { date: dateTime(issued.until, locale) })}</div>
          <div class="muted">{t('staff.slip.howTo')}</div>
          <div class="judge-card-qr" role="img" aria-label={t('staff.slip.qr')}>{raw(props.qr)}</div>
        </div>
      </div>
    </PrintLayout>
  );
}
