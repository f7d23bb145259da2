import { blankTitleRule, TITLE_RULE_LIMITS, type TitleRule } from '../domain/title-rules.ts';

/**
 * The rule editor's rows as the form holds them: strings as typed, so a refused or unsaved
 * list is shown back exactly as it was sent. The server-rendered editor adds, removes and moves
 * rows with submit buttons (`action` = add | save | remove.N | up.N | down.N); only "save"
 * validates and stores (saveTitleRules()).
 */
export interface TitleRuleRow {
  prizes: string[];
  rankFrom: string;
  rankTo: string;
  topHalf: boolean;
  /** By round code: the minimum as typed, '' for none. */
  minScores: Record<string, string>;
  underAge: string;
  gender: string;
  title: string;
  promotion: string;
  promotionTo: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const number = (value: number | null) => (value === null ? '' : String(value));

export function rowFromRule(rule: TitleRule): TitleRuleRow {
  return {
    prizes: rule.prizes.map(String),
    rankFrom: number(rule.rankFrom),
    rankTo: number(rule.rankTo),
    topHalf: rule.topHalf,
    minScores: Object.fromEntries(rule.minScores.map((m) => [m.round, String(m.min)])),
    underAge: number(rule.underAge),
    gender: rule.gender ?? '',
    title: rule.title,
    promotion: rule.promotion,
    promotionTo: rule.promotionTo ?? '',
  };
}

/** A row of formObject()'s output ("titleRules.0.…" fields); anything missing reads as blank. */
export function rowFromForm(raw: unknown): TitleRuleRow {
  const row = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const list = (value: unknown) => (Array.isArray(value) ? value : []);
  const minScores: Record<string, string> = {};
  for (const item of list(row.minScores)) {
    const m = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    if (text(m.round) !== '') minScores[text(m.round)] = text(m.min);
  }
  return {
    prizes: list(row.prizes).map(text).filter((p) => p !== ''),
    rankFrom: text(row.rankFrom),
    rankTo: text(row.rankTo),
    topHalf: text(row.topHalf) === 'true',
    minScores,
    underAge: text(row.underAge),
    gender: text(row.gender),
    title: text(row.title),
    promotion: text(row.promotion) || 'none',
    promotionTo: text(row.promotionTo),
  };
}

export type RowAction = { kind: 'save' } | { kind: 'add' } | { kind: 'remove' | 'up' | 'down'; index: number };

/** The button pressed; anything unreadable is a save (the default button). */
export function parseRowAction(value: unknown): RowAction {
  const match = /^(remove|up|down)\.(\d{1,3})$/.exec(text(value));
  if (match) return { kind: match[1] as 'remove' | 'up' | 'down', index: Number(match[2]) };
  return text(value) === 'add' ? { kind: 'add' } : { kind: 'save' };
}

/** The rows after an add, remove or move (a move past either end, or an add beyond the limit, changes nothing). */
export function applyRowAction(rows: TitleRuleRow[], action: Exclude<RowAction, { kind: 'save' }>): TitleRuleRow[] {
  const next = [...rows];
  if (action.kind === 'add') {
    if (next.length < TITLE_RULE_LIMITS.rules) next.push(rowFromRule(blankTitleRule));
    return next;
  }
  const { index } = action;
  if (index >= next.length) return next;
  if (action.kind === 'remove') next.splice(index, 1);
  else {
    const other = action.kind === 'up' ? index - 1 : index + 1;
    if (other < 0 || other >= next.length) return next;
    [next[index], next[other]] = [next[other]!, next[index]!];
  }
  return next;
}
