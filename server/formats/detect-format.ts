// Recognises what a file given for import is, by its content, the file name's extension only
// breaking ties: a .tmx handed to the plain-text import is TMX, a text file named .html is text.
// API: detectDocumentFormat(bytes, fileName) → 'tmx' | 'xliff12' | 'xliff2' | 'docx' | 'html' | 'text'.
//   - a zip (PK\x03\x04) holding word/document.xml: 'docx' (another zip is 'docx' too when named
//     .docx, for readDocx to refuse with its reason; else 'text', which the text import refuses as binary);
//   - XML (after a BOM, white space, the XML declaration, comments): its root element decides —
//     <tmx> 'tmx', <xliff version="2.x"> or the 2.0 namespace 'xliff2', other <xliff> 'xliff12',
//     <html> 'html';
//   - <!DOCTYPE html>, <html>, or a start in <head>/<body>/<p>/<div>/<h1>…: 'html';
//   - anything else 'text'. Only the first 4 KiB are looked at, decoded as UTF-8 or UTF-16 by BOM.
import { unzipSync } from 'fflate';

export type DocumentFormat = 'tmx' | 'xliff12' | 'xliff2' | 'docx' | 'html' | 'text';

function head(bytes: Uint8Array): string {
  const slice = bytes.subarray(0, 4096);
  if (slice[0] === 0xff && slice[1] === 0xfe) return new TextDecoder('utf-16le').decode(slice.subarray(2));
  if (slice[0] === 0xfe && slice[1] === 0xff) return new TextDecoder('utf-16be').decode(slice.subarray(2));
  return new TextDecoder('utf-8').decode(slice).replace(/^\uFEFF/, '');
}

function isDocxZip(bytes: Uint8Array): boolean {
  try {
    let found = false;
    unzipSync(bytes, {
      filter: (f) => {
        if (f.name === 'word/document.xml') found = true;
        return false;
      },
    });
    return found;
  } catch {
    return false;
  }
}

export function detectDocumentFormat(bytes: Uint8Array, fileName = ''): DocumentFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4) {
    return isDocxZip(bytes) || ext === 'docx' ? 'docx' : 'text';
  }
  // Past the prologue: white space, the XML declaration, comments, processing instructions.
  const text = head(bytes).replace(/^(?:\s+|<\?[^]*?\?>|<!--[^]*?-->)*/, '');
  if (/^<!DOCTYPE\s+html\b/i.test(text)) return 'html';
  // a document type declaration may hold an internal subset in brackets ([<!ENTITY x "…">]), '>' and all
  const root = /^(?:<!DOCTYPE\s+([A-Za-z_][\w.:-]*)[^>[]*(?:\[[^\]]*\])?\s*>\s*(?:<!--[^]*?-->\s*)*)?<([A-Za-z_][\w.:-]*)([^>]*)>?/i.exec(text);
  if (root) {
    const name = (root[2] ?? '').split(':').pop()!.toLowerCase();
    const attributes = root[3] ?? '';
    if (name === 'tmx') return 'tmx';
    if (name === 'xliff') {
      const version = /\bversion\s*=\s*["']([^"']*)["']/.exec(attributes)?.[1] ?? '';
      return version.startsWith('2') || attributes.includes('urn:oasis:names:tc:xliff:document:2.') ? 'xliff2' : 'xliff12';
    }
    if (['html', 'head', 'body', 'p', 'div', 'h1', 'h2', 'h3', 'table', 'meta', 'title', 'section', 'article'].includes(name)) return 'html';
  }
  if (ext === 'tmx' && /^</.test(text)) return 'tmx';
  if ((ext === 'html' || ext === 'htm' || ext === 'xhtml') && /^</.test(text)) return 'html';
  return 'text';
}
