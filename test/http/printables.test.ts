import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// First: the app loads the API's zod-openapi extension before any schema is built.
import { freshApp, type TestApp } from '../support/app.ts';
import { checkCharacter } from '../../src/domain/id-number.ts';
import { TestClient } from '../support/client.ts';
import { createAccount } from '../support/fixtures.ts';

interface Context { target: TestApp; eventId: number; welding: number; turning: number }

const EN = { 'accept-language': 'en' };
const idNumber = (first17: string) => first17 + checkCharacter(first17);
const ZHANG = idNumber('33090219900101001');
const LI = idNumber('33090219910202002');
const WANG = idNumber('33090219920303003');

const printables = suite<Context>('registration printouts', {} as Context);
printables.before.each(async (ctx) => {
  ctx.target = await freshApp();
  const { db } = ctx.target;
  const organizer = await createAccount(db, { username: 'organizer', password: 'organizer-password' });
  await createAccount(db, { username: 'judge', password: 'judge-password', role: 'judge' });
  const event = await db.event.create({ data: { name: '2026年定海区职工技能大比武', status: 'registration', createdById: organizer.id } });
  ctx.eventId = event.id;
  ctx.welding = (await db.skill.create({ data: { eventId: event.id, name: '焊工', position: 0, tieBreaks: '[]' } })).id;
  ctx.turning = (await db.skill.create({ data: { eventId: event.id, name: '数控车工', position: 1, tieBreaks: '[]' } })).id;
  const ships = await db.organization.create({ data: { eventId: event.id, name: '定海船舶修造有限公司', contactName: '王强' } });
  const motors = await db.organization.create({ data: { eventId: event.id, name: '定海机电设备有限公司' } });
  const people = [
    { organizationId: ships.id, name: '张伟', gender: 'male', idNumber: ZHANG, skillId: ctx.welding, bib: '001' },
    { organizationId: motors.id, name: '李娜', gender: 'female', idNumber: LI, skillId: ctx.turning, bib: '002' },
    { organizationId: ships.id, name: '王刚', gender: 'male', idNumber: WANG, skillId: ctx.turning, bib: 'A-17' },
  ];
  for (const p of people) {
    await db.contestant.create({
      data: {
        eventId: event.id, organizationId: p.organizationId, name: p.name, gender: p.gender, idNumber: p.idNumber, birthDate: '1990-01-01',
        phone: '13800138000', skillLevel: 'senior', entries: { create: { skillId: p.skillId, eventId: event.id, bib: p.bib } },
      },
    });
  }
});
printables.after.each(async (ctx) => { await ctx.target.close(); });

async function signedIn(target: TestApp, username: string) {
  const client = new TestClient(target, EN);
  await client.get('/login');
  const response = await client.post('/login', { username, password: `${username}-password` });
  assert.is(response.status, 303);
  return client;
}

