// TMX 1.4b, written and read. Pure: strings in, strings out.
//
// writeTmx(aligned, options) → the file. One <tu> per row with text (tuid = the unit's id, else
// its 1-based row), one <tuv xml:lang> per non-empty cell, the <seg> holding the cell's text as it
// is (list markers and line breaks between blocks included, see aligned-text.ts). A unit's
// metadata become <prop>s: x-triptych-confirmed (yes/no), x-triptych-confidence (0..1, absent when
// none), then its other props and options.rowProps[r] (e.g. x-triptych-row); a unit's notes become
// <note>s of the <tu>, a note about one column a <note> of that <tuv> (author and category written
// before the text, see noteAsText). The header carries the work: x-triptych-title, and per version
// x-triptych-version (its name), x-triptych-status and x-triptych-provenance with the version's
// xml:lang. TMX tells versions apart by language, so two columns of one language are refused.
// Valid against the TMX 1.4b DTD (../shared/standards/tmx14.dtd).
//
// readTmx(xml) → { aligned, warnings }: the columns from the header's version props, else the
// languages in order of appearance (srclang first); a <tu> is a unit, its <tuv>s its cells; the
// props and notes above read back, so export → import → export gives the same file. A TMX that
// says nothing of confirmation (no unit has x-triptych-confirmed: any other tool's memory) is a
// memory whose units people aligned: every unit is confirmed. `sourceLang` is the header's srclang
// when it is one of the columns. TMX 1.1-1.3's lang attribute is read like xml:lang, and a
// language tag keeps its case as written.
// Refused (FormatInputError, by name): DOCTYPE or entity declarations (before parsing), a root other
// than <tmx>, fewer than two languages, two segments of one language in a unit, a language with no
// text at all (it would be an empty version), and the inline elements that hold native code —
// <bpt>, <ept>, <ph>, <it>, <ut> — since keeping their code would store markup and dropping it
// would change the text unseen. <hi> and <sub> hold text: it is kept, and a warning names them.
// Warned: units with text in one language only (omissions), units without any <tuv>.
import {
  AlignedTextError,
  noteAsText,
  noteFromText,
  oneLanguageWarning,
  refuseEmptyColumns,
  unitAt,
  unitId,
  checkAligned,
  type AlignedColumn,
  type AlignedImport,
  type AlignedText,
  type AlignedUnit,
  type UnitNote,
} from './aligned-text.ts';
import { childElements, el, inlineText, parseXmlDocument, textContent, writeXmlDocument, type InlinePolicy, type XmlElement } from './xml.ts';

export interface TmxOptions {
  creationTool: string;
  creationToolVersion: string;
  /** The source language of the memory ('*all*' when any language may be the source); default: the first column's. */
  srcLang?: string;
  adminLang?: string;
  creationDate?: Date;
  /** Optional per-row properties, written as <prop type="…"> in each <tu> after the unit's own. */
  rowProps?: Array<Record<string, string>>;
}

/** TMX dates are basic ISO 8601 in UTC: YYYYMMDDThhmmssZ. */
export function tmxDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

const sameLanguage = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function refuseSharedLanguages(columns: readonly AlignedColumn[], format: string): void {
  columns.forEach((col, c) => {
    const other = columns.findIndex((o, k) => k < c && sameLanguage(o.lang, col.lang));
    if (other >= 0) {
      throw new AlignedTextError(
        `${format} tells versions apart by language, and '${columns[other].name}' and '${col.name}' are both ${col.lang}: export them as a pair with a version of another language, or compare them instead.`,
      );
    }
  });
}

function noteElements(notes: readonly UnitNote[]): XmlElement[] {
  return notes.map((n) => el('note', {}, [noteAsText(n)]));
}

