// TBX-Basic and TBX v2 exports checked by tools nobody here wrote: xmllint against TBX-Basic's
// RELAX NG schema, translate-toolkit reading the <martif> file. And the import of a TBX-Basic file
// from another tool: definitions, contexts, sources, notes and part of speech kept wherever they
// sit, language tags as written, the rest named; export → import → export gives an equal file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTbxWithWarnings, writeTbx, writeTbx2 } from '../../server/formats/tbx.ts';
import { exportTermbase, importTermbase } from '../../server/services/terms-termbase.ts';
import { cleanConcept, termTypes, type ConceptData } from '../../server/terms/termbase.ts';
import { isWellFormedLanguageTag } from '../../server/text/languages.ts';
import { sharedPath } from '../shared-data.ts';
import { declarationConcepts } from '../terms/seed.ts';
import { openTermsWorkspace, termTables } from '../terms/workspace.ts';
import { runPython, tempFile, xmllint } from './external-tools.ts';

const clean = (c: unknown) => cleanConcept(c as never, isWellFormedLanguageTag);

// Everything the termbase holds that TBX-Basic has no value for: forbidden, validity dates, term
// types outside its six, a part of speech outside its five, language sections, sources per term.
const everything: ConceptData[] = [
  clean({
    key: 'secretary-general', subject: 'offices', definition: 'Head of the SCO Secretariat.', note: 'Retitled in 2006.', source: 'SCO Charter',
    languages: [{ lang: 'en-GB', definition: 'The chief officer.', source: 'Oxford', note: 'British usage' }],
    terms: [
      { lang: 'en-GB', text: 'Secretary-General', status: 'preferred', validFrom: '2006', termType: 'fullForm', partOfSpeech: 'noun', source: 'Decision of 2006' },
      { lang: 'en-GB', text: 'Executive Secretary', status: 'superseded', validUntil: '2006-01-01', usageNote: 'Before 2006 only.', context: 'The Executive Secretary reported.' },
      { lang: 'en-GB', text: 'Chief Clerk', status: 'forbidden' },
      { lang: 'zh-Hans', text: '秘书长', status: 'preferred', termType: 'romanizedForm', partOfSpeech: 'properNoun' },
    ],
  }),
  ...termTypes.map((termType, i) => clean({ key: `type-${i}`, terms: [{ lang: 'ru', text: `термин ${i}`, status: 'admitted', termType }] })),
];

describe('TBX-Basic export', () => {
  it.each([
    ['the shipped termbase', declarationConcepts],
    ['every field and every term type', everything],
  ])('is valid against TBX-Basic\'s RELAX NG schema (xmllint): %s', (_name, concepts) => {
    const result = xmllint(['--relaxng', sharedPath('standards', 'basic_integrated_2022.rng')], tempFile('termbase.tbx', writeTbx(concepts)));
    expect(result.stderr.replace(/^.* validates\n$/, '')).toBe('');
    expect(result.status).toBe(0);
  });

  it('uses only TBX-Basic\'s status, term type and part-of-speech values, and carries the rest in notes', () => {
    const xml = writeTbx(everything);
    const values = (type: string) => [...xml.matchAll(new RegExp(`<termNote type="${type}">([^<]*)</termNote>`, 'g'))].map((m) => m[1]);
    expect(new Set(values('administrativeStatus'))).toEqual(new Set(['preferredTerm-admn-sts', 'supersededTerm-admn-sts', 'deprecatedTerm-admn-sts', 'admittedTerm-admn-sts']));
    for (const v of values('termType')) expect(['fullForm', 'acronym', 'abbreviation', 'shortForm', 'variant', 'phrase']).toContain(v);
    expect(values('partOfSpeech')).toEqual(['noun', 'other']);
    expect(xml).toContain('<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>\n              <note>Triptych status: forbidden</note>');
    expect(xml).toContain('<note>valid until: 2006-01-01</note>');
    expect(xml).toContain('<note>Triptych term type: symbol</note>');
    expect(xml).not.toContain('x-valid');
  });

  it('reads back what it wrote, every field and every type', () => {
    const back = readTbxWithWarnings(writeTbx(everything));
    expect(back.warnings).toEqual([]);
    expect(back.concepts.map(clean)).toEqual(everything);
  });
});

describe('TBX v2 export', () => {
  it('is read by translate-toolkit with the right languages and texts', () => {
    const file = tempFile('termbase.tbx', writeTbx2(declarationConcepts));
    const units = runPython<Array<{ id: string; langs: Array<[string, string[]]> }>>(
      'translate',
      `import json, sys
from translate.storage import tbx
store = tbx.tbxfile.parsefile(sys.argv[1])
lang = "{http://www.w3.org/XML/1998/namespace}lang"
out = []
for u in store.units:
    out.append({"id": u.getid(), "langs": [(n.get(lang), [t.text for t in n.iter("term")]) for n in u.getlanguageNodes()]})
print(json.dumps(out, ensure_ascii=False))`,
      [file],
    );
    expect(units).toHaveLength(declarationConcepts.length);
    const expected = declarationConcepts.map((c) => ({
      id: c.key,
      langs: [...new Set(c.terms.map((t) => t.lang))].map((lang) => [lang, c.terms.filter((t) => t.lang === lang).map((t) => t.text)]),
    }));
    expect(units).toEqual(expected);
  });

  it('reads back as the same concepts', () => {
    expect(readTbxWithWarnings(writeTbx2(everything)).concepts.map(clean)).toEqual(everything);
  });
});

