import { describe, expect, it } from 'vitest';
import { isStopword, stemWord, wordTokens } from '../../server/text/tokens.ts';

describe('word tokens', () => {
  it('lowercases words and handles elision and possessives', () => {
    expect(wordTokens("The Council's report", 'en')).toEqual(['the', 'council', 'report']);
    expect(wordTokens("l'homme et l'État", 'fr')).toEqual(['homme', 'et', 'état']);
  });

  it('cuts Chinese with the segmenter it is given, single characters without one', () => {
    const segment = (t: string): string[] => t.match(/联合国|会议|UNDP|./gu) ?? [];
    expect(wordTokens('联合国会议', 'zh', segment)).toEqual(['联合国', '会议']);
    expect(wordTokens('联合国', 'zh')).toEqual(['联', '合', '国']);
    expect(wordTokens('UNDP会议', 'zh', segment)).toEqual(['undp', '会议']);
  });

  it('stems with Snowball', () => {
    expect(stemWord('nations', 'en')).toBe('nation');
    expect(stemWord('терроризма', 'ru')).toBe('терроризм');
    expect(stemWord('xyz', 'zh')).toBe('xyz');
  });

  it('knows function words', () => {
    expect(isStopword('the', 'en')).toBe(true);
    expect(isStopword('и', 'ru')).toBe(true);
    expect(isStopword('council', 'en')).toBe(false);
  });
});
