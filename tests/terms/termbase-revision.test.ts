// The term matcher follows the termbase revision the database keeps (triggers of migration 008):
// any write to a concept or a term, by a use case or by a bare SQL statement, is seen at the next
// lookup; nothing else recompiles it. And the grid's marked sentences are plain pieces that a
// template escapes (views/partials/sentence-marks.eta), not HTML built in the service.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { termbaseRevision } from '../../server/db/termbase-revision.ts';
import { sentencePieces, termMatcher } from '../../server/services/terms-recognition.ts';
import { compileTermbase } from '../../server/terms/match.ts';
import type { ConceptData } from '../../server/terms/termbase.ts';
import { createTestApp, type TestApp } from '../http/helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const conceptId = (key: string) => (t.workspace.db.prepare('SELECT id FROM term_concepts WHERE key = ?').get(key) as { id: number }).id;

describe('the termbase revision', () => {
  it('moves with every insert, update and delete of a concept or a term, and only then', () => {
    const db = t.workspace.db;
    const start = termbaseRevision(db);
    expect(start).toBeGreaterThan(0); // the seeding wrote concepts and terms
    db.prepare("SELECT * FROM term_concepts").all();
    expect(termbaseRevision(db)).toBe(start);
    const id = Number(db.prepare("INSERT INTO term_concepts (key, created_at, updated_at) VALUES ('bare-sql', 'x', 'x')").run().lastInsertRowid);
    db.prepare("INSERT INTO term_entries (concept_id, lang, text, status) VALUES (?, 'en', 'Bare Statement Body', 'preferred')").run(id);
    db.prepare("UPDATE term_entries SET status = 'admitted' WHERE concept_id = ?").run(id);
    db.prepare('UPDATE term_concepts SET note = ? WHERE id = ?').run('n', id);
    db.prepare('DELETE FROM term_concepts WHERE id = ?').run(id); // the term goes with it (cascade)
    expect(termbaseRevision(db)).toBe(start + 6);
  });

  it('keeps the compiled matcher until the termbase changes, and sees a change made with bare SQL', () => {
    const db = t.workspace.db;
    const first = termMatcher(db).matcher;
    expect(termMatcher(db).matcher).toBe(first);
    expect(first.find('en', 'the Quiet Harbour Board met')).toEqual([]);
    const id = Number(db.prepare("INSERT INTO term_concepts (key, created_at, updated_at) VALUES ('quiet-harbour', 'x', 'x')").run().lastInsertRowid);
    db.prepare("INSERT INTO term_entries (concept_id, lang, text, status) VALUES (?, 'en', 'Quiet Harbour Board', 'preferred')").run(id);
    const second = termMatcher(db).matcher;
    expect(second).not.toBe(first);
    expect(second.find('en', 'the Quiet Harbour Board met').map((o) => o.concept.key)).toEqual(['quiet-harbour']);
    db.prepare('DELETE FROM term_concepts WHERE id = ?').run(id);
    expect(termMatcher(db).matcher.find('en', 'the Quiet Harbour Board met')).toEqual([]);
  });

  it('does not keep a matcher compiled inside a transaction that rolls back', () => {
    const db = t.workspace.db;
    const before = termMatcher(db).matcher;
    const revision = termbaseRevision(db);
    expect(() =>
      db.transaction(() => {
        const id = Number(db.prepare("INSERT INTO term_concepts (key, created_at, updated_at) VALUES ('ghost', 'x', 'x')").run().lastInsertRowid);
        db.prepare("INSERT INTO term_entries (concept_id, lang, text, status) VALUES (?, 'en', 'Ghost Council', 'preferred')").run(id);
        expect(termMatcher(db).matcher.find('en', 'the Ghost Council').length).toBe(1);
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(termbaseRevision(db)).toBe(revision);
    // Another change reaches the rolled-back revision number again: the ghost must not come back.
    db.prepare('UPDATE term_concepts SET note = note WHERE id = ?').run(conceptId('asean'));
    db.prepare('UPDATE term_concepts SET note = note WHERE id = ?').run(conceptId('asean'));
    expect(termbaseRevision(db)).toBe(revision + 2);
    const after = termMatcher(db).matcher;
    expect(after).not.toBe(before);
    expect(after.find('en', 'the Ghost Council')).toEqual([]);
  });
});

describe('the marked sentences of the grid', () => {
  const concepts: ConceptData[] = [
    {
      key: 'x"><b>', definition: '<script>alert(1)</script>', subject: '', note: '', source: '',
      terms: [{ lang: 'en', text: 'Board & Council', status: 'preferred', validFrom: null, validUntil: null, usageNote: '', context: '' }],
    },
  ];
  const t1 = (key: string) => key;

  it('are pieces whose text joined is the sentence, one piece per term occurrence or annotation', () => {
    const text = 'The <Board & Council> meets; the board of "x" too.';
    const matcher = compileTermbase(concepts);
    const at = text.indexOf('board');
    const pieces = sentencePieces(text, matcher.find('en', text), t1, null, [{ id: 7, start: at, end: at + 5, kind: 'issue', category: 'style', title: "it's <odd>" }]);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(pieces.filter((p) => p.mark).map((p) => [p.mark, p.text])).toEqual([
      ['term', 'Board & Council'],
      ['annotation', 'board'],
    ]);
    for (const p of pieces) for (const value of Object.values(p)) if (typeof value === 'string') expect(value).not.toMatch(/&amp;|&lt;|&quot;/);
  });

  it('reach the page escaped by the template, with the marks the grid has always had', async () => {
    const db = t.workspace.db;
    const res = await request(t.app).get('/works/declaration-2005');
    expect(res.status).toBe(200);
    // A sentence with terms: the marks and plain text alternate, nothing double-escaped.
    const row = /<tr id="row-4"[\s\S]*?<\/tr>/.exec(res.text)![0];
    expect(row).toMatch(/<mark class="term term-preferred" data-concept="sco" title="[^"]*">Shanghai Cooperation Organisation<\/mark>/);
    expect(row).not.toMatch(/&amp;(?:amp|lt|gt|quot|#39);/);
    // A concept key and a definition with markup in them come out as text.
    const id = Number(db.prepare("INSERT INTO term_concepts (key, definition, created_at, updated_at) VALUES ('hostile', ?, 'x', 'x')").run('"><img src=x onerror=alert(1)>').lastInsertRowid);
    db.prepare("INSERT INTO term_entries (concept_id, lang, text, status) VALUES (?, 'en', 'Hu Jintao', 'preferred')").run(id);
    const page = (await request(t.app).get('/works/declaration-2005')).text;
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    db.prepare('DELETE FROM term_concepts WHERE id = ?').run(id);
  });
});