// A TBX-Basic file as another tool writes it: definitions in langSec descripGrp, contexts with their
// sources, part of speech, transaction records, language tags with a region.
const foreign = `<?xml version="1.0" encoding="UTF-8"?>
<tbx style="dca" type="TBX-Basic" xml:lang="en-US" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>From another tool</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <descripGrp><descrip type="subjectField">organisations</descrip></descripGrp>
      <transacGrp><transac type="transactionType">origination</transac><date>2020-01-01</date></transacGrp>
      <langSec xml:lang="en-US">
        <descripGrp><descrip type="definition">A body of states.</descrip><admin type="source">UN glossary</admin></descripGrp>
        <termSec>
          <term>organization</term>
          <termNote type="partOfSpeech">noun</termNote>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          <descripGrp><descrip type="context">The organization met.</descrip><admin type="source">Minutes</admin></descripGrp>
          <note>US spelling.</note>
          <transacGrp><transac type="transactionType">modification</transac><date>2021-01-01</date></transacGrp>
        </termSec>
      </langSec>
      <langSec xml:lang="sr-Latn-RS">
        <termSec><term>organizacija</term><termNote type="grammaticalGender">feminine</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
`;

describe('TBX import into the termbase', () => {
  let ws: Awaited<ReturnType<typeof openTermsWorkspace>>;
  beforeAll(async () => {
    ws = await openTermsWorkspace();
  });
  afterAll(() => ws.dispose());
  const options = { actor: 'test', maxBytes: 1e7 };

  it('keeps definitions, contexts, sources, notes and part of speech wherever they sit, tags as written, and names the rest', () => {
    const summary = importTermbase(ws.db, { fileName: 'foreign.tbx', bytes: Buffer.from(foreign) }, options);
    expect(summary.warnings).toEqual([
      'Not kept, as the termbase has no place for them: <transacGrp> transaction records (2×), <termNote type="grammaticalGender"> (1×).',
    ]);
    const c1 = readTbxWithWarnings(exportTermbase(ws.db, 'tbx').body).concepts.find((c) => c.key === 'c1')!;
    expect(c1.subject).toBe('organisations');
    expect(c1.languages).toEqual([{ lang: 'en-US', definition: 'A body of states.', source: 'UN glossary', note: '' }]);
    expect(c1.terms).toEqual([
      expect.objectContaining({ lang: 'en-US', text: 'organization', status: 'preferred', partOfSpeech: 'noun', context: 'The organization met.', source: 'Minutes', usageNote: 'US spelling.' }),
      expect.objectContaining({ lang: 'sr-Latn-RS', text: 'organizacija', status: 'admitted' }),
    ]);
  });

  it('export → import → export gives an equal file (TBX-Basic and TBX v2)', () => {
    importTermbase(ws.db, { fileName: 'everything.tbx', bytes: Buffer.from(writeTbx(everything)) }, options);
    for (const format of ['tbx', 'tbx2']) {
      const first = exportTermbase(ws.db, format).body;
      importTermbase(ws.db, { fileName: `again.${format}.tbx`, bytes: Buffer.from(first) }, options);
      expect(exportTermbase(ws.db, format).body).toBe(first);
    }
  });

  it.each([
    ['a malformed language tag', foreign.replace('sr-Latn-RS', 'sr--RS'), /'sr--RS' is not a language tag/],
    ['a control character', foreign.replace('US spelling.', 'US\u0007 spelling.'), /Line 15, column 19 of the file holds the control character U\+0007 BELL/],
    ['an entity declaration', foreign.replace('<tbx ', '<!DOCTYPE tbx [<!ENTITY x "y">]><tbx '), /document type/],
  ])('refuses %s by name and changes nothing', (_name, xml, message) => {
    const before = termTables(ws.db);
    expect(() => importTermbase(ws.db, { fileName: 'bad.tbx', bytes: Buffer.from(xml) }, options)).toThrow(message);
    expect(termTables(ws.db)).toEqual(before);
  });

  it('refuses a control character in a CSV glossary with its line', () => {
    expect(() => importTermbase(ws.db, { fileName: 'g.csv', bytes: Buffer.from('en,ru\nCouncil,Совет\nA\u001bB,Б\n') }, options)).toThrow(
      /Line 3, column 2 of the CSV file holds the control character U\+001B ESCAPE/,
    );
    // issue 16: a NUL inside a term was stored as it came
    const before = termTables(ws.db);
    expect(() => importTermbase(ws.db, { fileName: 'g.csv', bytes: Buffer.from('en,ru\nCouncil,Совет\nA\u0000B,Б\n') }, options)).toThrow(
      /Line 3, column 2 of the CSV file holds the control character U\+0000 NULL/,
    );
    expect(termTables(ws.db)).toEqual(before);
  });
});
