// Use case: export every work of the corpus, each through the one export path (exportWork in
// export-work.ts: a pair from its alignment, more versions from the three-column view), as a file per
// work (or the several files a work's export makes: plain text, XLIFF 2 of three versions) or, in
// TMX, one memory for the whole corpus (each work's units, tagged x-triptych-work). A work that cannot
// give what is asked (it lacks a version named in `versions`) is left out and named.
import type { Database } from 'better-sqlite3';
import { listWorks } from '../db/works.ts';
import type { AlignedColumn, AlignedUnit } from '../formats/aligned-text.ts';
import { readTmx, writeTmx } from '../formats/tmx.ts';
import { InputError } from './errors.ts';
import { exportFormats, exportWork, type ExportResult } from './export-work.ts';

/** One file of a corpus export: text, or bytes (DOCX). */
export type CorpusFile = Pick<ExportResult, 'fileName' | 'body'>;

/** Every format of one work's export but a pair's beads, which are no interchange file. */
export const corpusExportFormats = exportFormats.filter((f) => f !== 'beads');

export interface CorpusExportRequest {
  format: string;
  /** version names or language codes, as for one work; all grid versions when empty */
  versions?: string[];
  keepUnpaired?: boolean;
  /** one TMX for the whole corpus instead of a file per work */
  oneFile?: boolean;
}

export interface CorpusExportResult {
  /** the names of the files written, in order */
  files: string[];
  works: number;
  /** units of the one-file TMX */
  units?: number;
  /** works left out, with why */
  skipped: Array<{ slug: string; message: string }>;
}

/**
 * Exports the works one by one, handing each file to `emit` as it is made (a corpus's files are not
 * all held at once; the one-file TMX is, being one file).
 */
export async function exportCorpus(db: Database, request: CorpusExportRequest, toolVersion: string, emit: (file: CorpusFile) => void): Promise<CorpusExportResult> {
  const format = request.format.trim().toLowerCase();
  if (!(corpusExportFormats as string[]).includes(format)) {
    throw new InputError(`'${request.format}' is not a format for the whole corpus; use ${corpusExportFormats.join(', ')}.`, 400, 'format', {
      key: 'corpus:errors.export.badFormat',
      params: { format: request.format, formats: corpusExportFormats.join(', ') },
    });
  }
  if (request.oneFile && format !== 'tmx') throw new InputError('One file for the whole corpus is a TMX memory: use --format tmx.', 400, 'format', { key: 'corpus:errors.export.oneFileTmx' });
  const result: CorpusExportResult = { files: [], works: 0, skipped: [] };
  const at = new Date();
  const out = (file: CorpusFile) => {
    emit(file);
    result.files.push(file.fileName);
  };
  const memory: { columns: AlignedColumn[]; rows: string[][]; units: AlignedUnit[]; srcLang?: string } = { columns: [], rows: [], units: [] };
  for (const work of listWorks(db)) {
    let exported;
    try {
      exported = await exportWork(db, { slug: work.slug, format, versions: request.versions, keepUnpaired: request.keepUnpaired, at }, toolVersion);
    } catch (error) {
      if (error instanceof InputError) {
        result.skipped.push({ slug: work.slug, message: error.message });
        continue;
      }
      throw error;
    }
    result.works++;
    if (request.oneFile) {
      const body = exported.body as string;
      const { aligned } = readTmx(body);
      memory.srcLang ??= /srclang="([^"]+)"/.exec(body)?.[1];
      const place = aligned.columns.map((col) => {
        let k = memory.columns.findIndex((c) => c.lang.toLowerCase() === col.lang.toLowerCase());
        if (k < 0) {
          k = memory.columns.push({ lang: col.lang, name: col.lang }) - 1;
          for (const row of memory.rows) row.push('');
        }
        return k;
      });
      aligned.rows.forEach((row, r) => {
        const cells = memory.columns.map(() => '');
        row.forEach((text, c) => (cells[place[c]] = text));
        memory.rows.push(cells);
        const unit = aligned.units?.[r] ?? { confirmed: false, confidence: null, notes: [] };
        memory.units.push({ ...unit, id: `${work.slug}:${unit.id ?? r + 1}`, props: { 'x-triptych-work': work.slug, ...unit.props } });
      });
    } else if (exported.files) {
      exported.files.forEach(out);
    } else {
      out({ fileName: exported.fileName, body: exported.body });
    }
  }
  if (request.oneFile) {
    if (memory.rows.length === 0) throw new InputError('No work has the versions asked for: nothing to export.', 400, 'langs', { key: 'corpus:errors.export.nothing' });
    const title = `Triptych corpus: ${result.works} works`;
    result.units = memory.rows.length;
    out({
      fileName: 'corpus.tmx',
      body: writeTmx({ title, columns: memory.columns, rows: memory.rows, units: memory.units }, { creationTool: 'Triptych', creationToolVersion: toolVersion, srcLang: memory.srcLang }),
    });
  }
  return result;
}
