// Use case: export the aligned text of a work — the one export path of the web form, the pair view,
// `triptych export` and whoever else exports. Two versions are a pair: the export reads that pair's
// alignment, one unit per bead (one-sided beads left out unless asked for). Three or more (or all)
// read the three-column view, one unit per row; rows whose chosen cells are all empty are left out.
// Every unit carries its confirmed state and confidence, its notes (the open annotations on its
// sentences: a note about the column whose sentence it is on, author and category with it) and its
// cells' blocks (server/formats/aligned-text.ts: a list item starts with its marker, blocks are
// separated by a line break; DOCX shows the kinds themselves).
// Formats (names as scripts use them):
//   tmx     TMX 1.4b, one file
//   xliff   XLIFF 1.2, one file (a <file> per target)
//   xliff2  XLIFF 2.1: one file for two versions, else one document per target (a zip; files)
//   tsv     tab-separated, RFC 4180 quoting
//   plain   one SLUG.NAME.txt per version, line N = unit N (a zip; files)
//   docx    a Word table, a column per version, headed with the title, statuses and provenance
//   beads   a pair's alignment as [i,j]:[k] lines (0-based ordinals, in the order asked for)
// A result of several files has `files` (the CLI writes them into a folder) and `body` the zip.
import type { Database } from 'better-sqlite3';
import { strToU8, zipSync } from 'fflate';
import { isPlaceholder } from '../align/pair-alignment.ts';
import { listBlocks, listSentences, type StoredSentence, type VersionRecord } from '../db/versions.ts';
import type { AlignedColumn, AlignedText, AlignedUnit, CellBlock, UnitNote } from '../formats/aligned-text.ts';
import { cellText } from '../formats/aligned-text.ts';
import { writeDocx } from '../formats/docx-writer.ts';
import { FormatInputError } from '../formats/format-error.ts';
import { parallelFileName, writeParallelText } from '../formats/parallel-text.ts';
import { writeTmx } from '../formats/tmx.ts';
import { writeTsv } from '../formats/tsv.ts';
import { writeXliff12, writeXliff2, writeXliff2Documents } from '../formats/xliff.ts';
import { alignmentState } from './alignment-state.ts';
import { readAnnotations } from './annotations.ts';
import { InputError } from './errors.ts';
import { readWork, viewRowsOf, type WorkView } from './read-work.ts';
import { findPair } from './work-layout.ts';

