// Benchmark of what the aligner makes of a sentence whose translation is missing (a translator's
// omission): on the UN dev sets, for each document, up to OMISSIONS_PER_DOC sentences aligned 1-1 in
// the gold between two other 1-1 beads lose their translation (the target sentence is deleted), the
// document is aligned again, and the orphan is counted as
//   alone    a one-sided bead of its own (what a translator must see: an omission in that row),
//   joined   folded into a neighbour's bead (the row reads as a translation that is not there),
//   misplaced paired with some other sentence.
// The sentences are chosen evenly through the document, not at random, so the runs are comparable.
import fs from 'node:fs';
import path from 'node:path';
import { alignPair, loadAlignResources } from '../server/align/index.ts';
import { parseBeads } from '../server/align/beads.ts';
import { loadConfig } from '../server/config.ts';

const SETS = ['un-dev-enru', 'un-dev-enzh', 'un-dev-ruzh'];

const linesOf = (file: string) => fs.readFileSync(file, 'utf8').replace(/\n$/, '').split('\n');

export async function runOmissionsBench(log: (line: string) => void): Promise<Record<string, number>> {
  const perDoc = Number(process.env.OMISSIONS_PER_DOC ?? 3);
  const figures: Record<string, number> = {};
  for (const name of SETS) {
    const dir = path.join(loadConfig().sharedDir, 'bench', name);
    const set = JSON.parse(fs.readFileSync(path.join(dir, 'dataset.json'), 'utf8')) as { src: string; tgt: string; docs: string[] };
    const resources = await loadAlignResources([set.src, set.tgt]);
    const counts = { alone: 0, joined: 0, misplaced: 0 };
    for (const doc of set.docs) {
      const src = linesOf(path.join(dir, set.src, doc));
      const tgt = linesOf(path.join(dir, set.tgt, doc));
      const gold = parseBeads(fs.readFileSync(path.join(dir, 'gold', `${doc}.align`), 'utf8'));
      const oneToOne = (k: number) => gold[k].src.length === 1 && gold[k].tgt.length === 1;
      const candidates = gold.map((_, k) => k).filter((k) => k > 0 && k < gold.length - 1 && oneToOne(k - 1) && oneToOne(k) && oneToOne(k + 1));
      const chosen = Array.from({ length: Math.min(perDoc, candidates.length) }, (_, x) => candidates[Math.floor(((x + 0.5) * candidates.length) / Math.min(perDoc, candidates.length))]);
      for (const k of chosen) {
        const orphan = gold[k].src[0];
        const dropped = gold[k].tgt[0];
        const beads = alignPair({ lang: set.src, sentences: src }, { lang: set.tgt, sentences: tgt.filter((_, j) => j !== dropped) }, { resources });
        const bead = beads.find((b) => b.src.includes(orphan))!;
        if (bead.src.length === 1 && bead.tgt.length === 0) counts.alone++;
        else if (bead.src.length > 1) counts.joined++;
        else counts.misplaced++;
      }
    }
    const total = counts.alone + counts.joined + counts.misplaced;
    log(`${name}: ${total} omitted translations: ${counts.alone} left alone (${((100 * counts.alone) / total).toFixed(0)}%), ${counts.joined} joined to a neighbour, ${counts.misplaced} misplaced`);
    const key = name.replace(/-/g, '_');
    figures[`omissions_${key}_alone_share`] = Math.round((1000 * counts.alone) / total) / 1000;
    figures[`omissions_${key}_joined`] = counts.joined;
    figures[`omissions_${key}_misplaced`] = counts.misplaced;
  }
  return figures;
}
