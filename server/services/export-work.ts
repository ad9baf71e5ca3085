// Use case: export the aligned text of a work. Two versions are a pair: the export reads that pair's
// alignment, one unit per bead (one-sided beads left out unless asked for), each carrying its
// confirmed state and confidence. Three or more (or all) read the three-column view, one unit per row;
// rows whose chosen cells are all empty are left out. Formats: TSV, TMX 1.4b, and for a pair `beads`,
// the aligner's notation ([i,j]:[k], 0-based ordinals of the two versions in the order asked for).
import type { Database } from 'better-sqlite3';
import type { VersionRecord } from '../db/versions.ts';
import type { AlignedText } from '../formats/aligned-text.ts';
import { writeTmx } from '../formats/tmx.ts';
import { writeTsv } from '../formats/tsv.ts';
import { InputError } from './errors.ts';
import { alignmentState } from './alignment-state.ts';
import { joinSentences, readGridRows, readWork } from './read-work.ts';
import { listSentences } from '../db/versions.ts';
import { isPlaceholder } from '../align/pair-alignment.ts';
import { findPair } from './work-layout.ts';

export const exportFormats = ['tsv', 'tmx', 'beads'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportRequest {
  slug: string;
  format: string;
  /** Version names or language codes; all grid versions when empty. */
  versions?: string[];
  /** a bilingual export keeps the beads with one side empty (left out by default) */
  keepUnpaired?: boolean;
}

export interface ExportResult {
  fileName: string;
  contentType: string;
  body: string;
}

export function exportWork(db: Database, request: ExportRequest, toolVersion: string): ExportResult {
  const format = request.format.trim().toLowerCase();
  if (!(exportFormats as readonly string[]).includes(format)) {
    throw new InputError(`'${request.format}' is not an export format; use ${exportFormats.join(' or ')}.`, 400, 'format', {
      key: 'errors.export.badFormat',
      params: { format: request.format, formats: exportFormats.join(', ') },
    });
  }
  const view = readWork(db, request.slug);
  const wanted = (request.versions ?? []).map((v) => v.trim()).filter(Boolean);
  // a revision pairs with the version it revises: two names that form a pair are exported from it
  const candidates = [...view.columns, ...view.revisions];
  const byName = (w: string) => candidates.find((v) => v.name === w) ?? view.columns.find((v) => v.lang === w);
  if (wanted.length === 2) {
    const [x, y] = [byName(wanted[0]), byName(wanted[1])];
    const layout = alignmentState(db, view.work).layout;
    if (x && y && layout.pairs.some((p) => (p.a.id === x.id && p.b.id === y.id) || (p.a.id === y.id && p.b.id === x.id))) {
      return exportPair(db, view, x, y, format as ExportFormat, request, toolVersion);
    }
  }
  if (format === 'beads') {
    throw new InputError('The beads format is of one pair: name its two versions (--langs en,ru).', 400, 'langs', { key: 'errors.export.beadsNeedPair' });
  }
  let chosen = view.columns.map((_, k) => k);
  if (wanted.length) {
    chosen = wanted.map((w) => {
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
        throw new InputError(
          `The work '${view.work.slug}' has no version '${w}'; choose from ${view.columns.map((v) => v.name).join(', ')}.`,
          400,
          'langs',
          { key: 'errors.export.unknownVersion', params: { work: view.work.slug, name: w, names: view.columns.map((v) => v.name).join(', ') } },
        );
      }
      return k >= 0 ? k : byLang;
    });
    if (new Set(chosen).size !== chosen.length) {
      throw new InputError('A version was chosen twice.', 400, 'langs', { key: 'errors.export.twice' });
    }
    if (chosen.length < 2) {
      throw new InputError('Choose at least two versions to export, or none for all of them.', 400, 'langs', { key: 'errors.export.tooFew' });
    }
  }
  const rows = readGridRows(db, view, 0, view.rowCount);
  const aligned: AlignedText = {
    title: view.work.title,
    columns: chosen.map((k) => ({ lang: view.columns[k].lang, name: view.columns[k].name, status: view.columns[k].status, provenance: view.columns[k].provenance })),
    rows: [],
    units: [],
  };
  const rowProps: Array<Record<string, string>> = [];
  for (const row of rows) {
    const cells = chosen.map((k) => row.cells[k].text);
    if (cells.every((c) => c.trim() === '')) continue;
    aligned.rows.push(cells);
    aligned.units!.push({ confirmed: row.row.confirmed, confidence: row.row.confidence === null ? null : Math.round(row.row.confidence * 1000) / 1000, notes: [] });
    rowProps.push({ 'x-triptych-row': String(row.number) });
  }
  const base = `${view.work.slug}.${aligned.columns.map((c) => c.name).join('-')}`;
  if (format === 'tsv') {
    return { fileName: `${base}.tsv`, contentType: 'text/tab-separated-values; charset=utf-8', body: writeTsv(aligned) };
  }
  const pivot = view.columns[view.pivot];
  const srcLang = chosen.includes(view.pivot) ? pivot.lang : aligned.columns[0].lang;
  return {
    fileName: `${base}.tmx`,
    contentType: 'application/x-tmx+xml; charset=utf-8',
    body: writeTmx(aligned, { creationTool: 'Triptych', creationToolVersion: toolVersion, srcLang, rowProps }),
  };
}

