import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parseCsv, readGlossaryCsv, writeCsv, writeGlossaryCsv } from '../../server/formats/glossary-csv.ts';
import { readTbx, tbxNamespace, tbxStatusValues, writeTbx } from '../../server/formats/tbx.ts';
import { cleanConcept } from '../../server/terms/termbase.ts';
import { isContentLanguage } from '../../server/text/languages.ts';
import { declarationConcepts } from './seed.ts';

const asList = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe('TBX-Basic export', () => {
  const xml = writeTbx(declarationConcepts);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: false }).parse(xml);

  it('has the TBX v3 structure with the required elements and attributes', () => {
    expect(doc.tbx['@type']).toBe('TBX-Basic');
    expect(doc.tbx['@style']).toBe('dca');
    expect(doc.tbx['@xmlns']).toBe(tbxNamespace);
    expect(doc.tbx['@xml:lang']).toBe('en');
    expect(doc.tbx.tbxHeader.fileDesc.sourceDesc.p).toBeTruthy();
    const entries = asList(doc.tbx.text.body.conceptEntry);
    expect(entries).toHaveLength(declarationConcepts.length);
    const ids = new Set<string>();
    for (const entry of entries) {
      expect(entry['@id']).toMatch(/^[A-Za-z_][\w.-]*$/);
      ids.add(entry['@id']);
      const langSecs = asList(entry.langSec);
      expect(langSecs.length).toBeGreaterThan(0);
      for (const langSec of langSecs) {
        expect(langSec['@xml:lang']).toMatch(/^[a-z]{2}$/);
        for (const termSec of asList(langSec.termSec)) {
          expect(typeof termSec.term === 'string' && termSec.term.length > 0).toBe(true);
          const notes = [...asList(termSec.termNote), ...asList(termSec.termNoteGrp).flatMap((g: Record<string, unknown>) => asList(g.termNote))];
          const status = notes.filter((n: Record<string, string>) => n['@type'] === 'administrativeStatus');
          expect(status).toHaveLength(1);
          expect(Object.keys(tbxStatusValues)).toContain(status[0]['#text']);
        }
      }
    }
    expect(ids.size).toBe(entries.length);
  });

  it('round-trips: reading the export gives the same concepts', () => {
    const back = readTbx(xml).map((c) => cleanConcept(c, isContentLanguage));
    expect(back).toEqual(declarationConcepts);
  });

  it('carries the term type (termType) of abbreviations and short forms', () => {
    expect(xml).toContain('<term>ШОС</term>\n            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>\n            <termNote type="termType">abbreviation</termNote>');
    const sco = readTbx(xml).find((c) => c.key === 'sco')!;
    expect(sco.terms.map((t) => [t.text, t.termType])).toContainEqual(['上合组织', 'shortForm']);
    const bad = xml.replace('<termNote type="termType">abbreviation</termNote>', '<termNote type="termType">nickname</termNote>');
    expect(() => readTbx(bad).map((c) => cleanConcept(c, isContentLanguage))).toThrow(/'nickname' is not a term type/);
  });

  it('escapes markup in fields and reads it back', () => {
    const tricky = cleanConcept({ key: 'x', definition: 'a < b & "c" > d', terms: [{ lang: 'en', text: 'A&B <Council>', status: 'forbidden', validUntil: '2006-06-15' }] }, isContentLanguage);
    const out = writeTbx([tricky]);
    expect(out).not.toContain('<Council>');
    expect(readTbx(out).map((c) => cleanConcept(c, isContentLanguage))).toEqual([tricky]);
  });
});

