// The row of the three-column view that holds one sentence, pure, from the beads around it alone:
// what the concordance needs for each hit, where deriving every row of the hit's work (reading all
// its beads) would cost a hundred times more. The rows between two cuts of every pivot pair are the
// same whatever comes before or after them (grid-view.ts derives them the same way from any such
// cut), so the row is found by deriving the stretch between the nearest common cuts around the
// sentence. findRow reads a window of each pair's beads through the caller's reader (SQL on an
// index in the app, arrays in the tests) and widens it until it holds a common cut on either side.
import type { GridRow } from './grid.ts';
import { deriveRowsFrom, pivotPairsOf, type GridLayout, type ViewRow } from './grid-view.ts';
import { rowHolding } from './grid-view-edits.ts';

/**
 * `slices[q]`: consecutive beads of layout pair q. For a pivot pair, every bead whose pivot side starts
 * in the window (the caller's pivot range); for another pair, every bead whose first side starts
 * among the sentences the pivot slices reach in that column.
 */
export function locateRow(layout: GridLayout, slices: GridRow[][], target: { column: number; ordinal: number }): ViewRow | null {
  const { pivotPairs } = pivotPairsOf(layout);
  if (pivotPairs.length === 0) {
    if (target.column !== layout.pivot) return null;
    const cells = Array.from({ length: layout.columns }, (_, k) => (k === layout.pivot ? { first: target.ordinal, count: 1 } : { first: 0, count: 0 }));
    return { cells, confidence: null, origin: 'auto', confirmed: false };
  }
  // the pivot range the sentence belongs to: its own place, or the pivot point of a one-sided bead
  let t0: number;
  let t1: number;
  if (target.column === layout.pivot) {
    t0 = target.ordinal;
    t1 = target.ordinal + 1;
  } else {
    const k = pivotPairs.findIndex((pp) => pp.column === target.column);
    if (k < 0) return null;
    const side = pivotPairs[k].pivotSide;
    const bead = slices[pivotPairs[k].pair].find((b) => {
      const c = b.cells[1 - side];
      return c.count > 0 && c.first <= target.ordinal && target.ordinal < c.first + c.count;
    });
    if (!bead) return null;
    const p = bead.cells[side];
    t0 = p.first;
    t1 = p.first + p.count;
  }
  // the cuts each pivot pair is known to have inside its slice, and the ones they share
  let common: Set<number> | undefined;
  for (const pp of pivotPairs) {
    const cuts = new Set<number>();
    for (const b of slices[pp.pair]) {
      const c = b.cells[pp.pivotSide];
      if (c.count === 0) continue;
      cuts.add(c.first);
      cuts.add(c.first + c.count);
    }
    const before: Set<number> | undefined = common;
    common = before === undefined ? cuts : new Set([...before].filter((x) => cuts.has(x)));
  }
  let lo = -1;
  let hi = -1;
  for (const x of common ?? []) {
    if (x <= t0 && x > lo) lo = x;
    if (x >= t1 && (hi < 0 || x < hi)) hi = x;
  }
  if (lo < 0 || hi < 0) return null;
  const next = new Array<number>(layout.columns).fill(0);
  next[layout.pivot] = lo;
  const pointers = pivotPairs.map((pp) => {
    const beads = slices[pp.pair];
    let i = 0;
    while (i < beads.length && beads[i].cells[pp.pivotSide].first < lo) i++;
    const other = 1 - pp.pivotSide;
    const last = beads[beads.length - 1];
    next[pp.column] = i < beads.length ? beads[i].cells[other].first : last ? last.cells[other].first + last.cells[other].count : 0;
    return i;
  });
  const rows = deriveRowsFrom(layout, slices, { e: lo, next, pointers }, hi);
  const r = rowHolding(rows, target.column, target.ordinal);
  return r < 0 ? null : rows[r];
}

/** How findRow reads a pair's beads (q: index in layout.pairs). */
export interface BeadReader {
  /** the bead of pair q holding sentence `ordinal` of side `side` */
  beadHolding(q: number, side: 0 | 1, ordinal: number): GridRow | undefined;
  /** the beads of pair q whose side `side` starts at a sentence in [from, to], in order */
  beadsStartingIn(q: number, side: 0 | 1, from: number, to: number): GridRow[];
}

/**
 * The row holding sentence `ordinal` of `column`, read through `reader` in windows around the
 * sentence's pivot point that grow fourfold until they hold the row; `pivotCount` (the pivot's
 * sentences) bounds them. Null when the sentence is in no bead (or no row).
 */
export function findRow(layout: GridLayout, reader: BeadReader, target: { column: number; ordinal: number }, pivotCount: number): ViewRow | null {
  const pivotSideOf = (q: number): 0 | 1 | null => (layout.pairs[q].x === layout.pivot ? 0 : layout.pairs[q].y === layout.pivot ? 1 : null);
  let point = target.ordinal;
  if (target.column !== layout.pivot) {
    const q = layout.pairs.findIndex((p, k) => pivotSideOf(k) !== null && (p.x === target.column || p.y === target.column));
    if (q < 0) return null;
    const side = pivotSideOf(q)!;
    const bead = reader.beadHolding(q, side === 0 ? 1 : 0, target.ordinal);
    if (!bead) return null;
    point = bead.cells[side].first;
  }
  for (let margin = 12; ; margin *= 4) {
    const lo = Math.max(0, point - margin);
    const hi = point + margin;
    const slices: GridRow[][] = layout.pairs.map(() => []);
    // per column, the sentences the pivot slices reach: where the other pairs' beads are read
    const reach = new Map<number, [number, number]>();
    layout.pairs.forEach((p, q) => {
      const side = pivotSideOf(q);
      if (side === null) return;
      slices[q] = reader.beadsStartingIn(q, side, lo, hi);
      const other = side === 0 ? 1 : 0;
      const column = side === 0 ? p.y : p.x;
      const range = reach.get(column) ?? [Number.MAX_SAFE_INTEGER, 0];
      for (const b of slices[q]) {
        range[0] = Math.min(range[0], b.cells[other].first);
        range[1] = Math.max(range[1], b.cells[other].first + b.cells[other].count);
      }
      reach.set(column, range);
    });
    layout.pairs.forEach((p, q) => {
      if (pivotSideOf(q) !== null) return;
      const range = reach.get(p.x);
      if (range && range[0] <= range[1]) slices[q] = reader.beadsStartingIn(q, 0, range[0], range[1]);
    });
    const row = locateRow(layout, slices, target);
    if (row || (lo === 0 && hi >= pivotCount)) return row;
  }
}
