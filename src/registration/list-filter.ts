import { parseId } from '../http/ids.ts';

/**
 * What the registration list shows: a search, three filters, an order and a page. Read from the
 * query string, where anything unknown or out of range falls back to "all" (a bookmark or an old
 * link still opens the list); written back by `listQuery()` for links, forms and redirects.
 */
export interface ContestantListFilter {
  q: string;
  organizationId: number | null;
  skillId: number | null;
  status: ContestantListStatus | null;
  sort: ContestantListSort;
  page: number;
}

/** The delegation's review (not submitted, submitted, approved), or an entry's state in the competition. */
export const contestantListStatuses = ['pending', 'submitted', 'approved', 'withdrawn', 'disqualified'] as const;
export type ContestantListStatus = (typeof contestantListStatuses)[number];
export const contestantListSorts = ['organization', 'name', 'bib', 'newest'] as const;
export type ContestantListSort = (typeof contestantListSorts)[number];

export const CONTESTANTS_PER_PAGE = 50;
/** Longer than any name, bib, ID number or organization worth typing; bounds the LIKE. */
const MAX_QUERY = 40;
const MAX_PAGE = 10_000;

const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | null =>
  (values as readonly string[]).includes(value ?? '') ? (value as T) : null;

export function parseListFilter(query: (name: string) => string | undefined): ContestantListFilter {
  const page = /^[1-9]\d{0,4}$/.test(query('page') ?? '') ? Math.min(Number(query('page')), MAX_PAGE) : 1;
  return {
    q: (query('q') ?? '').trim().slice(0, MAX_QUERY),
    organizationId: parseId(query('organization')),
    skillId: parseId(query('skill')),
    status: oneOf(contestantListStatuses, query('status')),
    sort: oneOf(contestantListSorts, query('sort')) ?? 'organization',
    page,
  };
}

/** The filter as query parameters, defaults left out; `page` only past the first. */
export function listQuery(filter: ContestantListFilter, changes: Partial<ContestantListFilter> = {}): URLSearchParams {
  const f = { ...filter, ...changes };
  const params = new URLSearchParams();
  if (f.q) params.set('q', f.q);
  if (f.organizationId) params.set('organization', String(f.organizationId));
  if (f.skillId) params.set('skill', String(f.skillId));
  if (f.status) params.set('status', f.status);
  if (f.sort !== 'organization') params.set('sort', f.sort);
  if (f.page > 1) params.set('page', String(f.page));
  return params;
}

/** The list's address with the filter; `extra` adds one-off parameters (a notice after a bulk action). */
export function listUrl(eventId: number, filter: ContestantListFilter, extra: Record<string, string> = {}): string {
  const params = listQuery(filter);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const query = params.toString();
  return `/events/${eventId}/registration${query ? `?${query}` : ''}`;
}
