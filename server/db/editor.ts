// SQL for the alignment editor: rows read and rewritten by position, revisions moved on every change
// of a row's cells, positions of the rows after a change renumbered in two UPDATEs (never one row at a
// time), sentences of one version replaced and renumbered, and the event log read for undo and redo.
// Positions stay dense (0..n-1) because the pages of the grid are read by position ranges.
import type { Database, Statement } from 'better-sqlite3';
import type { GridRow } from '../align/grid.ts';
import type { StoredRow } from './grid.ts';
import type { VersionRecord } from './versions.ts';

const statements = new WeakMap<Database, Map<string, Statement>>();

/** Prepared statements are cached per connection: an operation runs a dozen of them. */
function sql(db: Database, text: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = db.prepare(text)));
  return statement;
}

/** Rows at positions [from, to] with their cells ordered as `versionIds`. */
export function readRowWindow(db: Database, workId: number, versionIds: number[], from: number, to: number): StoredRow[] {
  if (to < from) return [];
  const rows = sql(
    db,
    `SELECT id, position, origin, confidence, confirmed, revision, disputed FROM alignment_rows
     WHERE work_id = ? AND position BETWEEN ? AND ? ORDER BY position`,
  ).all(workId, from, to) as Array<{ id: number; position: number; origin: 'auto' | 'manual'; confidence: number | null; confirmed: number; revision: number; disputed: number }>;
  const column = new Map(versionIds.map((id, k) => [id, k]));
  const cellsOf = sql(db, 'SELECT version_id AS versionId, first_ordinal AS first, count FROM alignment_cells WHERE row_id = ?');
  return rows.map((r) => {
    const cells = versionIds.map(() => ({ first: 0, count: 0 }));
    for (const c of cellsOf.all(r.id) as Array<{ versionId: number; first: number; count: number }>) {
      const k = column.get(c.versionId);
      if (k !== undefined) cells[k] = { first: c.first, count: c.count };
    }
    return { id: r.id, position: r.position, origin: r.origin, confidence: r.confidence, confirmed: r.confirmed === 1, disputed: r.disputed === 1, revision: r.revision, cells };
  });
}

/**
 * How many rows the grid has, read off the index: positions are dense (0..n-1), so the last one
 * tells — a COUNT(*) would walk all ten thousand of them on every operation.
 */
export function countWorkRows(db: Database, workId: number): number {
  return (sql(db, 'SELECT COALESCE(MAX(position) + 1, 0) AS n FROM alignment_rows WHERE work_id = ?').get(workId) as { n: number }).n;
}

/** The active versions of a work as versions.ts lists them, with the sentence count read off the index (ordinals are dense). */
export function listActiveVersionsQuickly(db: Database, workId: number): VersionRecord[] {
  return sql(
    db,
    `SELECT v.id, v.work_id AS workId, v.name, v.lang, v.status, v.label, v.title, v.provenance,
       v.revision_of AS revisionOf, v.file_name AS fileName, v.encoding, v.content_sha256 AS contentSha256,
       v.imported_at AS importedAt, v.retired_at AS retiredAt,
       (SELECT COALESCE(MAX(s.ordinal) + 1, 0) FROM sentences s WHERE s.version_id = v.id) AS sentenceCount
     FROM versions v WHERE v.work_id = ? AND v.retired_at IS NULL ORDER BY v.id`,
  ).all(workId) as VersionRecord[];
}

/** The position of the row whose cell of `versionId` holds sentence `ordinal`, if any. */
export function findRowHolding(db: Database, versionId: number, ordinal: number): number | undefined {
  const found = sql(
    db,
    `SELECT r.position, c.first_ordinal AS first, c.count FROM alignment_cells c JOIN alignment_rows r ON r.id = c.row_id
     WHERE c.version_id = ? AND c.first_ordinal <= ? AND c.count > 0 ORDER BY c.first_ordinal DESC LIMIT 1`,
  ).get(versionId, ordinal) as { position: number; first: number; count: number } | undefined;
  return found && ordinal < found.first + found.count ? found.position : undefined;
}