export function writeTmx(aligned: AlignedText, options: TmxOptions): string {
  checkAligned(aligned);
  refuseSharedLanguages(aligned.columns, 'TMX');
  const header = el(
    'header',
    {
      creationtool: options.creationTool,
      creationtoolversion: options.creationToolVersion,
      datatype: 'plaintext',
      segtype: 'sentence',
      adminlang: options.adminLang ?? 'en',
      srclang: options.srcLang ?? aligned.columns[0].lang,
      'o-tmf': options.creationTool,
      creationdate: tmxDate(options.creationDate ?? new Date()),
    },
    [
      aligned.title ? el('prop', { type: 'x-triptych-title' }, [aligned.title]) : undefined,
      ...aligned.columns.flatMap((col) => [
        el('prop', { type: 'x-triptych-version', 'xml:lang': col.lang }, [col.name]),
        col.status ? el('prop', { type: 'x-triptych-status', 'xml:lang': col.lang }, [col.status]) : undefined,
        col.provenance ? el('prop', { type: 'x-triptych-provenance', 'xml:lang': col.lang }, [col.provenance]) : undefined,
      ]),
    ],
  );
  const tus: XmlElement[] = [];
  aligned.rows.forEach((row, r) => {
    const unit = unitAt(aligned, r);
    const columnNotes = (c: number) => unit.notes.filter((n) => n.column === c);
    const tuvs = row.flatMap((text, c) =>
      text.trim() === '' && columnNotes(c).length === 0 ? [] : [el('tuv', { 'xml:lang': aligned.columns[c].lang }, [...noteElements(columnNotes(c)), el('seg', {}, [text])])],
    );
    if (row.every((text) => text.trim() === '')) return;
    const props: Record<string, string> = {
      'x-triptych-confirmed': unit.confirmed ? 'yes' : 'no',
      ...(unit.confidence !== null ? { 'x-triptych-confidence': String(unit.confidence) } : {}),
      ...unit.props,
      ...options.rowProps?.[r],
    };
    tus.push(
      el('tu', { tuid: unitId(aligned, r) }, [
        ...Object.entries(props).map(([type, value]) => el('prop', { type }, [value])),
        ...noteElements(unit.notes.filter((n) => n.column === undefined || n.column < 0 || n.column >= row.length)),
        ...tuvs,
      ]),
    );
  });
  return writeXmlDocument(el('tmx', { version: '1.4' }, [header, el('body', {}, tus)]));
}

const tmxInline: InlinePolicy = { hi: 'text', sub: 'text', bpt: 'refuse', ept: 'refuse', ph: 'refuse', it: 'refuse', ut: 'refuse' };

function langOf(tuv: XmlElement): string {
  return (tuv.attributes['xml:lang'] ?? tuv.attributes.lang ?? '').trim();
}

