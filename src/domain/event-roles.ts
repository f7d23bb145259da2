/**
 * Who may do what in one event. The federation's administrators may do everything in every
 * event; other organizer accounts only what their role in an event grants (EventStaff), and
 * nothing in an event where they have none. Three roles fit the work as it is split at a
 * contest: the person who runs it, the registration desk, the results office.
 */
export const eventRoles = ['organizer', 'registration', 'results'] as const;
export type EventRole = (typeof eventRoles)[number];

/**
 * What a route needs: `view` the event's and its skills' pages; `setup` the event, its skills,
 * marking schemes, judges and draws; `registration` organizations, contestants, check-in;
 * `results` scores, the chief judge's desk, publications, appeals, the big screen.
 */
export const eventDuties = ['view', 'setup', 'registration', 'results'] as const;
export type EventDuty = (typeof eventDuties)[number];

const dutiesOfRole: Record<EventRole, readonly EventDuty[]> = {
  organizer: eventDuties,
  registration: ['view', 'registration'],
  results: ['view', 'results'],
};

export function isEventRole(value: unknown): value is EventRole {
  return typeof value === 'string' && (eventRoles as readonly string[]).includes(value);
}

/** The duties of an account in one event: everything for an administrator, else its role's (none without one). */
export function dutiesIn(who: { isAdmin: boolean; role: string | null }): ReadonlySet<EventDuty> {
  if (who.isAdmin) return new Set(eventDuties);
  return new Set(isEventRole(who.role) ? dutiesOfRole[who.role] : []);
}

/**
 * Whether `actor` may give `target` the role `next` (null: remove it). Someone who sets the event
 * up manages its staff; nobody but an administrator changes or removes his own place, so an
 * event is never left without the person who runs it by a slip of the finger.
 */
export function staffChange(actor: { id: number; isAdmin: boolean; duties: ReadonlySet<EventDuty> }, targetId: number): 'allowed' | 'notAllowed' | 'ownRole' {
  if (!actor.duties.has('setup')) return 'notAllowed';
  if (!actor.isAdmin && actor.id === targetId) return 'ownRole';
  return 'allowed';
}
