// TBX-Basic (TBX v3, DCA style) reader and writer for the termbase:
// tbx > tbxHeader + text > body > conceptEntry (id) > langSec (xml:lang) > termSec > term.
// Concept level: descrip subjectField and definition, admin source, note. Term level: termNote
// administrativeStatus (preferredTerm-admn-sts, admittedTerm-admn-sts, deprecatedTerm-admn-sts,
// supersededTerm-admn-sts, notRecommendedTerm-admn-sts for a forbidden term), termNote termType
// (fullForm, abbreviation, shortForm, ...), descrip context, note (the usage note), and the validity
// period as termNote x-validFrom / x-validUntil.
// The reader refuses any DOCTYPE or entity declaration before parsing, and never expands entities.
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

export class TbxError extends Error {
  constructor(message: string) {
    super(message);
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
      throw new TbxError(`The character reference &${ref}; is not a character.`);
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

/** Refuses what must never reach an XML parser: document type declarations and entity declarations. */
export function refuseUnsafeXml(xml: string): void {
  if (/<!DOCTYPE/i.test(xml)) throw new TbxError('The file declares a document type (<!DOCTYPE …>); Triptych does not read DTDs or entity declarations in uploads.');
  if (/<!ENTITY/i.test(xml)) throw new TbxError('The file declares entities (<!ENTITY …>); Triptych does not read entity declarations in uploads.');
}

export function readTbx(xml: string): RawConcept[] {
  const source = xml.replace(/^\uFEFF/, '');
  refuseUnsafeXml(source);
  const strayEntity = /&(?!(?:lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});)[^\s;<]{0,20};?/.exec(source);
  if (strayEntity) throw new TbxError(`The file uses '${strayEntity[0]}', which is not an XML character reference; only &lt; &gt; &amp; &quot; &apos; and numeric references are read.`);
  let valid: ReturnType<typeof XMLValidator.validate>;
  try {
    valid = XMLValidator.validate(source, { allowBooleanAttributes: false });
  } catch (error) {
    throw new TbxError(`The file could not be read as XML: ${(error as Error).message}.`);
  }
  if (valid !== true) {
    throw new TbxError(`The file is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col}).`);
  }
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
  let doc: Node;
  try {
    doc = parser.parse(source) as Node;
  } catch (error) {
    // The parser's own limits (e.g. nesting depth) end here, as a refusal rather than a crash.
    throw new TbxError(`The file could not be read as XML: ${(error as Error).message}.`);
  }
  const root = doc.tbx as Node | undefined;
  if (!root || typeof root !== 'object') {
    throw new TbxError(doc.martif ? 'This is a TBX v2 file (<martif>); export it as TBX v3 (<tbx>) or import a CSV glossary.' : 'The file is not TBX: its root element is not <tbx>.');
  }
  const body = ((root.text as Node | undefined)?.body as Node | undefined) ?? undefined;
  if (!body || typeof body !== 'object') throw new TbxError('The TBX file has no <text><body>.');
  const entries = list(body.conceptEntry);
  if (entries.length > maxConcepts) throw new TbxError(`The file has more than ${maxConcepts} concepts.`);
  return entries.map((entry, i) => {
    const key = typeof entry['@_id'] === 'string' ? decodeXmlText(entry['@_id'] as string) : '';
    if (!key) throw new TbxError(`Concept entry ${i + 1} has no id attribute.`);
    const descrips = [...list(entry.descrip), ...list(entry.descripGrp).flatMap((g) => list(g.descrip))];
    const admins = [...list(entry.admin), ...list(entry.descripGrp).flatMap((g) => list(g.admin))];
    const terms: RawConcept['terms'] = [];
    for (const langSec of list(entry.langSec)) {
      const lang = typeof langSec['@_xml:lang'] === 'string' ? (langSec['@_xml:lang'] as string) : '';
      if (!lang) throw new TbxError(`A langSec of concept '${key}' has no xml:lang attribute.`);
      for (const termSec of list(langSec.termSec)) {
        const text = textOf(termSec.term);
        if (termSec.term === undefined) throw new TbxError(`A termSec of concept '${key}' (${lang}) has no <term>.`);
        const statusValue = typed(termSec.termNote, 'administrativeStatus');
        const status = statusValue ? tbxStatusValues[statusValue] : 'admitted';
        if (!status) {
          throw new TbxError(`Concept '${key}' (${lang}) has the administrative status '${statusValue}', which Triptych does not know; use one of ${Object.keys(tbxStatusValues).join(', ')}.`);
        }
        terms.push({
          lang,
          text,
          status,
          termType: typed(termSec.termNote, 'termType'),
          validFrom: typed(termSec.termNote, 'x-validFrom') || null,
          validUntil: typed(termSec.termNote, 'x-validUntil') || null,
          context: typed(termSec.descrip, 'context'),
          usageNote: list(termSec.note).map(textOf).filter(Boolean).join(' '),
        });
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
