// A translation lexicon learned from the document itself (the idea behind hunalign's -realign): in
// the beads of a first alignment, word types that keep turning up together on the two sides are taken
// as translations. Association is judged by Dice and by Dunning's log-likelihood ratio, and each word
// keeps only its strongest partners, so chance co-occurrences of frequent words do not get in.
import type { RelationBuilder, SideTokens } from './evidence.ts';

export interface MatchedBead {
  i0: number;
  ds: number;
  j0: number;
  dt: number;
}

function xlogx(x: number): number {
  return x > 0 ? x * Math.log(x) : 0;
}

/** Dunning's G² for a 2×2 contingency table (a: both, b: only first, c: only second, d: neither). */
export function logLikelihoodRatio(a: number, b: number, c: number, d: number): number {
  const n = a + b + c + d;
  return (
    2 *
    (xlogx(a) + xlogx(b) + xlogx(c) + xlogx(d) - xlogx(a + b) - xlogx(c + d) - xlogx(a + c) - xlogx(b + d) + xlogx(n))
  );
}

const MAX_BEADS = 8000;

export interface LexiconOptions {
  minCount?: number;
  minDice?: number;
  minG2?: number;
  partners?: number;
}

/** Adds learned pairs to `rel`; returns how many were added. */
export function learnLexicon(src: SideTokens, tgt: SideTokens, beads: MatchedBead[], rel: RelationBuilder, opts: LexiconOptions = {}): number {
  const minCount = opts.minCount ?? 2;
  const minDice = opts.minDice ?? 0.4;
  const minG2 = opts.minG2 ?? 10;
  const partners = opts.partners ?? 2;
  const matched = beads.filter((b) => b.ds > 0 && b.dt > 0);
  const N = matched.length;
  if (N < 4) return 0;
  const learnable = (side: SideTokens, x: number): boolean => side.df[x] >= minCount && !/^[¶#@§]/.test(side.vocab[x]);
  // Statistics saturate long before a book ends: learn from at most MAX_BEADS beads spread over the text,
  // counting co-occurrences by sorting packed keys rather than in a map.
  const step = Math.max(1, N / MAX_BEADS);
  const sample: MatchedBead[] = [];
  for (let k = 0; k < N; k += step) sample.push(matched[Math.floor(k)]);
  const countS = new Float64Array(src.vocab.length);
  const countT = new Float64Array(tgt.vocab.length);
  const V = tgt.vocab.length;
  const listS: number[] = [];
  const listT: number[] = [];
  let keys = new Float64Array(1 << 16);
  let used = 0;
  const seenS = new Int32Array(src.vocab.length).fill(-1);
  const seenT = new Int32Array(tgt.vocab.length).fill(-1);
  sample.forEach((b, index) => {
    listS.length = 0;
    listT.length = 0;
    for (let i = b.i0; i < b.i0 + b.ds; i++) for (const x of src.sentences[i]) if (seenS[x] !== index && learnable(src, x)) (seenS[x] = index), listS.push(x);
    for (let j = b.j0; j < b.j0 + b.dt; j++) for (const x of tgt.sentences[j]) if (seenT[x] !== index && learnable(tgt, x)) (seenT[x] = index), listT.push(x);
    for (const s of listS) countS[s]++;
    for (const t of listT) countT[t]++;
    if (used + listS.length * listT.length > keys.length) {
      const bigger = new Float64Array(Math.max(keys.length * 2, used + listS.length * listT.length));
      bigger.set(keys.subarray(0, used));
      keys = bigger;
    }
    for (const s of listS) for (const t of listT) keys[used++] = s * V + t;
  });
  const sorted = keys.subarray(0, used).sort();
  const joint: Array<[number, number]> = [];
  for (let k = 0; k < used; ) {
    let e = k + 1;
    while (e < used && sorted[e] === sorted[k]) e++;
    if (e - k >= minCount) joint.push([sorted[k], e - k]);
    k = e;
  }
  const total = sample.length;
  type Cand = { s: number; t: number; dice: number };
  const bySrc = new Map<number, Cand[]>();
  for (const [key, a] of joint) {
    const s = Math.floor(key / V);
    const t = key - s * V;
    const cs = countS[s];
    const ct = countT[t];
    const dice = (2 * a) / (cs + ct);
    if (dice < minDice) continue;
    const b = cs - a;
    const c = ct - a;
    const d = total - cs - ct + a;
    if (a * d <= b * c) continue;
    if (logLikelihoodRatio(a, b, c, Math.max(0, d)) < minG2) continue;
    let list = bySrc.get(s);
    if (!list) bySrc.set(s, (list = []));
    list.push({ s, t, dice });
  }
  // keep each source word's best partners, then each target word's best among those
  const byTgt = new Map<number, Cand[]>();
  for (const list of bySrc.values()) {
    list.sort((x, y) => y.dice - x.dice);
    for (const cand of list.slice(0, partners)) {
      let l = byTgt.get(cand.t);
      if (!l) byTgt.set(cand.t, (l = []));
      l.push(cand);
    }
  }
  let added = 0;
  for (const list of byTgt.values()) {
    list.sort((x, y) => y.dice - x.dice);
    for (const cand of list.slice(0, partners)) {
      if (!rel.has(cand.s, cand.t)) {
        rel.add(cand.s, cand.t);
        added++;
      }
    }
  }
  return added;
}
