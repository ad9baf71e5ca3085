// `triptych eval`: runs the aligner over benchmark sets (layout of ../shared/bench/README.md) and prints
// strict and lax P/R/F1 pooled over each set's documents, the seconds taken, then one line of JSON.
import fs from 'node:fs';
import path from 'node:path';
import { alignPair, loadAlignResources, parallelism } from '../../align/index.ts';
import { coverageProblem, formatBeads, parseBeads, type BeadIndices } from '../../align/beads.ts';
import { addCalibration, addMissAnalysis, analyseMisses, calibrationFromTally, emptyCalibration, emptyMissAnalysis, scoreDocuments, scoresFromCounts, type AlignmentScores } from '../../align/metric.ts';
import { CliError, parseFlags, stringFlag, type CliCommand } from '../io.ts';
import { linesOf, parseMethod } from './align.ts';

interface BenchSet {
  name: string;
  src: string;
  tgt: string;
  docs: string[];
}

function readSet(dir: string): BenchSet {
  const file = path.join(dir, 'dataset.json');
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`${dir} is not a benchmark set (no dataset.json)`);
  }
  let data: Partial<BenchSet>;
  try {
    data = JSON.parse(raw) as Partial<BenchSet>;
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
  if (typeof data.src !== 'string' || typeof data.tgt !== 'string' || !Array.isArray(data.docs)) {
    throw new CliError(`${file}: needs "src", "tgt" and "docs"`);
  }
  return { name: data.name ?? path.basename(path.resolve(dir)), src: data.src, tgt: data.tgt, docs: data.docs };
}

function readLines(file: string): string[] {
  try {
    return linesOf(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new CliError(`cannot read ${file}`);
  }
}

const fmt = (x: number): string => x.toFixed(3);

export interface SetResult {
  name: string;
  strict: { p: number; r: number; f1: number };
  lax: { p: number; r: number; f1: number };
  seconds: number;
  /** how well the confidences tell right beads from wrong (see calibrationFromTally) */
  confidence: { ece: number; wrongBelowHalf: number; rightBelowHalf: number };
  /**
   * with --parallel: each document's parallelism score with its own partner and with the next
   * document's (a wrong partner), and how many of each land on the right side of 0.5
   */
  parallel?: { truePairs: number; trueAbove: number; wrongPairs: number; wrongBelow: number; correct: number; lowestTrue: number; highestWrong: number };
  /** with --explain: why gold beads were missed (see analyseMisses) */
  explain?: { missed: number; finer: number; coarser: number; crossing: number; repairedStrictF1: number };
}

function round3(scores: AlignmentScores): Pick<SetResult, 'strict' | 'lax'> {
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    strict: { p: r(scores.strict.p), r: r(scores.strict.r), f1: r(scores.strict.f1) },
    lax: { p: r(scores.lax.p), r: r(scores.lax.r), f1: r(scores.lax.f1) },
  };
}

