// The three-column view, pure: the rows of a work computed from its stored pair alignments through
// the pivot. Rows are the finest segmentation every pivot pair (en-ru, en-zh) agrees on: a row is a
// connected group of pivot beads (beads of different pairs that share a pivot sentence belong to one
// row). Sentences the pivot lacks (one-sided beads sitting between two rows) form rows of their own,
// grouped with each other where a non-pivot pair (ru-zh) pairs them. Placeholders (empty beads of a
// pair view) are not rows here. Nothing is stored about rows: every fact a row shows — cells,
// confidence, confirmation, where finer beads fall inside it, where ru-zh disagrees — is read off the
// pairs, and an edit of a row is an edit of pairs (grid-view-edits.ts).
import type { GridCell, GridRow } from './grid.ts';
import { isPlaceholder } from './pair-alignment.ts';

/** The columns of a work's view and the pairs stored among them (side a in column x, side b in y). */
export interface GridLayout {
  columns: number;
  pivot: number;
  pairs: Array<{ x: number; y: number }>;
}

/** A disagreement of a non-pivot pair with the rows: the bead it concerns and what kind. */
export interface RowDispute {
  pair: number;
  bead: number;
  /** straddles: the bead pairs sentences of this row with sentences of another; unpaired: it leaves a sentence of this row alone while the row gives it a partner */
  kind: 'straddles' | 'unpaired';
}

/**
 * A row: its sentences per column and what its beads say of it. Which beads those are (per pair) and
 * where a non-pivot pair disputes it are read off the pairs when needed (rowBeads, rowDisputes), so
 * that an edit changes only the rows around it and no index needs moving in the rows after.
 */
export interface ViewRow {
  cells: GridCell[];
  confidence: number | null;
  origin: 'auto' | 'manual';
  confirmed: boolean;
}

interface PivotPair {
  pair: number;
  /** the side of the pair's beads that is the pivot */
  pivotSide: 0 | 1;
  column: number;
}

/** Which pairs link the pivot to each other column, and which are non-pivot (for grouping and disputes). */
export function pivotPairsOf(layout: GridLayout): { pivotPairs: PivotPair[]; others: number[] } {
  const pivotPairs: PivotPair[] = [];
  const others: number[] = [];
  layout.pairs.forEach((p, i) => {
    if (p.x === layout.pivot) pivotPairs.push({ pair: i, pivotSide: 0, column: p.y });
    else if (p.y === layout.pivot) pivotPairs.push({ pair: i, pivotSide: 1, column: p.x });
    else others.push(i);
  });
  for (let k = 0; k < layout.columns; k++) {
    if (k !== layout.pivot && !pivotPairs.some((p) => p.column === k)) throw new Error(`column ${k} has no pair with the pivot`);
  }
  return { pivotPairs, others };
}

/** Sentences per column, read off the pairs (a column's count is the same in every pair it is in). */
export function columnSentenceCounts(layout: GridLayout, pairBeads: GridRow[][]): number[] {
  const counts = new Array<number>(layout.columns).fill(-1);
  layout.pairs.forEach((p, i) => {
    const beads = pairBeads[i];
    const last = beads[beads.length - 1];
    const end = (side: 0 | 1) => (last ? last.cells[side].first + last.cells[side].count : 0);
    if (counts[p.x] < 0) counts[p.x] = end(0);
    if (counts[p.y] < 0) counts[p.y] = end(1);
  });
  return counts.map((c) => Math.max(0, c));
}

/**
 * The rows of the view. `pivotCount` is the number of pivot sentences (needed when the work has only
 * the pivot column; otherwise the pairs tell).
 */
export function deriveGridRows(layout: GridLayout, pairBeads: GridRow[][], pivotCount?: number): ViewRow[] {
  const { pivotPairs } = pivotPairsOf(layout);
  const counts = columnSentenceCounts(layout, pairBeads);
  const nPivot = pivotPairs.length ? counts[layout.pivot] : (pivotCount ?? 0);
  if (pivotPairs.length === 0) {
    const rows: ViewRow[] = [];
    for (let i = 0; i < nPivot; i++) {
      const cells = Array.from({ length: layout.columns }, (_, k) => (k === layout.pivot ? { first: i, count: 1 } : { first: 0, count: 0 }));
      rows.push({ cells, confidence: null, origin: 'auto', confirmed: false });
    }
    return rows;
  }
  return deriveSegment(layout, pairBeads, { e: 0, next: new Array<number>(layout.columns).fill(0), pointers: pivotPairs.map(() => 0) }, nPivot);
}

