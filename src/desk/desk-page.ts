import { isCompeting } from '../domain/judging.ts';
import type { MatrixRow } from './queries.ts';

/**
 * One page of the desk's matrix: the search by code, the "needs attention" filter and the
 * pages. Pure (no I/O), so the views can use it too; the rows come from src/desk/desk-view.ts.
 */

/** Why a row needs the chief judge's attention; the desk filters by these. */
export const ATTENTION = ['missing', 'flagged', 'unsigned', 'sentBack'] as const;
export type Attention = (typeof ATTENTION)[number];

export function needsOf(row: MatrixRow): Set<Attention> {
  const needs = new Set<Attention>();
  if (!isCompeting(row.status)) return needs;
  for (const cell of row.cells) {
    // Marks still to come, no judge left after recusals, or not computable: the aspect has no outcome yet.
    if (cell.outcome.status === 'incomplete') needs.add('missing');
    if (cell.outcome.flagged) needs.add('flagged');
    if (cell.sentBack) needs.add('sentBack');
  }
  if (row.signoffs.some((s) => s.state === 'unsigned')) needs.add('unsigned');
  return needs;
}

export const PAGE_SIZE = 50;

export interface DeskQuery {
  page: number;
  /** Part of a code (codes are digits; case does not matter). */
  q: string;
  /** '' for every code, 'any' for codes that need attention, or one kind of it. */
  show: '' | 'any' | Attention;
}

export const defaultQuery: DeskQuery = { page: 1, q: '', show: '' };

/** The query of a desk URL; anything unknown falls back to the default. */
export function deskQuery(get: (name: string) => string | undefined): DeskQuery {
  const page = Number(get('page'));
  const show = get('show') ?? '';
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    q: (get('q') ?? '').trim().slice(0, 40),
    show: show === 'any' || (ATTENTION as readonly string[]).includes(show) ? (show as DeskQuery['show']) : '',
  };
}

/** The query string that reproduces a query (empty for the default), with a leading '?'. */
export function queryString(query: DeskQuery, page = query.page): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.show) params.set('show', query.show);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface DeskPageRows {
  rows: MatrixRow[];
  query: DeskQuery;
  /** Codes that match the search and filter, on every page. */
  matching: number;
  pages: number;
}

/** The rows of one page: search and filter first, then PAGE_SIZE rows in code order (a page past the end shows the last). */
export function pageOf(view: { matrix: { rows: MatrixRow[] }; needs: Map<string, Set<Attention>> }, query: DeskQuery): DeskPageRows {
  const q = query.q.toLowerCase();
  const rows = view.matrix.rows.filter((row) => {
    if (q && !row.code.toLowerCase().includes(q)) return false;
    if (query.show === '') return true;
    const needs = view.needs.get(row.code)!;
    return query.show === 'any' ? needs.size > 0 : needs.has(query.show);
  });
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  return { rows: rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), query: { ...query, page }, matching: rows.length, pages };
}
