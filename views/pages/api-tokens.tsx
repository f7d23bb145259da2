import type { ApiTokenRow } from '../../src/api/tokens.ts';
import { CsrfField, Field, Notice, type FieldErrors } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { dateFormat } from '../format.ts';

export interface ApiTokensPageProps {
  page: PageContext;
  tokens: ApiTokenRow[];
  /** What was typed into the create form, kept when it is refused. */
  name: string;
  errors?: FieldErrors;
  /** A token just created: the only time its full text is shown. */
  created?: { name: string; token: string };
  notice?: 'revoked' | undefined;
}

export function ApiTokensPage(props: ApiTokensPageProps) {
  const { t, locale, csrfToken } = props.page;
  const when = dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const { created } = props;
  return (
    <Layout page={props.page} title={t('apiTokens.title')}>
      <h1>{t('apiTokens.title')}</h1>
      <p class="lead">{t('apiTokens.intro')}</p>
      <p><a href="/api/openapi.json">{t('apiTokens.docs')}</a></p>

      {props.notice === 'revoked' && <Notice kind="success">{t('apiTokens.revoked')}</Notice>}
      {created && (
        <section class="card" data-testid="new-token">
          <Notice kind="success">{t('apiTokens.created', { name: created.name })}</Notice>
          <div class="field">
            <label for="new-token">{t('apiTokens.token')}</label>
            <input id="new-token" type="text" value={created.token} readonly autocomplete="off"
              aria-describedby="new-token-hint" />
            <p class="hint" id="new-token-hint">{t('apiTokens.copyHint')}</p>
          </div>
        </section>
      )}

      <section class="card">
        <h2>{t('apiTokens.create')}</h2>
        {props.errors && Object.keys(props.errors).length > 0 && (
          <Notice kind="error">{t('validation.formHasErrors')}</Notice>
        )}
        <form method="post" action="/settings/api-tokens">
          <CsrfField token={csrfToken} />
          <Field name="name" label={t('apiTokens.name')} hint={t('apiTokens.name.hint')} value={props.name}
            error={props.errors?.name} required maxlength={60} autocomplete="off" />
          <button type="submit" class="button button-primary">{t('apiTokens.create.submit')}</button>
        </form>
      </section>

      <section class="card">
        <h2>{t('apiTokens.list')}</h2>
        {props.tokens.length === 0 ? (
          <p class="empty">{t('apiTokens.none')}</p>
        ) : (
          <ul class="list">
            {props.tokens.map((token) => (
              <li data-testid={`token-${token.id}`}>
                <strong>{token.name}</strong>
                <code>{`${token.prefix}…`}</code>
                {token.revokedAt ? (
                  <span class="badge">{t('apiTokens.revokedAt', { date: when.format(token.revokedAt) })}</span>
                ) : null}
                <span class="muted">{t('apiTokens.createdAt', { date: when.format(token.createdAt) })}</span>
                <span class="muted">
                  {token.lastUsedAt
                    ? t('apiTokens.lastUsedAt', { date: when.format(token.lastUsedAt) })
                    : t('apiTokens.neverUsed')}
                </span>
                {!token.revokedAt && (
                  <details>
                    <summary class="button">{t('apiTokens.revoke')}</summary>
                    <form method="post" action={`/settings/api-tokens/${token.id}/revoke`}>
                      <CsrfField token={csrfToken} />
                      <p>{t('apiTokens.revoke.confirm', { name: token.name })}</p>
                      <button type="submit" class="button button-primary">{t('apiTokens.revoke.submit')}</button>
                    </form>
                  </details>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