export const exportFormats = ['tmx', 'xliff', 'xliff2', 'tsv', 'plain', 'docx', 'beads'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportRequest {
  slug: string;
  format: string;
  /** Version names or language codes; all grid versions when empty. */
  versions?: string[];
  /** a bilingual export keeps the beads with one side empty (left out by default) */
  keepUnpaired?: boolean;
  /** The moment the export is stamped with (TMX creation date, DOCX subtitle, zip entries); default now. */
  at?: Date;
}

export interface ExportFile {
  fileName: string;
  body: string;
}

export interface ExportResult {
  fileName: string;
  contentType: string;
  /** The file: text, or bytes for DOCX and for a zip of several files. */
  body: string | Uint8Array;
  /** An export of several files (plain; xliff2 of three or more versions): each of them; `body` is their zip. */
  files?: ExportFile[];
}

const contentTypes = {
  tmx: 'application/x-tmx+xml; charset=utf-8',
  xliff: 'application/xliff+xml; charset=utf-8',
  tsv: 'text/tab-separated-values; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  zip: 'application/zip',
};

/** What one export reads: the text with its units, and what to stamp on it. */
interface Gathered {
  aligned: AlignedText;
  rowProps: Array<Record<string, string>>;
  base: string;
  srcLang: string;
}

export async function exportWork(db: Database, request: ExportRequest, toolVersion: string): Promise<ExportResult> {
  const format = request.format.trim().toLowerCase() as ExportFormat;
  if (!(exportFormats as readonly string[]).includes(format)) {
    throw new InputError(`'${request.format}' is not an export format; use ${exportFormats.join(', ')}.`, 400, 'format', {
      key: 'errors.export.badFormat',
      params: { format: request.format, formats: exportFormats.join(', ') },
    });
  }
  const view = readWork(db, request.slug);
  const wanted = (request.versions ?? []).map((v) => v.trim()).filter(Boolean);
  // a revision pairs with the version it revises: two names that form a pair are exported from it
  const candidates = [...view.columns, ...view.revisions];
  const byName = (w: string) => candidates.find((v) => v.name === w) ?? view.columns.find((v) => v.lang === w);
  let gathered: Gathered | undefined;
  if (wanted.length === 2) {
    const [x, y] = [byName(wanted[0]), byName(wanted[1])];
    const layout = alignmentState(db, view.work).layout;
    if (x && y && layout.pairs.some((p) => (p.a.id === x.id && p.b.id === y.id) || (p.a.id === y.id && p.b.id === x.id))) {
      if (format === 'beads') return exportBeads(db, view, x, y);
      gathered = gatherPair(db, view, x, y, request);
    }
  }
  if (!gathered) {
    if (format === 'beads') {
      throw new InputError('The beads format is of one pair: name its two versions (--langs en,ru).', 400, 'langs', { key: 'errors.export.beadsNeedPair' });
    }
    gathered = gatherGrid(db, view, chosenColumns(view, wanted));
  }
  try {
    return await write(format as Exclude<ExportFormat, 'beads'>, gathered, view.work.slug, request.at ?? new Date(), toolVersion);
  } catch (error) {
    // what a writer cannot express (two versions of one language in TMX) is the user's to change
    if (error instanceof FormatInputError) throw new InputError(error.message, 400, 'format', { key: 'errors.export.refused', params: { reason: error.message } });
    throw error;
  }
}

function chosenColumns(view: WorkView, wanted: string[]): number[] {
  if (wanted.length === 0) return view.columns.map((_, k) => k);
  const chosen = wanted.map((w) => {
    const k = view.columns.findIndex((v) => v.name === w);
    const byLang = view.columns.findIndex((v) => v.lang === w);
    const revision = view.revisions.find((v) => v.name === w);
    if (k < 0 && byLang < 0 && revision) {
      throw new InputError(
        `'${w}' is a revision of '${revision.revisionOf}', not a column of the grid; compare the two instead, or export from ${view.columns.map((v) => v.name).join(', ')}.`,
        400,
        'langs',
        { key: 'errors.export.revisionNotInGrid', params: { name: w, base: revision.revisionOf ?? '', names: view.columns.map((v) => v.name).join(', ') } },
      );
    }
    if (k < 0 && byLang < 0) {
      throw new InputError(`The work '${view.work.slug}' has no version '${w}'; choose from ${view.columns.map((v) => v.name).join(', ')}.`, 400, 'langs', {
        key: 'errors.export.unknownVersion',
        params: { work: view.work.slug, name: w, names: view.columns.map((v) => v.name).join(', ') },
      });
    }
    return k >= 0 ? k : byLang;
  });
  if (new Set(chosen).size !== chosen.length) throw new InputError('A version was chosen twice.', 400, 'langs', { key: 'errors.export.twice' });
  if (chosen.length < 2) throw new InputError('Choose at least two versions to export, or none for all of them.', 400, 'langs', { key: 'errors.export.tooFew' });
  return chosen;
}

const round3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

const columnOf = (v: VersionRecord): AlignedColumn => ({ lang: v.lang, name: v.name, status: v.status, provenance: v.provenance });

/**
 * A version as the export reads it: its sentences, and a cell's blocks for a range of them (a list
 * item's marker only where the item's first sentence is in the cell), and the notes on them.
 */
interface VersionCells {
  cell(first: number, count: number): CellBlock[];
  notes(first: number, count: number, column: number): UnitNote[];
}

function versionCells(db: Database, version: VersionRecord, notesOf: Map<number, UnitNote[]> | undefined): VersionCells {
  const sentences: StoredSentence[] = listSentences(db, version.id);
  const labels = new Map(listBlocks(db, version.id).map((b) => [b.ordinal, b.label]));
  const firstOfBlock = new Map<number, number>();
  for (const s of sentences) if (!firstOfBlock.has(s.block)) firstOfBlock.set(s.block, s.ordinal);
  return {
    cell(first, count) {
      const blocks: CellBlock[] = [];
      let open: CellBlock | undefined;
      let openBlock = -1;
      for (let o = first; o < first + count; o++) {
        const s = sentences[o];
        if (!s) continue;
        if (!open || s.block !== openBlock) {
          const label = s.blockKind === 'list-item' && firstOfBlock.get(s.block) === s.ordinal ? labels.get(s.block) : undefined;
          open = { kind: s.blockKind, ...(label ? { label } : {}), sentences: [] };
          openBlock = s.block;
          blocks.push(open);
        }
        open.sentences.push(s.text);
      }
      return blocks;
    },
    notes(first, count, column) {
      if (!notesOf || notesOf.size === 0) return [];
      const out: UnitNote[] = [];
      for (let o = first; o < first + count; o++) for (const n of notesOf.get(o) ?? []) out.push({ ...n, column });
      return out;
    },
  };
}

/**
 * The open annotations of a work as notes, per version and the sentence their words are in now: `"quoted words": comment` with
 * the author and the issue category (a term occurrence: category 'term', `"words": concept KEY`).
 */
function notesByVersion(db: Database, slug: string): Map<number, Map<number, UnitNote[]>> {
  const out = new Map<number, Map<number, UnitNote[]>>();
  // where each annotation's words are now (an edit may have moved them to a neighbouring sentence)
  for (const a of readAnnotations(db, slug, { status: 'open' }).annotations) {
    let byOrdinal = out.get(a.versionId);
    if (!byOrdinal) out.set(a.versionId, (byOrdinal = new Map()));
    const what = a.kind === 'term' ? `concept ${a.conceptKey ?? ''}`.trim() : a.comment;
    const note: UnitNote = { text: what ? `"${a.quote}": ${what}` : `"${a.quote}"`, category: a.kind === 'term' ? 'term' : (a.category ?? undefined) };
    if (a.author) note.author = a.author;
    if (!note.category) delete note.category;
    const ordinal = a.currentOrdinal ?? a.sentenceOrdinal;
    const list = byOrdinal.get(ordinal);
    if (list) list.push(note);
    else byOrdinal.set(ordinal, [note]);
  }
  return out;
}

function unitOf(cells: CellBlock[][], notes: UnitNote[], confirmed: boolean, confidence: number | null): AlignedUnit & { cells: CellBlock[][] } {
  return { confirmed, confidence: round3(confidence), notes, cells };
}

/** All versions, or those chosen: the three-column view, one unit per row. */
function gatherGrid(db: Database, view: WorkView, chosen: number[]): Gathered {
  const state = alignmentState(db, view.work);
  const rows = viewRowsOf(state, view, 0, view.rowCount, { light: true });
  const notes = notesByVersion(db, view.work.slug);
  const versions = chosen.map((k) => view.columns[k]);
  const reads = versions.map((v) => versionCells(db, v, notes.get(v.id)));
  const aligned: AlignedText = { title: view.work.title, columns: versions.map(columnOf), rows: [], units: [] };
  const rowProps: Array<Record<string, string>> = [];
  for (const row of rows) {
    const ranges = chosen.map((k) => row.cells[k]);
    if (ranges.every((c) => c.count === 0)) continue;
    const cells = ranges.map((c, i) => reads[i].cell(c.first, c.count));
    const texts = cells.map((blocks, i) => cellText(blocks, versions[i].lang));
    if (texts.every((t) => t.trim() === '')) continue;
    aligned.rows.push(texts);
    aligned.units!.push(unitOf(cells, ranges.flatMap((c, i) => reads[i].notes(c.first, c.count, i)), row.confirmed, row.confidence));
    rowProps.push({ 'x-triptych-row': String(row.position + 1) });
  }
  const pivot = view.columns[view.pivot];
  return {
    aligned,
    rowProps,
    base: `${view.work.slug}.${aligned.columns.map((c) => c.name).join('-')}`,
    srcLang: chosen.includes(view.pivot) ? pivot.lang : aligned.columns[0].lang,
  };
}

function pairOf(db: Database, view: WorkView, first: VersionRecord, second: VersionRecord) {
  const state = alignmentState(db, view.work);
  const pair = findPair(state.layout, first.name, second.name);
  if (!pair.alignment) throw new InputError(`The pair ${pair.label} has not been aligned yet.`, 409, 'langs', { key: 'errors.export.pairNotAligned', params: { pair: pair.label } });
  const beads = state.beads[state.layout.pairs.indexOf(pair)];
  // side of the stored pair that each asked-for version is
  const sides = [first, second].map((v) => (v.id === pair.a.id ? 0 : 1));
  return { beads, sides };
}

function exportBeads(db: Database, view: WorkView, first: VersionRecord, second: VersionRecord): ExportResult {
  const { beads, sides } = pairOf(db, view, first, second);
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i).join(',');
  const lines = beads.filter((b) => !isPlaceholder(b)).map((b) => sides.map((s) => `[${range(b.cells[s].first, b.cells[s].count)}]`).join(':'));
  return { fileName: `${view.work.slug}.${first.name}-${second.name}.align`, contentType: contentTypes.text, body: lines.join('\n') + (lines.length ? '\n' : '') };
}

