import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../src/domain/password-policy.ts';
import { CsrfField, Field, Notice, type FieldErrors } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

/** Change one's own password: the current one, then the new one twice. */
export function PasswordChangePage(props: { page: PageContext; errors: FieldErrors; changed: boolean; pending: boolean }) {
  const { t, csrfToken } = props.page;
  const { errors } = props;
  return (
    <Layout page={props.page} title={t('account.password.title')} narrow>
      <section class="card">
        <h1>{t('account.password.title')}</h1>
        {props.changed && <Notice kind="success"><span data-testid="password-changed">{t('account.password.changed')}</span></Notice>}
        {Object.keys(errors).length > 0 && <Notice kind="error">{t('validation.formHasErrors')}</Notice>}
        {props.pending && <Notice kind="warning"><span data-testid="password-pending">{t('account.password.pending')}</span></Notice>}
        <p class="lead">{t('account.password.intro')}</p>
        <form method="post" action="/account/password" novalidate>
          <CsrfField token={csrfToken} />
          <Field name="current" type="password" label={t(props.pending ? 'account.password.initial' : 'account.password.current')} value="" error={errors.current}
            autocomplete="current-password" required maxlength={PASSWORD_MAX_LENGTH} autofocus />
          <Field name="password" type="password" label={t('account.password.new')} value=""
            hint={t('field.password.hint', { min: PASSWORD_MIN_LENGTH })} error={errors.password}
            autocomplete="new-password" required minlength={PASSWORD_MIN_LENGTH} maxlength={PASSWORD_MAX_LENGTH} />
          <Field name="passwordConfirm" type="password" label={t('field.passwordConfirm')} value="" error={errors.passwordConfirm}
            autocomplete="new-password" required maxlength={PASSWORD_MAX_LENGTH} />
          <div class="actions">
            <button type="submit" class="button button-primary">{t('account.password.submit')}</button>
            {!props.pending && <a class="button" href="/">{props.changed ? t('account.password.continue') : t('common.cancel')}</a>}
          </div>
        </form>
      </section>
    </Layout>
  );
}
