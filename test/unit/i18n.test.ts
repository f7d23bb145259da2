import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { catalogues, locales, translator } from '../../src/i18n/index.ts';

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every catalogue has exactly the same keys', () => {
  const [first, ...rest] = locales;
  const reference = Object.keys(catalogues[first]).sort();
  for (const locale of rest) {
    const keys = Object.keys(catalogues[locale]).sort();
    const missing = reference.filter((key) => !keys.includes(key));
    const extra = keys.filter((key) => !reference.includes(key));
    assert.equal(missing, [], `${locale} lacks keys that ${first} has`);
    assert.equal(extra, [], `${locale} has keys that ${first} lacks`);
  }
});

test('translations use the same {placeholders} in every language', () => {
  for (const key of Object.keys(catalogues.en) as (keyof typeof catalogues.en)[]) {
    const expected = placeholders(catalogues.en[key]);
    for (const locale of locales) {
      assert.equal(placeholders(catalogues[locale][key]), expected, `${locale} ${key}`);
    }
  }
});

test('no message is empty', () => {
  for (const locale of locales) {
    for (const [key, message] of Object.entries(catalogues[locale])) {
      assert.ok(message.trim().length > 0, `${locale} ${key} is empty`);
    }
  }
});

test('the translator fills placeholders and leaves unknown ones visible', () => {
  const t = translator('en');
  assert.is(t('dashboard.welcome', { name: '王芳' }), 'Welcome, 王芳');
  assert.is(t('dashboard.welcome'), 'Welcome, {name}');
  assert.is(translator('zh-CN')('login.rateLimited', { minutes: 3 }), '失败次数过多，请 3 分钟后再试。');
});

test.run();
