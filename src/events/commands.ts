import type { Db } from '../db/client.ts';
import { canDelete, canEditRules, checkStageMove, type EventStatus } from '../domain/event-lifecycle.ts';
import { recordAudit } from '../audit/record.ts';
import {
  CODE_PATTERN,
  validateAspect,
  validateRounds,
  validateSettings,
  type Round,
  type SchemeIssue,
} from '../domain/marking-scheme.ts';
import { conflict, done, invalid, notFound, parse, type Outcome, type Problem } from '../outcome.ts';
import * as queries from './queries.ts';
import {
  aspectInput,
  criterionInput,
  eventInput,
  roundInput,
  schemeInput,
  skillInput,
  skillSettingsInput,
  titleRulesForm,
} from './schemas.ts';

/**
 * What the organizer's screens and the JSON API both do: validate, check the event's stage,
 * persist. Handlers only translate the outcome into HTML or JSON.
 */

export type { Outcome, Problem } from '../outcome.ts';

function schemeProblems(issues: SchemeIssue[], stripPrefix: string | RegExp = ''): Problem[] {
  return issues.map((issue) => ({
    field: typeof stripPrefix === 'string'
      ? (issue.path.startsWith(stripPrefix) ? issue.path.slice(stripPrefix.length) : issue.path)
      : issue.path.replace(stripPrefix, ''),
    key: `scheme.issue.${issue.code}`,
    ...(issue.params ? { params: issue.params } : {}),
  }));
}

/** The skill, while its rules and scheme may change (the event has not started); refused otherwise. */
export async function editableSkill(db: Db, skillId: number): Promise<Outcome<queries.SkillDetail>> {
  const skill = await queries.findSkill(db, skillId);
  if (!skill) return notFound();
  const event = await queries.findEvent(db, skill.eventId);
  if (!event || !canEditRules(event.status)) return conflict('event.error.rulesLocked');
  return done(skill);
}

async function editableOwner(db: Db, kind: 'round' | 'criterion' | 'aspect', id: number): Promise<Outcome<queries.SkillDetail>> {
  const owner = await queries.ownerOf(db, kind, id);
  if (!owner) return notFound();
  return editableSkill(db, owner.id);
}

// ─── events ──────────────────────────────────────────────────────────────────

/** Who makes an event: it is his federation's, and he runs it. */
export type EventMaker = queries.EventMaker;

export async function saveEvent(db: Db, eventId: number | null, raw: unknown, maker: EventMaker | null): Promise<Outcome<number>> {
  const input = parse(eventInput, raw);
  if (!input.ok) return input;
  if (eventId === null) return done(await queries.createEvent(db, input.value, maker));
  const event = await queries.findEvent(db, eventId);
  if (!event) return notFound();
  if (event.status === 'archived') return conflict('event.error.archived');
  await queries.updateEvent(db, eventId, input.value);
  return done(eventId);
}

/**
 * Moves an event one stage on or back, as checkStageMove() allows: publishing with rounds still
 * open or nothing marked is refused; a step back once marks, scores or publications exist needs a
 * reason, which the audit log keeps with the move.
 */
export async function changeEventStatus(
  db: Db, eventId: number, to: EventStatus, options: { reason?: string | undefined; accountId?: number | null } = {},
): Promise<Outcome<EventStatus>> {
  const event = await queries.findEvent(db, eventId);
  if (!event) return notFound();
  const check = checkStageMove(event.status, to, await queries.stageFacts(db, eventId));
  if (!check.ok) return { ok: false, status: 409, problems: [{ field: '', ...check.refusal } as Problem] };
  const reason = (options.reason ?? '').trim().slice(0, 500);
  if (check.needsReason && reason === '') return invalid([{ field: 'reason', key: 'stage.error.reasonRequired' }]);
  if (to === 'in_progress') {
    // The competition cannot start on rules that do not add up.
    for (const { id } of await queries.listSkills(db, eventId)) {
      const skill = await queries.findSkill(db, id);
      const issues = skill ? [...validateRounds(skill.rounds), ...validateSettings(skill.settings, skill.rounds.map((r) => r.code))] : [];
      if (issues.length > 0) {
        return { ok: false, status: 409, problems: [{ field: '', key: 'event.error.skillIncomplete', params: { skill: skill!.name } }] };
      }
    }
  }
  await queries.setEventStatus(db, eventId, to);
  await recordAudit(db, { accountId: options.accountId ?? null, eventId, action: 'event.status', subject: `${event.status} → ${to}`, details: reason ? { reason } : {} });
  return done(to);
}

