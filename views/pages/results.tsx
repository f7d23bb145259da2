import { PublicationChanges } from '../components/publication-changes.tsx';
import type { EntryChange } from '../../src/results/snapshot.ts';
import type { AppealRow, PublicationSummary } from '../../src/results/queries.ts';
import { entryTitles, sheetTitleRules, shownRoundScore, unrankedOf, type ResultsSheet, type SheetEntry, type SheetNote } from '../../src/results/snapshot.ts';
import type { StatusHistoryRow } from '../../src/entry-status/queries.ts';
import { EntryStatusForm, StatusHistoryList, type EntryStatusFormValues } from '../components/entry-status.tsx';
import type { MessageKey, Translate } from '../../src/i18n/index.ts';
import { CsrfField, Field, Notice, SelectField, TextareaField, type FieldErrors } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { titleLabel, titleRuleSentence } from '../results/title-rules.ts';
import { raw } from 'hono/html';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { memoOn } from '../../src/results/cache.ts';
import { dateTime, shownName } from '../format.ts';

/**
 * The organizer's results screens: the live preview of a skill's results with the publish form,
 * one published version (成绩公示) read from its frozen snapshot, and the appeals with their
 * arbitration. Views get plain sheets (src/results/snapshot.ts); the preview's sheet arrives with
 * names already blanked out while a round is unlocked, so nothing here can leak them.
 */

export interface ResultsSkill {
  id: number;
  name: string;
  eventId: number;
  eventName: string;
}

const fixed = (value: number | null, decimals: number) => (value === null ? '' : value.toFixed(decimals));
/** A score never taken (dns, a round absence) is "—", never 0. */
const score = (value: number | null, decimals: number) => (value === null ? '—' : value.toFixed(decimals));

/* ------------------------------------------------------------------------------------------ */
/* The ranking table, the rules and the notes (preview and published versions alike)           */
/* ------------------------------------------------------------------------------------------ */

/**
 * A part of a page made only from an immutable sheet (a cached preview, a parsed publication) and
 * the language: rendered once per sheet and slot (memoOn()), since a ranking of 1,000 entries
 * takes longer to render than everything else on the page.
 */
export function Once(props: { sheet: ResultsSheet; slot: string; page: PageContext; children: JSX.Element }) {
  const made = memoOn(props.sheet, `${props.slot}:${props.page.locale}`, () => props.children.toString());
  return typeof made === 'string' ? raw(made) : props.children;
}

function roundName(sheet: ResultsSheet, code: string): string {
  return sheet.rounds.find((r) => r.code === code)?.name ?? code;
}

function tieBreakNote(t: Translate, sheet: ResultsSheet, entry: SheetEntry): string {
  if (!entry.tieBreak) return '';
  if (entry.tieBreak === 'shared') return t('results.tieBreak.shared');
  if (entry.tieBreak === 'completion_time') return t('results.tieBreak.completion_time');
  return t('results.tieBreak.round', { round: roundName(sheet, entry.tieBreak.slice('round:'.length)) });
}

function TitleCell(props: { t: Translate; sheet: ResultsSheet; entry: SheetEntry }) {
  const { t, sheet, entry } = props;
  const titles = entryTitles(sheet, entry);
  if (titles.length === 0 && !entry.promotion) return <></>;
  return (
    <>
      {titles.map((title) => <span class="block">{titleLabel(t, title)}</span>)}
      {entry.promotion && (
        <span class="block muted">
          {t('results.promotion', { from: t(`contestant.level.${entry.promotion.from || 'none'}`), to: t(`contestant.level.${entry.promotion.to || 'none'}`) })}
        </span>
      )}
    </>
  );
}

