// Use case: re-align a stretch of a view — everything after the last confirmed row, or rows the user
// picks — keeping confirmed beads exactly as they are. In a pair view the stretch is beads of that
// pair; in the three-column view it is the same stretch of every pair of the columns (the pivot pairs
// first, so that a pair of two other columns is aligned again with their new beads as its bridge).
// Confirmed beads are fixed anchors: they cut each pair's stretch into segments, and only the
// sentences of each segment are aligned and spliced back. The aligning runs outside any transaction;
// one short write transaction then checks that the stretch is as it was read and stores it, as one
// undoable 'realign' event (see realignStretch). The resources needed are decided from the pairs'
// languages (align-pairs.ts languagesOfPairs) and loaded first.
import type { Database } from 'better-sqlite3';
import { EditRefusal } from '../align/edit-operations.ts';
import type { GridRow } from '../align/grid.ts';
import type { AlignResources, Bead } from '../align/index.ts';
import { checkPair, isPlaceholder, type PairWindow } from '../align/pair-alignment.ts';
import type { StoredBead } from '../db/alignments.ts';
import { alignSides, alignSideOf, asAlignerBeads, languagesOfPairs, termSpotterOf, type ResourceLoader } from './align-pairs.ts';
import type { AlignmentState } from './alignment-state.ts';
import { checkSeen, editTarget, runEdit, snapshotBead, viewKey, type EditOutcome, type EditSide, type EditStep, type SeenRows, type ViewRef } from './edit-alignment.ts';
import { viewRowsOf } from './read-work.ts';
import type { LaidOutPair } from './work-layout.ts';

export type Stretch = { kind: 'after-last-confirmed' } | { kind: 'rows'; from: number; to: number };

/** The first bead of a pair that does not end at or before (a, b): where a stretch starting there begins. */
function firstBeadFrom(beads: GridRow[], a: number, b: number): number {
  let i = 0;
  while (i < beads.length && beads[i].cells[0].first + beads[i].cells[0].count <= a && beads[i].cells[1].first + beads[i].cells[1].count <= b) i++;
  return i;
}

/** One past the last bead of a pair that starts before (a, b). */
function endBeadBefore(beads: GridRow[], a: number, b: number): number {
  let i = beads.length;
  while (i > 0 && beads[i - 1].cells[0].first >= a && beads[i - 1].cells[1].first >= b) i--;
  return i;
}

/** Beads [from, to) of a pair aligned again segment by segment (`align`), confirmed beads kept. */
function realignBeads(
  pair: LaidOutPair,
  beads: GridRow[],
  from: number,
  to: number,
  align: (pair: LaidOutPair, a: { first: number; count: number }, b: { first: number; count: number }) => GridRow[],
): GridRow[] {
  const out: GridRow[] = [];
  let segment: GridRow[] = [];
  const flush = () => {
    const kept = segment.filter((b) => !isPlaceholder(b));
    segment = [];
    if (kept.length === 0) return;
    const a = { first: kept[0].cells[0].first, count: kept.reduce((n, b) => n + b.cells[0].count, 0) };
    const b = { first: kept[0].cells[1].first, count: kept.reduce((n, k) => n + k.cells[1].count, 0) };
    out.push(...align(pair, a, b));
  };
  for (let i = from; i < to; i++) {
    if (beads[i].confirmed) {
      flush();
      out.push(beads[i]);
    } else segment.push(beads[i]);
  }
  flush();
  return out;
}

/** Beads whose target side falls inside [first, first + count), re-indexed to it (a bridge for a segment). */
function bridgeFor(beads: Bead[], first: number, count: number): Bead[] {
  return beads
    .map((b) => ({ ...b, tgt: b.tgt.filter((x) => x >= first && x < first + count).map((x) => x - first) }))
    .filter((b) => b.tgt.length > 0);
}

/** The beads a re-alignment replaces are no longer where it read them: it is planned again. */
class RealignOutdated extends Error {}

/** Whether every window of beads the step replaces is still as it was read. */
function windowsStillHold(state: AlignmentState, step: EditStep): boolean {
  return step.before.pairs.every((side) => {
    const i = state.layout.pairs.findIndex((p) => p.alignment?.id === side.alignment);
    if (i < 0) return false;
    const current = state.beads[i].slice(side.position, side.position + side.beads.length);
    return current.length === side.beads.length && side.beads.every((b, k) => b.cells.every(([first, count], c) => current[k].cells[c].first === first && current[k].cells[c].count === count && current[k].confirmed === b.confirmed));
  });
}

const realignAttempts = 3;

/**
 * Re-aligns a stretch. The alignment runs before the transaction, on the state as read then (outside
 * any transaction, so other writers never wait for it); the transaction only checks that the beads it
 * replaces are still as read (edits elsewhere in the work do not matter) and writes them, else the
 * stretch is aligned again.
 */
