import { pinyin } from 'pinyin-pro';

/**
 * A person's name in Latin letters for the English pages and certificates: the one the organizer
 * or the delegation typed, else Hanyu Pinyin made from the Chinese name as the national standard
 * (GB/T 28039) writes it: surname first, then the given name as one word, each capitalised, no
 * tone marks, ü kept (passports write 吕 LYU: such a spelling is typed as the Latin name) ("张伟" → "Zhang Wei", "欧阳锋" → "Ouyang Feng", "单雄信" →
 * "Shan Xiongxin"). Surnames are read with their surname pronunciation (单 shan, 曾 zeng,
 * 解 xie). A minority name written with the dot keeps one word per part ("阿依古丽·买买提" →
 * "Ayiguli Maimaiti"). Letters that are not Chinese stay as typed ("李 Mary" → "Li Mary").
 */

/** Two-character surnames (复姓) still in use; the rest of China's surnames are one character. */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒',
  '夏侯', '令狐', '端木', '西门', '南宫', '独孤', '轩辕', '闻人', '呼延', '申屠', '太史', '澹台',
  '公冶', '宗政', '濮阳', '淳于', '单于', '赫连', '钟离', '百里', '东郭', '拓跋', '完颜', '司空',
  '第五', '左丘', '公良', '乐正', '万俟', '亓官', '梁丘', '谷梁', '仲孙', '叔孙', '羊舌', '微生',
]);

const HAN = /\p{Script=Han}/u;
const ALL_HAN = /^\p{Script=Han}+$/u;

const capitalise = (word: string) => (word === '' ? word : word[0]!.toUpperCase() + word.slice(1));

/** One run of Chinese characters as one word: "xiong xin" → "Xiongxin". */
function word(han: string, options: { surname: boolean }): string {
  const syllables = pinyin(han, { toneType: 'none', type: 'array', surname: options.surname ? 'head' : 'off' });
  return capitalise(syllables.join(''));
}

/** Pinyin for a Chinese name; a name without Chinese characters comes back as it is. */
export function pinyinName(name: string): string {
  const text = name.trim();
  if (!HAN.test(text)) return text;
  if (ALL_HAN.test(text)) {
    const surnameLength = text.length > 2 && COMPOUND_SURNAMES.has(text.slice(0, 2)) ? 2 : 1;
    const surname = word(text.slice(0, surnameLength), { surname: true });
    const given = text.slice(surnameLength);
    return given === '' ? surname : `${surname} ${word(given, { surname: false })}`;
  }
  // Mixed or dotted: each part on its own ("李Mary" is two parts); Chinese runs become words, the rest stays.
  return text
    .replace(/(?<=\p{Script=Han})(?=[^\p{Script=Han}\s·])|(?<=[^\p{Script=Han}\s·])(?=\p{Script=Han})/gu, ' ')
    .split(/[\s·]+/u)
    .filter((part) => part !== '')
    .map((part, index) => part.replace(/\p{Script=Han}+/gu, (han) => word(han, { surname: index === 0 && part.startsWith(han) })))
    .join(' ');
}

/** The name for English pages: the typed Latin name, else pinyin of the name. */
export function latinName(name: string, typed: string): string {
  return typed.trim() !== '' ? typed.trim() : pinyinName(name);
}
