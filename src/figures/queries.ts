import type { CurrentAccount } from '../auth/sessions.ts';
import type { Db } from '../db/client.ts';
import { branchOf, breakdown, yearlyFigures, type Figures } from '../domain/annual-figures.ts';
import { federationsBelow } from '../domain/federations.ts';
import { federationNodes } from '../federations/queries.ts';
import { publishedResults } from '../pool/queries.ts';

export interface FiguresReport {
  federationName: string;
  /** Oldest first. */
  years: { year: number; figures: Figures }[];
  /** The year shown, null when nothing was ever published. */
  year: number | null;
  byTrade: { key: string; figures: Figures }[];
  byOrganization: { key: string; figures: Figures }[];
  /** The own federation and each one directly below it (with theirs below counted in); empty without any below. An unnamed root's key is ''. */
  byFederation: { key: string; figures: Figures }[];
}

/**
 * The annual figures of the account's federation and those below it (numbers only: the people
 * stay with the federation that ran their contest), for one year and every year before.
 */
export async function annualFigures(db: Db, account: CurrentAccount, askedYear: number | null): Promise<FiguresReport> {
  const nodes = await federationNodes(db);
  const own = nodes.find((n) => n.id === account.federationId)!;
  const below = federationsBelow(nodes, own.id);
  const results = await publishedResults(db, { federationId: { in: [own.id, ...below.map((n) => n.id)] } });
  const years = yearlyFigures(results);
  const year = askedYear !== null && years.some((y) => y.year === askedYear) ? askedYear : years.at(-1)?.year ?? null;
  const ofYear = results.filter((r) => r.year === year);
  const branch = branchOf(nodes, own.id);
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  return {
    federationName: own.name,
    years, year,
    byTrade: breakdown(ofYear, (r) => r.skillName.trim()),
    byOrganization: breakdown(ofYear, (r) => r.organization.trim()),
    byFederation: below.length === 0 ? [] : breakdown(ofYear, (r) => names.get(branch(r.federationId) ?? own.id) ?? ''),
  };
}
