// The N-way alignment grid of a work, built through a pivot version: every other version is
// aligned to the pivot pairwise, and the rows are the finest segmentation of the pivot that all
// pairwise alignments agree on. Invariant of the result: for every version, the cells taken in row
// order cover its sentences 0..n-1 exactly once, contiguously.
import type { AlignSide, Bead } from './index.ts';

export interface GridCell {
  first: number;
  count: number;
}

export interface GridRow {
  cells: GridCell[];
  confidence: number | null;
  origin: 'auto' | 'manual';
  confirmed: boolean;
}

export type PairAligner = (pivot: AlignSide, other: AlignSide) => Bead[];

interface PlacedBead {
  pivotStart: number;
  pivotEnd: number;
  first: number;
  count: number;
  confidence: number;
}

function placeBeads(beads: Bead[]): PlacedBead[] {
  let pivotNext = 0;
  let otherNext = 0;
  return beads.map((bead) => {
    const placed: PlacedBead = {
      pivotStart: bead.src.length ? bead.src[0] : pivotNext,
      pivotEnd: bead.src.length ? bead.src[bead.src.length - 1] + 1 : pivotNext,
      first: bead.tgt.length ? bead.tgt[0] : otherNext,
      count: bead.tgt.length,
      confidence: bead.confidence,
    };
    pivotNext = placed.pivotEnd;
    otherNext = placed.first + placed.count;
    return placed;
  });
}

/** Aligns every version to `versions[pivot]` and merges the pairwise alignments into one grid. */
export function alignGrid(versions: AlignSide[], pivot: number, alignPairwise: PairAligner): GridRow[] {
  const pivotCount = versions[pivot].sentences.length;
  const others = versions.map((_, k) => k).filter((k) => k !== pivot);
  if (others.length === 0) {
    return versions[pivot].sentences.map((_, i) => ({
      cells: [{ first: i, count: 1 }],
      confidence: null,
      origin: 'auto',
      confirmed: false,
    }));
  }
  const placed = new Map<number, PlacedBead[]>();
  for (const k of others) placed.set(k, placeBeads(alignPairwise(versions[pivot], versions[k])));

  // A pivot position is a common cut when every pairwise alignment has a bead starting there.
  const cutVotes = new Uint16Array(pivotCount + 1);
  for (const k of others) {
    const starts = new Set<number>();
    for (const b of placed.get(k)!) if (b.pivotEnd > b.pivotStart) starts.add(b.pivotStart);
    starts.add(pivotCount);
    for (const p of starts) cutVotes[p]++;
  }
  const cuts: number[] = [];
  for (let p = 0; p <= pivotCount; p++) if (p === 0 || cutVotes[p] === others.length) cuts.push(p);

  const rows: GridRow[] = [];
  const cursor = new Map<number, number>(others.map((k) => [k, 0]));
  const emptyCells = (): GridCell[] => versions.map(() => ({ first: 0, count: 0 }));
  const next = new Map<number, number>(versions.map((_, k) => [k, 0]));

  const takeInsertions = (at: number) => {
    // Beads with an empty pivot side sitting exactly at a common cut become rows of their own.
    const groups = new Map<number, PlacedBead[]>();
    for (const k of others) {
      const beads = placed.get(k)!;
      const group: PlacedBead[] = [];
      let i = cursor.get(k)!;
      while (i < beads.length && beads[i].pivotStart === at && beads[i].pivotEnd === at) group.push(beads[i++]);
      cursor.set(k, i);
      if (group.length) groups.set(k, group);
    }
    if (groups.size === 0) return;
    const counts = [...groups.values()].map((g) => g.length);
    const rowCount = counts.every((c) => c === counts[0]) ? counts[0] : 1;
    for (let r = 0; r < rowCount; r++) {
      const cells = emptyCells();
      let confidence = 1;
      for (const [k, group] of groups) {
        const part = rowCount === 1 ? group : [group[r]];
        cells[k] = { first: part[0].first, count: part.reduce((n, b) => n + b.count, 0) };
        confidence = Math.min(confidence, ...part.map((b) => b.confidence));
      }
      rows.push(finishRow(cells, confidence));
    }
  };

  const finishRow = (cells: GridCell[], confidence: number): GridRow => {
    // Empty cells sit where the next sentence of their version would be.
    cells.forEach((cell, k) => {
      if (cell.count === 0) cell.first = next.get(k)!;
      next.set(k, cell.first + cell.count);
    });
    return { cells, confidence, origin: 'auto', confirmed: false };
  };

  for (let c = 0; c < cuts.length; c++) {
    const start = cuts[c];
    takeInsertions(start);
    if (start === pivotCount) break;
    const end = c + 1 < cuts.length ? cuts[c + 1] : pivotCount;
    const cells = emptyCells();
    cells[pivot] = { first: start, count: end - start };
    let confidence = 1;
    for (const k of others) {
      const beads = placed.get(k)!;
      let i = cursor.get(k)!;
      let first = -1;
      let count = 0;
      // Take every bead up to the next cut, but leave insertions sitting at the next cut for it.
      while (i < beads.length && (beads[i].pivotEnd < end || (beads[i].pivotEnd === end && beads[i].pivotStart < end))) {
        if (first < 0 && beads[i].count > 0) first = beads[i].first;
        count += beads[i].count;
        confidence = Math.min(confidence, beads[i].confidence);
        i++;
      }
      cursor.set(k, i);
      cells[k] = { first: first < 0 ? 0 : first, count };
    }
    rows.push(finishRow(cells, confidence));
  }
  return rows;
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
