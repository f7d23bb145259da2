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
