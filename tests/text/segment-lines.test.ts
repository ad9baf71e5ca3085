import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../server/text/normalise.ts';
import { segmentLines } from '../../server/text/segment-lines.ts';
import { segmentText } from '../../server/text/segment.ts';

describe('one sentence per line', () => {
  const text = normaliseText('Article 1\nThe parties agree. They sign.\n\n- first item\nno full stop here\n');

  it('takes every non-empty line as one sentence, as it stands', () => {
    const { sentences } = segmentLines(text);
    expect(sentences.map((s) => s.text)).toEqual(['Article 1', 'The parties agree. They sign.', '- first item', 'no full stop here']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('keeps blank lines as paragraph boundaries', () => {
    const { blocks, sentences } = segmentLines(text);
    expect(blocks.map((b) => [b.kind, b.paragraph])).toEqual([['paragraph', 0], ['paragraph', 1]]);
    expect(sentences.map((s) => s.block)).toEqual([0, 0, 1, 1]);
  });

  it('differs from sentence splitting exactly where a line holds two sentences or none ends', () => {
    expect(segmentText(text, 'en').sentences.map((s) => s.text)).not.toEqual(segmentLines(text).sentences.map((s) => s.text));
  });
});
