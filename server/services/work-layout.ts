// The one place that decides how a work is laid out: which versions are the columns of its view and
// in what order (the stored column order: a name keeps the place it was first imported at), which is
// the pivot, which pairs of versions keep an alignment (every two columns, and each revision with the
// version it revises), which version bridges a pair of non-pivot columns, and which linguistic
// resources aligning a pair needs. Every view, export, check and command reads these facts here.
import type { Database } from 'better-sqlite3';
import type { GridLayout } from '../align/grid-view.ts';
import { listAlignments, type AlignmentRecord } from '../db/alignments.ts';
import { listActiveVersions, listColumnPositions, type VersionRecord } from '../db/versions.ts';
import type { WorkRecord } from '../db/works.ts';
import { NotFoundError } from './errors.ts';

export interface PairSpec {
  a: VersionRecord;
  b: VersionRecord;
  /** pivot: the pivot with another column; columns: two non-pivot columns; revision: a version and its revision */
  kind: 'pivot' | 'columns' | 'revision';
  /** the version aligned to both sides, whose alignments with them are evidence (the pivot, for two other columns) */
  bridge?: VersionRecord;
}

export interface LaidOutPair extends PairSpec {
  /** the stored alignment, once the pair has been aligned */
  alignment?: AlignmentRecord;
  /** how the pair is named in addresses and on the page: 'en|ru' */
  label: string;
}

export interface WorkLayout {
  work: WorkRecord;
  versions: VersionRecord[];
  columns: VersionRecord[];
  revisions: VersionRecord[];
  pivot: number;
  pairs: LaidOutPair[];
  /** the view's layout for the pure core: pairs among the columns, as column indices */
  grid: GridLayout;
  /** for each pair of `grid.pairs`, its index in `pairs` */
  gridPairs: number[];
}

/** Columns in their stored order; the pivot is the first column in the work's pivot language. */
export function orderColumns(work: WorkRecord, versions: VersionRecord[], positions: Map<string, number>): { columns: VersionRecord[]; revisions: VersionRecord[]; pivot: number } {
  const place = (v: VersionRecord) => positions.get(v.name) ?? Number.MAX_SAFE_INTEGER;
  const columns = versions.filter((v) => !v.revisionOf).sort((x, y) => place(x) - place(y) || x.id - y.id);
  const revisions = versions.filter((v) => v.revisionOf).sort((x, y) => place(x) - place(y) || x.id - y.id);
  const k = columns.findIndex((v) => v.lang === work.pivotLang);
  return { columns, revisions, pivot: k >= 0 ? k : 0 };
}

/** The pairs a work keeps an alignment of: pivot pairs first, then the other columns, then revisions. */
export function requiredPairs(columns: VersionRecord[], revisions: VersionRecord[], pivot: number, all: VersionRecord[]): PairSpec[] {
  const pairs: PairSpec[] = [];
  const pivotVersion = columns[pivot];
  columns.forEach((v, k) => {
    if (k !== pivot && pivotVersion) pairs.push({ a: pivotVersion, b: v, kind: 'pivot' });
  });
  columns.forEach((x, i) => {
    columns.forEach((y, j) => {
      if (i < j && i !== pivot && j !== pivot) pairs.push({ a: x, b: y, kind: 'columns', bridge: pivotVersion });
    });
  });
  for (const r of revisions) {
    const base = all.find((v) => v.name === r.revisionOf && v.id !== r.id);
    if (base) pairs.push({ a: base, b: r, kind: 'revision' });
  }
  return pairs;
}

/** The languages whose resources aligning a pair needs (its two sides and its bridge). */
export function pairLanguages(pair: PairSpec): string[] {
  return [...new Set([pair.a.lang, pair.b.lang, ...(pair.bridge ? [pair.bridge.lang] : [])])];
}

export const pairLabel = (a: VersionRecord, b: VersionRecord): string => `${a.name}|${b.name}`;

/**
 * A work's layout from what is stored of it: its active versions, the places of their names and its
 * pairs' alignments. Pure, so an import can lay out the work it is about to make (its new version
 * not stored yet) exactly as the work will be read afterwards.
 */
export function layWork(work: WorkRecord, versions: VersionRecord[], positions: Map<string, number>, stored: AlignmentRecord[]): WorkLayout {
  const { columns, revisions, pivot } = orderColumns(work, versions, positions);
  const pairs: LaidOutPair[] = requiredPairs(columns, revisions, pivot, versions).map((p) => ({
    ...p,
    label: pairLabel(p.a, p.b),
    alignment: stored.find((s) => s.versionA === p.a.id && s.versionB === p.b.id),
  }));
  const columnOf = new Map(columns.map((v, k) => [v.id, k]));
  const gridPairs: number[] = [];
  const grid: GridLayout = { columns: columns.length, pivot, pairs: [] };
  pairs.forEach((p, i) => {
    if (p.kind === 'revision') return;
    grid.pairs.push({ x: columnOf.get(p.a.id)!, y: columnOf.get(p.b.id)! });
    gridPairs.push(i);
  });
  return { work, versions, columns, revisions, pivot, pairs, grid, gridPairs };
}

export function readWorkLayout(db: Database, work: WorkRecord): WorkLayout {
  return layWork(work, listActiveVersions(db, work.id), listColumnPositions(db, work.id), listAlignments(db, work.id));
}

/** The pair named by two version names, in either order. */
export function findPair(layout: WorkLayout, a: string, b: string): LaidOutPair {
  const pair = layout.pairs.find((p) => (p.a.name === a && p.b.name === b) || (p.a.name === b && p.b.name === a));
  if (!pair) {
    throw new NotFoundError(`The document '${layout.work.slug}' keeps no alignment of '${a}' with '${b}'.`, {
      key: 'errors.notFoundPair',
      params: { work: layout.work.slug, a, b, pairs: layout.pairs.map((p) => p.label).join(', ') },
    });
  }
  return pair;
}
