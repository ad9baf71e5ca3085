// A first path for long texts, found without any quadratic search: sentence pairs that share rare
// translation pairs (a number, a name, a word seen at most a few times in either text) are candidate
// anchors; the heaviest chain of them increasing on both sides is the guide the band is laid around.
import type { Relation, SideTokens } from './evidence.ts';

/** Monotone guide points (cut points: after sentence i and j) from rare shared evidence. */
export function anchorGuide(src: SideTokens, tgt: SideTokens, rel: Relation, maxDf = 3): Array<[number, number]> {
  const n = src.sentences.length;
  const m = tgt.sentences.length;
  const sentencesOf = (side: SideTokens): Map<number, number[]> => {
    const map = new Map<number, number[]>();
    side.sentences.forEach((types, k) => {
      for (const x of types) {
        if (side.df[x] > maxDf) continue;
        let l = map.get(x);
        if (!l) map.set(x, (l = []));
        l.push(k);
      }
    });
    return map;
  };
  const inS = sentencesOf(src);
  const inT = sentencesOf(tgt);
  const weight = new Map<number, number>();
  for (const [s, sents] of inS) {
    for (const t of rel.targets[s]) {
      const tsents = inT.get(t);
      if (!tsents) continue;
      const w = 1 / Math.max(sents.length, tsents.length);
      for (const i of sents) for (const j of tsents) weight.set(i * m + j, (weight.get(i * m + j) ?? 0) + w);
    }
  }
  const cands: Array<{ i: number; j: number; w: number }> = [];
  for (const [key, w] of weight) if (w >= 1.5) cands.push({ i: Math.floor(key / m), j: key % m, w });
  cands.sort((a, b) => a.i - b.i || a.j - b.j);
  // heaviest chain with i and j strictly increasing: Fenwick tree of prefix maxima over j
  const tree = new Float64Array(m + 1);
  const treeArg = new Int32Array(m + 1).fill(-1);
  const best = new Float64Array(cands.length);
  const prev = new Int32Array(cands.length).fill(-1);
  const query = (j: number): [number, number] => {
    let v = 0;
    let arg = -1;
    for (let k = j; k > 0; k -= k & -k) if (tree[k] > v) { v = tree[k]; arg = treeArg[k]; }
    return [v, arg];
  };
  const update = (j: number, v: number, arg: number): void => {
    for (let k = j; k <= m; k += k & -k) if (v > tree[k]) { tree[k] = v; treeArg[k] = arg; }
  };
  let start = 0;
  while (start < cands.length) {
    let end = start;
    while (end < cands.length && cands[end].i === cands[start].i) end++;
    for (let c = start; c < end; c++) {
      const [v, arg] = query(cands[c].j); // targets strictly below j (1-based tree index j means j-1 < j)
      best[c] = v + cands[c].w;
      prev[c] = arg;
    }
    for (let c = start; c < end; c++) update(cands[c].j + 1, best[c], c);
    start = end;
  }
  let top = -1;
  for (let c = 0; c < cands.length; c++) if (top < 0 || best[c] > best[top]) top = c;
  const chain: Array<[number, number]> = [];
  for (let c = top; c >= 0; c = prev[c]) chain.push([cands[c].i, cands[c].j]);
  chain.reverse();
  // each anchor pair (i,j) gives the cut points before and after it
  const points: Array<[number, number]> = [];
  for (const [i, j] of chain) {
    points.push([i, j]);
    points.push([i + 1, j + 1]);
  }
  return points.filter(([i, j]) => i <= n && j <= m);
}
