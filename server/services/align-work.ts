// Use case: (re)build the alignment grid of a work from its active versions, through the pivot.
// Runs inside the caller's transaction and logs one 'align' event with the grid before and after.
import type { Database } from 'better-sqlite3';
import { alignGrid, checkGrid } from '../align/grid.ts';
import { alignPair, type AlignResources, type AlignSide, type TermSpotter } from '../align/index.ts';
import { appendEvent } from '../db/events.ts';
import { listGridVersionIds, loadGrid, replaceGrid } from '../db/grid.ts';
import { listActiveVersions, listRetiredVersions, listSentences, type VersionRecord } from '../db/versions.ts';
import type { WorkRecord } from '../db/works.ts';
import { conceptSpotter } from '../terms/match.ts';
import { termMatcher } from './terms-recognition.ts';

/**
 * The versions that form the grid's columns: every active version that is not a revision of another,
 * in the order their names were first imported, so that a replacement keeps the column of the
 * version it replaced (English | Russian | Chinese stays so after the Russian is replaced).
 */
export function gridVersions(db: Database, workId: number): VersionRecord[] {
  const active = listActiveVersions(db, workId).filter((v) => !v.revisionOf);
  const firstImport = new Map<string, number>();
  for (const v of [...listRetiredVersions(db, workId), ...active]) {
    firstImport.set(v.name, Math.min(firstImport.get(v.name) ?? v.id, v.id));
  }
  return active.sort((a, b) => firstImport.get(a.name)! - firstImport.get(b.name)!);
}

export function pivotIndex(work: WorkRecord, versions: VersionRecord[]): number {
  const k = versions.findIndex((v) => v.lang === work.pivotLang);
  return k >= 0 ? k : 0;
}

export function alignSideOf(db: Database, version: VersionRecord): AlignSide {
  const sentences = listSentences(db, version.id);
  return {
    lang: version.lang,
    sentences: sentences.map((s) => s.text),
    paragraphs: sentences.map((s) => s.paragraph),
    parts: sentences.map((s) => s.part),
  };
}

/** The termbase as the aligner consults it: the concepts named in a sentence (none when it is empty). */
export function termSpotterOf(db: Database): TermSpotter | undefined {
  const { matcher, concepts } = termMatcher(db);
  return concepts.length === 0 ? undefined : conceptSpotter(matcher);
}

/** The grid as compact JSON for the event log: per row, [first, count] per version. */
function gridSnapshot(db: Database, workId: number) {
  const versionIds = listGridVersionIds(db, workId);
  if (versionIds.length === 0) return null;
  const rows = loadGrid(db, workId, versionIds);
  return { versions: versionIds, rows: rows.map((r) => r.cells.map((c) => [c.first, c.count])) };
}

export function realignWork(
  db: Database,
  work: WorkRecord,
  options: { actor: string; at: string; resources?: AlignResources },
): { rows: number } {
  const before = gridSnapshot(db, work.id);
  const versions = gridVersions(db, work.id);
  const sides = versions.map((v) => alignSideOf(db, v));
  const terms = termSpotterOf(db);
  const rows = versions.length
    ? alignGrid(sides, pivotIndex(work, versions), (a, b) => alignPair(a, b, { resources: options.resources, terms }), { crossCheck: true })
    : [];
  checkGrid(rows, sides.map((s) => s.sentences.length));
  replaceGrid(db, work.id, versions.map((v) => v.id), rows);
  appendEvent(db, {
    workId: work.id,
    actor: options.actor,
    at: options.at,
    kind: 'align',
    summary: `aligned ${versions.map((v) => v.name).join(' | ')} into ${rows.length} rows`,
    before,
    after: gridSnapshot(db, work.id),
  });
  return { rows: rows.length };
}