/** A bilingual export: the stored alignment of the two versions, one unit per bead. */
function gatherPair(db: Database, view: WorkView, first: VersionRecord, second: VersionRecord, request: ExportRequest): Gathered {
  const { beads, sides } = pairOf(db, view, first, second);
  const notes = notesByVersion(db, view.work.slug);
  const versions = [first, second];
  const reads = versions.map((v) => versionCells(db, v, notes.get(v.id)));
  const aligned: AlignedText = { title: view.work.title, columns: versions.map(columnOf), rows: [], units: [] };
  const rowProps: Array<Record<string, string>> = [];
  beads.forEach((bead, i) => {
    if (isPlaceholder(bead)) return;
    const oneSided = bead.cells[0].count === 0 || bead.cells[1].count === 0;
    if (oneSided && !request.keepUnpaired) return;
    const ranges = sides.map((s) => bead.cells[s]);
    const cells = ranges.map((c, k) => reads[k].cell(c.first, c.count));
    aligned.rows.push(cells.map((blocks, k) => cellText(blocks, versions[k].lang)));
    aligned.units!.push(unitOf(cells, ranges.flatMap((c, k) => reads[k].notes(c.first, c.count, k)), bead.confirmed, bead.confidence));
    rowProps.push({ 'x-triptych-bead': String(i + 1) });
  });
  return {
    aligned,
    rowProps,
    base: `${view.work.slug}.${first.name}-${second.name}`,
    // the source language is the pivot's when the pair has it, as for the three-column export
    srcLang: versions.find((v) => v.id === view.columns[view.pivot]?.id)?.lang ?? first.lang,
  };
}

