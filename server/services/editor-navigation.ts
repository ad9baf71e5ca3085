// Read models for finding one's way in a large grid: rows filtered (unconfirmed, low confidence, not
// 1-1, flagged, near a search hit), the next suspect row, and the page that holds row N. No writes.
// Flags are the open findings of the checks (services/checks.ts, which keeps them per work until the
// work or the termbase changes), on works of any size; other sources can add theirs with
// registerFlaggedRows.
import type { Database } from 'better-sqlite3';
import { beadHolding } from '../align/pair-alignment.ts';
import { rowHolding } from '../align/grid-view-edits.ts';
import { searchSentences } from '../db/versions.ts';
import { alignmentState } from './alignment-state.ts';
import { checkWorkView } from './checks.ts';
import type { GridRow } from '../align/grid.ts';
import { REVIEW_CONFIDENCE } from '../align/calibration.ts';
import { gridViewOf, readGridRows, type GridRowView, type WorkView } from './read-work.ts';
import { EditRefusal } from '../align/edit-operations.ts';


export const rowFilterNames = ['unconfirmed', 'low-confidence', 'not-one-to-one', 'flagged', 'search'] as const;
export type RowFilter = (typeof rowFilterNames)[number];

export function isRowFilter(value: unknown): value is RowFilter {
  return typeof value === 'string' && (rowFilterNames as readonly string[]).includes(value);
}

/** Positions (ascending) of the rows of a work that carry flags. */
export type FlaggedRowFinder = (db: Database, view: WorkView) => number[];

/** The position of the view's row holding a sentence (-1 when none does). */
export function rowFinder(db: Database, view: WorkView): (versionId: number, ordinal: number) => number {
  const state = alignmentState(db, view.work);
  if (view.kind === 'pair') {
    const beads = state.beads[state.layout.pairs.indexOf(view.pair!)];
    return (versionId, ordinal) => (versionId === view.pair!.a.id ? beadHolding(beads, 0, ordinal) : versionId === view.pair!.b.id ? beadHolding(beads, 1, ordinal) : -1);
  }
  const rows = state.rows();
  return (versionId, ordinal) => {
    const k = state.layout.columns.findIndex((c) => c.id === versionId);
    return k < 0 ? -1 : rowHolding(rows, k, ordinal);
  };
}

/** Whether a row is suspect on its own: not confirmed, and of low confidence or not one sentence to one. */
const byState: Record<'unconfirmed' | 'low-confidence' | 'not-one-to-one', (row: GridRow) => boolean> = {
  unconfirmed: (row) => !row.confirmed,
  'low-confidence': (row) => row.confidence !== null && row.confidence < REVIEW_CONFIDENCE,
  'not-one-to-one': (row) => row.cells.some((c) => c.count !== 1),
};

function positionsWhere(db: Database, view: WorkView, test: (row: GridRow, position: number) => boolean): number[] {
  const state = alignmentState(db, view.work);
  const rows: GridRow[] = view.kind === 'grid' ? state.rows() : state.beads[state.layout.pairs.indexOf(view.pair!)];
  const out: number[] = [];
  rows.forEach((row, p) => {
    if (test(row, p)) out.push(p);
  });
  return out;
}

/** Rows with a finding of the checks that nobody dismissed (the findings come from the checks' cache). */
const openFindingRows: FlaggedRowFinder = (db, view) => {
  const state = alignmentState(db, view.work);
  const grid = gridViewOf(state);
  const rows = checkWorkView(db, grid).findings.filter((f) => !f.dismissal && f.row >= 1).map((f) => f.row - 1);
  if (view.kind === 'grid') return rows;
  // a pair view shows the rows of the three-column view that hold flagged sentences as the beads holding them
  const holding = rowFinder(db, view);
  const gridRows = state.rows();
  const positions = new Set<number>();
  for (const r of rows) {
    for (const version of view.columns) {
      const cell = gridRows[r]?.cells[state.layout.columns.indexOf(version)];
      if (!cell) continue;
      for (let o = cell.first; o < cell.first + cell.count; o++) {
        const p = holding(version.id, o);
        if (p >= 0) positions.add(p);
      }
    }
  }
  return [...positions];
};

const flaggedRowFinders: FlaggedRowFinder[] = [openFindingRows];

