// Read models for the pages and exports: the library, a work's views (the three-column view and the
// view of one pair, both by pages of rows), and a version with its blocks. No writes here.
import type { Database } from 'better-sqlite3';
import { confidenceLevel, confidencePercent, type ConfidenceLevel } from '../align/calibration.ts';
import { PARALLEL_THRESHOLD } from '../align/parallelism.ts';
import { innerBoundaries, rowBeads, rowDisputes } from '../align/grid-view.ts';
import type { GridRow } from '../align/grid.ts';
import { listActiveVersions, listBlocks, listSentenceRange, versionText, type StoredBlock, type StoredSentence, type VersionRecord } from '../db/versions.ts';
import { storedRowCount, storeRowCount } from '../db/row-counts.ts';
import { findWorkBySlug, listWorksPage, type WorkRecord } from '../db/works.ts';
import { alignmentState, beadsOfRow, stateKey, tokenOf, type AlignmentState } from './alignment-state.ts';
import { NotFoundError } from './errors.ts';
import { isWrittenWithoutSpaces } from '../text/languages.ts';
import { findPair, type LaidOutPair } from './work-layout.ts';

export interface LibraryEntry {
  work: WorkRecord;
  versions: VersionRecord[];
  rows: number;
}

export interface LibraryPage {
  entries: LibraryEntry[];
  /** works matching the filter */
  total: number;
  page: number;
  pages: number;
  filter: string;
}

export const libraryPageSize = 25;

/** A page of the library (1-based), works whose slug or title holds `filter`. */
export function readLibraryPage(db: Database, options: { page: number; filter?: string }): LibraryPage {
  const filter = options.filter?.trim().slice(0, 200) ?? '';
  const first = listWorksPage(db, { offset: 0, limit: 0, filter });
  const pages = Math.max(1, Math.ceil(first.total / libraryPageSize));
  const page = Math.min(Math.max(1, Math.floor(options.page) || 1), pages);
  const { works, total } = listWorksPage(db, { offset: (page - 1) * libraryPageSize, limit: libraryPageSize, filter });
  return { entries: works.map((work) => ({ work, versions: listActiveVersions(db, work.id), rows: workRowCount(db, work) })), total, page, pages, filter };
}

// The number of rows of each work's view: the library shows it for every work on its page, and
// deriving a work's rows reads all its pivot pairs' beads. Kept under the work's state key in this
// process and in the database (server/db/row-counts.ts), so that a page of works is counted once,
// by whichever process derived it first (an import counts the work it imported); the key carries
// the version of the derivation, so a Triptych that derives rows otherwise counts them again.
const rowsDerivation = 1;
const rowCounts = new WeakMap<Database, Map<number, { key: string; rows: number }>>();

/** How many rows the work's three-column view has now. */
export function workRowCount(db: Database, work: WorkRecord): number {
  let byWork = rowCounts.get(db);
  if (!byWork) rowCounts.set(db, (byWork = new Map()));
  const key = `${rowsDerivation}/${stateKey(db, work.id)}`;
  const kept = byWork.get(work.id);
  if (kept && kept.key === key) return kept.rows;
  let rows = storedRowCount(db, work.id, key);
  if (rows === undefined) {
    rows = alignmentState(db, work).rows().length;
    storeRowCount(db, work.id, key, rows);
  }
  byWork.set(work.id, { key, rows });
  return rows;
}

export function requireWork(db: Database, slug: string): WorkRecord {
  const work = findWorkBySlug(db, slug);
  if (!work) throw new NotFoundError(`There is no work '${slug}'.`, { key: 'errors.notFoundWork', params: { work: slug } });
  return work;
}

/**
 * A view of a work: the three-column view (kind 'grid': every column, rows computed from the pairs)
 * or the view of one pair (kind 'pair': its two versions, one row per bead). Both are edited the same
 * way; `base` is where the view's pages and operations live.
 */
export interface WorkView {
  kind: 'grid' | 'pair';
  work: WorkRecord;
  columns: VersionRecord[];
  revisions: VersionRecord[];
  pivot: number;
  rowCount: number;
  /** the pair a pair view shows */
  pair?: LaidOutPair;
  /** every pair the work keeps, for choosing a pair view */
  pairs: LaidOutPair[];
  /** how surely each automatically aligned pair translates each other; `unrelated` below the threshold */
  parallelism: PairParallelism[];
  base: string;
}

export interface PairParallelism {
  pair: LaidOutPair;
  score: number;
  unrelated: boolean;
}

