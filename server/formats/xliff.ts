// XLIFF 1.2 and XLIFF 2.1, written and read. Pure: strings in, strings out.
//
// XLIFF is bilingual: the first column of the AlignedText is the source, every other column a target.
// writeXliff12(aligned, options) → one document with a <file> per target column, each holding
//   every unit as a <trans-unit> (the same ids in every file): <source> the first column's text,
//   <target state="final"> (confirmed, with approved="yes") or state="translated", absent when the
//   cell is empty. Notes: <note from="author" annotates="general|source|target"> (the category
//   before the text, "[category: omission] …", as XLIFF 1.2 has no place for it); a note about the
//   source or the whole unit is written in the first file only. Confidence, the work's title and
//   the versions' names, statuses and provenance are attributes of Triptych's namespace
//   (xmlns:tt="urn:x-triptych:xliff"), which XLIFF 1.2 allows on <file> and <trans-unit>.
// writeXliff2(aligned, options) → one XLIFF 2.1 document for the first column and options.target
//   (default 1): <unit id> with <notes> (<note category appliesTo tt:author>), a <segment
//   state="final|translated"> with <source> and <target>; confidence and the document's metadata in
//   the Metadata module (<mda:metadata>). XLIFF 2 names one language pair per document, so a work of
//   three versions is written as two documents: writeXliff2Documents(aligned) gives one per target.
//
// readXliff12(xml) and readXliff2(xml) → { aligned, warnings }, the same shape the writers take, so
// export → import → export gives the same file; readXliff2Documents(xmls) merges the pair
// documents of one source back into one AlignedText. Trans-units inside <group>s are read in order.
// Refused (FormatInputError, by name): DOCTYPE or entity declarations (before parsing), another
// root, <file>s with different source languages or units, a language with no text (it would be an
// empty version), and inline codes — XLIFF 1.2 <x/>, <bx/>, <ex/>, <ph>, <bpt>, <ept>, <it>,
// XLIFF 2 <ph/>, <sc/>, <ec/> — which stand for native markup that Triptych does not store and
// cannot drop unseen. Read as their text, with a warning: XLIFF 1.2 <g> and <mrk>, XLIFF 2 <pc> and
// <mrk>. Warned: units with text in one language only; <alt-trans> and <seg-source> not kept.
// Confirmation: a file that states none (no approved, no target state in XLIFF 1.2; no segment
// state in XLIFF 2) pairs its sources and targets as a person made them: every unit is confirmed.
import {
  AlignedTextError,
  checkAligned,
  noteAsText,
  noteFromText,
  oneLanguageWarning,
  refuseEmptyColumns,
  unitAt,
  unitId,
  type AlignedColumn,
  type AlignedImport,
  type AlignedText,
  type AlignedUnit,
  type UnitNote,
} from './aligned-text.ts';
import { childElements, el, inlineText, localName, parseXmlDocument, textContent, writeXmlDocument, type InlinePolicy, type XmlElement } from './xml.ts';

export const xliff12Namespace = 'urn:oasis:names:tc:xliff:document:1.2';
export const xliff2Namespace = 'urn:oasis:names:tc:xliff:document:2.0';
export const xliffMetadataNamespace = 'urn:oasis:names:tc:xliff:metadata:2.0';
/** Triptych's own attributes (confidence, version names, statuses, provenance, note authors). */
export const triptychXliffNamespace = 'urn:x-triptych:xliff';

export interface XliffOptions {
  /** The original document the units come from, e.g. the work's slug; default: 'triptych'. */
  original?: string;
  /** XLIFF 2: the target column (default 1). */
  target?: number;
}

function refuseEmptyAligned(aligned: AlignedText, format: string): void {
  checkAligned(aligned);
  if (aligned.columns.length < 2) throw new AlignedTextError(`${format} pairs a source with a target: export two or more versions.`);
}

function columnAttributes(prefix: 'source' | 'target', col: AlignedColumn): Record<string, string | undefined> {
  return { [`tt:${prefix}-name`]: col.name, [`tt:${prefix}-status`]: col.status, [`tt:${prefix}-provenance`]: col.provenance };
}