describe('TBX reading refuses bad files', () => {
  it.each([
    ['a DOCTYPE', '<?xml version="1.0"?><!DOCTYPE tbx SYSTEM "http://example.com/x.dtd"><tbx><text><body/></text></tbx>', /document type/],
    ['an XML bomb', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><tbx><text><body><conceptEntry id="a"><note>&lol2;</note></conceptEntry></body></text></tbx>', /document type/],
    ['an entity declaration without a DOCTYPE', '<tbx><!ENTITY x "y"><text><body/></text></tbx>', /entit/],
    ['malformed XML', '<tbx><text><body><conceptEntry id="a"></body></text></tbx>', /not well-formed/],
    ['not TBX', '<html><body/></html>', /not TBX/],
    ['TBX v2 without a body', '<martif type="TBX"/>', /no <text><body> inside <martif>/],
    ['an unknown status', '<tbx><text><body><conceptEntry id="a"><langSec xml:lang="en"><termSec><term>x</term><termNote type="administrativeStatus">goldenTerm</termNote></termSec></langSec></conceptEntry></body></text></tbx>', /administrative status/],
    ['a concept without id', '<tbx><text><body><conceptEntry><langSec xml:lang="en"><termSec><term>x</term></termSec></langSec></conceptEntry></body></text></tbx>', /no id/],
    ['absurdly deep nesting', '<tbx><text><body>' + '<a>'.repeat(200000) + '</a>'.repeat(200000) + '</body></text></tbx>', /could not be read as XML|not well-formed/],
    ['an undefined entity', '<tbx><text><body><conceptEntry id="a"><note>&nbsp;</note></conceptEntry></body></text></tbx>', /./],
  ])('%s', (_name, xml, message) => {
    expect(() => readTbx(xml)).toThrow(message);
  });
});

describe('CSV glossary', () => {
  it('round-trips the termbase, usage notes and context examples included', () => {
    const csv = writeGlossaryCsv(declarationConcepts);
    const back = readGlossaryCsv(csv).map((c) => cleanConcept(c, isContentLanguage));
    expect(back).toEqual(declarationConcepts);
    expect(csv).toContain('Executive Secretary [superseded; until 2006] | Secretary-General [preferred; from 2006]');
    expect(csv.split('\r\n')[0]).toBe('concept,subject,definition,note,source,en,ru,zh,en usage note,ru usage note,zh usage note,en context,ru context,zh context');
  });

  it('writes the term type among the brackets and reads it in any case', () => {
    expect(writeGlossaryCsv(declarationConcepts)).toContain('Шанхайская организация сотрудничества [preferred; fullForm] | ШОС [admitted; abbreviation]');
    const [c] = readGlossaryCsv('en,ru\nUnited Nations | UN [Admitted; Abbreviation],ООН [preferred; from 1945]\n');
    expect(c.terms.map((t) => [t.text, t.status, t.termType ?? null, t.validFrom])).toEqual([
      ['United Nations', 'preferred', null, null], ['UN', 'admitted', 'abbreviation', null], ['ООН', 'preferred', null, '1945'],
    ]);
  });

  it('reads a plain glossary with a column per language', () => {
    const concepts = readGlossaryCsv('en,ru,zh\r\nSecretariat,Секретариат,秘书处\n"Council of RATS, the",Совет РАТС,地区反恐怖机构理事会\n');
    expect(concepts.map((c) => [c.key, c.terms.map((t) => `${t.lang}:${t.text}:${t.status}`)])).toEqual([
      ['csv-1', ['en:Secretariat:preferred', 'ru:Секретариат:preferred', 'zh:秘书处:preferred']],
      ['csv-2', ['en:Council of RATS, the:preferred', 'ru:Совет РАТС:preferred', 'zh:地区反恐怖机构理事会:preferred']],
    ]);
  });

  it('round-trips notes with commas, quotes, newlines, pipes, backslashes, Cyrillic and Chinese', () => {
    const term = (lang: string, text: string, usageNote: string, context = '') => ({ lang, text, status: 'preferred', validFrom: null, validUntil: null, usageNote, context });
    const concepts = [{
      key: 'tricky', subject: 'test', definition: 'A "definition", with a comma\nand a second line', note: 'Note, "quoted"', source: '',
      terms: [
        term('en', 'Council', 'Not "Board", not Committee;\nsee the Charter, art. 4 | 5', 'The Council met, as "agreed".'),
        term('en', 'CNC', ''),
        term('en', 'Coordinators\' Council', 'A back\\slash \\| and a pipe |'),
        term('ru', 'Совет', 'Пишется с прописной, «Совет»;\nне «совет».', 'Совет собрался 5 июля, как "решено".'),
        term('ru', 'СНК', 'Сокращение'),
        term('zh', '理事会', '用于正式文本，“理事会”；\n不用“委员会”。', '理事会于7月5日举行会议，'),
      ],
    }];
    const csv = writeGlossaryCsv(concepts as never);
    // The exact texts come back from the file...
    expect(readGlossaryCsv(csv)).toEqual(concepts);
    // ... and through the termbase's rules, which make whitespace single spaces.
    const cleaned = cleanConcept(concepts[0], isContentLanguage);
    expect(readGlossaryCsv(csv).map((c) => cleanConcept(c, isContentLanguage))).toEqual([cleaned]);
    expect(cleaned.terms[3].usageNote).toBe('Пишется с прописной, «Совет»; не «совет».');
    // A spreadsheet sees one cell per language and field.
    const [header, row] = parseCsv(csv);
    expect(row[header.indexOf('en usage note')]).toBe('Not "Board", not Committee;\nsee the Charter, art. 4 \\| 5 |  | A back\\\\slash \\\\\\| and a pipe \\|');
    expect(row[header.indexOf('zh context')]).toBe('理事会于7月5日举行会议，');
  });

  it('reads files without the note columns, and hand-written note columns', () => {
    const old = readGlossaryCsv('concept,en,ru\nsco,Shanghai Cooperation Organisation | SCO [admitted],ШОС\n');
    expect(old[0].terms.map((t) => [t.text, t.usageNote, t.context])).toEqual([
      ['Shanghai Cooperation Organisation', '', ''], ['SCO', '', ''], ['ШОС', '', ''],
    ]);
    const hand = readGlossaryCsv('en,ru,RU Usage Note,ru  context\nSCO,Шанхайская организация сотрудничества | ШОС,| Сокращение,"Члены ШОС, как известно"\n');
    expect(hand[0].terms.map((t) => [t.text, t.usageNote, t.context])).toEqual([
      ['SCO', '', ''], ['Шанхайская организация сотрудничества', '', 'Члены ШОС, как известно'], ['ШОС', 'Сокращение', ''],
    ]);
  });

  it('refuses note columns that do not fit the terms', () => {
    expect(() => readGlossaryCsv('en,en usage note\nSCO,one | two\n')).toThrow(/'en usage note' column has 2 entries for 1 en term;/);
    expect(() => readGlossaryCsv('en,ru context\nSCO,Члены ШОС\n')).toThrow(/'ru context' column but no 'ru' column/);
    expect(() => readGlossaryCsv('en,en context,en context\nSCO,a,b\n')).toThrow(/twice/);
  });

  it('refuses files without language columns and broken quoting', () => {
    expect(() => readGlossaryCsv('name,definition\nx,y\n')).toThrow(/language code column/);
    expect(() => readGlossaryCsv('en,ru\n"open,quote\n')).toThrow(/never closed/);
    expect(() => readGlossaryCsv('')).toThrow(/empty/);
  });

  it('keeps spreadsheet formulas inert and reads them back', () => {
    const csv = writeCsv([['=SUM(A1)', 'plain', 'a "quoted", text']]);
    expect(csv).toBe(`'=SUM(A1),plain,"a ""quoted"", text"\r\n`);
    expect(parseCsv(csv)).toEqual([['=SUM(A1)', 'plain', 'a "quoted", text']]);
  });
});
