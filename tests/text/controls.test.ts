import { describe, expect, it } from 'vitest';
import { controlCharacterName, findForbiddenControlCharacter, forbiddenControlMessage } from '../../server/text/controls.ts';
import { formatSizeAgainstLimit } from '../../server/text/byte-size.ts';

describe('findForbiddenControlCharacter', () => {
  it('finds nothing in text with tabs and every line ending', () => {
    expect(findForbiddenControlCharacter('a\tb\nc\r\nd\re\u0085f\u2028g\u2029h')).toBeNull();
    expect(findForbiddenControlCharacter('')).toBeNull();
  });

  it.each([
    ['a NUL on line 3', 'one\ntwo\nth\u0000ree', { line: 3, column: 3, codePoint: 0, name: 'NULL' }],
    ['lines ended by CRLF, a lone CR and NEL', 'a\r\nb\rc\u0085d\u0007', { line: 4, column: 2, codePoint: 7, name: 'BELL' }],
    ['a column counted in characters after an astral one', '𠀀😀\u001b', { line: 1, column: 3, codePoint: 0x1b, name: 'ESCAPE' }],
    ['a vertical tab', 'x\u000by', { line: 1, column: 2, codePoint: 0x0b, name: 'LINE TABULATION' }],
    ['DEL', '\u007f', { line: 1, column: 1, codePoint: 0x7f, name: 'DELETE' }],
    ['a C1 control', 'x\u0080', { line: 1, column: 2, codePoint: 0x80, name: 'PADDING CHARACTER' }],
  ])('finds %s', (_name, text, expected) => {
    expect(findForbiddenControlCharacter(text)).toEqual(expected);
  });

  it('names every C0 and C1 control and DEL, and nothing else', () => {
    for (let c = 0; c < 0x20; c++) expect(controlCharacterName(c)).toMatch(/^[A-Z ]+$/);
    for (let c = 0x80; c <= 0x9f; c++) expect(controlCharacterName(c)).toMatch(/^[A-Z ]+$/);
    expect(controlCharacterName(0x85)).toBe('NEXT LINE');
    expect(controlCharacterName(0x20)).toBeUndefined();
    expect(controlCharacterName(0xa0)).toBeUndefined();
  });

  it('words the refusal every importer gives', () => {
    expect(forbiddenControlMessage({ line: 3, column: 5, codePoint: 0, name: 'NULL' })).toBe(
      'Line 3 contains U+0000 NULL (column 5); remove it (a text may hold tabs and line breaks, no other control characters).',
    );
  });

  it('reads a megabyte in one pass', () => {
    expect(findForbiddenControlCharacter('a\n'.repeat(500_000) + '\u0001')).toEqual({ line: 500_001, column: 1, codePoint: 1, name: 'START OF HEADING' });
  });
});

describe('formatSizeAgainstLimit', () => {
  it.each([
    [12 * 1024 * 1024, 10 * 1024 * 1024, { size: '12 MB', limit: '10 MB' }],
    [2048, 1024, { size: '2 KB', limit: '1 KB' }],
    [10 * 1024 * 1024 + 3, 10 * 1024 * 1024, { size: '10,485,763 bytes', limit: '10,485,760 bytes (10 MB)' }],
    [10_485_000, 10_484_000, { size: '10,485,000 bytes', limit: '10,484,000 bytes (10 MB)' }],
    [1000, 999, { size: '1000 bytes', limit: '999 bytes' }],
  ])('%i bytes against a limit of %i', (size, limit, expected) => {
    expect(formatSizeAgainstLimit(size, limit)).toEqual(expected);
  });
});