export function readTmx(xml: string): AlignedImport {
  const root = parseXmlDocument(xml);
  if (root.name !== 'tmx') throw new AlignedTextError(`The file is not TMX: its root element is <${root.name}>, not <tmx>.`);
  const header = childElements(root, 'header')[0];
  const body = childElements(root, 'body')[0];
  if (!body) throw new AlignedTextError('The TMX file has no <body>.');
  const warnings: string[] = [];

  // Columns: the versions the header names, then any other language in order of appearance.
  const columns: AlignedColumn[] = [];
  const columnOf = (lang: string) => columns.findIndex((c) => sameLanguage(c.lang, lang));
  let title: string | undefined;
  for (const prop of header ? childElements(header, 'prop') : []) {
    const type = prop.attributes.type ?? '';
    const lang = (prop.attributes['xml:lang'] ?? '').trim();
    const value = textContent(prop);
    if (type === 'x-triptych-title') title = value;
    else if (type === 'x-triptych-version' && lang) {
      if (columnOf(lang) >= 0) throw new AlignedTextError(`The TMX header names two versions in ${lang}; TMX tells versions apart by language.`);
      columns.push({ lang, name: value });
    }
  }
  for (const prop of header ? childElements(header, 'prop') : []) {
    const type = prop.attributes.type ?? '';
    const k = columnOf((prop.attributes['xml:lang'] ?? '').trim());
    if (k < 0) continue;
    if (type === 'x-triptych-status') columns[k].status = textContent(prop);
    if (type === 'x-triptych-provenance') columns[k].provenance = textContent(prop);
  }
  const srcLang = (header?.attributes.srclang ?? '').trim();
  const tus = childElements(body, 'tu');
  const addLanguage = (lang: string) => {
    if (columnOf(lang) < 0) columns.push({ lang, name: lang });
  };
  if (columns.length === 0 && srcLang && srcLang !== '*all*' && tus.some((tu) => childElements(tu, 'tuv').some((t) => sameLanguage(langOf(t), srcLang)))) addLanguage(srcLang);

  const kept = new Set<string>();
  type ReadUnit = { unit: AlignedUnit; cells: Map<number, string> };
  const read: ReadUnit[] = [];
  let withoutTuv = 0;
  let statesConfirmation = false;
  tus.forEach((tu, i) => {
    const id = tu.attributes.tuid ?? String(i + 1);
    const where = `TMX unit ${id}`;
    const unit: AlignedUnit = { id, confirmed: false, confidence: null, notes: [] };
    const props: Record<string, string> = {};
    for (const prop of childElements(tu, 'prop')) {
      const type = prop.attributes.type ?? '';
      const value = textContent(prop);
      if (type === 'x-triptych-confirmed') {
        unit.confirmed = value.trim() === 'yes';
        statesConfirmation = true;
      }
      else if (type === 'x-triptych-confidence') {
        const n = Number(value);
        if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new AlignedTextError(`${where}: the confidence '${value}' is not a number from 0 to 1.`);
        unit.confidence = n;
      } else if (type) props[type] = value;
    }
    if (Object.keys(props).length) unit.props = props;
    for (const note of childElements(tu, 'note')) unit.notes.push(noteFromText(textContent(note)));
    const cells = new Map<number, string>();
    const tuvs = childElements(tu, 'tuv');
    if (tuvs.length === 0) withoutTuv++;
    for (const tuv of tuvs) {
      const lang = langOf(tuv);
      if (!lang) throw new AlignedTextError(`${where} has a <tuv> without xml:lang.`);
      addLanguage(lang);
      const c = columnOf(lang);
      if (cells.has(c)) throw new AlignedTextError(`${where} has two segments in ${lang}; a unit holds one segment per language.`);
      const seg = childElements(tuv, 'seg')[0];
      if (!seg) throw new AlignedTextError(`${where} (${lang}) has a <tuv> without <seg>.`);
      const refuse = (name: string): never => {
        throw new AlignedTextError(
          `${where} (${lang}) holds inline markup <${name}>, which Triptych does not import (it is native code, not text): strip the tags in the tool that made the file and import it again.`,
        );
      };
      cells.set(c, inlineText(seg, tmxInline, kept, refuse));
      for (const note of childElements(tuv, 'note')) unit.notes.push({ ...noteFromText(textContent(note)), column: c });
    }
    read.push({ unit, cells });
  });
  if (withoutTuv) warnings.push(`${withoutTuv} TMX ${withoutTuv === 1 ? 'unit has' : 'units have'} no <tuv> and ${withoutTuv === 1 ? 'was' : 'were'} left out.`);
  if (columns.length < 2) {
    throw new AlignedTextError(`The TMX file has ${columns.length === 0 ? 'no language' : `only one language (${columns[0].lang})`}; an aligned import needs two or more.`);
  }
  const units = read.filter((r) => r.cells.size > 0 || r.unit.notes.length > 0);
  if (!statesConfirmation) for (const r of units) r.unit.confirmed = true;
  const aligned: AlignedText = {
    ...(title !== undefined ? { title } : {}),
    columns,
    rows: units.map((r) => columns.map((_, c) => r.cells.get(c) ?? '')),
    units: units.map((r) => r.unit),
  };
  if (kept.size) warnings.push(`Inline markup ${[...kept].map((n) => `<${n}>`).join(', ')} was read as its text.`);
  refuseEmptyColumns(aligned, 'TMX');
  warnings.push(...oneLanguageWarning(aligned, 'TMX'));
  const source = columnOf(srcLang);
  return { aligned, warnings, ...(source >= 0 ? { sourceLang: columns[source].lang } : {}) };
}
