// The same property as edit-operations.test.ts, on the stored grid: random operations (rows and
// sentences) through the editor's use cases on a real SQLite database, with random undos and redos,
// keep the grid valid and equal to the pure model after every step, and undoing everything gives
// back the original grid, sentences and text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGrid } from '../../server/align/grid.ts';
import { loadConfig } from '../../server/config.ts';
import { loadGrid, replaceGrid } from '../../server/db/grid.ts';
import { insertBlocks, insertSentences, insertVersion, listSentences, versionText } from '../../server/db/versions.ts';
import { insertWork } from '../../server/db/works.ts';
import { applyEditCommand, EditRefusal, type EditCommand } from '../../server/services/edit-grid.ts';
import { redoLastUndo, undoLastEdit } from '../../server/services/undo.ts';
import { openWorkspace, type Workspace } from '../../server/services/workspace.ts';

let dir: string;
let ws: Workspace;
let run = 0;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-edit-stored-'));
  ws = await openWorkspace(loadConfig({ ...process.env, TRIPTYCH_DB: path.join(dir, 'db.sqlite'), TRIPTYCH_SEED: '0' }), 'test');
});

afterAll(() => {
  ws?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A work of two versions with `counts[r]` = [en, ru] sentences in row r, one paragraph per two rows. */
function createWork(rowCounts: Array<[number, number]>): { slug: string; ids: number[] } {
  const db = ws.db;
  const slug = `w${++run}`;
  const at = '2026-01-01T00:00:00.000Z';
  let ids: number[] = [];
  db.transaction(() => {
    const work = insertWork(db, { slug, title: slug, pivotLang: 'en', at });
    ids = (['en', 'ru'] as const).map((lang, k) => {
      const sentences: Array<{ text: string; block: number }> = [];
      rowCounts.forEach((counts, r) => {
        for (let i = 0; i < counts[k]; i++) sentences.push({ text: `${lang} sentence ${sentences.length} of row ${r}.`, block: Math.floor(r / 2) });
      });
      const blocks: Array<{ start: number; end: number; sentences: typeof sentences }> = [];
      let text = '';
      const placed: Array<{ start: number; end: number; text: string; block: number }> = [];
      let block = -1;
      for (const s of sentences) {
        if (s.block !== block) {
          if (text) text += '\n\n';
          block = s.block;
          blocks.push({ start: text.length, end: text.length, sentences: [] });
        } else text += ' ';
        placed.push({ start: text.length, end: text.length + s.text.length, text: s.text, block: blocks.length - 1 });
        text += s.text;
        blocks[blocks.length - 1].end = text.length;
      }
      text += '\n';
      const id = insertVersion(db, {
        workId: work.id, name: lang, lang, status: 'working', label: lang, title: '', provenance: 'test', revisionOf: null,
        fileName: '', encoding: 'utf-8', rawBytes: Buffer.from(text), contentSha256: '', text, importedAt: at,
      });
      insertBlocks(db, id, blocks.map((b, i) => ({ kind: 'paragraph' as const, start: b.start, end: b.end, part: 0, paragraph: i })));
      insertSentences(db, id, placed);
      return id;
    });
    const next = [0, 0];
    replaceGrid(db, work.id, ids, rowCounts.map((counts) => ({
      cells: counts.map((c, k) => {
        const cell = { first: next[k], count: c };
        next[k] += c;
        return cell;
      }),
      confidence: 0.8,
      origin: 'auto' as const,
      confirmed: false,
    })));
  })();
  return { slug, ids };
}

describe('editor operations on the stored grid', () => {
  it('keep the invariants through random operations, undos and redos, and undoing everything restores the work', () => {
    const step = fc.record({
      op: fc.constantFrom('move-up', 'move-down', 'merge-rows', 'split-row', 'insert-row', 'delete-row', 'confirm', 'confirm-upto', 'split-sentence', 'merge-sentences', 'edit-sentence', 'undo', 'redo'),
      row: fc.integer({ min: 0, max: 9 }),
      column: fc.oneof(fc.constantFrom(0, 1), fc.constant('all' as const)),
      at: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
      pick: fc.nat(),
    });
    const shape = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { minLength: 2, maxLength: 8 });
    const options = { seen: undefined, actor: 'test', at: '2026-01-01T00:00:00.000Z' };
    fc.assert(
      fc.property(shape, fc.array(step, { minLength: 1, maxLength: 25 }), (rowCounts, steps) => {
        if (rowCounts.every(([a, b]) => a + b === 0)) rowCounts[0] = [1, 1];
        const { slug, ids } = createWork(rowCounts);
        const workId = (ws.db.prepare('SELECT id FROM works WHERE slug = ?').get(slug) as { id: number }).id;
        const state = () => ({
          grid: loadGrid(ws.db, workId, ids).map((r) => ({ cells: r.cells, confirmed: r.confirmed, origin: r.origin, confidence: r.confidence })),
          sentences: ids.map((id) => listSentences(ws.db, id).map((s) => [s.ordinal, s.start, s.end, s.text])),
          texts: ids.map((id) => versionText(ws.db, id)),
        });
        const check = () => {
          const rows = loadGrid(ws.db, workId, ids);
          checkGrid(rows, ids.map((id) => listSentences(ws.db, id).length));
          const positions = ws.db.prepare('SELECT position FROM alignment_rows WHERE work_id = ? ORDER BY position').all(workId) as { position: number }[];
          expect(positions.map((p) => p.position)).toEqual(positions.map((_, i) => i));
          for (const id of ids) {
            const text = versionText(ws.db, id);
            for (const s of listSentences(ws.db, id)) expect(text.slice(s.start, s.end).replace(/\s+/g, ' ')).toBe(s.text);
          }
        };
        const original = state();
        let done = 0; // operations applied (the rest were refused, which must change nothing)
        for (const s of steps) {
          try {
            if (s.op === 'undo') undoLastEdit(ws.db, slug, options);
            else if (s.op === 'redo') redoLastUndo(ws.db, slug, options);
            else {
              const column = typeof s.column === 'number' ? s.column : 0;
              const rowCount = loadGrid(ws.db, workId, ids).length;
              const row = s.row % rowCount;
              const sentences = listSentences(ws.db, ids[column]);
              const sentence = sentences.length ? sentences[s.pick % sentences.length] : undefined;
              const holder = sentence
                ? loadGrid(ws.db, workId, ids).findIndex((r) => sentence.ordinal >= r.cells[column].first && sentence.ordinal < r.cells[column].first + r.cells[column].count)
                : -1;
              let command: EditCommand;
              if (s.op === 'split-sentence' || s.op === 'merge-sentences' || s.op === 'edit-sentence') {
                if (!sentence) continue;
                if (s.op === 'split-sentence') command = { op: s.op, row: holder, column, ordinal: sentence.ordinal, offset: 1 + (s.pick % (sentence.text.length - 1)), expected: sentence.text };
                else if (s.op === 'merge-sentences') command = { op: s.op, row: holder, column, ordinal: sentence.ordinal };
                else command = { op: s.op, row: holder, column, ordinal: sentence.ordinal, expected: sentence.text, text: `edited ${s.pick} ${sentence.text.slice(0, s.pick % 10)}` };
              } else if (s.op === 'split-row') command = { op: 'split-row', row, at: s.at };
              else if (s.op === 'move-up' || s.op === 'move-down') command = { op: s.op, row, column: s.column };
              else command = { op: s.op as 'merge-rows', row: s.op === 'insert-row' ? (s.row % (rowCount + 1)) - 1 : row };
              applyEditCommand(ws.db, slug, command, options);
              done++;
            }
          } catch (error) {
            if (!(error instanceof EditRefusal) && !(error instanceof Error && error.name === 'StaleViewError')) throw error;
          }
          check();
        }
        // Undo until nothing is left: the work is as it was created.
        for (let i = 0; i < steps.length + 1; i++) {
          try {
            undoLastEdit(ws.db, slug, options);
          } catch (error) {
            if (error instanceof EditRefusal && error.code === 'nothing-to-undo') break;
            throw error;
          }
        }
        expect(state()).toEqual(original);
        expect(done).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 60 },
    );
  });
});