function columnFrom(element: XmlElement, prefix: 'source' | 'target', lang: string): AlignedColumn {
  const attr = (name: string) => Object.entries(element.attributes).find(([k]) => localName(k) === `${prefix}-${name}` && k.includes(':'))?.[1];
  const col: AlignedColumn = { lang, name: attr('name') ?? lang };
  const status = attr('status');
  const provenance = attr('provenance');
  if (status !== undefined) col.status = status;
  if (provenance !== undefined) col.provenance = provenance;
  return col;
}

/** An attribute of Triptych's namespace, whatever its prefix. */
function triptychAttribute(element: XmlElement, name: string): string | undefined {
  return Object.entries(element.attributes).find(([k]) => k.includes(':') && localName(k) === name && !k.startsWith('xml:'))?.[1];
}

function parseConfidence(value: string | undefined, where: string): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new AlignedTextError(`${where}: the confidence '${value}' is not a number from 0 to 1.`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// XLIFF 1.2

export function writeXliff12(aligned: AlignedText, options: XliffOptions = {}): string {
  refuseEmptyAligned(aligned, 'XLIFF');
  const [source, ...targets] = aligned.columns;
  const files = targets.map((target, k) => {
    const c = k + 1;
    const units = aligned.rows.map((row, r) => {
      const unit = unitAt(aligned, r);
      const notes = unit.notes.filter((n) => (k === 0 && (n.column === undefined || n.column === 0)) || n.column === c);
      // xml:space="preserve": the tabs and line breaks of a cell are its text (translate-toolkit collapses them otherwise).
      return el('trans-unit', { id: unitId(aligned, r), approved: unit.confirmed ? 'yes' : undefined, 'xml:space': 'preserve', 'tt:confidence': unit.confidence ?? undefined }, [
        el('source', {}, [row[0]]),
        row[c] !== '' ? el('target', { state: unit.confirmed ? 'final' : 'translated' }, [row[c]]) : undefined,
        ...notes.map((n) =>
          el('note', { from: n.author, annotates: n.column === undefined ? 'general' : n.column === 0 ? 'source' : 'target' }, [noteAsText(n, ['category'])]),
        ),
      ]);
    });
    return el(
      'file',
      {
        original: options.original ?? 'triptych',
        'source-language': source.lang,
        'target-language': target.lang,
        datatype: 'plaintext',
        'tt:title': aligned.title,
        ...columnAttributes('source', source),
        ...columnAttributes('target', target),
      },
      [el('header', {}, [el('tool', { 'tool-id': 'triptych', 'tool-name': 'Triptych' })]), el('body', {}, units)],
    );
  });
  return writeXmlDocument(el('xliff', { version: '1.2', xmlns: xliff12Namespace, 'xmlns:tt': triptychXliffNamespace }, files));
}

const xliff12Inline: InlinePolicy = { g: 'text', mrk: 'text', x: 'refuse', bx: 'refuse', ex: 'refuse', ph: 'refuse', bpt: 'refuse', ept: 'refuse', it: 'refuse', sub: 'refuse' };

function refuseInline(where: string, lang: string) {
  return (name: string): never => {
    throw new AlignedTextError(
      `${where} (${lang}) holds inline markup <${name}>, which Triptych does not import (it stands for native code, not text): strip the tags in the tool that made the file and import it again.`,
    );
  };
}

function aboutOf(value: string | undefined): 'general' | 'source' | 'target' {
  return value === 'source' || value === 'target' ? value : 'general';
}

/** The trans-units of a body in document order, inside groups too. */
function transUnits(node: XmlElement, name: string): XmlElement[] {
  return childElements(node).flatMap((c) => (localName(c.name) === name ? [c] : localName(c.name) === 'group' ? transUnits(c, name) : []));
}

interface PairRead {
  source: AlignedColumn;
  target: AlignedColumn;
  title?: string;
  /** Each unit's notes in file order, with what they are about. */
  units: Array<{ unit: AlignedUnit; source: string; target: string; notes: Array<{ note: UnitNote; about: 'general' | 'source' | 'target' }> }>;
  /** whether any unit states its confirmation (approved, a state) */
  stated: boolean;
}

export function readXliff12(xml: string): AlignedImport {
  const root = parseXmlDocument(xml);
  if (localName(root.name) !== 'xliff') throw new AlignedTextError(`The file is not XLIFF: its root element is <${root.name}>, not <xliff>.`);
  const version = root.attributes.version ?? '';
  if (version.startsWith('2')) throw new AlignedTextError(`The file is XLIFF ${version}, not 1.2: import it as XLIFF 2.`);
  const kept = new Set<string>();
  const skipped = new Set<string>();
  const pairs: PairRead[] = childElements(root)
    .filter((f) => localName(f.name) === 'file')
    .map((file, fileIndex) => {
      let stated = false;
      const srcLang = (file.attributes['source-language'] ?? '').trim();
      const trgLang = (file.attributes['target-language'] ?? '').trim();
      if (!srcLang || !trgLang) throw new AlignedTextError(`<file> ${fileIndex + 1} of the XLIFF names no ${srcLang ? 'target-language' : 'source-language'}.`);
      const body = childElements(file).find((c) => localName(c.name) === 'body');
      const units = (body ? transUnits(body, 'trans-unit') : []).map((tu, i) => {
        const id = tu.attributes.id ?? String(i + 1);
        const where = `XLIFF unit ${id}`;
        const child = (name: string) => childElements(tu).find((c) => localName(c.name) === name);
        for (const c of childElements(tu)) if (['alt-trans', 'seg-source', 'context-group', 'count-group'].includes(localName(c.name))) skipped.add(`<${localName(c.name)}>`);
        const sourceNode = child('source');
        if (!sourceNode) throw new AlignedTextError(`${where} has no <source>.`);
        const targetNode = child('target');
        const state = targetNode?.attributes.state ?? '';
        if (state !== '' || tu.attributes.approved !== undefined) stated = true;
        const unit: AlignedUnit = {
          id,
          confirmed: tu.attributes.approved === 'yes' || state === 'final' || state === 'signed-off',
          confidence: parseConfidence(triptychAttribute(tu, 'confidence'), where),
          notes: [],
        };
        const notes = childElements(tu)
          .filter((c) => localName(c.name) === 'note')
          .map((n) => ({ note: { ...noteFromText(textContent(n)), ...(n.attributes.from ? { author: n.attributes.from } : {}) }, about: aboutOf(n.attributes.annotates) }));
        return {
          unit,
          source: inlineText(sourceNode, xliff12Inline, kept, refuseInline(where, srcLang)),
          target: targetNode ? inlineText(targetNode, xliff12Inline, kept, refuseInline(where, trgLang)) : '',
          notes,
        };
      });
      const title = triptychAttribute(file, 'title');
      return { source: columnFrom(file, 'source', srcLang), target: columnFrom(file, 'target', trgLang), ...(title !== undefined ? { title } : {}), units, stated };
    });
  if (pairs.length === 0) throw new AlignedTextError('The XLIFF file has no <file>.');
  const warnings: string[] = [];
  if (kept.size) warnings.push(`Inline markup ${[...kept].map((n) => `<${n}>`).join(', ')} was read as its text.`);
  if (skipped.size) warnings.push(`Not kept: ${[...skipped].join(', ')} (only sources, targets and notes are imported).`);
  return finishImport(mergePairs(pairs, 'XLIFF'), warnings, 'XLIFF');
}

/** Merges pair reads that share a source (language, units and their texts) into one AlignedText. */
function mergePairs(pairs: PairRead[], format: string): AlignedText {
  const [first] = pairs;
  for (const [k, pair] of pairs.entries()) {
    if (pair.source.lang.toLowerCase() !== first.source.lang.toLowerCase()) {
      throw new AlignedTextError(`The ${format} pairs have different sources (${first.source.lang} and ${pair.source.lang}); Triptych imports targets of one source.`);
    }
    if (pairs.some((p, j) => j < k && p.target.lang.toLowerCase() === pair.target.lang.toLowerCase())) {
      throw new AlignedTextError(`The ${format} has two targets in ${pair.target.lang}; Triptych tells versions apart by language here.`);
    }
    const ids = pair.units.map((u) => u.unit.id);
    if (ids.length !== first.units.length || ids.some((id, r) => id !== first.units[r].unit.id || pair.units[r].source !== first.units[r].source)) {
      throw new AlignedTextError(`The ${format} pair ${first.source.lang}-${pair.target.lang} does not have the same units and source texts as ${first.source.lang}-${first.target.lang}.`);
    }
  }
  const columns = [first.source, ...pairs.map((p) => p.target)];
  // Notes in the order of the files: the first pair's all, the other pairs' notes on their target
  // (the writers put general and source notes in the first pair only, or in every pair for XLIFF 2).
  const stated = pairs.some((p) => p.stated);
  const units = first.units.map((u, r) => ({
    ...u.unit,
    confirmed: !stated || pairs.every((p) => p.units[r].unit.confirmed),
    notes: pairs.flatMap((p, k) =>
      p.units[r].notes
        .filter((n) => k === 0 || n.about === 'target')
        .map(({ note, about }) => (about === 'general' ? note : { ...note, column: about === 'source' ? 0 : k + 1 })),
    ),
  }));
  return {
    ...(first.title !== undefined ? { title: first.title } : {}),
    columns,
    rows: first.units.map((u, r) => [u.source, ...pairs.map((p) => p.units[r].target)]),
    units,
  };
}

function finishImport(aligned: AlignedText, warnings: string[], format: string): AlignedImport {
  refuseEmptyColumns(aligned, format);
  return { aligned, warnings: [...warnings, ...oneLanguageWarning(aligned, format)], sourceLang: aligned.columns[0].lang };
}

// ---------------------------------------------------------------------------------------------
// XLIFF 2.1

function metaGroup(category: string, entries: Array<[string, string | undefined]>): XmlElement | undefined {
  const metas = entries.filter(([, v]) => v !== undefined).map(([type, v]) => el('mda:meta', { type }, [v!]));
  return metas.length ? el('mda:metadata', {}, [el('mda:metaGroup', { category }, metas)]) : undefined;
}

export function writeXliff2(aligned: AlignedText, options: XliffOptions = {}): string {
  refuseEmptyAligned(aligned, 'XLIFF');
  const t = options.target ?? 1;
  if (!Number.isInteger(t) || t < 1 || t >= aligned.columns.length) throw new AlignedTextError(`There is no target column ${t}.`);
  const source = aligned.columns[0];
  const target = aligned.columns[t];
  const units = aligned.rows.map((row, r) => {
    const unit = unitAt(aligned, r);
    const notes = unit.notes.filter((n) => n.column === undefined || n.column === 0 || n.column === t);
    return el('unit', { id: unitId(aligned, r), 'xml:space': 'preserve' }, [
      metaGroup('triptych', [['confidence', unit.confidence === null ? undefined : String(unit.confidence)]]),
      notes.length
        ? el(
            'notes',
            {},
            notes.map((n) => el('note', { category: n.category, appliesTo: n.column === undefined ? undefined : n.column === 0 ? 'source' : 'target', 'tt:author': n.author }, [n.text])),
          )
        : undefined,
      el('segment', { state: unit.confirmed ? 'final' : 'translated' }, [el('source', {}, [row[0]]), el('target', {}, [row[t]])]),
    ]);
  });
  const fileMeta = metaGroup('triptych-document', [
    ['title', aligned.title],
    ['source-name', source.name],
    ['source-status', source.status],
    ['source-provenance', source.provenance],
    ['target-name', target.name],
    ['target-status', target.status],
    ['target-provenance', target.provenance],
  ]);
  return writeXmlDocument(
    el('xliff', { xmlns: xliff2Namespace, 'xmlns:mda': xliffMetadataNamespace, 'xmlns:tt': triptychXliffNamespace, version: '2.1', srcLang: source.lang, trgLang: target.lang }, [
      el('file', { id: 'f1', original: options.original ?? 'triptych' }, [fileMeta, ...units]),
    ]),
  );
}

/** One XLIFF 2.1 document per target column, the first column the source of each. */
export function writeXliff2Documents(aligned: AlignedText, options: Omit<XliffOptions, 'target'> = {}): Array<{ targetLang: string; xml: string }> {
  return aligned.columns.slice(1).map((col, k) => ({ targetLang: col.lang, xml: writeXliff2(aligned, { ...options, target: k + 1 }) }));
}

const xliff2Inline: InlinePolicy = { pc: 'text', mrk: 'text', ph: 'refuse', sc: 'refuse', ec: 'refuse', sm: 'refuse', em: 'refuse', cp: 'refuse' };

function metaValues(node: XmlElement, category: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const md of childElements(node).filter((c) => localName(c.name) === 'metadata')) {
    for (const group of childElements(md).filter((g) => localName(g.name) === 'metaGroup' && g.attributes.category === category)) {
      for (const meta of childElements(group).filter((m) => localName(m.name) === 'meta')) values.set(meta.attributes.type ?? '', textContent(meta));
    }
  }
  return values;
}