function pairParallelism(pairs: LaidOutPair[]): PairParallelism[] {
  return pairs.flatMap((pair) => {
    const score = pair.alignment?.parallelism;
    return score === null || score === undefined ? [] : [{ pair, score, unrelated: score < PARALLEL_THRESHOLD }];
  });
}

export const workBase = (slug: string): string => `/works/${encodeURIComponent(slug)}`;
export const pairBase = (slug: string, pair: LaidOutPair): string => `${workBase(slug)}/pairs/${encodeURIComponent(pair.a.name)}/${encodeURIComponent(pair.b.name)}`;

export function gridViewOf(state: AlignmentState): WorkView {
  const { layout } = state;
  return {
    kind: 'grid',
    work: layout.work,
    columns: layout.columns,
    revisions: layout.revisions,
    pivot: layout.pivot,
    rowCount: state.rows().length,
    pairs: layout.pairs,
    parallelism: pairParallelism(layout.pairs),
    base: workBase(layout.work.slug),
  };
}

export function pairViewOf(state: AlignmentState, pair: LaidOutPair): WorkView {
  const { layout } = state;
  const i = layout.pairs.indexOf(pair);
  return {
    kind: 'pair',
    work: layout.work,
    columns: [pair.a, pair.b],
    revisions: layout.revisions,
    pivot: 0,
    rowCount: state.beads[i].length,
    pair,
    pairs: layout.pairs,
    parallelism: pairParallelism([pair]),
    base: pairBase(layout.work.slug, pair),
  };
}

export function readWork(db: Database, slug: string): WorkView {
  return gridViewOf(alignmentState(db, requireWork(db, slug)));
}

/** The view of the pair of versions named `a` and `b` (in either order). */
export function readPairView(db: Database, slug: string, a: string, b: string): WorkView {
  const state = alignmentState(db, requireWork(db, slug));
  return pairViewOf(state, findPair(state.layout, a, b));
}

/** A row of a view as the editor addresses it: its place, its token (id.revision) and its state. */
export interface StoredRow extends GridRow {
  id: number;
  position: number;
  revision: number;
  /** three-column view: per column, the ordinals after which a pair's bead ends inside the cell */
  boundaries?: Array<Array<{ after: number; pair: number }>>;
  /** three-column view: the pairs (labels) that read the row differently from the pivot pairs */
  disputes?: string[];
}

/**
 * The rows [from, to) of a view with their tokens (the stored state; no sentences). `light` leaves
 * out what only the page shows (where finer beads fall inside a row, which pairs dispute it).
 */
export function viewRowsOf(state: AlignmentState, view: WorkView, from: number, to: number, options: { light?: boolean } = {}): StoredRow[] {
  if (view.kind === 'pair') {
    const i = state.layout.pairs.indexOf(view.pair!);
    return state.beads[i].slice(from, to).map((b, k) => ({ ...b, position: from + k }));
  }
  const rows = state.rows();
  const gridBeads = state.layout.gridPairs.map((i) => state.beads[i]);
  return rows.slice(from, to).map((row, k) => {
    const parts = beadsOfRow(state, row);
    const ranges = rowBeads(state.layout.grid, gridBeads, row);
    const disputeList = options.light ? [] : rowDisputes(state.layout.grid, gridBeads, row, ranges);
    const base = {
      cells: row.cells,
      origin: row.origin,
      confidence: row.confidence,
      confirmed: row.confirmed,
      disputed: disputeList.length > 0,
      id: parts.find((p) => p.cells[0].count + p.cells[1].count > 0)?.id ?? 0,
      revision: tokenOf(parts),
      position: from + k,
    };
    if (options.light) return base;
    const disputes = disputeList.map((d) => state.layout.pairs[state.layout.gridPairs[d.pair]].label);
    return {
      ...base,
      boundaries: innerBoundaries(state.layout.grid, row, gridBeads, ranges),
      disputes: [...new Set(disputes)],
    };
  });
}

/** Languages written without spaces between sentences. */
export function joinSentences(lang: string, texts: string[]): string {
  return texts.join(isWrittenWithoutSpaces(lang) ? '' : ' ');
}

export interface GridCellView {
  sentences: StoredSentence[];
  text: string;
  /** ordinal → the pairs (labels) whose bead ends after that sentence, inside the cell */
  breaksAfter: Map<number, string[]>;
}

export interface GridRowView {
  row: StoredRow;
  number: number;
  cells: GridCellView[];
  /** The part/paragraph of the row, from the first version that has a sentence in it. */
  part: number | null;
  paragraph: number | null;
  startsPart: boolean;
  startsParagraph: boolean;
  /** how the grid shows the row's confidence, and as what percent (null: a person's row, none to show) */
  confidenceLevel: ConfidenceLevel | null;
  confidencePercent: number | null;
}

