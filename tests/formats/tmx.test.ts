import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXml, tmxDate, writeTmx } from '../../server/formats/tmx.ts';
import { writeTsv } from '../../server/formats/tsv.ts';

const aligned = {
  columns: [{ lang: 'en', name: 'en' }, { lang: 'ru', name: 'ru' }, { lang: 'zh', name: 'zh' }],
  rows: [
    ['Tom & Jerry <b>', 'Том и Джерри', '汤姆和杰瑞'],
    ['', '', ''],
    ['Only English', '', 'Zhōngwén\u0007 with a bell'],
  ],
};

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['tu', 'tuv', 'prop'].includes(name) });

describe('writeTmx', () => {
  const xml = writeTmx(aligned, {
    creationTool: 'Triptych', creationToolVersion: '0.1.0', srcLang: 'en', creationDate: new Date('2005-07-05T10:00:00Z'),
    rowProps: [{ 'x-triptych-row': '1' }, { 'x-triptych-row': '2' }, { 'x-triptych-row': '3' }],
  });
  const doc = parser.parse(xml);

  it('is well-formed TMX 1.4 with a complete header', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(doc.tmx['@version']).toBe('1.4');
    const header = doc.tmx.header;
    expect(header).toMatchObject({
      '@creationtool': 'Triptych', '@creationtoolversion': '0.1.0', '@segtype': 'sentence', '@o-tmf': 'Triptych',
      '@adminlang': 'en', '@srclang': 'en', '@datatype': 'plaintext', '@creationdate': '20050705T100000Z',
    });
  });

  it('writes one tu per non-empty row and a tuv per non-empty cell, text escaped and round-tripped', () => {
    const tus = doc.tmx.body.tu;
    expect(tus).toHaveLength(2);
    expect(tus[0].tuv.map((t: Record<string, string>) => t['@xml:lang'])).toEqual(['en', 'ru', 'zh']);
    expect(tus[0].tuv[0].seg).toBe('Tom & Jerry <b>');
    expect(tus[1].tuv.map((t: Record<string, string>) => t['@xml:lang'])).toEqual(['en', 'zh']);
    expect(tus[1].prop[0]['#text']).toBe(3);
    expect(xml).toContain('Tom &amp; Jerry &lt;b&gt;');
    expect(xml).not.toContain('\u0007');
  });

  it('formats dates and escapes attribute quotes', () => {
    expect(tmxDate(new Date('2026-01-02T03:04:05.678Z'))).toBe('20260102T030405Z');
    expect(escapeXml('"a"<&>')).toBe('&quot;a&quot;&lt;&amp;&gt;');
  });
});

describe('writeTsv', () => {
  it('writes a header and one line per row, without tabs or newlines inside cells', () => {
    const tsv = writeTsv({ columns: aligned.columns, rows: [['a\tb', 'c\nd', 'e']] });
    expect(tsv).toBe('en\tru\tzh\na b\tc d\te\n');
  });
});
