import type { FederationSummary } from '../../src/federations/queries.ts';
import { CsrfField, Field, Notice, type FieldErrors } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

export interface AddFederationValues {
  name: string;
  nameEn: string;
  displayName: string;
  username: string;
}

/** A federation's name, or what the root is called until it is named. */
export const federationName = (page: PageContext, federation: { name: string }) => federation.name || page.t('federation.unnamed');

function RenameForm(props: { page: PageContext; federation: FederationSummary; errors: FieldErrors }) {
  const { t, csrfToken } = props.page;
  const { federation: f, errors } = props;
  return (
    <form method="post" action={`/federations/${f.id}`} class="field-row" novalidate>
      <CsrfField token={csrfToken} />
      <Field name="name" id={`federation-${f.id}-name`} label={t('federation.field.name')} value={f.name} error={errors.name} required maxlength={60} />
      <Field name="nameEn" id={`federation-${f.id}-nameEn`} label={t('federation.field.nameEn')} value={f.nameEn} error={errors.nameEn} maxlength={120} />
      <div class="field field-submit"><button type="submit" class="button">{t('common.save')}</button></div>
    </form>
  );
}

/** The administrator's federation, the ones below it, and the form that adds one below with its first administrator. */
export function FederationsPage(props: {
  page: PageContext;
  own: FederationSummary;
  below: FederationSummary[];
  values: AddFederationValues;
  errors: FieldErrors;
  /** Which form the errors belong to. */
  form: 'add' | number;
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
}) {
  const { t, csrfToken } = props.page;
  const { own, values } = props;
  const errorsOf = (form: 'add' | number) => (props.form === form ? props.errors : {});
  return (
    <Layout page={props.page} title={t('federation.title')}>
      <h1>{t('federation.title')}</h1>
      <p class="lead">{t('federation.intro')}</p>
      {props.notice && <Notice kind={props.notice.kind}><span data-testid="federation-notice">{props.notice.text}</span></Notice>}

      <section class="card" aria-labelledby="own-federation" data-testid="own-federation">
        <h2 id="own-federation">{federationName(props.page, own)}</h2>
        <p class="muted">{t('federation.summary', { events: own.events, admins: own.administrators.join('、') || t('common.none') })}</p>
        <RenameForm page={props.page} federation={own} errors={errorsOf(own.id)} />
      </section>

      <section class="card" aria-labelledby="federations-below">
        <h2 id="federations-below">{t('federation.below', { count: props.below.length })}</h2>
        {props.below.length === 0 ? <p class="empty">{t('federation.below.empty')}</p> : (
          <ul class="list federation-list" data-testid="federations-below">
            {props.below.map((f) => (
              <li data-testid={`federation-${f.id}`} class={`federation-depth-${Math.min(f.depth, 4)}`}>
                <span class="list-title">{f.name}</span>
                {f.nameEn && <span class="muted">{f.nameEn}</span>}
                <span class="muted">{t('federation.summary', { events: f.events, admins: f.administrators.join('、') || t('common.none') })}</span>
                <details class="confirm" open={props.form === f.id}>
                  <summary class="button button-quiet">{t('federation.manage')}</summary>
                  <div class="confirm-body">
                    <RenameForm page={props.page} federation={f} errors={errorsOf(f.id)} />
                    <h3>{t('federation.inviteAdmin')}</h3>
                    <p class="hint">{t('federation.inviteAdmin.hint')}</p>
                    <form method="post" action={`/federations/${f.id}/administrators`} class="field-row" novalidate>
                      <CsrfField token={csrfToken} />
                      <Field name="displayName" id={`federation-${f.id}-displayName`} label={t('field.displayName')} value={props.form === f.id ? values.displayName : ''} error={errorsOf(f.id).displayName} required maxlength={60} autocomplete="off" />
                      <Field name="username" id={`federation-${f.id}-username`} label={t('field.username')} value={props.form === f.id ? values.username : ''} error={errorsOf(f.id).username} required maxlength={32} autocomplete="off" />
                      <div class="field field-submit"><button type="submit" class="button">{t('staff.invite.submit')}</button></div>
                    </form>
                  </div>
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="card" aria-labelledby="add-federation">
        <h2 id="add-federation">{t('federation.add', { parent: federationName(props.page, own) })}</h2>
        {props.form === 'add' && Object.keys(props.errors).length > 0 && <Notice kind="error">{t('validation.formHasErrors')}</Notice>}
        <form method="post" action="/federations" novalidate>
          <CsrfField token={csrfToken} />
          <Field name="name" label={t('federation.field.name')} hint={t('federation.field.name.hint')} value={values.name} error={errorsOf('add').name} required maxlength={60} />
          <Field name="nameEn" label={t('federation.field.nameEn')} value={values.nameEn} error={errorsOf('add').nameEn} maxlength={120} />
          <h3>{t('federation.firstAdmin')}</h3>
          <p class="hint">{t('federation.firstAdmin.hint')}</p>
          <Field name="displayName" label={t('field.displayName')} value={values.displayName} error={errorsOf('add').displayName} required maxlength={60} autocomplete="off" />
          <Field name="username" label={t('field.username')} hint={t('staff.username.hint')} value={values.username} error={errorsOf('add').username} required maxlength={32} autocomplete="off" />
          <button type="submit" class="button button-primary">{t('federation.add.submit')}</button>
        </form>
      </section>
    </Layout>
  );
}