export async function removeEvent(db: Db, eventId: number): Promise<Outcome<null>> {
  const event = await queries.findEvent(db, eventId);
  if (!event) return notFound();
  if (!canDelete(event.status)) return conflict('event.error.notDraft');
  await queries.deleteEvent(db, eventId);
  return done(null);
}

export async function copyEventFrom(db: Db, sourceId: number, raw: unknown, maker: EventMaker | null): Promise<Outcome<number>> {
  if (!(await queries.findEvent(db, sourceId))) return notFound();
  const input = parse(eventInput, raw);
  if (!input.ok) return input;
  return done(await queries.copyEvent(db, sourceId, input.value, maker));
}

// ─── skills ──────────────────────────────────────────────────────────────────

export async function addSkill(db: Db, eventId: number, raw: unknown, defaultRounds: Round[]): Promise<Outcome<number>> {
  const event = await queries.findEvent(db, eventId);
  if (!event) return notFound();
  if (!canEditRules(event.status)) return conflict('event.error.rulesLocked');
  const input = parse(skillInput, raw);
  if (!input.ok) return input;
  return done(await queries.createSkill(db, eventId, input.value, defaultRounds));
}

export async function renameSkill(db: Db, skillId: number, raw: unknown): Promise<Outcome<number>> {
  const skill = await editableSkill(db, skillId);
  if (!skill.ok) return skill;
  const input = parse(skillInput, raw);
  if (!input.ok) return input;
  await queries.updateSkill(db, skillId, input.value);
  return done(skillId);
}

export async function saveSkillSettings(db: Db, skillId: number, raw: unknown): Promise<Outcome<number>> {
  const skill = await editableSkill(db, skillId);
  if (!skill.ok) return skill;
  const input = parse(skillSettingsInput, raw);
  if (!input.ok) return input;
  const settings = { ...input.value, titleRules: input.value.titleRules ?? skill.value.settings.titleRules };
  const issues = validateSettings(settings, skill.value.rounds.map((r) => r.code));
  if (issues.length > 0) return invalid(schemeProblems(issues, 'settings.'));
  await queries.updateSkillSettings(db, skillId, settings);
  return done(skillId);
}

/** Replaces only the skill's title rules (the rule editor's form); refused like the settings. */
export async function saveTitleRules(db: Db, skillId: number, raw: unknown): Promise<Outcome<number>> {
  const skill = await editableSkill(db, skillId);
  if (!skill.ok) return skill;
  const input = parse(titleRulesForm, raw);
  if (!input.ok) return input;
  const settings = { ...skill.value.settings, titleRules: input.value.titleRules };
  const issues = validateSettings(settings, skill.value.rounds.map((r) => r.code)).filter((i) => i.path.startsWith('settings.titleRules'));
  if (issues.length > 0) return invalid(schemeProblems(issues, 'settings.'));
  await queries.updateSkillSettings(db, skillId, settings);
  return done(skillId);
}

export async function removeSkill(db: Db, skillId: number): Promise<Outcome<null>> {
  const skill = await editableSkill(db, skillId);
  if (!skill.ok) return skill;
  await queries.deleteSkill(db, skillId);
  return done(null);
}

export async function copySkillTo(db: Db, skillId: number, targetEventId: number): Promise<Outcome<number>> {
  if (!(await queries.findSkill(db, skillId))) return notFound();
  const target = await queries.findEvent(db, targetEventId);
  if (!target) return notFound();
  if (!canEditRules(target.status)) return conflict('event.error.rulesLocked');
  return done(await queries.copySkill(db, skillId, targetEventId));
}

