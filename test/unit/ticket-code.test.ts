import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTicketCode, ticketCode } from '../../src/domain/ticket-code.ts';

test('the QR code holds the event and the bib, and reads back', () => {
  assert.is(ticketCode(12, 'a-17'), 'JX:12:A-17');
  assert.equal(parseTicketCode(' JX:12:A-17 '), { eventId: 12, bib: 'A-17' });
  assert.equal(parseTicketCode('jx:3:007'), { eventId: 3, bib: '007' });
});

test('anything else is not a ticket code', () => {
  for (const text of ['001', 'JX:12:', 'JX::001', 'JX:12:001:extra', '王芳', 'JX:12:A B']) assert.is(parseTicketCode(text), null, text);
});

test.run();
