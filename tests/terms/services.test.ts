import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentDate, listConcepts } from '../../server/db/terms.ts';
import { InputError } from '../../server/services/errors.ts';
import { readWork } from '../../server/services/read-work.ts';
import { seedTerms } from '../../server/services/seed-terms.ts';
import { termFindingsForWork, termMatcher } from '../../server/services/terms-recognition.ts';
import { addTerm, createConcept, editTerm, exportTermbase, importTermbase, removeConcept, removeTerm } from '../../server/services/terms-termbase.ts';
import { openTermsWorkspace, termTables } from './workspace.ts';

let ws: Awaited<ReturnType<typeof openTermsWorkspace>>;
beforeAll(async () => {
  ws = await openTermsWorkspace();
});
afterAll(() => ws.dispose());
const who = { actor: 'test' };

describe('the seeded termbase', () => {
  it('holds at least twenty concepts in en, ru and zh, with the retitling and its dates', () => {
    const concepts = listConcepts(ws.db);
    expect(concepts.length).toBeGreaterThanOrEqual(20);
    for (const c of concepts) expect(new Set(c.terms.map((t) => t.lang))).toEqual(new Set(['en', 'ru', 'zh']));
    const sg = concepts.find((c) => c.key === 'secretary-general')!;
    const ru = sg.terms.filter((t) => t.lang === 'ru').map((t) => [t.text, t.status, t.validFrom, t.validUntil]);
    expect(ru).toEqual([
      ['Генеральный секретарь', 'preferred', '2006', null],
      ['Исполнительный секретарь', 'superseded', null, '2006'],
    ]);
    expect(sg.terms.find((t) => t.lang === 'zh')).toMatchObject({ text: '秘书长', status: 'preferred' });
  });

  it('is seeded once, and the document date of the declaration is recorded', () => {
    const before = termTables(ws.db);
    expect(seedTerms(ws.db, ws.config.textsDir, who)).toEqual([]);
    expect(termTables(ws.db)).toEqual(before);
    expect(documentDate(ws.db, readWork(ws.db, 'declaration-2005').work.id)).toBe('2005-07-05');
  });
});

describe('the checks on the declaration', () => {
  it('recognise the retitling sentence in all three versions, without findings while the old title was right', () => {
    const view = readWork(ws.db, 'declaration-2005');
    const { matcher } = termMatcher(ws.db);
    const retitling = /Secretary-General|Генерального секретаря|秘书长/;
    const found = new Map<string, string[]>();
    // The sentences that carry the retitling, in each version, found through the matcher.
    for (const column of view.columns) {
      const text = ws.db.prepare('SELECT text FROM versions WHERE id = ?').get(column.id) as { text: string };
      const sentence = text.text.split('\n').find((line) => retitling.test(line))!;
      found.set(column.lang, matcher.find(column.lang, sentence).filter((o) => o.concept.key === 'secretary-general').map((o) => o.text));
    }
    expect(found.get('en')).toEqual(['Secretary-General']);
    expect(found.get('ru')).toEqual(['Исполнительного секретаря', 'Генерального секретаря']);
    expect(found.get('zh')).toEqual(['秘书长']);
    const findings = termFindingsForWork(ws.db, 'declaration-2005');
    expect(findings.filter((f) => f.concept === 'secretary-general')).toEqual([]);
    for (const f of findings) expect(f).toMatchObject({ kind: expect.stringMatching(/^term-/), row: expect.any(Number), message: expect.any(String) });
  });

  it('do not report the abbreviation and the full name of the SCO as inconsistent renderings', () => {
    const findings = termFindingsForWork(ws.db, 'declaration-2005');
    const inconsistent = findings.filter((f) => f.kind === 'term-inconsistent');
    expect(inconsistent.filter((f) => f.concept === 'sco')).toEqual([]);
    expect(inconsistent.filter((f) => /ШОС|上合组织|Шанхайск|上海合作组织/.test(f.message))).toEqual([]);
  });
});

