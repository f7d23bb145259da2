import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { safeNextPath } from '../../src/http/safe-path.ts';

test('same-site paths pass unchanged, with their query', () => {
  for (const path of ['/', '/events', '/?tab=events', '/skills/3/desk?view=matrix#p1', '/public/search?q=%E5%BC%A0%E4%BC%9F', '/a//b', '/search?q=a%20b']) {
    assert.is(safeNextPath(path), path, path);
  }
});

test('anything that is not a clean path on this site is refused', () => {
  const vectors: [string, unknown][] = [
    ['not a string', 42],
    ['empty', ''],
    ['relative', 'events'],
    ['scheme', 'https://evil.example/'],
    ['javascript', 'javascript:alert(1)'],
    ['protocol-relative', '//evil.example/x'],
    ['backslash', '/\\evil.example'],
    ['backslash inside', '/a\\b'],
    ['tab', '/\t/evil.example/'],
    ['newline', '/\n/evil.example/'],
    ['carriage return', '/\r\nSet-Cookie: x=1'],
    ['space', '/ /evil.example'],
    ['null byte', '/a\0b'],
    ['non-ASCII (not valid in a Location header)', '/张伟'],
    ['encoded tab', '/%09/evil.example/'],
    ['encoded newline', '/%0a/evil.example/'],
    ['encoded CR LF', '/%0d%0aSet-Cookie:%20x=1'],
    ['encoded slashes', '/%2F%2Fevil.example'],
    ['encoded slash after the first', '/%2Fevil.example'],
    ['encoded backslash', '/%5Cevil.example'],
    ['double-encoded tab', '/%2509/evil.example/'],
    ['double-encoded slashes', '/%252F%252Fevil.example'],
    ['encoded DEL', '/%7F/evil'],
    ['encoded C1 control', '/%C2%85/evil'],
    ['malformed escape', '/%E5%BC'],
    ['nested beyond any link of ours', `/${'%25'.repeat(5)}2F`],
    ['too long', `/${'a'.repeat(3000)}`],
  ];
  for (const [what, value] of vectors) assert.is(safeNextPath(value), undefined, what);
});

test.run();
