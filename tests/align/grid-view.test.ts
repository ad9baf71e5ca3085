import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EditRefusal } from '../../server/align/edit-operations.ts';
import { checkGrid, type GridRow } from '../../server/align/grid.ts';
import { deriveGridRows, innerBoundaries, rowDisputes, type GridLayout } from '../../server/align/grid-view.ts';
import { planViewEdit, rowHolding, type ViewOperation } from '../../server/align/grid-view-edits.ts';
import { applyPairWindow, checkPair } from '../../server/align/pair-alignment.ts';

/** Beads from shapes like '1-1 2-1 0-1': side a counts, side b counts. */
function pair(shapes: string, confidence = 0.9): GridRow[] {
  let a = 0;
  let b = 0;
  return shapes
    .split(/\s+/)
    .filter(Boolean)
    .map((shape) => {
      const [ca, cb] = shape.split('-').map(Number);
      const bead: GridRow = { cells: [{ first: a, count: ca }, { first: b, count: cb }], origin: 'auto', confidence, confirmed: false };
      a += ca;
      b += cb;
      return bead;
    });
}

const layout3: GridLayout = { columns: 3, pivot: 0, pairs: [{ x: 0, y: 1 }, { x: 0, y: 2 }, { x: 1, y: 2 }] };
const cells = (rows: ReturnType<typeof deriveGridRows>) => rows.map((r) => r.cells.map((c) => `${c.first}+${c.count}`).join(' '));

describe('the three-column view derived from the pairs', () => {
  it('makes a row of each group of pivot beads that share a pivot sentence', () => {
    // en-ru: [e0:r0] [e1:r1] ; en-zh: [e0 e1 : z0] ; ru-zh: [r0 r1 : z0]
    const rows = deriveGridRows(layout3, [pair('1-1 1-1'), pair('2-1'), pair('2-1')]);
    expect(cells(rows)).toEqual(['0+2 0+2 0+1']);
    // the finer en-ru boundary inside the row is shown in the en and ru cells
    const inner = innerBoundaries(layout3, rows[0], [pair('1-1 1-1'), pair('2-1'), pair('2-1')]);
    expect(inner[0]).toEqual([{ after: 0, pair: 0 }]);
    expect(inner[1]).toEqual([{ after: 0, pair: 0 }]);
    expect(inner[2]).toEqual([]);
  });

  it('keeps rows as fine as the pairs agree', () => {
    const rows = deriveGridRows(layout3, [pair('1-1 1-1 1-2'), pair('1-1 1-1 1-1'), pair('1-1 1-1 2-1')]);
    expect(cells(rows)).toEqual(['0+1 0+1 0+1', '1+1 1+1 1+1', '2+1 2+2 2+1']);
    expect(rows.every((r) => rowDisputes(layout3, [pair('1-1 1-1 1-2'), pair('1-1 1-1 1-1'), pair('1-1 1-1 2-1')], r).length === 0)).toBe(true);
  });

  it('gives sentences the pivot lacks rows of their own, joined where ru-zh pairs them', () => {
    // en-ru: [e0:r0] [-:r1] [e1:r2]; en-zh: [e0:z0] [-:z1] [e1:z2]; ru-zh pairs r1 with z1
    const paired = deriveGridRows(layout3, [pair('1-1 0-1 1-1'), pair('1-1 0-1 1-1'), pair('1-1 1-1 1-1')]);
    expect(cells(paired)).toEqual(['0+1 0+1 0+1', '1+0 1+1 1+1', '1+1 2+1 2+1']);
    // ru-zh leaves them apart: two rows, the Russian first
    const apart = deriveGridRows(layout3, [pair('1-1 0-1 1-1'), pair('1-1 0-1 1-1'), pair('1-1 1-0 0-1 1-1')]);
    expect(cells(apart)).toEqual(['0+1 0+1 0+1', '1+0 1+1 1+0', '1+0 2+0 1+1', '1+1 2+1 2+1']);
  });

  it('marks a row where ru-zh pairs across the rows or leaves a sentence alone', () => {
    const beads = [pair('1-1 1-1'), pair('1-1 1-1'), pair('1-2 1-0')];
    const straddling = deriveGridRows(layout3, beads);
    expect(rowDisputes(layout3, beads, straddling[0]).map((d) => d.kind)).toEqual(['straddles']);
    expect(rowDisputes(layout3, beads, straddling[1]).map((d) => d.kind)).toEqual(['straddles', 'unpaired']);
    const lonely = [pair('1-1'), pair('1-1'), pair('1-0 0-1')];
    const alone = deriveGridRows(layout3, lonely);
    expect(rowDisputes(layout3, lonely, alone[0]).map((d) => d.kind)).toEqual(['unpaired', 'unpaired']);
  });

  it('takes the row confidence from its beads and its confirmation from all of them', () => {
    const enru = pair('1-1 1-1', 0.9);
    const enzh = pair('1-1 1-1', 0.6);
    enzh[1] = { ...enzh[1], confirmed: true };
    enru[1] = { ...enru[1], confirmed: true };
    const rows = deriveGridRows(layout3, [enru, enzh, pair('1-1 1-1')]);
    expect(rows.map((r) => r.confidence)).toEqual([0.6, 0.6]);
    expect(rows.map((r) => r.confirmed)).toEqual([false, true]);
  });
});

