import { CsrfField, Field, Notice } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

export function LoginPage(props: {
  page: PageContext;
  username: string;
  /** Already translated: wrong password, rate limited, signed out… */
  message?: { kind: 'error' | 'info'; text: string } | undefined;
  next?: string | undefined;
}) {
  const { t, csrfToken } = props.page;
  return (
    <Layout page={props.page} title={t('login.title')} narrow>
      <section class="card">
        <h1>{t('login.title')}</h1>
        {props.message && <Notice kind={props.message.kind}>{props.message.text}</Notice>}
        <form method="post" action="/login">
          <CsrfField token={csrfToken} />
          {props.next && <input type="hidden" name="next" value={props.next} />}
          <Field name="username" label={t('field.username')} value={props.username}
            autocomplete="username" required maxlength={32} autofocus={!props.username} />
          <Field name="password" type="password" label={t('field.password')}
            autocomplete="current-password" required maxlength={200} autofocus={!!props.username} />
          <button type="submit" class="button button-primary button-block">{t('login.submit')}</button>
        </form>
        <p class="alt-login"><a href="/judge/login">{t('login.judgeLink')}</a></p>
      </section>
    </Layout>
  );
}
