// DOCX import: a Word document's text as blocks. The zip is read with fflate, the parts with the
// safe XML reader of xml.ts (fast-xml-parser); no regular expression reads markup.
// API: readDocx(bytes, limits?) → DocumentText (see document-text.ts): body paragraphs in order,
// those of tables and content controls included, a paragraph styled Title, Subtitle or Heading N
// (or with an outline level) a heading, a numbered or bulleted paragraph a list item whose label
// is the marker Word shows (its numbering.xml level text: '-', '–', '•', '1.', 'a)'; Symbol-font
// bullets as '•'); a tab is a tab, a line break a line break; text of tracked insertions kept,
// of tracked deletions not (a warning says so, as for images, footnote references and
// fields' codes, whose shown result is kept).
// The document's language is the w:lang its text is marked with, most characters winning: each run's
// language is its own w:lang over its character style's, its paragraph style's (or the default
// paragraph style's), over the docDefaults of styles.xml; a character counts for the run's
// w:eastAsia when it is Chinese, Japanese or Korean script, w:bidi when Arabic, Hebrew or Thai, w:val
// for any other letter (digits, spaces and punctuation do not count; x-none is no language).
// Returned as the tag is written (en-US, zh-CN); '' when no text is marked with any.
// Refused before anything is inflated: bytes that are not a zip, a zip that is not a DOCX (no
// word/document.xml: an XLSX, an ODT, ...), more than limits.maxEntries entries, an entry whose
// declared size is over limits.maxPartBytes or that claims a compression ratio over
// limits.maxRatio (a zip bomb); while inflating, a part that turns out larger than its limit,
// whatever its header said. A document without text is refused (it would be an empty version).
import { Unzip, UnzipInflate, UnzipPassThrough, unzipSync } from 'fflate';
import { countedNames, documentText, type DocumentBlock, type DocumentText } from './document-text.ts';
import { FormatInputError } from './format-error.ts';
import { childElements, localName, parseXmlDocument, type XmlElement } from './xml.ts';

export interface DocxLimits {
  maxEntries: number;
  /** Largest uncompressed size of one part that is read (document.xml, styles.xml, numbering.xml). */
  maxPartBytes: number;
  /** Largest uncompressed/compressed ratio an entry over 1 MiB may claim. */
  maxRatio: number;
}

export const defaultDocxLimits: DocxLimits = { maxEntries: 5000, maxPartBytes: 64 * 1024 * 1024, maxRatio: 200 };

const wanted = ['word/document.xml', 'word/styles.xml', 'word/numbering.xml'];

function otherKind(names: string[]): string {
  if (names.includes('mimetype') && names.includes('content.xml')) return 'an OpenDocument file (ODT/ODS); save it as DOCX';
  if (names.some((n) => n.startsWith('xl/'))) return 'an Excel workbook (XLSX)';
  if (names.some((n) => n.startsWith('ppt/'))) return 'a PowerPoint presentation (PPTX)';
  return 'a zip archive without word/document.xml';
}

