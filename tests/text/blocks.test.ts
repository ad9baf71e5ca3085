import { describe, expect, it } from 'vitest';
import { listMark, partMarkerLabel, splitBlocks, type TextBlock } from '../../server/text/blocks.ts';
import { finishesWithin } from '../deadline.ts';

/** Blocks as [kind, part, paragraph, text, label?] rows, checking the offset invariants on the way. */
function rows(text: string): (string | number)[][] {
  const blocks = splitBlocks(text);
  checkInvariants(text, blocks);
  return blocks.map((b) => {
    const row: (string | number)[] = [b.kind, b.part, b.paragraph, text.slice(b.start, b.end)];
    if (b.label !== undefined) row.push(b.label);
    return row;
  });
}

function checkInvariants(text: string, blocks: TextBlock[]): void {
  let previousEnd = 0;
  for (const b of blocks) {
    expect(b.start).toBeGreaterThanOrEqual(previousEnd);
    expect(b.end).toBeGreaterThan(b.start);
    const slice = text.slice(b.start, b.end);
    expect(slice).toBe(slice.trim());
    expect(slice).not.toMatch(/\n\s*\n/);
    previousEnd = b.end;
  }
  // Every non-blank line is in exactly one block.
  const covered = blocks.map((b) => text.slice(b.start, b.end)).join('\n');
  expect(covered.split('\n')).toEqual(text.split('\n').filter((l) => l.trim() !== ''));
}

const doc = (...lines: string[]) => lines.join('\n') + '\n';

describe('partMarkerLabel and listMark', () => {
  it.each([
    ['I', 'I'],
    ['II.', 'II'],
    ['IV', 'IV'],
    ['XIV', 'XIV'],
    ['Ⅲ', 'Ⅲ'],
    ['一', '一'],
    ['二、', '二'],
    ['三．', '三'],
    ['十一', '十一'],
  ])('reads %s as a part marker labelled %s', (line, label) => {
    expect(partMarkerLabel(line)).toBe(label);
  });

  it.each(['IIII', 'IC', 'Part I', 'I.1', 'i', '一是', 'VI agree', ''])('does not read %s as a part marker', (line) => {
    expect(partMarkerLabel(line)).toBeUndefined();
  });

  it.each([
    ['- item;', '-', 2],
    ['– пункт;', '–', 2],
    ['— пункт;', '—', 2],
    ['——共同规划；', '——', 2],
    ['• bullet', '•', 2],
    ['•bullet', '•', 1],
  ])('reads %s as a list item with mark %s', (line, label, contentOffset) => {
    expect(listMark(line)).toEqual({ label, contentOffset });
  });

  it.each(['-5 degrees', '—', 'A - B', '-- /further mentioned/'])('does not read %s as a list item', (line) => {
    expect(listMark(line)).toBeUndefined();
  });
});