/** Replaces the whole scheme; refused unless it is complete and adds up (imports, API PUT). */
/** A whole scheme as sent, parsed and validated for an editable skill; nothing written. */
async function checkedScheme(db: Db, skillId: number, raw: unknown): Promise<Outcome<Round[]>> {
  const skill = await editableSkill(db, skillId);
  if (!skill.ok) return skill;
  const input = parse(schemeInput, raw);
  if (!input.ok) return input;
  const rounds: Round[] = input.value;
  const issues = validateRounds(rounds);
  // One round's problems get the input's own paths ("0.criteria.1…", the body is the list of
  // rounds); the weights' sum keeps "rounds.weight", as it belongs to no single round.
  if (issues.length > 0) return invalid(schemeProblems(issues, /^rounds\.(?=\d)/));
  return done(rounds);
}

export async function replaceScheme(db: Db, skillId: number, raw: unknown): Promise<Outcome<number>> {
  const checked = await checkedScheme(db, skillId, raw);
  if (!checked.ok) return checked;
  await queries.replaceScheme(db, skillId, checked.value);
  return done(skillId);
}

/**
 * A marking scheme imported from a file, after the organizer saw what replaces what: the scheme
 * before it is kept in the audit entry (as the export's rows), so the import can be undone
 * while nothing has been changed since (undoSchemeImport()).
 */
export async function importScheme(db: Db, skillId: number, rounds: unknown, file: { fileName: string; accountId: number }): Promise<Outcome<number>> {
  const before = await queries.findSkill(db, skillId);
  if (!before) return notFound();
  const checked = await checkedScheme(db, skillId, rounds);
  if (!checked.ok) return checked;
  // One transaction: an import without the audit entry that keeps the scheme before could not be undone.
  await queries.replaceScheme(db, skillId, checked.value, async (tx, previous) => {
    const after = (await queries.findSkill(tx, skillId))!;
    await recordAudit(tx, {
      accountId: file.accountId, eventId: before.eventId, action: 'scheme.import', subject: before.name,
      details: { skillId, fileName: file.fileName, previous: queries.plainScheme(previous), imported: queries.plainScheme(after.rounds) },
    });
  });
  return done(skillId);
}

/** Puts back the scheme from before the last import, if nothing was changed since (the rule of lastSchemeImport()). */
export async function undoSchemeImport(db: Db, skillId: number, accountId: number): Promise<Outcome<number>> {
  const skill = await editableSkill(db, skillId);
  if (!skill.ok) return skill;
  const last = await queries.lastSchemeImport(db, skill.value);
  if (!last) return conflict('scheme.import.undo.gone');
  // The scheme as it was, finished or not (a new skill's may have had no rounds at all).
  await queries.replaceScheme(db, skillId, last.previous, (tx) =>
    recordAudit(tx, { accountId, eventId: skill.value.eventId, action: 'scheme.importUndone', subject: skill.value.name, details: { skillId, fileName: last.fileName } }));
  return done(skillId);
}

// ─── rounds, criteria, aspects ───────────────────────────────────────────────
// Single edits are saved even while a round does not add up yet: the editor shows the
// running total, and the event cannot start until every skill validates.

function codeProblems(siblingCodes: string[], code: string): Problem[] {
  if (!CODE_PATTERN.test(code)) return [{ field: 'code', key: 'scheme.issue.codeFormat' }];
  return siblingCodes.some((c) => c.toLowerCase() === code.toLowerCase())
    ? [{ field: 'code', key: 'scheme.issue.duplicateCode', params: { code } }]
    : [];
}

function singleItemProblems(issues: SchemeIssue[]): Problem[] {
  // Only problems of the item itself; sums across the round are reported by the editor.
  return schemeProblems(issues.filter((i) => !['roundTotal', 'emptyRound', 'weightsSum', 'noRounds'].includes(i.code)), 'x.');
}

