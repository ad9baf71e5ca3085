// TBX reader and writer for the termbase.
// Written: TBX-Basic (TBX v3, DCA style):
// tbx > tbxHeader + text > body > conceptEntry (id) > langSec (xml:lang) > termSec > term.
// Concept level: descrip subjectField and definition, admin source, note. Term level: termNote
// administrativeStatus (preferredTerm-admn-sts, admittedTerm-admn-sts, deprecatedTerm-admn-sts,
// supersededTerm-admn-sts, notRecommendedTerm-admn-sts for a forbidden term), termNote termType
// (fullForm, abbreviation, shortForm, ...), descrip context, note (the usage note), and the validity
// period as termNote x-validFrom / x-validUntil.
// Read: that, and TBX v2 (ISO 30042:2008, the <martif> form):
// martif > martifHeader + text > body > termEntry (id) > langSet (xml:lang) > tig (term, termNote,
// descrip, note) or ntig (termGrp > term, termNote; descrip, note), with the same data categories
// (termNote normativeAuthorization is read as the status too; a definition given per language is the
// concept's when the entry has none). Elements TBX v2 does not have in a place are refused by name
// rather than dropped.
// The reader refuses any DOCTYPE or entity declaration before parsing, and never expands entities;
// the one exception is the standard external declaration of a TBX v2 file
// (<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">, no internal subset), which is blanked out unread.
// Errors carry a code and values for their message in the interface language (terms:errors.tbx.*).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ConceptData, TermData, TermStatus } from '../terms/termbase.ts';
import { escapeXml } from './tmx.ts';

export const tbxNamespace = 'urn:iso:std:iso:30042:ed-2';

const statusToTbx: Record<TermStatus, string> = {
  preferred: 'preferredTerm-admn-sts',
  admitted: 'admittedTerm-admn-sts',
  deprecated: 'deprecatedTerm-admn-sts',
  superseded: 'supersededTerm-admn-sts',
  forbidden: 'notRecommendedTerm-admn-sts',
};

/** Every administrativeStatus value the reader accepts, with the status it becomes. */
export const tbxStatusValues: Record<string, TermStatus> = {
  'preferredTerm-admn-sts': 'preferred',
  'standardizedTerm-admn-sts': 'preferred',
  'admittedTerm-admn-sts': 'admitted',
  'legalTerm-admn-sts': 'admitted',
  'regulatedTerm-admn-sts': 'admitted',
  'deprecatedTerm-admn-sts': 'deprecated',
  'supersededTerm-admn-sts': 'superseded',
  'obsoleteTerm-admn-sts': 'superseded',
  'notRecommendedTerm-admn-sts': 'forbidden',
};

/** The English messages of the reader's refusals; views/locales/<lng>/terms.json has them as terms:errors.tbx.<code>. */
export const tbxMessages = {
  doctype: () => 'The file declares a document type (<!DOCTYPE …>); Triptych does not read DTDs or entity declarations in uploads.',
  entity: () => 'The file declares entities (<!ENTITY …>); Triptych does not read entity declarations in uploads.',
  strayEntity: (p) => `The file uses '${p.reference}', which is not an XML character reference; only &lt; &gt; &amp; &quot; &apos; and numeric references are read.`,
  badCharacter: (p) => `The character reference &${p.reference}; is not a character.`,
  unreadable: (p) => `The file could not be read as XML: ${p.reason}.`,
  notWellFormed: (p) => `The file is not well-formed XML: ${p.reason} (line ${p.line}, column ${p.column}).`,
  notTbx: (p) => `The file is not TBX: its root element is <${p.root}>, not <tbx> (TBX v3) or <martif> (TBX v2).`,
  noBody: (p) => `The TBX file has no <text><body> inside <${p.root}>.`,
  tooManyConcepts: (p) => `The file has more than ${p.max} concepts.`,
  noId: (p) => `Concept entry ${p.n} has no id attribute.`,
  noLang: (p) => `A ${p.element} of concept '${p.concept}' has no xml:lang attribute.`,
  noTerm: (p) => `A ${p.element} of concept '${p.concept}' (${p.lang}) has no <term>.`,
  twoTerms: (p) => `A ${p.element} of concept '${p.concept}' (${p.lang}) has more than one <term>; give each term its own ${p.element}.`,
  noTerms: (p) => `The concept '${p.concept}' has no term: a TBX v2 termEntry needs a langSet with a tig or ntig holding a <term>.`,
  unknownStatus: (p) => `Concept '${p.concept}' (${p.lang}) has the administrative status '${p.status}', which Triptych does not know; use one of ${p.statuses}.`,
  unexpectedElement: (p) => `In the concept '${p.concept}', <${p.parent}> has an element <${p.element}>, which TBX v2 does not have there.`,
  mixedVersions: (p) => `The file mixes TBX versions: its root is <${p.root}> but it has <${p.element}> elements of TBX ${p.other}; export it again as one version.`,
} satisfies Record<string, (p: Record<string, string | number>) => string>;