/**
 * Moves the positions of the rows at `from` and after by `delta`. Positions are unique and SQLite
 * checks that row by row as it updates them, in rowid order. Closing a gap (delta < 0) is one
 * statement whenever the rows' ids follow their positions (as a freshly aligned grid's do); otherwise,
 * and to open a gap, the rows are moved one by one from the end that never collides (measured faster
 * than a detour of the whole tail through negative positions, which takes two passes).
 */
function shiftPositions(db: Database, workId: number, from: number, delta: number): void {
  if (delta === 0) return;
  if (delta < 0) {
    try {
      sql(db, 'UPDATE alignment_rows SET position = position + ? WHERE work_id = ? AND position >= ?').run(delta, workId, from);
      return;
    } catch (error) {
      // The failed statement is undone on its own; the transaction goes on.
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
    }
  }
  const order = delta > 0 ? 'DESC' : 'ASC';
  const ids = sql(db, `SELECT id FROM alignment_rows WHERE work_id = ? AND position >= ? ORDER BY position ${order}`).pluck().all(workId, from) as number[];
  const move = sql(db, 'UPDATE alignment_rows SET position = position + ? WHERE id = ?');
  for (const id of ids) move.run(delta, id);
}

/** Cells of one version whose first ordinal is >= `from` move by `delta`. */
export function shiftCells(db: Database, versionId: number, from: number, delta: number): void {
  sql(db, 'UPDATE alignment_cells SET first_ordinal = first_ordinal + ? WHERE version_id = ? AND first_ordinal >= ?').run(delta, versionId, from);
}

/**
 * Replaces the rows `current` (consecutive, from `position`) by `next`: rows kept in place keep their
 * id, the others are deleted or inserted and the later positions move once. Every written row gets
 * `revision`. Returns the ids of the rows now at [position, position + next.length).
 */
