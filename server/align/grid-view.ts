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

export interface ViewRow {
  cells: GridCell[];
  /** per pair (layout order): the beads [from, to) that make up the row or, for a non-pivot pair, touch it */
  beads: Array<{ from: number; to: number }>;
  confidence: number | null;
  origin: 'auto' | 'manual';
  confirmed: boolean;
  disputes: RowDispute[];
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
  const { pivotPairs, others } = pivotPairsOf(layout);
  const counts = columnSentenceCounts(layout, pairBeads);
  const nPivot = pivotPairs.length ? counts[layout.pivot] : (pivotCount ?? 0);
  const rows: ViewRow[] = [];
  const noBeads = () => layout.pairs.map(() => ({ from: 0, to: 0 }));
  if (pivotPairs.length === 0) {
    for (let i = 0; i < nPivot; i++) {
      const cells = Array.from({ length: layout.columns }, (_, k) => (k === layout.pivot ? { first: i, count: 1 } : { first: 0, count: 0 }));
      rows.push({ cells, beads: noBeads(), confidence: null, origin: 'auto', confirmed: false, disputes: [] });
    }
    return rows;
  }
  const pointer = pivotPairs.map(() => 0);
  // where the next sentence of each column would be (the place of an empty cell)
  const next = new Array<number>(layout.columns).fill(0);
  const pivotOf = (k: number, bead: GridRow) => bead.cells[pivotPairs[k].pivotSide];
  const otherOf = (k: number, bead: GridRow) => bead.cells[1 - pivotPairs[k].pivotSide];
  const skipPlaceholders = (k: number) => {
    const beads = pairBeads[pivotPairs[k].pair];
    while (pointer[k] < beads.length && isPlaceholder(beads[pointer[k]])) pointer[k]++;
  };

  let e = 0;
  for (;;) {
    // one-sided beads of the pivot pairs sitting at pivot point e: rows of their own
    const groups = pivotPairs.map((pp, k) => {
      const beads = pairBeads[pp.pair];
      const from = pointer[k];
      skipPlaceholders(k);
      while (pointer[k] < beads.length && (isPlaceholder(beads[pointer[k]]) || pivotOf(k, beads[pointer[k]]).count === 0)) pointer[k]++;
      return { from, to: pointer[k] };
    });
    if (groups.some((g, k) => hasContent(pairBeads[pivotPairs[k].pair], g))) {
      for (const row of insertionRows(layout, pivotPairs, others, pairBeads, groups, next)) rows.push(row);
    }
    if (e >= nPivot) break;
    // a row with pivot sentences: grow it until every pivot pair has a bead boundary at its end
    const start = pivotPairs.map((_, k) => pointer[k]);
    let t = e + 1;
    let grew = true;
    while (grew) {
      grew = false;
      pivotPairs.forEach((pp, k) => {
        const beads = pairBeads[pp.pair];
        while (pointer[k] < beads.length) {
          const bead = beads[pointer[k]];
          const pivot = pivotOf(k, bead);
          const inside = isPlaceholder(bead) ? pivot.first < t : pivot.count > 0 ? pivot.first < t : pivot.first < t && pivot.first > e;
          if (!inside) break;
          if (pivot.first + pivot.count > t) t = pivot.first + pivot.count;
          pointer[k]++;
          grew = true;
        }
      });
    }
    const cells: GridCell[] = new Array(layout.columns);
    cells[layout.pivot] = { first: e, count: t - e };
    const beadRanges = noBeads();
    let confidence: number | null = 1;
    let manual = false;
    let confirmed = true;
    pivotPairs.forEach((pp, k) => {
      const beads = pairBeads[pp.pair];
      beadRanges[pp.pair] = { from: start[k], to: pointer[k] };
      let first = -1;
      let count = 0;
      for (let i = start[k]; i < pointer[k]; i++) {
        const bead = beads[i];
        if (isPlaceholder(bead)) continue;
        const other = otherOf(k, bead);
        if (other.count > 0 && first < 0) first = other.first;
        count += other.count;
        if (bead.origin === 'manual' || bead.confidence === null) manual = true;
        else if (confidence !== null) confidence = Math.min(confidence, bead.confidence);
        if (!bead.confirmed) confirmed = false;
      }
      cells[pp.column] = { first: first < 0 ? next[pp.column] : first, count };
    });
    for (let k = 0; k < layout.columns; k++) next[k] = cells[k].first + cells[k].count;
    rows.push({ cells, beads: beadRanges, confidence: manual ? null : confidence, origin: manual ? 'manual' : 'auto', confirmed, disputes: [] });
    e = t;
  }
  for (const q of others) attachNonPivotPair(layout, rows, q, pairBeads[q]);
  return rows;
}