export type TbxErrorCode = keyof typeof tbxMessages;

export class TbxError extends Error {
  constructor(
    readonly code: TbxErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(tbxMessages[code](params));
    this.name = 'TbxError';
  }
}

export interface TbxWriteOptions {
  title?: string;
  sourceDescription?: string;
  sourceLang?: string;
}

export function writeTbx(concepts: readonly ConceptData[], options: TbxWriteOptions = {}): string {
  const e = escapeXml;
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<tbx style="dca" type="TBX-Basic" xml:lang="${e(options.sourceLang ?? 'en')}" xmlns="${tbxNamespace}">`);
  out.push('  <tbxHeader>');
  out.push('    <fileDesc>');
  out.push(`      <titleStmt><title>${e(options.title ?? 'Triptych termbase')}</title></titleStmt>`);
  out.push(`      <sourceDesc><p>${e(options.sourceDescription ?? 'Exported by Triptych')}</p></sourceDesc>`);
  out.push('    </fileDesc>');
  out.push('  </tbxHeader>');
  out.push('  <text>');
  out.push('    <body>');
  for (const c of concepts) {
    out.push(`      <conceptEntry id="${e(c.key)}">`);
    if (c.subject) out.push(`        <descrip type="subjectField">${e(c.subject)}</descrip>`);
    if (c.definition) out.push(`        <descrip type="definition">${e(c.definition)}</descrip>`);
    if (c.source) out.push(`        <admin type="source">${e(c.source)}</admin>`);
    if (c.note) out.push(`        <note>${e(c.note)}</note>`);
    const langs = [...new Set(c.terms.map((t) => t.lang))];
    for (const lang of langs) {
      out.push(`        <langSec xml:lang="${e(lang)}">`);
      for (const t of c.terms.filter((x) => x.lang === lang)) {
        out.push('          <termSec>');
        out.push(`            <term>${e(t.text)}</term>`);
        out.push(`            <termNote type="administrativeStatus">${statusToTbx[t.status]}</termNote>`);
        if (t.termType) out.push(`            <termNote type="termType">${e(t.termType)}</termNote>`);
        if (t.validFrom) out.push(`            <termNote type="x-validFrom">${e(t.validFrom)}</termNote>`);
        if (t.validUntil) out.push(`            <termNote type="x-validUntil">${e(t.validUntil)}</termNote>`);
        if (t.context) out.push(`            <descrip type="context">${e(t.context)}</descrip>`);
        if (t.usageNote) out.push(`            <note>${e(t.usageNote)}</note>`);
        out.push('          </termSec>');
      }
      out.push('        </langSec>');
    }
    out.push('      </conceptEntry>');
  }
  out.push('    </body>');
  out.push('  </text>');
  out.push('</tbx>');
  return out.join('\n') + '\n';
}

/** Concepts as read from a file, not yet validated against the termbase's rules. */
export interface RawConcept {
  key: string;
  definition: string;
  subject: string;
  note: string;
  source: string;
  terms: Array<Omit<TermData, 'status' | 'termType'> & { status: string; termType?: string }>;
}

const maxConcepts = 50_000;

function decodeXmlText(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/g, (_m, ref: string) => {
    if (ref === 'lt') return '<';
    if (ref === 'gt') return '>';
    if (ref === 'amp') return '&';
    if (ref === 'quot') return '"';
    if (ref === 'apos') return "'";
    const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    if (!Number.isFinite(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new TbxError('badCharacter', { reference: ref });
    }
    return String.fromCodePoint(code);
  });
}

type Node = Record<string, unknown>;

function list(value: unknown): Node[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Node[];
}

function textOf(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') return decodeXmlText(String(node));
  if (typeof node === 'object') {
    const n = node as Node;
    // Mixed content (inline markup in a definition): concatenate the text parts.
    return Object.entries(n)
      .filter(([k]) => !k.startsWith('@_'))
      .map(([k, v]) => (k === '#text' ? textOf(v) : list(v).map(textOf).join('')))
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
  }
  return '';
}

function typed(nodes: unknown, type: string): string {
  const found = list(nodes).find((n) => n['@_type'] === type);
  return found ? textOf(found) : '';
}

function attribute(node: Node, name: string): string {
  return typeof node[`@_${name}`] === 'string' ? decodeXmlText(node[`@_${name}`] as string) : '';
}

/** Refuses what must never reach an XML parser: document type declarations and entity declarations. */
export function refuseUnsafeXml(xml: string): void {
  if (/<!DOCTYPE/i.test(xml)) throw new TbxError('doctype');
  if (/<!ENTITY/i.test(xml)) throw new TbxError('entity');
}

// The external declaration a TBX v2 file starts with, after the XML declaration and comments: the
// root name martif and a SYSTEM or PUBLIC identifier, nothing else (no internal subset: no '[').
const literal = `(?:"[^"<>\\[\\]]*"|'[^'<>\\[\\]]*')`;
const martifDoctype = new RegExp(
  `^((?:<\\?xml[^<>]*\\?>)?(?:\\s|<!--(?:(?!-->)[^])*-->)*)<!DOCTYPE\\s+martif\\s+(?:SYSTEM\\s+${literal}|PUBLIC\\s+${literal}\\s+${literal})\\s*>`,
);

/** Blanks out the standard DOCTYPE of a TBX v2 file (same length, so line and column numbers hold). */
function blankMartifDoctype(xml: string): string {
  const m = martifDoctype.exec(xml);
  if (!m) return xml;
  return m[1] + m[0].slice(m[1].length).replace(/[^\n]/g, ' ') + xml.slice(m[0].length);
}

function parseXml(xml: string): Node {
  const source = blankMartifDoctype(xml.replace(/^\uFEFF/, ''));
  refuseUnsafeXml(source);
  const strayEntity = /&(?!(?:lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});)[^\s;<]{0,20};?/.exec(source);
  if (strayEntity) throw new TbxError('strayEntity', { reference: strayEntity[0] });
  let valid: ReturnType<typeof XMLValidator.validate>;
  try {
    valid = XMLValidator.validate(source, { allowBooleanAttributes: false });
  } catch (error) {
    throw new TbxError('unreadable', { reason: (error as Error).message });
  }
  if (valid !== true) throw new TbxError('notWellFormed', { reason: valid.err.msg, line: valid.err.line, column: valid.err.col });
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    removeNSPrefix: false,
  });
  try {
    return parser.parse(source) as Node;
  } catch (error) {
    // The parser's own limits (e.g. nesting depth) end here, as a refusal rather than a crash.
    throw new TbxError('unreadable', { reason: (error as Error).message });
  }
}

