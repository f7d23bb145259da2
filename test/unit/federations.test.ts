import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { federationsBelow, isWithin } from '../../src/domain/federations.ts';

const test = suite('federation tree');

// 舟山市 (1) → 定海区 (2) → 某企业工会 (4); 舟山市 → 普陀区 (3).
const tree = [
  { id: 1, parentId: null, name: '舟山市总工会' },
  { id: 2, parentId: 1, name: '定海区总工会' },
  { id: 3, parentId: 1, name: '普陀区总工会' },
  { id: 4, parentId: 2, name: '某企业工会' },
];

test('below the root: every federation, depth first, with its depth', () => {
  assert.equal(federationsBelow(tree, 1).map((n) => [n.name, n.depth]), [['定海区总工会', 1], ['某企业工会', 2], ['普陀区总工会', 1]]);
});

test('below a district: its own unions only, never a sibling or the city', () => {
  assert.equal(federationsBelow(tree, 2).map((n) => n.id), [4]);
  assert.equal(federationsBelow(tree, 3), []);
  assert.equal(federationsBelow(tree, 4), []);
  assert.ok(isWithin(tree, 1, 4));
  assert.ok(isWithin(tree, 2, 2));
  assert.not.ok(isWithin(tree, 2, 3), 'a sibling');
  assert.not.ok(isWithin(tree, 2, 1), 'the city above');
  assert.not.ok(isWithin(tree, 1, 99), 'nothing');
});

test('a loop made by hand is walked once; an unknown root has nothing below', () => {
  const looped = [{ id: 1, parentId: null }, { id: 2, parentId: 3 }, { id: 3, parentId: 2 }, { id: 5, parentId: 1 }];
  assert.equal(federationsBelow(looped, 2).map((n) => n.id), [3]);
  assert.equal(federationsBelow(looped, 1).map((n) => n.id), [5]);
  assert.equal(federationsBelow(tree, 42), []);
});

test.run();
