// HTML import (parse5): blocks from headings, paragraphs and list items, scripts and styles never
// kept; and the detector that recognises a file by its content.
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectDocumentFormat } from '../../server/formats/detect-format.ts';
import { writeDocx } from '../../server/formats/docx-writer.ts';
import { readHtml } from '../../server/formats/html-reader.ts';
import { writeTmx } from '../../server/formats/tmx.ts';
import { writeXliff12, writeXliff2 } from '../../server/formats/xliff.ts';
import { sample } from './fixtures.ts';

const page = `<!DOCTYPE html><html><head><title>Declaration &amp; more</title><style>p { color: red }</style>
<script>document.write("<p>injected</p>")</script></head>
<body><h1>DECLARATION</h1><p>The Heads of State <b>declare</b>
   the following:<br>second line</p>
<ul><li>to strengthen mutual trust;</li><li>— with its own dash</li></ul>
<ol start="3"><li>third</li><li>fourth</li></ol>
<div><p>Tom &amp; Jerry &lt;b&gt; stay text</p><script>alert(1)</script><noscript>Enable JS</noscript></div>
<table><tr><td>Президент</td><td>主席</td></tr></table><p onclick="x()">Last</p></body></html>`;

describe('readHtml', () => {
  it('turns headings, paragraphs and list items into blocks, markup gone, scripts and styles never kept', () => {
    const { blocks, text, title, warnings } = readHtml(page);
    expect(title).toBe('Declaration & more');
    expect(blocks).toEqual([
      { kind: 'heading', text: 'DECLARATION' },
      { kind: 'paragraph', text: 'The Heads of State declare the following:\nsecond line' },
      { kind: 'list-item', label: '-', text: 'to strengthen mutual trust;' },
      { kind: 'list-item', text: '— with its own dash' },
      { kind: 'list-item', label: '3.', text: 'third' },
      { kind: 'list-item', label: '4.', text: 'fourth' },
      { kind: 'paragraph', text: 'Tom & Jerry <b> stay text' },
      { kind: 'paragraph', text: 'Президент' },
      { kind: 'paragraph', text: '主席' },
      { kind: 'paragraph', text: 'Last' },
    ]);
    expect(text).not.toMatch(/injected|alert|color|Enable JS/);
    expect(text).toContain('\n\n- to strengthen mutual trust;\n\n— with its own dash\n\n3. third\n\n');
    expect(warnings).toEqual(['Left out of the text (never stored): 1 <style>, 2 <script>, 1 <noscript>.']);
  });

  it('refuses a page that would make an empty version', () => {
    expect(() => readHtml('<html><head><script>var a = "text";</script></head><body> </body></html>')).toThrow(/HTML document has no text/);
  });
});

describe('detectDocumentFormat', () => {
  it('recognises each format by content, whatever the file is called', async () => {
    const opts = { creationTool: 'Triptych', creationToolVersion: '0' };
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(detectDocumentFormat(enc(writeTmx(sample, opts)), 'declaration.txt')).toBe('tmx');
    expect(detectDocumentFormat(enc(writeXliff12(sample)), 'x.txt')).toBe('xliff12');
    expect(detectDocumentFormat(enc(writeXliff2(sample)), 'x.xlf')).toBe('xliff2');
    expect(detectDocumentFormat(await writeDocx(sample), 'x.txt')).toBe('docx');
    expect(detectDocumentFormat(enc(page), 'x.txt')).toBe('html');
    expect(detectDocumentFormat(enc('\uFEFF<p>Hello</p>'), 'x')).toBe('html');
    expect(detectDocumentFormat(enc('DECLARATION\n\nThe Heads of State <b>declare</b>.'), 'x.html')).toBe('text');
    expect(detectDocumentFormat(enc('<?xml version="1.0"?>\n<!-- a memory -->\n<tmx version="1.4">'), '')).toBe('tmx');
    expect(detectDocumentFormat(zipSync({ 'a.txt': enc('x') }), 'a.zip')).toBe('text');
    expect(detectDocumentFormat(zipSync({ 'a.txt': enc('x') }), 'a.docx')).toBe('docx');
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...'<tmx version="1.4">'].map((c) => c.charCodeAt(0))).buffer)]);
    expect(detectDocumentFormat(utf16, 'x')).toBe('tmx');
  });
});
