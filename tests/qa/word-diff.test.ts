// The word diff of two texts of one language, and the comparison of two aligned versions.
import { describe, expect, it } from 'vitest';
import { compareAligned, diffTexts } from '../../server/qa/word-diff.ts';

const rebuild = (parts: ReturnType<typeof diffTexts>, side: 'before' | 'after') =>
  parts.filter((p) => p.op === 'same' || p.op === (side === 'before' ? 'removed' : 'added')).map((p) => p.text).join('');

describe('diffTexts', () => {
  it('marks whole English and Russian words, and both texts can be rebuilt from the parts', () => {
    const before = 'the Council of national coordinators will present proposals';
    const after = 'the Council of National Coordinators will present proposals';
    const parts = diffTexts(before, after, 'en');
    expect(parts.filter((p) => p.op === 'removed').map((p) => p.text.trim())).toEqual(['national coordinators']);
    expect(parts.filter((p) => p.op === 'added').map((p) => p.text.trim())).toEqual(['National Coordinators']);
    expect(rebuild(parts, 'before')).toBe(before);
    expect(rebuild(parts, 'after')).toBe(after);
    const ru = diffTexts('Исполнительный секретарь ШОС', 'Генеральный секретарь ШОС', 'ru');
    expect(ru).toEqual([
      { op: 'removed', text: 'Исполнительный' },
      { op: 'added', text: 'Генеральный' },
      { op: 'same', text: ' секретарь ШОС' },
    ]);
  });

  it('diffs Chinese by characters, or by the words of a segmenter when one is given', () => {
    const parts = diffTexts('执行秘书', '秘书长', 'zh');
    expect(rebuild(parts, 'before')).toBe('执行秘书');
    expect(rebuild(parts, 'after')).toBe('秘书长');
    expect(parts.find((p) => p.op === 'same')?.text).toBe('秘书');
    const words = (text: string) => text.match(/执行|秘书长|秘书|[\s\S]/g) ?? [];
    expect(diffTexts('执行秘书', '秘书长', 'zh', words)).toEqual([
      { op: 'removed', text: '执行秘书' },
      { op: 'added', text: '秘书长' },
    ]);
  });

  it('keeps HTML-special characters as plain text in the parts (templates escape them)', () => {
    const parts = diffTexts('a <b> & "c"', 'a <i> & "c"', 'en');
    expect(rebuild(parts, 'before')).toBe('a <b> & "c"');
    expect(rebuild(parts, 'after')).toBe('a <i> & "c"');
  });
});

describe('compareAligned', () => {
  it('classifies rows as same, changed, added or removed and counts them', () => {
    const left = ['One.', 'Two.', 'Three.'];
    const right = ['One.', 'Two, revised.', 'New.'];
    const { rows, summary } = compareAligned(
      [
        { src: [0], tgt: [0] },
        { src: [1], tgt: [1] },
        { src: [], tgt: [2] },
        { src: [2], tgt: [] },
      ],
      left,
      right,
      'en',
    );
    expect(rows.map((r) => r.status)).toEqual(['same', 'changed', 'added', 'removed']);
    expect(summary).toEqual({ rows: 4, same: 1, changed: 1, added: 1, removed: 1 });
    expect(rows[1].parts.length).toBeGreaterThan(1);
    expect(rows[2].rightText).toBe('New.');
    expect(rows[3].leftText).toBe('Three.');
  });
});
