// The editor's use cases on stored pair alignments, on a real SQLite database: random operations in
// random views (the three-column view and each pair view; rows and sentences), with random undos and
// redos, keep every pair valid (every sentence in exactly one bead of each pair it is in) and the kept
// state equal to what a fresh read gives; undoing everything from the three-column view gives back
// every pair, every sentence and every text exactly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridRow } from '../../server/align/grid.ts';
import { checkPair } from '../../server/align/pair-alignment.ts';
import { loadConfig } from '../../server/config.ts';
import { insertAlignment, readAllBeads, replaceAllBeads } from '../../server/db/alignments.ts';
import { ensureColumnPosition, insertBlocks, insertSentences, insertVersion, listSentences, versionText } from '../../server/db/versions.ts';
import { findWorkBySlug, insertWork } from '../../server/db/works.ts';
import { alignmentState, forgetAlignmentState } from '../../server/services/alignment-state.ts';
import { applyEditCommand, EditRefusal, type EditCommand, type ViewRef } from '../../server/services/edit-alignment.ts';
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

const langs = ['en', 'ru', 'zh'] as const;

/** Beads from shapes ([a, b] counts per bead). */
function beadsOf(shapes: Array<[number, number]>): GridRow[] {
  let a = 0;
  let b = 0;
  return shapes.map(([ca, cb]) => {
    const bead: GridRow = { cells: [{ first: a, count: ca }, { first: b, count: cb }], origin: 'auto', confidence: 0.8, confirmed: false };
    a += ca;
    b += cb;
    return bead;
  });
}

/** Shapes that cover `n` and `m` sentences exactly, from a random list. */
function fit(shapes: Array<[number, number]>, n: number, m: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let a = 0;
  let b = 0;
  for (const [x, y] of shapes) {
    const ca = Math.min(x, n - a);
    const cb = Math.min(y, m - b);
    if (ca + cb === 0) continue;
    out.push([ca, cb]);
    a += ca;
    b += cb;
  }
  if (a < n || b < m) out.push([n - a, m - b]);
  return out;
}

/** A work of three versions (n[k] sentences, two per paragraph) and its three pairs. */
function createWork(n: [number, number, number], shapes: Array<Array<[number, number]>>): string {
  const db = ws.db;
  const slug = `w${++run}`;
  const at = '2026-01-01T00:00:00.000Z';
  db.transaction(() => {
    const work = insertWork(db, { slug, title: slug, pivotLang: 'en', at });
    const ids = langs.map((lang, k) => {
      let text = '';
      const placed: Array<{ start: number; end: number; text: string; block: number }> = [];
      const blocks: Array<{ start: number; end: number }> = [];
      for (let i = 0; i < n[k]; i++) {
        const s = `${lang} sentence ${i}.`;
        if (i % 2 === 0) {
          if (text) text += '\n\n';
          blocks.push({ start: text.length, end: text.length });
        } else text += ' ';
        placed.push({ start: text.length, end: text.length + s.length, text: s, block: blocks.length - 1 });
        text += s;
        blocks[blocks.length - 1].end = text.length;
      }
      text += '\n';
      const id = insertVersion(db, {
        workId: work.id, name: lang, lang, status: 'working', label: lang, title: '', provenance: 'test', revisionOf: null,
        fileName: '', encoding: 'utf-8', rawBytes: Buffer.from(text), contentSha256: '', text, importedAt: at,
      });
      insertBlocks(db, id, blocks.map((b, i) => ({ kind: 'paragraph' as const, start: b.start, end: b.end, part: 0, paragraph: i })));
      insertSentences(db, id, placed);
      ensureColumnPosition(db, work.id, lang);
      return id;
    });
    const pairs: Array<[number, number]> = [[0, 1], [0, 2], [1, 2]];
    pairs.forEach(([x, y], q) => {
      const alignment = insertAlignment(db, { workId: work.id, versionA: ids[x], versionB: ids[y], at });
      replaceAllBeads(db, alignment, beadsOf(fit(shapes[q], n[x], n[y])));
    });
  })();
  return slug;
}

