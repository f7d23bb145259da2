import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { locales } from '../src/i18n/index.ts';
import { CsrfField } from './components/form.tsx';
import type { PageContext } from './page-context.ts';

/** htmx 4 config: indicator styles come from app.css so the CSP can forbid inline styles. */
const htmxConfig = JSON.stringify({ includeIndicatorCSS: false });

function withLanguage(url: string, locale: string): string {
  const [path, query = ''] = url.split('?');
  const params = new URLSearchParams(query);
  params.set('lang', locale);
  return `${path}?${params.toString()}`;
}

export function Layout(props: { page: PageContext; title: string; children: Child; narrow?: boolean }) {
  const { t, locale, account, url } = props.page;
  return (
    <>
    {raw('<!DOCTYPE html>')}
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={htmxConfig} />
        <title>{`${props.title} · ${t('app.name')}`}</title>
        <link rel="icon" href="/static/icon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/fonts.css" />
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/vendor/htmx.min.js" defer></script>
        <script src="/static/app.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">{t('app.skipToContent')}</a>
        <header class="topbar">
          <a class="brand" href="/">
            <img src="/static/icon.svg" alt="" width="32" height="32" />
            <span>{t('app.name')}</span>
          </a>
          <nav class="topnav" aria-label={t('app.name')}>
            {account && <a href="/">{t('nav.dashboard')}</a>}
            {account && account.role !== 'organizer' && <a href="/judge">{t('judge.home.title')}</a>}
            {account?.role === 'organizer' && <a href="/events">{t('nav.events')}</a>}
            {(account?.role === 'organizer' || account?.role === 'chief_judge') && <a href="/desk">{t('desk.index.title')}</a>}
            <span class="lang-switch" role="group" aria-label={t('lang.label')}>
              {locales.map((code) =>
                code === locale ? (
                  <span class="lang-current" aria-current="true" lang={code}>{t(`lang.${code}`)}</span>
                ) : (
                  <a href={withLanguage(url, code)} hreflang={code} lang={code} data-testid={`lang-${code}`}>
                    {t(`lang.${code}`)}
                  </a>
                ),
              )}
            </span>
            {account && (
              <form method="post" action="/logout" class="inline-form">
                <CsrfField token={props.page.csrfToken} />
                {account.role === 'organizer'
                  ? <a class="who" href="/account/password" title={t('account.password.title')}>{t('nav.signedInAs', { name: account.displayName })}</a>
                  : <span class="who">{t('nav.signedInAs', { name: account.displayName })}</span>}
                <button type="submit" class="button button-quiet">{t('nav.logout')}</button>
              </form>
            )}
          </nav>
        </header>
        <main id="main" class={props.narrow ? 'container narrow' : 'container'}>
          {props.children}
        </main>
        <footer class="footer">{t('app.fullName')}</footer>
      </body>
    </html>
    </>
  );
}
