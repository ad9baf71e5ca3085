// The term type (TBX termType) in the database: stored and read by server/db/terms.ts, kept by
// seeding the shipped termbase, by TBX and CSV import and export, and by adding and editing terms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConcept, findConceptByKey, findTerm, insertConcept, insertTerm, updateTerm } from '../../server/db/terms.ts';
import { InputError } from '../../server/services/errors.ts';
import { addTerm, createConcept, editTerm, exportTermbase, importTermbase, removeConcept } from '../../server/services/terms-termbase.ts';
import { termTypes, type TermData } from '../../server/terms/termbase.ts';
import { openTermsWorkspace, termTables } from './workspace.ts';

let ws: Awaited<ReturnType<typeof openTermsWorkspace>>;
beforeAll(async () => {
  ws = await openTermsWorkspace();
});
afterAll(() => ws.dispose());
const who = { actor: 'test' };
const column = (text: string) => (ws.db.prepare('SELECT term_type AS type FROM term_entries WHERE text = ?').all(text) as { type: string | null }[]).map((r) => r.type);
const typesOf = (key: string) => findConceptByKey(ws.db, key)!.terms.map((t) => [t.lang, t.text, t.termType ?? null]);

describe('the seeded declaration termbase', () => {
  it('has ШОС and SCO typed as abbreviations and 上合组织 as a short form in the database', () => {
    expect(column('ШОС')).toEqual(['abbreviation']);
    expect(column('SCO')).toEqual(['abbreviation']);
    expect(column('上合组织')).toEqual(['shortForm']);
    expect(column('Шанхайская организация сотрудничества')).toEqual(['fullForm']);
    expect(typesOf('sco')).toContainEqual(['en', 'Shanghai Cooperation Organization', 'variant']);
    // A term the file gives no type has none (NULL), and reads back without a termType.
    expect(column('地区反恐怖机构')).toEqual([null]);
    expect(findConceptByKey(ws.db, 'rats')!.terms.find((t) => t.text === '地区反恐怖机构')).not.toHaveProperty('termType');
  });

  it('exports the types it holds, in TBX and in CSV', () => {
    expect(exportTermbase(ws.db, 'tbx').body).toContain(
      '<term>ШОС</term>\n            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>\n            <termNote type="termType">abbreviation</termNote>',
    );
    expect(exportTermbase(ws.db, 'csv').body).toContain('Шанхайская организация сотрудничества [preferred; fullForm] | ШОС [admitted; abbreviation]');
  });
});

describe('the database layer', () => {
  it('stores every type, reads it back, changes and clears it', () => {
    const id = insertConcept(ws.db, { key: 'db-types', definition: '', subject: '', note: '', source: '' }, '2026-01-01T00:00:00Z');
    const base: TermData = { lang: 'en', text: '', status: 'admitted', validFrom: null, validUntil: null, usageNote: '', context: '' };
    for (const termType of termTypes) {
      const termId = insertTerm(ws.db, id, { ...base, text: `form ${termType}`, termType });
      expect(findTerm(ws.db, termId)).toMatchObject({ text: `form ${termType}`, termType });
    }
    const plain = insertTerm(ws.db, id, { ...base, text: 'no form' });
    expect(findTerm(ws.db, plain)).not.toHaveProperty('termType');
    updateTerm(ws.db, plain, { ...base, text: 'no form', termType: 'acronym' });
    expect(findTerm(ws.db, plain)!.termType).toBe('acronym');
    updateTerm(ws.db, plain, { ...base, text: 'no form' });
    expect(findTerm(ws.db, plain)).not.toHaveProperty('termType');
    expect(findConcept(ws.db, id)!.terms.filter((t) => t.termType)).toHaveLength(termTypes.length);
    // The column refuses what the model does not know, whoever writes it.
    expect(() => insertTerm(ws.db, id, { ...base, text: 'bad', termType: 'nickname' as never })).toThrow(/CHECK constraint failed/);
    ws.db.prepare("DELETE FROM term_concepts WHERE key = 'db-types'").run();
  });
});

