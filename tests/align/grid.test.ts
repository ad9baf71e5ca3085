import { describe, expect, it } from 'vitest';
import { alignGrid, checkGrid, crossCheckRows, reconcileRows, type GridRow, type PairAligner } from '../../server/align/grid.ts';
import type { AlignSide, Bead } from '../../server/align/index.ts';

const side = (lang: string, n: number): AlignSide => ({ lang, sentences: Array.from({ length: n }, (_, i) => `${lang}${i}`) });
const bead = (src: number[], tgt: number[], confidence = 0.9): Bead => ({ src, tgt, confidence });

/** A pairwise aligner that answers from a fixed table, keyed by the other side's language. */
function fixedAligner(table: Record<string, Bead[]>): PairAligner {
  return (_pivot, other) => table[other.lang];
}

const cells = (rows: ReturnType<typeof alignGrid>) => rows.map((r) => r.cells.map((c) => [c.first, c.count]));

describe('alignGrid', () => {
  it('gives one row per bead when there are two versions', () => {
    const rows = alignGrid([side('en', 3), side('ru', 4)], 0, fixedAligner({ ru: [bead([0], [0]), bead([1], [1, 2], 0.4), bead([2], [3])] }));
    expect(cells(rows)).toEqual([[[0, 1], [0, 1]], [[1, 1], [1, 2]], [[2, 1], [3, 1]]]);
    expect(rows.map((r) => r.confidence)).toEqual([0.9, 0.4, 0.9]);
    checkGrid(rows, [3, 4]);
  });

  it('cuts the pivot only where every pairwise alignment agrees', () => {
    // ru joins en 1+2 into one sentence; zh keeps them apart: the grid must keep en 1-2 in one row.
    const rows = alignGrid(
      [side('en', 4), side('ru', 3), side('zh', 4)],
      0,
      fixedAligner({
        ru: [bead([0], [0]), bead([1, 2], [1]), bead([3], [2])],
        zh: [bead([0], [0]), bead([1], [1]), bead([2], [2]), bead([3], [3])],
      }),
    );
    expect(cells(rows)).toEqual([
      [[0, 1], [0, 1], [0, 1]],
      [[1, 2], [1, 1], [1, 2]],
      [[3, 1], [2, 1], [3, 1]],
    ]);
    checkGrid(rows, [4, 3, 4]);
  });

  it('puts passages missing from the pivot into rows with an empty pivot cell, shared across versions', () => {
    // The pivot lost a passage after sentence 0: ru and zh both have one extra sentence there.
    const rows = alignGrid(
      [side('en', 2), side('ru', 3), side('zh', 3)],
      0,
      fixedAligner({
        ru: [bead([0], [0]), bead([], [1], 0.5), bead([1], [2])],
        zh: [bead([0], [0]), bead([], [1], 0.6), bead([1], [2])],
      }),
    );
    expect(cells(rows)).toEqual([
      [[0, 1], [0, 1], [0, 1]],
      [[1, 0], [1, 1], [1, 1]],
      [[1, 1], [2, 1], [2, 1]],
    ]);
    expect(rows[1].confidence).toBe(0.5);
    checkGrid(rows, [2, 3, 3]);
  });

  it('keeps pivot sentences without a partner and insertions at the very end', () => {
    const rows = alignGrid(
      [side('en', 2), side('ru', 2)],
      0,
      fixedAligner({ ru: [bead([0], [0]), bead([1], []), bead([], [1])] }),
    );
    expect(cells(rows)).toEqual([[[0, 1], [0, 1]], [[1, 1], [1, 0]], [[2, 0], [1, 1]]]);
    checkGrid(rows, [2, 2]);
  });

  it('absorbs an insertion inside a row that other versions hold together', () => {
    const rows = alignGrid(
      [side('en', 2), side('ru', 3), side('zh', 1)],
      0,
      fixedAligner({ ru: [bead([0], [0]), bead([], [1]), bead([1], [2])], zh: [bead([0, 1], [0])] }),
    );
    expect(cells(rows)).toEqual([[[0, 2], [0, 3], [0, 1]]]);
    checkGrid(rows, [2, 3, 1]);
  });

  it('works with a pivot that is not the first column', () => {
    const rows = alignGrid([side('ru', 2), side('en', 2)], 1, fixedAligner({ ru: [bead([0], [0]), bead([1], [1])] }));
    expect(cells(rows)).toEqual([[[0, 1], [0, 1]], [[1, 1], [1, 1]]]);
  });

  it('gives one row per sentence for a single version', () => {
    const rows = alignGrid([side('en', 3)], 0, fixedAligner({}));
    expect(cells(rows)).toEqual([[[0, 1]], [[1, 1]], [[2, 1]]]);
    expect(rows[0].confidence).toBeNull();
  });
});

