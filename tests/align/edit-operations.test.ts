import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdit, EditRefusal, invertEdit, planOperation, type GridEdit, type GridOperation } from '../../server/align/edit-operations.ts';
import { checkGrid, type GridRow } from '../../server/align/grid.ts';

const row = (...cells: Array<[number, number]>): GridRow => ({
  cells: cells.map(([first, count]) => ({ first, count })),
  origin: 'auto',
  confidence: 0.9,
  confirmed: false,
});
const shape = (rows: GridRow[]) => rows.map((r) => r.cells.map((c) => [c.first, c.count]));
const whole = (rows: GridRow[], sentenceCounts?: number[]) => ({ start: 0, rows, rowCount: rows.length, sentenceCounts });

/** Every empty cell sits where its version's next sentence would be (the shifts rely on it). */
function checkEmptyCells(rows: GridRow[]): void {
  const columns = rows[0]?.cells.length ?? 0;
  for (let k = 0; k < columns; k++) {
    let next = 0;
    rows.forEach((r, p) => {
      if (r.cells[k].first !== next) throw new Error(`row ${p} column ${k}: first ${r.cells[k].first}, expected ${next}`);
      next += r.cells[k].count;
    });
  }
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof EditRefusal) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

// en 0 | ru 0 ; en 1 | ru 1-2 ; en 2 | (empty) ; en 3 | ru 3
const grid = [row([0, 1], [0, 1]), row([1, 1], [1, 2]), row([2, 1], [3, 0]), row([3, 1], [3, 1])];
const counts = [4, 4];