describe('adding and editing terms', () => {
  it('keeps the type given, keeps it on an edit that does not say it, and clears it on an empty one', () => {
    const concept = createConcept(ws.db, { terms: [{ lang: 'en', text: 'Supervisory Body', status: 'preferred', termType: 'fullForm' }] }, who);
    expect(concept.terms[0].termType).toBe('fullForm');
    const short = addTerm(ws.db, concept.id, { lang: 'en', text: 'SB', status: 'admitted', termType: 'Abbreviation' }, who);
    expect(short.termType).toBe('abbreviation');
    expect(editTerm(ws.db, concept.id, short.id, { status: 'preferred' }, who)).toMatchObject({ status: 'preferred', termType: 'abbreviation' });
    expect(editTerm(ws.db, concept.id, short.id, { termType: 'initialism' }, who).termType).toBe('initialism');
    expect(editTerm(ws.db, concept.id, short.id, { termType: '' }, who)).not.toHaveProperty('termType');
    expect(column('SB')).toEqual([null]);
    // The event log has the type before and after the edit.
    const last = ws.db.prepare("SELECT before_json AS b, after_json AS a FROM events WHERE kind = 'term-update' ORDER BY id DESC LIMIT 1").get() as { b: string; a: string };
    expect(JSON.parse(last.b)).toMatchObject({ text: 'SB', termType: 'initialism' });
    expect(JSON.parse(last.a)).not.toHaveProperty('termType');
    removeConcept(ws.db, concept.id, who);
  });

  it.each([['nickname'], ['full form'], ['abbreviation;']])('refuses the type %j and changes nothing', (termType) => {
    const sco = findConceptByKey(ws.db, 'sco')!;
    const shos = sco.terms.find((t) => t.text === 'ШОС')!;
    const before = termTables(ws.db);
    expect(() => createConcept(ws.db, { terms: [{ lang: 'en', text: 'Thing', status: 'preferred', termType }] }, who)).toThrow(InputError);
    expect(() => addTerm(ws.db, sco.id, { lang: 'ru', text: 'Шос', status: 'admitted', termType }, who)).toThrow(/is not a term type/);
    expect(() => editTerm(ws.db, sco.id, shos.id, { termType }, who)).toThrow(/is not a term type/);
    expect(termTables(ws.db)).toEqual(before);
  });
});

describe('import → database → export', () => {
  const tbx = (type: string) => `<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="eaeu">
      <langSec xml:lang="en">
        <termSec><term>Eurasian Economic Union</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote><termNote type="termType">fullForm</termNote></termSec>
        <termSec><term>EAEU</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote><termNote type="termType">${type}</termNote></termSec>
      </langSec>
      <langSec xml:lang="ru">
        <termSec><term>Евразийский экономический союз</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>ЕАЭС</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote><termNote type="termType">abbreviation</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>`;

  it('keeps the types of a TBX file', () => {
    expect(importTermbase(ws.db, { fileName: 'eaeu.tbx', bytes: Buffer.from(tbx('initialism')) }, { ...who, maxBytes: 1e6 })).toMatchObject({ added: 1 });
    expect(typesOf('eaeu')).toEqual([
      ['en', 'Eurasian Economic Union', 'fullForm'], ['en', 'EAEU', 'initialism'],
      ['ru', 'Евразийский экономический союз', null], ['ru', 'ЕАЭС', 'abbreviation'],
    ]);
    const out = exportTermbase(ws.db, 'tbx').body;
    // TBX-Basic has no initialism: abbreviation, its nearest value, with a note that gives Triptych's.
    expect(out).toContain(
      '<term>EAEU</term>\n            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>\n            <termNoteGrp>\n              <termNote type="termType">abbreviation</termNote>\n              <note>Triptych term type: initialism</note>\n            </termNoteGrp>',
    );
    expect(out).toMatch(/<term>Евразийский экономический союз<\/term>\n {12}<termNote type="administrativeStatus">preferredTerm-admn-sts<\/termNote>\n {10}<\/termSec>/);
    // Exported and imported again, every term keeps its type.
    const before = typesOf('eaeu');
    importTermbase(ws.db, { fileName: 'termbase.tbx', bytes: Buffer.from(out) }, { ...who, maxBytes: 1e7 });
    expect(typesOf('eaeu')).toEqual(before);
    expect(column('ШОС')).toEqual(['abbreviation']);
  });

  it('keeps the types of a CSV file', () => {
    const csv = 'concept,en,ru\ncsto,Collective Security Treaty Organization [preferred; fullForm] | CSTO [admitted; Acronym],ОДКБ [admitted; abbreviation] | Организация Договора о коллективной безопасности\n';
    importTermbase(ws.db, { fileName: 'csto.csv', bytes: Buffer.from(csv) }, { ...who, maxBytes: 1e6 });
    expect(typesOf('csto')).toEqual([
      ['en', 'Collective Security Treaty Organization', 'fullForm'], ['en', 'CSTO', 'acronym'],
      ['ru', 'Организация Договора о коллективной безопасности', null], ['ru', 'ОДКБ', 'abbreviation'],
    ]);
    const out = exportTermbase(ws.db, 'csv').body;
    expect(out).toContain('Collective Security Treaty Organization [preferred; fullForm] | CSTO [admitted; acronym]');
    expect(out).toContain('Организация Договора о коллективной безопасности | ОДКБ [admitted; abbreviation]');
    const before = typesOf('csto');
    importTermbase(ws.db, { fileName: 'termbase.csv', bytes: Buffer.from(out) }, { ...who, maxBytes: 1e7 });
    expect(typesOf('csto')).toEqual(before);
    expect(typesOf('sco')).toContainEqual(['zh', '上合组织', 'shortForm']);
  });

  it('refuses a file with an unknown type and stores nothing of it', () => {
    const before = termTables(ws.db);
    expect(() => importTermbase(ws.db, { fileName: 'bad.tbx', bytes: Buffer.from(tbx('nickname').replace('eaeu', 'eaeu-2')) }, { ...who, maxBytes: 1e6 })).toThrow(
      /'nickname' is not a term type/,
    );
    expect(termTables(ws.db)).toEqual(before);
  });
});
