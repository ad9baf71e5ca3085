// TBX for the termbase, written and read. Pure: concepts in, strings out, and back.
//
// writeTbx(concepts) → TBX-Basic on TBX v3 (DCA style), valid against TBX-Basic's RELAX NG schema
// (../shared/standards/basic_integrated_2022.rng) and keeping to its picklists (TBX-Basic_DCA.sch):
//   tbx > tbxHeader + text > body > conceptEntry (id) > [descrip subjectField, descrip definition,
//   admin source, note] langSec (xml:lang) > [descrip definition, admin source, note] termSec >
//   term, termNote administrativeStatus / termType / partOfSpeech, descrip context, admin source,
//   note (the usage note).
// writeTbx2(concepts) → TBX v2 (<martif>, ISO 30042:2008) of the same content, with tig in place of
// termSec, which translate-toolkit and older tools read.
// What TBX-Basic has no value for travels in <note>s of a <termNoteGrp> around the termNote it
// refines (allowed there by the schema, and readable to a person in any TBX tool):
//   - the validity period: "valid from: 2006", "valid until: 2006-06-15" in the group of the
//     administrativeStatus (TBX-Basic has no validity data category);
//   - status forbidden: written deprecatedTerm-admn-sts (its nearest TBX-Basic value) with the note
//     "Triptych status: forbidden"; preferred, admitted, deprecated and superseded are TBX-Basic's own;
//   - a term type outside TBX-Basic's six (fullForm, acronym, abbreviation, shortForm, variant,
//     phrase): its nearest TBX-Basic value (tbxBasicTermType) with "Triptych term type: X"; a type
//     with no near value (symbol, formula, sku, ...) only as a <note> of the termSec saying so;
//   - a part of speech outside TBX-Basic's five (noun, verb, adjective, adverb, other): other, with
//     "Triptych part of speech: X".
// Reading such a file gives back exactly what was written, so export → import → export is equal.
//
// readTbx(xml) / readTbxWithWarnings(xml) → concepts (not yet validated) and warnings: TBX v3
// (<tbx>: conceptEntry / langSec / termSec) and TBX v2 (<martif>: termEntry / langSet / tig or
// ntig > termGrp). Definitions, subject fields, contexts, sources, notes and parts of speech are
// kept wherever in the entry they sit, inside descripGrp, adminGrp and termNoteGrp too: at the
// entry they are the concept's, in a language section the language's (definition, source, note
// there), in a term the term's (a definition there goes to its language). Every element or data
// category the termbase has no place for (transaction records, cross-references, customerSubset,
// grammaticalGender, ...) is named in a warning with how often it occurs: never dropped unsaid.
// Older Triptych exports (termNote x-validFrom / x-validUntil) still read.
// Refused (TbxError, a code and values for the message in the interface language,
// terms:errors.tbx.*): any DOCTYPE or entity declaration, before parsing, except the standard
// external declaration of a TBX v2 file (<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">, no
// internal subset), which is blanked out unread; entities other than XML's own; malformed XML; a
// root other than tbx or martif; concepts without id (v3) or without terms; unknown statuses.
import type { ConceptData, LanguageSection, TermData, TermStatus, TermType } from '../terms/termbase.ts';
import { controlCharacterName, findControlCharacter } from './control-characters.ts';
import { FormatInputError } from './format-error.ts';
import { childElements, el, localName, parseXmlDocument, textContent, writeXmlDocument, XmlError, xmlMessages, type XmlElement } from './xml.ts';

export const tbxNamespace = 'urn:iso:std:iso:30042:ed-2';

