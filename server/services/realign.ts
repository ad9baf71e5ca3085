// Use case: re-align a stretch of the grid — everything after the last confirmed row, or rows the
// user picks — keeping confirmed rows exactly as they are. Confirmed rows are fixed anchors: they cut
// the stretch into segments, and only the sentences of each segment are aligned (alignGrid through
// the pivot, alignPair per pair) and spliced back in. One transaction, one undoable 'realign' event.
import type { Database } from 'better-sqlite3';
import { EditRefusal } from '../align/edit-operations.ts';
import { alignGrid, checkGrid, type GridRow } from '../align/grid.ts';
import { alignPair, type AlignResources, type AlignSide } from '../align/index.ts';
import { countWorkRows, lastConfirmedPosition, readRowWindow } from '../db/editor.ts';
import type { StoredRow } from '../db/grid.ts';
import { listSentenceRange } from '../db/versions.ts';
import { pivotIndex, termSpotterOf } from './align-work.ts';
import { editContext, recordEdit, StaleViewError, snapshotRow, type EditContext, type EditOutcome, type EditSide, type SeenRows } from './edit-grid.ts';

export type Stretch = { kind: 'after-last-confirmed' } | { kind: 'rows'; from: number; to: number };

/** Aligns the sentences covered by `rows` (none confirmed) again, as a grid of their own. */
function realignSegment(db: Database, ctx: EditContext, rows: StoredRow[], resources: AlignResources | undefined): GridRow[] {
  const ranges = ctx.versionIds.map((_, k) => {
    const first = rows[0].cells[k].first;
    return { first, count: rows.reduce((n, r) => n + r.cells[k].count, 0) };
  });
  const sides: AlignSide[] = ctx.columns.map((version, k) => {
    const sentences = listSentenceRange(db, version.id, ranges[k].first, ranges[k].first + ranges[k].count);
    return { lang: version.lang, sentences: sentences.map((s) => s.text), paragraphs: sentences.map((s) => s.paragraph), parts: sentences.map((s) => s.part) };
  });
  const terms = termSpotterOf(db);
  const local = alignGrid(sides, pivotIndex(ctx.work, ctx.columns), (a, b) => alignPair(a, b, { resources, terms }), { crossCheck: true });
  checkGrid(local, sides.map((s) => s.sentences.length));
  return local.map((row) => ({
    ...row,
    cells: row.cells.map((c, k) => ({ first: c.first + ranges[k].first, count: c.count })),
  }));
}

export function realignStretch(
  db: Database,
  slug: string,
  stretch: Stretch,
  options: { seen: SeenRows; actor: string; at: string; resources?: AlignResources },
): EditOutcome {
  return db.transaction((): EditOutcome => {
    const ctx = editContext(db, slug);
    const rowCount = countWorkRows(db, ctx.work.id);
    let from: number;
    let to: number;
    if (stretch.kind === 'after-last-confirmed') {
      from = lastConfirmedPosition(db, ctx.work.id) + 1;
      to = rowCount - 1;
    } else {
      from = stretch.from;
      to = stretch.to;
      if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to >= rowCount || from > to) {
        throw new EditRefusal('stretch-out-of-range', { rows: rowCount });
      }
    }
    if (from > to) throw new EditRefusal('nothing-to-realign');
    const rows = readRowWindow(db, ctx.work.id, ctx.versionIds, from, to);
    if (options.seen) {
      // Only the rows the client has on screen can be checked; the others it never saw.
      for (const row of rows) {
        const seen = options.seen.get(row.position);
        if (seen !== undefined && seen !== `${row.id}.${row.revision}`) throw new StaleViewError(from);
      }
    }
    const after: GridRow[] = [];
    let segment: StoredRow[] = [];
    const flush = () => {
      if (segment.length) after.push(...realignSegment(db, ctx, segment, options.resources));
      segment = [];
    };
    for (const row of rows) {
      if (row.confirmed) {
        flush();
        after.push(row);
      } else segment.push(row);
    }
    flush();
    const before: EditSide = { row: from + 1, versions: ctx.versionIds, position: from, rows: rows.map(snapshotRow) };
    const afterSide: EditSide = { row: from + 1, versions: ctx.versionIds, position: from, rows: after.map(snapshotRow) };
    const summary =
      stretch.kind === 'after-last-confirmed'
        ? `re-aligned rows ${from + 1}–${to + 1} (after the last confirmed row) into ${after.length} rows`
        : `re-aligned rows ${from + 1}–${to + 1} into ${after.length} rows`;
    return recordEdit(db, ctx, 'realign', summary, before, afterSide, options);
  })();
}
