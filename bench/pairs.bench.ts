// Pair alignments on real data, through the app as a user would use it. The UN devset has the same
// twenty documents in English, Russian and Chinese with gold alignments for every pair: each document
// is imported with `--segmentation lines` (the service the CLI calls), English, then Russian, then
// Chinese; each stored pair is exported in the beads format and scored against that pair's gold, beside
// a direct alignment of the same two files (what `triptych align` prints) and beside the pairing the
// three-column view implies (its rows, the coarser reading every export had before pairs were stored).
// Also: whether the en-ru beads are the same before and after the Chinese import.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseBeads, type BeadIndices } from '../server/align/beads.ts';
import { alignPair, loadAlignResources } from '../server/align/index.ts';
import { scoreDocuments } from '../server/align/metric.ts';
import { loadConfig } from '../server/config.ts';
import { findWorkBySlug } from '../server/db/works.ts';
import { alignmentState } from '../server/services/alignment-state.ts';
import { exportWork } from '../server/services/export-work.ts';
import { importVersion } from '../server/services/import-version.ts';
import { openWorkspace } from '../server/services/workspace.ts';

const pairs = [
  { name: 'en-ru', set: 'un-dev-enru', a: 'en', b: 'ru' },
  { name: 'en-zh', set: 'un-dev-enzh', a: 'en', b: 'zh' },
  { name: 'ru-zh', set: 'un-dev-ruzh', a: 'ru', b: 'zh' },
] as const;

function lines(file: string): string[] {
  const all = fs.readFileSync(file, 'utf8').split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export async function runPairsBench(log: (line: string) => void): Promise<Record<string, number>> {
  const benchRoot = path.join(loadConfig().sharedDir, 'bench');
  const figures: Record<string, number> = {};
  if (!fs.existsSync(path.join(benchRoot, 'un-dev-enru'))) throw new Error(`the UN devset is missing at ${benchRoot}: set TRIPTYCH_SHARED_DIR`);
  const docs = (JSON.parse(fs.readFileSync(path.join(benchRoot, 'un-dev-enru', 'dataset.json'), 'utf8')) as { docs: string[] }).docs;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-bench-pairs-'));
  const workspace = await openWorkspace(loadConfig({ ...process.env, TRIPTYCH_DB: path.join(dir, 'pairs.sqlite'), TRIPTYCH_SEED: '0' }), 'bench');
  try {
    const files = { en: path.join(benchRoot, 'un-dev-enru', 'en'), ru: path.join(benchRoot, 'un-dev-enru', 'ru'), zh: path.join(benchRoot, 'un-dev-enzh', 'zh') };
    const stored: Record<string, Array<{ gold: BeadIndices[]; predicted: BeadIndices[] }>> = { 'en-ru': [], 'en-zh': [], 'ru-zh': [] };
    const direct: Record<string, Array<{ gold: BeadIndices[]; predicted: BeadIndices[] }>> = { 'en-ru': [], 'en-zh': [], 'ru-zh': [] };
    const implied: Record<string, Array<{ gold: BeadIndices[]; predicted: BeadIndices[] }>> = { 'en-ru': [], 'en-zh': [], 'ru-zh': [] };
    let unchanged = 0;
    const started = performance.now();
    let sentences = 0;
    for (const [d, doc] of docs.entries()) {
      const slug = `un-${d + 1}`;
      let enRuBefore = '';
      for (const lang of ['en', 'ru', 'zh'] as const) {
        const bytes = fs.readFileSync(path.join(files[lang], doc));
        const result = await importVersion(workspace.db, workspace.alignResources, {
          workSlug: slug, workTitle: doc, lang, status: 'official', fileName: doc, bytes, actor: 'bench', maxBytes: 1 << 26, segmentation: 'lines',
        });
        sentences += result.sentences;
        if (lang === 'ru') enRuBefore = String((await exportWork(workspace.db, { slug, format: 'beads', versions: ['en', 'ru'] }, 'bench')).body);
      }
      if ((await exportWork(workspace.db, { slug, format: 'beads', versions: ['en', 'ru'] }, 'bench')).body === enRuBefore) unchanged++;
      const state = alignmentState(workspace.db, findWorkBySlug(workspace.db, slug)!);
      const columns = state.layout.columns.map((c) => c.name);
      for (const p of pairs) {
        const gold = parseBeads(fs.readFileSync(path.join(benchRoot, p.set, 'gold', `${doc}.align`), 'utf8'));
        const beads = parseBeads(String((await exportWork(workspace.db, { slug, format: 'beads', versions: [p.a, p.b] }, 'bench')).body));
        stored[p.name].push({ gold, predicted: beads });
        const x = columns.indexOf(p.a);
        const y = columns.indexOf(p.b);
        const range = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i);
        implied[p.name].push({
          gold,
          predicted: state
            .rows()
            .map((r) => ({ src: range(r.cells[x].first, r.cells[x].count), tgt: range(r.cells[y].first, r.cells[y].count) }))
            .filter((b) => b.src.length + b.tgt.length > 0),
        });
      }
    }
    const seconds = (performance.now() - started) / 1000;
    // the same two files aligned directly, as `triptych align` does
    const resources = await loadAlignResources(['en', 'ru', 'zh']);
    for (const doc of docs) {
      for (const p of pairs) {
        const gold = parseBeads(fs.readFileSync(path.join(benchRoot, p.set, 'gold', `${doc}.align`), 'utf8'));
        const beads = alignPair({ lang: p.a, sentences: lines(path.join(files[p.a], doc)) }, { lang: p.b, sentences: lines(path.join(files[p.b], doc)) }, { resources });
        direct[p.name].push({ gold, predicted: beads });
      }
    }
    for (const p of pairs) {
      const key = p.name.replace('-', '_');
      const s = round(scoreDocuments(stored[p.name]).strict.f1);
      const a = round(scoreDocuments(direct[p.name]).strict.f1);
      const v = round(scoreDocuments(implied[p.name]).strict.f1);
      figures[`pairs_${key}_stored_strict_f1`] = s;
      figures[`pairs_${key}_direct_strict_f1`] = a;
      figures[`pairs_${key}_view_strict_f1`] = v;
      log(`${p.name}: strict F1 of the stored pair ${s.toFixed(3)}, of a direct alignment ${a.toFixed(3)}${p.name === 'ru-zh' ? ' (no bridge; the stored pair has English as its bridge)' : ''}, of the pairing the three-column rows imply ${v.toFixed(3)}`);
    }
    figures.pairs_en_ru_unchanged_by_zh_import = unchanged;
    figures.pairs_import_seconds = Math.round(seconds * 100) / 100;
    log(`en-ru beads identical before and after the Chinese import in ${unchanged} of ${docs.length} documents; ${docs.length} documents × 3 versions imported and aligned in ${seconds.toFixed(1)} s (${Math.round(sentences / seconds)} sentences/s)`);
    return figures;
  } finally {
    workspace.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
