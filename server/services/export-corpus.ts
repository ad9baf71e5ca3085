// Use case: export every work of the corpus, each through the one export path (exportWork in
// export-work.ts: a pair from its alignment, more versions from the three-column view), as a file per
// work or, in TMX, one memory for the whole corpus (each work's units, tagged x-triptych-work). Plain
// parallel text (SLUG.LANG.txt per version, line N = unit N) is written from the work's TSV export by
// the plain-text writer of server/formats, until exportWork writes it itself. A work that cannot give
// what is asked (it lacks a version named in `versions`) is left out and named.
import type { Database } from 'better-sqlite3';
import { listActiveVersions } from '../db/versions.ts';
import { listWorks } from '../db/works.ts';
import type { AlignedColumn, AlignedText, AlignedUnit } from '../formats/aligned-text.ts';
import { parallelFileName, writeParallelText } from '../formats/parallel-text.ts';
import { readTmx, writeTmx } from '../formats/tmx.ts';
import { readTsv } from '../formats/tsv.ts';
import { InputError } from './errors.ts';
import { exportWork } from './export-work.ts';

export const corpusExportFormats = ['tmx', 'tsv', 'plain'] as const;

export interface CorpusExportRequest {
  format: string;
  /** version names or language codes, as for one work; all grid versions when empty */
  versions?: string[];
  keepUnpaired?: boolean;
  /** one TMX for the whole corpus instead of a file per work */
  oneFile?: boolean;
}

export interface CorpusExportResult {
  files: Array<{ fileName: string; body: string }>;
  works: number;
  units: number;
  /** works left out, with why */
  skipped: Array<{ slug: string; message: string }>;
}

export function exportCorpus(db: Database, request: CorpusExportRequest, toolVersion: string): CorpusExportResult {
  const format = request.format.trim().toLowerCase();
  if (!(corpusExportFormats as readonly string[]).includes(format)) {
    throw new InputError(`'${request.format}' is not a format for the whole corpus; use ${corpusExportFormats.join(', ')}.`, 400, 'format', {
      key: 'corpus:errors.export.badFormat',
      params: { format: request.format, formats: corpusExportFormats.join(', ') },
    });
  }
  if (request.oneFile && format !== 'tmx') throw new InputError('One file for the whole corpus is a TMX memory: use --format tmx.', 400, 'format', { key: 'corpus:errors.export.oneFileTmx' });
  const result: CorpusExportResult = { files: [], works: 0, units: 0, skipped: [] };
  const memory: { columns: AlignedColumn[]; rows: string[][]; units: AlignedUnit[]; srcLang?: string } = { columns: [], rows: [], units: [] };
  for (const work of listWorks(db)) {
    let exported;
    try {
      exported = exportWork(db, { slug: work.slug, format: format === 'plain' ? 'tsv' : format, versions: request.versions, keepUnpaired: request.keepUnpaired }, toolVersion);
    } catch (error) {
      if (error instanceof InputError) {
        result.skipped.push({ slug: work.slug, message: error.message });
        continue;
      }
      throw error;
    }
    result.works++;
    if (format === 'plain') {
      const [header, ...rows] = readTsv(exported.body);
      const versions = listActiveVersions(db, work.id);
      const aligned: AlignedText = { columns: header.map((name) => ({ name, lang: versions.find((v) => v.name === name)?.lang ?? name })), rows };
      for (const file of writeParallelText(aligned)) result.files.push({ fileName: parallelFileName(work.slug, file.name), body: file.text });
      result.units += rows.length;
    } else if (request.oneFile) {
      const { aligned } = readTmx(exported.body);
      memory.srcLang ??= /srclang="([^"]+)"/.exec(exported.body)?.[1];
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
      result.units += aligned.rows.length;
    } else {
      result.files.push({ fileName: exported.fileName, body: exported.body });
      result.units += format === 'tsv' ? readTsv(exported.body).length - 1 : readTmx(exported.body).aligned.rows.length;
    }
  }
  if (request.oneFile) {
    if (memory.rows.length === 0) throw new InputError('No work has the versions asked for: nothing to export.', 400, 'langs', { key: 'corpus:errors.export.nothing' });
    const title = `Triptych corpus: ${result.works} works`;
    result.files.push({
      fileName: 'corpus.tmx',
      body: writeTmx({ title, columns: memory.columns, rows: memory.rows, units: memory.units }, { creationTool: 'Triptych', creationToolVersion: toolVersion, srcLang: memory.srcLang }),
    });
  }
  return result;
}
