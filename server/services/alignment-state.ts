// The alignments of a work as the views read them: the layout, every pair's beads, and the rows of
// the three-column view derived from them. Read from the database once and kept per process for the
// works in use, under a key the database maintains (every pair's revision and every version's
// sentence count), so a change made by another process or connection is seen at the next read. An
// edit made here patches the kept state with what it wrote (inside its transaction, so the key it
// records is exactly its own), instead of reading ten thousand beads again.
import type { Database } from 'better-sqlite3';
import type { GridRow } from '../align/grid.ts';
import { deriveGridRows, rederiveGridRows, rowBeads, type PairChangeSummary, type ViewRow } from '../align/grid-view.ts';
import { beadHolding } from '../align/pair-alignment.ts';
import { alignmentStateKey, readAllBeads, touchBeads, type StoredBead } from '../db/alignments.ts';
import { versionsStateKey } from '../db/versions.ts';
import type { WorkRecord } from '../db/works.ts';
import { readWorkLayout, type WorkLayout } from './work-layout.ts';

export interface AlignmentState {
  key: string;
  layout: WorkLayout;
  /** beads of each pair of layout.pairs (empty while a pair is not aligned) */
  beads: StoredBead[][];
  /** the rows of the three-column view (derived on first need) */
  rows(): ViewRow[];
  /** the rows if they have been derived already */
  derivedRows(): ViewRow[] | null;
}

interface Entry {
  key: string;
  state: AlignmentState;
}

/** How many works' states a process keeps (the most recently read). */
const keptWorks = 6;
const kept = new WeakMap<Database, Map<number, Entry>>();

export function stateKey(db: Database, workId: number): string {
  return `${alignmentStateKey(db, workId)}/${versionsStateKey(db, workId)}`;
}

function makeState(key: string, layout: WorkLayout, beads: StoredBead[][], derived: (() => ViewRow[]) | null = null): AlignmentState {
  let rows: ViewRow[] | null = null;
  return {
    key,
    layout,
    beads,
    rows() {
      if (!rows && derived) rows = derived();
      if (!rows) {
        const pivot = layout.columns[layout.pivot];
        rows = deriveGridRows(layout.grid, layout.gridPairs.map((i) => beads[i]), pivot?.sentenceCount ?? 0);
      }
      return rows;
    },
    derivedRows: () => rows,
  };
}

/** The work's alignments, from the kept state when it is current, else read afresh. */
export function alignmentState(db: Database, work: WorkRecord): AlignmentState {
  const key = stateKey(db, work.id);
  let works = kept.get(db);
  if (!works) kept.set(db, (works = new Map()));
  const entry = works.get(work.id);
  if (entry && entry.key === key) {
    // most recently used last
    works.delete(work.id);
    works.set(work.id, entry);
    return entry.state;
  }
  const layout = readWorkLayout(db, work);
  const beads = layout.pairs.map((p) => (p.alignment ? readAllBeads(db, p.alignment.id) : []));
  const state = makeState(key, layout, beads);
  remember(db, work.id, key, state);
  return state;
}

function remember(db: Database, workId: number, key: string, state: AlignmentState): void {
  let works = kept.get(db);
  if (!works) kept.set(db, (works = new Map()));
  works.delete(workId);
  works.set(workId, { key, state });
  while (works.size > keptWorks) works.delete(works.keys().next().value!);
}

/** What an edit wrote to one pair, for the kept state: a shift, a window of beads as stored now, confirmations. */
export interface PairPatch {
  pair: number;
  shift?: { side: 0 | 1; from: number; delta: number };
  window?: { position: number; removed: number; stored: StoredBead[] };
  confirm?: { positions: number[]; value: boolean };
  /** beads (by position) whose revision moved while they stayed as they were (touchBeads) */
  touch?: number[];
}

/**
 * Applies what an edit wrote to the kept state of its work, under the key read at the end of the
 * edit's transaction. Rows are derived again on the next read that needs them.
 */
