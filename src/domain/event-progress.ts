import type { EventStatus } from './event-lifecycle.ts';
import type { EventDuty } from './event-roles.ts';

/**
 * Where a skill stands, from registration to results, and the one thing to do next: what the
 * event page and the dashboard show an organizer who asks "where am I, what next?".
 */
export interface SkillProgress {
  skillId: number;
  skillName: string;
  /** Entries in the skill, and of them: in an approved list, checked in, absent, in a draw, with a mark, with a signed sheet. */
  entries: number;
  approved: number;
  present: number;
  absent: number;
  drawn: number;
  marked: number;
  signed: number;
  /** Rounds of the marking scheme, and how many are locked. */
  rounds: number;
  /** The rounds add up (roundsAddUp() in src/domain/marking-scheme.ts): the scheme can be judged. */
  schemeReady: boolean;
  locked: number;
  /** The current publication's version; null before the first. */
  published: number | null;
  /** Appeals filed against the current publication and not decided yet. */
  openAppeals: number;
}

export type NextStep =
  | 'skills' | 'scheme' | 'register' | 'approve' | 'open' | 'start'
  | 'checkIn' | 'draw' | 'mark' | 'publish' | 'appeals' | 'finish' | 'done';

/** Where the next step is done: a screen of the skill, of the event, or the desk. */
export type StepPlace = 'skill' | 'registration' | 'event' | 'checkIn' | 'draw' | 'desk' | 'results' | 'appeals' | null;

/** Who does the next step (src/domain/event-roles.ts): a clerk sees it, but is not offered another desk's work. */
export const stepDuty: Record<NextStep, EventDuty | null> = {
  skills: 'setup', scheme: 'setup', register: 'registration', approve: 'registration', open: 'setup', start: 'setup',
  checkIn: 'registration', draw: 'setup', mark: 'results', publish: 'results', appeals: 'results', finish: 'setup', done: null,
};

export const stepPlace: Record<NextStep, StepPlace> = {
  skills: 'event', scheme: 'skill', register: 'registration', approve: 'registration', open: 'event', start: 'event',
  checkIn: 'checkIn', draw: 'draw', mark: 'desk', publish: 'results', appeals: 'appeals', finish: 'event', done: null,
};

/**
 * The next step of one skill, in the order the work is done. Appeals come first once results
 * are out (they have a deadline); a skill whose scheme does not add up (a new skill's default
 * rounds have no aspects) needs it before anything can be judged, but registration may run meanwhile.
 */
export function nextStep(status: EventStatus, p: SkillProgress): NextStep {
  if (p.published !== null && p.openAppeals > 0) return 'appeals';
  switch (status) {
    case 'draft':
      return p.schemeReady ? 'open' : 'scheme';
    case 'registration':
      if (!p.schemeReady) return 'scheme';
      if (p.entries === 0) return 'register';
      return p.approved < p.entries ? 'approve' : 'start';
    case 'in_progress':
    case 'published':
      // Nobody entered once registration is over: nothing to judge or publish.
      if (p.entries === 0) return 'done';
      if (!p.schemeReady) return 'scheme';
      if (p.locked === p.rounds) return p.published === null ? 'publish' : 'done';
      if (p.present + p.absent < p.entries && p.drawn === 0) return 'checkIn';
      if (p.drawn === 0) return 'draw';
      return 'mark';
    case 'archived':
      return 'done';
  }
}

/**
 * The event's next step: the first skill's that is not done, in the order of the work (so a
 * skill still registering comes before another one's publishing); an event without skills
 * needs one; once every skill is published, a running event is moved to "results published".
 */
export function eventNextStep(status: EventStatus, skills: SkillProgress[]): { step: NextStep; skill: SkillProgress | null } {
  if (status === 'archived') return { step: 'done', skill: null };
  if (skills.length === 0) return { step: 'skills', skill: null };
  const order: NextStep[] = ['appeals', 'scheme', 'register', 'approve', 'open', 'start', 'checkIn', 'draw', 'mark', 'publish'];
  const steps = skills.map((skill) => ({ step: nextStep(status, skill), skill }));
  for (const step of order) {
    const found = steps.find((s) => s.step === step);
    if (found) return found;
  }
  return { step: status === 'in_progress' ? 'finish' : 'done', skill: null };
}