describe('editing the termbase', () => {
  it('adds, edits and deletes concepts and terms, one event each', () => {
    const events = () => (ws.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    const start = events();
    const concept = createConcept(ws.db, { definition: 'A test concept', terms: [{ lang: 'en', text: 'Test Organ', status: 'preferred' }] }, who);
    expect(concept.key).toBe('test-organ');
    const term = addTerm(ws.db, concept.id, { lang: 'ru', text: 'Тестовый орган', status: 'admitted' }, who);
    editTerm(ws.db, concept.id, term.id, { status: 'preferred', validFrom: '2007' }, who);
    expect(termMatcher(ws.db).matcher.find('ru', 'в Тестовом органе').map((o) => o.text)).toEqual(['Тестовом органе']);
    removeTerm(ws.db, concept.id, term.id, who);
    removeConcept(ws.db, concept.id, who);
    expect(events() - start).toBe(5);
    expect(termMatcher(ws.db).matcher.find('en', 'the Test Organ')).toEqual([]);
  });

  it('gives a new concept a readable key from its term in any script, unique with a suffix', () => {
    const made = [
      createConcept(ws.db, { terms: [{ lang: 'ru', text: 'Исполнительный орган', status: 'preferred' }] }, who),
      createConcept(ws.db, { terms: [{ lang: 'ru', text: 'Исполнительный орган!', status: 'preferred' }] }, who),
      createConcept(ws.db, { terms: [{ lang: 'zh', text: '紧急情况处置', status: 'preferred' }] }, who),
      createConcept(ws.db, { terms: [{ lang: 'ar', text: 'أمانة', status: 'preferred' }] }, who),
    ];
    expect(made.map((c) => c.key)).toEqual(['ispolnitelnyy-organ', 'ispolnitelnyy-organ-2', 'jinjiqingkuang-chuzhi', 'concept']);
    for (const c of made) removeConcept(ws.db, c.id, who);
  });

  it.each([
    [{ lang: 'en', text: '   ', status: 'preferred' }, /empty/],
    [{ lang: 'en--US', text: 'Term', status: 'preferred' }, /not a language tag Triptych accepts \(a BCP 47 tag/],
    [{ lang: 'en', text: 'Term', status: 'gold' }, /not a term status/],
    [{ lang: 'en', text: 'Term', status: 'preferred', validFrom: '2006', validUntil: '2005' }, /before it starts/],
    [{ lang: 'en', text: 'Term', status: 'preferred', validFrom: 'soon' }, /not a date/],
  ])('refuses a bad term %j and changes nothing', (term, message) => {
    const before = termTables(ws.db);
    expect(() => createConcept(ws.db, { terms: [term] }, who)).toThrow(message);
    expect(() => createConcept(ws.db, { terms: [term] }, who)).toThrow(InputError);
    expect(termTables(ws.db)).toEqual(before);
  });

  it('round-trips the termbase through TBX and through CSV', () => {
    const snapshot = () => listConcepts(ws.db).map(({ id: _i, createdAt: _c, updatedAt: _u, terms, ...c }) => ({
      ...c,
      terms: terms.map(({ id: _t, conceptId: _k, ...t }) => t),
    }));
    const before = snapshot();
    const tbx = exportTermbase(ws.db, 'tbx').body;
    expect(importTermbase(ws.db, { fileName: 'termbase.tbx', bytes: Buffer.from(tbx) }, { ...who, maxBytes: 1e7 })).toMatchObject({ added: 0, replaced: before.length });
    expect(snapshot()).toEqual(before);
    const csv = exportTermbase(ws.db, 'csv').body;
    expect(csv).toContain('Сокращение.');
    // The CSV holds everything the termbase does, usage notes and context examples included.
    importTermbase(ws.db, { fileName: 'termbase.csv', bytes: Buffer.from(csv.replace(/Сокращение\./g, 'Сокр.')) }, { ...who, maxBytes: 1e7 });
    expect(snapshot()).not.toEqual(before);
    importTermbase(ws.db, { fileName: 'termbase.csv', bytes: Buffer.from(csv) }, { ...who, maxBytes: 1e7 });
    expect(snapshot()).toEqual(before);
    importTermbase(ws.db, { fileName: 'termbase.tbx', bytes: Buffer.from(tbx) }, { ...who, maxBytes: 1e7 });
    expect(snapshot()).toEqual(before);
  });
});