/** Where a stretch of rows starts: a cut of every pivot pair (see deriveRowsFrom). */
export interface RowBoundary {
  /** the pivot point */
  e: number;
  /** per column, the place of its next sentence there */
  next: number[];
  /** per pivot pair (pivotPairsOf order), the index of its first bead at or after the point */
  pointers: number[];
}

/**
 * The rows between two cuts of every pivot pair, from the beads there alone (for the rows around a
 * sentence without deriving a whole work: row-locator.ts). `pairBeads` may be slices of each pair
 * holding every bead in the stretch, `start.pointers` indexing into them.
 */
export function deriveRowsFrom(layout: GridLayout, pairBeads: GridRow[][], start: RowBoundary, end: number): ViewRow[] {
  return deriveSegment(layout, pairBeads, start, end);
}

/**
 * The rows from a row boundary on: pivot point `start.e`, the place of the next sentence of each
 * column, and each pivot pair's first bead there; up to pivot point `end` (the one-sided beads sitting
 * at `end` included, as they come before the row that starts there).
 */
function deriveSegment(layout: GridLayout, pairBeads: GridRow[][], start: { e: number; next: number[]; pointers: number[] }, end: number): ViewRow[] {
  const { pivotPairs, others } = pivotPairsOf(layout);
  const rows: ViewRow[] = [];
  // plain loops over arrays: a whole work's rows are derived when it is first read
  const np = pivotPairs.length;
  const lists = pivotPairs.map((pp) => pairBeads[pp.pair]);
  const pivotSide = pivotPairs.map((pp) => pp.pivotSide);
  const otherColumn = pivotPairs.map((pp) => pp.column);
  const pointer = start.pointers.slice();
  const first = new Array<number>(np).fill(0);
  // where the next sentence of each column would be (the place of an empty cell)
  const next = start.next.slice();

  let e = start.e;
  for (;;) {
    // one-sided beads of the pivot pairs sitting at pivot point e: rows of their own
    let insertions = false;
    const groups: Array<{ from: number; to: number }> = new Array(np);
    for (let k = 0; k < np; k++) {
      const beads = lists[k];
      const side = pivotSide[k];
      const from = pointer[k];
      let i = from;
      while (i < beads.length && beads[i].cells[side].count === 0) {
        if (beads[i].cells[1 - side].count > 0) insertions = true;
        i++;
      }
      pointer[k] = i;
      groups[k] = { from, to: i };
    }
    if (insertions) {
      for (const row of insertionRows(layout, pivotPairs, others, pairBeads, groups, next)) rows.push(row);
    }
    if (e >= end) break;
    // a row with pivot sentences: grow it until every pivot pair has a bead boundary at its end
    for (let k = 0; k < np; k++) first[k] = pointer[k];
    let t = e + 1;
    let grew = true;
    while (grew) {
      grew = false;
      for (let k = 0; k < np; k++) {
        const beads = lists[k];
        const side = pivotSide[k];
        let i = pointer[k];
        while (i < beads.length) {
          const pivot = beads[i].cells[side];
          const inside = pivot.count > 0 ? pivot.first < t : pivot.first < t && (pivot.first > e || beads[i].cells[1 - side].count === 0);
          if (!inside) break;
          if (pivot.first + pivot.count > t) t = pivot.first + pivot.count;
          i++;
          grew = true;
        }
        pointer[k] = i;
      }
    }
    const cells: GridCell[] = new Array(layout.columns);
    cells[layout.pivot] = { first: e, count: t - e };
    let confidence: number | null = 1;
    let manual = false;
    let confirmed = true;
    for (let k = 0; k < np; k++) {
      const beads = lists[k];
      const other = 1 - pivotSide[k];
      let at = -1;
      let count = 0;
      for (let i = first[k]; i < pointer[k]; i++) {
        const bead = beads[i];
        const c = bead.cells[other];
        if (c.count === 0 && bead.cells[1 - other].count === 0) continue;
        if (c.count > 0 && at < 0) at = c.first;
        count += c.count;
        if (bead.origin === 'manual' || bead.confidence === null) manual = true;
        else if (confidence !== null && bead.confidence < confidence) confidence = bead.confidence;
        if (!bead.confirmed) confirmed = false;
      }
      const column = otherColumn[k];
      cells[column] = { first: at < 0 ? next[column] : at, count };
    }
    for (let k = 0; k < layout.columns; k++) next[k] = cells[k].first + cells[k].count;
    rows.push({ cells, confidence: manual ? null : confidence, origin: manual ? 'manual' : 'auto', confirmed });
    e = t;
  }
  return rows;
}