export function patchAlignmentState(db: Database, state: AlignmentState, patches: PairPatch[], key: string): AlignmentState {
  const beads = state.beads.slice();
  const summaries: PairChangeSummary[] = [];
  const gridPair = new Map(state.layout.gridPairs.map((i, q) => [i, q]));
  for (const patch of patches) {
    let list: StoredBead[] = beads[patch.pair];
    const q = gridPair.get(patch.pair);
    // a touch changes no row of the view, only the tokens read from its beads
    const touchOnly = Boolean(patch.touch) && !patch.shift && !patch.window && !patch.confirm;
    if (q !== undefined && !touchOnly) {
      const old = list;
      const touched = [
        ...(patch.window ? old.slice(patch.window.position, patch.window.position + patch.window.removed) : []),
        ...(patch.confirm ? patch.confirm.positions.map((i) => old[i]) : []),
        ...(patch.window && patch.window.removed === 0 && old[patch.window.position] ? [old[patch.window.position]] : []),
      ];
      const extent = ([0, 1] as const).map((side): [number, number] => {
        let lo = Number.MAX_SAFE_INTEGER;
        let hi = 0;
        for (const b of touched) {
          lo = Math.min(lo, b.cells[side].first);
          hi = Math.max(hi, b.cells[side].first + b.cells[side].count);
        }
        if (patch.shift && patch.shift.side === side) lo = Math.min(lo, patch.shift.from - 1);
        return lo === Number.MAX_SAFE_INTEGER ? [0, 0] : [lo, Math.max(hi, lo)];
      });
      summaries.push({ pair: q, position: patch.window?.position ?? 0, removed: patch.window?.removed ?? 0, added: patch.window?.stored.length ?? 0, extent, shift: patch.shift });
    }
    if (patch.shift) {
      const { side, from, delta } = patch.shift;
      list = list.map((b) => (b.cells[side].first >= from ? { ...b, cells: b.cells.map((c, t) => (t === side ? { first: c.first + delta, count: c.count } : c)) } : b));
    }
    if (patch.window) list = list.slice(0, patch.window.position).concat(patch.window.stored, list.slice(patch.window.position + patch.window.removed));
    if (patch.confirm) {
      list = list.slice();
      for (const i of patch.confirm.positions) list[i] = { ...list[i], confirmed: patch.confirm.value, revision: list[i].revision + 1 };
    }
    if (patch.touch) {
      list = list.slice();
      for (const i of patch.touch) list[i] = { ...list[i], revision: list[i].revision + 1 };
    }
    beads[patch.pair] = list;
  }
  // the rows around the change are derived again from the old rows, when they had been derived
  const known = state.derivedRows();
  const grid = state.layout.grid;
  const derived = known ? () => rederiveGridRows(grid, known, state.layout.gridPairs.map((i) => beads[i]), summaries) : null;
  const next = makeState(key, state.layout, beads, derived);
  remember(db, state.layout.work.id, key, next);
  return next;
}

/**
 * Inside the caller's transaction: moves the revision of every bead that holds one of the sentences
 * `ordinals` of a version, in each pair the version is in, so that the rows showing them get new
 * tokens in both kinds of view (the three-column rows and the pair views' beads) and an edit made
 * against the rows as they were is refused (409). For what the rows show beyond their beads (an
 * annotation on a sentence). Returns what to do once the transaction has committed: patch the kept
 * state with the new revisions (under the key read here, at the end of the writes).
 */
export function touchRowsOfSentences(db: Database, work: WorkRecord, versionId: number, ordinals: number[]): () => void {
  const state = alignmentState(db, work);
  const patches: PairPatch[] = [];
  state.layout.pairs.forEach((p, i) => {
    if (!p.alignment || (p.a.id !== versionId && p.b.id !== versionId)) return;
    const side = p.a.id === versionId ? 0 : 1;
    const beads = state.beads[i];
    const positions = [...new Set(ordinals.map((o) => beadHolding(beads, side, o)))].filter((k) => k >= 0).sort((a, b) => a - b);
    if (positions.length === 0) return;
    touchBeads(db, p.alignment.id, positions.map((k) => beads[k].id));
    patches.push({ pair: i, touch: positions });
  });
  if (patches.length === 0) return () => {};
  const key = stateKey(db, work.id);
  return () => void patchAlignmentState(db, state, patches, key);
}

/** Forgets a work's kept state (its layout changed: a version came or went). */
export function forgetAlignmentState(db: Database, workId: number): void {
  kept.get(db)?.delete(workId);
}

/** A short number that changes whenever any bead a row is made of changes (the row's revision). */
export function tokenOf(parts: Array<{ id: number; revision: number }>): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    for (const v of [p.id, p.revision]) {
      h ^= v & 0xffff;
      h = Math.imul(h, 0x01000193);
      h ^= v >>> 16;
      h = Math.imul(h, 0x01000193);
    }
  }
  return (h >>> 0) % 1_000_000_000;
}

/** The beads a row of the view is made of, in every pair (for its token). */
export function beadsOfRow(state: AlignmentState, row: ViewRow): StoredBead[] {
  const out: StoredBead[] = [];
  const gridBeads = state.layout.gridPairs.map((i) => state.beads[i]);
  const ranges = rowBeads(state.layout.grid, gridBeads, row);
  state.layout.gridPairs.forEach((i, q) => {
    const { from, to } = ranges[q];
    for (let k = from; k < to; k++) out.push(state.beads[i][k]);
  });
  return out;
}

export type { GridRow };