function zipOf(files: ExportFile[], at: Date): Uint8Array {
  return zipSync(Object.fromEntries(files.map((f) => [f.fileName, [strToU8(f.body), { mtime: at }]])), { level: 6 });
}

async function write(format: Exclude<ExportFormat, 'beads'>, g: Gathered, slug: string, at: Date, toolVersion: string): Promise<ExportResult> {
  const { aligned, base } = g;
  switch (format) {
    case 'tmx':
      return {
        fileName: `${base}.tmx`,
        contentType: contentTypes.tmx,
        body: writeTmx(aligned, { creationTool: 'Triptych', creationToolVersion: toolVersion, srcLang: g.srcLang, rowProps: g.rowProps, creationDate: at }),
      };
    case 'xliff':
      return { fileName: `${base}.xlf`, contentType: contentTypes.xliff, body: writeXliff12(aligned, { original: slug }) };
    case 'xliff2': {
      if (aligned.columns.length === 2) return { fileName: `${base}.xlf`, contentType: contentTypes.xliff, body: writeXliff2(aligned, { original: slug }) };
      const source = aligned.columns[0].name;
      const files = writeXliff2Documents(aligned, { original: slug }).map((d, k) => ({ fileName: `${slug}.${source}-${aligned.columns[k + 1].name}.xlf`, body: d.xml }));
      return { fileName: `${base}.xliff2.zip`, contentType: contentTypes.zip, body: zipOf(files, at), files };
    }
    case 'tsv':
      return { fileName: `${base}.tsv`, contentType: contentTypes.tsv, body: writeTsv(aligned) };
    case 'plain': {
      const files = writeParallelText(aligned).map((f, k) => ({ fileName: parallelFileName(slug, aligned.columns[k].name), body: f.text }));
      return { fileName: `${base}.txt.zip`, contentType: contentTypes.zip, body: zipOf(files, at), files };
    }
    case 'docx':
      return {
        fileName: `${base}.docx`,
        contentType: contentTypes.docx,
        body: await writeDocx(aligned, { subtitle: `Exported by Triptych ${toolVersion} on ${at.toISOString().slice(0, 10)}` }),
      };
  }
}
