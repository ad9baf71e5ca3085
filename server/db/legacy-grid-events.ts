// Part of migration 006 (pair alignments): the event log written when a work kept one grid is
// rewritten to the pairs, so that undo and redo go on across the upgrade. The grid's rows were
// projected onto the pairs by the SQL of the migration (a row is a bead of every pair in which it has
// a sentence); the same projection turns each logged window of rows into a window of beads per pair.
// Bead positions depend on the rows before the window at the time of the event, so the grid is
// replayed backwards from its current state, newest event first, as far as the last event that
// rebuilt it from scratch (the log behind that was never replayable). The per-pair undo links are
// then computed forwards. Runs inside the migration's transaction, then drops the grid's tables.
// Its SQL is written out here as of migration 006's schema, not borrowed from the current db modules,
// which follow the schema of the latest migration.
import type { Database } from 'better-sqlite3';

type Cells = Map<number, [number, number]>;
interface LegacyRow {
  cells: Cells;
  confirmed: boolean;
}
interface LegacySnapshot {
  cells: Array<[number, number]>;
  origin: 'auto' | 'manual';
  confidence: number | null;
  confirmed: boolean;
}
interface LegacySide {
  row: number;
  versions: number[];
  position: number;
  rows: LegacySnapshot[];
  sentences?: unknown;
  text?: unknown;
  sentence?: unknown;
  confirmed?: { positions: number[]; value: boolean };
  shift?: { column: number; from: number; delta: number };
  stack?: { below?: number | null; undid?: number; redoBelow?: number | null; undo?: number | null; redo?: number | null; redid?: number };
}
interface Pair {
  id: number;
  a: number;
  b: number;
}
interface Links {
  below?: number | null;
  undid?: number;
  redoBelow?: number | null;
  undo?: number | null;
  redo?: number | null;
  redid?: number;
}

const editKinds = new Set([
  'move-up', 'move-down', 'merge-rows', 'split-row', 'insert-row', 'delete-row', 'confirm', 'unconfirm', 'confirm-upto',
  'split-sentence', 'merge-sentences', 'edit-sentence', 'realign',
]);
const barrierKinds = ['align', 'import-version', 'replace-version'];

function readGrid(db: Database, workId: number): LegacyRow[] {
  const rows = db.prepare('SELECT id, confirmed FROM alignment_rows WHERE work_id = ? ORDER BY position').all(workId) as Array<{ id: number; confirmed: number }>;
  const cells = db
    .prepare('SELECT c.row_id AS rowId, c.version_id AS versionId, c.first_ordinal AS first, c.count FROM alignment_cells c JOIN alignment_rows r ON r.id = c.row_id WHERE r.work_id = ?')
    .all(workId) as Array<{ rowId: number; versionId: number; first: number; count: number }>;
  const byRow = new Map<number, Cells>(rows.map((r) => [r.id, new Map()]));
  for (const c of cells) byRow.get(c.rowId)?.set(c.versionId, [c.first, c.count]);
  return rows.map((r) => ({ cells: byRow.get(r.id)!, confirmed: r.confirmed === 1 }));
}

const rowOf = (side: LegacySide, s: LegacySnapshot): LegacyRow => ({ cells: new Map(side.versions.map((v, k) => [v, s.cells[k]])), confirmed: s.confirmed });
const hasIn = (row: LegacyRow, pair: Pair) => (row.cells.get(pair.a)?.[1] ?? 0) + (row.cells.get(pair.b)?.[1] ?? 0) > 0;
const sameRows = (a: LegacyRow[], b: LegacyRow[], versions: number[]) =>
  a.length === b.length && a.every((r, i) => versions.every((v) => (r.cells.get(v)?.join() ?? '') === (b[i].cells.get(v)?.join() ?? '')));

/** The beads of a pair before position `position` of the grid: how many rows there have a sentence of it. */
function beadPosition(grid: LegacyRow[], pair: Pair, position: number): number {
  let n = 0;
  for (let p = 0; p < position && p < grid.length; p++) if (hasIn(grid[p], pair)) n++;
  return n;
}