describe('grid operations', () => {
  it('moves the first sentence of a cell up, in one column or in all', () => {
    const one = applyEdit(grid, planOperation(whole(grid), { kind: 'move-up', row: 1, column: 1 }));
    expect(shape(one)).toEqual([[[0, 1], [0, 2]], [[1, 1], [2, 1]], [[2, 1], [3, 0]], [[3, 1], [3, 1]]]);
    expect(one[0].origin).toBe('manual');
    const all = applyEdit(grid, planOperation(whole(grid), { kind: 'move-up', row: 1, column: 'all' }));
    expect(shape(all)).toEqual([[[0, 2], [0, 2]], [[2, 0], [2, 1]], [[2, 1], [3, 0]], [[3, 1], [3, 1]]]);
    checkGrid(all, counts);
  });

  it('removes a row that a move leaves without sentences', () => {
    const moved = applyEdit(grid, planOperation(whole(grid), { kind: 'move-up', row: 2, column: 0 }));
    expect(shape(moved)).toEqual([[[0, 1], [0, 1]], [[1, 2], [1, 2]], [[3, 1], [3, 1]]]);
  });

  it('moves the last sentence of a cell down', () => {
    const moved = applyEdit(grid, planOperation(whole(grid), { kind: 'move-down', row: 1, column: 1 }));
    expect(shape(moved)).toEqual([[[0, 1], [0, 1]], [[1, 1], [1, 1]], [[2, 1], [2, 1]], [[3, 1], [3, 1]]]);
    checkEmptyCells(moved);
  });

  it('merges and splits rows', () => {
    const merged = applyEdit(grid, planOperation(whole(grid), { kind: 'merge-rows', row: 1 }));
    expect(shape(merged)).toEqual([[[0, 1], [0, 1]], [[1, 2], [1, 2]], [[3, 1], [3, 1]]]);
    const split = applyEdit(merged, planOperation(whole(merged), { kind: 'split-row', row: 1, at: [1, 2] }));
    expect(shape(split)).toEqual(shape(grid));
  });

  it('inserts and deletes empty rows', () => {
    const inserted = applyEdit(grid, planOperation(whole(grid), { kind: 'insert-row', row: 0 }));
    expect(shape(inserted)[1]).toEqual([[1, 0], [1, 0]]);
    const top = applyEdit(grid, planOperation(whole(grid), { kind: 'insert-row', row: -1 }));
    expect(shape(top)[0]).toEqual([[0, 0], [0, 0]]);
    const deleted = applyEdit(inserted, planOperation(whole(inserted), { kind: 'delete-row', row: 1 }));
    expect(shape(deleted)).toEqual(shape(grid));
  });

  it('splits and merges sentences, shifting the later ordinals of that version only', () => {
    const split = applyEdit(grid, planOperation(whole(grid, counts), { kind: 'split-sentence', row: 1, column: 1, ordinal: 1 }));
    expect(shape(split)).toEqual([[[0, 1], [0, 1]], [[1, 1], [1, 3]], [[2, 1], [4, 0]], [[3, 1], [4, 1]]]);
    checkGrid(split, [4, 5]);
    // ru 2 (row 2) merges with ru 3, which sits two rows further down after an empty cell.
    const merged = applyEdit(split, planOperation(whole(split, [4, 5]), { kind: 'merge-sentences', row: 1, nextRow: 3, column: 1, ordinal: 3 }));
    expect(shape(merged)).toEqual([[[0, 1], [0, 1]], [[1, 1], [1, 3]], [[2, 1], [4, 0]], [[3, 1], [4, 0]]]);
    checkGrid(merged, [4, 4]);
    checkEmptyCells(merged);
  });

  it('refuses what cannot be done, with a reason', () => {
    expect(refusal(() => planOperation(whole(grid), { kind: 'move-up', row: 0, column: 0 }))).toBe('first-row');
    expect(refusal(() => planOperation(whole(grid), { kind: 'move-down', row: 3, column: 0 }))).toBe('last-row');
    expect(refusal(() => planOperation(whole(grid), { kind: 'move-up', row: 2, column: 1 }))).toBe('empty-cell');
    expect(refusal(() => planOperation(whole(grid), { kind: 'merge-rows', row: 3 }))).toBe('merge-past-end');
    expect(refusal(() => planOperation(whole(grid), { kind: 'move-up', row: 9, column: 0 }))).toBe('row-out-of-range');
    expect(refusal(() => planOperation(whole(grid), { kind: 'move-up', row: 1, column: 7 }))).toBe('column-out-of-range');
    expect(refusal(() => planOperation(whole(grid), { kind: 'split-row', row: 1, at: [1, 3] }))).toBe('split-out-of-range');
    expect(refusal(() => planOperation(whole(grid), { kind: 'split-row', row: 1, at: [0, 0] }))).toBe('split-nothing');
    expect(refusal(() => planOperation(whole(grid), { kind: 'split-row', row: 1, at: [1] }))).toBe('split-points');
    expect(refusal(() => planOperation(whole(grid), { kind: 'delete-row', row: 1 }))).toBe('row-not-empty');
    expect(refusal(() => planOperation(whole(grid, counts), { kind: 'merge-sentences', row: 3, nextRow: 3, column: 0, ordinal: 3 }))).toBe('last-sentence');
    const withEmpty = applyEdit(grid, planOperation(whole(grid), { kind: 'insert-row', row: 0 }));
    expect(refusal(() => planOperation(whole(withEmpty), { kind: 'split-row', row: 1, at: [0, 0] }))).toBe('split-empty-row');
    expect(refusal(() => planOperation(whole(grid), { kind: 'confirm', row: 0, confirmed: false }))).toBe('not-confirmed');
  });

  it('keeps the invariants through random operations and undos, and undoing everything restores the grid', () => {
    const columns = 3;
    const initial = fc
      .array(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 12 })
      .map((counts) => {
        const next = Array(columns).fill(0);
        return counts.map((cs) => row(...cs.map((c, k) => { const cell: [number, number] = [next[k], c]; next[k] += c; return cell; })));
      });
    const step = fc.record({
      kind: fc.constantFrom('move-up', 'move-down', 'merge-rows', 'split-row', 'insert-row', 'delete-row', 'confirm', 'split-sentence', 'merge-sentences', 'undo'),
      row: fc.integer({ min: -1, max: 14 }),
      column: fc.oneof(fc.integer({ min: 0, max: columns - 1 }), fc.constant('all' as const)),
      at: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: columns, maxLength: columns }),
      pick: fc.nat(),
    });
    fc.assert(
      fc.property(initial, fc.array(step, { maxLength: 40 }), (start, steps) => {
        let rows = start;
        let counts = Array.from({ length: columns }, (_, k) => start.reduce((n, r) => n + r.cells[k].count, 0));
        const history: Array<{ edit: GridEdit; counts: number[] }> = [];
        for (const s of steps) {
          if (s.kind === 'undo') {
            const last = history.pop();
            if (!last) continue;
            rows = applyEdit(rows, invertEdit(last.edit));
            counts = last.counts;
          } else {
            const k = typeof s.column === 'number' ? s.column : 0;
            let op: GridOperation;
            if (s.kind === 'split-sentence' || s.kind === 'merge-sentences') {
              if (counts[k] === 0) continue;
              const ordinal = s.pick % counts[k];
              const holder = (o: number) => rows.findIndex((r) => o >= r.cells[k].first && o < r.cells[k].first + r.cells[k].count);
              op = s.kind === 'split-sentence'
                ? { kind: 'split-sentence', row: holder(ordinal), column: k, ordinal }
                : { kind: 'merge-sentences', row: holder(ordinal), nextRow: ordinal + 1 < counts[k] ? holder(ordinal + 1) : holder(ordinal), column: k, ordinal };
            } else if (s.kind === 'split-row') op = { kind: 'split-row', row: s.row, at: s.at };
            else if (s.kind === 'confirm') op = { kind: 'confirm', row: s.row, confirmed: s.pick % 2 === 0 };
            else if (s.kind === 'move-up' || s.kind === 'move-down') op = { kind: s.kind, row: s.row, column: s.column };
            else op = { kind: s.kind as 'merge-rows' | 'insert-row' | 'delete-row', row: s.row };
            let edit: GridEdit;
            try {
              edit = planOperation(whole(rows, counts), op);
            } catch (error) {
              if (error instanceof EditRefusal) continue;
              throw error;
            }
            history.push({ edit, counts });
            rows = applyEdit(rows, edit);
            if (edit.shift) counts = counts.map((c, j) => (j === edit.shift!.column ? c + edit.shift!.delta : c));
          }
          checkGrid(rows, counts);
          checkEmptyCells(rows);
        }
        while (history.length) rows = applyEdit(rows, invertEdit(history.pop()!.edit));
        expect(rows).toEqual(start);
      }),
      { numRuns: 400 },
    );
  });
});
