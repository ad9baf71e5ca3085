// A passage that moved: a run of source sentences whose translations stand elsewhere in the target,
// or in reverse order. An alignment keeps both texts in order, so it can only show such a passage as
// sentences left without partner (an omission here, an addition there) or as wrong pairs; this check
// looks past the alignment at the words of every sentence against the target sentences around its
// aligned place, and reports a run of sentences whose best partners follow each other in a crossing
// order as one move: which source sentences, and where in the target they went.
import { sentencePairEvidence } from '../align/pair-evidence.ts';
import type { AlignOptions, AlignSide, Bead } from '../align/types.ts';

export interface PassageMove {
  /** the source sentences of the passage, [from, to) */
  src: { from: number; to: number };
  /** the target sentences they went to, [from, to) */
  tgt: { from: number; to: number };
  /** the passage stands in reverse order in the target */
  reversed: boolean;
  /** the target position where the alignment put the passage (the cut before its first sentence's bead) */
  alignedAt: number;
  /** mean lexical evidence (log-likelihood ratio) of the passage's sentence pairs */
  evidence: number;
}

export interface MoveOptions extends AlignOptions {
  /** how far (in target sentences) around its aligned place a sentence's partner is looked for */
  window?: number;
  /** the fewest sentences a move has */
  minSentences?: number;
  /** the lexical evidence a sentence pair needs to count as a translation */
  minEvidence?: number;
}

interface Match {
  i: number;
  j: number;
  evidence: number;
}

export function findMovedPassages(src: AlignSide, tgt: AlignSide, beads: Bead[], options: MoveOptions = {}): PassageMove[] {
  const n = src.sentences.length;
  const m = tgt.sentences.length;
  if (n === 0 || m === 0) return [];
  const window = options.window ?? 20;
  const minSentences = options.minSentences ?? 3;
  const minEvidence = options.minEvidence ?? 4;
  const evidence = sentencePairEvidence(src, tgt, beads, options);
  // where the alignment puts each source sentence: its bead, and the target cut before that bead
  const beadOf = new Int32Array(n).fill(-1);
  const cutOf = new Int32Array(n);
  const beadOfTgt = new Int32Array(m).fill(-1);
  let cut = 0;
  beads.forEach((b, k) => {
    for (const i of b.src) {
      beadOf[i] = k;
      cutOf[i] = cut;
    }
    for (const j of b.tgt) beadOfTgt[j] = k;
    cut += b.tgt.length;
  });
  // how well each sentence is served where the alignment put it
  const alignedEvidence = new Float64Array(n);
  const alignedTgtEvidence = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const bead = beadOf[i] >= 0 ? beads[beadOf[i]] : null;
    if (!bead) continue;
    for (const j of bead.tgt) {
      const e = evidence(i, j);
      alignedEvidence[i] = Math.max(alignedEvidence[i], e);
      alignedTgtEvidence[j] = Math.max(alignedTgtEvidence[j], e);
    }
  }
  // A passage moved far lies outside any window, but both its ends are served badly by the
  // alignment: a source sentence served badly also looks among the target sentences served badly.
  const strays: number[] = [];
  for (let j = 0; j < m; j++) if (alignedTgtEvidence[j] < minEvidence) strays.push(j);
  // each source sentence's best partner, when its words make a clear case
  const best: Array<Match | null> = [];
  for (let i = 0; i < n; i++) {
    let top: Match | null = null;
    const consider = (j: number): void => {
      const e = evidence(i, j);
      if (e >= minEvidence && (top === null || e > top.evidence)) top = { i, j, evidence: e };
    };
    const lo = Math.max(0, cutOf[i] - window);
    const hi = Math.min(m, cutOf[i] + window);
    for (let j = lo; j < hi; j++) consider(j);
    if (alignedEvidence[i] < minEvidence) for (const j of strays) if (j < lo || j >= hi) consider(j);
    best.push(top);
  }
  const moves: PassageMove[] = [];
  let i = 0;
  while (i < n) {
    const first = best[i];
    const second = i + 1 < n ? best[i + 1] : null;
    const step = first && second ? second.j - first.j : 0;
    const direction = step === -1 || step === -2 ? -1 : step === 1 || step === 2 ? 1 : 0;
    if (!first || !second || direction === 0) {
      i++;
      continue;
    }
    const run: Match[] = [first, second];
    let k = i + 2;
    // one sentence inside the passage may lack a clear partner (a loose translation): skip it
    while (k < n) {
      const continues = (x: Match | null): boolean => x !== null && (x.j - run[run.length - 1].j) * direction >= 1 && (x.j - run[run.length - 1].j) * direction <= 3;
      if (continues(best[k])) {
        run.push(best[k]!);
        k++;
      } else if (k + 1 < n && continues(best[k + 1])) {
        run.push(best[k + 1]!);
        k += 2;
      } else break;
    }
    if (run.length >= minSentences && isMove(run, direction, beads, beadOf, beadOfTgt, alignedEvidence, minEvidence)) {
      const js = run.map((r) => r.j);
      moves.push({
        src: { from: run[0].i, to: run[run.length - 1].i + 1 },
        tgt: { from: Math.min(...js), to: Math.max(...js) + 1 },
        reversed: direction === -1,
        alignedAt: cutOf[run[0].i],
        evidence: run.reduce((a, r) => a + r.evidence, 0) / run.length,
      });
      i = k;
    } else i++;
  }
  return moves;
}

/**
 * A run of best partners is a move when the alignment could not hold it: in reverse order with two
 * or more sentences misplaced or hidden (inside a bead of several sentences, whose order it does not
 * show), or in order but mostly misplaced (paired elsewhere by the alignment and clearly better
 * served by the partner found).
 */
function isMove(run: Match[], direction: number, beads: Bead[], beadOf: Int32Array, beadOfTgt: Int32Array, alignedEvidence: Float64Array, margin: number): boolean {
  const misplaced = run.filter((r) => beadOf[r.i] !== beadOfTgt[r.j] && r.evidence >= alignedEvidence[r.i] + margin).length;
  if (direction === 1) return misplaced * 2 > run.length;
  const hidden = run.filter((r) => {
    const bead = beadOf[r.i] >= 0 && beadOf[r.i] === beadOfTgt[r.j] ? beads[beadOf[r.i]] : null;
    return bead !== null && (bead.src.length > 1 || bead.tgt.length > 1);
  }).length;
  return misplaced + hidden >= 2;
}
