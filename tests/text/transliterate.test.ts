import { describe, expect, it } from 'vitest';
import { chineseToPinyin, cognateSimilarity, cyrillicToLatin, foldAccents, pinyinSyllables, romanise } from '../../server/text/transliterate.ts';

describe('transliteration and cognates', () => {
  it('romanises Cyrillic', () => {
    expect(cyrillicToLatin('Ташкент')).toBe('tashkent');
    expect(cyrillicToLatin('Щукин Юрий')).toBe('shchukin yuriy');
  });

  it('folds accents', () => {
    expect(foldAccents('Expédition Straße')).toBe('expedition strasse');
  });

  it('reads CEDICT pinyin and Chinese names', () => {
    expect(pinyinSyllables('Chen2 Qing1 yang2')).toEqual(['chen', 'qing', 'yang']);
    expect(pinyinSyllables('lu:4 se4')).toEqual(['lv', 'se']);
    const readings: Record<string, string> = { 陈: 'chen', 清: 'qing', 扬: 'yang' };
    expect(chineseToPinyin('陈清扬', (c) => readings[c]).join('')).toBe('chenqingyang');
  });

  it('scores internationalisms as cognates and unrelated words as not', () => {
    expect(cognateSimilarity('терроризм', 'terrorism')).toBeGreaterThan(0.9);
    expect(cognateSimilarity('Ташкент', 'Tashkent')).toBe(1);
    expect(cognateSimilarity('организация', 'organization')).toBeGreaterThan(0.85);
    expect(cognateSimilarity('конференция', 'conference')).toBeGreaterThan(0.8);
    expect(cognateSimilarity('Expedition', 'expédition')).toBe(1);
    expect(cognateSimilarity('стол', 'table')).toBeLessThan(0.5);
    expect(cognateSimilarity('press', 'président')).toBeLessThan(0.6);
  });

  it('romanises any text for reading: Cyrillic transliterated, Chinese in pinyin by words', () => {
    expect(romanise('Исполнительного секретаря')).toBe('ispolnitelnogo sekretarya');
    expect(romanise('Café Ørsted')).toBe('cafe orsted');
    const words: Record<string, string[]> = { 紧急: ['jin', 'ji'], 情况: ['qing', 'kuang'] };
    const chars: Record<string, string> = { 处: 'chu', 置: 'zhi' };
    const readings = { segment: () => ['紧急', '情况', '处置'], wordPinyin: (w: string) => words[w], charPinyin: (c: string) => chars[c] };
    expect(romanise('紧急情况处置', readings)).toBe('jinji qingkuang chuzhi');
    // Without readings a Chinese character is dropped, not kept as something unreadable.
    expect(romanise('紧急 ok')).toBe('ok');
  });
});
