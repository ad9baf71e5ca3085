// XML for the interchange formats: reading uploads safely into a small element tree, and writing a
// tree with fast-xml-parser's XMLBuilder (which escapes text and attributes; nothing here escapes
// by hand).
// Reading refuses, before any parser sees the file, a document type declaration or an entity
// declaration (no DTD is ever read, no entity expanded: no XML bomb, no external fetch) and any
// entity reference other than the five XML ones and numeric character references.
// Writing drops the characters XML 1.0 cannot carry at all (C0 controls but tab and newline, lone
// surrogates, U+FFFE/U+FFFF): no file a reader would refuse is written.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { FormatInputError } from './format-error.ts';

export const xmlMessages = {
  doctype: () => 'The file declares a document type (<!DOCTYPE …>); Triptych does not read DTDs or entity declarations in uploads.',
  entity: () => 'The file declares entities (<!ENTITY …>); Triptych does not read entity declarations in uploads.',
  strayEntity: (p) => `The file uses '${p.reference}', which is not an XML character reference; only &lt; &gt; &amp; &quot; &apos; and numeric references are read.`,
  badCharacter: (p) => `The character reference &${p.reference}; is not a character.`,
  unreadable: (p) => `The file could not be read as XML: ${p.reason}.`,
  notWellFormed: (p) => `The file is not well-formed XML: ${p.reason} (line ${p.line}, column ${p.column}).`,
} satisfies Record<string, (p: Record<string, string | number>) => string>;

export type XmlErrorCode = keyof typeof xmlMessages;

export class XmlError extends FormatInputError {
  constructor(
    readonly code: XmlErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(xmlMessages[code](params));
    this.name = 'XmlError';
  }
}

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlChild[];
}
export type XmlChild = XmlElement | string;

/** Refuses what must never reach an XML parser: document type declarations and entity declarations. */
export function refuseUnsafeXml(xml: string): void {
  if (/<!DOCTYPE/i.test(xml)) throw new XmlError('doctype');
  if (/<!ENTITY/i.test(xml)) throw new XmlError('entity');
}

function decodeReferences(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/g, (_m, ref: string) => {
    if (ref === 'lt') return '<';
    if (ref === 'gt') return '>';
    if (ref === 'amp') return '&';
    if (ref === 'quot') return '"';
    if (ref === 'apos') return "'";
    const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    if (!Number.isFinite(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new XmlError('badCharacter', { reference: ref });
    }
    return String.fromCodePoint(code);
  });
}

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: false,
});

function toElement(item: Ordered): XmlElement | string | null {
  const name = Object.keys(item).find((k) => k !== ':@')!;
  if (name === '#text') return decodeReferences(String(item['#text']));
  if (name.startsWith('?') || name === '#comment') return null;
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(item[':@'] ?? {})) attributes[k] = decodeReferences(String(v));
  const children = ((item[name] as Ordered[]) ?? []).map(toElement).filter((c): c is XmlChild => c !== null);
  return { name, attributes, children };
}

/**
 * Parses an uploaded XML document into its root element, refusing DOCTYPE and entity declarations
 * and unknown entity references first; a leading byte-order mark is ignored. `prepare` may blank
 * out a known-harmless prologue (the TBX v2 DOCTYPE) before the checks.
 */
export function parseXmlDocument(xml: string, prepare: (source: string) => string = (s) => s): XmlElement {
  const source = prepare(xml.replace(/^\uFEFF/, ''));
  refuseUnsafeXml(source);
  const stray = /&(?!(?:lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});)[^\s;<]{0,20};?/.exec(source);
  if (stray) throw new XmlError('strayEntity', { reference: stray[0] });
  let valid: ReturnType<typeof XMLValidator.validate>;
  try {
    valid = XMLValidator.validate(source, { allowBooleanAttributes: false });
  } catch (error) {
    throw new XmlError('unreadable', { reason: (error as Error).message });
  }
  if (valid !== true) throw new XmlError('notWellFormed', { reason: valid.err.msg, line: valid.err.line, column: valid.err.col });
  let items: Ordered[];
  try {
    items = parser.parse(source) as Ordered[];
  } catch (error) {
    // The parser's own limits (e.g. nesting depth) end here, as a refusal rather than a crash.
    throw new XmlError('unreadable', { reason: (error as Error).message });
  }
  const root = items.map(toElement).find((e): e is XmlElement => typeof e === 'object' && e !== null);
  if (!root) throw new XmlError('unreadable', { reason: 'there is no root element' });
  return root;
}

/** The element children of an element, optionally only those of one name. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter((c): c is XmlElement => typeof c === 'object' && (name === undefined || c.name === name));
}

export function firstChild(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c): c is XmlElement => typeof c === 'object' && c.name === name);
}

/** All the text inside an element, markup removed. */
export function textContent(node: XmlChild): string {
  return typeof node === 'string' ? node : node.children.map(textContent).join('');
}

/** A local name without its namespace prefix ('xlf:source' → 'source'). */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

// eslint-disable-next-line no-control-regex
const notInXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without the characters XML 1.0 cannot carry (they cannot be written even as references). */
export function xmlCharactersOnly(text: string): string {
  return text.replace(notInXml, '');
}

/** Builds an element: el('tu', { tuid: '1' }, [el('tuv', ...), 'text']); undefined attributes and children are left out. */
export function el(name: string, attributes: Record<string, string | number | undefined> = {}, children: Array<XmlChild | undefined | false> = []): XmlElement {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined) attrs[k] = String(v);
  return { name, attributes: attrs, children: children.filter((c): c is XmlChild => c !== undefined && c !== false) };
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  processEntities: true,
});

function toOrdered(node: XmlChild): Ordered {
  if (typeof node === 'string') return { '#text': xmlCharactersOnly(node) };
  const item: Ordered = { [node.name]: node.children.map(toOrdered) };
  const attrs = Object.entries(node.attributes);
  if (attrs.length) item[':@'] = Object.fromEntries(attrs.map(([k, v]) => [`@_${k}`, xmlCharactersOnly(v)]));
  return item;
}

/** Writes a document: the XML declaration (UTF-8), the root element indented by two spaces, a final newline. */
export function writeXmlDocument(root: XmlElement): string {
  const body = builder.build([toOrdered(root)]) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body.replace(/^\n+/, '').replace(/\s*$/, '')}\n`;
}

/** What a reader does with an inline element inside a segment: read its text, or refuse the file. */
export type InlinePolicy = Record<string, 'text' | 'refuse'>;

/**
 * The text of a segment with inline markup: an element the policy reads as 'text' gives its text
 * (its name is added to `kept`, for a warning), one it refuses, or one it does not name, throws
 * FormatInputError through `refuse(name)`. Nothing is dropped without a word.
 */
export function inlineText(segment: XmlElement, policy: InlinePolicy, kept: Set<string>, refuse: (name: string) => never): string {
  return segment.children
    .map((child) => {
      if (typeof child === 'string') return child;
      const name = localName(child.name);
      if (policy[name] !== 'text') refuse(name);
      kept.add(name);
      return inlineText(child, policy, kept, refuse);
    })
    .join('');
}
