import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listConcepts } from '../../server/db/terms.ts';
import { replaceSentences } from '../../server/db/versions.ts';
import { createAnnotation, exportAnnotationsCsv, readAnnotations, setAnnotationState } from '../../server/services/annotations.ts';
import { readWork } from '../../server/services/read-work.ts';
import { openTermsWorkspace, termTables } from './workspace.ts';

let ws: Awaited<ReturnType<typeof openTermsWorkspace>>;
beforeAll(async () => {
  ws = await openTermsWorkspace();
});
afterAll(() => ws.dispose());

function sentence(version: string, pattern: string) {
  const view = readWork(ws.db, 'declaration-2005');
  const v = view.columns.find((c) => c.name === version)!;
  return { versionId: v.id, ...(ws.db.prepare('SELECT ordinal, text FROM sentences WHERE version_id = ? AND instr(text, ?) > 0 ORDER BY ordinal').get(v.id, pattern) as { ordinal: number; text: string }) };
}
// an edit of the sentence as the editor makes it: the sentence replaced (its text is never updated in place)
const setText = (versionId: number, ordinal: number, text: string) => {
  const old = ws.db.prepare('SELECT block, start, end FROM sentences WHERE version_id = ? AND ordinal = ?').get(versionId, ordinal) as { block: number; start: number; end: number };
  ws.db.transaction(() => replaceSentences(ws.db, versionId, ordinal, 1, [{ ...old, text }]))();
};

describe('annotations', () => {
  it('flags Chinese words as a new concept, and follows them through an edit of the sentence', () => {
    const s = sentence('zh', '秘书长');
    const start = s.text.indexOf('俄文名称');
    const a = createAnnotation(ws.db, { slug: 'declaration-2005', version: 'zh', ordinal: s.ordinal, start, end: start + 4, quote: '俄文名称', kind: 'term', concept: 'new', author: 'tester' });
    expect(a).toMatchObject({ kind: 'term', quote: '俄文名称', status: 'open', author: 'tester' });
    const concept = listConcepts(ws.db).find((c) => c.id === a.conceptId)!;
    expect(concept.terms).toMatchObject([{ lang: 'zh', text: '俄文名称', status: 'preferred' }]);

    setText(s.versionId, s.ordinal, '经过讨论，' + s.text);
    let view = readAnnotations(ws.db, 'declaration-2005').annotations.find((x) => x.id === a.id)!;
    expect(view.anchor).toEqual({ state: 'moved', start: start + 5, end: start + 9 });
    expect(view.row).toBeGreaterThan(0);

    setText(s.versionId, s.ordinal, s.text.replace('俄文名称', '名称'));
    view = readAnnotations(ws.db, 'declaration-2005').annotations.find((x) => x.id === a.id)!;
    expect(view.anchor.state).toBe('orphaned');
    setText(s.versionId, s.ordinal, s.text);
  });

  it('flags an issue with a category and a comment; lists, filters, resolves and exports', () => {
    const s = sentence('en', 'memoperation');
    const start = s.text.indexOf('memoperation');
    const a = createAnnotation(ws.db, { slug: 'declaration-2005', version: 'en', ordinal: s.ordinal, start, end: start + 12, quote: 'memoperation', kind: 'issue', category: 'omission', comment: 'A passage is lost here.', author: 'tester' });
    expect(readAnnotations(ws.db, 'declaration-2005', { kind: 'issue', status: 'open' }).annotations.map((x) => x.id)).toEqual([a.id]);
    setAnnotationState(ws.db, 'declaration-2005', a.id, 'resolved', 'tester');
    expect(readAnnotations(ws.db, 'declaration-2005', { kind: 'issue', status: 'open' }).annotations).toEqual([]);
    expect(readAnnotations(ws.db, 'declaration-2005', { category: 'omission' }).annotations[0]).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
    const csv = exportAnnotationsCsv(ws.db, 'declaration-2005').body;
    expect(csv.split('\r\n')[0]).toBe('id,row,version,lang,sentence,quote,anchor,kind,concept,category,comment,status,author,created,resolved');
    expect(csv).toContain(',memoperation,exact,issue,,omission,A passage is lost here.,resolved,tester,');
  });

  it('finds its words again when splits before them shifted the sentence numbers', () => {
    const s = sentence('en', 'Development Fund');
    const start = s.text.indexOf('Development Fund');
    const a = createAnnotation(ws.db, { slug: 'declaration-2005', version: 'en', ordinal: s.ordinal, start, end: start + 16, quote: 'Development Fund', kind: 'issue', category: 'style', author: 'tester' });
    const shift = (by: number) => {
      ws.db.prepare('UPDATE sentences SET ordinal = ordinal + 100000 WHERE version_id = ? AND ordinal >= ?').run(s.versionId, s.ordinal - 2);
      ws.db.prepare('UPDATE sentences SET ordinal = ordinal - 100000 + ? WHERE version_id = ? AND ordinal >= 100000').run(by, s.versionId);
    };
    shift(3);
    let view = readAnnotations(ws.db, 'declaration-2005').annotations.find((x) => x.id === a.id)!;
    expect(view).toMatchObject({ anchor: { state: 'moved', start, end: start + 16 }, currentOrdinal: s.ordinal + 3 });
    shift(-3);
    view = readAnnotations(ws.db, 'declaration-2005').annotations.find((x) => x.id === a.id)!;
    expect(view).toMatchObject({ anchor: { state: 'exact' }, currentOrdinal: s.ordinal });
  });

  it('can add the flagged words to an existing concept as an admitted term', () => {
    const s = sentence('en', 'SCO permanent bodies');
    const start = s.text.indexOf('SCO permanent bodies');
    createAnnotation(ws.db, { slug: 'declaration-2005', version: 'en', ordinal: s.ordinal, start, end: start + 20, quote: 'SCO permanent bodies', kind: 'term', concept: 'sco', addTerm: true, author: 'tester' });
    const sco = listConcepts(ws.db).find((c) => c.key === 'sco')!;
    expect(sco.terms.filter((t) => t.text === 'SCO permanent bodies')).toMatchObject([{ lang: 'en', status: 'admitted' }]);
    createAnnotation(ws.db, { slug: 'declaration-2005', version: 'en', ordinal: s.ordinal, start, end: start + 20, quote: 'SCO permanent bodies', kind: 'term', concept: 'sco', addTerm: true, author: 'tester' });
    expect(listConcepts(ws.db).find((c) => c.key === 'sco')!.terms.filter((t) => t.text === 'SCO permanent bodies')).toHaveLength(1);
  });

  it.each([
    [{ quote: '' }, /selection is empty/],
    [{ kind: 'note' }, /not a kind/],
    [{ kind: 'issue', category: 'grammar' }, /not an issue category/],
    [{ version: 'fr' }, /no version/],
    [{ quote: 'something else' }, /has changed/],
    [{ ordinal: 99999 }, /no sentence/],
    [{ concept: 'no-such-concept' }, /no concept/],
    [{ start: -1 }, /not a valid position/],
  ])('refuses %j and changes nothing', (change, message) => {
    const s = sentence('en', 'Secretariat');
    const start = s.text.indexOf('Secretariat');
    const before = termTables(ws.db);
    expect(() => createAnnotation(ws.db, { slug: 'declaration-2005', version: 'en', ordinal: s.ordinal, start, end: start + 11, quote: 'Secretariat', kind: 'term', concept: 'secretariat', author: 'tester', ...change })).toThrow(message);
    expect(termTables(ws.db)).toEqual(before);
  });
});