describe('edits in the three-column view', () => {
  const apply = (beads: GridRow[][], op: ViewOperation) => planViewEdit(layout3, beads, deriveGridRows(layout3, beads), op);

  it('moves a Russian sentence up in en-ru and in ru-zh, keeping en-zh as it is', () => {
    const beads = [pair('1-1 1-1'), pair('1-1 1-1'), pair('1-1 1-1')];
    const plan = apply(beads, { kind: 'move-up', row: 1, column: 1 });
    expect(cells(plan.rows)).toEqual(['0+1 0+2 0+1', '1+1 2+0 1+1']);
    expect(plan.edits.map((e) => e.pair)).toEqual([0, 2]);
  });

  it('merges two rows in every pair and splits them back in every pair', () => {
    const beads = [pair('1-1 1-1'), pair('1-1 1-1'), pair('1-1 1-1')];
    const merged = apply(beads, { kind: 'merge-rows', row: 0 });
    expect(cells(merged.rows)).toEqual(['0+2 0+2 0+2']);
    const split = planViewEdit(layout3, merged.pairBeads, merged.rows, { kind: 'split-row', row: 0, at: [1, 1, 1] });
    expect(cells(split.rows)).toEqual(['0+1 0+1 0+1', '1+1 1+1 1+1']);
  });

  it('splits a row keeping a sentence with the part the user put it in', () => {
    // row: en e0 e1 | ru r0 | zh z0 z1, en-zh 1-1 1-1; the user keeps only e0 above
    const beads = [pair('2-1'), pair('1-1 1-1'), pair('1-2')];
    const plan = apply(beads, { kind: 'split-row', row: 0, at: [1, 0, 0] });
    expect(cells(plan.rows)).toEqual(['0+1 0+0 0+0', '1+1 0+1 0+2']);
  });

  it('refuses a move past the first row and says nothing changed', () => {
    const beads = [pair('1-1'), pair('1-1'), pair('1-1')];
    expect(() => apply(beads, { kind: 'move-up', row: 0, column: 0 })).toThrow(EditRefusal);
  });

  it('confirms every bead of a row', () => {
    const beads = [pair('1-1 1-1'), pair('1-1 1-1'), pair('1-1 1-1')];
    const plan = apply(beads, { kind: 'confirm', row: 1, confirmed: true });
    expect(plan.rows.map((r) => r.confirmed)).toEqual([false, true]);
    expect(plan.edits.map((e) => e.confirm?.positions)).toEqual([[1], [1], [1]]);
  });
});

// --- properties: random pairs of three versions, random edits, undone ---