/** Rows [offset, offset+limit) of a view with their sentences, and the boundaries between them. */
export function readGridRows(db: Database, view: WorkView, offset: number, limit: number): GridRowView[] {
  const state = alignmentState(db, view.work);
  // One row before the page tells whether the page's first row starts a new part or paragraph.
  const from = Math.max(0, offset - 1);
  const rows = viewRowsOf(state, view, from, offset + limit);
  if (rows.length === 0) return [];
  const sentencesByColumn = view.columns.map((version, k) => {
    let from = Number.MAX_SAFE_INTEGER;
    let to = 0;
    for (const r of rows) {
      from = Math.min(from, r.cells[k].first);
      to = Math.max(to, r.cells[k].first + r.cells[k].count);
    }
    const byOrdinal = new Map<number, StoredSentence>();
    for (const s of listSentenceRange(db, version.id, from, to)) byOrdinal.set(s.ordinal, s);
    return byOrdinal;
  });
  // Boundaries are read in the pivot first, then in the other columns.
  const order = [view.pivot, ...view.columns.map((_, k) => k).filter((k) => k !== view.pivot)];
  type Boundary = { part: number | null; paragraphs: (number | null)[] };
  let previous: Boundary | null = null as Boundary | null;
  const result: GridRowView[] = [];
  for (const row of rows) {
    const cells = view.columns.map((version, k) => {
      const cell = row.cells[k];
      const sentences: StoredSentence[] = [];
      for (let o = cell.first; o < cell.first + cell.count; o++) {
        const s = sentencesByColumn[k].get(o);
        if (s) sentences.push(s);
      }
      const breaksAfter = new Map<number, string[]>();
      for (const b of row.boundaries?.[k] ?? []) {
        const label = state.layout.pairs[state.layout.gridPairs[b.pair]].label;
        breaksAfter.set(b.after, [...(breaksAfter.get(b.after) ?? []), label]);
      }
      return { sentences, text: joinSentences(version.lang, sentences.map((s) => s.text)), breaksAfter };
    });
    const before = previous;
    const firstWithText = order.find((k) => cells[k].sentences.length > 0);
    const part = firstWithText === undefined ? null : cells[firstWithText].sentences[0].part;
    const paragraphs = cells.map((c) => (c.sentences.length ? c.sentences[0].paragraph : null));
    const startsPart = before !== null && part !== null && before.part !== null && part !== before.part;
    const startsParagraph =
      before !== null &&
      paragraphs.some((p, k) => {
        const last = before.paragraphs[k];
        return p !== null && last !== null && p !== last;
      });
    const lastParagraphs = cells.map((cell, k) =>
      cell.sentences.length ? cell.sentences[cell.sentences.length - 1].paragraph : (before?.paragraphs[k] ?? null),
    );
    if (row.position >= offset) {
      result.push({
        row,
        number: row.position + 1,
        cells,
        part,
        paragraph: firstWithText === undefined ? null : paragraphs[firstWithText],
        startsPart,
        startsParagraph,
        confidenceLevel: row.confidence === null ? null : confidenceLevel(row.confidence),
        confidencePercent: row.confidence === null ? null : confidencePercent(row.confidence),
      });
    }
    previous = { part: part ?? before?.part ?? null, paragraphs: lastParagraphs };
  }
  return result;
}

export interface VersionView {
  work: WorkRecord;
  version: VersionRecord;
  text: string;
  blocks: Array<StoredBlock & { text: string; sentences: StoredSentence[] }>;
}

export function readVersion(db: Database, slug: string, name: string): VersionView {
  const work = requireWork(db, slug);
  const version = listActiveVersions(db, work.id).find((v) => v.name === name);
  if (!version) {
    throw new NotFoundError(`The work '${slug}' has no version '${name}'.`, { key: 'errors.notFoundVersion', params: { work: slug, name } });
  }
  const text = versionText(db, version.id);
  const byBlock = new Map<number, StoredSentence[]>();
  for (const s of listSentenceRange(db, version.id, 0, Number.MAX_SAFE_INTEGER)) {
    const list = byBlock.get(s.block);
    if (list) list.push(s);
    else byBlock.set(s.block, [s]);
  }
  const blocks = listBlocks(db, version.id).map((b) => ({
    ...b,
    text: text.slice(b.start, b.end),
    sentences: byBlock.get(b.ordinal) ?? [],
  }));
  return { work, version, text, blocks };
}