/** The parts Triptych reads, inflated with a running count that stops at the limit. */
function readParts(bytes: Uint8Array, limits: DocxLimits): Map<string, Uint8Array> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new FormatInputError('The file is not a DOCX document: it is not a zip archive.');
  const entries: Array<{ name: string; size: number; originalSize: number; compression: number }> = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        entries.push(file);
        return false;
      },
    });
  } catch (error) {
    throw new FormatInputError(`The file is not a DOCX document: its zip structure is broken (${(error as Error).message}).`);
  }
  if (entries.length > limits.maxEntries) throw new FormatInputError(`The DOCX holds ${entries.length} files, more than the ${limits.maxEntries} a document has; it is not imported.`);
  const names = entries.map((e) => e.name);
  if (!names.includes('word/document.xml') || !names.includes('[Content_Types].xml')) {
    throw new FormatInputError(`The file is not a DOCX document: it is ${otherKind(names)}.`);
  }
  for (const e of entries) {
    if (e.originalSize > 1024 * 1024 && e.size > 0 && e.originalSize / e.size > limits.maxRatio) {
      throw new FormatInputError(`The DOCX looks like a zip bomb: ${e.name} claims to expand ${Math.round(e.originalSize / e.size)} times (${e.size} → ${e.originalSize} bytes); it is not imported.`);
    }
    if (wanted.includes(e.name) && e.originalSize > limits.maxPartBytes) {
      throw new FormatInputError(`The DOCX part ${e.name} is ${e.originalSize} bytes uncompressed, more than the limit of ${limits.maxPartBytes}; it is not imported.`);
    }
  }
  const parts = new Map<string, Uint8Array[]>();
  const sizes = new Map<string, number>();
  let overflow = '';
  const unzip = new Unzip((file) => {
    if (!wanted.includes(file.name)) return;
    parts.set(file.name, []);
    sizes.set(file.name, 0);
    file.ondata = (error, chunk) => {
      if (error) throw error;
      const size = sizes.get(file.name)! + chunk.length;
      sizes.set(file.name, size);
      if (size > limits.maxPartBytes) {
        overflow ||= file.name;
        file.terminate();
        return;
      }
      parts.get(file.name)!.push(chunk);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  const step = 16 * 1024;
  try {
    for (let at = 0; at < bytes.length && !overflow; at += step) unzip.push(bytes.subarray(at, at + step), at + step >= bytes.length);
  } catch (error) {
    throw new FormatInputError(`The DOCX could not be unpacked: ${(error as Error).message}.`);
  }
  if (overflow) throw new FormatInputError(`The DOCX looks like a zip bomb: ${overflow} expands past ${limits.maxPartBytes} bytes, more than its header says; it is not imported.`);
  return new Map([...parts].map(([name, chunks]) => [name, Buffer.concat(chunks)]));
}

function parsePart(bytes: Uint8Array | undefined, name: string): XmlElement | undefined {
  if (!bytes) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FormatInputError(`The DOCX part ${name} is not UTF-8 XML.`);
  }
  try {
    return parseXmlDocument(text);
  } catch (error) {
    throw new FormatInputError(`The DOCX part ${name} could not be read: ${(error as Error).message}`);
  }
}

const attr = (el: XmlElement | undefined, name: string) => (el ? Object.entries(el.attributes).find(([k]) => localName(k) === name)?.[1] : undefined);
const child = (el: XmlElement | undefined, name: string) => (el ? childElements(el).find((c) => localName(c.name) === name) : undefined);
const children = (el: XmlElement | undefined, name: string) => (el ? childElements(el).filter((c) => localName(c.name) === name) : []);

/** A run's languages as w:lang gives them: w:val for most letters, w:eastAsia for CJK, w:bidi for Arabic, Hebrew, Thai. */
interface RunLanguages {
  val?: string;
  eastAsia?: string;
  bidi?: string;
}

/** The w:lang of an rPr, its attributes that are set. */
function runLanguages(rPr: XmlElement | undefined): RunLanguages {
  const lang = child(rPr, 'lang');
  const out: RunLanguages = {};
  for (const key of ['val', 'eastAsia', 'bidi'] as const) {
    const value = attr(lang, key)?.trim();
    if (value) out[key] = value;
  }
  return out;
}

interface Styles {
  headings: Set<string>;
  numbering: Map<string, { numId: string; ilvl: string }>;
  /** A style's languages, its basedOn chain's under its own. */
  languages: (styleId: string) => RunLanguages;
  /** The docDefaults' languages. */
  documentDefault: RunLanguages;
  /** The docDefaults' languages, under the default paragraph style's. */
  paragraphDefault: RunLanguages;
}

/** Style ids of headings (named Title, Subtitle or heading N), the numbering a list style gives its paragraphs, and the languages styles give runs. */
function readStyles(styles: XmlElement | undefined): Styles {
  const headings = new Set<string>(['Title', 'Subtitle', ...Array.from({ length: 9 }, (_, i) => `Heading${i + 1}`)]);
  const numbering = new Map<string, { numId: string; ilvl: string }>();
  const basedOn = new Map<string, string>();
  const own = new Map<string, RunLanguages>();
  let defaultParagraphStyle = '';
  for (const style of children(styles, 'style')) {
    const id = attr(style, 'styleId') ?? '';
    own.set(id, runLanguages(child(style, 'rPr')));
    if (attr(style, 'type') === 'paragraph' && ['1', 'true', 'on'].includes(attr(style, 'default') ?? '')) defaultParagraphStyle ||= id;
    const name = attr(child(style, 'name'), 'val') ?? '';
    if (/^(title|subtitle|heading \d)$/i.test(name)) headings.add(id);
    const numPr = child(child(style, 'pPr'), 'numPr');
    const numId = attr(child(numPr, 'numId'), 'val');
    if (numId) numbering.set(id, { numId, ilvl: attr(child(numPr, 'ilvl'), 'val') ?? '0' });
    const base = attr(child(style, 'basedOn'), 'val');
    if (base) basedOn.set(id, base);
  }
  // A style based on a list style numbers its paragraphs the same way (one level of inheritance is enough in practice).
  for (const [id, base] of basedOn) if (!numbering.has(id) && numbering.has(base)) numbering.set(id, numbering.get(base)!);
  const languages = (id: string, seen = new Set<string>()): RunLanguages => {
    if (!id || seen.has(id) || !own.has(id)) return {};
    seen.add(id);
    return { ...languages(basedOn.get(id) ?? '', seen), ...own.get(id) };
  };
  const defaults = runLanguages(child(child(child(styles, 'docDefaults'), 'rPrDefault'), 'rPr'));
  return { headings, numbering, languages, documentDefault: defaults, paragraphDefault: { ...defaults, ...languages(defaultParagraphStyle) } };
}

const eastAsianScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;
const bidiScript = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Thai}]/u;

