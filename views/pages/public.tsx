import { PublicationChanges } from '../components/publication-changes.tsx';
import type { EntryChange } from '../../src/results/snapshot.ts';
import { RulesExplained, TeamTable } from './results.tsx';
import type { OrganizationTables } from '../../src/public/queries.ts';
import type { Translate } from '../../src/i18n/index.ts';
import type { PublicEvent, PublishedSkill, SearchHit } from '../../src/public/queries.ts';
import type { PublicationDetail, PublicationSummary } from '../../src/results/queries.ts';
import { entryTitles, shownRoundScore, unrankedOf, type ResultsSheet, type SheetEntry } from '../../src/results/snapshot.ts';
import { titleLabel } from '../results/title-rules.ts';
import { CsrfField, Field, Notice } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { formatDate } from './events.tsx';
import { dateTime, entryNames, sheetNames, shownName } from '../format.ts';

/**
 * Public pages (成绩公示), no sign-in, phone first: built only from publication snapshots, which
 * hold no ID or phone numbers, codes or judges. The contestant's own breakdown comes from the
 * snapshot too, once the self-lookup has checked the last four digits.
 */

const publicCss = <link rel="stylesheet" href="/static/public.css" />;
const fixed = (value: number | null, decimals: number) => (value === null ? '' : value.toFixed(decimals));
/** A score never taken is "—", not 0 (older snapshots stored a dns entry's rounds as 0: shownRoundScore()). */
const dash = (value: number | null, decimals: number) => (value === null ? '—' : value.toFixed(decimals));

function titleText(t: Translate, sheet: ResultsSheet, entry: SheetEntry): string {
  return entryTitles(sheet, entry).map((title) => titleLabel(t, title)).join(t('titleRules.words.listSeparator'));
}

function rankText(t: Translate, entry: SheetEntry): string {
  return entry.rank === null ? t(`results.status.${unrankedOf(entry) ?? entry.status}`) : String(entry.rank);
}

function EventHead(props: { page: PageContext; event: PublicEvent }) {
  const { t, locale } = props.page;
  const { event } = props;
  const start = formatDate(event.startsOn, locale);
  const dates = event.startsOn ? (event.endsOn && event.endsOn > event.startsOn ? t('event.dates', { start, end: formatDate(event.endsOn, locale) }) : start) : '';
  return (
    <div class="public-head">
      <h1>{shownName(locale, event.name, event.nameEn)}</h1>
      <p class="lead" data-testid="public-event-facts">
        {dates && <span>{dates}</span>}
        {dates && event.venue && ' · '}
        {event.venue && <span>{event.venue}</span>}
      </p>
    </div>
  );
}

function SearchForm(props: { page: PageContext; eventId: number; query: string }) {
  const { t } = props.page;
  return (
    <form method="get" action={`/public/events/${props.eventId}/search`} class="public-search" role="search">
      <label for="public-q" class="sr-only">{t('public.search.label')}</label>
      <input id="public-q" name="q" type="search" value={props.query} placeholder={t('public.search.placeholder')} maxlength={40} />
      <button type="submit" class="button button-primary">{t('public.search.submit')}</button>
    </form>
  );
}

