// Word-level differences between two texts of one language, and the comparison of two same-language
// versions aligned row by row (beads from the aligner). Words and spaces for alphabetic languages;
// for Chinese and Japanese, words from a segmenter when one is given, else single characters.
// The parts are plain strings: templates print them escaped, so no text is ever interpreted as HTML.
import { diffArrays, diffChars, diffWordsWithSpace } from 'diff';

export interface DiffPart {
  op: 'same' | 'added' | 'removed';
  text: string;
}

const unspaced = new Set(['zh', 'ja', 'th', 'lo', 'km', 'my']);

export function diffTexts(before: string, after: string, lang: string, segment?: (text: string) => string[]): DiffPart[] {
  let changes: Array<{ value: string; added: boolean; removed: boolean }>;
  if (unspaced.has(lang)) {
    changes = segment
      ? diffArrays(segment(before), segment(after)).map((c) => ({ value: c.value.join(''), added: c.added, removed: c.removed }))
      : diffChars(before, after);
  } else {
    changes = diffWordsWithSpace(before, after);
  }
  const parts: DiffPart[] = [];
  for (const c of changes) {
    if (c.value === '') continue;
    const op = c.added ? 'added' : c.removed ? 'removed' : 'same';
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += c.value;
    else parts.push({ op, text: c.value });
  }
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
