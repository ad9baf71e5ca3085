// The editor's grid operations, pure: each one reads a few consecutive rows of the grid (a slice) and
// answers with a GridEdit — the rows it replaces and their replacement, plus, for the sentence
// operations, a shift of one version's later ordinals. Invariant: an edit applied to a valid grid
// leaves it valid (every sentence in exactly one row, ranges contiguous and in order, checked with
// checkGrid), and invertEdit(edit) applied afterwards restores the grid exactly. An impossible
// operation throws EditRefusal with a code the interface translates; nothing is half-applied.
import { checkGrid, type GridCell, type GridRow } from './grid.ts';

export type ColumnChoice = number | 'all';

export type GridOperation =
  | { kind: 'move-up'; row: number; column: ColumnChoice }
  | { kind: 'move-down'; row: number; column: ColumnChoice }
  | { kind: 'merge-rows'; row: number }
  | { kind: 'split-row'; row: number; at: number[] }
  /** An empty row after `row` (-1: before the first row). */
  | { kind: 'insert-row'; row: number }
  | { kind: 'delete-row'; row: number }
  | { kind: 'confirm'; row: number; confirmed: boolean }
  /** Confirms every row from the first up to `row`. */
  | { kind: 'confirm-upto'; row: number }
  /** Sentence `ordinal` of version `column` becomes two; `row` is the row that holds it. */
  | { kind: 'split-sentence'; row: number; column: number; ordinal: number }
  /** Sentence `ordinal` absorbs `ordinal + 1`; `row` holds `ordinal`, `nextRow` holds `ordinal + 1`. */
  | { kind: 'merge-sentences'; row: number; nextRow: number; column: number; ordinal: number }
  /** Text change only: the row that holds the sentence is rewritten as it is (its revision moves). */
  | { kind: 'touch-row'; row: number };

export type OperationKind = GridOperation['kind'];

/** Rows [position, position + before.length) are replaced by `after`. */
export interface RowChange {
  position: number;
  before: GridRow[];
  after: GridRow[];
}

/** Cells of version `column` whose first ordinal is >= `from` move by `delta` (applied before `change`). */
export interface ColumnShift {
  column: number;
  from: number;
  delta: number;
}

export interface GridEdit {
  shift?: ColumnShift;
  change?: RowChange;
  confirmations?: { positions: number[]; confirmed: boolean };
}

/** Why an operation cannot be done: `code` names a translated message, `params` fill it. */
export class EditRefusal extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`refused: ${code}${Object.keys(params).length ? ' ' + JSON.stringify(params) : ''}`);
    this.name = 'EditRefusal';
  }
}

/** Consecutive rows of the grid, the first at position `start`, and how many rows the grid has. */
export interface GridSlice {
  start: number;
  rows: GridRow[];
  rowCount: number;
  /** Sentences per version (only the sentence operations need them). */
  sentenceCounts?: number[];
}

/** The positions an operation reads, [from, to] inclusive, clipped to the grid; the service loads these. */
export function operationWindow(op: GridOperation, rowCount: number): { from: number; to: number } {
  const clip = (from: number, to: number) => ({ from: Math.max(0, from), to: Math.min(rowCount - 1, to) });
  switch (op.kind) {
    case 'move-up':
      return clip(op.row - 1, op.row);
    case 'move-down':
    case 'merge-rows':
      return clip(op.row, op.row + 1);
    case 'merge-sentences':
      return clip(op.row, op.nextRow);
    case 'insert-row':
      return clip(op.row, Math.max(op.row, 0));
    default:
      return clip(op.row, op.row);
  }
}

const cloneRow = (row: GridRow): GridRow => ({ ...row, cells: row.cells.map((c) => ({ ...c })) });
const manual = (row: GridRow): GridRow => ({ ...row, origin: 'manual', confidence: null, confirmed: false, disputed: false });
const isEmptyRow = (row: GridRow) => row.cells.every((c) => c.count === 0);

function rowAt(slice: GridSlice, position: number): GridRow {
  if (!Number.isInteger(position) || position < 0 || position >= slice.rowCount) {
    throw new EditRefusal('row-out-of-range', { row: position + 1, rows: slice.rowCount });
  }
  const row = slice.rows[position - slice.start];
  if (!row) throw new Error(`row ${position} is not in the slice loaded for the operation`);
  return row;
}

function columnsOf(row: GridRow, column: ColumnChoice): number[] {
  if (column === 'all') return row.cells.map((_, k) => k);
  if (!Number.isInteger(column) || column < 0 || column >= row.cells.length) {
    throw new EditRefusal('column-out-of-range', { column: String(column) });
  }
  return [column];
}

/** Plans an operation on a slice; throws EditRefusal when it is impossible. */
export function planOperation(slice: GridSlice, op: GridOperation): GridEdit {
  const edit = plan(slice, op);
  if (edit.change) checkChange(edit.change, edit.shift);
  return edit;
}

