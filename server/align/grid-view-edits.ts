// Edits of the three-column view, pure: an operation on the rows (grid-view.ts) becomes edits of the
// pairs that hold the touched sentences. A boundary between two rows is a cut every pivot pair has;
// an edit moves, removes or adds that cut in each pair that has it (a non-pivot pair that disagrees
// with the rows there, and so has no such cut, is left as it is: the Checks report the disagreement).
//   move up / down   the first (last) sentence of a cell crosses the row's upper (lower) boundary, in
//                    every pair that holds its column; into a row where a pair has no sentence, it goes
//                    as a one-sided bead of that pair
//   merge            the boundary between the two rows goes, in every pair with sentences on both sides
//   split            a cut is added inside the row, in every pair with sentences in it (a one-sided
//                    piece the cut leaves joins its neighbour in the same part)
//   confirm          every bead of the row, in every pair (a non-pivot bead straddling rows excepted)
// After planning, the rows are derived again and the intent is checked (the moved sentence is in the
// row above, the two rows are one, ...); an edit the pairs cannot express is refused, never half-done.
import { EditRefusal, type ColumnChoice } from './edit-operations.ts';
import type { GridRow } from './grid.ts';
import { pivotPairsOf, rederiveGridRows, rowBeads, type GridLayout, type PairChangeSummary, type ViewRow } from './grid-view.ts';
import { applyPairWindow, cutAtPoint, cutIndexAt, diffPairs, isPlaceholder, joinAtCut, moveAcrossCut, type PairWindow, type Point } from './pair-alignment.ts';

export type ViewOperation =
  | { kind: 'move-up' | 'move-down'; row: number; column: ColumnChoice }
  | { kind: 'merge-rows'; row: number }
  | { kind: 'split-row'; row: number; at: number[] }
  | { kind: 'confirm'; row: number; confirmed: boolean }
  | { kind: 'confirm-upto'; row: number };

/** One pair's part of an edit: a window of its beads replaced, and/or beads (by index) confirmed or unconfirmed. */
export interface PairEdit {
  pair: number;
  window?: PairWindow;
  confirm?: { positions: number[]; value: boolean };
}

export interface ViewEditPlan {
  edits: PairEdit[];
  /** the beads of every pair after the edit, and the rows they give */
  pairBeads: GridRow[][];
  rows: ViewRow[];
}

const columnsOf = (layout: GridLayout, column: ColumnChoice): number[] => {
  if (column === 'all') return Array.from({ length: layout.columns }, (_, k) => k);
  if (!Number.isInteger(column) || column < 0 || column >= layout.columns) throw new EditRefusal('column-out-of-range', { column: String(column) });
  return [column];
};

function rowAt(rows: ViewRow[], r: number): ViewRow {
  if (!Number.isInteger(r) || r < 0 || r >= rows.length) throw new EditRefusal('row-out-of-range', { row: r + 1, rows: rows.length });
  return rows[r];
}

const top = (row: ViewRow): number[] => row.cells.map((c) => c.first);
const bottom = (row: ViewRow): number[] => row.cells.map((c) => c.first + c.count);
const hasIn = (row: ViewRow, layout: GridLayout, q: number): boolean => row.cells[layout.pairs[q].x].count + row.cells[layout.pairs[q].y].count > 0;

/** The index of the row holding sentence `ordinal` of `column` (binary search on the rows' cells). */
export function rowHolding(rows: ViewRow[], column: number, ordinal: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = rows[mid].cells[column];
    if (c.first + c.count <= ordinal) lo = mid + 1;
    else hi = mid;
  }
  while (lo < rows.length && rows[lo].cells[column].count === 0) lo++;
  if (lo === rows.length) return -1;
  const c = rows[lo].cells[column];
  return ordinal >= c.first && ordinal < c.first + c.count ? lo : -1;
}

/** Some sentence of a row, as [column, ordinal]: the first (or last) of the first column that has one. */
function sentenceOf(row: ViewRow, last = false): [number, number] {
  const k = row.cells.findIndex((c) => c.count > 0);
  return [k, last ? row.cells[k].first + row.cells[k].count - 1 : row.cells[k].first];
}