/** Reads a TBX v3 (<tbx>) or TBX v2 (<martif>) file into concepts, not yet validated. */
export function readTbx(xml: string): RawConcept[] {
  const doc = parseXml(xml);
  if ('tbx' in doc) return readTbx3(doc.tbx);
  if ('martif' in doc) return readTbx2(doc.martif);
  const root = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#')) ?? '';
  throw new TbxError('notTbx', { root: root || '?' });
}

function bodyOf(root: unknown, name: string): Node {
  const body = root && typeof root === 'object' ? ((root as Node).text as Node | undefined)?.body : undefined;
  if (body === '') return {};
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new TbxError('noBody', { root: name });
  return body as Node;
}

function readTbx3(root: unknown): RawConcept[] {
  const body = bodyOf(root, 'tbx');
  const entries = list(body.conceptEntry);
  if (entries.length === 0 && body.termEntry !== undefined) throw new TbxError('mixedVersions', { root: 'tbx', element: 'termEntry', other: 'v2' });
  if (entries.length > maxConcepts) throw new TbxError('tooManyConcepts', { max: maxConcepts });
  return entries.map((entry, i) => {
    const key = attribute(entry, 'id');
    if (!key) throw new TbxError('noId', { n: i + 1 });
    const descrips = [...list(entry.descrip), ...list(entry.descripGrp).flatMap((g) => list(g.descrip))];
    const admins = [...list(entry.admin), ...list(entry.descripGrp).flatMap((g) => list(g.admin))];
    const terms: RawConcept['terms'] = [];
    for (const langSec of list(entry.langSec)) {
      const lang = attribute(langSec, 'xml:lang');
      if (!lang) throw new TbxError('noLang', { element: 'langSec', concept: key });
      for (const termSec of list(langSec.termSec)) {
        if (termSec.term === undefined) throw new TbxError('noTerm', { element: 'termSec', concept: key, lang });
        terms.push(readTerm(key, lang, termSec.term, list(termSec.termNote), list(termSec.descrip), list(termSec.note)));
      }
    }
    return {
      key,
      subject: typed(descrips, 'subjectField'),
      definition: typed(descrips, 'definition'),
      source: typed(admins, 'source'),
      note: list(entry.note).map(textOf).filter(Boolean).join(' '),
      terms,
    };
  });
}