const snapshotPairs = (slug: string) => {
  const work = findWorkBySlug(ws.db, slug)!;
  const state = alignmentState(ws.db, work);
  return state.layout.pairs.map((p) => readAllBeads(ws.db, p.alignment!.id).map((b) => [b.cells, b.confirmed, b.origin]));
};

/** Per pair, the sentences ("side:ordinal") that lie in confirmed beads. */
const confirmedSentences = (slug: string) => {
  const state = alignmentState(ws.db, findWorkBySlug(ws.db, slug)!);
  return state.beads.map((beads) => {
    const set = new Set<string>();
    for (const b of beads) if (b.confirmed) b.cells.forEach((c, side) => { for (let i = c.first; i < c.first + c.count; i++) set.add(`${side}:${i}`); });
    return set;
  });
};

const texts = (slug: string) => {
  const work = findWorkBySlug(ws.db, slug)!;
  return alignmentState(ws.db, work).layout.columns.map((v) => ({ text: versionText(ws.db, v.id), sentences: listSentences(ws.db, v.id).map((s) => [s.text, s.start, s.end, s.block]) }));
};

describe('editor operations on stored pair alignments', () => {
  it('keep every pair valid through random edits in any view, undos and redos; undoing everything restores the work', () => {
    const shape = fc.array(fc.constantFrom<[number, number]>([1, 1], [1, 1], [1, 0], [0, 1], [2, 1], [1, 2]), { maxLength: 10 });
    const view = fc.constantFrom<ViewRef>({ kind: 'grid' }, { kind: 'pair', a: 'en', b: 'ru' }, { kind: 'pair', a: 'en', b: 'zh' }, { kind: 'pair', a: 'ru', b: 'zh' });
    const step = fc.record({
      view,
      op: fc.constantFrom('move-up', 'move-down', 'merge-rows', 'split-row', 'insert-row', 'delete-row', 'confirm', 'unconfirm', 'confirm-upto', 'split-sentence', 'merge-sentences', 'edit-sentence', 'undo', 'redo'),
      row: fc.integer({ min: 0, max: 9 }),
      column: fc.oneof(fc.constantFrom(0, 1, 2), fc.constant('all' as const)),
      at: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
      pick: fc.nat(),
      force: fc.boolean(),
    });
    const options = { seen: undefined, actor: 'test', at: '2026-01-01T00:00:00.000Z' };
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 })),
        fc.tuple(shape, shape, shape),
        fc.array(step, { minLength: 1, maxLength: 20 }),
        (n, shapes, steps) => {
          const slug = createWork(n, shapes);
          const original = snapshotPairs(slug);
          const originalTexts = texts(slug);
          for (const s of steps) {
            try {
              if (s.op === 'undo') undoLastEdit(ws.db, slug, s.view, options);
              else if (s.op === 'redo') redoLastUndo(ws.db, slug, s.view, options);
              else {
                const work = findWorkBySlug(ws.db, slug)!;
                const state = alignmentState(ws.db, work);
                const columns = s.view.kind === 'grid' ? 3 : 2;
                const rows = s.view.kind === 'grid' ? state.rows().map((r) => r.cells) : state.beads[state.layout.pairs.findIndex((p) => p.label === `${s.view.kind === 'pair' ? s.view.a : ''}|${s.view.kind === 'pair' ? s.view.b : ''}`)].map((b) => b.cells);
                const row = Math.min(s.row, rows.length - 1);
                const column = s.column === 'all' ? 'all' : Math.min(s.column, columns - 1);
                const cell = rows[row][column === 'all' ? 0 : column];
                const ordinal = cell.first + (cell.count ? s.pick % cell.count : 0);
                const at = s.at.slice(0, columns).map((a, k) => Math.min(a, rows[row][k].count));
                const command: EditCommand =
                  s.op === 'split-row' ? { op: 'split-row', row, at }
                  : s.op === 'move-up' || s.op === 'move-down' ? { op: s.op, row, column }
                  : s.op === 'split-sentence' ? { op: 'split-sentence', row, column: column === 'all' ? 0 : column, ordinal, offset: 3, expected: `${['en', 'ru', 'zh'][0]}` }
                  : s.op === 'merge-sentences' ? { op: 'merge-sentences', row, column: column === 'all' ? 0 : column, ordinal }
                  : s.op === 'edit-sentence' ? { op: 'edit-sentence', row, column: column === 'all' ? 0 : column, ordinal, text: `edited ${s.pick}.`, expected: '' }
                  : { op: s.op as 'merge-rows', row };
                if (command.op === 'split-sentence' || command.op === 'edit-sentence') {
                  // the client sends the wording it saw
                  const version = (s.view.kind === 'grid' ? state.layout.columns : [state.layout.columns.find((c) => c.name === (s.view as { a: string }).a)!, state.layout.columns.find((c) => c.name === (s.view as { b: string }).b)!])[command.column];
                  const sentence = listSentences(ws.db, version.id).find((x) => x.ordinal === ordinal);
                  if (!sentence) continue;
                  command.expected = sentence.text;
                  if (command.op === 'split-sentence') command.offset = Math.max(1, Math.floor(sentence.text.length / 2));
                }
                const confirmedBefore = confirmedSentences(slug);
                applyEditCommand(ws.db, slug, s.view, command, { ...options, force: s.force });
                // unforced, a row operation leaves every confirmed sentence in a confirmed bead (it asks first)
                if (!s.force && command.op !== 'unconfirm' && !['split-sentence', 'merge-sentences', 'edit-sentence'].includes(command.op)) {
                  const after = confirmedSentences(slug);
                  confirmedBefore.forEach((set, k) => expect([...set].filter((x) => !after[k].has(x))).toEqual([]));
                }
              }
            } catch (error) {
              if (!(error instanceof EditRefusal) && (error as { status?: number }).status === undefined) throw error;
            }
            // every pair valid, and the kept state is what the database holds
            const work = findWorkBySlug(ws.db, slug)!;
            const kept = alignmentState(ws.db, work);
            const counts = kept.layout.columns.map((c) => listSentences(ws.db, c.id).length);
            kept.layout.pairs.forEach((p, i) => {
              const x = kept.layout.columns.indexOf(p.a);
              const y = kept.layout.columns.indexOf(p.b);
              checkPair(kept.beads[i], counts[x], counts[y]);
            });
            const keptBeads = kept.beads.map((list) => list.map((b) => [b.cells, b.confirmed, b.origin, b.id, b.revision]));
            const keptRows = kept.rows();
            forgetAlignmentState(ws.db, work.id);
            const fresh = alignmentState(ws.db, work);
            expect(keptBeads).toEqual(fresh.beads.map((list) => list.map((b) => [b.cells, b.confirmed, b.origin, b.id, b.revision])));
            // the rows the kept state derived again around each edit are the rows a fresh read derives
            expect(keptRows).toEqual(fresh.rows());
          }
          // undo everything from the three-column view, which reaches every pair
          for (let guard = 0; guard < 200; guard++) {
            try {
              undoLastEdit(ws.db, slug, { kind: 'grid' }, options);
            } catch (error) {
              if (error instanceof EditRefusal && error.code === 'nothing-to-undo') break;
              throw error;
            }
          }
          expect(snapshotPairs(slug).map((p) => p.map(([cells]) => cells))).toEqual(original.map((p) => p.map(([cells]) => cells)));
          expect(snapshotPairs(slug).map((p) => p.map(([, confirmed]) => confirmed))).toEqual(original.map((p) => p.map(([, confirmed]) => confirmed)));
          expect(texts(slug)).toEqual(originalTexts);
        },
      ),
      { numRuns: 120 },
    );
  });
});