export function planViewEdit(layout: GridLayout, pairBeads: GridRow[][], rows: ViewRow[], op: ViewOperation): ViewEditPlan {
  try {
    return planWith(layout, pairBeads, rows, op, false);
  } catch (error) {
    // a non-pivot pair that disagrees with the rows kept the edit from meaning what it says: make it
    // follow the rows where the edit needs it to, and try once more
    if (!(error instanceof EditRefusal) || error.code !== 'pairs-disagree') throw error;
    return planWith(layout, pairBeads, rows, op, true);
  }
}

function planWith(layout: GridLayout, pairBeads: GridRow[][], rows: ViewRow[], op: ViewOperation, force: boolean): ViewEditPlan {
  const { pivotPairs } = pivotPairsOf(layout);
  const isPivotPair = (q: number) => pivotPairs.some((pp) => pp.pair === q);
  const next = pairBeads.slice();
  // per pair, how many beads at its start and at its end no window has touched (to diff only between)
  const untouched = layout.pairs.map(() => ({ head: Number.MAX_SAFE_INTEGER, tail: Number.MAX_SAFE_INTEGER }));
  const apply = (q: number, beads: GridRow[], window: PairWindow): GridRow[] => {
    const after = applyPairWindow(beads, window);
    const u = untouched[q];
    u.head = Math.min(u.head, window.position);
    u.tail = Math.min(u.tail, after.length - window.position - window.after.length);
    return after;
  };
  const confirmations: Array<PairEdit['confirm']> = layout.pairs.map(() => undefined);
  const row = rowAt(rows, op.row);
  if (force) {
    // a non-pivot pair follows the rows the edit involves: it gets a cut at each of their boundaries
    const involved = op.kind === 'move-up' ? [op.row - 1, op.row] : op.kind === 'move-down' || op.kind === 'merge-rows' ? [op.row, op.row + 1] : [op.row];
    const lo = Math.max(0, Math.min(...involved));
    const hi = Math.min(rows.length - 1, Math.max(...involved));
    const boundaries = [top(rows[lo]), ...rows.slice(lo, hi + 1).map(bottom)];
    layout.pairs.forEach((p, q) => {
      if (isPivotPair(q)) return;
      for (const b of boundaries) {
        const window = cutAtPoint(next[q], { a: b[p.x], b: b[p.y] }, { lowest: next[q].length, highest: 0 });
        if (window) next[q] = apply(q, next[q], window);
      }
    });
  }
  switch (op.kind) {
    case 'move-up':
    case 'move-down': {
      const up = op.kind === 'move-up';
      const dest = up ? op.row - 1 : op.row + 1;
      if (up && op.row === 0) throw new EditRefusal('first-row');
      if (!up && op.row === rows.length - 1) throw new EditRefusal('last-row');
      const moved = columnsOf(layout, op.column).filter((k) => row.cells[k].count > 0);
      if (moved.length === 0) throw new EditRefusal(op.column === 'all' ? 'empty-row' : 'empty-cell', { row: op.row + 1 });
      const boundary = up ? top(row) : bottom(row);
      const target = rows[dest];
      layout.pairs.forEach((p, q) => {
        const sides = ([0, 1] as const).filter((s) => moved.includes(s === 0 ? p.x : p.y));
        if (sides.length === 0) return;
        const point: Point = { a: boundary[p.x], b: boundary[p.y] };
        let beads = next[q];
        const cut = cutIndexAt(beads, point);
        if (cut < 0) return;
        if (hasIn(target, layout, q)) {
          for (const side of sides) {
            const at = cutIndexAt(beads, side === sides[0] ? point : shifted(point, sides[0], up));
            const window = at < 0 ? null : moveAcrossCut(beads, at, side, up ? 'up' : 'down');
            if (window) beads = apply(q, beads, window);
          }
        } else {
          // the destination row has nothing of this pair: the moved sentences become a bead of their own
          let piece = point;
          for (const side of sides) piece = shifted(piece, side, up);
          const { from, to } = rowBeads(layout, next, row)[q];
          const window = cutAtPoint(beads, piece, up ? { lowest: cut, highest: to } : { lowest: from, highest: cut });
          if (window) beads = apply(q, beads, window);
          // what moves into that row is one bead
          const ends = [cutIndexAt(beads, point), cutIndexAt(beads, piece)];
          const [i0, i1] = [Math.min(...ends), Math.max(...ends)];
          if (i0 >= 0 && i1 - i0 > 1) beads = apply(q, beads, joinRange(beads, i0, i1));
        }
        next[q] = beads;
      });
      break;
    }
    case 'merge-rows': {
      if (op.row === rows.length - 1) throw new EditRefusal('merge-past-end');
      const lower = rows[op.row + 1];
      const boundary = bottom(row);
      layout.pairs.forEach((p, q) => {
        if (!hasIn(row, layout, q) || !hasIn(lower, layout, q)) return;
        const cut = cutIndexAt(next[q], { a: boundary[p.x], b: boundary[p.y] });
        const window = cut < 0 ? null : joinAtCut(next[q], cut);
        if (window) next[q] = apply(q, next[q], window);
      });
      break;
    }
    case 'split-row': {
      if (!Array.isArray(op.at) || op.at.length !== layout.columns) throw new EditRefusal('split-points', { columns: layout.columns });
      op.at.forEach((at, k) => {
        if (!Number.isInteger(at) || at < 0 || at > row.cells[k].count) throw new EditRefusal('split-out-of-range', { column: k + 1, max: row.cells[k].count });
      });
      if (op.at.every((at, k) => at === row.cells[k].count) || op.at.every((at) => at === 0)) throw new EditRefusal('split-nothing', { row: op.row + 1 });
      const point = row.cells.map((c, k) => c.first + op.at[k]);
      layout.pairs.forEach((p, q) => {
        if (!hasIn(row, layout, q)) return;
        const { from, to } = rowBeads(layout, next, row)[q];
        const window = cutAtPoint(next[q], { a: point[p.x], b: point[p.y] }, { lowest: from, highest: to });
        if (!window) return;
        // a pair that straddles the row (only a non-pivot pair can) keeps its reading
        if (!force && !isPivotPair(q) && (window.position < from || window.position + window.before.length > to || window.before.some((b) => !within(b, row, p)))) return;
        next[q] = apply(q, next[q], window);
      });
      break;
    }
    case 'confirm':
    case 'confirm-upto': {
      const value = op.kind === 'confirm' ? op.confirmed : true;
      const last = op.row;
      const first = op.kind === 'confirm' ? op.row : 0;
      let changed = false;
      layout.pairs.forEach((p, q) => {
        const positions: number[] = [];
        const beads = next[q];
        const seen = new Set<number>();
        for (let r = first; r <= last; r++) {
          const { from, to } = rowBeads(layout, pairBeads, rows[r])[q];
          for (let i = from; i < to; i++) {
            if (seen.has(i)) continue;
            seen.add(i);
            const bead = beads[i];
            if (isPlaceholder(bead) || bead.confirmed === value) continue;
            // a bead reaching beyond the rows confirmed is not the user's to confirm from here
            if (!withinRows(bead, rows, first, last, p)) continue;
            positions.push(i);
          }
        }
        if (positions.length) {
          confirmations[q] = { positions, value };
          changed = true;
        }
      });
      if (!changed) throw new EditRefusal(value ? 'already-confirmed' : 'not-confirmed', { row: op.row + 1 });
      break;
    }
  }
  const edits: PairEdit[] = [];
  layout.pairs.forEach((_, q) => {
    // a pair the edit did not touch is the very same list
    const window = next[q] === pairBeads[q] ? undefined : (diffPairs(pairBeads[q], next[q], untouched[q]) ?? undefined);
    const confirm = confirmations[q];
    if (window || confirm) edits.push({ pair: q, ...(window ? { window } : {}), ...(confirm ? { confirm } : {}) });
  });
  const after = next.map((beads, q) => {
    const confirm = confirmations[q];
    if (!confirm) return beads;
    const copy = beads.slice();
    for (const i of confirm.positions) copy[i] = { ...copy[i], confirmed: confirm.value };
    return copy;
  });
  const newRows = rederiveGridRows(layout, rows, after, changeSummaries(layout, pairBeads, edits));
  checkIntent(layout, rows, newRows, op);
  return { edits, pairBeads: after, rows: newRows };
}