export const evalCommand: CliCommand = {
  name: 'eval',
  usage: `usage: triptych eval SET_DIR... [--out DIR] [--method triptych|gale-church] [--explain] [--parallel]

Aligns every document of each set, prints strict and lax precision, recall and F1 (pooled over the
set's documents) and the seconds taken; how well the confidences tell right beads (identical to a
gold bead) from wrong: the expected calibration error (ten bins) and the shares of wrong and of right
beads below confidence 0.5; then one line of JSON with every figure.

  --out DIR    also write each document's beads to DIR/<set>/<doc>.align
  --method     triptych (default) or gale-church (the baseline)
  --explain    also sort the missed gold beads: split finer into correct smaller beads, inside a
               larger predicted bead, or crossing (a wrong pairing); and give the strict F1 the
               output would reach with every error but the finer splits repaired
  --parallel   also align each document with the next document's partner (a wrong partner) and
               count how often the parallelism score (>= 0.5: translations) tells the pairs apart`,
  async run(args, io) {
    const { flags, positional } = parseFlags(args, { values: ['out', 'method'], switches: ['explain', 'parallel'] });
    const explain = flags.explain === true;
    const withParallel = flags.parallel === true;
    const method = parseMethod(stringFlag(flags, 'method'));
    const outDir = stringFlag(flags, 'out');
    if (positional.length === 0) throw new CliError('give at least one benchmark set directory');
    const sets = positional.map((dir) => ({ dir, set: readSet(dir) }));
    const results: SetResult[] = [];
    for (const { dir, set } of sets) {
      const started = performance.now();
      const resources = method === 'triptych' ? await loadAlignResources([set.src, set.tgt]) : undefined;
      const pairs: Array<{ gold: BeadIndices[]; predicted: BeadIndices[] }> = [];
      const misses = emptyMissAnalysis();
      const parallelScores: { true: number[]; wrong: number[] } = { true: [], wrong: [] };
      const calibration = emptyCalibration();
      for (const doc of set.docs) {
        const src = readLines(path.join(dir, set.src, doc));
        const tgt = readLines(path.join(dir, set.tgt, doc));
        const goldFile = path.join(dir, 'gold', `${doc}.align`);
        let gold: BeadIndices[];
        try {
          gold = parseBeads(fs.readFileSync(goldFile, 'utf8'));
        } catch (error) {
          throw new CliError(`${goldFile}: ${(error as Error).message}`);
        }
        const srcSide = { lang: set.src, sentences: src };
        const tgtSide = { lang: set.tgt, sentences: tgt };
        const beads = alignPair(srcSide, tgtSide, { method, resources });
        if (withParallel) {
          parallelScores.true.push(parallelism(srcSide, tgtSide, beads, { resources }));
          if (set.docs.length > 1) {
            const other = set.docs[(set.docs.indexOf(doc) + 1) % set.docs.length];
            const wrongSide = { lang: set.tgt, sentences: readLines(path.join(dir, set.tgt, other)) };
            parallelScores.wrong.push(parallelism(srcSide, wrongSide, alignPair(srcSide, wrongSide, { method, resources }), { resources }));
          }
        }
        const problem = coverageProblem(beads, src.length, tgt.length);
        if (problem) throw new Error(`${set.name}/${doc}: the aligner broke its contract: ${problem}`);
        pairs.push({ gold, predicted: beads });
        addCalibration(calibration, gold, beads);
        if (explain) addMissAnalysis(misses, analyseMisses(gold, beads));
        if (outDir) {
          const target = path.join(outDir, set.name);
          fs.mkdirSync(target, { recursive: true });
          fs.writeFileSync(path.join(target, `${doc}.align`), formatBeads(beads));
        }
      }
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      const scores = round3(scoreDocuments(pairs));
      const cal = calibrationFromTally(calibration);
      const r3 = (x: number): number => Math.round(x * 1000) / 1000;
      const confidence = { ece: r3(cal.ece), wrongBelowHalf: r3(cal.wrongBelowHalf), rightBelowHalf: r3(cal.rightBelowHalf) };
      const result: SetResult = { name: set.name, ...scores, seconds, confidence };
      if (explain) {
        const repairedStrictF1 = Math.round(scoresFromCounts(misses.repaired).strict.f1 * 1000) / 1000;
        result.explain = { missed: misses.missed, finer: misses.finer, coarser: misses.coarser, crossing: misses.crossing, repairedStrictF1 };
      }
      if (withParallel) {
        const trueAbove = parallelScores.true.filter((x) => x >= 0.5).length;
        const wrongBelow = parallelScores.wrong.filter((x) => x < 0.5).length;
        const pairs = parallelScores.true.length + parallelScores.wrong.length;
        result.parallel = {
          truePairs: parallelScores.true.length,
          trueAbove,
          wrongPairs: parallelScores.wrong.length,
          wrongBelow,
          correct: r3((trueAbove + wrongBelow) / Math.max(1, pairs)),
          lowestTrue: r3(Math.min(...parallelScores.true)),
          highestWrong: parallelScores.wrong.length ? r3(Math.max(...parallelScores.wrong)) : 0,
        };
      }
      results.push(result);
      io.out(
        `${set.name.padEnd(14)} strict P ${fmt(scores.strict.p)} R ${fmt(scores.strict.r)} F1 ${fmt(scores.strict.f1)}` +
          `   lax P ${fmt(scores.lax.p)} R ${fmt(scores.lax.r)} F1 ${fmt(scores.lax.f1)}   ${seconds.toFixed(2)} s\n`,
      );
      io.out(
        `${''.padEnd(14)} confidence: ECE ${fmt(confidence.ece)}, wrong beads < 0.5 ${fmt(confidence.wrongBelowHalf)}, right beads < 0.5 ${fmt(confidence.rightBelowHalf)}\n`,
      );
      if (result.parallel) {
        const q = result.parallel;
        io.out(
          `${''.padEnd(14)} parallel: ${q.trueAbove}/${q.truePairs} true partners >= 0.5 (lowest ${fmt(q.lowestTrue)}), ` +
            `${q.wrongBelow}/${q.wrongPairs} wrong partners < 0.5 (highest ${fmt(q.highestWrong)}); ${fmt(q.correct)} correct\n`,
        );
      }
      if (result.explain) {
        const e = result.explain;
        io.out(
          `${''.padEnd(14)} missed gold beads ${e.missed}: ${e.finer} split finer, ${e.coarser} inside a larger bead, ${e.crossing} crossing;` +
            ` strict F1 with all but the finer splits repaired ${fmt(e.repairedStrictF1)}\n`,
        );
      }
    }
    io.out(JSON.stringify({ sets: results }) + '\n');
    return 0;
  },
};