/** The status of a term: termNote administrativeStatus, else (TBX v2) normativeAuthorization ('preferredTerm'). */
function statusFromNotes(termNotes: Node[]): { statusValue: string; status: TermStatus | undefined } {
  const admin = typed(termNotes, 'administrativeStatus');
  if (admin) return { statusValue: admin, status: tbxStatusValues[admin] };
  const normative = typed(termNotes, 'normativeAuthorization');
  if (!normative) return { statusValue: '', status: 'admitted' };
  return { statusValue: normative, status: tbxStatusValues[normative] ?? tbxStatusValues[`${normative}-admn-sts`] };
}

function readTerm(concept: string, lang: string, term: unknown, termNotes: Node[], descrips: Node[], notes: Node[]): RawConcept['terms'][number] {
  const { statusValue, status } = statusFromNotes(termNotes);
  if (!status) throw new TbxError('unknownStatus', { concept, lang, status: statusValue, statuses: Object.keys(tbxStatusValues).join(', ') });
  return {
    lang,
    text: textOf(term),
    status,
    termType: typed(termNotes, 'termType'),
    validFrom: typed(termNotes, 'x-validFrom') || null,
    validUntil: typed(termNotes, 'x-validUntil') || null,
    context: typed(descrips, 'context'),
    usageNote: [typed(termNotes, 'usageNote'), ...notes.map(textOf)].filter(Boolean).join(' '),
  };
}

// The children TBX v2 allows in each element read (ISO 30042:2008, TBXcoreStructV02); others are refused.
const common = ['descrip', 'descripGrp', 'admin', 'adminGrp', 'transacGrp', 'note', 'ref', 'xref'];
const v2Children: Record<string, ReadonlySet<string>> = {
  termEntry: new Set([...common, 'langSet']),
  langSet: new Set([...common, 'tig', 'ntig']),
  tig: new Set([...common, 'term', 'termNote', 'termNoteGrp']),
  ntig: new Set([...common, 'termGrp']),
  termGrp: new Set(['term', 'termNote', 'termNoteGrp', 'termCompList']),
};
const v3Elements = new Set(['conceptEntry', 'langSec', 'termSec']);

