// Annotations through the real editor (server/services/edit-alignment.ts): editing the annotated sentence,
// splitting an earlier one (the sentence numbers shift), deleting the words, undoing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowHolding } from '../../server/align/grid-view-edits.ts';
import { findWorkBySlug } from '../../server/db/works.ts';
import { alignmentState } from '../../server/services/alignment-state.ts';
import { createAnnotation, readAnnotations } from '../../server/services/annotations.ts';
import { applyEditCommand } from '../../server/services/edit-alignment.ts';
import { readWork } from '../../server/services/read-work.ts';
import { undoLastEdit } from '../../server/services/undo.ts';
import { openTermsWorkspace } from './workspace.ts';

let ws: Awaited<ReturnType<typeof openTermsWorkspace>>;
beforeAll(async () => {
  ws = await openTermsWorkspace();
});
afterAll(() => ws.dispose());

const slug = 'declaration-2005';
const options = () => ({ seen: undefined, actor: 'test', at: new Date().toISOString() });

function en() {
  const view = readWork(ws.db, slug);
  const column = view.columns.findIndex((c) => c.name === 'en');
  return { column, versionId: view.columns[column].id };
}
function sentenceWith(words: string) {
  const { versionId } = en();
  return ws.db.prepare('SELECT ordinal, text FROM sentences WHERE version_id = ? AND instr(text, ?) > 0 ORDER BY ordinal').get(versionId, words) as { ordinal: number; text: string };
}
/** The row of the three-column view holding sentence `ordinal` of the English version. */
function rowPositionOfSentence(_db: unknown, _versionId: number, ordinal: number): number {
  const state = alignmentState(ws.db, findWorkBySlug(ws.db, slug)!);
  return rowHolding(state.rows(), state.layout.columns.findIndex((c) => c.name === 'en'), ordinal);
}
const annotation = (id: number) => readAnnotations(ws.db, slug).annotations.find((a) => a.id === id)!;

describe('annotations through the editor', () => {
  it('follow their words through edits, splits and undo, and are orphaned when the words go', () => {
    const { column, versionId } = en();
    const words = 'SCO Development Fund';
    let s = sentenceWith(words);
    const start = s.text.indexOf(words);
    const a = createAnnotation(ws.db, { slug, version: 'en', ordinal: s.ordinal, start, end: start + words.length, quote: words, kind: 'issue', category: 'terminology', author: 'test' });

    // An edit before the words.
    const row = rowPositionOfSentence(ws.db, versionId, s.ordinal)!;
    applyEditCommand(ws.db, slug, { kind: 'grid' }, { op: 'edit-sentence', row, column, ordinal: s.ordinal, text: 'Indeed, ' + s.text, expected: s.text }, options());
    expect(annotation(a.id)).toMatchObject({ anchor: { state: 'moved', start: start + 8, end: start + 8 + words.length }, currentOrdinal: s.ordinal });

    // A split of an earlier sentence of the version shifts the numbers after it.
    const earlier = sentenceWith('Secretariat, based in Beijing');
    const earlierRow = rowPositionOfSentence(ws.db, versionId, earlier.ordinal)!;
    applyEditCommand(ws.db, slug, { kind: 'grid' }, { op: 'split-sentence', row: earlierRow, column, ordinal: earlier.ordinal, offset: earlier.text.indexOf('based in Beijing'), expected: earlier.text }, options());
    let now = annotation(a.id);
    expect(now.anchor.state).toBe('moved');
    expect(now.currentOrdinal).toBe(s.ordinal + 1);
    if (now.anchor.state !== 'orphaned') expect(now.currentText.slice(now.anchor.start, now.anchor.end)).toBe(words);

    // The words themselves changed: orphaned, not moved to other words.
    s = sentenceWith('Indeed, ');
    const rowNow = rowPositionOfSentence(ws.db, versionId, s.ordinal)!;
    applyEditCommand(ws.db, slug, { kind: 'grid' }, { op: 'edit-sentence', row: rowNow, column, ordinal: s.ordinal, text: s.text.replace(words, 'SCO Fund for Development'), expected: s.text }, options());
    expect(annotation(a.id).anchor.state).toBe('orphaned');

    // Undo brings the words back, and the annotation with them.
    undoLastEdit(ws.db, slug, { kind: 'grid' }, options());
    now = annotation(a.id);
    expect(now.anchor.state).toBe('moved');
    if (now.anchor.state !== 'orphaned') expect(now.currentText.slice(now.anchor.start, now.anchor.end)).toBe(words);
  });
});
