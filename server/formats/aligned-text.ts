// The shape every aligned-text writer takes and every aligned-text reader gives back: a document
// (work title), columns (one per version: language, name, status, provenance) and units (rows), each
// unit a cell per column plus its metadata (confirmed, confidence, notes, the block structure of
// its sentences). Pure data, no I/O.
//
// API, for whoever builds one from a work or a pair alignment:
//   - `rows[r][c]` is the text of column c in unit r ('' for an empty cell); every writer reads it.
//   - `units[r]` (optional, same length as rows) carries unit r's metadata; a writer treats a
//     missing entry as { confirmed: false, confidence: null, notes: [] } (see unitAt).
//   - `units[r].cells[c]` (optional) gives the blocks of column c's sentences in unit r: their kind
//     (heading, list-item with its label, paragraph, signature) and sentences. Build the text with
//     cellText(blocks, lang) so list markers reach the formats that carry only text (TSV, TMX,
//     XLIFF, plain): a list item starts with its marker ("- ", "——"), and blocks are separated by a
//     line break. DOCX uses the kinds themselves (a heading in bold, a list item indented).
//   - `alignedFromCells(...)` builds rows from cells in one go.
// Invariants: every row has columns.length cells; units, when given, has rows.length entries.
import type { BlockKind } from '../text/blocks.ts';
import { isWrittenWithoutSpaces } from '../text/languages.ts';
import { FormatInputError } from './format-error.ts';

export interface AlignedColumn {
  lang: string;
  name: string;
  /** The version's status: authentic, official, unofficial, working; absent when not known. */
  status?: string;
  /** Where the version comes from (a URL, "working translation for this repository", ...). */
  provenance?: string;
}

/** An annotation carried by a unit: a comment, its author and its category (terminology, omission, ...). */
export interface UnitNote {
  text: string;
  author?: string;
  category?: string;
  /** The column whose text the note is about; absent for the unit as a whole. */
  column?: number;
}

/** A run of a cell's sentences that belong to one block of their version. */
export interface CellBlock {
  kind: BlockKind;
  /** A list item's marker ("-", "–", "——", "•"). */
  label?: string;
  sentences: string[];
}

export interface AlignedUnit {
  /** The unit's identifier in the file it came from or goes to (TMX tuid, XLIFF id); else r + 1. */
  id?: string;
  confirmed: boolean;
  /** The aligner's posterior probability of the unit, 0..1; null for a unit a person made. */
  confidence: number | null;
  notes: UnitNote[];
  /** cells[c]: the blocks of column c's sentences; [] for an empty cell. */
  cells?: CellBlock[][];
  /** Further properties (TMX <prop>, names starting with x-), e.g. { 'x-triptych-row': '12' }. */
  props?: Record<string, string>;
}

export interface AlignedText {
  /** The work's title. */
  title?: string;
  columns: AlignedColumn[];
  /** rows[r][c]: the text of column c in row r ('' for an empty cell). */
  rows: string[][];
  /** units[r]: the metadata of row r; optional. */
  units?: AlignedUnit[];
}

/** The metadata of unit r, defaults filled in. */
export function unitAt(aligned: AlignedText, r: number): AlignedUnit {
  return aligned.units?.[r] ?? { confirmed: false, confidence: null, notes: [] };
}

/** The identifier of unit r: its own, else its 1-based position. */
export function unitId(aligned: AlignedText, r: number): string {
  return aligned.units?.[r]?.id ?? String(r + 1);
}

/** A list item's first sentence with its marker: "- text", or "——text" for the Chinese double dash. */
export function withListMarker(label: string, sentence: string): string {
  return label === '——' ? `${label}${sentence}` : `${label} ${sentence}`;
}

/**
 * The text of a cell: the sentences of a block joined with a space (nothing for Chinese and
 * Japanese), a list item's first sentence after its marker, blocks separated by a line break.
 */
export function cellText(blocks: readonly CellBlock[], lang: string): string {
  const joiner = isWrittenWithoutSpaces(lang) ? '' : ' ';
  return blocks
    .map((b) => {
      const sentences = b.kind === 'list-item' && b.label && b.sentences.length ? [withListMarker(b.label, b.sentences[0]), ...b.sentences.slice(1)] : b.sentences;
      return sentences.join(joiner);
    })
    .filter((t) => t !== '')
    .join('\n');
}

