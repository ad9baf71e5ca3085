// Anchors of annotations: a range of a sentence kept as offsets plus the quoted words plus the
// sentence as it was when annotated. When the sentence has been edited since, the range is carried
// through a character diff from the old text to the new one; it survives only if every character
// of the quote is untouched and still contiguous, otherwise the anchor is orphaned — it is never
// moved onto other words.
import { diffChars } from 'diff';

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

/** Context the words must keep around them to be recognised in a neighbouring sentence. */
const neighbourContext = 8;

/**
 * Where the anchored words are in `current`. With `requireContext` (used for a neighbouring
 * sentence after a split or merge) the untouched stretch must also keep some context around the quote.
 */
export function resolveAnchor(anchor: TextAnchor, current: string, options: { requireContext?: boolean } = {}): AnchorResolution {
  const { start, end, quote, snapshot } = anchor;
  if (start < 0 || end <= start || end > snapshot.length || snapshot.slice(start, end) !== quote) return { state: 'orphaned' };
  if (current === snapshot) return { state: 'exact', start, end };
  let oldAt = 0;
  let newAt = 0;
  for (const part of diffChars(snapshot, current)) {
    const length = part.value.length;
    if (part.added) {
      newAt += length;
      continue;
    }
    if (part.removed) {
      if (oldAt + length > start && oldAt < end) return { state: 'orphaned' };
      oldAt += length;
      continue;
    }
    if (oldAt <= start && end <= oldAt + length) {
      const newStart = newAt + (start - oldAt);
      const newEnd = newStart + quote.length;
      if (current.slice(newStart, newEnd) !== quote) return { state: 'orphaned' };
      if (options.requireContext) {
        const before = Math.min(neighbourContext, start);
        const after = Math.min(neighbourContext, snapshot.length - end);
        if (start - oldAt < before && end + after > oldAt + length) return { state: 'orphaned' };
      }
      return { state: newStart === start ? 'exact' : 'moved', start: newStart, end: newEnd };
    }
    if (oldAt + length > start) return { state: 'orphaned' };
    oldAt += length;
    newAt += length;
  }
  return { state: 'orphaned' };
}
