/**
 * An event moves through these stages in order. One step back is allowed to undo a mistake
 * (later features refuse it once marks or publications exist). Only a draft may be deleted;
 * a finished event is archived instead, so nothing is ever lost.
 */
export const eventStatuses = ['draft', 'registration', 'in_progress', 'published', 'archived'] as const;
export type EventStatus = (typeof eventStatuses)[number];

export function isEventStatus(value: unknown): value is EventStatus {
  return typeof value === 'string' && (eventStatuses as readonly string[]).includes(value);
}

/** The statuses an event may move to from `status`: the next one and the previous one. */
export function nextStatuses(status: EventStatus): EventStatus[] {
  const index = eventStatuses.indexOf(status);
  return [eventStatuses[index + 1], eventStatuses[index - 1]].filter((s): s is EventStatus => s !== undefined);
}

export function canMoveTo(from: EventStatus, to: EventStatus): boolean {
  return nextStatuses(from).includes(to);
}

/** Rules and marking schemes are fixed once the competition starts: marks depend on them. */
export function canEditRules(status: EventStatus): boolean {
  return status === 'draft' || status === 'registration';
}

/** Entries may be added while registration is open (the organizer may also prepare in draft). */
export function canRegister(status: EventStatus): boolean {
  return status === 'draft' || status === 'registration';
}

export function canDelete(status: EventStatus): boolean {
  return status === 'draft';
}

/** What a stage move rests on, read from the event (src/events/queries.ts, stageFacts). */
export interface StageFacts {
  /** "焊工 · 实际操作" of every marked round not locked yet. */
  unlockedRounds: string[];
  /** Marks and imported scores in the event. */
  marks: number;
  scores: number;
  publications: number;
  /** Organizations still awaiting approval. */
  pendingOrganizations: string[];
}

export type StageNote = { key: 'stage.pendingOrganizations'; params: { count: number; names: string } } | { key: 'stage.registrationCloses' | 'stage.resultsPublic' | 'stage.backAfterWork' | 'stage.archived' };

export type StageCheck =
  | { ok: true; needsReason: boolean; notes: StageNote[] }
  | { ok: false; refusal: { key: 'stage.error.unlocked'; params: { rounds: string } } | { key: 'stage.error.nothingMarked' } | { key: 'event.error.badTransition' } };

/**
 * What moving an event from `from` to `to` means, before it is done: the screen lists the notes
 * and asks; a move that would publish nothing, or rounds still open, is refused; a step back once
 * marks, scores or publications exist needs a reason (kept in the audit log).
 */
export function checkStageMove(from: EventStatus, to: EventStatus, facts: StageFacts): StageCheck {
  if (!canMoveTo(from, to)) return { ok: false, refusal: { key: 'event.error.badTransition' } };
  const forward = eventStatuses.indexOf(to) > eventStatuses.indexOf(from);
  const notes: StageNote[] = [];
  if (!forward) {
    const work = facts.marks + facts.scores + facts.publications > 0;
    if (work) notes.push({ key: 'stage.backAfterWork' });
    return { ok: true, needsReason: work, notes };
  }
  if (to === 'in_progress') {
    notes.push({ key: 'stage.registrationCloses' });
    if (facts.pendingOrganizations.length > 0) {
      notes.push({ key: 'stage.pendingOrganizations', params: { count: facts.pendingOrganizations.length, names: facts.pendingOrganizations.join(', ') } });
    }
  }
  if (to === 'published') {
    if (facts.unlockedRounds.length > 0) return { ok: false, refusal: { key: 'stage.error.unlocked', params: { rounds: facts.unlockedRounds.join(', ') } } };
    if (facts.marks + facts.scores === 0) return { ok: false, refusal: { key: 'stage.error.nothingMarked' } };
    notes.push({ key: 'stage.resultsPublic' });
  }
  if (to === 'archived') notes.push({ key: 'stage.archived' });
  return { ok: true, needsReason: false, notes };
}