function readPair2(xml: string, kept: Set<string>): PairRead {
  const root = parseXmlDocument(xml);
  if (localName(root.name) !== 'xliff') throw new AlignedTextError(`The file is not XLIFF: its root element is <${root.name}>, not <xliff>.`);
  const version = root.attributes.version ?? '';
  if (!version.startsWith('2')) throw new AlignedTextError(`The file is XLIFF ${version || '1.x'}, not 2: import it as XLIFF 1.2.`);
  const srcLang = (root.attributes.srcLang ?? '').trim();
  const trgLang = (root.attributes.trgLang ?? '').trim();
  if (!srcLang || !trgLang) throw new AlignedTextError(`The XLIFF 2 file names no ${srcLang ? 'trgLang' : 'srcLang'}; an aligned import needs both languages.`);
  const files = childElements(root).filter((f) => localName(f.name) === 'file');
  if (files.length === 0) throw new AlignedTextError('The XLIFF file has no <file>.');
  const meta = metaValues(files[0], 'triptych-document');
  const column = (prefix: 'source' | 'target', lang: string): AlignedColumn => {
    const col: AlignedColumn = { lang, name: meta.get(`${prefix}-name`) ?? lang };
    if (meta.has(`${prefix}-status`)) col.status = meta.get(`${prefix}-status`);
    if (meta.has(`${prefix}-provenance`)) col.provenance = meta.get(`${prefix}-provenance`);
    return col;
  };
  let stated = false;
  const units = files.flatMap((file) => transUnits(file, 'unit')).map((u, i) => {
    const id = u.attributes.id ?? String(i + 1);
    const where = `XLIFF unit ${id}`;
    const segments = childElements(u).filter((c) => localName(c.name) === 'segment' || localName(c.name) === 'ignorable');
    const text = (name: string, lang: string) =>
      segments
        .map((s) => {
          const node = childElements(s).find((c) => localName(c.name) === name);
          return node ? inlineText(node, xliff2Inline, kept, refuseInline(where, lang)) : '';
        })
        .join('');
    const states = segments.filter((s) => localName(s.name) === 'segment').map((s) => s.attributes.state ?? 'initial');
    if (segments.some((s) => s.attributes.state !== undefined)) stated = true;
    const confidence = metaValues(u, 'triptych').get('confidence');
    const notes = childElements(u)
      .filter((c) => localName(c.name) === 'notes')
      .flatMap((n) => childElements(n).filter((c) => localName(c.name) === 'note'))
      .map((n) => {
        const note: UnitNote = { text: textContent(n) };
        if (n.attributes.category) note.category = n.attributes.category;
        const author = triptychAttribute(n, 'author');
        if (author) note.author = author;
        return { note, about: aboutOf(n.attributes.appliesTo) };
      });
    return {
      unit: { id, confirmed: states.length > 0 && states.every((s) => s === 'final'), confidence: parseConfidence(confidence, where), notes: [] },
      source: text('source', srcLang),
      target: text('target', trgLang),
      notes,
    };
  });
  const title = meta.get('title');
  return { source: column('source', srcLang), target: column('target', trgLang), ...(title !== undefined ? { title } : {}), units, stated };
}

export function readXliff2(xml: string): AlignedImport {
  return readXliff2Documents([xml]);
}

/** Reads XLIFF 2 documents of one source and several targets (as writeXliff2Documents writes them) into one AlignedText. */
export function readXliff2Documents(xmls: readonly string[]): AlignedImport {
  if (xmls.length === 0) throw new AlignedTextError('There is no XLIFF file to import.');
  const kept = new Set<string>();
  const pairs = xmls.map((x) => readPair2(x, kept));
  const warnings = kept.size ? [`Inline markup ${[...kept].map((n) => `<${n}>`).join(', ')} was read as its text.`] : [];
  return finishImport(mergePairs(pairs, 'XLIFF'), warnings, 'XLIFF');
}