describe('splitBlocks', () => {
  it('returns no blocks for an empty text', () => {
    expect(splitBlocks('')).toEqual([]);
  });

  it('makes each short line before the first paragraph a heading, even a wrapped title', () => {
    const text = doc(
      'Declaration of the Heads of Member States',
      'of the Shanghai Cooperation Organisation',
      '',
      '(Astana, 5 July 2005)',
      '',
      'The heads of state declare the following:',
      '',
      'First paragraph.',
    );
    expect(rows(text)).toEqual([
      ['heading', 0, 0, 'Declaration of the Heads of Member States'],
      ['heading', 0, 1, 'of the Shanghai Cooperation Organisation'],
      ['heading', 0, 2, '(Astana, 5 July 2005)'],
      ['paragraph', 0, 3, 'The heads of state declare the following:'],
      ['paragraph', 0, 4, 'First paragraph.'],
    ]);
  });

  it('counts parts from Roman part markers, which carry their label and no paragraph number', () => {
    const text = doc('Title', '', 'Preamble:', '', 'I', '', 'One.', '', '', 'Still one.', '', 'II.', '', 'Two.');
    expect(rows(text)).toEqual([
      ['heading', 0, 0, 'Title'],
      ['paragraph', 0, 1, 'Preamble:'],
      ['part-marker', 1, -1, 'I', 'I'],
      ['paragraph', 1, 2, 'One.'],
      // With markers present, a wide gap is only a gap.
      ['paragraph', 1, 3, 'Still one.'],
      ['part-marker', 2, -1, 'II.', 'II'],
      ['paragraph', 2, 4, 'Two.'],
    ]);
  });

  it('counts parts from Chinese numerals', () => {
    const text = doc('宣言', '', '成员国元首声明如下：', '', '一', '', '第一部分。', '', '二、', '', '第二部分。');
    expect(rows(text).map((r) => [r[0], r[1], r[4]])).toEqual([
      ['heading', 0, undefined],
      ['paragraph', 0, undefined],
      ['part-marker', 1, '一'],
      ['paragraph', 1, undefined],
      ['part-marker', 2, '二'],
      ['paragraph', 2, undefined],
    ]);
  });

  it('counts parts from wide gaps in a text without markers, but not before the preamble or the signature', () => {
    const text = doc(
      'Title',
      '',
      '',
      'Preamble, after a wide gap:',
      '',
      '',
      'Part one.',
      '',
      'Still part one.',
      '',
      '',
      '',
      'Part two.',
      '',
      '',
      'President of the Republic',
      'A. Name',
    );
    expect(rows(text).map((r) => [r[0], r[1], r[3]])).toEqual([
      ['heading', 0, 'Title'],
      ['paragraph', 0, 'Preamble, after a wide gap:'],
      ['paragraph', 1, 'Part one.'],
      ['paragraph', 1, 'Still part one.'],
      ['paragraph', 2, 'Part two.'],
      ['signature', 2, 'President of the Republic'],
      ['signature', 2, 'A. Name'],
    ]);
  });

  it('ends a paragraph at a line that ends a sentence, and joins wrapped lines', () => {
    const text = doc(
      'Title',
      '',
      'Measures will be taken to improve the activity.',
      'It is important that the SCO solve problems,',
      'dealing with the liquidation of its material base.',
    );
    expect(rows(text)).toEqual([
      ['heading', 0, 0, 'Title'],
      ['paragraph', 0, 1, 'Measures will be taken to improve the activity.'],
      ['paragraph', 0, 2, 'It is important that the SCO solve problems,\ndealing with the liquidation of its material base.'],
    ]);
  });

  it('makes each dashed line a list item labelled with its dash, with a wrapped item kept whole', () => {
    const text = doc(
      'Title',
      '',
      'They include the following:',
      '- development of a close cooperation;',
      '– active exploitation of the mechanism',
      'of meetings of secretaries;',
      '— joint planning;',
      '• training of respective personnel.',
      '',
      'The end.',
    );
    expect(rows(text)).toEqual([
      ['heading', 0, 0, 'Title'],
      ['paragraph', 0, 1, 'They include the following:'],
      ['list-item', 0, 2, '- development of a close cooperation;', '-'],
      ['list-item', 0, 3, '– active exploitation of the mechanism\nof meetings of secretaries;', '–'],
      ['list-item', 0, 4, '— joint planning;', '—'],
      ['list-item', 0, 5, '• training of respective personnel.', '•'],
      ['paragraph', 0, 6, 'The end.'],
    ]);
  });

  it('makes the trailing short lines a signature, one block per line, before the residue', () => {
    const text = doc(
      'Title',
      'Updated: 2006-06-12 15:15',
      '',
      'The text.',
      '',
      'Президент Российской Федерации',
      'В. Путин',
      '',
      '俄罗斯联邦总统',
      '普京',
      '',
      '',
      'Top China News',
      "Today's Top News",
    );
    expect(rows(text)).toEqual([
      ['heading', 0, 0, 'Title'],
      ['residue', 0, -1, 'Updated: 2006-06-12 15:15'],
      ['paragraph', 0, 1, 'The text.'],
      ['signature', 0, 2, 'Президент Российской Федерации'],
      ['signature', 0, 3, 'В. Путин'],
      ['signature', 0, 4, '俄罗斯联邦总统'],
      ['signature', 0, 5, '普京'],
      ['residue', 0, -1, 'Top China News'],
      ['residue', 0, -1, "Today's Top News"],
    ]);
  });

  it('finds no signature when the document ends with a sentence', () => {
    const text = doc('Title', '', 'First.', '', 'President of the Republic', '', 'Last sentence.');
    expect(rows(text).map((r) => r[0])).toEqual(['heading', 'paragraph', 'heading', 'paragraph']);
  });

  it('does not take the short last line of a wrapped paragraph for a signature', () => {
    const text = doc('Title', '', 'First.', '', 'The parties agree to cooperate in trade,', 'transport and energy');
    expect(rows(text).map((r) => r[0])).toEqual(['heading', 'paragraph', 'paragraph']);
  });

  it('makes a short unpunctuated line in the body a heading', () => {
    const text = doc('Title', '', 'Preamble.', '', 'Security cooperation', '', 'The parties will cooperate.');
    expect(rows(text).map((r) => [r[0], r[3]])).toEqual([
      ['heading', 'Title'],
      ['paragraph', 'Preamble.'],
      ['heading', 'Security cooperation'],
      ['paragraph', 'The parties will cooperate.'],
    ]);
  });

  it('takes a long unpunctuated first block for a paragraph, not a heading', () => {
    const long = 'The heads of the member states '.repeat(8).trim();
    expect(rows(doc(long, '', 'Next.')).map((r) => r[0])).toEqual(['paragraph', 'paragraph']);
  });

  it('makes every line a heading in a text with no paragraph at all', () => {
    expect(rows(doc('Glossary', '', 'Secretariat', 'Secretary-General')).map((r) => r[0])).toEqual(['heading', 'heading', 'heading']);
  });
});

describe('splitBlocks and listMark on crafted lines (linear time)', () => {
  it('reads a line of 100,000 closing brackets before a word without trying the run from each bracket', () => {
    const line = ')'.repeat(100_000) + 'x';
    const text = `Title\n\n${line}\n\nThe end.\n`;
    const blocks = finishesWithin(10_000, () => splitBlocks(text));
    expect(blocks.map((b) => text.slice(b.start, b.end))).toEqual(['Title', line, 'The end.']);
  });

  it('reads a dash followed by 100,000 spaces and nothing else as no list item', () => {
    expect(finishesWithin(10_000, () => listMark('-' + ' '.repeat(100_000)))).toBeUndefined();
    expect(listMark('-' + ' '.repeat(100_000) + 'item')).toEqual({ label: '-', contentOffset: 100_001 });
    expect(listMark('——' + ' '.repeat(3) + 'item')).toEqual({ label: '——', contentOffset: 5 });
  });
});