/**
 * The rows for the one-sided beads of the pivot pairs at one pivot point: each bead's sentences stay
 * together, and a non-pivot pair's bead lying wholly among them joins what it pairs; the groups that
 * result are ordered along every column. When they cannot be (the pairs disagree), all of them make
 * one row.
 */
function insertionRows(
  layout: GridLayout,
  pivotPairs: PivotPair[],
  others: number[],
  pairBeads: GridRow[][],
  groups: Array<{ from: number; to: number }>,
  next: number[],
): ViewRow[] {
  // the sentences involved, per column: [lo, hi)
  const lo = [...next];
  const hi = [...next];
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (parent.get(y) !== r) {
      const up = parent.get(y)!;
      parent.set(y, r);
      y = up;
    }
    return r;
  };
  const union = (x: string, y: string) => parent.set(find(x), find(y));
  const node = (column: number, ordinal: number) => `${column}:${ordinal}`;
  const used: Array<{ pair: number; bead: number; node: string }> = [];
  pivotPairs.forEach((pp, k) => {
    const beads = pairBeads[pp.pair];
    for (let i = groups[k].from; i < groups[k].to; i++) {
      const bead = beads[i];
      if (isPlaceholder(bead)) continue;
      const other = bead.cells[1 - pp.pivotSide];
      if (lo[pp.column] === hi[pp.column]) lo[pp.column] = other.first;
      hi[pp.column] = other.first + other.count;
      for (let x = other.first; x < other.first + other.count; x++) parent.set(node(pp.column, x), node(pp.column, x));
      for (let x = other.first + 1; x < other.first + other.count; x++) union(node(pp.column, x), node(pp.column, other.first));
      used.push({ pair: pp.pair, bead: i, node: node(pp.column, other.first) });
    }
  });
  for (const q of others) {
    const { x: cx, y: cy } = layout.pairs[q];
    const beads = pairBeads[q];
    // the beads of q that lie wholly among the sentences involved
    for (let i = firstBeadReaching(beads, lo[cx], lo[cy]); i < beads.length; i++) {
      const [a, b] = beads[i].cells;
      if (a.first >= hi[cx] && b.first >= hi[cy]) break;
      if (isPlaceholder(beads[i])) continue;
      const inside = (c: GridCell, column: number) => c.count === 0 || (c.first >= lo[column] && c.first + c.count <= hi[column]);
      if (!inside(a, cx) || !inside(b, cy) || a.count === 0 || b.count === 0) continue;
      const nodes = [...range(a, cx), ...range(b, cy)];
      if (!nodes.every((n) => parent.has(n))) continue;
      for (const n of nodes.slice(1)) union(n, nodes[0]);
      used.push({ pair: q, bead: i, node: nodes[0] });
    }
  }
  // components, with their range per column
  const components = new Map<string, { root: string; first: number[]; last: number[] }>();
  for (const n of parent.keys()) {
    const root = find(n);
    const [column, ordinal] = n.split(':').map(Number);
    let c = components.get(root);
    if (!c) components.set(root, (c = { root, first: new Array(layout.columns).fill(-1), last: new Array(layout.columns).fill(-1) }));
    if (c.first[column] < 0 || ordinal < c.first[column]) c.first[column] = ordinal;
    if (ordinal > c.last[column]) c.last[column] = ordinal;
  }
  const list = [...components.values()];
  const ordered: typeof list = [];
  const cursor = [...lo];
  let ok = true;
  while (ordered.length < list.length) {
    const ready = list.filter((c) => !ordered.includes(c) && c.first.every((f, column) => f < 0 || f === cursor[column]));
    if (ready.length === 0) {
      ok = false;
      break;
    }
    ready.sort((p, q) => p.first.findIndex((f) => f >= 0) - q.first.findIndex((f) => f >= 0));
    const c = ready[0];
    const size = c.first.map((f, column) => (f < 0 ? 0 : c.last[column] - f + 1));
    if (c.first.some((f, column) => f >= 0 && size[column] !== countIn(parent, find, column, f, c.last[column], c.root))) {
      ok = false;
      break;
    }
    c.first.forEach((f, column) => {
      if (f >= 0) cursor[column] = c.last[column] + 1;
    });
    ordered.push(c);
  }
  const asRow = (cellsOf: (column: number) => GridCell, members: typeof used): ViewRow => {
    const cells = Array.from({ length: layout.columns }, (_, column) => cellsOf(column));
    let confidence: number | null = 1;
    let manual = false;
    let confirmed = true;
    for (const m of members) {
      const bead = pairBeads[m.pair][m.bead];
      if (bead.origin === 'manual' || bead.confidence === null) manual = true;
      else if (confidence !== null) confidence = Math.min(confidence, bead.confidence);
      if (!bead.confirmed) confirmed = false;
    }
    return { cells, confidence: manual ? null : confidence, origin: manual ? 'manual' : 'auto', confirmed };
  };
  const rows: ViewRow[] = [];
  const place = [...next];
  const finish = (row: ViewRow) => {
    row.cells.forEach((cell, column) => {
      if (cell.count === 0) cell.first = place[column];
      place[column] = cell.first + cell.count;
    });
    rows.push(row);
  };
  if (!ok) {
    finish(asRow((column) => ({ first: lo[column], count: hi[column] - lo[column] }), used));
  } else {
    for (const c of ordered) {
      finish(
        asRow(
          (column) => (c.first[column] < 0 ? { first: 0, count: 0 } : { first: c.first[column], count: c.last[column] - c.first[column] + 1 }),
          used.filter((m) => find(m.node) === c.root),
        ),
      );
    }
  }
  for (let column = 0; column < layout.columns; column++) next[column] = place[column];
  return rows;
}

