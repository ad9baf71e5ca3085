// Word-level differences between two texts of one language, and the comparison of two same-language
// versions aligned row by row (beads from the aligner). Words and spaces for alphabetic languages
// (the diff package's array diff over our own tokens);
// for Chinese and Japanese, words from a segmenter when one is given, else single characters.
// The parts are plain strings: templates print them escaped, so no text is ever interpreted as HTML.
import { diffArrays, diffChars } from 'diff';

export interface DiffPart {
  op: 'same' | 'added' | 'removed';
  text: string;
}

/** Words (letters, marks and digits, with inner apostrophes and hyphens), runs of spaces, and single other characters. */
export function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*|\s+|[^\p{L}\p{M}\p{N}\s]/gu) ?? [];
}

const unspaced = new Set(['zh', 'ja', 'th', 'lo', 'km', 'my']);

export function diffTexts(before: string, after: string, lang: string, segment?: (text: string) => string[]): DiffPart[] {
  let changes: Array<{ value: string; added: boolean; removed: boolean }>;
  if (unspaced.has(lang)) {
    changes = segment
      ? diffArrays(segment(before), segment(after)).map((c) => ({ value: c.value.join(''), added: c.added, removed: c.removed }))
      : diffChars(before, after);
  } else {
    // our own words (the diff package's word rules know Latin letters only, not Cyrillic)
    changes = diffArrays(wordsOf(before), wordsOf(after)).map((c) => ({ value: c.value.join(''), added: c.added, removed: c.removed }));
  }
  // A change is read as one stretch: removed words then added words, the single spaces between
  // changed words taken into both (not "national| |coordinators" but "national coordinators").
  const parts: DiffPart[] = [];
  let removed = '';
  let added = '';
  const flush = () => {
    // a space both sides end with is common text, not part of the change
    const tail = /\s+$/.exec(removed)?.[0] ?? '';
    const shared = tail && added.endsWith(tail) && removed.length > tail.length && added.length > tail.length ? tail : '';
    if (removed) parts.push({ op: 'removed', text: removed.slice(0, removed.length - shared.length) });
    if (added) parts.push({ op: 'added', text: added.slice(0, added.length - shared.length) });
    if (shared) parts.push({ op: 'same', text: shared });
    removed = '';
    added = '';
  };
  changes.forEach((c, i) => {
    if (c.value === '') return;
    if (c.added) added += c.value;
    else if (c.removed) removed += c.value;
    else {
      const next = changes[i + 1];
      const between = (removed || added) && next && (next.added || next.removed) && /^\s+$/.test(c.value);
      if (between) {
        removed += c.value;
        added += c.value;
        return;
      }
      flush();
      const last = parts[parts.length - 1];
      // (flush may have ended with a shared space)
      if (last && last.op === 'same') last.text += c.value;
      else parts.push({ op: 'same', text: c.value });
    }
  });
  flush();
  return parts;
}

export type CompareStatus = 'same' | 'changed' | 'added' | 'removed';

export interface CompareRow {
  /** 1-based row number of the comparison */
  number: number;
  status: CompareStatus;
  /** 0-based sentence ordinals of each side */
  left: number[];
  right: number[];
  leftText: string;
  rightText: string;
  /** the word diff, for changed rows */
  parts: DiffPart[];
}

export interface CompareSummary {
  rows: number;
  same: number;
  changed: number;
  added: number;
  removed: number;
}

export interface AlignedBead {
  src: number[];
  tgt: number[];
}

export function compareAligned(
  beads: AlignedBead[],
  leftSentences: string[],
  rightSentences: string[],
  lang: string,
  segment?: (text: string) => string[],
): { rows: CompareRow[]; summary: CompareSummary } {
  const join = (texts: string[]) => texts.join(unspaced.has(lang) ? '' : ' ');
  const summary: CompareSummary = { rows: beads.length, same: 0, changed: 0, added: 0, removed: 0 };
  const rows = beads.map((bead, i): CompareRow => {
    const leftText = join(bead.src.map((k) => leftSentences[k]));
    const rightText = join(bead.tgt.map((k) => rightSentences[k]));
    const status: CompareStatus =
      bead.src.length === 0 ? 'added' : bead.tgt.length === 0 ? 'removed' : leftText === rightText ? 'same' : 'changed';
    summary[status] += 1;
    return {
      number: i + 1,
      status,
      left: bead.src,
      right: bead.tgt,
      leftText,
      rightText,
      parts: status === 'changed' ? diffTexts(leftText, rightText, lang, segment) : [],
    };
  });
  return { rows, summary };
}
