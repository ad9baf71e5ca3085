// SQL for the alignment grid: rows in order, and per row one cell per version holding a
// contiguous range of that version's sentences.
import type { Database } from 'better-sqlite3';
import type { GridRow } from '../align/grid.ts';

export interface StoredRow extends GridRow {
  id: number;
  position: number;
  revision: number;
}

interface RowRecord {
  id: number;
  position: number;
  origin: 'auto' | 'manual';
  confidence: number | null;
  confirmed: number;
  revision: number;
  disputed: number;
}

interface CellRecord {
  rowId: number;
  versionId: number;
  first: number;
  count: number;
}

/** Replaces the whole grid of a work; `versionIds[k]` is the version of `row.cells[k]`. */
export function replaceGrid(db: Database, workId: number, versionIds: number[], rows: GridRow[]): void {
  db.prepare('DELETE FROM alignment_rows WHERE work_id = ?').run(workId);
  const insertRow = db.prepare(
    'INSERT INTO alignment_rows (work_id, position, origin, confidence, confirmed, disputed) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertCell = db.prepare(
    'INSERT INTO alignment_cells (row_id, version_id, first_ordinal, count) VALUES (?, ?, ?, ?)',
  );
  rows.forEach((row, position) => {
    const rowId = Number(
      insertRow.run(workId, position, row.origin, row.confidence, row.confirmed ? 1 : 0, row.disputed ? 1 : 0).lastInsertRowid,
    );
    row.cells.forEach((cell, k) => insertCell.run(rowId, versionIds[k], cell.first, cell.count));
  });
}

export function countRows(db: Database, workId: number): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM alignment_rows WHERE work_id = ?').get(workId) as { n: number }).n;
}

/** Rows at positions [offset, offset+limit), cells ordered as `versionIds`. */
export function listRows(db: Database, workId: number, versionIds: number[], offset: number, limit: number): StoredRow[] {
  const rows = db
    .prepare(
      `SELECT id, position, origin, confidence, confirmed, revision, disputed FROM alignment_rows
       WHERE work_id = ? AND position >= ? AND position < ? ORDER BY position`,
    )
    .all(workId, offset, offset + limit) as RowRecord[];
  if (rows.length === 0) return [];
  const cells = db
    .prepare(
      `SELECT c.row_id AS rowId, c.version_id AS versionId, c.first_ordinal AS first, c.count
       FROM alignment_cells c JOIN alignment_rows r ON r.id = c.row_id
       WHERE r.work_id = ? AND r.position >= ? AND r.position < ?`,
    )
    .all(workId, offset, offset + limit) as CellRecord[];
  return assembleRows(rows, cells, versionIds);
}

export function loadGrid(db: Database, workId: number, versionIds: number[]): StoredRow[] {
  return listRows(db, workId, versionIds, 0, Number.MAX_SAFE_INTEGER);
}

function assembleRows(rows: RowRecord[], cells: CellRecord[], versionIds: number[]): StoredRow[] {
  const column = new Map(versionIds.map((id, k) => [id, k]));
  const byRow = new Map<number, StoredRow>();
  const result = rows.map((r) => {
    const row: StoredRow = {
      id: r.id,
      position: r.position,
      revision: r.revision,
      origin: r.origin,
      confidence: r.confidence,
      confirmed: r.confirmed === 1,
      disputed: r.disputed === 1,
      cells: versionIds.map(() => ({ first: 0, count: 0 })),
    };
    byRow.set(r.id, row);
    return row;
  });
  for (const cell of cells) {
    const k = column.get(cell.versionId);
    const row = byRow.get(cell.rowId);
    if (k !== undefined && row) row.cells[k] = { first: cell.first, count: cell.count };
  }
  return result;
}

/** The versions that have cells in the current grid of a work. */
export function listGridVersionIds(db: Database, workId: number): number[] {
  return (
    db
      .prepare(
        `SELECT DISTINCT c.version_id AS id FROM alignment_cells c JOIN alignment_rows r ON r.id = c.row_id
         WHERE r.work_id = ? ORDER BY c.version_id`,
      )
      .all(workId) as { id: number }[]
  ).map((r) => r.id);
}
