import { cleanText, isTitle } from './names.ts';

/**
 * Teams of a team skill (团体项目), as registration builds them. Pure: plain data in, problems out.
 *
 * The rules:
 * - A team belongs to one skill and one organization, and its name is unique in the skill, so a
 *   name typed in a form or a spreadsheet finds exactly one team ("船舶修造一队"). Names are
 *   compared as stored: cleaned (src/domain/names.ts) and NFKC, so a full-width "１队" is "1队".
 * - Every entry of a team skill names its team when it is registered (form, delegation link,
 *   import, API); an entry can be in one team only (it names one) and only in a team of its own
 *   organization: the first entry of a new team decides the team's organization.
 * - A team never has more than the skill's largest team size; one that is still too small is
 *   allowed while registration goes on, since members are registered one by one.
 * - Before the draw (teamDrawProblems()), every entry of the skill is in a team and every team
 *   has at least the smallest team size. Check-in changes nothing: a member absent on the day
 *   stays in the team and counts 0 (teamStandings() in src/domain/results.ts).
 */

export const TEAM_NAME_MAX = 40;

/** A team name as stored and compared. */
export function normalizeTeamName(text: string): string {
  return cleanText(text.normalize('NFKC'));
}

export type TeamNameCode = 'team.error.required' | 'validation.tooLong' | 'validation.nameStart';

/** Reads a typed team name: blank, too long or starting with a symbol is refused. */
export function readTeamName(raw: string): { ok: true; name: string } | { ok: false; code: TeamNameCode } {
  const name = normalizeTeamName(raw);
  if (name === '') return { ok: false, code: 'team.error.required' };
  if ([...name].length > TEAM_NAME_MAX) return { ok: false, code: 'validation.tooLong' };
  if (!isTitle(name)) return { ok: false, code: 'validation.nameStart' };
  return { ok: true, name };
}

/** An entry asking to be in the team named `team` (already normalised); `ref` says which entry, for the problem. */
export interface TeamClaim<R> {
  ref: R;
  organization: string | number;
  team: string;
}

/** A team as stored: its organization and how many of its members stay in it (the claimants not counted). */
export interface KnownTeam {
  name: string;
  organization: string | number;
  members: number;
}

export type TeamProblemCode = 'team.error.otherOrganization' | 'team.error.full';

export interface TeamProblem<R> {
  ref: R;
  code: TeamProblemCode;
  params: { team: string; max?: number };
}

/**
 * Checks claims against the stored teams and each other, in order: a claim for a team of another
 * organization is refused, and so is every claim past the largest team size (stored members
 * first, then the claims as listed). A refused claim takes no place in the team.
 */
export function checkTeamClaims<R>(claims: TeamClaim<R>[], known: KnownTeam[], maxSize: number): TeamProblem<R>[] {
  const teams = new Map(known.map((t) => [t.name, { organization: t.organization, members: t.members }]));
  const problems: TeamProblem<R>[] = [];
  for (const claim of claims) {
    const team = teams.get(claim.team);
    if (!team) {
      teams.set(claim.team, { organization: claim.organization, members: 1 });
    } else if (team.organization !== claim.organization) {
      problems.push({ ref: claim.ref, code: 'team.error.otherOrganization', params: { team: claim.team } });
    } else if (team.members >= maxSize) {
      problems.push({ ref: claim.ref, code: 'team.error.full', params: { team: claim.team, max: maxSize } });
    } else {
      team.members++;
    }
  }
  return problems;
}

export interface TeamDrawCheck {
  /** Entries of the skill in no team. */
  unassigned: number;
  /** Teams below the smallest size (or above the largest, after a change of the setting), by name. */
  badSize: { name: string; members: number }[];
}

/** What stops the draw of a team skill; both empty when every entry is in a team of a good size. */
export function teamDrawProblems(
  entries: { teamId: number | null }[],
  teams: { id: number; name: string }[],
  sizes: { min: number; max: number },
): TeamDrawCheck {
  const members = new Map<number, number>();
  let unassigned = 0;
  for (const entry of entries) {
    if (entry.teamId === null) unassigned++;
    else members.set(entry.teamId, (members.get(entry.teamId) ?? 0) + 1);
  }
  const badSize = teams
    .map((t) => ({ name: t.name, members: members.get(t.id) ?? 0 }))
    .filter((t) => t.members > 0 && (t.members < sizes.min || t.members > sizes.max));
  return { unassigned, badSize };
}