describe('checkGrid', () => {
  it('accepts empty cells anywhere', () => {
    expect(() => checkGrid([{ cells: [{ first: 0, count: 0 }] }, { cells: [{ first: 0, count: 2 }] }], [2])).not.toThrow();
  });
  it('refuses a gap, an overlap and an incomplete cover', () => {
    expect(() => checkGrid([{ cells: [{ first: 0, count: 1 }] }, { cells: [{ first: 2, count: 1 }] }], [3])).toThrow(/expected 1/);
    expect(() => checkGrid([{ cells: [{ first: 0, count: 2 }] }, { cells: [{ first: 1, count: 1 }] }], [3])).toThrow(/expected 2/);
    expect(() => checkGrid([{ cells: [{ first: 0, count: 2 }] }], [3])).toThrow(/2 of 3/);
  });
});

/** A pairwise aligner answering from a table keyed by 'src>tgt' languages. */
function pairTable(table: Record<string, Bead[]>): PairAligner {
  return (a, b) => {
    const beads = table[`${a.lang}>${b.lang}`];
    if (!beads) throw new Error(`no beads for ${a.lang}>${b.lang}`);
    return beads;
  };
}

describe('alignGrid with the direct check of the non-pivot versions', () => {
  it('moves a sentence into the neighbouring row where the direct alignment puts it, surer than the pivot', () => {
    // The signature block: en lacks the name; en-ru leaves the Russian name alone, en-zh absorbs the
    // Chinese name into the title's row; ru-zh pairs the names (0.99) and the titles.
    const sides = [side('en', 1), side('ru', 2), side('zh', 2)];
    const table = {
      'en>ru': [bead([], [0], 0.58), bead([0], [1], 0.9)],
      'en>zh': [bead([0], [0, 1], 0.72)],
      'ru>zh': [bead([0], [0], 0.99), bead([1], [1], 0.95)],
    };
    expect(cells(alignGrid(sides, 0, pairTable(table)))).toEqual([
      [[0, 0], [0, 1], [0, 0]],
      [[0, 1], [1, 1], [0, 2]],
    ]);
    const rows = alignGrid(sides, 0, pairTable(table), { crossCheck: true });
    expect(cells(rows)).toEqual([
      [[0, 0], [0, 1], [0, 1]],
      [[0, 1], [1, 1], [1, 1]],
    ]);
    expect(rows.map((r) => r.confidence)).toEqual([0.58, 0.72]);
    // mended, not disputed
    expect(rows.some((r) => r.disputed)).toBe(false);
    checkGrid(rows, [1, 2, 2]);
  });

  it('lowers the confidence of rows the direct alignment crosses when no single move mends them', () => {
    // en-ru and en-zh agree on 1-1 rows; ru-zh pairs ru 0+1 with zh 0 and ru 2 with zh 1+2 (0.8)
    const sides = [side('en', 3), side('ru', 3), side('zh', 3)];
    const oneToOne = [bead([0], [0], 0.9), bead([1], [1], 0.9), bead([2], [2], 0.9)];
    const rows = alignGrid(
      sides,
      0,
      pairTable({ 'en>ru': oneToOne, 'en>zh': oneToOne, 'ru>zh': [bead([0, 1], [0], 0.8), bead([2], [1, 2], 0.3)] }),
      { crossCheck: true },
    );
    expect(cells(rows)).toEqual([
      [[0, 1], [0, 1], [0, 1]],
      [[1, 1], [1, 1], [1, 1]],
      [[2, 1], [2, 1], [2, 1]],
    ]);
    // rows 0 and 1 share a crossing bead of 0.8: 0.9 against 0.8 gives 0.18 / (0.18 + 0.08); a bead of
    // 0.3 against 0.9 leaves row 2 as it was
    expect(rows.map((r) => r.confidence)).toEqual([0.692, 0.692, 0.9]);
    // the rows it lowered say why; the 0.3 bead is too unsure to dispute row 2
    expect(rows.map((r) => r.disputed === true)).toEqual([true, true, false]);
  });

  it('doubts a row that pairs two sentences the direct alignment leaves without partners', () => {
    const sides = [side('en', 1), side('ru', 1), side('zh', 1)];
    const rows = alignGrid(
      sides,
      0,
      pairTable({ 'en>ru': [bead([0], [0], 0.9)], 'en>zh': [bead([0], [0], 0.9)], 'ru>zh': [bead([0], [], 0.6), bead([], [0], 0.6)] }),
      { crossCheck: true },
    );
    expect(rows[0].confidence).toBe(0.857); // 0.9 · 0.4 / (0.9 · 0.4 + 0.1 · 0.6)
  });

  it('leaves rows alone where the direct alignment agrees, and never empties a row', () => {
    const sides = [side('en', 2), side('ru', 2), side('zh', 2)];
    const oneToOne = [bead([0], [0], 0.9), bead([1], [1], 0.9)];
    const agreeing = alignGrid(sides, 0, pairTable({ 'en>ru': oneToOne, 'en>zh': oneToOne, 'ru>zh': oneToOne }), { crossCheck: true });
    expect(agreeing.map((r) => r.confidence)).toEqual([0.9, 0.9]);
    // ru 0 stands alone in the first row; ru-zh pairs it with zh 0+1, which the pivot put in the second
    // row: moving ru 0 down would empty the first row (merging rows is not this check's call), and zh 0+1
    // cannot move as one sentence: the rows stay, both doubted
    const rows = alignGrid(
      [side('en', 1), side('ru', 2), side('zh', 2)],
      0,
      pairTable({
        'en>ru': [bead([], [0], 0.5), bead([0], [1], 0.9)],
        'en>zh': [bead([0], [0, 1], 0.9)],
        'ru>zh': [bead([0], [0, 1], 0.95), bead([1], [], 0.5)],
      }),
      { crossCheck: true },
    );
    expect(cells(rows)).toEqual([
      [[0, 0], [0, 1], [0, 0]],
      [[0, 1], [1, 1], [0, 2]],
    ]);
    expect(rows.map((r) => r.confidence)).toEqual([0.05, 0.321]);
  });

  it('keeps a sentence where a sure pivot bead holds it, however its own row stands', () => {
    // en-ru holds ru 0 with en 0 at 0.99; en-zh is unsure of row 0 (0.3); ru-zh would take ru 0 to zh 1 at 0.6
    const sides = [side('en', 2), side('ru', 2), side('zh', 2)];
    const rows = alignGrid(
      sides,
      0,
      pairTable({
        'en>ru': [bead([0], [0], 0.99), bead([1], [1], 0.99)],
        'en>zh': [bead([0], [0], 0.3), bead([1], [1], 0.95)],
        'ru>zh': [bead([], [0], 0.6), bead([0], [1], 0.6), bead([1], [], 0.6)],
      }),
      { crossCheck: true },
    );
    expect(cells(rows)).toEqual([
      [[0, 1], [0, 1], [0, 1]],
      [[1, 1], [1, 1], [1, 1]],
    ]);
    expect(rows[0].confidence).toBeLessThanOrEqual(0.3);
  });

  it('checks every pair on the final rows when there are four versions', () => {
    // a move made for zh-fr must not leave a ru-zh disagreement unflagged
    const sides = [side('en', 2), side('ru', 2), side('zh', 2), side('fr', 2)];
    const oneToOne = [bead([0], [0], 0.9), bead([1], [1], 0.9)];
    const table = {
      'en>ru': oneToOne,
      'en>zh': oneToOne,
      'en>fr': [bead([0], [0], 0.3), bead([1], [1], 0.9)],
      'ru>zh': oneToOne,
      'ru>fr': oneToOne,
      'zh>fr': [bead([], [0], 0.5), bead([0], [1], 0.8), bead([1], [], 0.5)],
    };
    const rows = alignGrid(sides, 0, pairTable(table), { crossCheck: true });
    checkGrid(rows, [2, 2, 2, 2]);
    // every row that some pair's direct alignment disputes, on the rows as they ended, has been doubted:
    // its confidence is below what the pivot alone gave it
    const plain = alignGrid(sides, 0, pairTable(table));
    const probe = rows.map((r) => ({ ...r, confidence: 0.5, cells: r.cells.map((c) => ({ ...c })) }));
    for (const [k1, k2, beads] of [[1, 2, oneToOne], [1, 3, oneToOne], [2, 3, table['zh>fr']]] as const) crossCheckRows(probe, k1, k2, beads);
    const disputed = probe.map((r, i) => (r.confidence < 0.5 ? i : -1)).filter((i) => i >= 0);
    expect(disputed).toEqual([0, 1]);
    expect(cells(rows)).toEqual(cells(plain));
    for (const i of disputed) expect(rows[i].confidence!, `row ${i}`).toBeLessThan(plain[i].confidence!);
  });

  it('never moves a sentence into or out of a confirmed row', () => {
    const rows: GridRow[] = [
      { cells: [{ first: 0, count: 0 }, { first: 0, count: 1 }, { first: 0, count: 0 }], confidence: 0.5, origin: 'manual', confirmed: true },
      { cells: [{ first: 0, count: 1 }, { first: 1, count: 1 }, { first: 0, count: 2 }], confidence: 0.6, origin: 'auto', confirmed: false },
    ];
    const moved = reconcileRows(rows, 1, 2, [bead([0], [0], 0.99), bead([1], [1], 0.99)], () => 0.5);
    expect(moved).toBe(0);
    expect(rows[1].cells[2]).toEqual({ first: 0, count: 2 });
  });
});
