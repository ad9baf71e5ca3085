// TMX 1.4b: the writer checked by xmllint against the LISA DTD and read back by translate-toolkit;
// the reader's round trip, and the files it refuses by name.
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { readTmx, tmxDate, writeTmx } from '../../server/formats/tmx.ts';
import { sharedPath } from '../shared-data.ts';
import { runPython, tempFile, xmllint } from './external-tools.ts';
import { sample } from './fixtures.ts';

const options = { creationTool: 'Triptych', creationToolVersion: '0.1.0', creationDate: new Date('2005-07-05T10:00:00Z') };
const xml = writeTmx(sample, options);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['tu', 'tuv', 'prop', 'note'].includes(name) });

describe('writeTmx', () => {
  it('is valid against the TMX 1.4b DTD (xmllint)', () => {
    const result = xmllint(['--dtdvalid', sharedPath('standards', 'tmx14.dtd')], tempFile('sample.tmx', xml));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('has a complete header with the work and its versions', () => {
    const doc = parser.parse(xml);
    expect(doc.tmx['@version']).toBe('1.4');
    expect(doc.tmx.header).toMatchObject({
      '@creationtool': 'Triptych', '@creationtoolversion': '0.1.0', '@segtype': 'sentence', '@o-tmf': 'Triptych',
      '@adminlang': 'en', '@srclang': 'en', '@datatype': 'plaintext', '@creationdate': '20050705T100000Z',
    });
    const props = doc.tmx.header.prop.map((p: Record<string, string>) => [p['@type'], p['@xml:lang'] ?? '', p['#text']]);
    expect(props).toContainEqual(['x-triptych-title', '', 'Declaration of Heads of Member States of the SCO']);
    expect(props).toContainEqual(['x-triptych-status', 'ru', 'working']);
    expect(props).toContainEqual(['x-triptych-provenance', 'en', 'English web copy as received']);
  });

  it('writes a tu per unit with its confirmed state, confidence, notes and list markers', () => {
    const tus = parser.parse(xml).tmx.body.tu;
    expect(tus.map((t: Record<string, string>) => t['@tuid'])).toEqual(['1', '2', '3', '4', '6', '7']);
    const propsOf = (tu: { prop: Array<Record<string, string>> }) => Object.fromEntries(tu.prop.map((p) => [p['@type'], String(p['#text'])]));
    expect(propsOf(tus[0])).toEqual({ 'x-triptych-confirmed': 'yes' });
    expect(propsOf(tus[1])).toEqual({ 'x-triptych-confirmed': 'no', 'x-triptych-confidence': '0.8731' });
    expect(tus[1].tuv[1].note).toEqual(['[category: terminology; author: Anna] Check "Tom & Jerry" <b>']);
    expect(tus[2].tuv.map((t: { seg: string }) => t.seg)).toEqual(['- to strengthen mutual trust;', '- укреплять взаимное доверие;', '——加强相互信任；']);
    expect(tus[4].tuv).toHaveLength(1);
    expect(tus[5].tuv[2].seg).toBe('最后一段。\n共和国总统');
    expect(xml).toContain('Tom &amp; Jerry &lt;b&gt;');
  });

  it('drops characters XML cannot carry, and refuses two versions of one language', () => {
    const out = writeTmx({ columns: [{ lang: 'en', name: 'en' }, { lang: 'ru', name: 'ru' }], rows: [['bell\u0007', 'ok']] }, options);
    expect(out).toContain('<seg>bell</seg>');
    expect(() => writeTmx({ columns: [{ lang: 'en', name: 'en' }, { lang: 'en', name: 'en-revised' }], rows: [['a', 'b']] }, options)).toThrow(
      /'en' and 'en-revised' are both en/,
    );
  });

  it('keeps the per-row props older callers pass', () => {
    const out = writeTmx({ columns: [{ lang: 'en', name: 'en' }, { lang: 'ru', name: 'ru' }], rows: [['a', 'b']] }, { ...options, srcLang: 'en', rowProps: [{ 'x-triptych-row': '7' }] });
    expect(out).toContain('<prop type="x-triptych-row">7</prop>');
  });

  it('formats dates', () => {
    expect(tmxDate(new Date('2026-01-02T03:04:05.678Z'))).toBe('20260102T030405Z');
  });

  it('is read by translate-toolkit with the right languages and texts', () => {
    const file = tempFile('sample.tmx', xml);
    const units = runPython<Array<Array<[string, string]>>>(
      'translate',
      `import json, sys
from translate.storage import tmx
store = tmx.tmxfile.parsefile(sys.argv[1])
lang = "{http://www.w3.org/XML/1998/namespace}lang"
print(json.dumps([[(n.get(lang), u.getNodeText(n)) for n in u.getlanguageNodes()] for u in store.units], ensure_ascii=False))`,
      [file],
    );
    expect(units).toHaveLength(6);
    expect(units[1]).toEqual([['en', sample.rows[1][0]], ['ru', sample.rows[1][1]], ['zh', sample.rows[1][2]]]);
    expect(units[3][1]).toEqual(['ru', 'Строка\nс переводом строки']);
    expect(units[4]).toEqual([['en', 'Only in English.']]);
  });
});

describe('readTmx', () => {
  it('reads back what was written: export, import, export gives the same file', () => {
    const { aligned, warnings } = readTmx(xml);
    expect(aligned.columns).toEqual(sample.columns);
    expect(aligned.rows).toEqual(sample.rows);
    expect(aligned.units!.map((u) => [u.id, u.confirmed, u.confidence])).toEqual(sample.units!.map((u) => [u.id, u.confirmed, u.confidence]));
    expect(aligned.units![1].notes).toEqual(sample.units![1].notes);
    expect(writeTmx(aligned, options)).toBe(xml);
    expect(warnings).toEqual(['1 TMX unit has text in one language only (an omission in the others): 6.']);
  });

  it('reads a TMX from another tool: languages in order, srclang first, case kept, TMX 1.1 lang attributes', () => {
    const other = `<?xml version="1.0"?>
<tmx version="1.4"><header srclang="en-US" creationtool="t" creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="t"/>
<body>
  <tu><tuv xml:lang="de-DE"><seg>Hallo</seg></tuv><tuv xml:lang="en-US"><seg>Hello</seg></tuv></tu>
  <tu><tuv lang="EN-us"><seg>World <hi x="1">big</hi></seg></tuv><tuv xml:lang="de-DE"><seg>Welt</seg></tuv></tu>
</body></tmx>`;
    const { aligned, warnings } = readTmx(other);
    expect(aligned.columns).toEqual([{ lang: 'en-US', name: 'en-US' }, { lang: 'de-DE', name: 'de-DE' }]);
    expect(aligned.rows).toEqual([['Hello', 'Hallo'], ['World big', 'Welt']]);
    expect(warnings).toEqual(['Inline markup <hi> was read as its text.']);
  });

  it.each([
    ['a DOCTYPE', '<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx version="1.4"><header/><body/></tmx>', /document type/],
    ['an entity bomb', '<!DOCTYPE tmx [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><tmx><body/></tmx>', /document type/],
    ['an entity reference', '<tmx><header/><body><tu><tuv xml:lang="en"><seg>&nbsp;</seg></tuv></tu></body></tmx>', /'&nbsp;'/],
    ['inline code <bpt>', tu('<tuv xml:lang="en"><seg><bpt i="1">&lt;b&gt;</bpt>Bold<ept i="1">&lt;/b&gt;</ept></seg></tuv><tuv xml:lang="ru"><seg>Жирный</seg></tuv>'), /unit 1 \(en\) holds inline markup <bpt>/],
    ['a placeholder <ph>', tu('<tuv xml:lang="en"><seg>A<ph>&lt;br/&gt;</ph></seg></tuv><tuv xml:lang="ru"><seg>Б</seg></tuv>'), /inline markup <ph>/],
    ['one language only', tu('<tuv xml:lang="en"><seg>Alone</seg></tuv>'), /only one language \(en\)/],
    ['a language with no text', tu('<tuv xml:lang="en"><seg>Text</seg></tuv><tuv xml:lang="ru"><seg> </seg></tuv>'), /no text in ru: importing it would make an empty ru version/],
    ['two segments of one language', tu('<tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="EN"><seg>b</seg></tuv><tuv xml:lang="ru"><seg>c</seg></tuv>'), /two segments in EN/],
    ['not TMX', '<xliff version="1.2"/>', /root element is <xliff>/],
  ])('refuses %s', (_name, file, message) => {
    expect(() => readTmx(file)).toThrow(message);
  });
});

function tu(content: string): string {
  return `<tmx version="1.4"><header srclang="en"/><body><tu tuid="1">${content}</tu></body></tmx>`;
}
