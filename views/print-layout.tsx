import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { PageContext } from './page-context.ts';
import { dateFormat } from './format.ts';

/**
 * A4 printouts (lists, tickets, station sheets): no navigation, a print button on screen,
 * and the printed page carries the event and the time it was printed.
 */
export function PrintLayout(props: { page: PageContext; title: string; subtitle?: string; landscape?: boolean; children: Child }) {
  const { t, locale } = props.page;
  const printedAt = dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date());
  return (
    <>
    {raw('<!DOCTYPE html>')}
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <link rel="stylesheet" href="/static/fonts.css" />
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="stylesheet" href="/static/print.css" />
        <script src="/static/print.js" defer></script>
      </head>
      <body class="print-page">
        <div class="print-toolbar no-print">
          <button type="button" class="button button-primary" data-print>{t('print.print')}</button>
          <span class="muted">{t(props.landscape ? 'print.hint.landscape' : 'print.hint')}</span>
        </div>
        <header class="print-head">
          <h1>{props.title}</h1>
          {props.subtitle && <p>{props.subtitle}</p>}
        </header>
        {props.children}
        <footer class="print-foot">{t('print.printedAt', { when: printedAt })}</footer>
      </body>
    </html>
    </>
  );
}