/** Beads [from, to) joined into one. */
function joinRange(beads: GridRow[], from: number, to: number): PairWindow {
  const part = beads.slice(from, to);
  const cells = [0, 1].map((side) => {
    const withSome = part.filter((b) => b.cells[side].count > 0);
    const count = part.reduce((n, b) => n + b.cells[side].count, 0);
    return { first: withSome.length ? withSome[0].cells[side].first : part[0].cells[side].first, count };
  });
  return { position: from, before: part, after: [{ cells, origin: 'manual', confidence: null, confirmed: false }] };
}

/** Where the edits of a plan fall, for deriving again only the rows around them. */
export function changeSummaries(layout: GridLayout, pairBeads: GridRow[][], edits: PairEdit[]): PairChangeSummary[] {
  return edits.map((edit) => {
    const beads = pairBeads[edit.pair];
    const touched = [...(edit.window ? edit.window.before : []), ...(edit.confirm ? edit.confirm.positions.map((i) => beads[i]) : [])];
    const extent = ([0, 1] as const).map((side): [number, number] => {
      if (touched.length === 0) {
        const at = edit.window?.after[0]?.cells[side].first ?? beads[edit.window?.position ?? 0]?.cells[side].first ?? 0;
        return [at, at];
      }
      let lo = Number.MAX_SAFE_INTEGER;
      let hi = 0;
      for (const b of touched) {
        lo = Math.min(lo, b.cells[side].first);
        hi = Math.max(hi, b.cells[side].first + b.cells[side].count);
      }
      return [lo, hi];
    });
    return { pair: edit.pair, position: edit.window?.position ?? 0, removed: edit.window?.before.length ?? 0, added: edit.window?.after.length ?? 0, extent };
  });
}