/** The ranking. `revealed` false: a code column instead of bib, name and organization. */
export function ResultsTable(props: { page: PageContext; sheet: ResultsSheet; revealed: boolean }) {
  const { t } = props.page;
  const { sheet, revealed } = props;
  const { decimals } = sheet.skill;
  const standardised = sheet.standardisation !== null;
  if (sheet.entries.length === 0) return <p class="empty">{t('results.empty')}</p>;
  // Columns nobody has anything in (no titles, no notes) are left out rather than shown empty.
  const hasTitles = sheet.entries.some((e) => entryTitles(sheet, e).length > 0 || e.promotion);
  const hasNotes = sheet.entries.some((e) => tieBreakNote(t, sheet, e) !== '' || unrankedOf(e) === 'incomplete');
  return (
    <div class="table-wrap">
      <table class="table" data-testid="results-table">
        <thead>
          <tr>
            <th>{t('results.col.rank')}</th>
            {revealed
              ? <><th>{t('results.col.bib')}</th><th>{t('results.col.name')}</th><th>{t('results.col.organization')}</th></>
              : <th>{t('results.col.code')}</th>}
            {sheet.rounds.map((r) => <th>{t('results.col.round', { round: r.name, weight: r.weight })}</th>)}
            <th>{t('results.col.total')}</th>
            {standardised && <th>{t('results.col.standardised')}</th>}
            <th>{t('results.col.prize')}</th>
            {hasTitles && <th>{t('results.col.title')}</th>}
            {hasNotes && <th>{t('results.col.note')}</th>}
          </tr>
        </thead>
        <tbody>
          {sheet.entries.map((e) => {
            const label = revealed ? e.bib : (e.codes ?? []).join(' / ') || t('common.none');
            const unranked = unrankedOf(e);
            return (
              <tr data-testid={`result-${label}`} data-status={e.status} data-complete={String(e.complete)} data-unranked={unranked ?? ''}>
                <td class="keep">{e.rank ?? <span class={`badge badge-status-${unranked ?? e.status}`}>{t(`results.status.${unranked ?? e.status}`)}</span>}</td>
                {revealed
                  ? <><td class="keep">{e.bib}</td><td class="keep">{e.name}</td><td>{e.organizationName}</td></>
                  : <td class="mono">{label}</td>}
                {e.rounds.map((r) => <td>{score(shownRoundScore(e, r.code), decimals)}{r.absent && <> <span class="badge badge-status-absent">{t('results.round.absent')}</span></>}</td>)}
                <td><strong>{e.total === null ? t('common.none') : fixed(e.total, decimals)}</strong></td>
                {standardised && <td>{fixed(e.standardised, decimals)}</td>}
                <td class="keep">{e.prize ? t(`results.prize.${e.prize}`) : ''}</td>
                {hasTitles && <td class="keep"><TitleCell t={t} sheet={sheet} entry={e} /></td>}
                {hasNotes && (
                  <td>
                    {tieBreakNote(t, sheet, e)}
                    {unranked === 'incomplete' && <span class="badge badge-in_progress" data-testid="incomplete">{t('results.incomplete')}</span>}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The team ranking of a team skill, members listed with the totals that make the team score
 * (a member who did not compete shows "—" and counts 0). Nothing for an individual skill or a
 * snapshot published before teams existed. `revealed` false: teams and members by code only.
 * `englishNames`: on the public pages, English ones read Latin and English names where there are.
 */
export function TeamTable(props: { page: PageContext; sheet: ResultsSheet; revealed: boolean; englishNames?: boolean }) {
  const { t } = props.page;
  const locale = props.englishNames ? props.page.locale : 'zh-CN';
  const { sheet, revealed } = props;
  if (!sheet.teams) return <></>;
  const { decimals } = sheet.skill;
  const { ranking, scoring } = sheet.teams;
  return (
    <section class="card" data-testid="team-results">
      <h2>{t('results.teams')} <span class="muted">{t(`results.teams.scoring.${scoring}`)}</span></h2>
      {ranking.length === 0 ? <p class="empty">{t('results.teams.empty')}</p> : (
        <div class="table-wrap">
          <table class="table" data-testid="team-table">
            <thead>
              <tr>
                <th>{t('results.col.rank')}</th>
                {revealed && <><th>{t('team.field.name')}</th><th>{t('results.col.organization')}</th></>}
                <th>{t('results.teams.members')}</th>
                <th>{t('results.teams.score')}</th>
              </tr>
            </thead>
            <tbody>
              {ranking.map((team, index) => (
                <tr data-testid={revealed ? `team-${team.name}` : `team-${index + 1}`}>
                  <td>{team.rank ?? t('common.none')}</td>
                  {revealed && <><td><strong>{team.name}</strong></td><td>{shownName(locale, team.organizationName, team.organizationNameEn)}</td></>}
                  <td>
                    {team.members.map((m) => (
                      <span class="block">
                        {revealed ? <>{shownName(locale, m.name, m.nameLatin)} <span class="muted">{m.bib}</span></> : <span class="mono">{(m.codes ?? []).join(' / ') || t('common.none')}</span>}
                        {' '}{m.total === null ? <span class="muted">{t('common.none')} {t(`results.status.${m.status}`)}</span> : fixed(m.total, decimals)}
                      </span>
                    ))}
                  </td>
                  <td><strong>{fixed(team.score, decimals)}</strong></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Per-aspect points of every entry (published versions: the contestants' breakdowns). */
export function BreakdownTable(props: { page: PageContext; sheet: ResultsSheet }) {
  const { t } = props.page;
  const { sheet } = props;
  const aspects = sheet.rounds.flatMap((r) => r.aspects.map((a) => ({ ...a, roundCode: r.code })));
  if (aspects.length === 0 || sheet.entries.length === 0) return <></>;
  return (
    <div class="table-wrap">
      <table class="table" data-testid="breakdown">
        <thead>
          <tr>
            <th>{t('results.col.bib')}</th>
            {aspects.map((a) => <th title={a.name}>{a.code} <span class="muted">/{a.maxMark}</span></th>)}
          </tr>
        </thead>
        <tbody>
          {sheet.entries.map((e) => (
            <tr>
              <td>{e.bib}</td>
              {aspects.map((a) => {
                const points = e.aspects.find((p) => p.roundCode === a.roundCode && p.code === a.code);
                if (!points) return <td></td>;
                if (points.points === null) return <td>—</td>;
                return <td>{points.status === 'scored' ? fixed(points.points, sheet.skill.decimals) : t(points.status === 'not_scored' ? 'results.aspect.notScored' : 'results.incomplete')}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** How the total, the ranking, the prizes, the titles and the standardised score are computed. */
export function RulesExplained(props: { page: PageContext; sheet: ResultsSheet }) {
  const { t } = props.page;
  const { sheet } = props;
  const { rules } = sheet;
  const { prize } = rules;
  const decimals = sheet.skill.decimals;
  const chain = rules.tieBreaks.map((tb) =>
    tb === 'completion_time' ? t('skill.settings.tieBreak.completion_time') : t('skill.settings.tieBreak.round', { round: roundName(sheet, tb.slice('round:'.length)) }),
  );
  const s = sheet.standardisation;
  const titleRules = sheetTitleRules(sheet);
  const precise = (value: number) => String(Number(value.toFixed(decimals + 2)));
  return (
    <ul data-testid="results-rules">
      <li>{t('results.rules.total', { decimals })}</li>
      <li>{t('results.rules.aggregation', { how: t(`skill.settings.aggregation.${rules.aggregation}`) })}</li>
      <li>{chain.length > 0 ? t('results.rules.tieBreaks', { chain: chain.join(' → ') }) : t('results.rules.tieBreaks.none')}</li>
      <li data-testid="status-rules">
        {t('results.rules.statuses')}
        {rules.roundAbsence && <> {t(`results.rules.roundAbsence.${rules.roundAbsence}`)}</>}
      </li>
      <li data-testid="prize-rule">
        {prize.mode === 'ratio'
          ? t('results.rules.prize.ratio', { competitors: prize.competitors, first: prize.first, second: prize.second, third: prize.third })
          : t('results.rules.prize.count', { first: prize.first, second: prize.second, third: prize.third })}{' '}
        {t('results.rules.prize.quotas', { first: prize.quotas.first, second: prize.quotas.second, third: prize.quotas.third })}{' '}
        {prize.minimumFieldApplied && <>{t('results.rules.prize.minimumField', { minimumField: prize.minimumField })} </>}
        {prize.minimumScore !== null && <>{t('results.rules.prize.minimumScore', { score: prize.minimumScore.toFixed(decimals) })} </>}
        {t('results.rules.prize.ties')}{' '}
        {t('results.rules.prize.awarded', { first: rules.prizeCounts.first, second: rules.prizeCounts.second, third: rules.prizeCounts.third })}
      </li>
      <li data-testid="title-rules">
        {titleRules.length === 0
          ? t('results.rules.titles.none')
          : (
            <>
              <ol>{titleRules.map((rule) => <li>{titleRuleSentence(t, rule, (code) => roundName(sheet, code))}</li>)}</ol>
              {titleRules.length > 1 && <>{t('titleRules.words.combine')}</>}
            </>
          )}
      </li>
      {sheet.teams && <li data-testid="team-rule">{t(`results.rules.teams.${sheet.teams.scoring}`)} {t('results.rules.teams.awards')}</li>}
      {s && (
        <li data-testid="standardisation">
          {s.degenerate
            ? t('results.rules.standardised.degenerate', { expression: s.expression })
            : t('results.rules.standardised', { expression: s.expression, median: precise(s.median), sd: precise(s.sd), n: s.n })}
        </li>
      )}
    </ul>
  );
}

function noteText(t: Translate, note: SheetNote): string {
  const entries = note.entries.join(', ');
  switch (note.code) {
    case 'boundaryTie':
      return t('results.note.boundaryTie', { prize: t(`results.prize.${note.params.prize as 1 | 2 | 3}`), entries });
    case 'standardisedDegenerate':
      return t(note.params.reason === 'single' ? 'results.note.standardisedDegenerate.single' : 'results.note.standardisedDegenerate.noSpread');
    case 'minimumField':
      return t('results.note.minimumField', note.params);
    case 'belowMinimumScore':
      return t('results.note.belowMinimumScore', { ...note.params, entries });
    case 'titleBoundaryTie':
      return t('results.note.titleBoundaryTie', { rule: note.params.rule ?? 1, entries });
    case 'ageUnknown':
      return t('results.note.ageUnknown', note.params);
    default:
      return t(`results.note.${note.code}` as MessageKey, { entries });
  }
}

export function ResultsNotes(props: { page: PageContext; sheet: ResultsSheet }) {
  const { t } = props.page;
  if (props.sheet.notes.length === 0) return <p class="muted">{t('results.notes.none')}</p>;
  return <ul data-testid="results-notes">{props.sheet.notes.map((note) => <li data-note={note.code}>{noteText(t, note)}</li>)}</ul>;
}

function PublicationHistory(props: { page: PageContext; skillId: number; publications: PublicationSummary[] }) {
  const { t, locale } = props.page;
  if (props.publications.length === 0) return <p class="empty">{t('publication.none')}</p>;
  return (
    <ol class="history" reversed data-testid="publication-history">
      {props.publications.map((p) => (
        <li class={p.supersededAt ? 'superseded' : ''}>
          <a href={`/skills/${props.skillId}/publications/${p.version}`}><strong>{t('publication.version', { version: p.version })}</strong></a>
          {' · '}{dateTime(p.publishedAt, locale)} · {p.publishedBy}{' '}
          {p.supersededAt
            ? <span class="badge">{t('publication.superseded', { when: dateTime(p.supersededAt, locale) })}</span>
            : <span class="badge badge-published">{t('publication.inForce')}</span>}
          {p.changeNote && <span class="block">{t('publication.changeNote')}: {p.changeNote}</span>}
        </li>
      ))}
    </ol>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* The preview                                                                                 */
/* ------------------------------------------------------------------------------------------ */

export interface PublishFormValues {
  appealUntil: string;
  noticeUntil: string;
  changeNote: string;
}

export function ResultsPreviewPage(props: {
  page: PageContext;
  skill: ResultsSkill;
  sheet: ResultsSheet;
  /** Every round is locked: names are shown and the results may be published. */
  revealed: boolean;
  rounds: { name: string; locked: boolean }[];
  /** The event is in a stage that allows publishing. */
  stageAllows: boolean;
  publications: PublicationSummary[];
  pendingAppeals: number;
  form: { values: PublishFormValues; errors: FieldErrors };
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
  /** Status changes recorded after the publication in force. */
  statusChanged: { version: number; changes: number } | null;
  entryStatus: {
    history: StatusHistoryRow[];
    rounds: { id: number; name: string }[];
    form: { values: EntryStatusFormValues; errors: FieldErrors; error?: string | undefined };
  };
}) {
  const { t, csrfToken } = props.page;
  const { skill, sheet, revealed } = props;
  const incomplete = sheet.entries.filter((e) => unrankedOf(e) === 'incomplete').length;
  const next = (props.publications[0]?.version ?? 0) + 1;
  const unlocked = props.rounds.filter((r) => !r.locked).map((r) => r.name);
  return (
    <Layout page={props.page} title={t('results.title', { skill: skill.name })}>
      <p class="crumbs"><a href={`/events/${skill.eventId}`}>{skill.eventName}</a></p>
      <div class="page-head">
        <h1>{t('results.title', { skill: skill.name })}</h1>
        <span class="actions">
          <span class="badge">{t('results.preview')}</span>
          <a class="button" href={`/skills/${skill.id}/appeals`}>
            {t('appeal.link')}{props.pendingAppeals > 0 && <> <span class="badge badge-in_progress">{props.pendingAppeals}</span></>}
          </a>
        </span>
      </div>
      <p class="actions" data-testid="result-files">
        <a class="button" href={`/skills/${skill.id}/results.xlsx`}>{t('exports.link.xlsx')}</a>
        <a class="button" href={`/skills/${skill.id}/results.csv`}>{t('exports.link.csv')}</a>
        {sheet.teams && <a class="button" href={`/skills/${skill.id}/team-results.xlsx`}>{t('exports.link.teams')}</a>}
        <a class="button" href={`/skills/${skill.id}/promotions.xlsx`}>{t('promotions.link')}</a>
        {props.publications.length > 0 && (
          <>
            <a class="button" href={`/skills/${skill.id}/notice`}>{t('notice.link')}</a>
            <a class="button" href={`/skills/${skill.id}/certificates?lang=zh-CN`}>{t('cert.link.zh')}</a>
            <a class="button" href={`/skills/${skill.id}/certificates?lang=en`}>{t('cert.link.en')}</a>
          </>
        )}
      </p>
      {props.notice && <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      <p class="counts" data-testid="results-rounds">
        {props.rounds.map((r) => (
          <span class={r.locked ? 'badge badge-published' : 'badge badge-in_progress'}>
            {r.name}: {r.locked ? t('results.round.locked') : t('results.round.unlocked')}
          </span>
        ))}
      </p>
      {!revealed && <Notice kind="info"><span data-testid="names-hidden">{t('results.hiddenNotice')}</span></Notice>}
      {incomplete > 0 && <Notice kind="error">{t('results.incompleteNotice', { count: incomplete })}</Notice>}
      {props.statusChanged && (
        <Notice kind="error"><span data-testid="status-changed">{t('results.statusChanged', props.statusChanged)} <a href="#publish">{t('publication.republish')}</a></span></Notice>
      )}

      <section class="card">
        <h2>{t('results.ranking')} <span class="muted">{t('results.competitors', { count: sheet.competitors })}</span></h2>
        <Once sheet={sheet} slot={`table:${revealed}`} page={props.page}><ResultsTable page={props.page} sheet={sheet} revealed={revealed} /></Once>
      </section>
      <Once sheet={sheet} slot={`teams:${revealed}`} page={props.page}><TeamTable page={props.page} sheet={sheet} revealed={revealed} /></Once>

      <section class="card">
        <h2>{t('results.rules.title')}</h2>
        <Once sheet={sheet} slot="rules" page={props.page}><RulesExplained page={props.page} sheet={sheet} /></Once>
        <h3>{t('results.notes')}</h3>
        <Once sheet={sheet} slot="notes" page={props.page}><ResultsNotes page={props.page} sheet={sheet} /></Once>
      </section>

      <section class="card" id="publish" data-testid="publish">
        <h2>{next === 1 ? t('publication.publish') : t('publication.republish')}</h2>
        {!props.stageAllows ? (
          <p>{t('publication.error.stage')}</p>
        ) : unlocked.length > 0 ? (
          <p>{t('publication.notReady', { rounds: unlocked.join(', ') })}</p>
        ) : (
          <form method="post" action={`/skills/${skill.id}/publications`}>
            <CsrfField token={csrfToken} />
            <p class="hint">{t('publication.explain', { version: next })}</p>
            <div class="field-row">
              <Field name="appealUntil" type="datetime-local" label={t('publication.field.appealUntil')} hint={t('publication.field.appealUntil.hint')}
                value={props.form.values.appealUntil} error={props.form.errors.appealUntil} required />
              <Field name="noticeUntil" type="datetime-local" label={t('publication.field.noticeUntil')} hint={t('publication.field.noticeUntil.hint')}
                value={props.form.values.noticeUntil} error={props.form.errors.noticeUntil} required />
            </div>
            {next > 1 && (
              <TextareaField name="changeNote" label={t('publication.field.changeNote')} hint={t('publication.field.changeNote.hint')}
                value={props.form.values.changeNote} error={props.form.errors.changeNote} rows={3} />
            )}
            <button type="submit" class="button button-primary">
              {next === 1 ? t('publication.publish') : t('publication.republish')}
            </button>
          </form>
        )}
      </section>

      <section class="card" id="entry-status">
        <h2>{t('entryStatus.title')}</h2>
        <p class="hint">{t('entryStatus.explain')}</p>
        <EntryStatusForm page={props.page} action={`/skills/${skill.id}/entry-status`} rounds={props.entryStatus.rounds}
          values={props.entryStatus.form.values} errors={props.entryStatus.form.errors} error={props.entryStatus.form.error} />
        <h3>{t('entryStatus.history')}</h3>
        <StatusHistoryList page={props.page} rows={props.entryStatus.history} by="bib" />
      </section>

      <section class="card">
        <h2>{t('publication.history')}</h2>
        <PublicationHistory page={props.page} skillId={skill.id} publications={props.publications} />
      </section>
    </Layout>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* One published version                                                                       */
/* ------------------------------------------------------------------------------------------ */

export function PublicationPage(props: {
  page: PageContext;
  skill: ResultsSkill;
  publication: PublicationSummary & { snapshot: ResultsSheet };
  /** The version in force now. */
  newest: number;
  notice?: string | undefined;
  /** A republication: what changed against the version before it. */
  changes?: EntryChange[] | undefined;
}) {
  const { t, locale } = props.page;
  const { skill, publication } = props;
  const { snapshot } = publication;
  const title = t('publication.title', { skill: snapshot.skill.name, version: publication.version });
  return (
    <Layout page={props.page} title={title}>
      <p class="crumbs">
        <a href={`/events/${skill.eventId}`}>{skill.eventName}</a>
        <a href={`/skills/${skill.id}/results`}>{t('publication.backToPreview')}</a>
      </p>
      <h1>{title}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      {publication.supersededAt && (
        <Notice kind="info">
          <span data-testid="superseded">{t('publication.supersededNotice', { when: dateTime(publication.supersededAt, locale), version: props.newest })}</span>{' '}
          <a href={`/skills/${skill.id}/publications/${props.newest}`}>{t('publication.viewNewest', { version: props.newest })}</a>
        </Notice>
      )}
      <section class="card">
        <dl class="facts" data-testid="publication-facts">
          <dt>{t('publication.publishedAt')}</dt><dd>{dateTime(publication.publishedAt, locale)}</dd>
          <dt>{t('publication.publishedBy')}</dt><dd>{publication.publishedBy}</dd>
          <dt>{t('publication.appealUntil')}</dt><dd>{dateTime(publication.appealUntil, locale)}</dd>
          <dt>{t('publication.noticeUntil')}</dt><dd>{dateTime(publication.noticeUntil, locale)}</dd>
          {publication.changeNote && <><dt>{t('publication.changeNote')}</dt><dd data-testid="change-note">{publication.changeNote}</dd></>}
        </dl>
      </section>
      {props.changes && (
        <PublicationChanges page={props.page} changes={props.changes} previous={publication.version - 1} decimals={snapshot.skill.decimals}
          previousHref={`/skills/${skill.id}/publications/${publication.version - 1}`} />
      )}
      <section class="card">
        <h2>{snapshot.event.name} · {snapshot.skill.name}{snapshot.skill.nameEn && <span class="muted"> {snapshot.skill.nameEn}</span>}</h2>
        <Once sheet={snapshot} slot={`table:true`} page={props.page}><ResultsTable page={props.page} sheet={snapshot} revealed /></Once>
      </section>
      <Once sheet={snapshot} slot={`teams:true`} page={props.page}><TeamTable page={props.page} sheet={snapshot} revealed /></Once>
      <section class="card">
        <h2>{t('results.rules.title')}</h2>
        <Once sheet={snapshot} slot="rules" page={props.page}><RulesExplained page={props.page} sheet={snapshot} /></Once>
        <h3>{t('results.notes')}</h3>
        <Once sheet={snapshot} slot="notes" page={props.page}><ResultsNotes page={props.page} sheet={snapshot} /></Once>
      </section>
      <section class="card">
        <h2>{t('results.breakdown')}</h2>
        <Once sheet={snapshot} slot="breakdown" page={props.page}><BreakdownTable page={props.page} sheet={snapshot} /></Once>
      </section>
    </Layout>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Appeals and arbitration                                                                     */
/* ------------------------------------------------------------------------------------------ */

export function AppealDecision(props: { page: PageContext; appeal: AppealRow; skillId: number | null }) {
  const { t, locale } = props.page;
  const { appeal } = props;
  if (!appeal.decision || !appeal.decidedAt) return <span class="badge badge-in_progress">{t('appeal.pending')}</span>;
  return (
    <>
      <span class={appeal.decision === 'upheld' ? 'badge badge-published' : 'badge'} data-testid="appeal-decision">{t(`appeal.decision.${appeal.decision}`)}</span>{' '}
      <span class="muted">{t('appeal.decidedAt', { when: dateTime(appeal.decidedAt, locale) })}</span>
      <span class="block">{t('appeal.reason')}: {appeal.decisionReason}</span>
      {appeal.laterVersions.length > 0 && (
        <span class="block">
          {t('appeal.correctedIn')}:{' '}
          {appeal.laterVersions.map((v) =>
            props.skillId === null
              ? <>{t('publication.version', { version: v })} </>
              : <><a href={`/skills/${props.skillId}/publications/${v}`}>{t('publication.version', { version: v })}</a> </>,
          )}
        </span>
      )}
    </>
  );
}

export function AppealsPage(props: {
  page: PageContext;
  skill: ResultsSkill;
  current: PublicationSummary | null;
  appeals: AppealRow[];
  /** Field errors of a refused decision, by appeal id. */
  errors: Record<number, FieldErrors>;
  values: Record<number, { decision: string; reason: string }>;
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
}) {
  const { t, locale, csrfToken } = props.page;
  const { skill, current } = props;
  const now = new Date();
  return (
    <Layout page={props.page} title={t('appeal.title', { skill: skill.name })}>
      <p class="crumbs">
        <a href={`/events/${skill.eventId}`}>{skill.eventName}</a>
        <a href={`/skills/${skill.id}/results`}>{t('publication.backToPreview')}</a>
      </p>
      <h1>{t('appeal.title', { skill: skill.name })}</h1>
      {props.notice && <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      <p class="hint">{t('appeal.explain')}</p>
      {current ? (
        <p data-testid="appeal-window">
          {current.appealUntil > now
            ? t('appeal.window', { version: current.version, when: dateTime(current.appealUntil, locale) })
            : t('appeal.windowClosedAt', { version: current.version, when: dateTime(current.appealUntil, locale) })}
        </p>
      ) : (
        <p>{t('publication.none')}</p>
      )}
      {props.appeals.length === 0 && <p class="empty">{t('appeal.none')}</p>}
      {props.appeals.map((appeal) => {
        const errors = props.errors[appeal.id] ?? {};
        const values = props.values[appeal.id] ?? { decision: '', reason: '' };
        return (
          <section class="card" id={`appeal-${appeal.id}`} data-testid={`appeal-${appeal.id}`}>
            <h2>{t('appeal.entry', { bib: appeal.entryBib, name: appeal.entryName })}</h2>
            <dl class="facts">
              <dt>{t('appeal.organization')}</dt><dd>{appeal.organizationName}</dd>
              <dt>{t('appeal.filedAt')}</dt><dd>{dateTime(appeal.filedAt, locale)}</dd>
              <dt>{t('appeal.against')}</dt>
              <dd><a href={`/skills/${skill.id}/publications/${appeal.version}`}>{t('publication.version', { version: appeal.version })}</a></dd>
            </dl>
            <p class="appeal-text">{appeal.text}</p>
            <div><AppealDecision page={props.page} appeal={appeal} skillId={skill.id} /></div>
            {appeal.decision === 'upheld' && appeal.laterVersions.length === 0 && (
              <p class="hint">
                {t('appeal.republishHint')} <a href={`/skills/${skill.id}/results?appeal=${appeal.id}#publish`}>{t('publication.republish')}</a>
              </p>
            )}
            {!appeal.decision && (
              <form method="post" action={`/skills/${skill.id}/appeals/${appeal.id}/decision`}>
                <CsrfField token={csrfToken} />
                <SelectField name="decision" label={t('appeal.decision')} value={values.decision} error={errors.decision}
                  options={[{ value: '', label: t('appeal.decision.choose') }, { value: 'upheld', label: t('appeal.decision.upheld') }, { value: 'rejected', label: t('appeal.decision.rejected') }]} />
                <TextareaField name="reason" label={t('appeal.reason')} hint={t('appeal.reason.hint')} value={values.reason} error={errors.reason} rows={3} />
                <button type="submit" class="button button-primary">{t('appeal.decide')}</button>
              </form>
            )}
          </section>
        );
      })}
    </Layout>
  );
}