export async function saveRound(db: Db, target: { skillId: number } | { roundId: number }, raw: unknown): Promise<Outcome<number>> {
  const skill = 'skillId' in target ? await editableSkill(db, target.skillId) : await editableOwner(db, 'round', target.roundId);
  if (!skill.ok) return skill;
  const input = parse(roundInput, raw);
  if (!input.ok) return input;
  const roundId = 'roundId' in target ? target.roundId : null;
  const others = skill.value.rounds.filter((r) => r.id !== roundId);
  const current = skill.value.rounds.find((r) => r.id === roundId);
  const problems = [
    ...codeProblems(others.map((r) => r.code), input.value.code),
    ...singleItemProblems(validateRounds([{ ...input.value, criteria: [] }]).map((i) => ({ ...i, path: i.path.replace(/^rounds\.0\./, 'x.') }))),
    // A round with criteria becomes imported only once they are removed: nothing is deleted silently.
    ...(input.value.scoring === 'imported' && current && current.criteria.length > 0 ? [{ field: 'scoring', key: 'scheme.issue.importedHasCriteria' }] : []),
  ];
  if (problems.length > 0) return invalid(problems);
  if (roundId === null) return done(await queries.addRound(db, skill.value.id, input.value));
  await queries.updateRound(db, roundId, input.value);
  return done(roundId);
}

export async function saveCriterion(db: Db, target: { roundId: number } | { criterionId: number }, raw: unknown): Promise<Outcome<number>> {
  const skill = 'roundId' in target ? await editableOwner(db, 'round', target.roundId) : await editableOwner(db, 'criterion', target.criterionId);
  if (!skill.ok) return skill;
  const input = parse(criterionInput, raw);
  if (!input.ok) return input;
  const criterionId = 'criterionId' in target ? target.criterionId : null;
  const round = skill.value.rounds.find((r) =>
    'roundId' in target ? r.id === target.roundId : r.criteria.some((c) => c.id === criterionId),
  )!;
  if (round.scoring === 'imported') return invalid([{ field: 'code', key: 'scheme.issue.importedHasCriteria' }]);
  const problems = codeProblems(round.criteria.filter((c) => c.id !== criterionId).map((c) => c.code), input.value.code);
  if (problems.length > 0) return invalid(problems);
  if (criterionId === null) return done(await queries.addCriterion(db, round.id, input.value));
  await queries.updateCriterion(db, criterionId, input.value);
  return done(criterionId);
}

export async function saveAspect(db: Db, target: { criterionId: number } | { aspectId: number }, raw: unknown): Promise<Outcome<number>> {
  const skill = 'criterionId' in target ? await editableOwner(db, 'criterion', target.criterionId) : await editableOwner(db, 'aspect', target.aspectId);
  if (!skill.ok) return skill;
  const input = parse(aspectInput, raw);
  if (!input.ok) return input;
  const aspectId = 'aspectId' in target ? target.aspectId : null;
  const round = skill.value.rounds.find((r) =>
    r.criteria.some((c) => ('criterionId' in target ? c.id === target.criterionId : c.aspects.some((a) => a.id === aspectId))),
  )!;
  const criterion = round.criteria.find((c) => ('criterionId' in target ? c.id === target.criterionId : c.aspects.some((a) => a.id === aspectId)))!;
  const siblings = round.criteria.flatMap((c) => c.aspects).filter((a) => a.id !== aspectId);
  const problems = [
    ...codeProblems(siblings.map((a) => a.code), input.value.code),
    ...singleItemProblems(validateAspect(input.value, 'x')),
  ];
  if (problems.length > 0) return invalid(problems);
  if (aspectId === null) return done(await queries.addAspect(db, criterion.id, input.value));
  await queries.updateAspect(db, aspectId, input.value);
  return done(aspectId);
}

export async function removeSchemeItem(db: Db, kind: 'round' | 'criterion' | 'aspect', id: number): Promise<Outcome<null>> {
  const skill = await editableOwner(db, kind, id);
  if (!skill.ok) return skill;
  if (kind === 'round') await queries.deleteRound(db, id);
  else if (kind === 'criterion') await queries.deleteCriterion(db, id);
  else await queries.deleteAspect(db, id);
  return done(null);
}
