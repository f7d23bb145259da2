import type { EntryChange } from '../../src/results/snapshot.ts';
import type { PageContext } from '../page-context.ts';
import { entryNames } from '../format.ts';

/**
 * What a republication changed against the version before it (rank, prize, total, status), on
 * the organizer's publication page and the public page alike: a republished list read by
 * hundreds should say at once who moved, not leave them to compare two tables.
 */
/** `englishNames`: on the public pages, English ones read the Latin names. */
export function PublicationChanges(props: { page: PageContext; changes: EntryChange[]; previous: number; previousHref: string; decimals: number; englishNames?: boolean }) {
  const { t } = props.page;
  const locale = props.englishNames ? props.page.locale : 'zh-CN';
  const shown = (value: number | null) => (value === null ? '—' : value.toFixed(props.decimals));
  const rank = (entry: EntryChange, at: 0 | 1) => entry.rank[at] ?? (entry.status[at] ? t(`results.status.${entry.status[at]!}`) : '—');
  const prize = (value: EntryChange['prize'][0]) => (value ? t(`results.prize.${value}`) : '—');
  const pair = (before: string, after: string) => (before === after ? after : <><del>{before}</del> → <ins>{after}</ins></>);
  return (
    <section class="card changes" data-testid="publication-changes">
      <h2>{t('publication.changes.title', { version: props.previous })}</h2>
      {props.changes.length === 0 ? <p>{t('publication.changes.none')}</p> : (
        <div class="table-wrap">
          <table class="table table-stack">
            <thead>
              <tr>
                <th>{t('results.col.bib')}</th><th>{t('results.col.name')}</th>
                <th>{t('results.col.rank')}</th><th>{t('results.col.total')}</th><th>{t('results.col.prize')}</th>
              </tr>
            </thead>
            <tbody>
              {props.changes.map((c) => (
                <tr data-testid={`change-${c.bib}`}>
                  <td class="keep stack-inline">{c.bib}</td>
                  <td class="keep stack-inline">{entryNames({ ...c, organizationName: '' }, locale).name}{c.kind !== 'changed' && <> <span class="badge">{t(`publication.changes.${c.kind}`)}</span></>}</td>
                  <td class="keep" data-label={t('results.col.rank')}>{pair(String(rank(c, 0)), String(rank(c, 1)))}</td>
                  <td class="keep" data-label={t('results.col.total')}>{pair(shown(c.total[0]), shown(c.total[1]))}</td>
                  <td class="keep" data-label={t('results.col.prize')}>{pair(prize(c.prize[0]), prize(c.prize[1]))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p><a href={props.previousHref}>{t('publication.changes.previous', { version: props.previous })}</a></p>
    </section>
  );
}