/** Adds a run's letters to the count of the language each is marked with. */
function countLanguages(text: string, languages: RunLanguages, counts: Map<string, number>): void {
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    const tag = eastAsianScript.test(ch) ? languages.eastAsia : bidiScript.test(ch) ? languages.bidi : languages.val;
    if (tag && tag.toLowerCase() !== 'x-none') counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
}

interface Level {
  format: string;
  text: string;
  start: number;
}

/** numId → ilvl → level, from numbering.xml (w:num → w:abstractNum). */
function numberingLevels(numbering: XmlElement | undefined): Map<string, Map<string, Level>> {
  const abstract = new Map<string, Map<string, Level>>();
  for (const a of children(numbering, 'abstractNum')) {
    const levels = new Map<string, Level>();
    for (const lvl of children(a, 'lvl')) {
      levels.set(attr(lvl, 'ilvl') ?? '0', {
        format: attr(child(lvl, 'numFmt'), 'val') ?? 'bullet',
        text: attr(child(lvl, 'lvlText'), 'val') ?? '•',
        start: Number(attr(child(lvl, 'start'), 'val') ?? 1) || 1,
      });
    }
    abstract.set(attr(a, 'abstractNumId') ?? '', levels);
  }
  const nums = new Map<string, Map<string, Level>>();
  for (const num of children(numbering, 'num')) nums.set(attr(num, 'numId') ?? '', abstract.get(attr(child(num, 'abstractNumId'), 'val') ?? '') ?? new Map());
  return nums;
}

function formatNumber(n: number, format: string): string {
  if (format === 'lowerLetter' || format === 'upperLetter') {
    const s = String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
    return format === 'upperLetter' ? s.toUpperCase() : s;
  }
  if (format === 'lowerRoman' || format === 'upperRoman') {
    const numerals: Array<[number, string]> = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
    let s = '';
    let k = n;
    for (const [v, r] of numerals) for (; k >= v; k -= v) s += r;
    return format === 'upperRoman' ? s.toUpperCase() : s;
  }
  return String(n);
}

/** Symbol and Wingdings bullets live in the private use area; they show as a bullet. */
function bulletText(text: string): string {
  const t = text.replace(/[\uF000-\uF0FF]/g, '•').trim();
  return t || '•';
}

