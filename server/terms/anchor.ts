// Anchors of annotations: a range of a sentence kept as offsets plus the quoted words plus the
// sentence as it was when annotated. After an edit the range follows its words when the edit left
// them alone — it lies in the unchanged start or end of the sentence, or the words are found once,
// with some of their neighbours, in the new text — and is orphaned otherwise: it is never moved onto
// other words that merely look the same.
export interface TextAnchor {
  start: number;
  end: number;
  quote: string;
  /** The sentence when the annotation was made. */
  snapshot: string;
}

export type AnchorResolution =
  | { state: 'exact' | 'moved'; start: number; end: number }
  | { state: 'orphaned' };

/** How many neighbouring characters (at most) must be unchanged for words to be recognised after an edit. */
const contextLength = 8;

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let n = 0;
  while (n < limit && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/**
 * Where the anchored words are in `current`. With `requireContext` (used for a neighbouring sentence
 * after a split or merge) only the search by the words and their neighbours is tried.
 */
export function resolveAnchor(anchor: TextAnchor, current: string, options: { requireContext?: boolean } = {}): AnchorResolution {
  const { start, end, quote, snapshot } = anchor;
  if (start < 0 || end <= start || end > snapshot.length || snapshot.slice(start, end) !== quote) return { state: 'orphaned' };
  if (!options.requireContext) {
    if (current === snapshot) return { state: 'exact', start, end };
    // One edit somewhere: the words are in the unchanged start or the unchanged end.
    const prefix = commonPrefix(snapshot, current);
    if (end <= prefix) return { state: 'exact', start, end };
    const suffix = commonSuffix(snapshot, current, Math.min(snapshot.length, current.length) - Math.min(prefix, start));
    if (start >= snapshot.length - suffix) {
      const shift = current.length - snapshot.length;
      return { state: shift === 0 ? 'exact' : 'moved', start: start + shift, end: end + shift };
    }
  }
  // Edits on both sides: the words must be found once with unchanged neighbours before or after them.
  const before = snapshot.slice(Math.max(0, start - contextLength), start);
  const after = snapshot.slice(end, end + contextLength);
  const candidates: Array<{ at: number; score: number }> = [];
  for (let at = current.indexOf(quote); at >= 0; at = current.indexOf(quote, at + 1)) {
    const beforeOk = before.length > 0 ? at >= before.length && current.slice(at - before.length, at) === before : at === 0;
    const afterOk = after.length > 0 ? current.slice(at + quote.length, at + quote.length + after.length) === after : at + quote.length === current.length;
    if (beforeOk || afterOk) candidates.push({ at, score: (beforeOk ? 1 : 0) + (afterOk ? 1 : 0) });
  }
  if (candidates.length === 0) return { state: 'orphaned' };
  const best = Math.max(...candidates.map((c) => c.score));
  const top = candidates.filter((c) => c.score === best);
  if (top.length !== 1) return { state: 'orphaned' };
  const at = top[0].at;
  return { state: at === start && current === snapshot ? 'exact' : 'moved', start: at, end: at + quote.length };
}
