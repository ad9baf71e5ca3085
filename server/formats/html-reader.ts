// HTML import: a web page's text as blocks, parsed by parse5 (the WHATWG HTML parsing algorithm,
// as a browser parses it: entities, implied end tags and broken markup all handled the same way).
// API: readHtml(html) → DocumentText (see document-text.ts): h1–h6 become headings; p, div, td, th,
// dt, dd, blockquote, pre, address, figcaption, caption, section-level text become paragraphs;
// li become list items, labelled '-' in a <ul> (unless the item's text starts with its own
// dash or bullet) and 1., 2., … in an <ol> (its start and type a, A, i, I respected); <br> is a
// line break; white space collapses as a browser shows it (not inside <pre>). Markup never reaches
// the text: tags are gone, entities decoded.
// Never kept: <script>, <style>, <noscript>, <template>, <iframe>, <object>, <embed>, <svg>,
// <math>, <canvas>, form controls and the <head> (the <title> is returned as title); a warning
// says how many of each were left out. A page without text is refused (it would be an empty version).
import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { countedNames, documentText, type DocumentBlock, type DocumentText } from './document-text.ts';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const dropped = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'canvas', 'select', 'textarea', 'button', 'head']);
const headings = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const blockElements = new Set([
  'p', 'div', 'td', 'th', 'dt', 'dd', 'blockquote', 'pre', 'address', 'figcaption', 'caption', 'section', 'article', 'main', 'header',
  'footer', 'nav', 'aside', 'figure', 'table', 'tr', 'tbody', 'thead', 'tfoot', 'ul', 'ol', 'dl', 'form', 'fieldset', 'legend', 'hr', 'body', 'html', 'center',
]);
const ownMarker = /^(?:——|[-–—•·▪●◦])/u;

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function attribute(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function ordinal(n: number, type: string): string {
  if (type === 'a' || type === 'A') {
    let s = '';
    for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
    return type === 'A' ? s.toUpperCase() : s;
  }
  if (type === 'i' || type === 'I') {
    const numerals: Array<[number, string]> = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
    let s = '';
    let k = n;
    for (const [v, r] of numerals) for (; k >= v; k -= v) s += r;
    return type === 'I' ? s.toUpperCase() : s;
  }
  return String(n);
}

export interface HtmlText extends DocumentText {
  /** The page's <title>, '' when it has none. */
  title: string;
}

function languageAttribute(el: Element): string {
  return (attribute(el, 'lang') ?? attribute(el, 'xml:lang') ?? '').trim();
}

/** The lang of <html>, else of <body>, else of the body's first element that has one. */
function pageLanguage(doc: DefaultTreeAdapterMap['document']): string {
  const html = doc.childNodes.find((c): c is Element => isElement(c) && c.tagName === 'html');
  if (!html) return '';
  const body = html.childNodes.find((c): c is Element => isElement(c) && c.tagName === 'body');
  const first = (node: Element): string => {
    for (const c of node.childNodes) {
      if (!isElement(c) || dropped.has(c.tagName)) continue;
      const found = languageAttribute(c) || first(c);
      if (found) return found;
    }
    return '';
  };
  return languageAttribute(html) || (body ? languageAttribute(body) || first(body) : '');
}

export function readHtml(html: string): HtmlText {
  const doc = parse(html.replace(/^\uFEFF/, ''));
  const blocks: DocumentBlock[] = [];
  const left = new Map<string, number>();
  let title = '';
  let buffer = '';
  let pending: Omit<DocumentBlock, 'text'> = { kind: 'paragraph' };

  const flush = () => {
    const text = buffer.replace(/[ \t\f\r]*\n[ \t\f\r]*/g, '\n').replace(/^\n+|\n+$/g, '');
    if (text.trim() !== '') {
      if (pending.kind === 'list-item' && pending.label === '-' && ownMarker.test(text.trim())) blocks.push({ kind: 'list-item', text: text.trim() });
      else blocks.push({ ...pending, text });
    }
    buffer = '';
    pending = { kind: 'paragraph' };
  };

  const walk = (node: Node, pre: boolean, list: { ordered: boolean; next: number; type: string } | null) => {
    if (node.nodeName === '#text') {
      const value = (node as DefaultTreeAdapterMap['textNode']).value;
      buffer += pre ? value : value.replace(/[ \t\n\f\r]+/g, ' ');
      return;
    }
    if (!isElement(node)) return;
    const tag = node.tagName;
    if (tag === 'title' && !title) title = node.childNodes.map((c) => ('value' in c ? String(c.value) : '')).join('').trim();
    if (dropped.has(tag)) {
      if (tag !== 'head') left.set(`<${tag}>`, (left.get(`<${tag}>`) ?? 0) + 1);
      else for (const c of node.childNodes) if (isElement(c) && (c.tagName === 'script' || c.tagName === 'style')) left.set(`<${c.tagName}>`, (left.get(`<${c.tagName}>`) ?? 0) + 1);
      if (tag === 'head') node.childNodes.forEach((c) => isElement(c) && c.tagName === 'title' && walkTitle(c));
      return;
    }
    if (tag === 'br') {
      buffer += '\n';
      return;
    }
    const children = tag === 'template' ? [] : node.childNodes;
    if (headings.has(tag) || tag === 'li' || blockElements.has(tag)) {
      flush();
      if (headings.has(tag)) pending = { kind: 'heading' };
      if (tag === 'li') {
        const label = list?.ordered ? `${ordinal(Number(attribute(node, 'value') ?? list.next), list.type)}.` : '-';
        if (list?.ordered) list.next = Number(attribute(node, 'value') ?? list.next) + 1;
        pending = { kind: 'list-item', label };
      }
      const inner = tag === 'ul' ? { ordered: false, next: 1, type: '' } : tag === 'ol' ? { ordered: true, next: Number(attribute(node, 'start') ?? 1) || 1, type: attribute(node, 'type') ?? '1' } : list;
      for (const c of children) walk(c, pre || tag === 'pre', inner);
      flush();
      return;
    }
    for (const c of children) walk(c, pre, list);
  };
  const walkTitle = (el: Element) => {
    title = el.childNodes.map((c) => ('value' in c ? String(c.value) : '')).join('').replace(/\s+/g, ' ').trim();
  };
  for (const c of doc.childNodes) walk(c, false, null);
  flush();
  const warnings = left.size ? [`Left out of the text (never stored): ${countedNames(left)}.`] : [];
  return { ...documentText(blocks, warnings, 'HTML', pageLanguage(doc)), title };
}
