// The N-way alignment grid of a work, built through a pivot version: every other version is
// aligned to the pivot pairwise, and the rows are the finest segmentation of the pivot that all
// pairwise alignments agree on. Invariant of the result: for every version, the cells taken in row
// order cover its sentences 0..n-1 exactly once, contiguously.
import type { AlignSide, Bead } from './types.ts';

export interface GridCell {
  first: number;
  count: number;
}

export interface GridRow {
  cells: GridCell[];
  confidence: number | null;
  origin: 'auto' | 'manual';
  confirmed: boolean;
  /** a direct alignment of two non-pivot versions pairs this row's sentences differently (see crossCheckRows) */
  disputed?: boolean;
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

export interface GridOptions {
  /**
   * Also align every two non-pivot versions directly (Russian with Chinese when English is the pivot)
   * and lower the confidence of each row whose implied pairing of the two the direct alignment does not
   * share; see crossCheckRows.
   */
  crossCheck?: boolean;
}

/** Aligns every version to `versions[pivot]` and merges the pairwise alignments into one grid. */
export function alignGrid(versions: AlignSide[], pivot: number, alignPairwise: PairAligner, options: GridOptions = {}): GridRow[] {
  const { rows, held } = gridThroughPivot(versions, pivot, alignPairwise);
  if (!options.crossCheck) return rows;
  const others = versions.map((_, k) => k).filter((k) => k !== pivot);
  const checks: Array<{ k1: number; k2: number; direct: Bead[] }> = [];
  for (let a = 0; a < others.length; a++) {
    for (let b = a + 1; b < others.length; b++) {
      const [k1, k2] = [others[a], others[b]];
      if (versions[k1].sentences.length === 0 || versions[k2].sentences.length === 0) continue;
      checks.push({ k1, k2, direct: alignPairwise(versions[k1], versions[k2]) });
    }
  }
  // every move first, then every check on the final rows (a move for one pair can unsettle another)
  for (const { k1, k2, direct } of checks) reconcileRows(rows, k1, k2, direct, held);
  for (const { k1, k2, direct } of checks) crossCheckRows(rows, k1, k2, direct);
  return rows;
}

/**
 * Two independent opinions on one question, combined with even odds: `p` that the grid holds it right,
 * `q` that the direct alignment says it is wrong. Returns the probability that the grid is right.
 */
export function agreeingOdds(p: number, q: number): number {
  const right = p * (1 - q);
  const wrong = (1 - p) * q;
  return right + wrong === 0 ? 0.5 : right / (right + wrong);
}

/**
 * Moves a sentence of k1 or k2 across the boundary of two adjacent rows when the direct alignment of
 * the two versions pairs it, more confidently than the grid's row holds it, with the neighbouring row's
 * sentences of the other version (the pivot alignments may disagree where the pivot has a gap: a name
 * in the Chinese signature block absorbed into the next English row while the Russian name stands in a
 * row of its own). The direct bead must be surer than the pivot bead that holds the sentence where it is
 * (`held(k, x)`: sentence x of version k); the two rows then take the combined odds that the move is
 * right as their ceiling. A move never empties a row. Returns the number of sentences moved.
 */
export function reconcileRows(rows: GridRow[], k1: number, k2: number, direct: Bead[], held: (k: number, x: number) => number): number {
  const beadOf: Array<Map<number, Bead>> = [new Map(), new Map()];
  for (const bead of direct) {
    for (const i of bead.src) beadOf[0].set(i, bead);
    for (const j of bead.tgt) beadOf[1].set(j, bead);
  }
  const inCell = (cell: GridCell, x: number): boolean => x >= cell.first && x < cell.first + cell.count;
  let moved = 0;
  for (let r = 0; r + 1 < rows.length; r++) {
    const upper = rows[r];
    const lower = rows[r + 1];
    if (upper.confirmed || lower.confirmed) continue;
    // candidates: the last sentence of k1 or k2 in the upper row moving down, or the first of the lower row moving up
    let best: { side: 0 | 1; x: number; down: boolean; odds: number } | null = null;
    for (const side of [0, 1] as const) {
      const k = side === 0 ? k1 : k2;
      const o = side === 0 ? k2 : k1;
      for (const down of [true, false]) {
        const from = down ? upper : lower;
        const to = down ? lower : upper;
        if (from.cells[k].count === 0) continue;
        // a move that would leave its row with no sentence at all would merge two rows: not ours to do
        if (from.cells.every((c, v) => v === k ? c.count === 1 : c.count === 0)) continue;
        const x = down ? from.cells[k].first + from.cells[k].count - 1 : from.cells[k].first;
        const bead = beadOf[side].get(x);
        if (!bead) continue;
        const own = side === 0 ? bead.src : bead.tgt;
        const partners = side === 0 ? bead.tgt : bead.src;
        // the whole direct bead must land in the destination row, more surely than the grid's row holds it
        if (own.length !== 1 || partners.length === 0 || !partners.every((y) => inCell(to.cells[o], y))) continue;
        const p = held(k, x);
        if (bead.confidence <= p) continue;
        const odds = 1 - agreeingOdds(p, bead.confidence);
        if (!best || odds > best.odds) best = { side, x, down, odds };
      }
    }
    if (!best) continue;
    const k = best.side === 0 ? k1 : k2;
    const from = best.down ? upper : lower;
    const to = best.down ? lower : upper;
    if (best.down) {
      from.cells[k].count--;
      to.cells[k].first = best.x;
      to.cells[k].count++;
    } else {
      from.cells[k].first = best.x + 1;
      from.cells[k].count--;
      to.cells[k].count++;
    }
    const ceiling = Math.round(best.odds * 1000) / 1000;
    for (const row of [from, to]) row.confidence = row.confidence === null ? ceiling : Math.min(row.confidence, ceiling);
    moved++;
  }
  return moved;
}

/**
 * Checks the pairing of versions k1 and k2 that the grid implies (row by row) against a direct
 * alignment of the two. A row disagrees with a direct bead that pairs one of the row's k1 or k2
 * sentences with a sentence of another row, or that leaves one of them without a partner while the
 * row gives it one. The row's confidence then becomes the odds that the grid is right after all, its
 * own confidence weighed against the direct bead's (agreeingOdds), and the row is marked disputed when
 * that lowers it. Returns how many rows disagree.
 */
export function crossCheckRows(rows: GridRow[], k1: number, k2: number, direct: Bead[]): number {
  const rowOf1: number[] = [];
  const rowOf2: number[] = [];
  rows.forEach((row, r) => {
    for (let x = 0; x < row.cells[k1].count; x++) rowOf1[row.cells[k1].first + x] = r;
    for (let x = 0; x < row.cells[k2].count; x++) rowOf2[row.cells[k2].first + x] = r;
  });
  const doubt = new Map<number, number>();
  const note = (r: number | undefined, confidence: number): void => {
    if (r === undefined) return;
    doubt.set(r, Math.max(doubt.get(r) ?? 0, confidence));
  };
  for (const bead of direct) {
    const touched = new Set<number>();
    for (const i of bead.src) if (rowOf1[i] !== undefined) touched.add(rowOf1[i]);
    for (const j of bead.tgt) if (rowOf2[j] !== undefined) touched.add(rowOf2[j]);
    if (touched.size > 1) {
      for (const r of touched) note(r, bead.confidence);
      continue;
    }
    // a sentence the direct alignment leaves alone, in a row that pairs it with the other version
    const [r] = touched;
    if (r === undefined) continue;
    const alone = bead.src.length === 0 || bead.tgt.length === 0;
    if (alone && rows[r].cells[k1].count > 0 && rows[r].cells[k2].count > 0) note(r, bead.confidence);
  }
  for (const [r, confidence] of doubt) {
    const row = rows[r];
    const ceiling = Math.round(agreeingOdds(row.confidence ?? 0.5, confidence) * 1000) / 1000;
    if (row.confidence !== null && row.confidence <= ceiling) continue; // the direct alignment is too unsure to count
    row.confidence = ceiling;
    row.disputed = true;
  }
  return doubt.size;
}

/** The grid through the pivot, and how surely the pivot alignment holds each sentence of each other version. */
function gridThroughPivot(versions: AlignSide[], pivot: number, alignPairwise: PairAligner): { rows: GridRow[]; held: (k: number, x: number) => number } {
  const pivotCount = versions[pivot].sentences.length;
  const others = versions.map((_, k) => k).filter((k) => k !== pivot);
  if (others.length === 0) {
    const rows: GridRow[] = versions[pivot].sentences.map((_, i) => ({
      cells: [{ first: i, count: 1 }],
      confidence: null,
      origin: 'auto',
      confirmed: false,
    }));
    return { rows, held: () => 1 };
  }
  const placed = new Map<number, PlacedBead[]>();
  for (const k of others) placed.set(k, placeBeads(alignPairwise(versions[pivot], versions[k])));
  const heldBy = new Map<number, Float64Array>();
  for (const k of others) {
    const held = new Float64Array(versions[k].sentences.length).fill(1);
    for (const b of placed.get(k)!) for (let x = b.first; x < b.first + b.count; x++) held[x] = b.confidence;
    heldBy.set(k, held);
  }
  const held = (k: number, x: number): number => heldBy.get(k)?.[x] ?? 1;

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
  return { rows, held };
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
