// The three-version grid on real data: the UN devset has the same twenty documents in English, Russian
// and Chinese with gold alignments for every pair, so the grid the app builds (English as pivot) can be
// scored pair by pair. Printed with and without the direct Russian-Chinese check: strict F1 of the
// pairings the grid implies, and how well the rows' confidences separate right from wrong
// Russian-Chinese pairings (the rows a translator sees under "low confidence").
import fs from 'node:fs';
import path from 'node:path';
import { parseBeads, type BeadIndices } from '../server/align/beads.ts';
import { alignGrid, type GridRow } from '../server/align/grid.ts';
import { alignPair, loadAlignResources, type AlignSide } from '../server/align/index.ts';
import { scoreDocuments } from '../server/align/metric.ts';
import { loadConfig } from '../server/config.ts';

const benchRoot = path.join(loadConfig().sharedDir, 'bench');
const pairs = [
  { name: 'en-ru', set: 'un-dev-enru', a: 0, b: 1 },
  { name: 'en-zh', set: 'un-dev-enzh', a: 0, b: 2 },
  { name: 'ru-zh', set: 'un-dev-ruzh', a: 1, b: 2 },
] as const;

function lines(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

/** The beads a grid implies for versions a and b: one per row where either has a sentence. */
function impliedBeads(rows: GridRow[], a: number, b: number): Array<BeadIndices & { confidence: number | null }> {
  const range = (first: number, count: number): number[] => Array.from({ length: count }, (_, x) => first + x);
  return rows
    .map((r) => ({ src: range(r.cells[a].first, r.cells[a].count), tgt: range(r.cells[b].first, r.cells[b].count), confidence: r.confidence }))
    .filter((bead) => bead.src.length + bead.tgt.length > 0);
}

export async function runGridBench(log: (line: string) => void): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  if (!fs.existsSync(path.join(benchRoot, 'un-dev-enru'))) {
    log(`skipped: no UN devset at ${benchRoot}`);
    return figures;
  }
  const docs = (JSON.parse(fs.readFileSync(path.join(benchRoot, 'un-dev-enru', 'dataset.json'), 'utf8')) as { docs: string[] }).docs;
  const resources = await loadAlignResources(['en', 'ru', 'zh']);
  const aligner = (x: AlignSide, y: AlignSide) => alignPair(x, y, { resources });
  for (const crossCheck of [false, true]) {
    const label = crossCheck ? 'checked' : 'pivot_only';
    const scored: Record<string, Array<{ gold: BeadIndices[]; predicted: BeadIndices[] }>> = { 'en-ru': [], 'en-zh': [], 'ru-zh': [] };
    const ruZhRows: Array<{ confidence: number; right: boolean }> = [];
    const started = performance.now();
    for (const doc of docs) {
      const sides: AlignSide[] = [
        { lang: 'en', sentences: lines(path.join(benchRoot, 'un-dev-enru', 'en', doc)) },
        { lang: 'ru', sentences: lines(path.join(benchRoot, 'un-dev-enru', 'ru', doc)) },
        { lang: 'zh', sentences: lines(path.join(benchRoot, 'un-dev-enzh', 'zh', doc)) },
      ];
      const rows = alignGrid(sides, 0, aligner, { crossCheck });
      for (const pair of pairs) {
        const gold = parseBeads(fs.readFileSync(path.join(benchRoot, pair.set, 'gold', `${doc}.align`), 'utf8'));
        const predicted = impliedBeads(rows, pair.a, pair.b);
        scored[pair.name].push({ gold, predicted });
        if (pair.name !== 'ru-zh') continue;
        const goldKeys = new Set(gold.map((g) => `${g.src.join(',')}:${g.tgt.join(',')}`));
        for (const bead of predicted) ruZhRows.push({ confidence: bead.confidence ?? 1, right: goldKeys.has(`${bead.src.join(',')}:${bead.tgt.join(',')}`) });
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const f1s = pairs.map((p) => {
      const f1 = Math.round(scoreDocuments(scored[p.name]).strict.f1 * 1000) / 1000;
      figures[`grid_${label}_${p.name.replace('-', '_')}_strict_f1`] = f1;
      return `${p.name} ${f1.toFixed(3)}`;
    });
    const low = ruZhRows.filter((r) => r.confidence < 0.5);
    const wrong = ruZhRows.filter((r) => !r.right);
    const caught = wrong.filter((r) => r.confidence < 0.5).length / Math.max(1, wrong.length);
    const lowWrong = low.filter((r) => !r.right).length / Math.max(1, low.length);
    figures[`grid_${label}_ru_zh_wrong_rows_below_half`] = Math.round(caught * 1000) / 1000;
    figures[`grid_${label}_ru_zh_low_rows_wrong`] = Math.round(lowWrong * 1000) / 1000;
    figures[`grid_${label}_seconds`] = Math.round(seconds * 100) / 100;
    log(
      `${crossCheck ? 'with the direct ru-zh check' : 'through the pivot only    '}: strict F1 of the implied pairs ${f1s.join(', ')};` +
        ` ru-zh rows under confidence 0.5: ${low.length} (${(lowWrong * 100).toFixed(0)}% wrong), catching ${(caught * 100).toFixed(0)}% of the ${wrong.length} wrong ones; ${seconds.toFixed(1)} s`,
    );
  }
  return figures;
}