export function PublicEventPage(props: { page: PageContext; event: PublicEvent; skills: PublishedSkill[]; tables: OrganizationTables }) {
  const { t, locale } = props.page;
  const { event } = props;
  return (
    <Layout page={props.page} title={shownName(locale, event.name, event.nameEn)}>
      {publicCss}
      <EventHead page={props.page} event={event} />
      <SearchForm page={props.page} eventId={event.id} query="" />
      <section class="card">
        <h2>{t('public.skills')}</h2>
        {props.skills.length === 0 ? <p class="empty" data-testid="public-none">{t('public.skills.none')}</p> : (
          <ul class="public-skills" data-testid="public-skills">
            {props.skills.map((s) => (
              <li>
                <a class="tile" href={`/public/skills/${s.skillId}`} data-testid={`public-skill-${s.skillId}`}>
                  <strong>{shownName(locale, s.name, s.nameEn)}</strong>
                  <span class="muted">{t('public.skill.meta', { competitors: s.competitors, date: dateTime(s.noticeUntil, locale) })}</span>
                  {s.version > 1 && <span class="badge">{t('public.version', { version: s.version })}</span>}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p><a class="button" href={`/public/events/${event.id}/me`} data-testid="public-me-link">{t('public.me.link')}</a></p>
      {props.tables.standings.length > 0 && (
        <section class="card" data-testid="public-standings">
          <h2>{t('public.standings')}</h2>
          <p class="hint">{t('public.standings.rule', { n: props.tables.bestN })}</p>
          <div class="table-wrap">
            <table class="table">
              <thead><tr><th>{t('public.rank')}</th><th>{t('contestant.field.organization')}</th><th>{t('public.standings.score')}</th><th>{t('public.standings.competitors')}</th></tr></thead>
              <tbody>{props.tables.standings.map((row) => <tr><td>{row.rank}</td><td>{shownName(locale, row.name, row.nameEn)}</td><td>{row.score}</td><td>{row.competitors}</td></tr>)}</tbody>
            </table>
          </div>
        </section>
      )}
      {props.tables.medals.length > 0 && (
        <section class="card" data-testid="public-medals">
          <h2>{t('public.medals')}</h2>
          <div class="table-wrap">
            <table class="table">
              <thead><tr><th>{t('public.rank')}</th><th>{t('contestant.field.organization')}</th><th>{t('public.medals.first')}</th><th>{t('public.medals.second')}</th><th>{t('public.medals.third')}</th></tr></thead>
              <tbody>{props.tables.medals.map((row) => <tr><td>{row.rank}</td><td>{shownName(locale, row.name, row.nameEn)}</td><td>{row.first}</td><td>{row.second}</td><td>{row.third}</td></tr>)}</tbody>
            </table>
          </div>
        </section>
      )}
    </Layout>
  );
}

/** On English pages a person's Latin name, with the Chinese one beside it for those who read it. */
function PersonName(props: { locale: string; entry: SheetEntry }) {
  const { name } = entryNames(props.entry, props.locale);
  return (
    <>
      <strong class="keep">{name}</strong>
      {name !== props.entry.name && <span class="muted keep" lang="zh-CN"> {props.entry.name}</span>}
    </>
  );
}

function Ranking(props: { page: PageContext; sheet: ResultsSheet }) {
  const { t, locale } = props.page;
  const { sheet } = props;
  const { decimals } = sheet.skill;
  if (sheet.entries.length === 0) return <p class="empty">{t('results.empty')}</p>;
  return (
    <div class="table-wrap">
      <table class="table public-ranking" data-testid="public-ranking">
        <thead>
          <tr>
            <th>{t('results.col.rank')}</th>
            <th>{t('results.col.bib')}</th>
            <th>{t('results.col.name')}</th>
            <th>{t('results.col.total')}</th>
            <th>{t('results.col.prize')}</th>
          </tr>
        </thead>
        <tbody>
          {sheet.entries.map((e) => (
            <tr id={`r-${e.bib}`} data-testid={`public-result-${e.bib}`} data-status={e.status}>
              <td class="public-rank keep">{rankText(t, e)}</td>
              <td class="mono">{e.bib}</td>
              <td>
                <PersonName locale={locale} entry={e} />
                <span class="block muted">{entryNames(e, locale).organization}</span>
                {titleText(t, sheet, e) && <span class="block public-title">{titleText(t, sheet, e)}</span>}
              </td>
              <td><strong>{e.total === null ? t('common.none') : fixed(e.total, decimals)}</strong></td>
              <td class="keep">{e.prize ? t(`results.prize.${e.prize}`) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PublicSkillPage(props: {
  page: PageContext;
  eventId: number;
  publication: PublicationDetail;
  versions: PublicationSummary[];
  newest: number;
  /** A republication: what changed against the version before it. */
  changes?: EntryChange[] | undefined;
}) {
  const { t, locale } = props.page;
  const p = props.publication;
  const { sheet } = { sheet: p.snapshot };
  const current = p.version === props.newest && p.supersededAt === null;
  const names = sheetNames(sheet, locale);
  return (
    <Layout page={props.page} title={`${names.skill} · ${names.event}`}>
      {publicCss}
      <p class="crumbs"><a href={`/public/events/${props.eventId}`}>{names.event}</a></p>
      <h1>{names.skill}</h1>
      <p class="lead" data-testid="public-notice">
        {t('public.noticeUntil', { date: dateTime(p.noticeUntil, locale) })}
        {' · '}{t('public.publishedAt', { date: dateTime(p.publishedAt, locale) })}
      </p>
      {!current && (
        <Notice kind="info">
          <span data-testid="public-superseded">{t('public.superseded', { version: p.version })}</span>{' '}
          <a href={`/public/skills/${p.skillId}`}>{t('public.superseded.current', { version: props.newest })}</a>
        </Notice>
      )}
      {p.version > 1 && (
        <div class="notice notice-info" data-testid="public-republished">
          <strong>{t('public.republished', { version: p.version })}</strong>
          <p class="public-change-note">{p.changeNote}</p>
        </div>
      )}
      {props.changes && (
        <PublicationChanges page={props.page} changes={props.changes} previous={p.version - 1} decimals={sheet.skill.decimals}
          previousHref={`/public/skills/${p.skillId}/versions/${p.version - 1}`} englishNames />
      )}
      <section class="card">
        <Ranking page={props.page} sheet={sheet} />
      </section>
      <TeamTable page={props.page} sheet={sheet} revealed englishNames />
      <section class="card">
        <h2>{t('public.rules')}</h2>
        <RulesExplained page={props.page} sheet={sheet} />
      </section>
      {props.versions.length > 1 && (
        <section class="card" data-testid="public-versions">
          <h2>{t('public.versions')}</h2>
          <ul class="list">
            {props.versions.map((v) => (
              <li>
                {v.version === p.version
                  ? <strong>{t('public.version', { version: v.version })}</strong>
                  : <a href={`/public/skills/${p.skillId}/versions/${v.version}`}>{t('public.version', { version: v.version })}</a>}
                <span class="muted"> {dateTime(v.publishedAt, locale)}</span>
                {v.supersededAt && <span class="muted"> · {t('public.version.superseded')}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p><a class="button" href={`/public/events/${props.eventId}/me`}>{t('public.me.link')}</a></p>
    </Layout>
  );
}

export function PublicSearchPage(props: { page: PageContext; event: PublicEvent; query: string; hits: SearchHit[] }) {
  const { t, locale } = props.page;
  const { event } = props;
  return (
    <Layout page={props.page} title={t('public.search.title')}>
      {publicCss}
      <p class="crumbs"><a href={`/public/events/${event.id}`}>{shownName(locale, event.name, event.nameEn)}</a></p>
      <h1>{t('public.search.title')}</h1>
      <SearchForm page={props.page} eventId={event.id} query={props.query} />
      {props.query.trim() !== '' && (
        props.hits.length === 0 ? <p class="empty" data-testid="public-search-none">{t('public.search.none', { query: props.query })}</p> : (
          <ul class="list" data-testid="public-search-hits">
            {props.hits.map((h) => (
              <li data-testid={`public-hit-${h.entry.bib}`}>
                <a href={`/public/skills/${h.skillId}#r-${h.entry.bib}`}><PersonName locale={locale} entry={h.entry} /></a>
                <span class="muted"> {h.entry.bib} · {shownName(locale, h.skillName, h.skillNameEn)} · {entryNames(h.entry, locale).organization}</span>
                <span class="block">
                  {h.entry.rank !== null ? t('public.hit.rank', { rank: h.entry.rank }) : t(`results.status.${unrankedOf(h.entry) ?? h.entry.status}`)}
                  {h.entry.prize && ` · ${t(`results.prize.${h.entry.prize}`)}`}
                </span>
              </li>
            ))}
          </ul>
        )
      )}
    </Layout>
  );
}

export function PublicLookupPage(props: { page: PageContext; event: PublicEvent; bib: string; error?: string }) {
  const { t, csrfToken, locale } = props.page;
  return (
    <Layout page={props.page} title={t('public.me.title')} narrow>
      {publicCss}
      <p class="crumbs"><a href={`/public/events/${props.event.id}`}>{shownName(locale, props.event.name, props.event.nameEn)}</a></p>
      <h1>{t('public.me.title')}</h1>
      <p class="lead">{t('public.me.lead')}</p>
      {props.error && <Notice kind="error"><span data-testid="public-me-error">{props.error}</span></Notice>}
      <form method="post" action={`/public/events/${props.event.id}/me`} class="card" data-testid="public-me-form">
        <CsrfField token={csrfToken} />
        <Field name="bib" label={t('public.me.bib')} value={props.bib} required maxlength={40} autocomplete="off" />
        <Field name="digits" label={t('public.me.digits')} hint={t('public.me.digits.hint')} value="" required maxlength={4} autocomplete="off" />
        <button type="submit" class="button button-primary">{t('public.me.submit')}</button>
      </form>
    </Layout>
  );
}

export function PublicOwnResultPage(props: { page: PageContext; event: PublicEvent; publication: PublicationDetail; entry: SheetEntry }) {
  const { t, locale } = props.page;
  const { entry, publication: p } = props;
  const sheet = p.snapshot;
  const { decimals } = sheet.skill;
  return (
    <Layout page={props.page} title={t('public.me.title')} narrow>
      {publicCss}
      <p class="crumbs"><a href={`/public/events/${props.event.id}`}>{shownName(locale, props.event.name, props.event.nameEn)}</a></p>
      <h1><PersonName locale={locale} entry={entry} /></h1>
      <p class="lead">{entry.bib} · {sheetNames(sheet, locale).skill} · {entryNames(entry, locale).organization}</p>
      <section class="card" data-testid="public-own">
        <dl class="facts">
          <dt>{t('results.col.rank')}</dt><dd data-testid="own-rank">{rankText(t, entry)}</dd>
          <dt>{t('results.col.total')}</dt><dd data-testid="own-total"><strong>{fixed(entry.total, decimals) || t('common.none')}</strong></dd>
          <dt>{t('results.col.prize')}</dt><dd>{entry.prize ? t(`results.prize.${entry.prize}`) : t('common.none')}</dd>
          {titleText(t, sheet, entry) && <><dt>{t('results.col.title')}</dt><dd>{titleText(t, sheet, entry)}</dd></>}
        </dl>
        <p class="muted">{t('public.noticeUntil', { date: dateTime(p.noticeUntil, locale) })} · {t('public.version', { version: p.version })}</p>
      </section>
      {sheet.rounds.map((round) => {
        const score = entry.rounds.find((r) => r.code === round.code);
        return (
          <section class="card" data-testid={`own-round-${round.code}`}>
            <h2>{round.name}</h2>
            <p>{t('public.me.round', { score: dash(shownRoundScore(entry, round.code), decimals), max: round.maxScore, weight: round.weight, weighted: dash(entry.status === 'dns' ? null : score?.weighted ?? null, decimals) })}</p>
            <table class="table">
              <thead><tr><th>{t('public.me.aspect')}</th><th>{t('public.me.points')}</th></tr></thead>
              <tbody>
                {round.aspects.map((a) => {
                  const got = entry.aspects.find((x) => x.roundCode === round.code && x.code === a.code);
                  return (
                    <tr data-testid={`own-aspect-${a.code}`}>
                      <td>{a.code} {a.name}</td>
                      <td>{got ? (got.status === 'scored' ? `${fixed(got.points, decimals)} / ${a.maxMark}` : t('public.me.notScored')) : t('common.none')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        );
      })}
      <p><a class="button" href={`/public/skills/${p.skillId}`}>{t('public.me.ranking')}</a></p>
    </Layout>
  );
}