const shapeArb = fc.constantFrom('1-1', '1-1', '1-1', '1-0', '0-1', '2-1', '1-2', '2-2');
const pairArb = fc.array(shapeArb, { minLength: 1, maxLength: 12 }).map((s) => s.join(' '));

/** Three consistent pairs: en-ru and en-zh random, ru-zh a random alignment of the same ru and zh. */
const workArb = fc.tuple(pairArb, pairArb, fc.array(shapeArb, { maxLength: 40 })).map(([er, ez, rzShapes]) => {
  const enru = pair(er);
  const enzh = pair(ez);
  // make the en counts agree: pad the shorter with en-only beads
  const en = (beads: GridRow[]) => beads.reduce((n, b) => n + b.cells[0].count, 0);
  const pad = (beads: GridRow[], upto: number) => {
    while (en(beads) < upto) {
      const last = beads[beads.length - 1];
      beads.push({ cells: [{ first: en(beads), count: 1 }, { first: last.cells[1].first + last.cells[1].count, count: 0 }], origin: 'auto', confidence: 0.8, confirmed: false });
    }
  };
  const n = Math.max(en(enru), en(enzh));
  pad(enru, n);
  pad(enzh, n);
  const ru = enru.reduce((k, b) => k + b.cells[1].count, 0);
  const zh = enzh.reduce((k, b) => k + b.cells[1].count, 0);
  const rz: string[] = [];
  let r = 0;
  let z = 0;
  for (const s of rzShapes) {
    let [a, b] = s.split('-').map(Number);
    a = Math.min(a, ru - r);
    b = Math.min(b, zh - z);
    if (a + b === 0) continue;
    rz.push(`${a}-${b}`);
    r += a;
    z += b;
  }
  if (r < ru || z < zh) rz.push(`${ru - r}-${zh - z}`);
  return [enru, enzh, rz.length ? pair(rz.join(' ')) : []];
});

const opArb = fc.oneof(
  fc.record({ kind: fc.constantFrom('move-up' as const, 'move-down' as const), row: fc.nat(30), column: fc.constantFrom<0 | 1 | 2 | 'all'>(0, 1, 2, 'all') }),
  fc.record({ kind: fc.constant('merge-rows' as const), row: fc.nat(30) }),
  fc.record({ kind: fc.constant('split-row' as const), row: fc.nat(30), at: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3)) }),
  fc.record({ kind: fc.constant('confirm' as const), row: fc.nat(30), confirmed: fc.boolean() }),
  fc.record({ kind: fc.constant('confirm-upto' as const), row: fc.nat(30) }),
);