function project(side: LegacySide, pair: Pair) {
  const ka = side.versions.indexOf(pair.a);
  const kb = side.versions.indexOf(pair.b);
  return side.rows
    .filter((r) => r.cells[ka][1] + r.cells[kb][1] > 0)
    .map((r) => ({ cells: [r.cells[ka], r.cells[kb]], origin: r.origin, confidence: r.confidence, confirmed: r.confirmed }));
}

/** The grid as it was before an event, from the grid after it. */
function replayBackwards(grid: LegacyRow[], before: LegacySide, after: LegacySide): LegacyRow[] {
  let rows = grid.map((r) => ({ cells: new Map(r.cells), confirmed: r.confirmed }));
  if (after.shift) {
    const version = after.versions[after.shift.column];
    const from = after.shift.from + after.shift.delta;
    for (const r of rows) {
      const c = r.cells.get(version);
      if (c && c[0] >= from) r.cells.set(version, [c[0] - after.shift.delta, c[1]]);
    }
  }
  rows = [...rows.slice(0, after.position), ...before.rows.map((s) => rowOf(before, s)), ...rows.slice(after.position + after.rows.length)];
  if (before.confirmed) for (const p of before.confirmed.positions) if (rows[p]) rows[p].confirmed = before.confirmed.value;
  return rows;
}

