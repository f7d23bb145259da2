/**
 * An event moves forward through these stages; later features consult it (e.g. no new entries
 * once the competition is in progress). Moving back one step is allowed to undo a mistake.
 */
export const eventStatuses = ['draft', 'registration', 'in_progress', 'published', 'archived'] as const;
export type EventStatus = (typeof eventStatuses)[number];

export function isEventStatus(value: unknown): value is EventStatus {
  return typeof value === 'string' && (eventStatuses as readonly string[]).includes(value);
}