/** The hook for other sources of flags: their rows appear under the 'flagged' filter too. */
export function registerFlaggedRows(finder: FlaggedRowFinder): void {
  if (!flaggedRowFinders.includes(finder)) flaggedRowFinders.push(finder);
}

/**
 * The flagged positions of a work. Running the checks means reading the whole grid (seconds on
 * 10,000 rows), but services/checks.ts keeps their findings until something they read changes, so
 * only the first call after a change pays for it; a further source of flags should be as quick or
 * keep its own answer.
 */
function flaggedPositions(db: Database, view: WorkView): number[] {
  const all = new Set<number>();
  for (const find of flaggedRowFinders) for (const p of find(db, view)) all.add(p);
  return [...all].sort((a, b) => a - b);
}

export const maxSearchLength = 200;
const maxSearchHits = 200;

/** Rows holding a sentence that contains `query`, each with its neighbours above and below. */
function searchPositions(db: Database, view: WorkView, query: string): number[] {
  const needle = query.trim();
  if (!needle) throw new EditRefusal('empty-search');
  if (needle.length > maxSearchLength) throw new EditRefusal('search-too-long', { max: maxSearchLength });
  const positions = new Set<number>();
  const holding = rowFinder(db, view);
  for (const hit of searchSentences(db, view.columns.map((v) => v.id), needle, maxSearchHits)) {
    const p = holding(hit.versionId, hit.ordinal);
    if (p < 0) continue;
    for (const q of [p - 1, p, p + 1]) if (q >= 0 && q < view.rowCount) positions.add(q);
  }
  return [...positions].sort((a, b) => a - b);
}

export interface FilteredRows {
  filter: RowFilter;
  query: string;
  rows: GridRowView[];
  /** how many rows match in the whole work */
  total: number;
  /** the position after which the next page starts, or null at the end */
  nextAfter: number | null;
}

/** A page of rows matching the filter, starting after position `after` (-1: from the first row). */
export function readFilteredRows(db: Database, view: WorkView, filter: RowFilter, options: { after: number; limit: number; query?: string }): FilteredRows {
  const from = options.after + 1;
  let positions: number[];
  let total: number;
  if (filter === 'flagged' || filter === 'search') {
    const all = filter === 'flagged' ? flaggedPositions(db, view) : searchPositions(db, view, options.query ?? '');
    total = all.length;
    positions = all.filter((p) => p >= from).slice(0, options.limit + 1);
  } else {
    const all = positionsWhere(db, view, byState[filter]);
    total = all.length;
    positions = all.filter((p) => p >= from).slice(0, options.limit + 1);
  }
  const more = positions.length > options.limit;
  if (more) positions = positions.slice(0, options.limit);
  return { filter, query: options.query ?? '', rows: readRowsAt(db, view, positions), total, nextAfter: more ? positions[positions.length - 1] : null };
}

/** The rows at the given positions (ascending), read run by run. */
export function readRowsAt(db: Database, view: WorkView, positions: number[]): GridRowView[] {
  const rows: GridRowView[] = [];
  let i = 0;
  while (i < positions.length) {
    let j = i;
    while (j + 1 < positions.length && positions[j + 1] === positions[j] + 1) j++;
    rows.push(...readGridRows(db, view, positions[i], j - i + 1));
    i = j + 1;
  }
  return rows;
}

/**
 * The next row after `after` that is unconfirmed and of low confidence or not 1-1, or flagged (an
 * open finding of the checks), on a work of any size: the first call after a change of a large work
 * computes its findings once, the next ones read them from the checks' cache.
 */
export function findNextSuspectRow(db: Database, view: WorkView, after: number): number | undefined {
  const byGrid = positionsWhere(db, view, (r, p) => p > after && !r.confirmed && (byState['low-confidence'](r) || byState['not-one-to-one'](r)))[0];
  const flagged = flaggedPositions(db, view).find((p) => p > after);
  if (byGrid === undefined) return flagged;
  return flagged === undefined ? byGrid : Math.min(byGrid, flagged);
}

/** The offset of the page (of `pageSize` rows) that holds position `position`. */
export function pageOffsetOf(position: number, pageSize: number): number {
  return Math.max(0, position - (position % pageSize));
}
