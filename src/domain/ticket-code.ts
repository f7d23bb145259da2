/**
 * What an admission ticket's QR code says: the event and the bib, e.g. "JX:12:007". The
 * check-in desk accepts it in its search box, so a USB or phone scanner types straight in.
 */
export function ticketCode(eventId: number, bib: string): string {
  return `JX:${eventId}:${bib.toUpperCase()}`;
}

/** The reverse; null when the text is not a ticket code. */
export function parseTicketCode(text: string): { eventId: number; bib: string } | null {
  const match = /^JX:(\d{1,9}):([A-Z0-9-]{1,12})$/i.exec(text.trim());
  return match ? { eventId: Number(match[1]), bib: match[2]!.toUpperCase() } : null;
}
