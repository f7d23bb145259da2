import type { OrganizationRow, ContestantRow } from '../../src/registration/queries.ts';
import type { SkillSummary } from '../../src/events/queries.ts';
import { maskIdNumber, maskPhone } from '../../src/domain/id-number.ts';
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
  contestants: ContestantRow[];
  organizationErrors: FieldErrors;
  organizationValues: Record<string, string>;
  /** A delegation link just issued: shown once. */
  issuedLink?: { organizationName: string; url: string; replaced: boolean } | undefined;
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
}) {
  const { t, csrfToken, locale } = props.page;
  const { event } = props;
  const base = `/events/${event.id}`;
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
      {props.issuedLink && (
        <section class="card" data-testid="issued-link">
          <Notice kind="success">{t(props.issuedLink.replaced ? 'delegation.reissued' : 'delegation.issued', { name: props.issuedLink.organizationName })}</Notice>
          <div class="field">
            <label for="delegation-url">{t('delegation.url')}</label>
            <input id="delegation-url" type="text" readonly value={props.issuedLink.url} />
            <p class="hint">{t('delegation.url.hint')}</p>
          </div>
        </section>
      )}

      <section class="card">
        <h2>{t('organization.title')}</h2>
        {props.organizations.length === 0 ? (
          <p class="empty">{t('organization.empty')}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
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
                      <strong>{o.name}</strong>
                      {o.contactName && <span class="muted block">{o.contactName} {o.contactPhone}</span>}
                    </td>
                    <td>{o.contestantCount}</td>
                    <td>
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
                    <td>
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

      <section class="card">
        <h2>{t('contestant.title')} <span class="muted">({props.contestants.length})</span></h2>
        {props.contestants.length === 0 ? <p class="empty">{t('contestant.empty')}</p> : (
          <ContestantTable page={props.page} contestants={props.contestants} masked={false} editBase="/contestants" />
        )}
      </section>
    </Layout>
  );
}

/** The contestant list; delegations see ID and phone numbers masked. */
export function ContestantTable(props: { page: PageContext; contestants: ContestantRow[]; masked: boolean; editBase: string | null }) {
  const { t } = props.page;
  return (
    <div class="table-wrap">
      <table class="table" data-testid="contestants">
        <thead>
          <tr>
            <th>{t('contestant.field.bib')}</th>
            <th>{t('contestant.field.name')}</th>
            <th>{t('contestant.field.organization')}</th>
            <th>{t('contestant.field.skill')}</th>
            <th>{t('contestant.field.idNumber')}</th>
            <th>{t('contestant.field.phone')}</th>
            {props.editBase && <th><span class="sr-only">{t('common.actions')}</span></th>}
          </tr>
        </thead>
        <tbody>
          {props.contestants.map((c) => (
            <tr>
              <td>{c.entries.map((e) => <span class="block">{e.bib}</span>)}</td>
              <td>{c.name} <span class="muted">{t(`contestant.gender.${c.gender === 'female' ? 'female' : 'male'}`)}</span></td>
              <td>{c.organizationName}</td>
              <td>{c.entries.map((e) => <span class="block">{e.skillName}{e.team && <span class="muted"> · {e.team}</span>}</span>)}</td>
              <td class="mono">{props.masked ? maskIdNumber(c.idNumber) : c.idNumber}</td>
              <td class="mono">{props.masked && c.phone ? maskPhone(c.phone) : c.phone}</td>
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
