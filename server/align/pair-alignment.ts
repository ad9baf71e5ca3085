// The alignment of one pair of versions, pure: beads in order, each a contiguous range of sentences
// on side a and on side b (GridRow with two cells). Invariant: taken in order, the beads cover each
// side's sentences exactly once (checkGrid); a bead with both sides empty is a placeholder the user
// inserted in the pair view, at most one at a point. The primitives here are what the three-column
// view's edits are made of (grid-view-edits.ts): a boundary between two beads is a *cut*, a point
// (a, b) in sentence coordinates, and an edit moves, removes or adds cuts.
import type { Bead } from './types.ts';
import type { GridCell, GridRow } from './grid.ts';

export type Side = 0 | 1;
export interface Point {
  a: number;
  b: number;
}

/** A pair alignment's window replaced: beads [position, position + before.length) become `after`. */
export interface PairWindow {
  position: number;
  before: GridRow[];
  after: GridRow[];
}

export const isPlaceholder = (bead: GridRow): boolean => bead.cells[0].count === 0 && bead.cells[1].count === 0;
export const startOf = (bead: GridRow): Point => ({ a: bead.cells[0].first, b: bead.cells[1].first });
export const endOf = (bead: GridRow): Point => ({ a: bead.cells[0].first + bead.cells[0].count, b: bead.cells[1].first + bead.cells[1].count });
const samePoint = (p: Point, q: Point): boolean => p.a === q.a && p.b === q.b;

/**
 * The order key of a bead as the database keeps it: beads are ordered by where they start, a
 * placeholder before the bead that starts at its point. Strictly increasing along a valid alignment.
 */
export function beadOrder(bead: GridRow): number {
  return 2 * (bead.cells[0].first + bead.cells[1].first) + (isPlaceholder(bead) ? 0 : 1);
}

const clone = (bead: GridRow): GridRow => ({ ...bead, cells: bead.cells.map((c) => ({ ...c })) });
const manual = (cells: GridCell[]): GridRow => ({ cells, origin: 'manual', confidence: null, confirmed: false });

/** The beads the aligner returned, as a pair alignment (automatic, unconfirmed). */
export function beadsFromAligner(beads: Bead[]): GridRow[] {
  let a = 0;
  let b = 0;
  return beads.map((bead) => {
    const row: GridRow = {
      cells: [
        { first: bead.src.length ? bead.src[0] : a, count: bead.src.length },
        { first: bead.tgt.length ? bead.tgt[0] : b, count: bead.tgt.length },
      ],
      origin: 'auto',
      confidence: bead.confidence,
      confirmed: false,
    };
    a = row.cells[0].first + row.cells[0].count;
    b = row.cells[1].first + row.cells[1].count;
    return row;
  });
}

/** The beads as the aligner's notation lines, `[i,j]:[k]` (0-based ordinals); placeholders are left out. */
export function beadNotation(beads: GridRow[]): string[] {
  const range = (c: GridCell) => Array.from({ length: c.count }, (_, i) => c.first + i).join(',');
  return beads.filter((b) => !isPlaceholder(b)).map((b) => `[${range(b.cells[0])}]:[${range(b.cells[1])}]`);
}

