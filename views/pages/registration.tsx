import type { OrganizationRow, ContestantRow, ContestantPage } from '../../src/registration/queries.ts';
import {
  CONTESTANTS_PER_PAGE, contestantListSorts, contestantListStatuses, listQuery,
  type ContestantListFilter, type ContestantListSort, type ContestantListStatus,
} from '../../src/registration/list-filter.ts';
import { Pager } from '../components/pager.tsx';
import type { SkillSummary } from '../../src/events/queries.ts';
import { maskIdNumber, maskPhone } from '../../src/domain/id-number.ts';
import { pinyinName } from '../../src/domain/latin-name.ts';
import { skillLevels } from '../../src/registration/schemas.ts';
import { CsrfField, Field, Notice, SelectField, type FieldErrors } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { dateFormat } from '../format.ts';

export interface RegistrationEvent {
  id: number;
  name: string;
  status: string;
  allowMultipleSkills: boolean;
  canRegister: boolean;
}

function dateTime(date: Date | null, locale: string): string {
  return date ? dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date) : '';
}

export function RegistrationPage(props: {
  page: PageContext;
  event: RegistrationEvent;
  organizations: OrganizationRow[];
  contestants: ContestantPage;
  filter: ContestantListFilter;
  skills: { id: number; name: string }[];
  organizationErrors: FieldErrors;
  organizationValues: Record<string, string>;
  /** Delegation links just issued: shown here (copy, download, print) while the one-time view lasts. */
  issued?: (IssuedLinks & { view: string }) | undefined;
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
}) {
  const { t, csrfToken, locale } = props.page;
  const { event } = props;
  const base = `/events/${event.id}`;
  const waiting = props.organizations.filter((o) => o.submittedAt && !o.approvedAt);
  const withoutLink = props.organizations.filter((o) => !o.hasLink).length;
  return (
    <Layout page={props.page} title={t('registration.title')}>
      <p class="crumbs"><a href={base}>{event.name}</a></p>
      <div class="page-head">
        <h1>{t('registration.title')}</h1>
        <span class="actions">
          {event.canRegister && <a class="button button-primary" href={`${base}/contestants/new`}>{t('contestant.add')}</a>}
          {event.canRegister && <a class="button" href={`${base}/registration/import`}>{t('registration.import')}</a>}
          <a class="button" href={`${base}/registration.xlsx`}>{t('registration.export')} XLSX</a>
          <a class="button" href={`${base}/registration.csv`}>CSV</a>
          <a class="button" href={`${base}/print/registration`}>{t('registration.print.list')}</a>
          <a class="button" href={`${base}/print/tickets`}>{t('registration.print.tickets')}</a>
        </span>
      </div>
      {!event.canRegister && <Notice kind="info">{t('registration.error.closed')}</Notice>}
      {props.notice && <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      {props.issued && <IssuedLinksCard page={props.page} eventId={event.id} issued={props.issued} />}

      <section class="card">
        <h2>{t('organization.title')}</h2>
        {waiting.length > 1 && (
          <details class="confirm" data-testid="approve-submitted">
            <summary class="button">{t('organization.approveSubmitted', { count: waiting.length })}</summary>
            <form method="post" action={`${base}/organizations/approve-submitted`}>
              <CsrfField token={csrfToken} />
              {waiting.map((o) => <input type="hidden" name="organization" value={String(o.id)} />)}
              <p>{t('organization.approveSubmitted.confirm', { names: waiting.map((o) => o.name).join('、') })}</p>
              <button type="submit" class="button button-primary">{t('organization.approveSubmitted.submit', { count: waiting.length })}</button>
            </form>
          </details>
        )}
        {props.organizations.length === 0 ? (
          <p class="empty">{t('organization.empty')}</p>
        ) : (
          <div class="table-wrap">
            <table class="table table-stack" data-testid="organizations">
              <thead>
                <tr>
                  <th>{t('organization.field.name')}</th>
                  <th>{t('organization.contestants')}</th>
                  <th>{t('delegation.title')}</th>
                  <th>{t('organization.review')}</th>
                </tr>
              </thead>
              <tbody>
                {props.organizations.map((o) => (
                  <tr data-testid={`organization-${o.name}`}>
                    <td>
                      <a href={`/organizations/${o.id}/edit`}><strong>{o.name}</strong></a>
                      {o.nameEn && <span class="muted block">{o.nameEn}</span>}
                      {o.contactName && <span class="muted block">{o.contactName} {o.contactPhone}</span>}
                    </td>
                    <td data-label={t('organization.contestants')}>{o.contestantCount}</td>
                    <td data-label={t('delegation.title')}>
                      {o.hasLink && o.linkDeadline && (
                        <span class="block">{t(o.linkDeadline > new Date() ? 'delegation.openUntil' : 'delegation.closedAt', { when: dateTime(o.linkDeadline, locale) })}</span>
                      )}
                      {event.canRegister && (
                        <form method="post" action={`/organizations/${o.id}/link`} class="inline-form">
                          <CsrfField token={csrfToken} />
                          <label for={`deadline-${o.id}`}>{t('delegation.deadline')}</label>
                          <input id={`deadline-${o.id}`} type="datetime-local" name="deadline" required />
                          <button type="submit" class="button">{o.hasLink ? t('delegation.reissue') : t('delegation.issue')}</button>
                        </form>
                      )}
                    </td>
                    <td data-label={t('organization.review')}>
                      {o.approvedAt ? (
                        <span class="badge badge-published">{t('organization.approved')}</span>
                      ) : (
                        <>
                          <span class="badge badge-in_progress">{o.submittedAt ? t('organization.submitted') : t('organization.pending')}</span>
                          <form method="post" action={`/organizations/${o.id}/approve`} class="inline-form">
                            <CsrfField token={csrfToken} />
                            <button type="submit" class="button button-primary">{t('organization.approve')}</button>
                          </form>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {event.canRegister && withoutLink > 0 && (
          <form method="post" action={`${base}/organizations/links`} class="field-row add-form" data-testid="issue-all">
            <CsrfField token={csrfToken} />
            <div class="field">
              <label for="deadline-all">{t('delegation.all.deadline')}</label>
              <input id="deadline-all" type="datetime-local" name="deadline" required />
            </div>
            <div class="field field-submit"><button type="submit" class="button button-primary">{t('delegation.all.issue', { count: withoutLink })}</button></div>
            <p class="hint field-note">{t('delegation.all.hint')}</p>
          </form>
        )}
        {event.canRegister && (
          <form method="post" action={`${base}/organizations`} class="field-row add-form">
            <CsrfField token={csrfToken} />
            <Field name="name" label={t('organization.field.name')} value={props.organizationValues.name ?? ''} error={props.organizationErrors.name} required maxlength={80} class="field-grow" />
            <Field name="contactName" label={t('organization.field.contactName')} value={props.organizationValues.contactName ?? ''} error={props.organizationErrors.contactName} maxlength={30} />
            <Field name="contactPhone" label={t('organization.field.contactPhone')} value={props.organizationValues.contactPhone ?? ''} error={props.organizationErrors.contactPhone} maxlength={30} />
            <div class="field field-submit"><button type="submit" class="button button-primary">{t('organization.add')}</button></div>
          </form>
        )}
      </section>

      <ContestantList page={props.page} event={event} contestants={props.contestants} filter={props.filter} skills={props.skills} organizations={props.organizations} />
    </Layout>
  );
}

const statusLabel = (status: ContestantListStatus) => `registration.list.status.${status}` as const;
const sortLabel = (sort: ContestantListSort) => `registration.list.sort.${sort}` as const;

/**
 * The organizer's contestant list at real size: a search and filters that update the list as
 * one types (a plain GET form without script), pinyin order, 50 a page, ID and phone numbers
 * masked (each "show" is audited), and bulk actions on the ticked rows of the page.
 */
function ContestantList(props: {
  page: PageContext;
  event: RegistrationEvent;
  contestants: ContestantPage;
  filter: ContestantListFilter;
  skills: { id: number; name: string }[];
  organizations: OrganizationRow[];
}) {
  const { t, csrfToken } = props.page;
  const { event, contestants, filter } = props;
  const action = `/events/${event.id}/registration`;
  const first = (contestants.page - 1) * CONTESTANTS_PER_PAGE + 1;
  const filtered = contestants.matching !== contestants.registered;
  const movable = props.skills.filter((s) => s.id !== filter.skillId);
  return (
    <section class="card" id="contestants">
      <h2>{t('contestant.title')} <span class="muted">({contestants.registered})</span></h2>
      <form class="list-filter" method="get" action={`${action}#contestants`} role="search"
        hx-get={action} hx-trigger={'input changed delay:300ms from:#list-q, change from:".list-filter select", submit'}
        hx-target="#contestant-list" hx-select="#contestant-list" hx-swap="outerHTML" hx-push-url="true">
        <div class="field field-grow">
          <label for="list-q">{t('registration.list.search')} <span class="htmx-indicator searching" role="status">{t('common.searching')}</span></label>
          <input id="list-q" type="search" name="q" value={filter.q} maxlength={40} autocomplete="off" placeholder={t('registration.list.search.placeholder')} />
        </div>
        {/* One of the shared SelectFields each; "all" is the empty choice. */}
        <SelectField name="organization" label={t('contestant.field.organization')} value={String(filter.organizationId ?? '')}
          options={[{ value: '', label: t('registration.list.all') }, ...props.organizations.map((o) => ({ value: String(o.id), label: o.name }))]} />
        <SelectField name="skill" label={t('contestant.field.skill')} value={String(filter.skillId ?? '')}
          options={[{ value: '', label: t('registration.list.all') }, ...props.skills.map((s) => ({ value: String(s.id), label: s.name }))]} />
        <SelectField name="status" label={t('registration.list.status')} value={filter.status ?? ''}
          options={[{ value: '', label: t('registration.list.all') }, ...contestantListStatuses.map((status) => ({ value: status, label: t(statusLabel(status)) }))]} />
        <SelectField name="sort" label={t('registration.list.sort')} value={filter.sort}
          options={contestantListSorts.map((sort) => ({ value: sort, label: t(sortLabel(sort)) }))} />
        <div class="field field-submit"><button type="submit" class="button">{t('registration.list.apply')}</button></div>
      </form>
      <div id="contestant-list">
        <p class="list-count" aria-live="polite">
          {contestants.matching === 0
            ? t(filtered ? 'registration.list.noMatch' : 'contestant.empty')
            : t(filtered ? 'registration.list.countFiltered' : 'registration.list.count', {
              from: first, to: first + contestants.rows.length - 1, matching: contestants.matching, registered: contestants.registered,
            })}
          {filtered && <> <a href={`${action}#contestants`}>{t('registration.list.clear')}</a></>}
        </p>
        {contestants.rows.length > 0 && (
          <>
            {event.canRegister && (
              <form id="bulk" method="post" action={`/events/${event.id}/contestants/bulk`} class="bulk-actions">
                <CsrfField token={csrfToken} />
                {[...listQuery(filter)].map(([name, value]) => <input type="hidden" name={name} value={value} />)}
                <span class="muted">{t('registration.bulk.intro')}</span>
                {movable.length > 0 && (
                  <details class="confirm" data-testid="bulk-move">
                    <summary class="button">{t('registration.bulk.move')}</summary>
                    <div>
                      <p>{t(filter.skillId ? 'registration.bulk.move.fromSkill' : 'registration.bulk.move.only', { skill: props.skills.find((s) => s.id === filter.skillId)?.name ?? '' })}</p>
                      <label for="bulk-to-skill">{t('registration.bulk.move.to')}</label>
                      <select id="bulk-to-skill" name="toSkill">
                        {movable.map((s) => <option value={String(s.id)}>{s.name}</option>)}
                      </select>
                      <button type="submit" name="action" value="move" class="button button-primary">{t('registration.bulk.move.submit')}</button>
                    </div>
                  </details>
                )}
                <details class="confirm" data-testid="bulk-delete">
                  <summary class="button button-danger">{t('registration.bulk.delete')}</summary>
                  <div>
                    <p>{t('registration.bulk.delete.confirm')}</p>
                    <button type="submit" name="action" value="delete" class="button button-danger-solid">{t('registration.bulk.delete.submit')}</button>
                  </div>
                </details>
              </form>
            )}
            <ContestantTable page={props.page} contestants={contestants.rows} masked editBase="/contestants" bulk={event.canRegister ? 'bulk' : null} reveal />
            <Pager page={props.page} current={contestants.page} pageCount={contestants.pageCount}
              href={(p) => `${action}?${listQuery(filter, { page: p }).toString()}#contestants`} />
          </>
        )}
      </div>
    </section>
  );
}

/** Delegation links just issued (src/registration/routes.tsx keeps them in a one-time view). */
export interface IssuedLinks { eventId: number; deadline: Date; replaced: boolean; links: { organizationName: string; contactName: string; url: string }[] }

/**
 * Links just issued, one or the event's whole round of them: each with a copy button, and all
 * as an XLSX (to mail-merge) or a printed sheet with QR codes (to hand out at the briefing).
 */
function IssuedLinksCard(props: { page: PageContext; eventId: number; issued: IssuedLinks & { view: string } }) {
  const { t, locale } = props.page;
  const { issued } = props;
  const one = issued.links.length === 1 ? issued.links[0]! : null;
  const base = `/events/${props.eventId}/registration/links/${issued.view}`;
  return (
    <section class="card" data-testid="issued-link">
      <Notice kind="success">
        {one ? t(issued.replaced ? 'delegation.reissued' : 'delegation.issued', { name: one.organizationName }) : t('delegation.all.issued', { count: issued.links.length })}
      </Notice>
      <p class="hint">{t('delegation.url.hint')} {t('delegation.openUntil', { when: dateTime(issued.deadline, locale) })}</p>
      <p class="actions">
        <a class="button" href={`${base}/links.xlsx`}>{t('delegation.download')} XLSX</a>
        <a class="button" href={`${base}/print`}>{t('delegation.print')}</a>
      </p>
      <ul class="issued-links">
        {issued.links.map((link, index) => (
          <li class="field">
            <label for={`delegation-url-${index}`}>{one ? t('delegation.url') : link.organizationName}{link.contactName && <span class="muted"> · {link.contactName}</span>}</label>
            <span class="copy-row">
              <input id={`delegation-url-${index}`} type="text" readonly value={link.url} />
              <button type="button" class="button" data-copy={`delegation-url-${index}`} data-copied={t('delegation.copied')}>{t('delegation.copy')}</button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * A contestant's ID and phone numbers in a list: masked, with "show" for the organizer (an
 * audited look, swapped in place by htmx), or whole once shown.
 */
export function PersonalNumbers(props: { page: PageContext; contestant: { id: number; idNumber: string; phone: string; revealed: boolean }; reveal?: boolean }) {
  const { t, csrfToken } = props.page;
  const { contestant: c } = props;
  return (
    <td class="mono personal" data-label={`${t('contestant.field.idNumber')} · ${t('contestant.field.phone')}`}>
      <span>{c.revealed ? c.idNumber : maskIdNumber(c.idNumber)}</span>
      {c.phone && <> <span>{c.revealed ? c.phone : maskPhone(c.phone)}</span></>}
      {!c.revealed && props.reveal && (
        <form method="post" action={`/contestants/${c.id}/reveal`} hx-post={`/contestants/${c.id}/reveal`} hx-target="closest td" hx-swap="outerHTML" class="inline-form">
          <CsrfField token={csrfToken} />
          <button type="submit" class="button button-quiet button-small">{t('registration.list.reveal')}</button>
        </form>
      )}
    </td>
  );
}

/**
 * The contestant list. ID and phone numbers are masked where `masked` (delegations always; the
 * organizer's list with an audited "show" per row); `bulk` names the form the row ticks belong to.
 */
export function ContestantTable(props: { page: PageContext; contestants: ContestantRow[]; masked: boolean; editBase: string | null; bulk?: string | null; reveal?: boolean }) {
  const { t } = props.page;
  return (
    <div class="table-wrap">
      <table class="table table-stack" data-testid="contestants">
        <thead>
          <tr>
            {props.bulk && <th class="tick"><input type="checkbox" class="tick-all" data-form={props.bulk} aria-label={t('registration.bulk.all')} /></th>}
            <th>{t('contestant.field.bib')}</th>
            <th>{t('contestant.field.name')}</th>
            <th>{t('contestant.field.organization')}</th>
            <th>{t('contestant.field.skill')}</th>
            <th>{t('contestant.field.idNumber')} · {t('contestant.field.phone')}</th>
            {props.editBase && <th><span class="sr-only">{t('common.actions')}</span></th>}
          </tr>
        </thead>
        <tbody>
          {props.contestants.map((c) => (
            <tr data-testid={`contestant-${c.id}`}>
              {props.bulk && (
                <td class="tick">
                  <input type="checkbox" name="contestant" value={String(c.id)} form={props.bulk} id={`tick-${c.id}`} aria-label={t('registration.bulk.one', { name: c.name })} />
                </td>
              )}
              <td class="keep stack-inline" data-label={t('contestant.field.bib')}>{c.entries.map((e) => <span class="block">{e.bib}</span>)}</td>
              <td class="keep stack-inline" data-label={t('contestant.field.name')}>{c.name} <span class="muted">{t(`contestant.gender.${c.gender === 'female' ? 'female' : 'male'}`)}</span></td>
              <td data-label={t('contestant.field.organization')}>{c.organizationName}</td>
              <td class="keep stack-inline" data-label={t('contestant.field.skill')}>{c.entries.map((e) => (
                <span class="block">
                  {e.skillName}{e.team && <span class="muted"> · {e.team}</span>}
                  {(e.status === 'withdrawn' || e.status === 'disqualified') && <> <span class={`badge badge-status-${e.status}`}>{t(statusLabel(e.status))}</span></>}
                </span>
              ))}</td>
              {props.masked
                ? <PersonalNumbers page={props.page} contestant={{ id: c.id, idNumber: c.idNumber, phone: c.phone, revealed: false }} reveal={props.reveal ?? false} />
                : <PersonalNumbers page={props.page} contestant={{ id: c.id, idNumber: c.idNumber, phone: c.phone, revealed: true }} />}
              {props.editBase && <td><a class="button button-quiet" href={`${props.editBase}/${c.id}/edit`}>{t('common.edit')}</a></td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface ContestantFormValues {
  name: string;
  nameLatin: string;
  gender: string;
  organizationId: string;
  idNumber: string;
  phone: string;
  skillLevel: string;
  /** skillId → bib ('' for the next free number); absent skills are not entered. */
  entries: Record<string, string>;
  /** skillId → team name, in team skills. */
  teams: Record<string, string>;
}

/** Per team skill (by id): its team sizes and the teams the form may offer. */
export type TeamChoices = Record<string, { sizes: { min: number; max: number }; teams: { name: string; organizationName: string; members: number }[] }>;

export function ContestantForm(props: {
  page: PageContext;
  action: string;
  values: ContestantFormValues;
  errors: FieldErrors;
  organizations: { id: number; name: string }[] | null;
  skills: SkillSummary[];
  allowMultipleSkills: boolean;
  /** The event's team skills: their entries name a team beside the skill. */
  teamSkills?: TeamChoices;
  hints?: { idNumber?: string; phone?: string };
  deleteAction?: string | undefined;
  /** Bib inputs beside each skill (default true); delegation leaders leave bibs to the organizer. */
  bibs?: boolean;
  /** Focus the name field on load (default true); off where the form sits below a list. */
  autofocus?: boolean;
  /** The submit button's text (default "Save"). */
  submitLabel?: string;
}) {
  const { t, csrfToken } = props.page;
  const { values, errors } = props;
  return (
    <>
      {Object.keys(errors).length > 0 && <Notice kind="error">{errors[''] ?? t('validation.formHasErrors')}</Notice>}
      <form method="post" action={props.action}>
        <CsrfField token={csrfToken} />
        <div class="field-row">
          <Field name="name" label={t('contestant.field.name')} value={values.name} error={errors.name} required maxlength={30} autofocus={props.autofocus ?? true} />
          <Field name="nameLatin" label={t('contestant.field.nameLatin')} value={values.nameLatin} error={errors.nameLatin} maxlength={60} autocomplete="off"
            hint={t('contestant.field.nameLatin.hint', { pinyin: (values.name && pinyinName(values.name)) || t('contestant.field.nameLatin.auto') })} />
          <SelectField name="gender" label={t('contestant.field.gender')} value={values.gender} error={errors.gender}
            options={[{ value: '', label: '—' }, { value: 'male', label: t('contestant.gender.male') }, { value: 'female', label: t('contestant.gender.female') }]} />
        </div>
        {props.organizations ? (
          <SelectField name="organizationId" label={t('contestant.field.organization')} value={values.organizationId} error={errors.organizationId}
            options={[{ value: '', label: '—' }, ...props.organizations.map((o) => ({ value: String(o.id), label: o.name }))]} />
        ) : (
          <input type="hidden" name="organizationId" value={values.organizationId} />
        )}
        <div class="field-row">
          <Field name="idNumber" label={t('contestant.field.idNumber')} value={values.idNumber} error={errors.idNumber} hint={props.hints?.idNumber} maxlength={30} autocomplete="off" />
          <Field name="phone" type="tel" label={t('contestant.field.phone')} value={values.phone} error={errors.phone} hint={props.hints?.phone} maxlength={30} />
          <SelectField name="skillLevel" label={t('contestant.field.skillLevel')} value={values.skillLevel} error={errors.skillLevel}
            options={skillLevels.map((level) => ({ value: level, label: t(`contestant.level.${level || 'none'}`) }))} />
        </div>
        <fieldset class={errors.entries ? 'field field-invalid' : 'field'}>
          <legend>{props.allowMultipleSkills ? t('contestant.field.skills') : t('contestant.field.skill')}</legend>
          {props.skills.map((skill, index) => {
            const checked = skill.id.toString() in values.entries;
            const inputId = `skill-${skill.id}`;
            return (
              <div class="skill-choice">
                <input id={inputId} type={props.allowMultipleSkills ? 'checkbox' : 'radio'}
                  name={props.allowMultipleSkills ? `entries.${index}.skillId` : 'entries.0.skillId'} value={String(skill.id)} checked={checked} />
                <label for={inputId}>{skill.name}</label>
                {(props.bibs ?? true) && (
                  <>
                    <label class="sr-only" for={`bib-${skill.id}`}>{t('contestant.field.bib')}</label>
                    <input id={`bib-${skill.id}`} class="bib-input" type="text" name={`bib_${skill.id}`} value={values.entries[skill.id] ?? ''}
                      placeholder={t('contestant.field.bib.auto')} maxlength={12} />
                  </>
                )}
                {errors[`bib_${skill.id}`] && <p class="error" role="alert">{errors[`bib_${skill.id}`]}</p>}
                {props.teamSkills?.[skill.id] && (
                  <TeamInput page={props.page} skillId={skill.id} choice={props.teamSkills[skill.id]!} value={values.teams[skill.id] ?? ''} error={errors[`team_${skill.id}`]} />
                )}
              </div>
            );
          })}
          {errors.entries && <p class="error" role="alert">{errors.entries}</p>}
        </fieldset>
        <div class="actions">
          <button type="submit" class="button button-primary">{props.submitLabel ?? t('common.save')}</button>
        </div>
      </form>
      {props.deleteAction && (
        <form method="post" action={props.deleteAction} hx-post={props.deleteAction} hx-confirm={t('common.confirmDelete')} class="actions">
          <CsrfField token={csrfToken} />
          <button type="submit" class="button button-danger">{t('contestant.delete')}</button>
        </form>
      )}
    </>
  );
}

/** The team of a team skill's entry: a name typed or picked from the skill's teams (a new name makes a new team). */
function TeamInput(props: { page: PageContext; skillId: number; choice: TeamChoices[string]; value: string; error: string | undefined }) {
  const { t } = props.page;
  const id = `team-${props.skillId}`;
  return (
    <div class={props.error ? 'team-field field-invalid' : 'team-field'}>
      <label for={id}>{t('team.field.name')}</label>
      <input id={id} type="text" name={`team_${props.skillId}`} value={props.value} list={`${id}-list`} maxlength={40} autocomplete="off"
        aria-describedby={`${id}-hint`} aria-invalid={props.error ? 'true' : undefined} />
      <datalist id={`${id}-list`}>
        {props.choice.teams.map((team) => <option value={team.name}>{`${team.organizationName} · ${t('team.members', { count: team.members })}`}</option>)}
      </datalist>
      <p class="hint" id={`${id}-hint`}>{t('team.field.hint', { min: props.choice.sizes.min, max: props.choice.sizes.max })}</p>
      {props.error && <p class="error" role="alert">{props.error}</p>}
    </div>
  );
}

export function ContestantFormPage(props: Parameters<typeof ContestantForm>[0] & {
  title: string;
  back: { href: string; label: string };
  /** On the edit page: the photo for the admission ticket. */
  photo?: { contestantId: number; present: boolean; message?: { kind: 'success' | 'error'; text: string } | undefined } | undefined;
}) {
  const { t, csrfToken } = props.page;
  const { photo } = props;
  return (
    <Layout page={props.page} title={props.title} narrow>
      <p class="crumbs"><a href={props.back.href}>{props.back.label}</a></p>
      <section class="card">
        <h1>{props.title}</h1>
        <ContestantForm {...props} />
      </section>
      {photo && (
        <section class="card" id="photo">
          <h2>{t('contestant.photo')}</h2>
          {photo.message && <Notice kind={photo.message.kind}>{photo.message.text}</Notice>}
          {photo.present && <img class="photo" src={`/contestants/${photo.contestantId}/photo`} alt={t('contestant.photo')} width="120" />}
          <form method="post" action={`/contestants/${photo.contestantId}/photo`} enctype="multipart/form-data" class="field-row">
            <CsrfField token={csrfToken} />
            <div class="field field-grow">
              <label for="photo-file">{t('contestant.photo.file')}</label>
              <input id="photo-file" type="file" name="photo" accept="image/jpeg,image/png" required />
              <p class="hint">{t('contestant.photo.hint')}</p>
            </div>
            <div class="field field-submit"><button type="submit" class="button">{t('contestant.photo.upload')}</button></div>
          </form>
        </section>
      )}
    </Layout>
  );
}

export interface OrganizationFormValues { name: string; nameEn: string; contactName: string; contactPhone: string }

/** An organization's names and leader, with "delete" while it has no contestants. */
export function OrganizationFormPage(props: {
  page: PageContext;
  event: { id: number; name: string };
  organizationId: number;
  values: OrganizationFormValues;
  errors: FieldErrors;
  contestantCount: number;
  notice?: string | undefined;
}) {
  const { t, csrfToken } = props.page;
  const { values, errors } = props;
  const action = `/organizations/${props.organizationId}`;
  return (
    <Layout page={props.page} title={values.name || t('organization.edit')} narrow>
      <p class="crumbs"><a href={`/events/${props.event.id}`}>{props.event.name}</a> / <a href={`/events/${props.event.id}/registration`}>{t('registration.title')}</a></p>
      <section class="card">
        <h1>{t('organization.edit')}</h1>
        {props.notice && <Notice kind="error">{props.notice}</Notice>}
        {Object.keys(errors).length > 0 && <Notice kind="error">{t('validation.formHasErrors')}</Notice>}
        <form method="post" action={`${action}/edit`}>
          <CsrfField token={csrfToken} />
          <Field name="name" label={t('organization.field.name')} value={values.name} error={errors.name} required maxlength={80} />
          <Field name="nameEn" label={t('organization.field.nameEn')} hint={t('organization.field.nameEn.hint')} value={values.nameEn} error={errors.nameEn} maxlength={160} />
          <div class="field-row">
            <Field name="contactName" label={t('organization.field.contactName')} value={values.contactName} error={errors.contactName} maxlength={30} />
            <Field name="contactPhone" type="tel" label={t('organization.field.contactPhone')} value={values.contactPhone} error={errors.contactPhone} maxlength={30} />
          </div>
          <div class="actions">
            <button type="submit" class="button button-primary">{t('common.save')}</button>
            <a class="button" href={`/events/${props.event.id}/registration`}>{t('common.cancel')}</a>
          </div>
        </form>
      </section>
      {props.contestantCount === 0 && (
        <section class="card">
          <details class="confirm" data-testid="delete-organization">
            <summary class="button button-danger">{t('organization.delete')}</summary>
            <form method="post" action={`${action}/delete`}>
              <CsrfField token={csrfToken} />
              <p>{t('organization.delete.confirm', { name: values.name })}</p>
              <button type="submit" class="button button-danger">{t('organization.delete.submit')}</button>
            </form>
          </details>
        </section>
      )}
    </Layout>
  );
}
