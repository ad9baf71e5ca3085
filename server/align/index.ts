// The aligner's public face: alignPair() turns two sentence lists into beads covering every sentence
// of both sides once, in order, each with a calibrated confidence. Pure and synchronous; the resources
// (CEDICT, the Chinese segmenter) are loaded once by server/resources and passed in.
import { galeChurchAlign, trivialBeads } from './galeChurch.ts';
import { triptychAlign } from './triptych.ts';
import type { AlignOptions, AlignSide, Bead } from './types.ts';

export type { AlignOptions, AlignResources, AlignSide, Bead, ChineseDictionary, DictionaryEntry, TermSpotter } from './types.ts';
export { loadAlignResources } from '../resources/index.ts';
export { PARALLEL_THRESHOLD, parallelism, parallelismEvidence, type ParallelismEvidence } from './parallelism.ts';

export function alignPair(src: AlignSide, tgt: AlignSide, options: AlignOptions = {}): Bead[] {
  const n = src.sentences.length;
  const m = tgt.sentences.length;
  const anchors = normaliseAnchors(options.anchors ?? [], n, m);
  // Anchors cut the problem into independent segments; each is aligned on its own.
  const beads: Bead[] = [];
  let i0 = 0;
  let j0 = 0;
  for (const cut of [...anchors, { src: n, tgt: m }]) {
    const part = alignSegment(src, tgt, i0, cut.src, j0, cut.tgt, options);
    for (const bead of part) beads.push({ src: bead.src.map((i) => i + i0), tgt: bead.tgt.map((j) => j + j0), confidence: bead.confidence });
    i0 = cut.src;
    j0 = cut.tgt;
  }
  return beads;
}

function alignSegment(src: AlignSide, tgt: AlignSide, i0: number, i1: number, j0: number, j1: number, options: AlignOptions): Bead[] {
  const n = i1 - i0;
  const m = j1 - j0;
  if (n === 0 || m === 0) return trivialBeads(n, m);
  const whole = i0 === 0 && j0 === 0 && i1 === src.sentences.length && j1 === tgt.sentences.length;
  const sub = (side: AlignSide, a: number, b: number): AlignSide =>
    whole
      ? side
      : {
          lang: side.lang,
          sentences: side.sentences.slice(a, b),
          paragraphs: side.paragraphs?.slice(a, b),
          parts: side.parts?.slice(a, b),
        };
  const s = sub(src, i0, i1);
  const t = sub(tgt, j0, j1);
  if (options.method === 'gale-church') return galeChurchAlign(s.sentences, t.sentences);
  const bridge = options.bridge && !whole ? { ...options.bridge, srcBeads: shiftBeads(options.bridge.srcBeads, i0, i1), tgtBeads: shiftBeads(options.bridge.tgtBeads, j0, j1) } : options.bridge;
  return triptychAlign(s, t, { ...options, bridge });
}

/** Bridge beads re-indexed to a segment [from, to) of this side (bridge indices stay as they are). */
function shiftBeads(beads: Bead[], from: number, to: number): Bead[] {
  return beads.map((b) => ({ ...b, tgt: b.tgt.filter((x) => x >= from && x < to).map((x) => x - from) })).filter((b) => b.tgt.length > 0);
}

/** Keeps anchors that are inside both texts and strictly increasing; drops the rest. */
function normaliseAnchors(anchors: Array<{ src: number; tgt: number }>, n: number, m: number): Array<{ src: number; tgt: number }> {
  const sorted = [...anchors]
    .filter((a) => Number.isInteger(a.src) && Number.isInteger(a.tgt) && a.src >= 0 && a.tgt >= 0 && a.src <= n && a.tgt <= m)
    .sort((a, b) => a.src - b.src || a.tgt - b.tgt);
  const kept: Array<{ src: number; tgt: number }> = [];
  for (const a of sorted) {
    const last = kept[kept.length - 1] ?? { src: 0, tgt: 0 };
    if (a.src === 0 && a.tgt === 0) continue;
    if (a.src === n && a.tgt === m) continue;
    if (a.src < last.src || a.tgt < last.tgt || (a.src === last.src && a.tgt === last.tgt)) continue;
    kept.push(a);
  }
  return kept;
}
