// Sentences over the length limit: cut into pieces of at most the limit, at a space (or, in text
// without spaces, after a comma or similar) when one is near, never inside a surrogate pair; each
// piece a trimmed slice of the text at its offsets, in its sentence's block; nothing lost. Through the
// import: a 5 MB line becomes a thousand sentences (or is refused, by configuration), and a version
// over the sentence limit is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findLongSentence, splitLongSentences } from '../../server/text/long-sentences.ts';
import { normaliseText } from '../../server/text/normalise.ts';
import { segmentText } from '../../server/text/segment.ts';
import { prepareVersion } from '../../server/services/import-version.ts';
import { InputError } from '../../server/services/errors.ts';
import { finishesWithin } from '../deadline.ts';

const segmented = (text: string, lang = 'en') => segmentText(normaliseText(text), lang);
const noSpace = (s: string) => s.replace(/\s+/g, '');

function checkPieces(text: string, max: number, lang = 'en'): void {
  const before = segmented(text, lang);
  const { segmented: after } = splitLongSentences(before, max);
  for (const s of after.sentences) {
    expect(s.end - s.start).toBeLessThanOrEqual(max);
    expect(s.text).toBe(after.text.slice(s.start, s.end));
    expect(s.text).toBe(s.text.trim());
    expect(s.text.length).toBeGreaterThan(0);
    const first = s.text.charCodeAt(0);
    expect(first >= 0xdc00 && first <= 0xdfff, 'a piece starts inside a surrogate pair').toBe(false);
  }
  expect(noSpace(after.sentences.map((s) => s.text).join(''))).toBe(noSpace(before.sentences.map((s) => s.text).join('')));
  // pieces keep the block of the sentence they come from, in order
  const blocks = after.sentences.map((s) => s.block);
  expect(blocks).toEqual([...blocks].sort((a, b) => a - b));
  expect(findLongSentence(after, max)).toBeNull();
}

describe('splitting long sentences', () => {
  it('cuts at spaces, commas in Chinese, or the limit itself, losing nothing', () => {
    checkPieces('word '.repeat(2000) + 'end.', 300);
    checkPieces('合作，'.repeat(500) + '。', 100, 'zh');
    checkPieces('x'.repeat(1050), 100);
    checkPieces('😀'.repeat(300), 101);
    checkPieces('Short one. ' + 'long '.repeat(100) + 'tail.\n\nAnother paragraph here.', 120);
  });

  it('keeps any text within the limit, as a property', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '.', '\n', '😀', '中', 'é'), maxLength: 800 }), fc.integer({ min: 100, max: 300 }), (text, max) => {
        if (!segmented(text).sentences.length) return;
        checkPieces(text, max);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves a text without long sentences as it is', () => {
    const s = segmented('One. Two. Three.');
    expect(splitLongSentences(s, 100)).toEqual({ segmented: s, split: 0 });
  });
});

describe('the import limits', () => {
  const fiveMegabytes = Buffer.from('cooperation member states security development '.repeat(110_000).trim() + '\n');
  const input = { lang: 'en', status: 'working', fileName: 'long.txt', bytes: fiveMegabytes };

  it('cuts a 5 MB line into sentences of at most the limit, in linear time', () => {
    expect(fiveMegabytes.length).toBeGreaterThan(5_000_000);
    const prepared = finishesWithin(60_000, () => prepareVersion(input, 10e6, { maxSentences: 100_000, maxSentenceChars: 5000, longSentences: 'split' }));
    expect(prepared.splitSentences).toBe(1);
    expect(prepared.segmented.sentences.length).toBeGreaterThan(1000);
    expect(Math.max(...prepared.segmented.sentences.map((s) => s.text.length))).toBeLessThanOrEqual(5000);
  });

  it('refuses it, saying where, when long sentences are to be refused', () => {
    try {
      prepareVersion({ ...input, bytes: Buffer.concat([Buffer.from('A first line.\n'), fiveMegabytes]) }, 10e6, { maxSentences: 100_000, maxSentenceChars: 5000, longSentences: 'refuse' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).status).toBe(422);
      expect((error as InputError).message).toMatch(/^Line 2 holds a sentence of 5\d{6} characters, longer than the limit of 5000/);
      expect((error as InputError).translation?.key).toBe('jobs:limits.sentenceTooLong');
    }
  });

  it('refuses a version with more sentences than the limit', () => {
    const many = Buffer.from(Array.from({ length: 1001 }, (_, i) => `Line ${i}.`).join('\n'));
    expect(() => prepareVersion({ ...input, bytes: many, segmentation: 'lines' }, 10e6, { maxSentences: 1000, maxSentenceChars: 5000, longSentences: 'split' })).toThrow(
      'The file has 1001 sentences, more than the limit of 1000 per version.',
    );
  });
});
