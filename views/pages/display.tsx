import { raw } from 'hono/html';
import type { DisplaySettings, PublicEvent, PublishedSkill } from '../../src/public/queries.ts';
import type { PublicationDetail } from '../../src/results/queries.ts';
import { CheckboxField, CsrfField, Notice, NumberField, SelectField } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { entryNames, sheetNames, shownName } from '../format.ts';

/**
 * The big screen (大屏): a full-screen leaderboard for a projector, readable from 10 m — huge
 * type, high contrast, the top rows of each published skill, rotating (static/display.js) and
 * live over server-sent events (the board is re-fetched on every `changed`).
 */

const fixed = (value: number | null, decimals: number) => (value === null ? '' : value.toFixed(decimals));

export function DisplayBoard(props: { page: PageContext; event: PublicEvent; skills: PublicationDetail[]; settings: DisplaySettings; rows: number }) {
  const { t, locale } = props.page;
  const { skills } = props;
  if (skills.length === 0) {
    return (
      <div class="display-board" data-interval={props.settings.intervalSeconds} data-testid="display-board">
        <section class="display-slide display-title-only" data-testid="display-title-only">
          <h1 class="display-event">{shownName(locale, props.event.name, props.event.nameEn)}</h1>
          {!props.settings.titleOnly && <p class="display-waiting">{t('display.waiting')}</p>}
        </section>
      </div>
    );
  }
  // Every ranked row is shown: a skill longer than a screen goes over several slides (1–8, 9–16, …).
  const slides = skills.flatMap((p) => {
    const ranked = p.snapshot.entries.filter((e) => e.rank !== null);
    const pages = Math.max(1, Math.ceil(ranked.length / props.rows));
    return Array.from({ length: pages }, (_, page) => ({ p, page, pages, rows: ranked.slice(page * props.rows, (page + 1) * props.rows) }));
  });
  return (
    <div class="display-board" data-interval={props.settings.intervalSeconds} data-testid="display-board">
      {slides.map(({ p, page, pages, rows }, index) => {
        const sheet = p.snapshot;
        const names = sheetNames(sheet, locale);
        return (
          <section class="display-slide" data-slide={`${p.skillId}-${page}`} data-skill-id={String(p.skillId)}
            data-testid={page === 0 ? `display-skill-${p.skillId}` : `display-skill-${p.skillId}-${page + 1}`} hidden={index > 0}>
            <header class="display-header">
              <h1 class="display-skill-name">{names.skill}{pages > 1 && <span class="display-part">{` ${page + 1}/${pages}`}</span>}</h1>
              <p class="display-event-name">{names.event}</p>
            </header>
            <table class="display-table">
              <thead>
                <tr>
                  <th class="c-rank">{t('results.col.rank')}</th>
                  <th class="c-name">{t('results.col.name')}</th>
                  <th class="c-org">{t('results.col.organization')}</th>
                  <th class="c-total">{t('results.col.total')}</th>
                  <th class="c-prize">{t('results.col.prize')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr data-testid={`display-row-${e.bib}`}>
                    <td class="c-rank">{e.rank}</td>
                    <td class="c-name">{entryNames(e, locale).name}</td>
                    <td class="c-org">{entryNames(e, locale).organization}</td>
                    <td class="c-total">{fixed(e.total, sheet.skill.decimals)}</td>
                    <td class="c-prize">{e.prize ? t(`results.prize.${e.prize}`) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rows.length === 0 && <p class="display-waiting">{t('display.noneRanked')}</p>}
            {slides.length > 1 && <p class="display-pager">{`${index + 1} / ${slides.length}`}</p>}
          </section>
        );
      })}
    </div>
  );
}

export function DisplayPage(props: { page: PageContext; event: PublicEvent; skills: PublicationDetail[]; settings: DisplaySettings; rows: number }) {
  const { t, locale } = props.page;
  const base = `/display/events/${props.event.id}`;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <meta name="htmx-config" content={JSON.stringify({ includeIndicatorCSS: false })} />
          <title>{`${shownName(locale, props.event.name, props.event.nameEn)} · ${t('display.title')}`}</title>
          <link rel="icon" href="/static/icon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/static/fonts.css" />
          <link rel="stylesheet" href="/static/display.css" />
          <script src="/static/vendor/htmx.min.js" defer></script>
          <script src="/static/vendor/ext/hx-sse.js" defer></script>
          <script src="/static/display.js" defer></script>
        </head>
        <body class="display-body">
          <div id="display-live" data-display-live {...{ 'hx-sse:connect': `${base}/events` }}>
            <main id="display-main" hx-get={`${base}/board`} hx-trigger="changed from:#display-live throttle:300ms" hx-swap="innerHTML" aria-live="polite">
              <DisplayBoard {...props} />
            </main>
          </div>
        </body>
      </html>
    </>
  );
}

export function DisplayControlPage(props: {
  page: PageContext;
  event: { id: number; name: string };
  settings: DisplaySettings;
  skills: { id: number; name: string; published: boolean }[];
  showing: PublishedSkill[];
  notice?: string | undefined;
}) {
  const { t, csrfToken } = props.page;
  const { settings, event } = props;
  return (
    <Layout page={props.page} title={t('display.control.title')}>
      <p class="crumbs"><a href="/events">{t('event.list.title')}</a> / <a href={`/events/${event.id}`}>{event.name}</a></p>
      <div class="page-head">
        <h1>{t('display.control.title')}</h1>
        <span class="actions">
          <a class="button" href={`/display/events/${event.id}`} target="_blank" rel="noopener" data-testid="display-open">{t('display.control.open')}</a>
          <a class="button" href={`/public/events/${event.id}`}>{t('public.link')}</a>
        </span>
      </div>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <section class="card" data-testid="display-showing">
        <h2>{t('display.control.showing')}</h2>
        {settings.titleOnly ? <p>{t('display.control.showingTitle')}</p>
          : props.showing.length === 0 ? <p class="empty">{t('display.control.showingNone')}</p>
          : <p>{props.showing.map((s) => s.name).join(' → ')}</p>}
      </section>
      <form method="post" action={`/events/${event.id}/display`} class="card" data-testid="display-form">
        <CsrfField token={csrfToken} />
        <fieldset class="field">
          <legend>{t('display.control.skills')}</legend>
          <p class="hint">{t('display.control.skills.hint')}</p>
          {props.skills.map((s) => (
            <label class="check-inline check-line">
              <input type="checkbox" name="skillIds" value={String(s.id)} checked={settings.skillIds.includes(s.id)} />
              <span>{s.name}{!s.published && <span class="muted"> ({t('display.control.unpublished')})</span>}</span>
            </label>
          ))}
        </fieldset>
        <SelectField name="pinnedSkillId" label={t('display.control.pinned')} value={settings.pinnedSkillId === null ? '' : String(settings.pinnedSkillId)}
          options={[{ value: '', label: t('display.control.pinned.none') }, ...props.skills.map((s) => ({ value: String(s.id), label: s.name }))]} />
        <NumberField name="intervalSeconds" label={t('display.control.interval')} hint={t('display.control.interval.hint')} value={String(settings.intervalSeconds)} step="1" />
        <CheckboxField name="titleOnly" label={t('display.control.titleOnly')} checked={settings.titleOnly} />
        <button type="submit" class="button button-primary">{t('display.control.save')}</button>
      </form>
    </Layout>
  );
}