export function replaceRowWindow(
  db: Database,
  workId: number,
  versionIds: number[],
  position: number,
  current: StoredRow[],
  next: GridRow[],
  revision: number,
): number[] {
  const updateRow = sql(db, 'UPDATE alignment_rows SET origin = ?, confidence = ?, confirmed = ?, disputed = ?, revision = ? WHERE id = ?');
  const updateCell = sql(db, 'UPDATE alignment_cells SET first_ordinal = ?, count = ? WHERE row_id = ? AND version_id = ?');
  const insertRow = sql(db, 'INSERT INTO alignment_rows (work_id, position, origin, confidence, confirmed, disputed, revision) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertCell = sql(db, 'INSERT INTO alignment_cells (row_id, version_id, first_ordinal, count) VALUES (?, ?, ?, ?)');
  const deleteRow = sql(db, 'DELETE FROM alignment_rows WHERE id = ?');
  const ids: number[] = [];
  const kept = Math.min(current.length, next.length);
  for (let i = 0; i < kept; i++) {
    const row = next[i];
    const id = current[i].id;
    updateRow.run(row.origin, row.confidence, row.confirmed ? 1 : 0, row.disputed ? 1 : 0, revision, id);
    row.cells.forEach((cell, k) => updateCell.run(cell.first, cell.count, id, versionIds[k]));
    ids.push(id);
  }
  if (current.length > kept) {
    for (const row of current.slice(kept)) deleteRow.run(row.id);
    shiftPositions(db, workId, position + current.length, kept - current.length);
  } else if (next.length > kept) {
    shiftPositions(db, workId, position + kept, next.length - kept);
    for (let i = kept; i < next.length; i++) {
      const row = next[i];
      const id = Number(insertRow.run(workId, position + i, row.origin, row.confidence, row.confirmed ? 1 : 0, row.disputed ? 1 : 0, revision).lastInsertRowid);
      row.cells.forEach((cell, k) => insertCell.run(id, versionIds[k], cell.first, cell.count));
      ids.push(id);
    }
  }
  return ids;
}

/** Sets `confirmed` on the rows at the given positions (one statement however many). */
export function setConfirmed(db: Database, workId: number, positions: number[], confirmed: boolean): void {
  sql(db, 'UPDATE alignment_rows SET confirmed = ? WHERE work_id = ? AND position IN (SELECT value FROM json_each(?))').run(
    confirmed ? 1 : 0,
    workId,
    JSON.stringify(positions),
  );
}

export function listUnconfirmedPositions(db: Database, workId: number, upTo: number): number[] {
  return (
    sql(db, 'SELECT position FROM alignment_rows WHERE work_id = ? AND position <= ? AND confirmed = 0 ORDER BY position').all(workId, upTo) as {
      position: number;
    }[]
  ).map((r) => r.position);
}

/** The position of the last confirmed row, or -1. */
export function lastConfirmedPosition(db: Database, workId: number): number {
  const row = sql(db, 'SELECT MAX(position) AS p FROM alignment_rows WHERE work_id = ? AND confirmed = 1').get(workId) as { p: number | null };
  return row.p ?? -1;
}

// --- rows matching a filter, for the editor's filtered views and navigation ---

export type RowFilterName = 'unconfirmed' | 'low-confidence' | 'not-one-to-one';

const filterConditions: Record<RowFilterName, string> = {
  unconfirmed: 'r.confirmed = 0',
  'low-confidence': 'r.confidence IS NOT NULL AND r.confidence < ?',
  'not-one-to-one': 'EXISTS (SELECT 1 FROM alignment_cells c WHERE c.row_id = r.id AND c.count <> 1)',
};

/** Positions (ascending, from `from`) of rows matching the filter, at most `limit`. */
export function findFilteredPositions(
  db: Database,
  workId: number,
  filter: RowFilterName,
  from: number,
  limit: number,
  lowConfidence: number,
): number[] {
  const params: unknown[] = [workId, from];
  if (filter === 'low-confidence') params.push(lowConfidence);
  params.push(limit);
  return (
    sql(db, `SELECT r.position FROM alignment_rows r WHERE r.work_id = ? AND r.position >= ? AND ${filterConditions[filter]} ORDER BY r.position LIMIT ?`).all(
      ...params,
    ) as { position: number }[]
  ).map((r) => r.position);
}

export function countFilteredRows(db: Database, workId: number, filter: RowFilterName, lowConfidence: number): number {
  const params: unknown[] = [workId];
  if (filter === 'low-confidence') params.push(lowConfidence);
  return (sql(db, `SELECT COUNT(*) AS n FROM alignment_rows r WHERE r.work_id = ? AND ${filterConditions[filter]}`).get(...params) as { n: number }).n;
}

/** The first row after `after` that is unconfirmed and either not 1-1 or of low confidence. */
export function findNextSuspectPosition(db: Database, workId: number, after: number, lowConfidence: number): number | undefined {
  const row = sql(
    db,
    `SELECT r.position FROM alignment_rows r WHERE r.work_id = ? AND r.position > ? AND r.confirmed = 0
       AND ((r.confidence IS NOT NULL AND r.confidence < ?) OR EXISTS (SELECT 1 FROM alignment_cells c WHERE c.row_id = r.id AND c.count <> 1))
     ORDER BY r.position LIMIT 1`,
  ).get(workId, after, lowConfidence) as { position: number } | undefined;
  return row?.position;
}

/** Sentences of the given versions whose text contains `needle` (case-insensitive for ASCII), at most `limit`. */
export function searchSentences(db: Database, versionIds: number[], needle: string, limit: number): Array<{ versionId: number; ordinal: number; text: string }> {
  const pattern = `%${needle.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  return sql(
    db,
    `SELECT version_id AS versionId, ordinal, text FROM sentences
     WHERE version_id IN (SELECT value FROM json_each(?)) AND text LIKE ? ESCAPE '\\' ORDER BY version_id, ordinal LIMIT ?`,
  ).all(JSON.stringify(versionIds), pattern, limit) as Array<{ versionId: number; ordinal: number; text: string }>;
}

// --- sentences and the version's text ---

export interface SentenceRecord {
  ordinal: number;
  block: number;
  start: number;
  end: number;
  text: string;
}

export function readSentences(db: Database, versionId: number, from: number, count: number): SentenceRecord[] {
  return sql(db, 'SELECT ordinal, block, start, end, text FROM sentences WHERE version_id = ? AND ordinal >= ? AND ordinal < ? ORDER BY ordinal').all(
    versionId,
    from,
    from + count,
  ) as SentenceRecord[];
}

export function countSentences(db: Database, versionId: number): number {
  return (sql(db, 'SELECT COUNT(*) AS n FROM sentences WHERE version_id = ?').get(versionId) as { n: number }).n;
}

/**
 * Replaces the sentences [ordinal, ordinal + removed) of a version by `added` (their ordinals follow
 * from their order) and renumbers the later sentences once.
 */
export function replaceSentences(db: Database, versionId: number, ordinal: number, removed: number, added: Omit<SentenceRecord, 'ordinal'>[]): void {
  sql(db, 'DELETE FROM sentences WHERE version_id = ? AND ordinal >= ? AND ordinal < ?').run(versionId, ordinal, ordinal + removed);
  const delta = added.length - removed;
  if (delta !== 0) {
    sql(db, 'UPDATE sentences SET ordinal = -ordinal - 1 WHERE version_id = ? AND ordinal >= ?').run(versionId, ordinal + removed);
    sql(db, 'UPDATE sentences SET ordinal = -ordinal - 1 + ? WHERE version_id = ? AND ordinal < 0').run(delta, versionId);
  }
  const insert = sql(db, 'INSERT INTO sentences (version_id, ordinal, block, start, end, text) VALUES (?, ?, ?, ?, ?, ?)');
  added.forEach((s, i) => insert.run(versionId, ordinal + i, s.block, s.start, s.end, s.text));
}

export function readVersionText(db: Database, versionId: number): string {
  return (sql(db, 'SELECT text FROM versions WHERE id = ?').get(versionId) as { text: string }).text;
}

/**
 * Writes the version's normalised text with [at, at + oldLength) replaced by `replacement`, and moves
 * the offsets of everything after it: later sentences, the end of the block that holds the change,
 * and later blocks. (Offsets are UTF-16 indices into the stored text, as everywhere.)
 */
export function spliceVersionText(
  db: Database,
  versionId: number,
  edit: { at: number; oldLength: number; replacement: string; afterOrdinal: number; block: number },
): void {
  const text = readVersionText(db, versionId);
  const updated = text.slice(0, edit.at) + edit.replacement + text.slice(edit.at + edit.oldLength);
  sql(db, 'UPDATE versions SET text = ? WHERE id = ?').run(updated, versionId);
  const delta = edit.replacement.length - edit.oldLength;
  if (delta === 0) return;
  sql(db, 'UPDATE sentences SET start = start + ?, end = end + ? WHERE version_id = ? AND ordinal > ?').run(delta, delta, versionId, edit.afterOrdinal);
  sql(db, 'UPDATE blocks SET end = end + ? WHERE version_id = ? AND ordinal = ?').run(delta, versionId, edit.block);
  sql(db, 'UPDATE blocks SET start = start + ?, end = end + ? WHERE version_id = ? AND ordinal > ?').run(delta, delta, versionId, edit.block);
}

// --- the event log, as undo and redo read it ---

export interface EditorEventRecord {
  id: number;
  kind: string;
  summary: string;
  at: string;
  actor: string;
  beforeJson: string | null;
  afterJson: string | null;
}

/** The latest event of a work whose kind is one of `kinds` (the grid's own history). */
export function latestEventOfKinds(db: Database, workId: number, kinds: readonly string[]): EditorEventRecord | undefined {
  return sql(
    db,
    `SELECT id, kind, summary, at, actor, before_json AS beforeJson, after_json AS afterJson FROM events
     WHERE work_id = ? AND kind IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT 1`,
  ).get(workId, JSON.stringify(kinds)) as EditorEventRecord | undefined;
}

/** The id of the latest event of any work: it changes whenever anything is changed. */
export function latestEventId(db: Database): number {
  return (sql(db, 'SELECT COALESCE(MAX(id), 0) AS id FROM events').get() as { id: number }).id;
}

export function readEvent(db: Database, workId: number, id: number): EditorEventRecord | undefined {
  return sql(
    db,
    'SELECT id, kind, summary, at, actor, before_json AS beforeJson, after_json AS afterJson FROM events WHERE work_id = ? AND id = ?',
  ).get(workId, id) as EditorEventRecord | undefined;
}

export function listEventsOfKinds(db: Database, workId: number, kinds: readonly string[], limit: number): EditorEventRecord[] {
  return sql(
    db,
    `SELECT id, kind, summary, at, actor, before_json AS beforeJson, after_json AS afterJson FROM events
     WHERE work_id = ? AND kind IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT ?`,
  ).all(workId, JSON.stringify(kinds), limit) as EditorEventRecord[];
}
