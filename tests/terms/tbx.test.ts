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
          const status = asList(termSec.termNote).filter((n: Record<string, string>) => n['@type'] === 'administrativeStatus');
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
    ['TBX v2', '<martif type="TBX"><text><body/></text></martif>', /TBX v2/],
    ['an unknown status', '<tbx><text><body><conceptEntry id="a"><langSec xml:lang="en"><termSec><term>x</term><termNote type="administrativeStatus">goldenTerm</termNote></termSec></langSec></conceptEntry></body></text></tbx>', /administrative status/],
    ['a concept without id', '<tbx><text><body><conceptEntry><langSec xml:lang="en"><termSec><term>x</term></termSec></langSec></conceptEntry></body></text></tbx>', /no id/],
    ['absurdly deep nesting', '<tbx><text><body>' + '<a>'.repeat(200000) + '</a>'.repeat(200000) + '</body></text></tbx>', /could not be read as XML|not well-formed/],
    ['an undefined entity', '<tbx><text><body><conceptEntry id="a"><note>&nbsp;</note></conceptEntry></body></text></tbx>', /./],
  ])('%s', (_name, xml, message) => {
    expect(() => readTbx(xml)).toThrow(message);
  });
});

describe('CSV glossary', () => {
  it('round-trips the termbase without usage notes and context examples', () => {
    const csv = writeGlossaryCsv(declarationConcepts);
    const back = readGlossaryCsv(csv).map((c) => cleanConcept(c, isContentLanguage));
    expect(back).toEqual(declarationConcepts.map((c) => ({ ...c, terms: c.terms.map((t) => ({ ...t, usageNote: '', context: '' })) })));
    expect(csv).toContain('Executive Secretary [superseded; until 2006] | Secretary-General [preferred; from 2006]');
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
