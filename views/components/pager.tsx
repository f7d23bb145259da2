import type { PageContext } from '../page-context.ts';

/** The pages a pager links: the first, the last, and two either side of the current one. */
export function pagerPages(page: number, pageCount: number): (number | null)[] {
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])].filter((p) => p >= 1 && p <= pageCount).sort((a, b) => a - b);
  const out: (number | null)[] = [];
  shown.forEach((p, i) => {
    if (i > 0 && p - shown[i - 1]! > 1) out.push(null);
    out.push(p);
  });
  return out;
}

/** Page links under a long list; nothing when everything fits on one page. */
export function Pager(props: { page: PageContext; current: number; pageCount: number; href: (page: number) => string }) {
  const { t } = props.page;
  const { current, pageCount } = props;
  if (pageCount <= 1) return <></>;
  return (
    <nav class="pager" aria-label={t('pager.label')}>
      {current > 1 ? <a class="button" rel="prev" href={props.href(current - 1)}>{t('pager.previous')}</a> : <span class="button" aria-disabled="true">{t('pager.previous')}</span>}
      <span class="pager-pages">
        {pagerPages(current, pageCount).map((p) => p === null
          ? <span class="pager-gap">…</span>
          : p === current
            ? <span class="pager-current" aria-current="page">{p}</span>
            : <a href={props.href(p)} aria-label={t('pager.page', { page: p, count: pageCount })}>{p}</a>)}
      </span>
      {current < pageCount ? <a class="button" rel="next" href={props.href(current + 1)}>{t('pager.next')}</a> : <span class="button" aria-disabled="true">{t('pager.next')}</span>}
    </nav>
  );
}