const shifted = (point: Point, side: 0 | 1, up: boolean): Point =>
  side === 0 ? { a: point.a + (up ? 1 : -1), b: point.b } : { a: point.a, b: point.b + (up ? 1 : -1) };

function within(bead: GridRow, row: ViewRow, p: { x: number; y: number }): boolean {
  return ([[p.x, 0], [p.y, 1]] as const).every(([column, side]) => {
    const c = bead.cells[side];
    const r = row.cells[column];
    return c.count === 0 || (c.first >= r.first && c.first + c.count <= r.first + r.count);
  });
}

function withinRows(bead: GridRow, rows: ViewRow[], first: number, last: number, p: { x: number; y: number }): boolean {
  return ([[p.x, 0], [p.y, 1]] as const).every(([column, side]) => {
    const c = bead.cells[side];
    const lo = rows[first].cells[column].first;
    const hi = rows[last].cells[column].first + rows[last].cells[column].count;
    return c.count === 0 || (c.first >= lo && c.first + c.count <= hi);
  });
}

/** Refuses an edit whose outcome, read from the pairs again, is not what the operation means. */
function checkIntent(layout: GridLayout, rows: ViewRow[], after: ViewRow[], op: ViewOperation): void {
  const row = rows[op.row];
  const together = (a: [number, number], b: [number, number]) => {
    const ra = rowHolding(after, a[0], a[1]);
    return ra >= 0 && ra === rowHolding(after, b[0], b[1]);
  };
  let ok = true;
  switch (op.kind) {
    case 'move-up':
    case 'move-down': {
      const up = op.kind === 'move-up';
      const dest = rows[up ? op.row - 1 : op.row + 1];
      const anchor = sentenceOf(dest, !up);
      for (const k of columnsOf(layout, op.column)) {
        if (row.cells[k].count === 0) continue;
        const moved: [number, number] = [k, up ? row.cells[k].first : row.cells[k].first + row.cells[k].count - 1];
        if (!together(moved, anchor)) ok = false;
      }
      break;
    }
    case 'merge-rows':
      ok = together(sentenceOf(row), sentenceOf(rows[op.row + 1], true));
      break;
    case 'split-row': {
      const k1 = row.cells.findIndex((c, k) => op.at[k] > 0);
      const k2 = row.cells.findIndex((c, k) => op.at[k] < c.count);
      ok = !together([k1, row.cells[k1].first], [k2, row.cells[k2].first + row.cells[k2].count - 1]);
      break;
    }
    default:
      break;
  }
  if (!ok) throw new EditRefusal('pairs-disagree', { row: op.row + 1 });
}
