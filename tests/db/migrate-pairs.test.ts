// Migration 006 on a database made by the code before pairs were stored (tests/fixtures/legacy-grid):
// the grid becomes one alignment per pair, the rows of the three-column view are the old rows, the
// confirmed rows stay confirmed, and the undo history goes on: undo walks back through the states the
// old editor went through, redo forwards again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { findWorkBySlug } from '../../server/db/works.ts';
import { alignmentState } from '../../server/services/alignment-state.ts';
import { EditRefusal } from '../../server/services/edit-alignment.ts';
import { redoLastUndo, undoLastEdit } from '../../server/services/undo.ts';
import { openWorkspace, type Workspace } from '../../server/services/workspace.ts';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'legacy-grid');
interface State {
  after: string;
  rows: Array<{ cells: Array<[number, number]>; confirmed: boolean }>;
  en: number;
}
const states = JSON.parse(fs.readFileSync(path.join(fixtures, 'states.json'), 'utf8')) as State[];

let dir: string;
let ws: Workspace;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-legacy-'));
  // the database as the old code wrote it, kept as its SQL dump (sqlite3 .dump)
  const old = new BetterSqlite3(path.join(dir, 'db.sqlite'));
  old.exec(fs.readFileSync(path.join(fixtures, 'triptych-59f34b3.sql'), 'utf8'));
  old.close();
  ws = await openWorkspace(loadConfig({ ...process.env, TRIPTYCH_DB: path.join(dir, 'db.sqlite'), TRIPTYCH_SEED: '0' }), 'test');
});
afterAll(() => {
  ws?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const rows = () => {
  const state = alignmentState(ws.db, findWorkBySlug(ws.db, 'fixture')!);
  return state.rows().map((r) => ({ cells: r.cells.map((c) => [c.first, c.count]), confirmed: r.confirmed }));
};
const options = { actor: 'test', at: '2026-12-03T00:00:00.000Z' };
const grid = { kind: 'grid' } as const;

describe('a database made before pairs were stored', () => {
  it('is migrated: the grid tables are gone, each two versions have their alignment', () => {
    const tables = (ws.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    expect(tables).not.toContain('alignment_rows');
    expect(tables).not.toContain('alignment_cells');
    const labels = alignmentState(ws.db, findWorkBySlug(ws.db, 'fixture')!).layout.pairs.map((p) => `${p.label}:${p.alignment ? 'aligned' : '-'}`);
    expect(labels).toEqual(['en|ru:aligned', 'en|zh:aligned', 'ru|zh:aligned']);
    expect(ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('shows the rows the old grid had, confirmed rows confirmed', () => {
    expect(rows()).toEqual(states[states.length - 1].rows);
  });

  it('undoes the old edits one by one back to the import, and redoes them', () => {
    // what the log can replay: confirm, the redone split, the move, the merge, the confirmations (the
    // empty row inserted and undone before later edits is behind them for good)
    const reachable = ['confirm', 'redo', 'move-up', 'merge-rows', 'confirm-upto', 'import'].map((label) => states.findLast((s) => s.after === label)!);
    for (let i = 1; i < reachable.length; i++) {
      undoLastEdit(ws.db, 'fixture', grid, options);
      expect(rows(), `undo to ${reachable[i].after}`).toEqual(reachable[i].rows);
    }
    expect(() => undoLastEdit(ws.db, 'fixture', grid, options)).toThrow(EditRefusal);
    for (let i = reachable.length - 2; i >= 0; i--) {
      redoLastUndo(ws.db, 'fixture', grid, options);
      expect(rows(), `redo to ${reachable[i].after}`).toEqual(reachable[i].rows);
    }
  });
});