/** Builds an AlignedText from units whose cells give blocks; rows are computed with cellText. */
export function alignedFromCells(title: string | undefined, columns: AlignedColumn[], units: Array<AlignedUnit & { cells: CellBlock[][] }>): AlignedText {
  return {
    ...(title !== undefined ? { title } : {}),
    columns,
    rows: units.map((u) => columns.map((col, c) => cellText(u.cells[c] ?? [], col.lang))),
    units,
  };
}

export class AlignedTextError extends FormatInputError {
  constructor(message: string) {
    super(message);
    this.name = 'AlignedTextError';
  }
}

/** Checks the invariants a writer relies on; throws AlignedTextError saying what is wrong. */
export function checkAligned(aligned: AlignedText): void {
  const n = aligned.columns.length;
  if (n === 0) throw new AlignedTextError('There is no version to export.');
  aligned.rows.forEach((row, r) => {
    if (row.length !== n) throw new AlignedTextError(`Row ${r + 1} has ${row.length} cells for ${n} versions.`);
  });
  if (aligned.units && aligned.units.length !== aligned.rows.length) {
    throw new AlignedTextError(`There are ${aligned.units.length} unit descriptions for ${aligned.rows.length} rows.`);
  }
}

/**
 * What a reader found that it could not keep as it was, for the user to see: markup read as its
 * text, units in one language only. Never empty-handed: every reader returns its warnings.
 */
export interface AlignedImport {
  aligned: AlignedText;
  warnings: string[];
  /** The language the file names as its source (TMX srclang, XLIFF's source), when it is a column. */
  sourceLang?: string;
}

/** Refuses an import in which a language would have no text at all (it would make an empty version). */
export function refuseEmptyColumns(aligned: AlignedText, format: string): void {
  aligned.columns.forEach((col, c) => {
    if (!aligned.rows.some((row) => row[c].trim() !== '')) {
      throw new AlignedTextError(`The ${format} file has no text in ${col.lang}: importing it would make an empty ${col.lang} version.`);
    }
  });
  if (aligned.rows.length === 0) throw new AlignedTextError(`The ${format} file has no units.`);
}

/** One warning naming the units that have text in only one language, or none. */
export function oneLanguageWarning(aligned: AlignedText, format: string): string[] {
  if (aligned.columns.length < 2) return [];
  const ids: string[] = [];
  aligned.rows.forEach((row, r) => {
    if (row.filter((t) => t.trim() !== '').length === 1) ids.push(unitId(aligned, r));
  });
  if (ids.length === 0) return [];
  const shown = ids.slice(0, 20).join(', ') + (ids.length > 20 ? `, and ${ids.length - 20} more` : '');
  return [`${ids.length} ${format} ${ids.length === 1 ? 'unit has' : 'units have'} text in one language only (an omission in the others): ${shown}.`];
}

// A note in a format that has no place for its author or category (TMX; XLIFF 1.2 for the
// category) carries them before its text: "[category: omission; author: Anna] The text". A ']'
// or ';' inside them becomes a space; a note without them is its text alone.
const noteHead = /^\[((?:category|author): [^;\]]*)(?:; ((?:category|author): [^;\]]*))?\] /;

export function noteAsText(note: Pick<UnitNote, 'text' | 'author' | 'category'>, fields: ReadonlyArray<'author' | 'category'> = ['category', 'author']): string {
  const head = fields.filter((f) => note[f]).map((f) => `${f}: ${note[f]!.replace(/[;\]]/g, ' ')}`);
  return head.length ? `[${head.join('; ')}] ${note.text}` : note.text;
}

export function noteFromText(text: string): Pick<UnitNote, 'text' | 'author' | 'category'> {
  const m = noteHead.exec(text);
  if (!m) return { text };
  const note: Pick<UnitNote, 'text' | 'author' | 'category'> = { text: text.slice(m[0].length) };
  for (const part of [m[1], m[2]]) {
    if (!part) continue;
    const [field, value] = [part.slice(0, part.indexOf(':')), part.slice(part.indexOf(':') + 2)];
    note[field as 'author' | 'category'] = value;
  }
  return note;
}