export function readDocx(bytes: Uint8Array, limits: DocxLimits = defaultDocxLimits): DocumentText {
  const parts = readParts(bytes, limits);
  const document = parsePart(parts.get('word/document.xml'), 'word/document.xml')!;
  const styles = readStyles(parsePart(parts.get('word/styles.xml'), 'word/styles.xml'));
  const levels = numberingLevels(parsePart(parts.get('word/numbering.xml'), 'word/numbering.xml'));
  const counters = new Map<string, number[]>();
  const left = new Map<string, number>();
  const note = (what: string) => left.set(what, (left.get(what) ?? 0) + 1);
  const blocks: DocumentBlock[] = [];
  const languageCounts = new Map<string, number>();

  // The letters of the paragraph's runs, counted by the language each run is marked with (see above).
  const countRuns = (node: XmlElement, languages: RunLanguages) => {
    for (const c of childElements(node)) {
      const name = localName(c.name);
      if (name === 'r') {
        const rPr = child(c, 'rPr');
        const own = { ...languages, ...styles.languages(attr(child(rPr, 'rStyle'), 'val') ?? ''), ...runLanguages(rPr) };
        const text = children(c, 't').map((t) => t.children.map((x) => (typeof x === 'string' ? x : '')).join('')).join('');
        countLanguages(text, own, languageCounts);
      } else if (name !== 'pPr' && name !== 'del' && name !== 'moveFrom') countRuns(c, languages);
    }
  };

  const runText = (node: XmlElement): string =>
    childElements(node)
      .map((c) => {
        const name = localName(c.name);
        if (name === 't') return c.children.map((x) => (typeof x === 'string' ? x : '')).join('');
        if (name === 'tab') return '\t';
        if (name === 'br' || name === 'cr') return '\n';
        if (name === 'noBreakHyphen') return '\u2011';
        if (name === 'softHyphen' || name === 'pPr' || name === 'rPr' || name === 'proofErr' || name === 'bookmarkStart' || name === 'bookmarkEnd' || name === 'lastRenderedPageBreak') return '';
        if (name === 'del' || name === 'moveFrom') return note('tracked deletions'), '';
        if (name === 'drawing' || name === 'pict' || name === 'object') return note('images and objects'), '';
        if (name === 'footnoteReference' || name === 'endnoteReference') return note('footnote references (the notes themselves are not read)'), '';
        if (name === 'instrText' || name === 'fldChar') return '';
        if (name === 'sym') return String.fromCharCode(parseInt(attr(c, 'char') ?? '20', 16));
        // Runs, hyperlinks, insertions, smart tags, simple fields (their shown result): their text.
        return runText(c);
      })
      .join('');

  const paragraph = (p: XmlElement) => {
    const pPr = child(p, 'pPr');
    const style = attr(child(pPr, 'pStyle'), 'val') ?? '';
    const numPr = child(pPr, 'numPr');
    const numId = attr(child(numPr, 'numId'), 'val') ?? styles.numbering.get(style)?.numId;
    const ilvl = attr(child(numPr, 'ilvl'), 'val') ?? styles.numbering.get(style)?.ilvl ?? '0';
    const text = runText(p);
    if (text.trim() === '') return;
    countRuns(p, style ? { ...styles.documentDefault, ...styles.languages(style) } : styles.paragraphDefault);
    const outline = child(pPr, 'outlineLvl');
    const level = numId && numId !== '0' ? levels.get(numId)?.get(ilvl) : undefined;
    if (level) {
      const depth = Number(ilvl) || 0;
      const count = counters.get(numId!) ?? [];
      count[depth] = (count[depth] ?? level.start - 1) + 1;
      count.length = depth + 1;
      counters.set(numId!, count);
      const label =
        level.format === 'bullet'
          ? bulletText(level.text)
          : level.text.replace(/%(\d)/g, (_m, d: string) => formatNumber(count[Number(d) - 1] ?? 1, (levels.get(numId!)?.get(String(Number(d) - 1)) ?? level).format)).trim();
      if (label && level.format !== 'none') return blocks.push({ kind: 'list-item', text, label });
    }
    blocks.push({ kind: styles.headings.has(style) || outline ? 'heading' : 'paragraph', text });
  };

  const container = (node: XmlElement) => {
    for (const c of childElements(node)) {
      const name = localName(c.name);
      if (name === 'p') paragraph(c);
      else if (name === 'tbl' || name === 'tr' || name === 'tc' || name === 'sdt' || name === 'sdtContent' || name === 'customXml') container(c);
      else if (name === 'del') note('tracked deletions');
    }
  };
  const body = child(document, 'body');
  if (!body) throw new FormatInputError('The DOCX has no document body (word/document.xml without <w:body>).');
  container(body);
  const warnings = left.size ? [`Not imported: ${countedNames(left)}.`] : [];
  let lang = '';
  for (const [tag, count] of languageCounts) if (count > (languageCounts.get(lang) ?? 0)) lang = tag;
  return documentText(blocks, warnings, 'DOCX', lang);
}