/** A bilingual export: the stored alignment of the two versions, one unit per bead. */
function exportPair(
  db: Database,
  view: ReturnType<typeof readWork>,
  first: VersionRecord,
  second: VersionRecord,
  format: ExportFormat,
  request: ExportRequest,
  toolVersion: string,
): ExportResult {
  const state = alignmentState(db, view.work);
  const pair = findPair(state.layout, first.name, second.name);
  const beads = state.beads[state.layout.pairs.indexOf(pair)];
  if (!pair.alignment) throw new InputError(`The pair ${pair.label} has not been aligned yet.`, 409, 'langs', { key: 'errors.export.pairNotAligned', params: { pair: pair.label } });
  // side of the stored pair that each asked-for version is
  const sides = [first, second].map((v) => (v.id === pair.a.id ? 0 : 1));
  const base = `${view.work.slug}.${first.name}-${second.name}`;
  if (format === 'beads') {
    const range = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i).join(',');
    const lines = beads.filter((b) => !isPlaceholder(b)).map((b) => sides.map((s) => `[${range(b.cells[s].first, b.cells[s].count)}]`).join(':'));
    return { fileName: `${base}.align`, contentType: 'text/plain; charset=utf-8', body: lines.join('\n') + (lines.length ? '\n' : '') };
  }
  const texts = [first, second].map((v) => listSentences(db, v.id).map((s) => s.text));
  const aligned: AlignedText = { title: view.work.title, columns: [first, second].map((v) => ({ lang: v.lang, name: v.name, status: v.status, provenance: v.provenance })), rows: [], units: [] };
  const rowProps: Array<Record<string, string>> = [];
  beads.forEach((bead, i) => {
    if (isPlaceholder(bead)) return;
    const oneSided = bead.cells[0].count === 0 || bead.cells[1].count === 0;
    if (oneSided && !request.keepUnpaired) return;
    aligned.rows.push(
      sides.map((s, k) => {
        const c = bead.cells[s];
        return joinSentences([first, second][k].lang, texts[k].slice(c.first, c.first + c.count));
      }),
    );
    aligned.units!.push({ confirmed: bead.confirmed, confidence: bead.confidence === null ? null : Math.round(bead.confidence * 1000) / 1000, notes: [] });
    rowProps.push({ 'x-triptych-bead': String(i + 1) });
  });
  if (format === 'tsv') return { fileName: `${base}.tsv`, contentType: 'text/tab-separated-values; charset=utf-8', body: writeTsv(aligned) };
  return {
    fileName: `${base}.tmx`,
    contentType: 'application/x-tmx+xml; charset=utf-8',
    // the source language is the pivot's when the pair has it, as for the three-column export
    body: writeTmx(aligned, { creationTool: 'Triptych', creationToolVersion: toolVersion, srcLang: [first, second].find((v) => v.id === view.columns[view.pivot]?.id)?.lang ?? first.lang, rowProps }),
  };
}
