import { describe, expect, it } from 'vitest';
import { resolveAnchor } from '../../server/terms/anchor.ts';

const snapshot = 'The heads of state agreed to rename the Executive Secretary as Secretary-General.';
const anchorOf = (quote: string, text = snapshot) => {
  const start = text.indexOf(quote);
  return { start, end: start + quote.length, quote, snapshot: text };
};

describe('resolveAnchor', () => {
  it('stays put when the sentence is unchanged', () => {
    expect(resolveAnchor(anchorOf('Executive Secretary'), snapshot)).toEqual({ state: "exact", start: 40, end: 59 });
  });

  it('follows its words when text is inserted or removed before or after them', () => {
    const edited = 'In Astana the heads of state agreed to rename the Executive Secretary of the SCO as Secretary-General.';
    const r = resolveAnchor(anchorOf('Executive Secretary'), edited);
    expect(r.state).toBe('moved');
    if (r.state !== 'orphaned') expect(edited.slice(r.start, r.end)).toBe('Executive Secretary');
    const shorter = 'Agreed to rename the Executive Secretary.';
    const s = resolveAnchor(anchorOf('Executive Secretary'), shorter);
    expect(s.state).toBe('moved');
    if (s.state !== 'orphaned') expect(shorter.slice(s.start, s.end)).toBe('Executive Secretary');
  });

  it('is orphaned when its words are changed or deleted, never moved onto other words', () => {
    expect(resolveAnchor(anchorOf('Executive Secretary'), 'The heads of state agreed to rename the Executive Secretariat as Secretary-General.').state).toBe('orphaned');
    expect(resolveAnchor(anchorOf('Executive Secretary'), 'The heads of state agreed to rename the post as Secretary-General.').state).toBe('orphaned');
    expect(resolveAnchor(anchorOf('Executive Secretary'), 'The heads of state agreed to rename the Executive  Secretary as Secretary-General.').state).toBe('orphaned');
    // The same word elsewhere in the sentence is not the annotated one.
    const twice = 'SCO and SCO';
    const second = { start: 8, end: 11, quote: 'SCO', snapshot: twice };
    const r = resolveAnchor(second, 'SCO and the CIS');
    expect(r.state).toBe('orphaned');
  });

  it('works on Chinese and refuses an anchor that does not match its own snapshot', () => {
    const zh = '将秘书处负责人职务的俄文名称改为“秘书长”的建议。';
    const r = resolveAnchor(anchorOf('秘书长', zh), '成员国元首商定，将秘书处负责人职务的俄文名称改为“秘书长”的建议。');
    expect(r).toMatchObject({ state: 'moved' });
    expect(resolveAnchor({ start: 0, end: 3, quote: 'xyz', snapshot: zh }, zh).state).toBe('orphaned');
  });

  it('finds the words in a neighbouring sentence only with their context', () => {
    const split = 'as Secretary-General.';
    expect(resolveAnchor(anchorOf('Secretary-General'), split, { requireContext: true }).state).toBe('moved');
    expect(resolveAnchor(anchorOf('Secretary-General'), 'Secretary-General', { requireContext: true }).state).toBe('orphaned');
  });
});
