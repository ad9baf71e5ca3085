// Rows of contiguous sentence ranges, one cell per version: the shape of a pair alignment's beads
// (two cells) and of the three-column view's rows (grid-view.ts). Invariant: for every version, the
// cells taken in row order cover its sentences 0..n-1 exactly once, contiguously.

export interface GridCell {
  first: number;
  count: number;
}

export interface GridRow {
  cells: GridCell[];
  confidence: number | null;
  origin: 'auto' | 'manual';
  confirmed: boolean;
  /** the three-column view: a pair of non-pivot versions reads this row differently (grid-view.ts rowDisputes) */
  disputed?: boolean;
}

/** Throws when rows do not cover each version's sentences exactly once and in order. */
export function checkGrid(rows: Pick<GridRow, 'cells'>[], sentenceCounts: number[]): void {
  sentenceCounts.forEach((total, k) => {
    let expected = 0;
    rows.forEach((row, r) => {
      const cell = row.cells[k];
      if (!cell) throw new Error(`row ${r} has no cell for version ${k}`);
      if (cell.count > 0 && cell.first !== expected) {
        throw new Error(`row ${r}, version ${k}: starts at sentence ${cell.first}, expected ${expected}`);
      }
      expected += cell.count;
    });
    if (expected !== total) throw new Error(`version ${k}: rows cover ${expected} of ${total} sentences`);
  });
}
