// The calibration of the aligner's confidence (server/align/calibration.ts): aligns every document of
// the dev sets with the search's posteriors as they are, collects each bead's evidence and whether it
// is right (identical to a gold bead), fits the logistic weights (each set weighing the same, a small
// ridge), and prints per set the expected calibration error and the shares of wrong and of right
// beads below 0.5: with the posteriors, with the shipped weights and review cut, with the weights
// fitted here (the chance as it is, and with the review cut fitted here: the chance below which a
// bead is shown below 0.5, chosen so that RIGHT_BELOW_HALF of the right beads, the mean over the
// sets, fall below it), and with weights and cut fitted on the other sets only (how it would fare on a
// set it never saw); and the share of wrong beads any monotone remapping could put below the point
// where 5% of right beads are.
import fs from 'node:fs';
import path from 'node:path';
import { alignPair, loadAlignResources } from '../server/align/index.ts';
import { CONFIDENCE_FEATURES, calibratedConfidence, collectConfidenceEvidence, confidenceWeights, reviewThreshold, setConfidenceWeights, shownConfidence } from '../server/align/calibration.ts';
import { addCalibration, calibrationFromTally, emptyCalibration } from '../server/align/metric.ts';
import { parseBeads } from '../server/align/beads.ts';
import { linesOf } from '../server/cli/commands/align.ts';
import { loadConfig } from '../server/config.ts';

const DEV_SETS = ['mac-dev', 'un-dev-enru', 'un-dev-enzh', 'un-dev-ruzh', 'textberg-dev'];
const RIDGE = 1e-3;
/** the share of right beads the review cut puts below 0.5 (the low-confidence check's threshold), mean over the sets */
const RIGHT_BELOW_HALF = 0.04;

interface Sample {
  x: Float64Array;
  right: boolean;
  posterior: number;
  src: number[];
  tgt: number[];
}

async function collect(set: string): Promise<Sample[][]> {
  const dir = path.join(loadConfig().sharedDir, 'bench', set);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'dataset.json'), 'utf8')) as { src: string; tgt: string; docs: string[] };
  const resources = await loadAlignResources([meta.src, meta.tgt]);
  const docs: Sample[][] = [];
  for (const doc of meta.docs) {
    const read = (lang: string) => linesOf(fs.readFileSync(path.join(dir, lang, doc), 'utf8'));
    const gold = new Set(parseBeads(fs.readFileSync(path.join(dir, 'gold', `${doc}.align`), 'utf8')).map((b) => `${b.src}:${b.tgt}`));
    let features: Float64Array[] = [];
    collectConfidenceEvidence((f) => (features = f));
    const beads = alignPair({ lang: meta.src, sentences: read(meta.src) }, { lang: meta.tgt, sentences: read(meta.tgt) }, { resources });
    collectConfidenceEvidence(null);
    if (features.length !== beads.length) throw new Error(`${set}/${doc}: ${features.length} feature rows for ${beads.length} beads`);
    docs.push(beads.map((b, k) => ({ x: features[k], right: gold.has(`${b.src}:${b.tgt}`), posterior: b.confidence, src: b.src, tgt: b.tgt })));
  }
  return docs;
}

/** Weighted logistic regression by Newton's method (IRLS) with a ridge. */
function fit(samples: Array<{ x: Float64Array; y: number; w: number }>): number[] {
  const d = CONFIDENCE_FEATURES.length;
  let beta = new Array<number>(d).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const g = new Array<number>(d).fill(0);
    const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const s of samples) {
      const p = calibratedConfidence(s.x, beta);
      for (let a = 0; a < d; a++) {
        g[a] += s.w * (s.y - p) * s.x[a];
        for (let b = 0; b < d; b++) H[a][b] += s.w * p * (1 - p) * s.x[a] * s.x[b];
      }
    }
    for (let a = 1; a < d; a++) {
      g[a] -= RIDGE * beta[a];
      H[a][a] += RIDGE;
    }
    const step = solve(H, g);
    beta = beta.map((v, a) => v + step[a]);
    if (Math.max(...step.map(Math.abs)) < 1e-7) break;
  }
  return beta;
}

function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    const pivot = M[c][c] || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / pivot;
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((row, i) => row[n] / (M[i][i] || 1e-12));
}

