import { PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from '../../src/domain/password-policy.ts';
import { CsrfField, Field, Notice, type FieldErrors } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

export interface SetupForm {
  federationName: string;
  username: string;
  displayName: string;
  setupCode: string;
}

/** askCode: the browser is not on the server's machine, so the console's setup code is asked. */
export function SetupPage(props: { page: PageContext; form: SetupForm; errors: FieldErrors; askCode: boolean }) {
  const { t, csrfToken } = props.page;
  const { errors, form } = props;
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout page={props.page} title={t('setup.title')} narrow>
      <section class="card">
        <h1>{t('setup.title')}</h1>
        <p class="lead">{t('setup.intro')}</p>
        {hasErrors && <Notice kind="error">{t('validation.formHasErrors')}</Notice>}
        <form method="post" action="/setup" novalidate>
          <CsrfField token={csrfToken} />
          {props.askCode && (
            <Field name="setupCode" label={t('setup.code')} value={form.setupCode} hint={t('setup.code.hint')}
              error={errors.setupCode} autocomplete="off" required maxlength={20} autofocus />
          )}
          <Field name="federationName" label={t('setup.federation')} value={form.federationName} hint={t('setup.federation.hint')}
            error={errors.federationName} autocomplete="organization" maxlength={60} autofocus={!props.askCode} />
          <Field name="displayName" label={t('field.displayName')} value={form.displayName}
            error={errors.displayName} autocomplete="name" required maxlength={60} />
          <Field name="username" label={t('field.username')} value={form.username}
            hint={t('field.username.hint')} error={errors.username} autocomplete="username" required maxlength={32} />
          <Field name="password" type="password" label={t('field.password')}
            hint={t('field.password.hint', { min: PASSWORD_MIN_LENGTH })} error={errors.password}
            autocomplete="new-password" required minlength={PASSWORD_MIN_LENGTH} maxlength={PASSWORD_MAX_LENGTH} />
          <Field name="passwordConfirm" type="password" label={t('field.passwordConfirm')}
            error={errors.passwordConfirm} autocomplete="new-password" required maxlength={PASSWORD_MAX_LENGTH} />
          <button type="submit" class="button button-primary button-block">{t('setup.submit')}</button>
        </form>
      </section>
    </Layout>
  );
}
