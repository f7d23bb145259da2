import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from '../../src/zod.ts';
import { FORM_LIMITS, MalformedFormError, formObject } from '../../src/http/validation.ts';

const refused = (body: Record<string, unknown>, reason: RegExp) => {
  assert.throws(() => formObject(body), (error: unknown) => error instanceof MalformedFormError && reason.test(error.reason));
};

test('dotted names become nested objects and dense arrays in index order', () => {
  const object = formObject({ name: '焊工', 'rule.levels.2': 'c', 'rule.levels.0': 'a', 'rule.levels.1': 'b', 'rule.kind': 'judgement', _csrf: 't', file: new Blob(['x']) });
  assert.equal(JSON.parse(JSON.stringify(object)), { name: '焊工', rule: { levels: ['a', 'b', 'c'], kind: 'judgement' } });
});

test('gaps in indexes close up (unchecked boxes) and nothing is allocated by index', () => {
  const object = formObject({ 'entries.7.skillId': '3', 'entries.2.skillId': '1' });
  assert.equal(JSON.parse(JSON.stringify(object)), { entries: [{ skillId: '1' }, { skillId: '3' }] });
});

test('the objects built have no prototype, at every level', () => {
  const object = formObject({ a: '1', 'b.c': '2', 'd.0.e': '3' });
  assert.is(Object.getPrototypeOf(object), null);
  assert.is(Object.getPrototypeOf(object.b), null);
  assert.is(Object.getPrototypeOf((object.d as unknown[])[0]), null);
});

test('zod parses prototype-less objects like plain ones', () => {
  const schema = z.object({ name: z.string(), rule: z.object({ levels: z.array(z.string()) }), extra: z.record(z.string(), z.string()) });
  const parsed = schema.safeParse(formObject({ name: 'x', 'rule.levels.0': 'a', 'extra.k': 'v' }));
  assert.ok(parsed.success);
  assert.equal(parsed.data, { name: 'x', rule: { levels: ['a'] }, extra: { k: 'v' } });
});

test('a name that is both a value and a parent does not throw: the nested field wins', () => {
  assert.equal(JSON.parse(JSON.stringify(formObject({ a: '1', 'a.b': '2' }))), { a: { b: '2' } });
});

test('prototype keys are refused at any depth and Object.prototype stays clean', () => {
  for (const name of ['__proto__', '__proto__.x', 'constructor', 'constructor.prototype.x', 'a.__proto__.x', 'a.b.prototype', 'a.constructor']) {
    refused({ [name]: 'x' }, /forbidden/);
  }
  assert.is(({} as Record<string, unknown>).x, undefined);
});

test('field counts, depth, name length and index size are bounded', () => {
  const many = Object.fromEntries(Array.from({ length: FORM_LIMITS.fields + 1 }, (_, i) => [`f${i}`, 'x']));
  refused(many, /too many/);
  const enough = Object.fromEntries(Array.from({ length: FORM_LIMITS.fields }, (_, i) => [`f${i}`, 'x']));
  assert.is(Object.keys(formObject(enough)).length, FORM_LIMITS.fields);
  refused({ [Array(FORM_LIMITS.depth + 1).fill('a').join('.')]: 'x' }, /deep/);
  assert.ok(formObject({ [Array(FORM_LIMITS.depth).fill('a').join('.')]: 'x' }));
  refused({ ['n'.repeat(FORM_LIMITS.nameLength + 1)]: 'x' }, /long/);
  refused({ 'a.99999999': 'x' }, /index/);
  refused({ 'a.1000': 'x' }, /index/);
  refused({ 'a.0001': 'x' }, /index/);
  assert.equal(JSON.parse(JSON.stringify(formObject({ 'a.999': 'x' }))), { a: ['x'] });
});

test.run();
