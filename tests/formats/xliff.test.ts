// XLIFF 1.2 and 2.1: translate-toolkit reads the 1.2 export with the right languages and texts;
// both round-trip (export → import → export gives the same file); bad files are refused by name.
import { describe, expect, it } from 'vitest';
import { readXliff12, readXliff2, readXliff2Documents, writeXliff12, writeXliff2, writeXliff2Documents } from '../../server/formats/xliff.ts';
import { runPython, tempFile } from './external-tools.ts';
import { sample } from './fixtures.ts';

const pair = { ...sample, columns: sample.columns.slice(0, 2), rows: sample.rows.map((r) => r.slice(0, 2)), units: sample.units!.map((u) => ({ ...u, cells: undefined, notes: u.notes.filter((n) => (n.column ?? 0) < 2) })) };
const withoutCells = { ...sample, units: sample.units!.map(({ cells: _c, ...u }) => u) };

describe('XLIFF 1.2', () => {
  const xml = writeXliff12(sample, { original: 'declaration-2005' });

  it('writes a <file> per target with state and approved from the confirmed flag, notes and confidence', () => {
    expect(xml.match(/<file /g)).toHaveLength(2);
    expect(xml).toContain('source-language="en" target-language="ru"');
    expect(xml).toContain('<trans-unit id="1" approved="yes" xml:space="preserve">');
    expect(xml).toContain('<target state="final">ДЕКЛАРАЦИЯ</target>');
    expect(xml).toContain('<trans-unit id="2" xml:space="preserve" tt:confidence="0.8731">');
    expect(xml).toContain('<note from="Anna" annotates="target">[category: terminology] Check &quot;Tom &amp; Jerry&quot; &lt;b&gt;</note>');
    expect(xml).toContain('<source>- to strengthen mutual trust;</source>');
  });

  it('is read by translate-toolkit with the right languages and texts', () => {
    const file = tempFile('sample.xlf', writeXliff12(pair));
    const read = runPython<{ src: string; trg: string; units: Array<[string, string, string, boolean]> }>(
      'translate',
      `import json, sys
from translate.storage import xliff
store = xliff.xlifffile.parsefile(sys.argv[1])
print(json.dumps({"src": store.getsourcelanguage(), "trg": store.gettargetlanguage(),
  "units": [(u.getid().split("\\x04")[-1], u.source, u.target or "", u.isapproved()) for u in store.units]}, ensure_ascii=False))`,
      [file],
    );
    expect(read.src).toBe('en');
    expect(read.trg).toBe('ru');
    expect(read.units).toEqual(pair.rows.map((row, r) => [pair.units[r].id, row[0], row[1], pair.units[r].confirmed]));
  });

  it('reads back what it wrote: export, import, export gives the same file', () => {
    const { aligned, warnings } = readXliff12(xml);
    expect(aligned.columns).toEqual(sample.columns);
    expect(aligned.rows).toEqual(sample.rows);
    expect(aligned.title).toBe(sample.title);
    expect(aligned.units!.map((u) => [u.id, u.confirmed, u.confidence, u.notes])).toEqual(withoutCells.units.map((u) => [u.id, u.confirmed, u.confidence, u.notes]));
    expect(writeXliff12(aligned, { original: 'declaration-2005' })).toBe(xml);
    expect(warnings).toEqual(['1 XLIFF unit has text in one language only (an omission in the others): 6.']);
  });

  it('reads <g> and <mrk> as their text and says so', () => {
    const other = `<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" source-language="en-US" target-language="de" datatype="plaintext"><body>
      <group><trans-unit id="a"><source>Hello <g id="1">world</g></source><target state="needs-review-translation">Hallo <mrk mtype="x">Welt</mrk></target></trans-unit></group>
      <trans-unit id="b"><source>Bye</source><target>Tschüss</target><alt-trans><target>Ciao</target></alt-trans></trans-unit></body></file></xliff>`;
    const { aligned, warnings } = readXliff12(other);
    expect(aligned.columns.map((c) => c.lang)).toEqual(['en-US', 'de']);
    expect(aligned.rows).toEqual([['Hello world', 'Hallo Welt'], ['Bye', 'Tschüss']]);
    expect(aligned.units!.map((u) => u.confirmed)).toEqual([false, false]);
    expect(warnings).toEqual(['Inline markup <g>, <mrk> was read as its text.', 'Not kept: <alt-trans> (only sources, targets and notes are imported).']);
  });

  const unit = (source: string, target: string) =>
    `<xliff version="1.2"><file original="x" source-language="en" target-language="ru" datatype="plaintext"><body><trans-unit id="u1"><source>${source}</source><target>${target}</target></trans-unit></body></file></xliff>`;
  it.each([
    ['a DOCTYPE', '<!DOCTYPE xliff SYSTEM "xliff.dtd">' + unit('a', 'б'), /document type/],
    ['an entity', '<!DOCTYPE xliff [<!ENTITY e "x">]>' + unit('&e;', 'б'), /document type/],
    ['a placeholder <x/>', unit('a<x id="1"/>b', 'аб'), /unit u1 \(en\) holds inline markup <x>/],
    ['a <ph>', unit('a', 'б<ph id="1">&lt;br&gt;</ph>'), /unit u1 \(ru\) holds inline markup <ph>/],
    ['an empty target language', unit('a', ''), /no text in ru: importing it would make an empty ru version/],
    ['XLIFF 2 given as 1.2', '<xliff version="2.1" srcLang="en" trgLang="ru"/>', /XLIFF 2\.1, not 1\.2/],
  ])('refuses %s', (_name, file, message) => {
    expect(() => readXliff12(file)).toThrow(message);
  });
});