describe('edit properties', () => {
  it('every sentence stays in exactly one bead of each pair; undoing every edit restores every pair', () => {
    fc.assert(
      fc.property(workArb, fc.array(opArb, { maxLength: 12 }), (start, ops) => {
        const counts = [start[0].reduce((n, b) => n + b.cells[0].count, 0), start[0].reduce((n, b) => n + b.cells[1].count, 0), start[1].reduce((n, b) => n + b.cells[1].count, 0)];
        let beads = start;
        const undo: Array<{ before: GridRow[][]; plan: ReturnType<typeof planViewEdit> }> = [];
        for (const raw of ops) {
          const rows = deriveGridRows(layout3, beads);
          checkGrid(rows, counts);
          const op = { ...raw, row: rows.length ? raw.row % rows.length : 0 } as ViewOperation;
          if (op.kind === 'split-row') (op as { at: number[] }).at = op.at.map((a, k) => Math.min(a, rows[op.row].cells[k].count));
          let plan;
          try {
            plan = planViewEdit(layout3, beads, rows, op);
          } catch (error) {
            if (error instanceof EditRefusal) continue;
            throw error;
          }
          // the plan's windows and confirmations, applied to the pairs, give its pairs
          const applied = beads.map((b, q) => {
            const edit = plan.edits.find((e) => e.pair === q);
            let out = edit?.window ? applyPairWindow(b, edit.window) : b;
            if (edit?.confirm) out = out.map((bead, i) => (edit.confirm!.positions.includes(i) ? { ...bead, confirmed: edit.confirm!.value } : bead));
            return out;
          });
          expect(applied.map((b) => b.map((x) => [x.cells, x.confirmed]))).toEqual(plan.pairBeads.map((b) => b.map((x) => [x.cells, x.confirmed])));
          // the rows derived again around the edit are the rows derived from scratch
          expect(plan.rows).toEqual(deriveGridRows(layout3, plan.pairBeads));
          checkPair(plan.pairBeads[0], counts[0], counts[1]);
          checkPair(plan.pairBeads[1], counts[0], counts[2]);
          checkPair(plan.pairBeads[2], counts[1], counts[2]);
          undo.push({ before: beads, plan });
          beads = plan.pairBeads;
        }
        // undo in reverse: each window inverted, each confirmation flipped back
        for (const { before, plan } of undo.reverse()) {
          beads = beads.map((b, q) => {
            const edit = plan.edits.find((e) => e.pair === q);
            let out = b;
            if (edit?.confirm) out = out.map((bead, i) => (edit.confirm!.positions.includes(i) ? { ...bead, confirmed: !edit.confirm!.value } : bead));
            if (edit?.window) out = applyPairWindow(out, { position: edit.window.position, before: edit.window.after, after: edit.window.before });
            return out;
          });
          expect(beads.map((b) => b.map((x) => [x.cells, x.confirmed]))).toEqual(before.map((b) => b.map((x) => [x.cells, x.confirmed])));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a move puts the sentence in the row above or below', () => {
    fc.assert(
      fc.property(workArb, fc.nat(30), fc.constantFrom(0, 1, 2), fc.boolean(), (beads, r, column, up) => {
        const rows = deriveGridRows(layout3, beads);
        const row = r % rows.length;
        if (rows[row].cells[column].count === 0) return;
        try {
          const plan = planViewEdit(layout3, beads, rows, { kind: up ? 'move-up' : 'move-down', row, column });
          const s = up ? rows[row].cells[column].first : rows[row].cells[column].first + rows[row].cells[column].count - 1;
          const now = rowHolding(plan.rows, column, s);
          expect(now).toBeGreaterThanOrEqual(0);
        } catch (error) {
          if (!(error instanceof EditRefusal)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the direct pair repairs the rows when a work is first aligned', () => {
  it('moves a Chinese name into the row of its Russian name where ru-zh is surer than en-zh', async () => {
    const { reconcileWithDirectPairs } = await import('../../server/align/reconcile.ts');
    // en: title0 title1 ; ru: title0 name0 title1 ; zh: title0 name0 title1
    // en-ru: [t0:t0] [-:name0] [t1:t1]; en-zh wrongly [t0:t0] [t1: name0 t1]; ru-zh 1-1 and sure
    const enru = pair('1-1 0-1 1-1', 0.9);
    const enzh = pair('1-1 1-2', 0.6);
    const ruzh = pair('1-1 1-1 1-1', 0.95);
    const before = deriveGridRows(layout3, [enru, enzh, ruzh]);
    expect(cells(before)).toEqual(['0+1 0+1 0+1', '1+0 1+1 1+0', '1+1 2+1 1+2']);
    const repaired = reconcileWithDirectPairs(layout3, [enru, enzh, ruzh], [2]);
    expect(cells(deriveGridRows(layout3, repaired))).toEqual(['0+1 0+1 0+1', '1+0 1+1 1+1', '1+1 2+1 2+1']);
    // en-ru is not touched: only the Chinese column was allowed to move
    expect(repaired[0]).toBe(enru);
    expect(repaired[1].every((b) => b.origin === 'auto')).toBe(true);
    // an unsure direct pair moves nothing
    const unsure = reconcileWithDirectPairs(layout3, [enru, enzh, pair('1-1 1-1 1-1', 0.5)], [2]);
    expect(cells(deriveGridRows(layout3, unsure))).toEqual(cells(before));
  });
});