export function upgradeGridEventsToPairs(db: Database): void {
  const works = db.prepare('SELECT id FROM works').pluck().all() as number[];
  for (const workId of works) {
    const pairs = (db.prepare('SELECT id, version_a AS a, version_b AS b FROM alignments WHERE work_id = ? ORDER BY id').all(workId) as Pair[]);
    if (pairs.length === 0) continue;
    const barrier = (db.prepare(`SELECT COALESCE(MAX(id), 0) FROM events WHERE work_id = ? AND kind IN (${barrierKinds.map(() => '?').join(',')})`).pluck().get(workId, ...barrierKinds) as number);
    const events = db
      .prepare('SELECT id, kind, before_json AS beforeJson, after_json AS afterJson FROM events WHERE work_id = ? AND id > ? ORDER BY id DESC')
      .all(workId, barrier) as Array<{ id: number; kind: string; beforeJson: string | null; afterJson: string | null }>;
    let grid = readGrid(db, workId);
    const converted: Array<{ id: number; kind: string; legacyStack: LegacySide['stack']; before: Record<string, unknown>; after: Record<string, unknown>; pairs: number[] }> = [];
    for (const event of events) {
      if (!editKinds.has(event.kind) && event.kind !== 'undo' && event.kind !== 'redo') continue;
      const before = event.beforeJson ? (JSON.parse(event.beforeJson) as LegacySide) : null;
      const after = event.afterJson ? (JSON.parse(event.afterJson) as LegacySide) : null;
      if (!before || !after || !Array.isArray(after.rows) || !Array.isArray(before.rows)) break;
      const window = grid.slice(after.position, after.position + after.rows.length);
      if (!sameRows(window, after.rows.map((s) => rowOf(after, s)), after.versions)) break; // the log and the grid part here: stop
      const earlier = replayBackwards(grid, before, after);
      const sides = { before: [] as unknown[], after: [] as unknown[] };
      const touched: number[] = [];
      for (const pair of pairs) {
        if (!after.versions.includes(pair.a) || !after.versions.includes(pair.b)) continue;
        const a = project(after, pair);
        const b = project(before, pair);
        const shiftVersion = after.shift ? after.versions[after.shift.column] : undefined;
        const shift = after.shift && (shiftVersion === pair.a || shiftVersion === pair.b) ? { side: shiftVersion === pair.a ? 0 : 1, from: after.shift.from, delta: after.shift.delta } : undefined;
        const confirmedIn = (side: LegacySide, rows: LegacyRow[]) =>
          side.confirmed ? { positions: side.confirmed.positions.filter((p) => rows[p] && hasIn(rows[p], pair)).map((p) => beadPosition(rows, pair, p)), value: side.confirmed.value } : undefined;
        const ca = confirmedIn(after, grid);
        const cb = confirmedIn(before, earlier);
        if (a.length === 0 && b.length === 0 && !shift && !(ca && ca.positions.length)) continue;
        const afterSide: Record<string, unknown> = { alignment: pair.id, position: beadPosition(grid, pair, after.position), beads: a };
        const beforeSide: Record<string, unknown> = { alignment: pair.id, position: beadPosition(earlier, pair, before.position), beads: b };
        if (shift) afterSide.shift = shift;
        if (ca && ca.positions.length) afterSide.confirmed = ca;
        if (cb && cb.positions.length) beforeSide.confirmed = cb;
        sides.after.push(afterSide);
        sides.before.push(beforeSide);
        touched.push(pair.id);
      }
      const rest = (side: LegacySide) => {
        const out: Record<string, unknown> = { format: 2, view: 'grid', row: side.row };
        for (const key of ['sentences', 'text', 'sentence'] as const) if (side[key] !== undefined) out[key] = side[key];
        return out;
      };
      converted.push({
        id: event.id,
        kind: event.kind,
        legacyStack: after.stack,
        before: { ...rest(before), pairs: sides.before },
        after: { ...rest(after), pairs: sides.after },
        pairs: touched,
      });
      grid = earlier;
    }
    // forwards: the undo links of each pair
    converted.reverse();
    const byId = new Map(converted.map((e) => [e.id, e]));
    const state = new Map<number, { undo: number | null; redo: number | null }>(pairs.map((p) => [p.id, { undo: null, redo: null }]));
    const linksOf = new Map<number, Record<string, Links>>();
    const update = db.prepare('UPDATE events SET before_json = ?, after_json = ? WHERE id = ?');
    const link = db.prepare('INSERT OR IGNORE INTO event_alignments (alignment_id, event_id) VALUES (?, ?)');
    for (const event of converted) {
      const links: Record<string, Links> = {};
      let scopes = event.pairs.length ? event.pairs : pairs.map((p) => p.id);
      if (event.kind === 'undo' || event.kind === 'redo') {
        const targetId = event.kind === 'undo' ? event.legacyStack?.undid : event.legacyStack?.redid;
        const target = targetId === undefined ? undefined : byId.get(targetId);
        if (!target) {
          // its target lies behind what could be converted: the pairs' histories start again after it
          for (const p of pairs) state.set(p.id, { undo: null, redo: null });
          continue;
        }
        scopes = target.pairs.length ? target.pairs : pairs.map((p) => p.id);
        const targetLinks = linksOf.get(target.id) ?? {};
        for (const s of scopes) {
          const now = state.get(s)!;
          if (event.kind === 'undo') {
            links[s] = { undid: target.id, redoBelow: now.redo, undo: targetLinks[s]?.below ?? null };
            state.set(s, { undo: targetLinks[s]?.below ?? null, redo: event.id });
          } else {
            const undoLinks = now.redo === null ? undefined : linksOf.get(now.redo)?.[s];
            links[s] = { redid: target.id, undo: target.id, redo: undoLinks?.redoBelow ?? null };
            state.set(s, { undo: target.id, redo: undoLinks?.redoBelow ?? null });
          }
        }
      } else {
        for (const s of scopes) {
          links[s] = { below: state.get(s)!.undo };
          state.set(s, { undo: event.id, redo: null });
        }
      }
      linksOf.set(event.id, links);
      // an event that changed no pair (an empty row inserted) is linked to every pair: one undoable step, changing nothing
      update.run(JSON.stringify(event.before), JSON.stringify({ ...event.after, stack: links }), event.id);
      for (const s of scopes) link.run(s, event.id);
    }
  }
  db.exec('DROP TABLE alignment_cells; DROP TABLE alignment_rows;');
}
