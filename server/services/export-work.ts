// Use case: export the aligned text of a work, all grid versions or two or more chosen ones,
// as TSV or TMX 1.4b. Rows whose chosen cells are all empty are left out.
import type { Database } from 'better-sqlite3';
import type { AlignedText } from '../formats/aligned-text.ts';
import { writeTmx } from '../formats/tmx.ts';
import { writeTsv } from '../formats/tsv.ts';
import { InputError } from './errors.ts';
import { readGridRows, readWork } from './read-work.ts';

export const exportFormats = ['tsv', 'tmx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportRequest {
  slug: string;
  format: string;
  /** Version names or language codes; all grid versions when empty. */
  versions?: string[];
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
    columns: chosen.map((k) => ({ lang: view.columns[k].lang, name: view.columns[k].name })),
    rows: [],
  };
  const rowProps: Array<Record<string, string>> = [];
  for (const row of rows) {
    const cells = chosen.map((k) => row.cells[k].text);
    if (cells.every((c) => c.trim() === '')) continue;
    aligned.rows.push(cells);
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
