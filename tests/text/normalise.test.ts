import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { normaliseText } from '../../server/text/normalise.ts';

describe('normaliseText', () => {
  it.each([
    ['composes to NFC', 'e\u0301te\u0301 и\u0306', 'été й\n'],
    ['turns CRLF and lone CR into LF', 'one\r\ntwo\rthree\n', 'one\ntwo\nthree\n'],
    ['turns no-break spaces into spaces', 'Top\u00a0China\u202fNews\u2007x', 'Top China News x\n'],
    ['turns the ideographic space into a space and trims it', '\u3000\u3000成员国元首\u3000认为\u3000', '成员国元首 认为\n'],
    ['turns other Unicode spaces and tabs into spaces', 'a\u2003b\u2009c\td\u205fe\u1680f', 'a b c d e f\n'],
    ['strips zero-width characters, soft hyphens and a stray BOM', '\ufeffSe\u00adcre\u200btari\u200cat\u2060 Ш\u200dОС\ufeff', 'Secretariat ШОС\n'],
    ['removes trailing whitespace on each line', 'Top China News \u00a0\nToday\'s Top News\u00a0\n', 'Top China News\nToday\'s Top News\n'],
    ['collapses runs of spaces inside a line', 'the  heads   of\t\tstate', 'the heads of state\n'],
    ['removes leading spaces of a line', '   indented\n\t- item', 'indented\n- item\n'],
    ['adds the final newline', 'no newline at end', 'no newline at end\n'],
    ['leaves exactly one final newline', 'text\n\n\n \n', 'text\n'],
    ['drops blank lines before the first line', '\n \n\nTitle\n', 'Title\n'],
    ['keeps the count of blank lines between lines', 'a\n\nb\n\n\nc\n \n\u00a0\n\nd', 'a\n\nb\n\n\nc\n\n\n\nd\n'],
    ['treats U+2028 as a line break and U+2029 as a paragraph break', 'a\u2028b\u2029c', 'a\nb\n\nc\n'],
    ['returns an empty string for empty input', '', ''],
    ['returns an empty string for whitespace only', ' \n\u3000\r\n\u00a0\ufeff\n', ''],
  ])('%s', (_name, input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it.each([
    ['an emoji family joined by ZWJ', 'The family 👨‍👩‍👧 came.'],
    ['a profession emoji with a skin tone', 'A coder 👩🏽‍💻 and a flag 🏳️‍🌈, a heart ❤️‍🔥.'],
    ['a Persian word with its ZWNJ', 'می‌خواهم'],
    ['a Devanagari half form made with ZWJ', 'क्‍ष'],
    ['text and emoji variation selectors', 'Smile ☺︎ or ☺️.'],
    ['an emoji tag sequence', 'Scotland 🏴󠁧󠁢󠁳󠁣󠁴󠁿 played.'],
    ['the Mongolian vowel separator between Mongolian letters', 'ᠠ\u180eᠢ'],
  ])('keeps %s', (_name, text) => {
    expect(normaliseText(text)).toBe(`${text}\n`);
  });

  it('strips ZWJ, ZWNJ and the Mongolian vowel separator where they join nothing', () => {
    expect(normaliseText('Sec\u200dre\u200ctary 秘\u200d书 a\u180eb')).toBe('Secretary 秘书 ab\n');
  });

  it('is idempotent', () => {
    const samples = ['  a \r\n\r\n\r\n b\u00a0\u00a0c \n\n', '\u3000标题\u3000\n\n\n正文。\n', 'e\u0301\u200b\n', 'a\u200d\u200d👨 👨\u200d\u200da'];
    for (const s of samples) expect(normaliseText(normaliseText(s))).toBe(normaliseText(s));
  });

  it('normalises the English seed: residue lines lose their no-break spaces, the file gains a final newline', () => {
    const raw = readFileSync(new URL('../../texts/declaration-2005/en.txt', import.meta.url), 'utf8');
    const text = normaliseText(raw);
    expect(text.endsWith('Top China News\nToday\'s Top News\nMost Commented/Read Stories in 48 Hours\n')).toBe(true);
    expect(text).not.toMatch(/[\u00a0\r]| \n|  /);
    expect(text.startsWith('Declaration of Heads of Member States of SCO\n\nUpdated: 2006-06-12 15:15\n')).toBe(true);
    // The part gaps (two blank lines) survive.
    expect(text.match(/\n\n\n(?!\n)/g)).toHaveLength(4);
  });
});
