import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { lockedFixture, delegationToken, publishWelding, type ResultsFixture } from '../support/results.ts';

/**
 * Hostile field names reach formObject through every form. Object.prototype is checked and
 * restored after each test, so a regression shows here instead of breaking later suites.
 */
interface Context {
  target: TestApp;
  fixture: ResultsFixture;
  token: string;
  leader: TestClient;
}

const ORG_A = '舟山船舶修造有限公司';
const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
const pristine = prototypeKeys();
const toString = Object.prototype.toString;

function restorePrototype(): void {
  for (const key of prototypeKeys()) if (!pristine.includes(key)) delete (Object.prototype as Record<string, unknown>)[key];
  // eslint-disable-next-line no-extend-native
  Object.defineProperty(Object.prototype, 'toString', { value: toString, writable: true, configurable: true, enumerable: false });
}

const forms = suite<Context>('hostile form field names', {} as Context);
forms.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.fixture = await lockedFixture(ctx.target.db);
  ctx.token = await delegationToken(ctx.target.db, ctx.fixture, ORG_A);
  await publishWelding(ctx.target.db, ctx.fixture);
  ctx.leader = new TestClient(ctx.target, { 'accept-language': 'en' });
  await ctx.leader.get(`/d/${ctx.token}/appeals`);
});
forms.after.each(async (ctx) => {
  restorePrototype();
  await ctx.target.close();
});

for (const field of ['__proto__.polluted', 'constructor.prototype.polluted', 'bib.__proto__.polluted', 'prototype', 'text.constructor']) {
  forms(`an appeal posted with the field "${field}" is refused and changes nothing`, async (ctx) => {
    const response = await ctx.leader.post(`/d/${ctx.token}/appeals`, { bib: '001', text: 'a text', [field]: 'yes' });
    assert.is(response.status, 400);
    assert.match(await response.text(), 'The form could not be read');
    assert.equal(prototypeKeys(), pristine, 'Object.prototype is untouched');
    assert.is(await ctx.target.db.appeal.count(), 0);
  });
}

forms('the appeal post that used to crash the server leaves it answering', async (ctx) => {
  const response = await ctx.leader.post(`/d/${ctx.token}/appeals`, { bib: '001', text: 'a text', '__proto__.toString': 'x' });
  assert.is(response.status, 400);
  assert.is(Object.prototype.toString, toString);
  const again = await ctx.leader.get(`/d/${ctx.token}/appeals`);
  assert.is(again.status, 200);
});

forms('the refusal is translated for a Chinese browser', async (ctx) => {
  const leader = new TestClient(ctx.target, { 'accept-language': 'zh-CN' });
  await leader.get(`/d/${ctx.token}/appeals`);
  const response = await leader.post(`/d/${ctx.token}/appeals`, { bib: '001', text: 'a text', '__proto__.x': 'yes' });
  assert.is(response.status, 400);
  assert.match(await response.text(), '无法读取提交的表单');
});

forms('too many fields, deep names and huge indexes are refused, not allocated', async (ctx) => {
  const many: Record<string, string> = { bib: '001', text: 'a text' };
  for (let i = 0; i < 3000; i++) many[`f${i}`] = 'x';
  for (const fields of [many, { bib: '001', text: 'a text', 'a.99999999': 'x' }, { bib: '001', text: 'a', [`${'a.'.repeat(20)}b`]: 'x' }, { bib: '001', [`${'n'.repeat(500)}`]: 'x' }]) {
    const response = await ctx.leader.post(`/d/${ctx.token}/appeals`, fields);
    assert.is(response.status, 400, Object.keys(fields).at(-1)!.slice(0, 20));
  }
  assert.is(await ctx.target.db.appeal.count(), 0);
});

forms.run();
