// The row of one sentence found from the beads around it (row-locator.ts) is the row the whole view
// gives it (deriveGridRows), for every sentence of every column, on random pairs: shifts, merges,
// one-sided beads (also runs of them, paired or not by ru-zh) and placeholders.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GridRow } from '../../server/align/grid.ts';
import { deriveGridRows, type GridLayout } from '../../server/align/grid-view.ts';
import { rowHolding } from '../../server/align/grid-view-edits.ts';
import { findRow, type BeadReader } from '../../server/align/row-locator.ts';

const layout3: GridLayout = { columns: 3, pivot: 0, pairs: [{ x: 0, y: 1 }, { x: 0, y: 2 }, { x: 1, y: 2 }] };

function beadsOf(shapes: Array<[number, number]>, confirmedEvery = 0): GridRow[] {
  let a = 0;
  let b = 0;
  return shapes.map(([ca, cb], i) => {
    const bead: GridRow = { cells: [{ first: a, count: ca }, { first: b, count: cb }], origin: 'auto', confidence: 0.5 + (i % 5) / 10, confirmed: confirmedEvery > 0 && i % confirmedEvery === 0 };
    a += ca;
    b += cb;
    return bead;
  });
}

/** Shapes that use exactly `n` sentences of side a and `m` of side b. */
function shapesFor(n: number, m: number, picks: number[]): Array<[number, number]> {
  const shapes: Array<[number, number]> = [];
  let a = 0;
  let b = 0;
  let k = 0;
  const menu: Array<[number, number]> = [[1, 1], [1, 1], [1, 1], [1, 2], [2, 1], [1, 0], [0, 1], [2, 2], [0, 0], [1, 3]];
  while (a < n || b < m) {
    let [ca, cb] = menu[picks[k++ % picks.length] % menu.length];
    ca = Math.min(ca, n - a);
    cb = Math.min(cb, m - b);
    if (ca + cb === 0 && (a < n || b < m)) {
      if (a < n) ca = 1;
      else cb = 1;
    }
    shapes.push([ca, cb]);
    a += ca;
    b += cb;
  }
  return shapes;
}

function arrayReader(pairBeads: GridRow[][]): BeadReader {
  return {
    beadHolding: (q, side, o) => pairBeads[q].find((b) => b.cells[side].count > 0 && b.cells[side].first <= o && o < b.cells[side].first + b.cells[side].count),
    beadsStartingIn: (q, side, from, to) => pairBeads[q].filter((b) => b.cells[side].first >= from && b.cells[side].first <= to),
  };
}

function expectEveryRowFound(pairBeads: GridRow[][], counts: number[]): void {
  const rows = deriveGridRows(layout3, pairBeads);
  const reader = arrayReader(pairBeads);
  for (let column = 0; column < 3; column++) {
    for (let o = 0; o < counts[column]; o++) {
      const expected = rows[rowHolding(rows, column, o)];
      const found = findRow(layout3, reader, { column, ordinal: o }, counts[0]);
      expect(found, `column ${column}, sentence ${o}`).toEqual(expected);
    }
  }
}

describe('the row of a sentence from the beads around it', () => {
  it('is the row of the whole view, on random pairs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 70 }),
        fc.array(fc.nat(30), { minLength: 5, maxLength: 40 }),
        fc.array(fc.nat(30), { minLength: 5, maxLength: 40 }),
        fc.array(fc.nat(30), { minLength: 5, maxLength: 40 }),
        fc.nat(4),
        (en, ru, zh, p1, p2, p3, confirmedEvery) => {
          const pairBeads = [beadsOf(shapesFor(en, ru, p1), confirmedEvery), beadsOf(shapesFor(en, zh, p2), confirmedEvery), beadsOf(shapesFor(ru, zh, p3))];
          expectEveryRowFound(pairBeads, [en, ru, zh]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('widens its window across a long row and a long run of sentences the pivot lacks', () => {
    // en-ru: a 1-40 bead, then 30 Russian sentences alone, then 1-1s; en-zh 1-1 throughout
    const enRu: Array<[number, number]> = [[1, 1], [1, 40], ...Array.from({ length: 30 }, (): [number, number] => [0, 1]), ...Array.from({ length: 20 }, (): [number, number] => [1, 1])];
    const enZh: Array<[number, number]> = Array.from({ length: 22 }, (): [number, number] => [1, 1]);
    const ruZh = shapesFor(91, 22, [0]);
    expectEveryRowFound([beadsOf(enRu), beadsOf(enZh), beadsOf(ruZh)], [22, 91, 22]);
  });
});
