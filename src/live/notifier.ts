import { EventEmitter } from 'node:events';

/**
 * One in-process notifier for live screens (the chief judge's desk, the big screen): writers
 * announce that something changed on a topic such as "round:12"; server-sent-event streams
 * pass a small "changed" event on, and clients re-fetch the fragment they show.
 */
class Notifier extends EventEmitter {
  constructor() {
    super();
    // Many desks and displays may listen at once; this is not a leak.
    this.setMaxListeners(0);
  }

  changed(topic: string): void {
    this.emit(topic);
  }

  subscribe(topic: string, listener: () => void): () => void {
    this.on(topic, listener);
    return () => this.off(topic, listener);
  }
}

export const notifier = new Notifier();
export const roundTopic = (roundId: number) => `round:${roundId}`;
/** The event's big screen: publications and display settings changes. */
export const displayTopic = (eventId: number) => `display:${eventId}`;
