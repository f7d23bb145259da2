import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { latinName, pinyinName } from '../../src/domain/latin-name.ts';

test('a Chinese name becomes surname then given name, each one capitalised word', () => {
  assert.is(pinyinName('张伟'), 'Zhang Wei');
  assert.is(pinyinName('贺亚东'), 'He Yadong');
  assert.is(pinyinName('王'), 'Wang');
});

test('surnames are read as surnames, compound surnames stay one word', () => {
  assert.is(pinyinName('单雄信'), 'Shan Xiongxin');
  assert.is(pinyinName('曾国藩'), 'Zeng Guofan');
  assert.is(pinyinName('解缙'), 'Xie Jin');
  assert.is(pinyinName('欧阳锋'), 'Ouyang Feng');
  assert.is(pinyinName('诸葛亮'), 'Zhuge Liang');
  assert.is(pinyinName('司马相如'), 'Sima Xiangru');
});

test('a dotted minority name keeps one word per part; Latin letters stay as typed', () => {
  assert.is(pinyinName('阿依古丽·买买提'), 'Ayiguli Maimaiti');
  assert.is(pinyinName('李 Mary'), 'Li Mary');
  assert.is(pinyinName('李Mary'), 'Li Mary');
  assert.is(pinyinName('Mary李'), 'Mary Li');
  assert.is(pinyinName("Mary O'Brien"), "Mary O'Brien");
  assert.is(pinyinName(''), '');
});

test('a typed Latin name wins over the pinyin', () => {
  assert.is(latinName('吕布', ''), 'Lü Bu');
  assert.is(latinName('吕布', 'Lyu Bu'), 'Lyu Bu');
  assert.is(latinName('张伟', '  '), 'Zhang Wei');
});

test.run();