export async function realignStretch(
  db: Database,
  loadResources: ResourceLoader,
  slug: string,
  ref: ViewRef,
  stretch: Stretch,
  options: { seen: SeenRows; actor: string; at: string },
  progress: (step: number, steps: number) => void = () => {},
): Promise<EditOutcome> {
  for (let attempt = 1; ; attempt++) {
    const target = editTarget(db, slug, ref);
    const pairs = target.view.kind === 'pair' ? [target.view.pair!] : target.state.layout.gridPairs.map((i) => target.state.layout.pairs[i]);
    const resources = await loadResources(languagesOfPairs(pairs));
    progress(0, pairs.length + 1);
    const step = planRealign(db, target.state, target.view, stretch, resources, options.seen, (k) => progress(k, pairs.length + 1));
    try {
      return runEdit(db, slug, ref, (now) => {
        if (now.state.key !== target.state.key && !windowsStillHold(now.state, step)) throw new RealignOutdated();
        return step;
      }, options);
    } catch (error) {
      if (!(error instanceof RealignOutdated)) throw error;
      if (attempt >= realignAttempts) throw new EditRefusal('history-diverged');
    }
  }
}

function planRealign(db: Database, state: AlignmentState, view: ReturnType<typeof editTarget>['view'], stretch: Stretch, resources: AlignResources, seen: SeenRows, onPair: (done: number) => void): EditStep {
  const rowCount = view.rowCount;
  let from: number;
  let to: number;
  const rows = viewRowsOf(state, view, 0, rowCount, { light: true });
  if (stretch.kind === 'after-last-confirmed') {
    let last = -1;
    rows.forEach((r, i) => {
      if (r.confirmed) last = i;
    });
    from = last + 1;
    to = rowCount - 1;
  } else {
    from = stretch.from;
    to = stretch.to;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to >= rowCount || from > to) throw new EditRefusal('stretch-out-of-range', { rows: rowCount });
  }
  if (from > to) throw new EditRefusal('nothing-to-realign');
  // only the rows the client has on screen can be checked; the others it never saw
  if (seen) checkSeen(rows.slice(from, to + 1), new Map([...seen].filter(([p]) => p >= from && p <= to)), -1);
  const terms = termSpotterOf(db);
  const pairs = view.kind === 'pair' ? [view.pair!] : state.layout.gridPairs.map((i) => state.layout.pairs[i]);
  const newBeads = new Map<number, GridRow[]>();
  const windows: Array<{ pair: number; window: PairWindow }> = [];
  for (const pair of pairs) {
    const i = state.layout.pairs.indexOf(pair);
    const beads: StoredBead[] = state.beads[i];
    let lo: number;
    let hi: number;
    if (view.kind === 'pair') {
      lo = from;
      hi = to + 1;
    } else {
      const columns = state.layout.columns;
      const x = columns.indexOf(pair.a);
      const y = columns.indexOf(pair.b);
      const top = rows[from].cells;
      const bottom = rows[to].cells;
      lo = firstBeadFrom(beads, top[x].first, top[y].first);
      hi = endBeadBefore(beads, bottom[x].first + bottom[x].count, bottom[y].first + bottom[y].count);
    }
    if (hi <= lo) continue;
    const align = (p: LaidOutPair, a: { first: number; count: number }, b: { first: number; count: number }): GridRow[] => {
      const sideA = alignSideOf(db, p.a, a);
      const sideB = alignSideOf(db, p.b, b);
      let bridge;
      if (p.bridge) {
        const find = (v: typeof p.a) => state.layout.pairs.findIndex((q) => q.a.id === p.bridge!.id && q.b.id === v.id);
        const ka = find(p.a);
        const kb = find(p.b);
        if (ka >= 0 && kb >= 0) {
          const withA = asAlignerBeads(newBeads.get(ka) ?? state.beads[ka]);
          const withB = asAlignerBeads(newBeads.get(kb) ?? state.beads[kb]);
          bridge = { side: alignSideOf(db, p.bridge), withA: bridgeFor(withA, a.first, a.count), withB: bridgeFor(withB, b.first, b.count) };
        }
      }
      const local = alignSides({ a: sideA, b: sideB, bridge }, { resources, terms });
      checkPair(local, a.count, b.count);
      return local.map((bead) => ({ ...bead, cells: [{ first: bead.cells[0].first + a.first, count: bead.cells[0].count }, { first: bead.cells[1].first + b.first, count: bead.cells[1].count }] }));
    };
    const replaced = realignBeads(pair, beads, lo, hi, align);
    onPair(windows.length + 1);
    newBeads.set(i, [...beads.slice(0, lo), ...replaced, ...beads.slice(hi)]);
    windows.push({ pair: i, window: { position: lo, before: beads.slice(lo, hi), after: replaced } });
  }
  if (windows.length === 0) throw new EditRefusal('nothing-to-realign');
  const side = (after: boolean): EditSide => ({
    format: 2,
    view: viewKey(view),
    row: from + 1,
    pairs: windows.map(({ pair, window }) => ({
      alignment: state.layout.pairs[pair].alignment!.id,
      position: window.position,
      beads: (after ? window.after : window.before).map(snapshotBead),
    })),
  });
  const summary =
    stretch.kind === 'after-last-confirmed' ? `re-aligned rows ${from + 1}–${to + 1} (after the last confirmed row)` : `re-aligned rows ${from + 1}–${to + 1}`;
  return { kind: 'realign', summary: `${summary}${view.kind === 'pair' ? ` in ${view.pair!.label}` : ''}`, before: side(false), after: side(true), focus: from };
}
