// DOCX: the export read back by python-docx cell for cell, with fonts for Cyrillic and Chinese; the
// import of a document python-docx made (headings, bullets, numbers); zip bombs and zips that are
// not DOCX refused before anything is inflated, or as soon as a part outgrows its limit.
import fs from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readDocx } from '../../server/formats/docx-reader.ts';
import { writeDocx } from '../../server/formats/docx-writer.ts';
import { normaliseText } from '../../server/text/normalise.ts';
import { segmentText } from '../../server/text/segment.ts';
import { runPython, tempFile } from './external-tools.ts';
import { sample } from './fixtures.ts';

describe('writeDocx', () => {
  it('writes a table python-docx reads cell for cell, headed with the title and each version', async () => {
    const bytes = await writeDocx(sample, { subtitle: 'Exported by Triptych' });
    const file = tempFile('sample.docx', bytes);
    const read = runPython<{ paragraphs: string[]; tables: string[][][] }>(
      'docx',
      `import docx, json, sys
d = docx.Document(sys.argv[1])
print(json.dumps({"paragraphs": [p.text for p in d.paragraphs], "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]}, ensure_ascii=False))`,
      [file],
    );
    expect(read.tables).toHaveLength(1);
    expect(read.tables[0]).toEqual([['en (en)', 'ru (ru)', 'zh (zh)'], ...sample.rows]);
    expect(read.paragraphs.slice(0, 5)).toEqual([
      sample.title,
      'Exported by Triptych',
      'en (en): unofficial — English web copy as received',
      'ru (ru): working — working translation for this repository',
      'zh (zh): working — working translation for this repository',
    ]);
    const styles = new TextDecoder().decode(unzipSync(bytes)['word/styles.xml']);
    expect(styles).toContain('<w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="SimSun" w:hAnsi="Times New Roman"/>');
    const document = new TextDecoder().decode(unzipSync(bytes)['word/document.xml']);
    expect(document).toContain('w:eastAsia="zh"');
    expect(document).toContain('<w:t xml:space="preserve">- to strengthen mutual trust;</w:t>');
  });
});

// A document made by python-docx, which nobody here wrote: a title, a heading, bullets, numbers, a table.
function pythonDocx(): Uint8Array {
  const file = tempFile('made.docx', '');
  runPython(
    'docx',
    `import docx, json, sys
d = docx.Document()
d.add_heading("Declaration of the Heads of Member States", 0)
d.add_heading("III", 1)
d.add_paragraph("The Heads of State declare the following.")
d.add_paragraph("to strengthen mutual trust;", style="List Bullet")
d.add_paragraph("to develop cooperation.", style="List Bullet")
d.add_paragraph("First point.", style="List Number")
d.add_paragraph("Second point.", style="List Number")
p = d.add_paragraph("Line one")
p.add_run().add_break()
p.add_run("line two\\twith a tab")
t = d.add_table(rows=1, cols=2)
t.cell(0, 0).text = "Президент Российской Федерации"
t.cell(0, 1).text = "中华人民共和国主席"
d.save(sys.argv[1])
print("[]")`,
    [file],
  );
  return fs.readFileSync(file);
}

describe('readDocx', () => {
  it('turns paragraphs, headings and list items into blocks, markers kept, for the text pipeline', () => {
    const { text, blocks, warnings } = readDocx(pythonDocx());
    expect(blocks).toEqual([
      { kind: 'heading', text: 'Declaration of the Heads of Member States' },
      { kind: 'heading', text: 'III' },
      { kind: 'paragraph', text: 'The Heads of State declare the following.' },
      { kind: 'list-item', label: '•', text: 'to strengthen mutual trust;' },
      { kind: 'list-item', label: '•', text: 'to develop cooperation.' },
      { kind: 'list-item', label: '1.', text: 'First point.' },
      { kind: 'list-item', label: '2.', text: 'Second point.' },
      { kind: 'paragraph', text: 'Line one\nline two\twith a tab' },
      { kind: 'paragraph', text: 'Президент Российской Федерации' },
      { kind: 'paragraph', text: '中华人民共和国主席' },
    ]);
    expect(text.split('\n\n').slice(2, 5)).toEqual(['The Heads of State declare the following.', '• to strengthen mutual trust;', '• to develop cooperation.']);
    expect(warnings).toEqual([]);
    // The text pipeline finds the same list items and keeps their bullets out of the sentences.
    const segmented = segmentText(normaliseText(text), 'en');
    const items = segmented.blocks.filter((b) => b.kind === 'list-item');
    expect(items.map((b) => b.label)).toEqual(['•', '•']);
    expect(segmented.sentences.map((x) => x.text)).toContain('to strengthen mutual trust;');
  });

  it('reads our own export back: the table cells as paragraphs', async () => {
    const { blocks } = readDocx(await writeDocx(sample));
    expect(blocks.map((b) => b.text)).toContain('ДЕКЛАРАЦИЯ');
    expect(blocks.map((b) => b.text)).toContain('——加强相互信任；');
  });

  const docxWith = (files: Record<string, Uint8Array>) => zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), ...files });
  const bodyXml = (inner: string) =>
    new TextEncoder().encode(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${inner}</w:body></w:document>`);

  it('refuses a zip bomb by the ratio its header claims, before inflating', () => {
    const bomb = docxWith({ 'word/document.xml': bodyXml(`<w:p><w:r><w:t>${'a'.repeat(30 * 1024 * 1024)}</w:t></w:r></w:p>`) });
    expect(bomb.length).toBeLessThan(200_000);
    expect(() => readDocx(bomb)).toThrow(/looks like a zip bomb: word\/document.xml claims to expand \d+ times/);
  });

  it('refuses a zip bomb whose header lies about its size, as soon as it outgrows the limit', () => {
    const bomb = docxWith({ 'word/document.xml': bodyXml(`<w:p><w:r><w:t>${'a'.repeat(8 * 1024 * 1024)}</w:t></w:r></w:p>`) });
    // Rewrite the uncompressed size of every header to 1,000 bytes.
    const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
    for (let i = 0; i + 4 <= bomb.length; i++) {
      const sig = view.getUint32(i, true);
      if (sig === 0x04034b50) view.setUint32(i + 22, 1000, true);
      if (sig === 0x02014b50) view.setUint32(i + 24, 1000, true);
    }
    expect(() => readDocx(bomb, { maxEntries: 100, maxPartBytes: 1024 * 1024, maxRatio: 200 })).toThrow(/zip bomb: word\/document.xml expands past 1048576 bytes, more than its header says/);
  });

  it.each([
    ['plain bytes', new TextEncoder().encode('Just a text file'), /not a DOCX document: it is not a zip archive/],
    ['an OpenDocument file', zipSync({ mimetype: new TextEncoder().encode('application/vnd.oasis.opendocument.text'), 'content.xml': new TextEncoder().encode('<x/>') }), /OpenDocument file/],
    ['a workbook', zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'xl/workbook.xml': new TextEncoder().encode('<x/>') }), /Excel workbook/],
    ['a broken zip', new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]), /zip structure is broken/],
    ['a document without text', docxWith({ 'word/document.xml': bodyXml('<w:p/>') }), /no text: importing it would make an empty version/],
    ['a DOCTYPE inside', docxWith({ 'word/document.xml': new TextEncoder().encode('<!DOCTYPE x [<!ENTITY a "b">]><w:document/>') }), /document type/],
  ])('refuses %s', (_name, bytes, message) => {
    expect(() => readDocx(bytes)).toThrow(message);
  });
});