function checkChildren(node: Node, name: string, concept: string): void {
  for (const child of Object.keys(node)) {
    if (child.startsWith('@_') || child === '#text' || v2Children[name].has(child)) continue;
    if (v3Elements.has(child)) throw new TbxError('mixedVersions', { root: 'martif', element: child, other: 'v3' });
    throw new TbxError('unexpectedElement', { concept, parent: name, element: child });
  }
}

/** The element as an object (an empty element <x/> is read as ''). */
function asNode(value: Node | string): Node {
  return typeof value === 'object' && value !== null ? value : {};
}

function withGroups(node: Node, name: 'descrip' | 'termNote'): Node[] {
  const group = name === 'descrip' ? 'descripGrp' : 'termNoteGrp';
  return [...list(node[name]), ...list(node[group]).flatMap((g) => list(asNode(g)[name]))];
}

function readTbx2(root: unknown): RawConcept[] {
  const sourceLang = root && typeof root === 'object' ? attribute(root as Node, 'xml:lang') : '';
  const body = bodyOf(root, 'martif');
  const entries = list(body.termEntry).map(asNode);
  if (entries.length === 0 && body.conceptEntry !== undefined) throw new TbxError('mixedVersions', { root: 'martif', element: 'conceptEntry', other: 'v3' });
  if (entries.length > maxConcepts) throw new TbxError('tooManyConcepts', { max: maxConcepts });
  return entries.map((entry, i) => {
    const key = attribute(entry, 'id') || `tbx-${i + 1}`;
    checkChildren(entry, 'termEntry', key);
    const descrips = withGroups(entry, 'descrip');
    const admins = [...list(entry.admin), ...list(entry.adminGrp).flatMap((g) => list(asNode(g).admin)), ...list(entry.descripGrp).flatMap((g) => list(asNode(g).admin))];
    const terms: RawConcept['terms'] = [];
    const langDefinitions: Array<{ lang: string; text: string }> = [];
    for (const langSet of list(entry.langSet).map(asNode)) {
      const lang = attribute(langSet, 'xml:lang');
      if (!lang) throw new TbxError('noLang', { element: 'langSet', concept: key });
      checkChildren(langSet, 'langSet', key);
      const definition = typed(withGroups(langSet, 'descrip'), 'definition');
      if (definition) langDefinitions.push({ lang, text: definition });
      for (const tig of list(langSet.tig).map(asNode)) {
        checkChildren(tig, 'tig', key);
        const termCount = list(tig.term).length;
        if (termCount === 0) throw new TbxError('noTerm', { element: 'tig', concept: key, lang });
        if (termCount > 1) throw new TbxError('twoTerms', { element: 'tig', concept: key, lang });
        terms.push(readTerm(key, lang, tig.term, withGroups(tig, 'termNote'), withGroups(tig, 'descrip'), list(tig.note)));
      }
      for (const ntig of list(langSet.ntig).map(asNode)) {
        checkChildren(ntig, 'ntig', key);
        const groups = list(ntig.termGrp).map(asNode);
        if (groups.length > 1) throw new TbxError('twoTerms', { element: 'ntig', concept: key, lang });
        const termGrp = groups[0] ?? {};
        checkChildren(termGrp, 'termGrp', key);
        const termCount = list(termGrp.term).length;
        if (termCount === 0) throw new TbxError('noTerm', { element: 'ntig', concept: key, lang });
        if (termCount > 1) throw new TbxError('twoTerms', { element: 'ntig', concept: key, lang });
        terms.push(readTerm(key, lang, termGrp.term, withGroups(termGrp, 'termNote'), withGroups(ntig, 'descrip'), list(ntig.note)));
      }
    }
    if (terms.length === 0) throw new TbxError('noTerms', { concept: key });
    const definition =
      typed(descrips, 'definition') ||
      (langDefinitions.find((d) => d.lang === sourceLang) ?? langDefinitions.find((d) => d.lang === 'en') ?? langDefinitions[0])?.text ||
      '';
    return {
      key,
      subject: typed(descrips, 'subjectField'),
      definition,
      source: typed(admins, 'source'),
      note: list(entry.note).map(textOf).filter(Boolean).join(' '),
      terms,
    };
  });
}