printables('the registration list groups by organization, with masked ID numbers unless full=1', async (ctx) => {
  const organizer = await signedIn(ctx.target, 'organizer');
  const response = await organizer.get(`/events/${ctx.eventId}/print/registration`);
  assert.is(response.status, 200);
  assert.is(response.headers.get('cache-control'), 'no-store');
  const html = await response.text();
  for (const text of ['Registration list', '定海船舶修造有限公司', '定海机电设备有限公司', '001', 'A-17', '张伟', 'Senior worker', 'Signature confirming the list', '王强', '/static/print.css']) {
    assert.match(html, text);
  }
  for (const full of [ZHANG, LI, WANG, '13800138000']) assert.not.match(html, full);
  assert.match(html, `330902********${ZHANG.slice(-4)}`);
  assert.is((html.match(/data-testid="print-group"/g) ?? []).length, 2);
  // Within an organization the list follows the bibs.
  assert.ok(html.indexOf('001') < html.indexOf('A-17'));

  // A GET with full=1 (a link, or a page elsewhere that loads it) reveals nothing and records nothing.
  const asked = await (await organizer.get(`/events/${ctx.eventId}/print/registration?full=1`)).text();
  for (const number of [ZHANG, LI, WANG]) assert.not.match(asked, number);
  assert.match(asked, 'each request is recorded in the audit log');
  assert.match(asked, `<form method="post" action="/events/${ctx.eventId}/print/registration"`);
  assert.is(await ctx.target.db.auditEntry.count({ where: { action: 'registration.printFullIds' } }), 0);
  const fullResponse = await organizer.post(`/events/${ctx.eventId}/print/registration`, { full: '1' });
  assert.is(fullResponse.status, 200);
  assert.is(fullResponse.headers.get('cache-control'), 'no-store');
  const full = await fullResponse.text();
  for (const number of [ZHANG, LI, WANG]) assert.match(full, number);
  assert.match(full, 'do not post it publicly');
  assert.is(await ctx.target.db.auditEntry.count({ where: { action: 'registration.printFullIds' } }), 1);
  const forged = await organizer.post(`/events/${ctx.eventId}/print/registration`, { full: '1', _csrf: 'forged' });
  assert.is(forged.status, 403);
  assert.is(await ctx.target.db.auditEntry.count({ where: { action: 'registration.printFullIds' } }), 1);
  // The filter stays with the request: one skill's list, in full.
  await organizer.get(`/events/${ctx.eventId}/print/registration?skill=${ctx.welding}`);
  const filtered = await (await organizer.post(`/events/${ctx.eventId}/print/registration?skill=${ctx.welding}`, { full: '1' })).text();
  assert.match(filtered, ZHANG);
  assert.not.match(filtered, '李娜');

  const oneSkill = await (await organizer.get(`/events/${ctx.eventId}/print/registration?skill=${ctx.welding}`)).text();
  assert.match(oneSkill, '张伟');
  assert.not.match(oneSkill, '李娜');
  assert.is((await organizer.get('/events/999/print/registration')).status, 404);
});

printables('admission tickets: four to a sheet, each with its bib and an inline QR code, no ID numbers', async (ctx) => {
  const organizer = await signedIn(ctx.target, 'organizer');
  const response = await organizer.get(`/events/${ctx.eventId}/print/tickets`);
  assert.is(response.status, 200);
  const html = await response.text();
  assert.match(html, 'Admission ticket');
  for (const bib of ['001', '002', 'A-17']) assert.match(html, `data-testid="ticket-${bib}"`);
  assert.is((html.match(/<svg /g) ?? []).length, 3);
  assert.not.match(html, /<svg[^>]* style=/);
  assert.not.match(html, /<(path|svg)[^>]* style=/);
  assert.match(html, 'class="ticket-photo"');
  for (const full of [ZHANG, LI, WANG, '13800138000', '********']) assert.not.match(html, full);
  // Skill order first (焊工 before 数控车工), then bib.
  assert.ok(html.indexOf('ticket-001') < html.indexOf('ticket-002') && html.indexOf('ticket-002') < html.indexOf('ticket-A-17'));

  const noPhoto = await (await organizer.get(`/events/${ctx.eventId}/print/tickets?photo=0&skill=${ctx.turning}`)).text();
  assert.not.match(noPhoto, 'class="ticket-photo"');
  assert.not.match(noPhoto, 'ticket-001');
  assert.match(noPhoto, 'ticket-A-17');

  const many = await ctx.target.db.organization.findFirstOrThrow();
  for (let i = 0; i < 6; i++) {
    const first17 = `33090219850${i + 1}1000${i % 2 === 0 ? 1 : 3}`;
    await ctx.target.db.contestant.create({
      data: {
        eventId: ctx.eventId, organizationId: many.id, name: `选手${i}`, gender: 'male', idNumber: idNumber(first17), birthDate: '1985-01-01',
        entries: { create: { skillId: ctx.welding, eventId: ctx.eventId, bib: `1${i}0` } },
      },
    });
  }
  const nine = await (await organizer.get(`/events/${ctx.eventId}/print/tickets`)).text();
  assert.is((nine.match(/class="ticket-sheet"/g) ?? []).length, 3, '9 tickets fill 3 sheets');
});

printables('only organizers print: a judge is refused, an anonymous visitor is sent to sign in', async (ctx) => {
  const judge = await signedIn(ctx.target, 'judge');
  for (const kind of ['registration', 'tickets']) {
    const path = `/events/${ctx.eventId}/print/${kind}`;
    assert.is((await judge.get(path)).status, 403, path);
    const anonymous = await new TestClient(ctx.target, EN).get(path);
    assert.is(anonymous.status, 303);
    assert.is(anonymous.headers.get('location'), `/login?next=${encodeURIComponent(path)}`);
  }
});

printables.run();