function range(cell: GridCell, column: number): string[] {
  return Array.from({ length: cell.count }, (_, i) => `${column}:${cell.first + i}`);
}

function countIn(parent: Map<string, string>, find: (x: string) => string, column: number, first: number, last: number, root: string): number {
  let n = 0;
  for (let x = first; x <= last; x++) if (parent.has(`${column}:${x}`) && find(`${column}:${x}`) === root) n++;
  return n;
}

/** The first bead of a pair that ends after (a, b) on either side (binary search on the order of beads). */
function firstBeadReaching(beads: GridRow[], a: number, b: number): number {
  let lo = 0;
  let hi = beads.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const [ca, cb] = beads[mid].cells;
    if (ca.first + ca.count <= a && cb.first + cb.count <= b) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first bead of a pair whose order key is at least `key`. */
function lowerBoundKey(beads: GridRow[], key: number): number {
  let lo = 0;
  let hi = beads.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = beads[mid].cells;
    const order = 2 * (a.first + b.first) + (a.count + b.count > 0 ? 1 : 0);
    if (order < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The beads [from, to) of each pair (layout order) that a row is made of: for a pivot pair, the beads
 * between the row's two boundaries (which are cuts of every pivot pair); for a non-pivot pair, the
 * beads that hold any of the row's sentences in its columns.
 */
export function rowBeads(layout: GridLayout, pairBeads: GridRow[][], row: ViewRow): Array<{ from: number; to: number }> {
  return layout.pairs.map((p, q) => {
    const beads = pairBeads[q];
    const rx = row.cells[p.x];
    const ry = row.cells[p.y];
    const x0 = rx.first;
    const x1 = rx.first + rx.count;
    const y0 = ry.first;
    const y1 = ry.first + ry.count;
    if (p.x === layout.pivot || p.y === layout.pivot) {
      // placeholders at either boundary belong to no row
      let from = lowerBoundKey(beads, 2 * (x0 + y0));
      let to = lowerBoundKey(beads, 2 * (x1 + y1));
      while (from < to && isPlaceholder(beads[from])) from++;
      while (to > from && isPlaceholder(beads[to - 1])) to--;
      return { from, to };
    }
    let from = firstBeadReaching(beads, x0, y0);
    let to = from;
    while (to < beads.length) {
      const [a, b] = beads[to].cells;
      if (a.first >= x1 && b.first >= y1) break;
      to++;
    }
    while (from < to && !touchesRow(beads[from], x0, x1, y0, y1)) from++;
    while (to > from && !touchesRow(beads[to - 1], x0, x1, y0, y1)) to--;
    return { from, to };
  });
}

/**
 * Where a non-pivot pair disagrees with a row: a bead pairing sentences of this row with sentences of
 * another, or leaving a sentence of the row alone while the row gives it a partner in the pair's
 * other column.
 */
export function rowDisputes(layout: GridLayout, pairBeads: GridRow[][], row: ViewRow, beads = rowBeads(layout, pairBeads, row)): RowDispute[] {
  const { others } = pivotPairsOf(layout);
  const disputes: RowDispute[] = [];
  for (const q of others) {
    const { x, y } = layout.pairs[q];
    const rx = row.cells[x];
    const ry = row.cells[y];
    if (rx.count === 0 && ry.count === 0) continue;
    const x0 = rx.first;
    const x1 = rx.first + rx.count;
    const y0 = ry.first;
    const y1 = ry.first + ry.count;
    for (let k = beads[q].from; k < beads[q].to; k++) {
      const bead = pairBeads[q][k];
      if (!touchesRow(bead, x0, x1, y0, y1)) continue;
      const [a, b] = bead.cells;
      const inX = a.count === 0 || (a.first >= x0 && a.first + a.count <= x1);
      const inY = b.count === 0 || (b.first >= y0 && b.first + b.count <= y1);
      if (!inX || !inY) disputes.push({ pair: q, bead: k, kind: 'straddles' });
      else if ((a.count === 0 && rx.count > 0) || (b.count === 0 && ry.count > 0)) disputes.push({ pair: q, bead: k, kind: 'unpaired' });
    }
  }
  return disputes;
}

/** A change of one pair, for re-deriving the rows around it: beads [position, position + removed) replaced by `added`, after a shift. */
export interface PairChangeSummary {
  pair: number;
  position: number;
  removed: number;
  added: number;
  /** sentence extent the change concerns on each side, before it ([first, end), in the old numbering) */
  extent: Array<[number, number]>;
  shift?: { side: 0 | 1; from: number; delta: number };
}

/** The first row whose cell in `column` ends after sentence `s` (binary search). */
function rowReaching(rows: ViewRow[], column: number, s: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = rows[mid].cells[column];
    if (c.first + c.count <= s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The rows after an edit, derived again only around what changed: the rows holding the changed
 * sentences (and the one-sided rows next to them) are derived anew from the new pairs; the rows
 * before are kept as they are, the rows after too (their ordinals moved when a sentence was split or
 * merged). Equal to deriveGridRows on the new pairs (tests/align/grid-view.test.ts checks it).
 */
export function rederiveGridRows(layout: GridLayout, oldRows: ViewRow[], newBeads: GridRow[][], changes: PairChangeSummary[]): ViewRow[] {
  const { pivotPairs } = pivotPairsOf(layout);
  if (pivotPairs.length === 0 || oldRows.length === 0) return deriveGridRows(layout, newBeads);
  let lo = oldRows.length;
  let hi = -1;
  for (const change of changes) {
    const p = layout.pairs[change.pair];
    change.extent.forEach(([first, end], side) => {
      const column = side === 0 ? p.x : p.y;
      const a = rowReaching(oldRows, column, first);
      const b = end > first ? rowReaching(oldRows, column, end - 1) : a;
      lo = Math.min(lo, a);
      hi = Math.max(hi, b);
    });
  }
  if (hi < 0) return oldRows;
  const pivot = layout.pivot;
  lo = Math.max(0, Math.min(lo, oldRows.length - 1) - 1);
  while (lo > 0 && oldRows[lo].cells[pivot].count === 0) lo--;
  hi = Math.min(oldRows.length - 1, hi + 1);
  while (hi < oldRows.length - 1 && oldRows[hi + 1].cells[pivot].count === 0) hi++;
  // the region starts at a row with pivot sentences (or the first row): a cut of every pivot pair
  const top = oldRows[lo].cells.map((c) => c.first);
  const startPoint = lo === 0 ? top.map(() => 0) : top;
  // a sentence split or merge moves one column's later ordinals, once, whatever pairs the column is in
  const shifts = new Map<number, { from: number; delta: number }>();
  for (const change of changes) {
    if (!change.shift) continue;
    const p = layout.pairs[change.pair];
    shifts.set(change.shift.side === 0 ? p.x : p.y, { from: change.shift.from, delta: change.shift.delta });
  }
  const pivotShift = shifts.get(pivot);
  const nextPivot = hi === oldRows.length - 1 ? Number.MAX_SAFE_INTEGER : oldRows[hi + 1].cells[pivot].first;
  const endPivot = pivotShift && nextPivot >= pivotShift.from && nextPivot !== Number.MAX_SAFE_INTEGER ? nextPivot + pivotShift.delta : nextPivot;
  const pointers = pivotPairs.map((pp) => {
    const p = layout.pairs[pp.pair];
    return lowerBoundKey(newBeads[pp.pair], 2 * (startPoint[p.x] + startPoint[p.y]));
  });
  const counts = columnSentenceCounts(layout, newBeads);
  const segment = deriveSegment(layout, newBeads, { e: startPoint[pivot], next: startPoint, pointers }, Math.min(endPivot, counts[pivot]));
  if (shifts.size === 0) return oldRows.slice(0, lo).concat(segment, oldRows.slice(hi + 1));
  const tail = oldRows.slice(hi + 1).map((row) => {
    let cells = row.cells;
    for (const [column, shift] of shifts) {
      if (cells[column].first >= shift.from) {
        if (cells === row.cells) cells = cells.slice();
        cells[column] = { first: cells[column].first + shift.delta, count: cells[column].count };
      }
    }
    return cells === row.cells ? row : { ...row, cells };
  });
  return oldRows.slice(0, lo).concat(segment, tail);
}

function touchesRow(bead: GridRow, x0: number, x1: number, y0: number, y1: number): boolean {
  const [a, b] = bead.cells;
  return (a.count > 0 && a.first < x1 && a.first + a.count > x0) || (b.count > 0 && b.first < y1 && b.first + b.count > y0);
}

/**
 * Where the beads of each pair end inside a row's cells: per column, the ordinals after which some
 * pair that holds the column has a bead boundary strictly inside the cell.
 */
export function innerBoundaries(layout: GridLayout, row: ViewRow, pairBeads: GridRow[][], beads = rowBeads(layout, pairBeads, row)): Array<Array<{ after: number; pair: number }>> {
  const result: Array<Array<{ after: number; pair: number }>> = Array.from({ length: layout.columns }, () => []);
  layout.pairs.forEach((p, q) => {
    const { from, to } = beads[q];
    for (let i = from; i < to; i++) {
      const bead = pairBeads[q][i];
      ([[p.x, 0], [p.y, 1]] as const).forEach(([column, side]) => {
        const cell = row.cells[column];
        const end = bead.cells[side].first + bead.cells[side].count;
        if (bead.cells[side].count > 0 && end > cell.first && end < cell.first + cell.count) result[column].push({ after: end - 1, pair: q });
      });
    }
  });
  for (const list of result) list.sort((u, v) => u.after - v.after || u.pair - v.pair);
  return result;
}
