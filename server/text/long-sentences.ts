// Sentences longer than a limit (a file with a 5 MB line, a table dumped as one paragraph): found, or
// cut into pieces of at most the limit. A cut falls after the last white space (or, in text without
// spaces, the last comma, semicolon or colon) in the second half of the allowed length, else at the
// limit itself, never inside a surrogate pair or between a letter and its combining mark. Pieces keep
// the segmenter's invariant (each is the trimmed slice of the text between its offsets) and the block
// of the sentence they come from. Linear in the text.
import type { SegmentedText, TextSentence } from './segment.ts';

/** The first sentence longer than `max` characters, with its 1-based line, or null. */
export function findLongSentence(segmented: SegmentedText, max: number): { sentence: TextSentence; line: number } | null {
  const sentence = segmented.sentences.find((s) => s.end - s.start > max);
  if (!sentence) return null;
  let line = 1;
  for (let i = segmented.text.indexOf('\n'); i >= 0 && i < sentence.start; i = segmented.text.indexOf('\n', i + 1)) line++;
  return { sentence, line };
}

const isSpace = (c: string) => /\s/u.test(c);
const isSoftStop = (c: string) => /[,;:，、；：]/u.test(c);
const isMark = (c: string) => /\p{M}/u.test(c);

/** Where to cut [from, to) of `text` so that the first piece has at most `max` characters. */
function cutPoint(text: string, from: number, max: number): number {
  const limit = from + max;
  const floor = from + Math.floor(max / 2);
  for (let i = limit; i > floor; i--) if (isSpace(text[i - 1]) || isSpace(text[i])) return i;
  for (let i = limit; i > floor; i--) if (isSoftStop(text[i - 1])) return i;
  let i = limit;
  const code = text.charCodeAt(i - 1);
  if (code >= 0xd800 && code <= 0xdbff) i--;
  while (i > from + 1 && isMark(text[i])) i--;
  return i;
}

function trimmed(text: string, start: number, end: number): [number, number] {
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  return [start, end];
}

/** The text with every sentence longer than `max` cut into pieces; `split` counts the sentences cut. */
export function splitLongSentences(segmented: SegmentedText, max: number): { segmented: SegmentedText; split: number } {
  if (!segmented.sentences.some((s) => s.end - s.start > max)) return { segmented, split: 0 };
  const { text } = segmented;
  const sentences: TextSentence[] = [];
  let split = 0;
  for (const s of segmented.sentences) {
    if (s.end - s.start <= max) {
      sentences.push(s);
      continue;
    }
    split++;
    let start = s.start;
    while (start < s.end) {
      const end = s.end - start <= max ? s.end : cutPoint(text, start, max);
      const [a, b] = trimmed(text, start, end);
      if (b > a) sentences.push({ start: a, end: b, text: text.slice(a, b), block: s.block });
      start = end;
    }
  }
  return { segmented: { ...segmented, sentences }, split };
}