function plan(slice: GridSlice, op: GridOperation): GridEdit {
  switch (op.kind) {
    case 'move-up': {
      const cur = rowAt(slice, op.row);
      if (op.row === 0) throw new EditRefusal('first-row');
      const prev = rowAt(slice, op.row - 1);
      const columns = columnsOf(cur, op.column);
      const up = manual(cloneRow(prev));
      const rest = manual(cloneRow(cur));
      let moved = 0;
      for (const k of columns) {
        if (rest.cells[k].count === 0) continue;
        if (up.cells[k].count === 0) up.cells[k].first = rest.cells[k].first;
        up.cells[k].count++;
        rest.cells[k].first++;
        rest.cells[k].count--;
        moved++;
      }
      if (moved === 0) throw new EditRefusal(op.column === 'all' ? 'empty-row' : 'empty-cell', { row: op.row + 1 });
      // A row left without any sentence disappears, as in InterText.
      return { change: { position: op.row - 1, before: [prev, cur], after: isEmptyRow(rest) ? [up] : [up, rest] } };
    }
    case 'move-down': {
      const cur = rowAt(slice, op.row);
      if (op.row === slice.rowCount - 1) throw new EditRefusal('last-row');
      const next = rowAt(slice, op.row + 1);
      const columns = columnsOf(cur, op.column);
      const rest = manual(cloneRow(cur));
      const down = manual(cloneRow(next));
      let moved = 0;
      for (const k of columns) {
        if (rest.cells[k].count === 0) continue;
        rest.cells[k].count--;
        down.cells[k].first = rest.cells[k].first + rest.cells[k].count;
        down.cells[k].count++;
        moved++;
      }
      if (moved === 0) throw new EditRefusal(op.column === 'all' ? 'empty-row' : 'empty-cell', { row: op.row + 1 });
      return { change: { position: op.row, before: [cur, next], after: isEmptyRow(rest) ? [down] : [rest, down] } };
    }
    case 'merge-rows': {
      const a = rowAt(slice, op.row);
      if (op.row === slice.rowCount - 1) throw new EditRefusal('merge-past-end');
      const b = rowAt(slice, op.row + 1);
      const cells: GridCell[] = a.cells.map((ca, k) => {
        const cb = b.cells[k];
        return ca.count > 0 ? { first: ca.first, count: ca.count + cb.count } : { first: cb.first, count: cb.count };
      });
      return { change: { position: op.row, before: [a, b], after: [{ cells, origin: 'manual', confidence: null, confirmed: false }] } };
    }
    case 'split-row': {
      const row = rowAt(slice, op.row);
      if (isEmptyRow(row)) throw new EditRefusal('split-empty-row', { row: op.row + 1 });
      if (!Array.isArray(op.at) || op.at.length !== row.cells.length) throw new EditRefusal('split-points', { columns: row.cells.length });
      op.at.forEach((at, k) => {
        if (!Number.isInteger(at) || at < 0 || at > row.cells[k].count) {
          throw new EditRefusal('split-out-of-range', { column: k + 1, max: row.cells[k].count });
        }
      });
      const keepsAll = op.at.every((at, k) => at === row.cells[k].count);
      const keepsNone = op.at.every((at) => at === 0);
      if (keepsAll || keepsNone) throw new EditRefusal('split-nothing', { row: op.row + 1 });
      const top: GridRow = { cells: row.cells.map((c, k) => ({ first: c.first, count: op.at[k] })), origin: 'manual', confidence: null, confirmed: false };
      const bottom: GridRow = {
        cells: row.cells.map((c, k) => ({ first: c.first + op.at[k], count: c.count - op.at[k] })),
        origin: 'manual',
        confidence: null,
        confirmed: false,
      };
      return { change: { position: op.row, before: [row], after: [top, bottom] } };
    }
    case 'insert-row': {
      if (!Number.isInteger(op.row) || op.row < -1 || op.row >= slice.rowCount) {
        throw new EditRefusal('row-out-of-range', { row: op.row + 1, rows: slice.rowCount });
      }
      if (slice.rowCount === 0) throw new EditRefusal('no-grid');
      const cells =
        op.row === -1
          ? rowAt(slice, 0).cells.map(() => ({ first: 0, count: 0 }))
          : rowAt(slice, op.row).cells.map((c) => ({ first: c.first + c.count, count: 0 }));
      return { change: { position: op.row + 1, before: [], after: [{ cells, origin: 'manual', confidence: null, confirmed: false }] } };
    }
    case 'delete-row': {
      const row = rowAt(slice, op.row);
      if (!isEmptyRow(row)) throw new EditRefusal('row-not-empty', { row: op.row + 1 });
      if (slice.rowCount === 1) throw new EditRefusal('last-remaining-row');
      return { change: { position: op.row, before: [row], after: [] } };
    }
    case 'confirm': {
      const row = rowAt(slice, op.row);
      if (row.confirmed === op.confirmed) throw new EditRefusal(op.confirmed ? 'already-confirmed' : 'not-confirmed', { row: op.row + 1 });
      return { confirmations: { positions: [op.row], confirmed: op.confirmed } };
    }
    case 'confirm-upto':
      // The positions come from the service (it finds the unconfirmed rows with one query).
      rowAt(slice, op.row);
      return { confirmations: { positions: [], confirmed: true } };
    case 'touch-row': {
      const row = rowAt(slice, op.row);
      return { change: { position: op.row, before: [row], after: [cloneRow(row)] } };
    }
    case 'split-sentence': {
      const row = rowAt(slice, op.row);
      const cell = row.cells[columnsOf(row, op.column)[0]];
      if (!(op.ordinal >= cell.first && op.ordinal < cell.first + cell.count)) {
        throw new EditRefusal('sentence-not-in-row', { row: op.row + 1 });
      }
      const after = cloneRow(row);
      after.cells[op.column].count++;
      return {
        shift: { column: op.column, from: op.ordinal + 1, delta: 1 },
        change: { position: op.row, before: [row], after: [after] },
      };
    }
    case 'merge-sentences': {
      const total = slice.sentenceCounts?.[op.column];
      if (total !== undefined && op.ordinal + 1 >= total) throw new EditRefusal('last-sentence');
      if (op.nextRow < op.row) throw new EditRefusal('sentence-not-in-row', { row: op.row + 1 });
      const rows: GridRow[] = [];
      for (let p = op.row; p <= op.nextRow; p++) rows.push(rowAt(slice, p));
      const first = rows[0].cells[columnsOf(rows[0], op.column)[0]];
      const last = rows[rows.length - 1].cells[op.column];
      if (!(op.ordinal >= first.first && op.ordinal < first.first + first.count)) throw new EditRefusal('sentence-not-in-row', { row: op.row + 1 });
      if (!(op.ordinal + 1 >= last.first && op.ordinal + 1 < last.first + last.count)) throw new EditRefusal('last-sentence');
      const after = rows.map(cloneRow);
      after[after.length - 1].cells[op.column].count--;
      return {
        shift: { column: op.column, from: op.ordinal + 2, delta: -1 },
        change: { position: op.row, before: rows, after },
      };
    }
  }
}