function hasContent(beads: GridRow[], range: { from: number; to: number }): boolean {
  for (let i = range.from; i < range.to; i++) if (!isPlaceholder(beads[i])) return true;
  return false;
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
    const beads = layout.pairs.map(() => ({ from: -1, to: -1 }));
    for (const m of members) {
      const bead = pairBeads[m.pair][m.bead];
      if (bead.origin === 'manual' || bead.confidence === null) manual = true;
      else if (confidence !== null) confidence = Math.min(confidence, bead.confidence);
      if (!bead.confirmed) confirmed = false;
      const r = beads[m.pair];
      if (r.from < 0 || m.bead < r.from) r.from = m.bead;
      if (m.bead + 1 > r.to) r.to = m.bead + 1;
    }
    return {
      cells,
      beads: beads.map((r) => (r.from < 0 ? { from: 0, to: 0 } : r)),
      confidence: manual ? null : confidence,
      origin: manual ? 'manual' : 'auto',
      confirmed,
      disputes: [],
    };
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

/**
 * Records, for each row, the beads of a non-pivot pair that touch it, and where that pair disagrees
 * with the rows: a bead pairing sentences of two rows, or leaving a sentence alone in a row that gives
 * it a partner in the pair's other column.
 */
function attachNonPivotPair(layout: GridLayout, rows: ViewRow[], q: number, beads: GridRow[]): void {
  const { x, y } = layout.pairs[q];
  let i = 0;
  for (const row of rows) {
    const rx = row.cells[x];
    const ry = row.cells[y];
    // the first bead that ends past the row's start on a side where it has sentences
    while (i < beads.length) {
      const [a, b] = beads[i].cells;
      if (a.first + a.count <= rx.first && b.first + b.count <= ry.first) i++;
      else break;
    }
    let j = i;
    while (j < beads.length) {
      const [a, b] = beads[j].cells;
      if (a.first >= rx.first + rx.count && b.first >= ry.first + ry.count) break;
      j++;
    }
    // trim beads that do not touch the row at all (placeholders, or beads past it on one side)
    let from = i;
    let to = j;
    const touches = (bead: GridRow) => {
      const [a, b] = bead.cells;
      return (a.count > 0 && a.first < rx.first + rx.count && a.first + a.count > rx.first) || (b.count > 0 && b.first < ry.first + ry.count && b.first + b.count > ry.first);
    };
    while (from < to && !touches(beads[from])) from++;
    while (to > from && !touches(beads[to - 1])) to--;
    row.beads[q] = { from, to };
    if (rx.count === 0 && ry.count === 0) continue;
    for (let k = from; k < to; k++) {
      const bead = beads[k];
      if (!touches(bead)) continue;
      const [a, b] = bead.cells;
      const within = (c: GridCell, r: GridCell) => c.count === 0 || (c.first >= r.first && c.first + c.count <= r.first + r.count);
      if (!within(a, rx) || !within(b, ry)) row.disputes.push({ pair: q, bead: k, kind: 'straddles' });
      else if ((a.count === 0 && rx.count > 0) || (b.count === 0 && ry.count > 0)) row.disputes.push({ pair: q, bead: k, kind: 'unpaired' });
    }
  }
}

/**
 * Where the beads of each pair end inside a row's cells: per column, the ordinals after which some
 * pair that holds the column has a bead boundary strictly inside the cell.
 */
export function innerBoundaries(layout: GridLayout, row: ViewRow, pairBeads: GridRow[][]): Array<Array<{ after: number; pair: number }>> {
  const result: Array<Array<{ after: number; pair: number }>> = Array.from({ length: layout.columns }, () => []);
  layout.pairs.forEach((p, q) => {
    const { from, to } = row.beads[q];
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
