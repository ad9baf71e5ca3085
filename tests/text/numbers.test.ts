import { describe, expect, it } from 'vitest';
import { extractNumbers, numberValues, parseChineseNumeral } from '../../server/text/numbers.ts';

const values = (text: string, lang: string): string[] => extractNumbers(text, lang).map((n) => `${n.kind}:${n.value}`);

describe('numbers and dates across languages', () => {
  it('reads Chinese numerals', () => {
    expect(parseChineseNumeral('十七')).toBe(17);
    expect(parseChineseNumeral('二〇〇五')).toBe(2005);
    expect(parseChineseNumeral('一千二百三十四')).toBe(1234);
    expect(parseChineseNumeral('三万五千')).toBe(35000);
    expect(parseChineseNumeral('六十九')).toBe(69);
  });

  it('normalises the same date written in four languages', () => {
    expect(values('二〇〇五年七月五日', 'zh')).toEqual(['date:2005-07-05']);
    expect(values('2005年7月5日', 'zh')).toEqual(['date:2005-07-05']);
    expect(values('«5 июля 2005 года»', 'ru')).toEqual(['date:2005-07-05']);
    expect(values('Done on July 05, 2005.', 'en')).toEqual(['date:2005-07-05']);
    expect(values('on 5 July 2005', 'en')).toEqual(['date:2005-07-05']);
    expect(values('am 5. Juli 2005', 'de')).toEqual(['date:2005-07-05']);
    expect(values('le 1er juillet 2005', 'fr')).toEqual(['date:2005-07-01']);
  });

  it('reads separators the way each language writes them', () => {
    expect(numberValues('1,234,567 and 3.5', 'en')).toEqual(['1234567', '3.5']);
    expect(numberValues('1 234 567 и 3,5', 'ru')).toEqual(['1234567', '3.5']);
    expect(numberValues('1.234 Leute, 3,5 Prozent', 'de')).toEqual(['1234', '3.5%']);
  });

  it('finds percentages, ordinals and number words', () => {
    expect(values('百分之五 and 3%', 'zh')).toEqual(['percent:5%', 'percent:3%']);
    expect(values('12 per cent', 'en')).toEqual(['percent:12%']);
    expect(values('the sixty-ninth session', 'en')).toEqual(['number:69']);
    expect(values('Шестьдесят девятая сессия', 'ru')).toEqual(['number:69']);
    expect(values('第六十九届会议', 'zh')).toEqual(['number:69']);
    expect(values('十七个国家', 'zh')).toEqual(['number:17']);
  });

  it('leaves words that only look like numbers alone', () => {
    expect(values('一些人统一了意见', 'zh')).toEqual([]);
    expect(values('one of them may come in May', 'en')).toEqual([]);
    expect(values('Семья и сотрудничество', 'ru')).toEqual([]);
  });

  it('reports where each expression is', () => {
    const [n] = extractNumbers('In 2005 they met.', 'en');
    expect(n).toMatchObject({ value: '2005', start: 3, end: 7 });
  });
});