/** The administrativeStatus each status is written with (TBX-Basic has no forbidden: deprecated, with a note). */
export const statusToTbx: Record<TermStatus, string> = {
  preferred: 'preferredTerm-admn-sts',
  admitted: 'admittedTerm-admn-sts',
  deprecated: 'deprecatedTerm-admn-sts',
  superseded: 'supersededTerm-admn-sts',
  forbidden: 'deprecatedTerm-admn-sts',
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

/** TBX-Basic's termType picklist. */
export const tbxBasicTermTypes = ['fullForm', 'acronym', 'abbreviation', 'shortForm', 'variant', 'phrase'] as const;

/** The TBX-Basic termType each Triptych term type is written as; null where none is near (a note says it). */
export const tbxBasicTermType: Record<TermType, (typeof tbxBasicTermTypes)[number] | null> = {
  fullForm: 'fullForm', abbreviation: 'abbreviation', acronym: 'acronym', shortForm: 'shortForm', variant: 'variant', phrase: 'phrase',
  initialism: 'abbreviation', clippedTerm: 'shortForm', synonym: 'variant', phraseologicalUnit: 'phrase', synonymousPhrase: 'phrase',
  transliteratedForm: 'variant', transcribedForm: 'variant', romanizedForm: 'variant', standardText: 'phrase', entryTerm: 'fullForm',
  commonName: 'fullForm', internationalScientificTerm: 'fullForm', internationalism: 'fullForm',
  symbol: null, formula: null, equation: null, logicalExpression: null, partNumber: null, sku: null, string: null, shortcut: null,
};

/** TBX-Basic's partOfSpeech picklist. */
export const tbxBasicPartsOfSpeech = ['noun', 'verb', 'adjective', 'adverb', 'other'] as const;

/** The English messages of the reader's refusals; views/locales/<lng>/terms.json has them as terms:errors.tbx.<code>. */
export const tbxMessages = {
  ...xmlMessages,
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
  controlCharacter: (p) => `Line ${p.line}, column ${p.column} of the file holds the control character ${p.character}, which is not text; remove it and import the file again.`,
} satisfies Record<string, (p: Record<string, string | number>) => string>;

export type TbxErrorCode = keyof typeof tbxMessages;

export class TbxError extends FormatInputError {
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

// ---------------------------------------------------------------------------------------------
// Writing

const groupNote = {
  status: 'Triptych status',
  termType: 'Triptych term type',
  partOfSpeech: 'Triptych part of speech',
  validFrom: 'valid from',
  validUntil: 'valid until',
} as const;

/** A termNote, or a termNoteGrp holding it and the notes that refine it. */
function termNote(type: string, value: string, notes: string[]): XmlElement {
  const note = el('termNote', { type }, [value]);
  return notes.length ? el('termNoteGrp', {}, [note, ...notes.map((n) => el('note', {}, [n]))]) : note;
}

/** What describes a term: its termNotes, then context, source and notes; the same in TBX v3 and v2. */
function termParts(t: TermData): XmlElement[] {
  const statusNotes = [
    ...(t.status === 'forbidden' ? [`${groupNote.status}: forbidden`] : []),
    ...(t.validFrom ? [`${groupNote.validFrom}: ${t.validFrom}`] : []),
    ...(t.validUntil ? [`${groupNote.validUntil}: ${t.validUntil}`] : []),
  ];
  const parts: XmlElement[] = [termNote('administrativeStatus', statusToTbx[t.status], statusNotes)];
  let typeNote: XmlElement | undefined;
  if (t.termType) {
    const basic = tbxBasicTermType[t.termType];
    if (basic) parts.push(termNote('termType', basic, basic === t.termType ? [] : [`${groupNote.termType}: ${t.termType}`]));
    else typeNote = el('note', {}, [`${groupNote.termType}: ${t.termType}`]);
  }
  if (t.partOfSpeech) {
    const basic = (tbxBasicPartsOfSpeech as readonly string[]).includes(t.partOfSpeech);
    parts.push(termNote('partOfSpeech', basic ? t.partOfSpeech : 'other', basic ? [] : [`${groupNote.partOfSpeech}: ${t.partOfSpeech}`]));
  }
  if (t.context) parts.push(el('descrip', { type: 'context' }, [t.context]));
  if (t.source) parts.push(el('admin', { type: 'source' }, [t.source]));
  if (t.usageNote) parts.push(el('note', {}, [t.usageNote]));
  if (typeNote) parts.push(typeNote);
  return parts;
}

function conceptParts(c: ConceptData): XmlElement[] {
  return [
    c.subject ? el('descrip', { type: 'subjectField' }, [c.subject]) : undefined,
    c.definition ? el('descrip', { type: 'definition' }, [c.definition]) : undefined,
    c.source ? el('admin', { type: 'source' }, [c.source]) : undefined,
    c.note ? el('note', {}, [c.note]) : undefined,
  ].filter((e): e is XmlElement => e !== undefined);
}

function languageParts(section: LanguageSection | undefined): XmlElement[] {
  if (!section) return [];
  return [
    section.definition ? el('descrip', { type: 'definition' }, [section.definition]) : undefined,
    section.source ? el('admin', { type: 'source' }, [section.source]) : undefined,
    section.note ? el('note', {}, [section.note]) : undefined,
  ].filter((e): e is XmlElement => e !== undefined);
}

/** The languages of a concept in the order they appear: its terms', then language sections without terms. */
function conceptLanguages(c: ConceptData): string[] {
  const langs: string[] = [];
  for (const lang of [...c.terms.map((t) => t.lang), ...(c.languages ?? []).map((s) => s.lang)]) if (!langs.includes(lang)) langs.push(lang);
  return langs;
}

function fileDesc(options: TbxWriteOptions): XmlElement {
  return el('fileDesc', {}, [
    el('titleStmt', {}, [el('title', {}, [options.title ?? 'Triptych termbase'])]),
    el('sourceDesc', {}, [el('p', {}, [options.sourceDescription ?? 'Exported by Triptych'])]),
  ]);
}

export function writeTbx(concepts: readonly ConceptData[], options: TbxWriteOptions = {}): string {
  const entries = concepts.map((c) =>
    el('conceptEntry', { id: c.key }, [
      ...conceptParts(c),
      ...conceptLanguages(c)
        .filter((lang) => c.terms.some((t) => t.lang === lang))
        .map((lang) =>
          el('langSec', { 'xml:lang': lang }, [
            ...languageParts(c.languages?.find((s) => s.lang === lang)),
            ...c.terms.filter((t) => t.lang === lang).map((t) => el('termSec', {}, [el('term', {}, [t.text]), ...termParts(t)])),
          ]),
        ),
    ]),
  );
  return writeXmlDocument(
    el('tbx', { style: 'dca', type: 'TBX-Basic', 'xml:lang': options.sourceLang ?? 'en', xmlns: tbxNamespace }, [
      el('tbxHeader', {}, [fileDesc(options)]),
      el('text', {}, [el('body', {}, entries)]),
    ]),
  );
}

/** TBX v2 (<martif>) of the same content: termEntry / langSet / tig, as translate-toolkit reads it. */
export function writeTbx2(concepts: readonly ConceptData[], options: TbxWriteOptions = {}): string {
  const entries = concepts.map((c) =>
    el('termEntry', { id: c.key }, [
      ...conceptParts(c),
      ...conceptLanguages(c)
        .filter((lang) => c.terms.some((t) => t.lang === lang))
        .map((lang) =>
          el('langSet', { 'xml:lang': lang }, [
            ...languageParts(c.languages?.find((s) => s.lang === lang)),
            ...c.terms.filter((t) => t.lang === lang).map((t) => el('tig', {}, [el('term', {}, [t.text]), ...termParts(t)])),
          ]),
        ),
    ]),
  );
  return writeXmlDocument(
    el('martif', { type: 'TBX', 'xml:lang': options.sourceLang ?? 'en' }, [
      el('martifHeader', {}, [fileDesc(options)]),
      el('text', {}, [el('body', {}, entries)]),
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Concepts as read from a file, not yet validated against the termbase's rules. */
export interface RawConcept {
  key: string;
  definition: string;
  subject: string;
  note: string;
  source: string;
  terms: Array<Omit<TermData, 'status' | 'termType'> & { status: string; termType?: string }>;
  languages?: LanguageSection[];
}

export interface TbxRead {
  concepts: RawConcept[];
  /** What the file holds that the termbase does not keep, by name and count. */
  warnings: string[];
}

const maxConcepts = 50_000;

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

/** Refuses what must never reach an XML parser: document type declarations and entity declarations. */
export function refuseUnsafeXml(xml: string): void {
  if (/<!DOCTYPE/i.test(xml)) throw new TbxError('doctype');
  if (/<!ENTITY/i.test(xml)) throw new TbxError('entity');
}

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();
const valueOf = (node: XmlElement) => clean(textContent(node));
const join = (values: string[], separator: string) => values.filter(Boolean).join(separator);

/** What the reader collects at one level of an entry (concept, language, term). */
interface Found {
  definitions: string[];
  subjects: string[];
  sources: string[];
  notes: string[];
  contexts: string[];
  termNotes: Array<{ type: string; value: string; notes: string[] }>;
  terms: XmlElement[];
}

const emptyFound = (): Found => ({ definitions: [], subjects: [], sources: [], notes: [], contexts: [], termNotes: [], terms: [] });

class Reader {
  private readonly skipped = new Map<string, number>();
  constructor(readonly version: 'v2' | 'v3') {}

  skip(what: string): void {
    this.skipped.set(what, (this.skipped.get(what) ?? 0) + 1);
  }

  warnings(): string[] {
    if (this.skipped.size === 0) return [];
    const parts = [...this.skipped].map(([what, n]) => `${what} (${n}×)`);
    return [`Not kept, as the termbase has no place for them: ${parts.join(', ')}.`];
  }

  /** Reads the data categories among an element's children into `found`; structural children are left to the caller. */
  collect(node: XmlElement, found: Found, structural: ReadonlySet<string>, concept: string): XmlElement[] {
    const rest: XmlElement[] = [];
    for (const child of childElements(node)) {
      const name = localName(child.name);
      const type = child.attributes.type ?? '';
      if (structural.has(name)) rest.push(child);
      else if (name === 'descrip') this.descrip(type, valueOf(child), found);
      else if (name === 'admin') this.admin(type, valueOf(child), found);
      else if (name === 'note') found.notes.push(valueOf(child));
      else if (name === 'termNote') found.termNotes.push({ type, value: valueOf(child), notes: [] });
      else if (name === 'term') found.terms.push(child);
      else if (name === 'descripGrp' || name === 'adminGrp') this.collect(child, found, new Set(), concept);
      else if (name === 'termNoteGrp') {
        const group = emptyFound();
        this.collect(child, group, new Set(), concept);
        const [first, ...others] = group.termNotes;
        if (first) found.termNotes.push({ ...first, notes: group.notes }, ...others);
        else found.notes.push(...group.notes);
        found.definitions.push(...group.definitions);
        found.sources.push(...group.sources);
        found.contexts.push(...group.contexts);
        found.subjects.push(...group.subjects);
      } else if (name === 'transacGrp' || name === 'transac' || name === 'transacNote' || name === 'date') this.skip('<transacGrp> transaction records');
      else if (name === 'ref' || name === 'xref') this.skip(`<${name}${type ? ` type="${type}"` : ''}> cross-references`);
      else if (this.version === 'v3' && ['conceptEntry', 'langSec', 'termSec'].includes(name)) this.skip(`<${name}> out of place`);
      else if (this.version === 'v2' && ['conceptEntry', 'langSec', 'termSec'].includes(name)) {
        throw new TbxError('mixedVersions', { root: 'martif', element: name, other: 'v3' });
      } else if (name === 'term' || name === 'termGrp' || name === 'tig' || name === 'ntig' || name === 'langSet') {
        throw new TbxError('unexpectedElement', { concept, parent: localName(node.name), element: name });
      } else this.skip(`<${name}>`);
    }
    return rest;
  }

  private descrip(type: string, value: string, found: Found): void {
    if (type === 'definition') found.definitions.push(value);
    else if (type === 'subjectField') found.subjects.push(value);
    else if (type === 'context') found.contexts.push(value);
    else this.skip(`<descrip type="${type}">`);
  }

  private admin(type: string, value: string, found: Found): void {
    if (type === 'source') found.sources.push(value);
    else this.skip(`<admin type="${type}">`);
  }

  /** The term described by what was found at its level (its own data categories). */
  term(concept: string, lang: string, termNode: XmlElement, found: Found): RawConcept['terms'][number] {
    let statusValue = '';
    let status: string | undefined = 'admitted';
    let termType = '';
    let partOfSpeech = '';
    let validFrom: string | null = null;
    let validUntil: string | null = null;
    const usage: string[] = [];
    const administrative = found.termNotes.find((n) => n.type === 'administrativeStatus') ?? found.termNotes.find((n) => n.type === 'normativeAuthorization');
    if (administrative) {
      statusValue = administrative.value;
      status = tbxStatusValues[statusValue] ?? tbxStatusValues[`${statusValue}-admn-sts`];
      if (!status) throw new TbxError('unknownStatus', { concept, lang, status: statusValue, statuses: Object.keys(tbxStatusValues).join(', ') });
    }
    for (const n of found.termNotes) {
      const refinements = n.notes.filter((note) => {
        const m = /^([A-Za-z ]+): (.+)$/.exec(note);
        if (!m) return true;
        const [, key, value] = m;
        if (n === administrative && key === groupNote.status && value === 'forbidden') status = 'forbidden';
        else if (n === administrative && key === groupNote.validFrom) validFrom = value;
        else if (n === administrative && key === groupNote.validUntil) validUntil = value;
        else if (n.type === 'termType' && key === groupNote.termType) termType = value;
        else if (n.type === 'partOfSpeech' && key === groupNote.partOfSpeech) partOfSpeech = value;
        else return true;
        return false;
      });
      usage.push(...refinements);
      if (n === administrative || n.type === 'administrativeStatus' || n.type === 'normativeAuthorization') continue;
      if (n.type === 'termType') termType ||= n.value;
      else if (n.type === 'partOfSpeech') partOfSpeech ||= n.value;
      else if (n.type === 'usageNote') usage.unshift(n.value);
      else if (n.type === 'x-validFrom') validFrom = n.value;
      else if (n.type === 'x-validUntil') validUntil = n.value;
      else this.skip(`<termNote type="${n.type}">`);
    }
    const notes = found.notes.filter((note) => {
      const m = new RegExp(`^${groupNote.termType}: (\\w+)$`).exec(note);
      if (m && !termType) {
        termType = m[1];
        return false;
      }
      return true;
    });
    return {
      lang,
      text: valueOf(termNode),
      status: status!,
      ...(termType ? { termType } : {}),
      validFrom,
      validUntil,
      context: join(found.contexts, ' '),
      usageNote: join([...usage, ...notes], ' '),
      ...(partOfSpeech ? { partOfSpeech } : {}),
      ...(found.sources.length ? { source: join(found.sources, '; ') } : {}),
    };
  }
}

/** Reads a TBX v3 (<tbx>) or TBX v2 (<martif>) file into concepts, not yet validated. */
export function readTbx(xml: string): RawConcept[] {
  return readTbxWithWarnings(xml).concepts;
}

export function readTbxWithWarnings(xml: string): TbxRead {
  let root: XmlElement;
  const control = findControlCharacter(xml);
  if (control) throw new TbxError('controlCharacter', { line: control.line, column: control.column, character: controlCharacterName(control.code) });
  try {
    root = parseXmlDocument(xml, blankMartifDoctype);
  } catch (error) {
    if (error instanceof XmlError) throw new TbxError(error.code, error.params);
    throw error;
  }
  const rootName = localName(root.name);
  if (rootName !== 'tbx' && rootName !== 'martif') throw new TbxError('notTbx', { root: root.name });
  const text = childElements(root).find((c) => localName(c.name) === 'text');
  const body = text && childElements(text).find((c) => localName(c.name) === 'body');
  if (!body) throw new TbxError('noBody', { root: rootName });
  const v3 = rootName === 'tbx';
  const entryName = v3 ? 'conceptEntry' : 'termEntry';
  const entries = childElements(body).filter((c) => localName(c.name) === entryName);
  const other = childElements(body).find((c) => localName(c.name) === (v3 ? 'termEntry' : 'conceptEntry'));
  if (entries.length === 0 && other) throw new TbxError('mixedVersions', { root: rootName, element: other.name, other: v3 ? 'v2' : 'v3' });
  if (entries.length > maxConcepts) throw new TbxError('tooManyConcepts', { max: maxConcepts });
  const reader = new Reader(v3 ? 'v3' : 'v2');
  const concepts = entries.map((entry, i) => readEntry(reader, entry, i, v3));
  return { concepts, warnings: reader.warnings() };
}

function readEntry(reader: Reader, entry: XmlElement, index: number, v3: boolean): RawConcept {
  const key = (entry.attributes.id ?? '').trim() || (v3 ? '' : `tbx-${index + 1}`);
  if (!key) throw new TbxError('noId', { n: index + 1 });
  const langName = v3 ? 'langSec' : 'langSet';
  const conceptFound = emptyFound();
  const langNodes = reader.collect(entry, conceptFound, new Set([langName]), key);
  if (conceptFound.terms.length) throw new TbxError('unexpectedElement', { concept: key, parent: entry.name, element: 'term' });
  for (const n of conceptFound.termNotes) reader.skip(`<termNote type="${n.type}"> outside a term`);
  const terms: RawConcept['terms'] = [];
  const sections: LanguageSection[] = [];
  for (const langNode of langNodes) {
    const lang = (langNode.attributes['xml:lang'] ?? '').trim();
    if (!lang) throw new TbxError('noLang', { element: langName, concept: key });
    const langFound = emptyFound();
    const termNodes = reader.collect(langNode, langFound, new Set(v3 ? ['termSec'] : ['tig', 'ntig']), key);
    if (langFound.terms.length) throw new TbxError('unexpectedElement', { concept: key, parent: langName, element: 'term' });
    for (const n of langFound.termNotes) reader.skip(`<termNote type="${n.type}"> outside a term`);
    const termDefinitions: string[] = [];
    for (const termNode of termNodes) {
      const name = localName(termNode.name);
      const found = emptyFound();
      if (name === 'ntig') {
        const groups = reader.collect(termNode, found, new Set(['termGrp']), key);
        if (groups.length > 1) throw new TbxError('twoTerms', { element: 'ntig', concept: key, lang });
        if (groups[0]) reader.collect(groups[0], found, new Set(['termCompList']), key).forEach(() => reader.skip('<termCompList>'));
      } else reader.collect(termNode, found, new Set(), key);
      if (found.terms.length === 0) throw new TbxError('noTerm', { element: name, concept: key, lang });
      if (found.terms.length > 1) throw new TbxError('twoTerms', { element: name, concept: key, lang });
      termDefinitions.push(...found.definitions);
      // A subject field given on a term is the concept's.
      conceptFound.subjects.push(...found.subjects);
      terms.push(reader.term(key, lang, found.terms[0], found));
    }
    // A context outside a term has no term to belong to: it is kept as a note of the language.
    const section: LanguageSection = {
      lang,
      definition: join([...langFound.definitions, ...termDefinitions], ' '),
      source: join(langFound.sources, '; '),
      note: join([...langFound.notes, ...langFound.contexts.map((c) => `Context: ${c}`)], ' '),
    };
    conceptFound.subjects.push(...langFound.subjects);
    if (section.definition || section.source || section.note) {
      const same = sections.find((s) => s.lang.toLowerCase() === lang.toLowerCase());
      if (same) {
        same.definition = join([same.definition, section.definition], ' ');
        same.source = join([same.source, section.source], '; ');
        same.note = join([same.note, section.note], ' ');
      } else sections.push(section);
    }
  }
  if (!v3 && terms.length === 0) throw new TbxError('noTerms', { concept: key });
  return {
    key,
    subject: join([...new Set(conceptFound.subjects)], '; '),
    definition: join(conceptFound.definitions, ' '),
    source: join(conceptFound.sources, '; '),
    note: join([...conceptFound.notes, ...conceptFound.contexts.map((c) => `Context: ${c}`)], ' '),
    terms,
    ...(sections.length ? { languages: sections } : {}),
  };
}

