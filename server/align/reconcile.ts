// When a work's pairs are first aligned, a non-pivot pair (ru-zh, aligned with the pivot as its
// bridge) may pair a sentence the pivot pairs put in the neighbouring row: typically a name the pivot
// version lacks (the signatories the English copy drops), which en-zh folds into the next title's row
// while en-ru leaves the Russian name in a row of its own. Where the direct bead is surer than the
// pivot bead that holds the sentence, the sentence is moved across that row boundary, exactly as the
// three-column view's move does (grid-view-edits.ts), so the rows show what the direct pair says. The
// moved beads stay automatic, with the combined odds that the move is right as their confidence.
// Only sentences of the columns given move, so pairs that were not just aligned stay as they were.
import type { GridRow } from './grid.ts';
import { deriveGridRows, pivotPairsOf, type GridLayout } from './grid-view.ts';
import { planViewEdit, rowHolding } from './grid-view-edits.ts';
import { EditRefusal } from './edit-operations.ts';
import { beadHolding } from './pair-alignment.ts';

/** The odds that moving is right: the direct bead (q) says move, the pivot bead (p) says stay. */
const moveOdds = (p: number, q: number): number => (q * (1 - p)) / (q * (1 - p) + (1 - q) * p || 1);

export function reconcileWithDirectPairs(layout: GridLayout, start: GridRow[][], movable: number[]): GridRow[][] {
  const { pivotPairs, others } = pivotPairsOf(layout);
  if (others.length === 0 || movable.length === 0) return start;
  let beads = start;
  let rows = deriveGridRows(layout, beads);
  const moved = new Set<string>();
  for (let r = 0; r < rows.length; r++) {
    for (const k of movable) {
      const pivotPair = pivotPairs.find((pp) => pp.column === k);
      if (!pivotPair) continue;
      for (const up of [true, false]) {
        const row = rows[r];
        const cell = row.cells[k];
        const dest = up ? r - 1 : r + 1;
        if (cell.count === 0 || dest < 0 || dest >= rows.length) continue;
        // a row holding nothing else would vanish: that is a merge, not this repair
        if (row.cells.every((c, column) => (column === k ? c.count === 1 : c.count === 0))) continue;
        const s = up ? cell.first : cell.first + cell.count - 1;
        if (moved.has(`${k}:${s}`)) continue;
        const held = beads[pivotPair.pair][beadHolding(beads[pivotPair.pair], 1 - pivotPair.pivotSide as 0 | 1, s)];
        if (!held || held.confidence === null) continue;
        let best: number | null = null;
        for (const q of others) {
          const { x, y } = layout.pairs[q];
          if (x !== k && y !== k) continue;
          const side = x === k ? 0 : 1;
          const j = side === 0 ? y : x;
          const direct = beads[q][beadHolding(beads[q], side, s)];
          if (!direct || direct.confidence === null || direct.cells[side].count !== 1) continue;
          const partners = direct.cells[1 - side];
          if (partners.count === 0) continue;
          let all = true;
          for (let o = partners.first; o < partners.first + partners.count; o++) if (rowHolding(rows, j, o) !== dest) all = false;
          if (all && direct.confidence > held.confidence) best = Math.max(best ?? 0, direct.confidence);
        }
        if (best === null) continue;
        let plan;
        try {
          plan = planViewEdit(layout, beads, rows, { kind: up ? 'move-up' : 'move-down', row: r, column: k });
        } catch (error) {
          if (error instanceof EditRefusal) continue;
          throw error;
        }
        const odds = Math.round(moveOdds(held.confidence, best) * 1000) / 1000;
        beads = plan.pairBeads.map((list, q) => {
          const edit = plan.edits.find((e) => e.pair === q);
          if (!edit?.window) return list;
          const { position, after } = edit.window;
          const copy = list.slice();
          for (let i = position; i < position + after.length; i++) {
            const before = start[q].find((b) => b.cells.every((c, t) => c.first === copy[i].cells[t].first && c.count === copy[i].cells[t].count));
            copy[i] = { ...copy[i], origin: 'auto', confidence: before?.confidence ?? odds };
          }
          return copy;
        });
        rows = deriveGridRows(layout, beads);
        moved.add(`${k}:${s}`);
      }
    }
  }
  return beads;
}