/** The edit that undoes `edit` when applied right after it. */
export function invertEdit(edit: GridEdit): GridEdit {
  const inverse: GridEdit = {};
  if (edit.shift) inverse.shift = { column: edit.shift.column, from: edit.shift.from + edit.shift.delta, delta: -edit.shift.delta };
  if (edit.change) inverse.change = { position: edit.change.position, before: edit.change.after, after: edit.change.before };
  if (edit.confirmations) inverse.confirmations = { positions: edit.confirmations.positions, confirmed: !edit.confirmations.confirmed };
  return inverse;
}

/** Applies an edit to a whole in-memory grid (the model the database follows row by row). */
export function applyEdit(rows: GridRow[], edit: GridEdit): GridRow[] {
  let result = rows;
  if (edit.shift) {
    const { column, from, delta } = edit.shift;
    result = result.map((row) =>
      row.cells[column].first >= from ? { ...row, cells: row.cells.map((c, k) => (k === column ? { first: c.first + delta, count: c.count } : c)) } : row,
    );
  }
  if (edit.change) {
    const { position, before, after } = edit.change;
    result = result.slice(0, position).concat(after.map(cloneRow), result.slice(position + before.length));
  }
  if (edit.confirmations) {
    const set = new Set(edit.confirmations.positions);
    result = result.map((row, p) => (set.has(p) ? { ...row, confirmed: edit.confirmations!.confirmed } : row));
  }
  return result;
}

/**
 * Checks with checkGrid that the replacement rows cover exactly the sentences the replaced rows
 * covered (moved by the shift's delta in its column), contiguously and in order.
 */
export function checkChange(change: RowChange, shift?: ColumnShift): void {
  if (change.before.length === 0) {
    // An inserted empty row covers nothing.
    if (change.after.some((r) => !isEmptyRow(r))) throw new Error('an insertion may only add empty rows');
    return;
  }
  const columns = change.before[0].cells.length;
  const bases = Array.from({ length: columns }, (_, k) => change.before[0].cells[k].first);
  const totals = Array.from({ length: columns }, (_, k) => change.before.reduce((n, r) => n + r.cells[k].count, 0));
  if (shift) totals[shift.column] += shift.delta;
  const rebase = (rows: GridRow[]) =>
    rows.map((r) => ({ cells: r.cells.map((c, k) => ({ first: c.count > 0 ? c.first - bases[k] : 0, count: c.count })) }));
  checkGrid(rebase(change.before), totals.map((t, k) => (shift && shift.column === k ? t - shift.delta : t)));
  checkGrid(rebase(change.after), totals);
}
