import { maskIdNumber, maskPhone } from '../../src/domain/id-number.ts';
import { skillLevels } from '../../src/domain/contestant-sheet.ts';
import type { PoolFilter, PoolPerson } from '../../src/domain/talent-pool.ts';
import { CsrfField, Field, Notice, SelectField } from '../components/form.tsx';
import type { UncertainMatch } from '../../src/domain/talent-pool.ts';
import { Pager } from '../components/pager.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { PrintLayout } from '../print-layout.tsx';
import { awardLabel, levelLabel, titleLabel } from '../results/title-rules.ts';


function query(filter: PoolFilter, page?: number): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) if (value !== '' && value !== null) params.set(name, String(value));
  if (page && page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The pool: who competed in the contests the account may see, searchable, one row per person. */
export function PoolPage(props: {
  page: PageContext; filter: PoolFilter; options: { titles: string[]; years: number[] };
  total: number; found: number; people: PoolPerson[]; current: number; pageCount: number;
  /** Pairs who may be one person, for an organizer to decide. */
  uncertain: number;
}) {
  const { t } = props.page;
  const { filter } = props;
  const any = { value: '', label: t('pool.any') };
  return (
    <Layout page={props.page} title={t('pool.title')}>
      <h1>{t('pool.title')}</h1>
      <p class="lead">{t('pool.intro')}</p>
      {props.uncertain > 0 && (
        <Notice kind="warning"><span data-testid="pool-uncertain">{t('pool.match.pending', { count: props.uncertain })} {props.page.account?.isAdmin ? <a href="/pool/matches">{t('pool.match.review')}</a> : t('pool.match.askAdmin')}</span></Notice>
      )}
      <section class="card">
        <form class="list-filter" method="get" action="/pool" role="search">
          <Field name="q" id="pool-q" label={t('pool.filter.q')} value={filter.q} class="field-grow" maxlength={60} />
          <Field name="trade" label={t('pool.filter.trade')} value={filter.trade} maxlength={60} />
          <Field name="organization" label={t('pool.filter.organization')} value={filter.organization} maxlength={60} />
          <SelectField name="title" label={t('pool.filter.title')} value={filter.title} options={[any, ...props.options.titles.map((title) => ({ value: title, label: titleLabel(t, title) }))]} />
          <SelectField name="grade" label={t('pool.filter.grade')} value={filter.grade} options={[any, ...skillLevels.filter((l) => l !== '').map((l) => ({ value: l, label: levelLabel(t, l) }))]} />
          <SelectField name="year" label={t('pool.filter.year')} value={filter.year === null ? '' : String(filter.year)} options={[any, ...props.options.years.map((y) => ({ value: String(y), label: String(y) }))]} />
          <div class="field field-submit"><button type="submit" class="button button-primary">{t('pool.search')}</button></div>
        </form>
        <p class="list-count" data-testid="pool-count">{t('pool.count', { found: props.found, total: props.total })} · <a href={`/pool.xlsx${query(filter)}`}>{t('pool.export')}</a></p>
        {props.people.length === 0 ? <p class="empty">{props.total === 0 ? t('pool.empty') : t('pool.none')}</p> : (
          <table class="table table-stack" data-testid="pool">
            <thead><tr>
              <th>{t('pool.col.name')}</th><th>{t('pool.col.idNumber')}</th><th>{t('pool.col.organization')}</th><th>{t('pool.col.grade')}</th>
              <th>{t('pool.col.contests')}</th><th>{t('pool.col.awards')}</th>
            </tr></thead>
            <tbody>
              {props.people.map((person) => (
                <tr data-testid={`pool-${person.key}`}>
                  <td data-label={t('pool.col.name')}><a href={`/pool/contestants/${person.key}`}><strong>{person.name}</strong></a></td>
                  <td data-label={t('pool.col.idNumber')} class="mono">{maskIdNumber(person.idNumber)}</td>
                  <td data-label={t('pool.col.organization')}>{person.organization}</td>
                  <td data-label={t('pool.col.grade')}>{person.grade ? levelLabel(t, person.grade) : ''}</td>
                  <td data-label={t('pool.col.contests')}>{person.results.length}</td>
                  <td data-label={t('pool.col.awards')}>{[person.prizes > 0 ? t('pool.prizes', { count: person.prizes }) : null, ...person.titles.map((title) => titleLabel(t, title))].filter(Boolean).join(t('titleRules.words.listSeparator'))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager page={props.page} current={props.current} pageCount={props.pageCount} href={(p) => `/pool${query(filter, p)}`} />
      </section>
    </Layout>
  );
}

function RecordBody(props: { page: PageContext; person: PoolPerson; phone: string }) {
  const { t, locale } = props.page;
  const { person } = props;
  return (
    <>
      <dl class="facts" data-testid="person-facts">
        <dt>{t('pool.col.idNumber')}</dt><dd class="mono">{maskIdNumber(person.idNumber)}</dd>
        <dt>{t('pool.col.gender')}</dt><dd>{t(`contestant.gender.${person.gender}` as 'contestant.gender.male')}</dd>
        <dt>{t('pool.col.organization')}</dt><dd>{person.organization}</dd>
        <dt>{t('pool.col.grade')}</dt><dd>{person.grade ? levelLabel(t, person.grade) : t('common.none')}</dd>
        {/* Masked as on the registration list: the full number is the registration desk's, revealed there and audited. */}
        {props.phone && <><dt>{t('pool.col.phone')}</dt><dd class="no-print">{maskPhone(props.phone)}</dd></>}
      </dl>
      <table class="table table-stack" data-testid="person-results">
        <thead><tr>
          <th>{t('pool.col.year')}</th><th>{t('pool.col.event')}</th><th>{t('pool.col.skill')}</th><th>{t('pool.col.rank')}</th>
          <th>{t('pool.col.awards')}</th><th>{t('pool.col.promotion')}</th><th>{t('pool.col.version')}</th>
        </tr></thead>
        <tbody>
          {person.results.map((r) => (
            <tr>
              <td data-label={t('pool.col.year')}>{r.year}</td>
              <td data-label={t('pool.col.event')}>{r.eventName}</td>
              <td data-label={t('pool.col.skill')}>{r.skillName}</td>
              <td data-label={t('pool.col.rank')}>{r.rank ?? t(`results.status.${r.status}` as 'results.status.dns')}</td>
              <td data-label={t('pool.col.awards')}>{awardLabel(t, r)}</td>
              <td data-label={t('pool.col.promotion')}>{r.promotion ? `${levelLabel(t, r.promotion.from)} → ${levelLabel(t, r.promotion.to)}` : ''}</td>
              <td data-label={t('pool.col.version')}>
                <a href={`/public/skills/${r.skillId}/versions/${r.publicationVersion}`}>{t('pool.version', { version: r.publicationVersion, date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(r.publishedAt) })}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** A person's record: every published contest, result, prize, title and promotion, with the publication each came from. */
export function PersonRecordPage(props: { page: PageContext; person: PoolPerson; phone: string; print: boolean }) {
  const { t } = props.page;
  const { person } = props;
  if (props.print) {
    return (
      <PrintLayout page={props.page} title={t('pool.record', { name: person.name })} subtitle={t('pool.title')}>
        <RecordBody page={props.page} person={person} phone="" />
      </PrintLayout>
    );
  }
  return (
    <Layout page={props.page} title={t('pool.record', { name: person.name })}>
      <p class="crumbs"><a href="/pool">{t('pool.title')}</a></p>
      <div class="page-head">
        <h1>{person.name}</h1>
        <a class="button" href={`/pool/contestants/${person.key}/print`} data-testid="record-print">{t('pool.print')}</a>
      </div>
      <section class="card"><RecordBody page={props.page} person={person} phone={props.phone} /></section>
    </Layout>
  );
}

function MatchSide(props: { page: PageContext; person: PoolPerson }) {
  const { t } = props.page;
  const { person } = props;
  const latest = person.results[0]!;
  return (
    <div class="match-side">
      <p><a href={`/pool/contestants/${person.key}`}><strong>{person.name}</strong></a> <span class="mono">{person.idNumbers.map(maskIdNumber).join(' / ')}</span></p>
      <p class="muted">{t('pool.match.side', { organization: person.organization, contests: person.results.length, year: latest.year, event: latest.eventName })}</p>
    </div>
  );
}

/** The pairs who may be one person (the same name and birth date under two ID numbers): an organizer says which. */
export function PoolMatchesPage(props: { page: PageContext; matches: UncertainMatch[]; count: number; notice?: string | undefined; error?: string | undefined }) {
  const { t, csrfToken } = props.page;
  return (
    <Layout page={props.page} title={t('pool.match.title')}>
      <p class="crumbs"><a href="/pool">{t('pool.title')}</a></p>
      <h1>{t('pool.match.title')}</h1>
      <p class="lead">{t('pool.match.intro')}</p>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      {props.error && <Notice kind="error">{props.error}</Notice>}
      {props.matches.length === 0 ? <p class="empty" data-testid="matches-none">{t('pool.match.none')}</p> : (
        <ul class="list match-list" data-testid="matches">
          {props.matches.map((m) => (
            <li data-testid={`match-${m.a.key}-${m.b.key}`}>
              <MatchSide page={props.page} person={m.a} />
              <MatchSide page={props.page} person={m.b} />
              <div class="actions">
                {(['same', 'different'] as const).map((decision) => (
                  <form method="post" action="/pool/matches" class="inline-form">
                    <CsrfField token={csrfToken} />
                    <input type="hidden" name="a" value={String(m.a.key)} />
                    <input type="hidden" name="b" value={String(m.b.key)} />
                    <input type="hidden" name="decision" value={decision} />
                    <button type="submit" class={decision === 'same' ? 'button button-primary' : 'button'}>{t(`pool.match.${decision}`)}</button>
                  </form>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
      {props.count > props.matches.length && <p class="hint">{t('pool.match.more', { count: props.count - props.matches.length })}</p>}
    </Layout>
  );
}