function figures(docs: Sample[][], confidence: (s: Sample) => number): { ece: number; wrongBelowHalf: number; rightBelowHalf: number; ceiling: number } {
  const tally = emptyCalibration();
  for (const doc of docs) {
    const gold = doc.filter((s) => s.right).map((s) => ({ src: s.src, tgt: s.tgt }));
    addCalibration(tally, gold, doc.map((s) => ({ src: s.src, tgt: s.tgt, confidence: confidence(s) })));
  }
  const c = calibrationFromTally(tally);
  // what any monotone remapping could reach: the share of wrong beads below the confidence that 5% of right beads are below
  const all = docs.flat();
  const right = all.filter((s) => s.right).map(confidence).sort((a, b) => a - b);
  const cut = right[Math.floor(0.05 * right.length)] ?? 0;
  const wrong = all.filter((s) => !s.right).map(confidence);
  const ceiling = wrong.length ? wrong.filter((x) => x < cut).length / wrong.length : 0;
  return { ece: c.ece, wrongBelowHalf: c.wrongBelowHalf, rightBelowHalf: c.rightBelowHalf, ceiling };
}

export async function runCalibrationBench(log: (line: string) => void): Promise<Record<string, number>> {
  const shipped = confidenceWeights();
  setConfidenceWeights(null);
  const data = new Map<string, Sample[][]>();
  try {
    for (const set of DEV_SETS) data.set(set, await collect(set));
  } finally {
    setConfidenceWeights(shipped);
  }
  const samplesOf = (sets: string[]) =>
    sets.flatMap((set) => {
      const all = data.get(set)!.flat();
      return all.map((s) => ({ x: s.x, y: s.right ? 1 : 0, w: 1 / all.length }));
    });
  const probabilities = fit(samplesOf(DEV_SETS));
  // the review cut: the chance of being right below which RIGHT_BELOW_HALF of the right beads lie (the mean over the sets)
  const rightBelowCut = (w: number[], sets: string[], cut: number) =>
    sets.reduce((a, set) => {
      const right = data.get(set)!.flat().filter((s) => s.right);
      return a + right.filter((s) => calibratedConfidence(s.x, w) < cut).length / right.length;
    }, 0) / sets.length;
  const cutOf = (w: number[], sets: string[]) => {
    let lo = 0.5;
    let hi = 0.99;
    for (let k = 0; k < 40; k++) {
      const mid = (lo + hi) / 2;
      if (rightBelowCut(w, sets, mid) > RIGHT_BELOW_HALF) hi = mid;
      else lo = mid;
    }
    return lo;
  };
  const cut = cutOf(probabilities, DEV_SETS);
  log(`fitted weights (${CONFIDENCE_FEATURES.join(', ')}): [${probabilities.map((w) => w.toFixed(3)).join(', ')}]; review cut ${cut.toFixed(3)} for ${RIGHT_BELOW_HALF} of right beads below 0.5`);
  const out: Record<string, number> = {};
  const r3 = (x: number) => x.toFixed(3);
  for (const set of DEV_SETS) {
    const docs = data.get(set)!;
    const otherSets = DEV_SETS.filter((s) => s !== set);
    const others = fit(samplesOf(otherSets));
    const othersCut = cutOf(others, otherSets);
    const shippedCut = reviewThreshold();
    const rows: Array<[string, (s: Sample) => number]> = [
      ['posteriors', (s) => s.posterior],
      ...(shipped ? ([['shipped', (s: Sample) => shownConfidence(calibratedConfidence(s.x, shipped), shippedCut)]] as Array<[string, (s: Sample) => number]>) : []),
      ['fitted', (s) => calibratedConfidence(s.x, probabilities)],
      ['fitted on the others', (s) => calibratedConfidence(s.x, others)],
      ['fitted, review cut', (s) => shownConfidence(calibratedConfidence(s.x, probabilities), cut)],
      ['others, review cut', (s) => shownConfidence(calibratedConfidence(s.x, others), othersCut)],
    ];
    for (const [name, confidence] of rows) {
      const f = figures(docs, confidence);
      log(`${set.padEnd(13)} ${name.padEnd(21)} ECE ${r3(f.ece)}, wrong beads < 0.5 ${r3(f.wrongBelowHalf)}, right beads < 0.5 ${r3(f.rightBelowHalf)}; wrong beads below the 5% quantile of right ones ${r3(f.ceiling)}`);
      const key = `calibration_${set.replace(/-/g, '_')}_${name.replace(/ /g, '_')}`;
      out[`${key}_ece`] = Number(r3(f.ece));
      out[`${key}_wrong_below_half`] = Number(r3(f.wrongBelowHalf));
      out[`${key}_right_below_half`] = Number(r3(f.rightBelowHalf));
      out[`${key}_wrong_below_right_5pct`] = Number(r3(f.ceiling));
    }
  }
  return out;
}
