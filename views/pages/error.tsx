import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

/** 403, 404, 413, 500 and the CSRF rejection: a translated message, never a stack trace. */
export function ErrorPage(props: { page: PageContext; title: string; body: string }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={props.title} narrow>
      <section class="card error-page">
        <h1>{props.title}</h1>
        <p>{props.body}</p>
        <p><a class="button" href="/">{t('error.backHome')}</a></p>
      </section>
    </Layout>
  );
}
