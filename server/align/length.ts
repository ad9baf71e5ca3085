// Sentence lengths and the Gale-Church length model: the target length of a bead is normal around
// ratio × source length with variance growing with length. Lengths are characters without spaces, so
// Chinese counts characters and alphabetic scripts count letters, digits and punctuation.

export interface LengthModel {
  /** expected target characters per source character */
  ratio: number;
  /** variance of the target length per unit of (source) length */
  variance: number;
}

export function sentenceLength(text: string): number {
  let n = 0;
  for (const ch of text) if (ch !== ' ' && ch !== '\t' && ch !== '\u00a0' && ch !== '\u3000') n++;
  return n;
}

/** The ratio from the two documents' totals; the textbook variance 6.8 scaled to the ratio's units. */
export function documentLengthModel(srcLengths: ArrayLike<number>, tgtLengths: ArrayLike<number>): LengthModel {
  let s = 0;
  let t = 0;
  for (let k = 0; k < srcLengths.length; k++) s += srcLengths[k];
  for (let k = 0; k < tgtLengths.length; k++) t += tgtLengths[k];
  const ratio = s > 0 && t > 0 ? t / s : 1;
  return { ratio, variance: 6.8 * ratio };
}

/** Standard normal upper tail, Abramowitz-Stegun 26.2.17 (error < 7.5e-8). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z);
  const t = 1 / (1 + 0.2316419 * x);
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = 0.3989422804014327 * Math.exp(-0.5 * x * x) * poly;
  return z >= 0 ? tail : 1 - tail;
}

/** Gale-Church's standardised length difference of a bead. */
export function lengthDelta(srcLength: number, tgtLength: number, model: LengthModel): number {
  const mean = (srcLength + tgtLength / model.ratio) / 2;
  if (mean <= 0) return 0;
  return (tgtLength - srcLength * model.ratio) / Math.sqrt(model.variance * mean);
}

/** log of the two-tailed probability of a length difference at least this large (Gale-Church's match score). */
export function lengthLogTail(srcLength: number, tgtLength: number, model: LengthModel): number {
  const z = Math.abs(lengthDelta(srcLength, tgtLength, model));
  if (z > 37) return -0.5 * z * z - Math.log(z) - 0.2258; // asymptotic tail, avoids log(0)
  return Math.log(Math.max(2 * normalUpperTail(z), 1e-300));
}

/** Log-density of the standardised difference, for models that combine it with other evidence. */
export function lengthLogDensity(srcLength: number, tgtLength: number, model: LengthModel): number {
  const z = lengthDelta(srcLength, tgtLength, model);
  return -0.5 * z * z - 0.9189385332046727;
}
