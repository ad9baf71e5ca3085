// Lexical evidence for a bead as a log-likelihood ratio. Each token that has possible translations in
// the other document is either covered by the other side of the bead or not. Under "these sentences
// translate each other" a token is covered with probability p1 (per token, learned from the text);
// under "unrelated sentences" with p0 = 1-(1-f)^L, where f is the share of the other document's tokens
// that translate it and L the other side's token count. Summing log(p1/p0) or log((1-p1)/(1-p0)) over
// both sides' tokens gives a score that is comparable across bead shapes and calibrates itself per
// document: frequent, loosely translated words weigh little, rare exact matches weigh a lot.
import type { Relation, SideTokens } from './evidence.ts';

const MAX_BITS = 64;

/** Which target sentences each source sentence may be paired with (from the search band). */
export interface PairWindow {
  lo: Int32Array;
  hi: Int32Array;
}

export interface CoverageTally {
  /** per type: times it occurred in a matched bead, and times it was covered there */
  seenSrc: Float64Array;
  coveredSrc: Float64Array;
  seenTgt: Float64Array;
  coveredTgt: Float64Array;
}

export function reverseRelation(rel: Relation, tgtTypes: number): Relation {
  const lists: number[][] = Array.from({ length: tgtTypes }, () => []);
  rel.targets.forEach((ts, s) => {
    for (const t of ts) lists[t].push(s);
  });
  return { targets: lists.map((l) => Int32Array.from(l)) };
}

function shareOfPartners(rel: Relation, otherDf: Int32Array, otherTotal: number): Float64Array {
  const f = new Float64Array(rel.targets.length);
  for (let s = 0; s < rel.targets.length; s++) {
    let sum = 0;
    for (const t of rel.targets[s]) sum += otherDf[t];
    f[s] = Math.min(0.95, sum / Math.max(1, otherTotal));
  }
  return f;
}

export class LexicalScorer {
  readonly n: number;
  readonly m: number;
  private readonly mS: Int32Array[]; // matchable types per source sentence (bit order)
  private readonly mT: Int32Array[];
  private readonly lenS: Float64Array;
  private readonly lenT: Float64Array;
  private readonly baseS: Float64Array; // Σ log(1-p1) over matchable tokens
  private readonly slopeS: Float64Array; // Σ -log(1-f): the uncovered term grows by this per other-side token
  private readonly baseT: Float64Array;
  private readonly slopeT: Float64Array;
  private readonly gainBaseS: Float64Array;
  private readonly gainBaseT: Float64Array;
  private readonly lfS: Float64Array; // log(1-f) per type
  private readonly lfT: Float64Array;
  private readonly win: PairWindow;
  private readonly pairOff: Int32Array;
  private readonly masks: Int32Array; // 4 per pair: src lo/hi bits covered, tgt lo/hi bits covered
  private readonly rel: Relation;
  private readonly reachStamp: Int32Array;
  private readonly reachLo: Int32Array;
  private readonly reachHi: Int32Array;
  private reachOf = -1;
  private reachStampOf = 0;
  private stampCounter = 0;

