// The concordance's analysis: what a sentence is indexed under and what a query looks for agree, so
// a query finds a sentence exactly when its terms follow each other there; the highlight marks what
// was found.
import { describe, expect, it } from 'vitest';
import { characterIndexTerms, indexTerms, joinedIndexTerms, matchExpression, phraseRanges, queryPhrase, queryPhrases, searchTokens, textRanges } from '../../server/text/search-terms.ts';

const marked = (text: string, lang: string, query: string, queryLang = lang) =>
  phraseRanges(searchTokens(text, lang), [queryPhrase(query, queryLang)!]).map(([s, e]) => text.slice(s, e));

describe('search terms', () => {
  it('stems Russian words, so an inflected form finds the others (ё as е)', () => {
    expect(queryPhrase('структура', 'ru')!.terms).toEqual(['ru_структур']);
    expect(indexTerms('Региональной антитеррористической структуры', 'ru')).toBe('ru_региональн ru_антитеррористическ ru_структур');
    expect(marked('работа Региональной антитеррористической структуры ШОС', 'ru', 'Структура')).toEqual(['структуры']);
    expect(marked('Ещё одна ёлка', 'ru', 'елка')).toEqual(['ёлка']);
  });

  it('stems English and ignores case; a phrase must stand in order', () => {
    expect(marked('The Regional Anti-Terrorist Structure of the SCO', 'en', 'regional anti-terrorist structures')).toEqual(['Regional Anti-Terrorist Structure']);
    expect(marked('structure of the regional body', 'en', 'regional structure')).toEqual([]);
  });

  it('finds a Chinese substring inside a longer word, of any length', () => {
    const text = '地区反恐怖机构理事会作为该机构的领导机关';
    expect(marked(text, 'zh', '恐怖')).toEqual(['恐怖']);
    expect(marked(text, 'zh', '反恐')).toEqual(['反恐']);
    expect(marked(text, 'zh', '恐怖机构理事')).toEqual(['恐怖机构理事']);
    expect(marked(text, 'zh', '机构')).toEqual(['机构', '机构']);
    expect(marked(text, 'zh', '恐')).toEqual(['恐']);
    expect(marked(text, 'zh', '怖恐')).toEqual([]);
  });

  it('reads digits and Latin words inside Chinese as words', () => {
    const text = '2005年7月5日在阿斯塔纳签署SCO文件';
    expect(marked(text, 'zh', '7月')).toEqual(['7月']);
    expect(marked(text, 'zh', '年7月')).toEqual(['年7月']);
    expect(marked(text, 'zh', 'sco')).toEqual(['SCO']);
    // the run ends at 年 in the query, so it must end there in the sentence
    expect(marked('今年内完成', 'zh', '年7')).toEqual([]);
  });

  it('reads words linked by a hyphen both apart and as one, so either spelling finds the other', () => {
    const both = (text: string, lang: string, query: string) => textRanges(text, lang, queryPhrases(query, lang)).map(([s, e]) => text.slice(s, e));
    expect(joinedIndexTerms('the Anti-Terrorist Structure', 'en')).toBe('en_the en_antiterrorist en_structur');
    expect(joinedIndexTerms('no hyphen here', 'en')).toBe('');
    expect(both('The Regional Anti-Terrorist Structure', 'en', 'Regional Antiterrorist Structure')).toEqual(['Regional Anti-Terrorist Structure']);
    expect(both('The Regional Antiterrorist Structure', 'en', 'regional anti-terrorist structure')).toEqual(['Regional Antiterrorist Structure']);
    expect(both('The anti-terrorist body', 'en', 'terrorist')).toEqual(['terrorist']);
    // the parts' stems run together, so every case of the compound is one term
    expect(both('главы государств-членов заявляют', 'ru', 'государства-члены')).toEqual(['государств-членов']);
    expect(matchExpression(queryPhrases('государства-члены', 'ru'))).toBe('{terms joined} : "ru_государств ru_член" OR {terms joined} : "ru_государствчлен"');
  });

  it('tags every term with its language, so one index serves them all', () => {
    expect(indexTerms('ШОС', 'ru')).toBe('ru_шос');
    expect(queryPhrase('ШОС', 'en')!.terms).toEqual(['en_шос']);
    expect(matchExpression([queryPhrase('恐', 'zh')!, queryPhrase('ШОС', 'ru')!])).toBe('chars : "zh_恐" OR {terms joined} : "ru_шос"');
    expect(queryPhrase('«… — »', 'ru')).toBeNull();
  });

  it('indexes every character of an unspaced run alone in its own column, and looks a lone character up there', () => {
    expect(characterIndexTerms('地区反恐怖机构 SCO 2005年', 'zh')).toBe('zh_地 zh_区 zh_反 zh_恐 zh_怖 zh_机 zh_构 zh_年');
    expect(characterIndexTerms('The SCO, 2005', 'en')).toBe('');
    // a query of one character: one term of that column, not the prefix of every bigram it begins
    expect(matchExpression([queryPhrase('恐', 'zh')!])).toBe('chars : "zh_恐"');
    expect(matchExpression([queryPhrase('の', 'ja')!])).toBe('chars : "ja_の"');
    // a character that ends a longer query is still the prefix of a bigram, in the columns of terms
    expect(matchExpression([queryPhrase('机构 理', 'zh')!])).toBe('{terms joined} : "zh_机构 zh_构 zh_理" *');
    // a character with marks is found by the bare character, as the prefix of its bigram found it, and by its own spelling
    expect(characterIndexTerms('กินข้าว', 'th')).toBe('th_ก th_กิ th_น th_ข th_ข้ th_า th_ว');
    expect(matchExpression([queryPhrase('ข', 'th')!])).toBe('chars : "th_ข"');
    expect(matchExpression([queryPhrase('ข้', 'th')!])).toBe('chars : "th_ข้"');
    // one Latin letter or digit is a word, not a character
    expect(matchExpression([queryPhrase('a', 'en')!])).toBe('{terms joined} : "en_a"');
  });
});
