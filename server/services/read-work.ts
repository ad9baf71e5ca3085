// Read models for the pages and exports: the library, a work with its grid (by pages of rows),
// and a version with its blocks. No writes here.
import type { Database } from 'better-sqlite3';
import { countRows, listRows, type StoredRow } from '../db/grid.ts';
import { listActiveVersions, listBlocks, listSentenceRange, versionText, type StoredBlock, type StoredSentence, type VersionRecord } from '../db/versions.ts';
import { findWorkBySlug, listWorks, type WorkRecord } from '../db/works.ts';
import { gridVersions, pivotIndex } from './align-work.ts';
import { NotFoundError } from './errors.ts';

export interface LibraryEntry {
  work: WorkRecord;
  versions: VersionRecord[];
  rows: number;
}

export function readLibrary(db: Database): LibraryEntry[] {
  return listWorks(db).map((work) => ({ work, versions: listActiveVersions(db, work.id), rows: countRows(db, work.id) }));
}

export function requireWork(db: Database, slug: string): WorkRecord {
  const work = findWorkBySlug(db, slug);
  if (!work) throw new NotFoundError(`There is no work '${slug}'.`, { key: 'errors.notFoundWork', params: { work: slug } });
  return work;
}

export interface WorkView {
  work: WorkRecord;
  columns: VersionRecord[];
  revisions: VersionRecord[];
  pivot: number;
  rowCount: number;
}

export function readWork(db: Database, slug: string): WorkView {
  const work = requireWork(db, slug);
  const columns = gridVersions(db, work.id);
  return {
    work,
    columns,
    revisions: listActiveVersions(db, work.id).filter((v) => v.revisionOf),
    pivot: pivotIndex(work, columns),
    rowCount: countRows(db, work.id),
  };
}

/** Languages written without spaces between sentences. */
const unspacedLanguages = new Set(['zh', 'ja', 'th', 'lo', 'km', 'my']);

export function joinSentences(lang: string, texts: string[]): string {
  return texts.join(unspacedLanguages.has(lang) ? '' : ' ');
}

export interface GridCellView {
  sentences: StoredSentence[];
  text: string;
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
}

/** Rows [offset, offset+limit) of the grid with their sentences, and the boundaries between them. */
export function readGridRows(db: Database, view: WorkView, offset: number, limit: number): GridRowView[] {
  const versionIds = view.columns.map((v) => v.id);
  // One row before the page tells whether the page's first row starts a new part or paragraph.
  const from = Math.max(0, offset - 1);
  const rows = listRows(db, view.work.id, versionIds, from, offset + limit - from);
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
      return { sentences, text: joinSentences(version.lang, sentences.map((s) => s.text)) };
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