  constructor(
    src: SideTokens,
    tgt: SideTokens,
    rel: Relation,
    p1Src: Float64Array,
    p1Tgt: Float64Array,
    window: PairWindow,
  ) {
    this.n = src.sentences.length;
    this.m = tgt.sentences.length;
    this.rel = rel;
    const rev = reverseRelation(rel, tgt.vocab.length);
    const totalS = src.sentences.reduce((a, s) => a + s.length, 0);
    const totalT = tgt.sentences.reduce((a, s) => a + s.length, 0);
    const fS = shareOfPartners(rel, tgt.df, totalT);
    const fT = shareOfPartners(rev, src.df, totalS);
    this.lfS = fS.map((f) => Math.log1p(-f));
    this.lfT = fT.map((f) => Math.log1p(-f));
    const logit = (p: number): number => Math.log(p) - Math.log1p(-p);
    // logit(p1) - log(-log(1-f)): the per-token constant of the covered gain
    this.gainBaseS = p1Src.map((p, x) => logit(p) - Math.log(Math.max(1e-12, -this.lfS[x])));
    this.gainBaseT = p1Tgt.map((p, x) => logit(p) - Math.log(Math.max(1e-12, -this.lfT[x])));
    // A token counts when it has a possible translation in the other text, and numbers always count:
    // a number with no counterpart anywhere is evidence that its sentence has none either.
    const matchable = (side: SideTokens, r: Relation): Int32Array[] =>
      side.sentences.map((s) => {
        const keep: number[] = [];
        for (let k = 0; k < s.length && keep.length < MAX_BITS; k++) {
          if (r.targets[s[k]].length > 0 || /^[#@]/.test(side.vocab[s[k]])) keep.push(s[k]);
        }
        return Int32Array.from(keep);
      });
    this.mS = matchable(src, rel);
    this.mT = matchable(tgt, rev);
    this.lenS = Float64Array.from(src.sentences, (s) => Math.max(1, s.length));
    this.lenT = Float64Array.from(tgt.sentences, (s) => Math.max(1, s.length));
    const sums = (m: Int32Array[], p1: Float64Array, lf: Float64Array): [Float64Array, Float64Array] => {
      const base = new Float64Array(m.length);
      const slope = new Float64Array(m.length);
      m.forEach((types, k) => {
        for (const x of types) {
          base[k] += Math.log1p(-p1[x]);
          slope[k] -= lf[x];
        }
      });
      return [base, slope];
    };
    [this.baseS, this.slopeS] = sums(this.mS, p1Src, this.lfS);
    [this.baseT, this.slopeT] = sums(this.mT, p1Tgt, this.lfT);
    this.win = window;
    this.pairOff = new Int32Array(this.n + 1);
    for (let i = 0; i < this.n; i++) this.pairOff[i + 1] = this.pairOff[i] + Math.max(0, window.hi[i] - window.lo[i] + 1);
    this.masks = new Int32Array(this.pairOff[this.n] * 4 + 4);
    this.reachStamp = new Int32Array(tgt.vocab.length);
    this.reachLo = new Int32Array(tgt.vocab.length);
    this.reachHi = new Int32Array(tgt.vocab.length);
    for (let i = 0; i < this.n; i++) {
      for (let j = window.lo[i]; j <= window.hi[i]; j++) this.computePair(i, j, (this.pairOff[i] + j - window.lo[i]) * 4, this.masks);
    }
  }

  /**
   * For source unit i: every target type some of its tokens may translate, with the bits of those tokens.
   * Built once per unit, so a pair then costs one lookup per target token.
   */
  private buildReach(i: number): void {
    const stamp = ++this.stampCounter;
    const sTypes = this.mS[i];
    for (let a = 0; a < sTypes.length; a++) {
      const targets = this.rel.targets[sTypes[a]];
      const lo = a < 32 ? 1 << a : 0;
      const hi = a < 32 ? 0 : 1 << (a - 32);
      for (let k = 0; k < targets.length; k++) {
        const t = targets[k];
        if (this.reachStamp[t] !== stamp) {
          this.reachStamp[t] = stamp;
          this.reachLo[t] = lo;
          this.reachHi[t] = hi;
        } else {
          this.reachLo[t] |= lo;
          this.reachHi[t] |= hi;
        }
      }
    }
    this.reachOf = i;
    this.reachStampOf = stamp;
  }

  private computePair(i: number, j: number, at: number, out: Int32Array): void {
    if (this.reachOf !== i) this.buildReach(i);
    const stamp = this.reachStampOf;
    const tTypes = this.mT[j];
    let sLo = 0, sHi = 0, tLo = 0, tHi = 0;
    for (let b = 0; b < tTypes.length; b++) {
      const t = tTypes[b];
      if (this.reachStamp[t] !== stamp) continue;
      sLo |= this.reachLo[t];
      sHi |= this.reachHi[t];
      if (b < 32) tLo |= 1 << b;
      else tHi |= 1 << (b - 32);
    }
    out[at] = sLo;
    out[at + 1] = sHi;
    out[at + 2] = tLo;
    out[at + 3] = tHi;
  }

  /** Index in `masks` of the pair (i,j); pairs outside the window are computed into a spare slot. */
  private pairAt(i: number, j: number): number {
    if (j >= this.win.lo[i] && j <= this.win.hi[i]) return (this.pairOff[i] + j - this.win.lo[i]) * 4;
    const spare = this.masks.length - 4;
    this.computePair(i, j, spare, this.masks);
    return spare;
  }

  /**
   * Sum over the covered tokens of logit(p1) - logit(p0(L)), never below 0 per token. With a = -L·log(1-f),
   * logit(p0) = log(1-e^-a) + a ≈ log a + a/2 + a²/24 (error below 0.01 for a ≤ 2, and such frequent
   * words weigh nothing anyway), which saves an exp and a log per token.
   */
  private coveredGain(types: Int32Array, lo: number, hi: number, gainBase: Float64Array, lf: Float64Array, otherLen: number): number {
    let gain = 0;
    const logL = Math.log(otherLen);
    for (let half = 0; half < 2; half++) {
      let bits = half === 0 ? lo : hi;
      while (bits !== 0) {
        const low = bits & -bits;
        const x = types[31 - Math.clz32(low) + half * 32];
        bits ^= low;
        const a = -otherLen * lf[x];
        const d = gainBase[x] - logL - a * (0.5 + a / 24);
        if (d > 0) gain += d;
      }
    }
    return gain;
  }

  /** The LLR of the bead source [i0,i0+ds) × target [j0,j0+dt) summed over both sides' tokens. */
  score(i0: number, ds: number, j0: number, dt: number): number {
    let lenS = 0;
    let lenT = 0;
    for (let i = i0; i < i0 + ds; i++) lenS += this.lenS[i];
    for (let j = j0; j < j0 + dt; j++) lenT += this.lenT[j];
    const masks = this.masks;
    const j1 = j0 + dt;
    // covered bits of the (at most five: MAX_SPAN) target sentences, gathered while the source side is scored
    let t0lo = 0, t0hi = 0, t1lo = 0, t1hi = 0, t2lo = 0, t2hi = 0, t3lo = 0, t3hi = 0, t4lo = 0, t4hi = 0;
    let total = 0;
    for (let i = i0; i < i0 + ds; i++) {
      let lo = 0, hi = 0;
      const inWindow = j0 >= this.win.lo[i] && j1 - 1 <= this.win.hi[i];
      const rowBase = (this.pairOff[i] - this.win.lo[i]) * 4;
      for (let j = j0; j < j1; j++) {
        const at = inWindow ? rowBase + j * 4 : this.pairAt(i, j);
        lo |= masks[at];
        hi |= masks[at + 1];
        const tl = masks[at + 2];
        const th = masks[at + 3];
        switch (j - j0) {
          case 0: t0lo |= tl; t0hi |= th; break;
          case 1: t1lo |= tl; t1hi |= th; break;
          case 2: t2lo |= tl; t2hi |= th; break;
          case 3: t3lo |= tl; t3hi |= th; break;
          default: t4lo |= tl; t4hi |= th;
        }
      }
      if (this.mS[i].length === 0) continue;
      total += this.baseS[i] + lenT * this.slopeS[i];
      if ((lo | hi) !== 0) total += this.coveredGain(this.mS[i], lo, hi, this.gainBaseS, this.lfS, lenT);
    }
    for (let j = j0; j < j1; j++) {
      if (this.mT[j].length === 0) continue;
      const k = j - j0;
      const lo = k === 0 ? t0lo : k === 1 ? t1lo : k === 2 ? t2lo : k === 3 ? t3lo : t4lo;
      const hi = k === 0 ? t0hi : k === 1 ? t1hi : k === 2 ? t2hi : k === 3 ? t3hi : t4hi;
      total += this.baseT[j] + lenS * this.slopeT[j];
      if ((lo | hi) !== 0) total += this.coveredGain(this.mT[j], lo, hi, this.gainBaseT, this.lfT, lenS);
    }
    return total;
  }

  /**
   * The share of the bead's matchable tokens (both sides) that the other side covers, and how many
   * there are: how much of the bead's pairing rests on words rather than on length alone.
   */
  coverage(i0: number, ds: number, j0: number, dt: number): { covered: number; tokens: number } {
    let covered = 0;
    let tokens = 0;
    const bits = (lo: number, hi: number): number => popcount(lo) + popcount(hi);
    for (let i = i0; i < i0 + ds; i++) {
      let lo = 0, hi = 0;
      for (let j = j0; j < j0 + dt; j++) {
        const at = this.pairAt(i, j);
        lo |= this.masks[at];
        hi |= this.masks[at + 1];
      }
      tokens += this.mS[i].length;
      covered += bits(lo, hi);
    }
    for (let j = j0; j < j0 + dt; j++) {
      let lo = 0, hi = 0;
      for (let i = i0; i < i0 + ds; i++) {
        const at = this.pairAt(i, j);
        lo |= this.masks[at + 2];
        hi |= this.masks[at + 3];
      }
      tokens += this.mT[j].length;
      covered += bits(lo, hi);
    }
    return { covered, tokens };
  }

  /**
   * The lexical gain (the covered tokens' log-likelihood ratios, as in score) of the words of one side
   * of a bead that another range of the other side covers and the bead's own other side does not:
   * with `side` 'src', the tokens of source [i0,i0+ds) covered by target [k0,k0+dk) but not by target
   * [j0,j0+dt); with 'tgt', the tokens of target [j0,j0+dt) covered by source [k0,k0+dk) but not by
   * source [i0,i0+ds). Words of a bead that a neighbour's other side translates are what a bead cut
   * out of a larger unit (or crossing its neighbour) looks like.
   */
  coveredElsewhere(side: 'src' | 'tgt', i0: number, ds: number, j0: number, dt: number, k0: number, dk: number): number {
    const onSrc = side === 'src';
    const [from, count] = onSrc ? [i0, ds] : [j0, dt];
    const [ownFrom, ownCount] = onSrc ? [j0, dt] : [i0, ds];
    const lengths = onSrc ? this.lenT : this.lenS;
    let otherLen = 0;
    for (let k = k0; k < k0 + dk; k++) otherLen += lengths[k];
    // the bits of a unit of this side that a unit of the other covers
    const at = (x: number, y: number): number => (onSrc ? this.pairAt(x, y) : this.pairAt(y, x) + 2);
    let gain = 0;
    for (let x = from; x < from + count; x++) {
      let ownLo = 0, ownHi = 0, lo = 0, hi = 0;
      for (let y = ownFrom; y < ownFrom + ownCount; y++) {
        const a = at(x, y);
        ownLo |= this.masks[a];
        ownHi |= this.masks[a + 1];
      }
      for (let y = k0; y < k0 + dk; y++) {
        const a = at(x, y);
        lo |= this.masks[a];
        hi |= this.masks[a + 1];
      }
      lo &= ~ownLo;
      hi &= ~ownHi;
      if ((lo | hi) === 0) continue;
      gain += onSrc
        ? this.coveredGain(this.mS[x], lo, hi, this.gainBaseS, this.lfS, otherLen)
        : this.coveredGain(this.mT[x], lo, hi, this.gainBaseT, this.lfT, otherLen);
    }
    return gain;
  }

  /** Counts, per type, how often it sat in a matched bead and how often it was covered there. */
  tally(beads: Array<{ i0: number; ds: number; j0: number; dt: number }>, srcTypes: number, tgtTypes: number): CoverageTally {
    const t: CoverageTally = {
      seenSrc: new Float64Array(srcTypes),
      coveredSrc: new Float64Array(srcTypes),
      seenTgt: new Float64Array(tgtTypes),
      coveredTgt: new Float64Array(tgtTypes),
    };
    for (const { i0, ds, j0, dt } of beads) {
      if (ds === 0 || dt === 0) continue;
      for (let i = i0; i < i0 + ds; i++) {
        let lo = 0, hi = 0;
        for (let j = j0; j < j0 + dt; j++) {
          const at = this.pairAt(i, j);
          lo |= this.masks[at];
          hi |= this.masks[at + 1];
        }
        this.mS[i].forEach((x, b) => {
          t.seenSrc[x]++;
          if ((b < 32 ? lo >>> b : hi >>> (b - 32)) & 1) t.coveredSrc[x]++;
        });
      }
      for (let j = j0; j < j0 + dt; j++) {
        let lo = 0, hi = 0;
        for (let i = i0; i < i0 + ds; i++) {
          const at = this.pairAt(i, j);
          lo |= this.masks[at + 2];
          hi |= this.masks[at + 3];
        }
        this.mT[j].forEach((x, b) => {
          t.seenTgt[x]++;
          if ((b < 32 ? lo >>> b : hi >>> (b - 32)) & 1) t.coveredTgt[x]++;
        });
      }
    }
    return t;
  }
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Window of target sentences each source sentence can meet in a bead of at most `span` sentences per side. */
export function windowFromBand(lo: Int32Array, hi: Int32Array, n: number, m: number, span: number): PairWindow {
  const wlo = new Int32Array(n);
  const whi = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let a = m;
    let b = 0;
    for (let i0 = Math.max(0, i - span + 1); i0 <= i; i0++) {
      if (lo[i0] < a) a = lo[i0];
      if (hi[i0] > b) b = hi[i0];
    }
    wlo[i] = Math.max(0, a);
    whi[i] = Math.min(m - 1, b + span - 1);
  }
  return { lo: wlo, hi: whi };
}