/** The first bead whose order key is at least `key` (binary search). */
export function lowerBound(beads: GridRow[], key: number): number {
  let lo = 0;
  let hi = beads.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (beadOrder(beads[mid]) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The index of the cut at `point`: the position i such that the beads before i end exactly at the
 * point and the beads from i on start there (before a placeholder sitting at it), or -1 when the
 * alignment has no cut there (a bead straddles the point).
 */
export function cutIndexAt(beads: GridRow[], point: Point): number {
  const lo = lowerBound(beads, 2 * (point.a + point.b));
  const before = lo === 0 ? { a: 0, b: 0 } : endOf(beads[lo - 1]);
  if (!samePoint(before, point)) return -1;
  if (lo < beads.length && !samePoint(startOf(beads[lo]), point)) return -1;
  return lo;
}

/** A window that replaces nothing is no change. */
const windowOf = (beads: GridRow[], from: number, to: number, after: GridRow[]): PairWindow => ({
  position: from,
  before: beads.slice(from, to),
  after,
});

/**
 * Moves one sentence of `side` across the cut at index `cut`: `up` takes the first sentence of that
 * side after the cut into the last bead before it; down takes the last one before the cut into the
 * first bead after it. Beads passed over (they hold no sentence of that side) stay as they are, and
 * only their empty range moves. A bead left with no sentence disappears.
 */
export function moveAcrossCut(beads: GridRow[], cut: number, side: Side, direction: 'up' | 'down'): PairWindow | null {
  if (cut <= 0 || cut >= beads.length) return null;
  if (direction === 'up') {
    let j = cut;
    while (j < beads.length && beads[j].cells[side].count === 0) j++;
    if (j === beads.length) return null;
    const s = beads[j].cells[side].first;
    const window = beads.slice(cut - 1, j + 1).map(clone);
    const target = window[0];
    target.cells[side] = { first: target.cells[side].count ? target.cells[side].first : s, count: target.cells[side].count + 1 };
    window[0] = manual(target.cells);
    for (let k = 1; k < window.length - 1; k++) window[k].cells[side].first = s + 1;
    const source = window[window.length - 1];
    window[window.length - 1] = manual([...source.cells.map((c, t) => (t === side ? { first: c.first + 1, count: c.count - 1 } : c))]);
    const after = isPlaceholder(window[window.length - 1]) ? window.slice(0, -1) : window;
    return windowOf(beads, cut - 1, j + 1, after);
  }
  let j = cut - 1;
  while (j >= 0 && beads[j].cells[side].count === 0) j--;
  if (j < 0) return null;
  const s = beads[j].cells[side].first + beads[j].cells[side].count - 1;
  const window = beads.slice(j, cut + 1).map(clone);
  const source = window[0];
  window[0] = manual(source.cells.map((c, t) => (t === side ? { first: c.first, count: c.count - 1 } : c)));
  for (let k = 1; k < window.length - 1; k++) window[k].cells[side].first = s;
  const target = window[window.length - 1];
  window[window.length - 1] = manual(target.cells.map((c, t) => (t === side ? { first: s, count: c.count + 1 } : c)));
  const after = isPlaceholder(window[0]) ? window.slice(1) : window;
  return windowOf(beads, j, cut + 1, after);
}

/** Joins the beads on either side of the cut at index `cut` into one. */
export function joinAtCut(beads: GridRow[], cut: number): PairWindow | null {
  if (cut <= 0 || cut >= beads.length) return null;
  const [x, y] = [beads[cut - 1], beads[cut]];
  const cells = x.cells.map((c, t) => (c.count > 0 ? { first: c.first, count: c.count + y.cells[t].count } : { ...y.cells[t] }));
  return windowOf(beads, cut - 1, cut + 1, [manual(cells)]);
}

/**
 * Makes `point` a cut: the beads that straddle it are joined and cut there. Within [lowest, highest)
 * (bead indices), a one-sided piece left by the cut joins its neighbour on the same side of the cut,
 * so that a sentence the cut separates from its partner stays with the rest of its part rather than
 * standing alone (bounds that admit no neighbour, e.g. lowest = length, highest = 0, cut only). Returns null when the point is a cut already; refuses (undefined) a point outside
 * the alignment.
 */
export function cutAtPoint(beads: GridRow[], point: Point, bounds?: { lowest: number; highest: number }): PairWindow | null | undefined {
  if (cutIndexAt(beads, point) >= 0) return null;
  const isBefore = (bead: GridRow) => {
    const e = endOf(bead);
    return e.a <= point.a && e.b <= point.b;
  };
  const isAfter = (bead: GridRow) => {
    const s = startOf(bead);
    return s.a >= point.a && s.b >= point.b;
  };
  // the beads that straddle the point are contiguous, around where its order key falls
  let i = lowerBound(beads, 2 * (point.a + point.b));
  while (i > 0 && !isBefore(beads[i - 1])) i--;
  while (i < beads.length && isBefore(beads[i]) && !isAfter(beads[i])) i++;
  let j = i;
  while (j < beads.length && !isAfter(beads[j])) j++;
  if (j === i) return undefined;
  const first = i;
  const last = j - 1;
  const s = startOf(beads[first]);
  const e = endOf(beads[last]);
  if (point.a < s.a || point.b < s.b || point.a > e.a || point.b > e.b) return undefined;
  let from = first;
  let to = last + 1;
  let top: GridRow | null = manual([
    { first: s.a, count: point.a - s.a },
    { first: s.b, count: point.b - s.b },
  ]);
  let bottom: GridRow | null = manual([
    { first: point.a, count: e.a - point.a },
    { first: point.b, count: e.b - point.b },
  ]);
  if (isPlaceholder(top)) top = null;
  if (isPlaceholder(bottom)) bottom = null;
  const oneSided = (bead: GridRow | null) => bead !== null && (bead.cells[0].count === 0 || bead.cells[1].count === 0);
  const lowest = bounds?.lowest ?? 0;
  const highest = bounds?.highest ?? beads.length;
  if (oneSided(top) && from - 1 >= lowest && !isPlaceholder(beads[from - 1])) {
    const neighbour = beads[from - 1];
    top = manual(neighbour.cells.map((c, t) => ({ first: c.count ? c.first : top!.cells[t].first, count: c.count + top!.cells[t].count })));
    from--;
  }
  if (oneSided(bottom) && to < highest && !isPlaceholder(beads[to])) {
    const neighbour = beads[to];
    bottom = manual(bottom!.cells.map((c, t) => ({ first: c.count ? c.first : neighbour.cells[t].first, count: c.count + neighbour.cells[t].count })));
    to++;
  }
  return windowOf(beads, from, to, [top, bottom].filter((b): b is GridRow => b !== null));
}

/** Applies a window to a whole alignment (the model the database follows). */
export function applyPairWindow(beads: GridRow[], window: PairWindow): GridRow[] {
  // slice + concat copy the untouched beads as a block (a spread walks them one by one)
  return beads.slice(0, window.position).concat(window.after.map(clone), beads.slice(window.position + window.before.length));
}

/** Moves the ordinals of one side from `from` on by `delta` (a sentence split or merge). */
export function shiftPairSide(beads: GridRow[], side: Side, from: number, delta: number): GridRow[] {
  return beads.map((bead) =>
    bead.cells[side].first >= from ? { ...bead, cells: bead.cells.map((c, t) => (t === side ? { first: c.first + delta, count: c.count } : c)) } : bead,
  );
}

/** Throws unless the beads cover sentences 0..countA-1 and 0..countB-1 in order, placeholders at distinct points. */
export function checkPair(beads: GridRow[], countA: number, countB: number): void {
  let a = 0;
  let b = 0;
  let lastPlaceholder: number | null = null;
  beads.forEach((bead, i) => {
    const [ca, cb] = bead.cells;
    if (bead.cells.length !== 2) throw new Error(`bead ${i} has ${bead.cells.length} sides`);
    if (ca.count > 0 && ca.first !== a) throw new Error(`bead ${i}: side a starts at ${ca.first}, expected ${a}`);
    if (cb.count > 0 && cb.first !== b) throw new Error(`bead ${i}: side b starts at ${cb.first}, expected ${b}`);
    if (ca.count === 0 && ca.first !== a) throw new Error(`bead ${i}: empty side a sits at ${ca.first}, expected ${a}`);
    if (cb.count === 0 && cb.first !== b) throw new Error(`bead ${i}: empty side b sits at ${cb.first}, expected ${b}`);
    if (isPlaceholder(bead)) {
      if (lastPlaceholder === beadOrder(bead)) throw new Error(`bead ${i}: two placeholders at one point`);
      lastPlaceholder = beadOrder(bead);
    }
    a += ca.count;
    b += cb.count;
  });
  if (a !== countA) throw new Error(`side a: beads cover ${a} of ${countA} sentences`);
  if (b !== countB) throw new Error(`side b: beads cover ${b} of ${countB} sentences`);
}

/**
 * The window that turns `before` into `after`, two versions of one alignment that share their
 * untouched beads (as applyPairWindow leaves them): the common head and tail are cut off.
 */
export function diffPairs(before: GridRow[], after: GridRow[], known?: { head: number; tail: number }): PairWindow | null {
  // `known`: how many beads at the start and at the end are known to be the very same (not compared again)
  let head = Math.min(known?.head ?? 0, before.length, after.length);
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = Math.min(known?.tail ?? 0, before.length - head, after.length - head);
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  if (head === before.length && head === after.length) return null;
  return { position: head, before: before.slice(head, before.length - tail), after: after.slice(head, after.length - tail) };
}

/** The index of the bead holding sentence `ordinal` of `side`, or -1 (binary search). */
export function beadHolding(beads: GridRow[], side: Side, ordinal: number): number {
  let lo = 0;
  let hi = beads.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = beads[mid].cells[side];
    if (c.first + c.count <= ordinal) lo = mid + 1;
    else hi = mid;
  }
  while (lo < beads.length && beads[lo].cells[side].count === 0) lo++;
  if (lo === beads.length) return -1;
  const c = beads[lo].cells[side];
  return ordinal >= c.first && ordinal < c.first + c.count ? lo : -1;
}

/** A shift of one side's later ordinals, applied before the window (sentence split and merge). */
export interface SideShift {
  side: Side;
  from: number;
  delta: number;
}

/** Sentence `ordinal` of `side` becomes two: the bead holding it holds both; later ordinals move up by one. */
export function splitSentenceInPair(beads: GridRow[], side: Side, ordinal: number): { window: PairWindow; shift: SideShift } | null {
  const i = beadHolding(beads, side, ordinal);
  if (i < 0) return null;
  const after = clone(beads[i]);
  after.cells[side].count++;
  return { shift: { side, from: ordinal + 1, delta: 1 }, window: { position: i, before: [beads[i]], after: [after] } };
}

/**
 * Sentence `ordinal` of `side` absorbs `ordinal + 1`: the bead holding the second loses it (and goes
 * when nothing is left in it); later ordinals move down by one.
 */
export function mergeSentencesInPair(beads: GridRow[], side: Side, ordinal: number): { window: PairWindow; shift: SideShift } | null {
  const i = beadHolding(beads, side, ordinal);
  const j = beadHolding(beads, side, ordinal + 1);
  if (i < 0 || j < 0) return null;
  const window = beads.slice(i, j + 1).map(clone);
  if (i === j) window[0].cells[side].count--;
  else window[window.length - 1].cells[side].count--;
  const after = window.filter((bead, k) => k === 0 || !isPlaceholder(bead));
  return { shift: { side, from: ordinal + 2, delta: -1 }, window: { position: i, before: beads.slice(i, j + 1), after } };
}
