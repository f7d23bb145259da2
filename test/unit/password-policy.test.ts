import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from '../../src/domain/password-policy.ts';

test('a long, uncommon password passes', () => {
  for (const password of ['a-long-secret', 'correct horse 电池', '焊工大赛二〇二六年十二月', 'Tq8#mW2!zL']) {
    assert.is(passwordProblem(password, { username: 'wangfang' }), null, password);
  }
});

test('shorter than the minimum is refused, counted in characters after NFKC', () => {
  assert.is(PASSWORD_MIN_LENGTH, 10);
  assert.is(passwordProblem('Tq8#mW2!z'), 'tooShort');
  assert.is(passwordProblem('焊工大赛二〇二六年'), 'tooShort', '9 characters, though 27 bytes');
  assert.is(passwordProblem('Ｔｑ８＃ｍＷ２！ｚＬ'), null, 'full-width forms count as the characters they normalise to');
  assert.is(passwordProblem('x'.repeat(PASSWORD_MAX_LENGTH + 1)), 'tooLong');
});

test('common passwords are refused, ignoring case', () => {
  for (const password of ['1234567890', 'qwertyuiop', 'Password123', 'PASSWORD123', 'iloveyou123', 'qazwsxedcrfv', '1q2w3e4r5t', 'woaini1314', 'aini1314520']) {
    assert.is(passwordProblem(password), 'common', password);
  }
});

test('passwords of four or fewer distinct characters are refused', () => {
  for (const password of ['8888888888', '1212121212', 'abababababab', 'aaaabbbbccccdddd']) assert.is(passwordProblem(password), 'common', password);
  assert.is(passwordProblem('abcdeabcde'), null, 'five distinct characters and not on the list');
});

test('the username or display name as the password is refused', () => {
  assert.is(passwordProblem('WangFang2026', { username: 'wangfang2026' }), 'personal');
  assert.is(passwordProblem('zhao.min.admin', { username: 'zhao.min.admin', displayName: '赵敏' }), 'personal');
  assert.is(passwordProblem('赵敏赵敏的密码很长啊', { displayName: '赵敏赵敏的密码很长啊 ' }), 'personal');
  assert.is(passwordProblem('wangfang2026!', { username: 'wangfang2026' }), null, 'more than the name');
});

test.run();
