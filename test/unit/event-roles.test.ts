import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dutiesIn, eventDuties, eventRoles, isEventRole, staffChange, type EventDuty } from '../../src/domain/event-roles.ts';

const test = suite('event roles');
const sorted = (duties: ReadonlySet<EventDuty>) => [...duties].sort();

test('an administrator has every duty in every event, with or without a role there', () => {
  for (const role of [null, ...eventRoles, 'nonsense']) assert.equal(sorted(dutiesIn({ isAdmin: true, role })), [...eventDuties].sort(), String(role));
});

test('the event organizer has every duty; the clerks view and do their own desk only', () => {
  assert.equal(sorted(dutiesIn({ isAdmin: false, role: 'organizer' })), ['registration', 'results', 'setup', 'view']);
  assert.equal(sorted(dutiesIn({ isAdmin: false, role: 'registration' })), ['registration', 'view']);
  assert.equal(sorted(dutiesIn({ isAdmin: false, role: 'results' })), ['results', 'view']);
});

test('no role, or a role the code does not know (a hand-edited row), is no duty at all', () => {
  for (const role of [null, '', 'admin', 'Organizer', 'results ', 'view']) assert.equal(sorted(dutiesIn({ isAdmin: false, role })), [], String(role));
  assert.not.ok(isEventRole('Organizer'));
  assert.not.ok(isEventRole(undefined));
  assert.ok(isEventRole('registration'));
});

test('staff are managed by those who set the event up; only an administrator changes his own place', () => {
  const organizer = { id: 7, isAdmin: false, duties: dutiesIn({ isAdmin: false, role: 'organizer' }) };
  const clerk = { id: 8, isAdmin: false, duties: dutiesIn({ isAdmin: false, role: 'results' }) };
  const admin = { id: 1, isAdmin: true, duties: dutiesIn({ isAdmin: true, role: null }) };
  assert.is(staffChange(organizer, 8), 'allowed');
  assert.is(staffChange(organizer, 7), 'ownRole');
  assert.is(staffChange(clerk, 9), 'notAllowed');
  assert.is(staffChange(clerk, 8), 'notAllowed');
  assert.is(staffChange(admin, 1), 'allowed');
  assert.is(staffChange(admin, 7), 'allowed');
});

test.run();