describe('XLIFF 2.1', () => {
  it('writes one document per target, with segment states, notes and metadata', () => {
    const docs = writeXliff2Documents(sample, { original: 'declaration-2005' });
    expect(docs.map((d) => d.targetLang)).toEqual(['ru', 'zh']);
    const [ru] = docs;
    expect(ru.xml).toContain('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0" xmlns:tt="urn:x-triptych:xliff" version="2.1" srcLang="en" trgLang="ru">');
    expect(ru.xml).toContain('<segment state="final">');
    expect(ru.xml).toContain('<note category="terminology" appliesTo="target" tt:author="Anna">Check &quot;Tom &amp; Jerry&quot; &lt;b&gt;</note>');
    expect(ru.xml).toContain('<mda:meta type="confidence">0.8731</mda:meta>');
  });

  it('reads back what it wrote, one pair or all pairs: export, import, export gives the same files', () => {
    const docs = writeXliff2Documents(sample);
    const { aligned } = readXliff2Documents(docs.map((d) => d.xml));
    expect(aligned.columns).toEqual(sample.columns);
    expect(aligned.rows).toEqual(sample.rows);
    expect(aligned.units!.map((u) => [u.id, u.confirmed, u.confidence, u.notes])).toEqual(withoutCells.units.map((u) => [u.id, u.confirmed, u.confidence, u.notes]));
    expect(writeXliff2Documents(aligned).map((d) => d.xml)).toEqual(docs.map((d) => d.xml));
    const one = writeXliff2(pair);
    expect(writeXliff2(readXliff2(one).aligned)).toBe(one);
  });

  it.each([
    ['inline code <ph/>', '<xliff version="2.1" srcLang="en" trgLang="ru"><file id="f"><unit id="u"><segment><source>a<ph id="1"/></source><target>б</target></segment></unit></file></xliff>', /unit u \(en\) holds inline markup <ph>/],
    ['a start code <sc/>', '<xliff version="2.1" srcLang="en" trgLang="ru"><file id="f"><unit id="u"><segment><source>a</source><target><sc id="1"/>б</target></segment></unit></file></xliff>', /\(ru\) holds inline markup <sc>/],
    ['no trgLang', '<xliff version="2.1" srcLang="en"><file id="f"/></xliff>', /names no trgLang/],
    ['an entity', '<!DOCTYPE x [<!ENTITY a "b">]><xliff/>', /document type/],
  ])('refuses %s', (_name, file, message) => {
    expect(() => readXliff2(file)).toThrow(message);
  });

  it('reads <pc> as its text and says so', () => {
    const { aligned, warnings } = readXliff2('<xliff version="2.0" srcLang="en" trgLang="fr"><file id="f"><unit id="u"><segment state="final"><source>a <pc id="1">b</pc></source><target>c</target></segment></unit></file></xliff>');
    expect(aligned.rows).toEqual([['a b', 'c']]);
    expect(aligned.units![0].confirmed).toBe(true);
    expect(warnings).toEqual(['Inline markup <pc> was read as its text.']);
  });
});
