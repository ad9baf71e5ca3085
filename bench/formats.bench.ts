// Benchmark of the interchange formats. First the pure writers: each format written for the
// declaration (read from a freshly seeded workspace: 3 versions, its aligned grid) and for a
// generated 10,000-unit work in en/ru/zh (tests/formats/fixtures.ts), no database in the timed part.
// Then the wired path, as `triptych export` and the web form run it: exportWork (services/
// export-work.ts: reading the pairs, the view, sentences, blocks and annotations, then writing) on
// the declaration and on a generated 10,000-row work (bench/generated-work.ts), every format; and
// importUpload of that work's TMX and XLIFF 1.2 export into an empty work (reading, storing the
// versions and every pair's beads). Figures: median wall time of 5 runs (3 for the 10k work's DOCX
// and for the imports) and the size of the output, in MB.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config.ts';
import type { AlignedText } from '../server/formats/aligned-text.ts';
import { writeDocx } from '../server/formats/docx-writer.ts';
import { writeParallelText } from '../server/formats/parallel-text.ts';
import { writeTmx } from '../server/formats/tmx.ts';
import { writeTsv } from '../server/formats/tsv.ts';
import { writeXliff12, writeXliff2Documents } from '../server/formats/xliff.ts';
import { exportWork } from '../server/services/export-work.ts';
import { importUpload } from '../server/services/import-aligned.ts';
import { readGridRows, readWork } from '../server/services/read-work.ts';
import { openWorkspace } from '../server/services/workspace.ts';
import { generateWork } from './generated-work.ts';
import { generatedAligned } from '../tests/formats/fixtures.ts';

const round = (n: number) => Math.round(n * 10) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 1000) / 1000;

type Writer = (aligned: AlignedText) => Promise<number> | number;

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
const writers: Record<string, Writer> = {
  tmx: (a) => utf8(writeTmx(a, { creationTool: 'Triptych', creationToolVersion: 'bench' })),
  xliff12: (a) => utf8(writeXliff12(a)),
  xliff2: (a) => writeXliff2Documents(a).reduce((n, d) => n + utf8(d.xml), 0),
  tsv: (a) => utf8(writeTsv(a)),
  plain: (a) => writeParallelText(a).reduce((n, f) => n + utf8(f.text), 0),
  docx: async (a) => (await writeDocx(a)).byteLength,
};

async function declarationAligned(): Promise<AlignedText> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-bench-'));
  const workspace = await openWorkspace(loadConfig({ ...process.env, TRIPTYCH_DB: path.join(dir, 'formats.sqlite'), TRIPTYCH_SEED: '1' }), 'bench');
  try {
    const view = readWork(workspace.db, 'declaration-2005');
    const rows = readGridRows(workspace.db, view, 0, view.rowCount);
    return {
      title: view.work.title,
      columns: view.columns.map((v) => ({ lang: v.lang, name: v.name, status: v.status, provenance: v.provenance })),
      rows: rows.map((r) => r.cells.map((c) => c.text)),
      units: rows.map((r) => ({ confirmed: Boolean(r.row.confirmed), confidence: r.row.confidence ?? null, notes: [] })),
    };
  } finally {
    workspace.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function runFormatsBench(log: (line: string) => void): Promise<Record<string, number>> {
  const inputs: Array<[string, AlignedText]> = [
    ['declaration', await declarationAligned()],
    ['10k', generatedAligned(10_000)],
  ];
  const figures: Record<string, number> = {};
  for (const [name, aligned] of inputs) {
    for (const [format, write] of Object.entries(writers)) {
      const runs = format === 'docx' && aligned.rows.length > 1000 ? 3 : 5;
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        bytes = await write(aligned);
        times.push(performance.now() - started);
      }
      log(`${format} of the ${name} (${aligned.rows.length} units, ${aligned.columns.length} versions): median ${round(median(times))} ms of ${runs} runs, ${mb(bytes)} MB`);
      figures[`formats_${format}_${name}_ms`] = round(median(times));
      figures[`formats_${format}_${name}_mb`] = mb(bytes);
    }
  }
  Object.assign(figures, await serviceBench(log));
  return figures;
}

const serviceFormats = ['tmx', 'xliff', 'xliff2', 'tsv', 'plain', 'docx'] as const;

/** exportWork in every format, and importUpload of the 10k work's TMX and XLIFF, on a seeded workspace. */
async function serviceBench(log: (line: string) => void): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-bench-'));
  const workspace = await openWorkspace(loadConfig({ ...process.env, TRIPTYCH_DB: path.join(dir, 'service.sqlite'), TRIPTYCH_SEED: '1' }), 'bench');
  const figures: Record<string, number> = {};
  try {
    generateWork(workspace, 10_000, 'generated-10k');
    const exported = new Map<string, Uint8Array | string>();
    for (const [name, slug] of [['declaration', 'declaration-2005'], ['10k', 'generated-10k']] as const) {
      for (const format of serviceFormats) {
        const runs = name === '10k' && format === 'docx' ? 3 : 5;
        const times: number[] = [];
        let bytes = 0;
        let unzipped = 0;
        for (let i = 0; i < runs; i++) {
          const started = performance.now();
          const result = await exportWork(workspace.db, { slug, format }, 'bench');
          times.push(performance.now() - started);
          bytes = typeof result.body === 'string' ? utf8(result.body) : result.body.byteLength;
          unzipped = result.files ? result.files.reduce((n, f) => n + utf8(f.body), 0) : bytes;
          if (name === '10k') exported.set(format, result.body);
        }
        const files = unzipped !== bytes ? ` (a zip; the files ${mb(unzipped)} MB)` : '';
        log(`exportWork ${format} of the ${name}: median ${round(median(times))} ms of ${runs} runs, ${mb(bytes)} MB${files}`);
        figures[`formats_service_${format}_${name}_ms`] = round(median(times));
        figures[`formats_service_${format}_${name}_mb`] = mb(bytes);
        if (files) figures[`formats_service_${format}_${name}_files_mb`] = mb(unzipped);
      }
    }
    for (const [format, name] of [['tmx', 'generated.tmx'], ['xliff', 'generated.xlf']] as const) {
      const body = exported.get(format)!;
      const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await importUpload(workspace.db, workspace.alignResources, { workSlug: `imported-${format}-${i}`, workTitle: 'Imported', actor: 'bench', maxBytes: 1 << 28, files: [{ fileName: name, bytes }] });
        times.push(performance.now() - started);
      }
      log(`importUpload of the 10k work's ${format} export (${mb(bytes.byteLength)} MB): median ${round(median(times))} ms of 3 runs`);
      figures[`formats_service_import_${format}_10k_ms`] = round(median(times));
    }
  } finally {
    workspace.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
