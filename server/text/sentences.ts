// Splits one paragraph (or list item) into sentences, for English, Russian and Chinese.
// Intl.Segmenter proposes the boundaries (Unicode's sentence rules); our rules veto the ones that fall
// after an abbreviation, an initial, an enumerator or a mid-word dot, and add the one after an ellipsis
// before a capital. Invariants: offsets index the given string; sentences are trimmed, non-empty, in
// order and never overlap; every letter and digit of the paragraph is inside exactly one sentence.
// Time is linear in the paragraph on any input: each candidate is judged on the few characters around
// it (never the whole sentence so far), and no pattern is matched from every position of a run.
import { CLAUSE_FINAL, CLOSING, SENTENCE_FINAL } from './punctuation.ts';

export interface SentenceSpan {
  start: number;
  end: number;
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(lang: string): Intl.Segmenter {
  let segmenter = segmenters.get(lang);
  if (!segmenter) {
    try {
      segmenter = new Intl.Segmenter(lang, { granularity: 'sentence' });
    } catch {
      // Not a valid language tag: Unicode's language-neutral rules still apply.
      segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
    }
    segmenters.set(lang, segmenter);
  }
  return segmenter;
}

export function splitSentences(paragraph: string, lang: string): SentenceSpan[] {
  if (isOneSentence(paragraph)) {
    const span = trimSpan(paragraph, 0, paragraph.length);
    return span.start === span.end ? [] : [span];
  }
  const cuts = [0];
  // The end of the text before each candidate, spaces aside, found by one pass over the paragraph.
  let scanned = 0;
  let contentEnd = 0;
  for (const candidate of candidateBoundaries(paragraph, lang)) {
    for (; scanned < candidate; scanned++) if (!isSpace(paragraph.charCodeAt(scanned))) contentEnd = scanned + 1;
    if (isSentenceBoundary(paragraph, candidate, cuts[cuts.length - 1], contentEnd)) cuts.push(candidate);
  }
  cuts.push(paragraph.length);

  const spans: SentenceSpan[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const span = trimSpan(paragraph, cuts[i], cuts[i + 1]);
    if (span.start === span.end) continue;
    const previous = spans[spans.length - 1];
    // A piece with no letter or digit (a stray "..." or "!") is not a sentence: it joins its neighbour.
    if (previous && !/[\p{L}\p{N}]/u.test(paragraph.slice(span.start, span.end))) previous.end = span.end;
    else if (previous && !/[\p{L}\p{N}]/u.test(paragraph.slice(previous.start, previous.end))) previous.end = span.end;
    else spans.push(span);
  }
  return spans;
}

const ANY_SENTENCE_FINAL = new RegExp(`[${[...SENTENCE_FINAL].join('')}]`, 'u');

/**
 * True when no boundary can be accepted, so Intl.Segmenter need not be asked (it costs microseconds
 * a call, which 100,000 one-sentence lines add up): the paragraph holds no sentence mark but, at most,
 * one at its very end. Every boundary the rules accept follows a mark.
 */
function isOneSentence(paragraph: string): boolean {
  let end = paragraph.length;
  while (end > 0 && isSpace(paragraph.charCodeAt(end - 1))) end--;
  if (end > 0 && SENTENCE_FINAL.includes(paragraph[end - 1])) end--;
  return !ANY_SENTENCE_FINAL.test(end === paragraph.length ? paragraph : paragraph.slice(0, end));
}

function trimSpan(text: string, start: number, end: number): SentenceSpan {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/**
 * Intl.Segmenter's cost per segment grows with the length of the string it is given, so a long
 * paragraph is fed to it in pieces cut after a space or a CJK full stop; each cut is itself a candidate.
 */
const SEGMENTER_PIECE = 2000;

/** Offsets where a sentence could start: Intl.Segmenter's, plus after an ellipsis (which it never breaks after). */
function candidateBoundaries(text: string, lang: string): number[] {
  const found = new Set<number>();
  const segmenter = segmenterFor(lang);
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + SEGMENTER_PIECE);
    if (end < text.length) {
      let cut = end;
      while (cut > start + SEGMENTER_PIECE / 2 && !(/[\s。！？]/u.test(text[cut - 1]) && !CLOSING.includes(text[cut]))) cut--;
      if (cut > start + SEGMENTER_PIECE / 2) end = cut;
      found.add(end);
    }
    for (const { index } of segmenter.segment(text.slice(start, end))) if (index > 0) found.add(start + index);
    start = end;
  }
  addEllipsisEnds(text, found);
  const contentEnd = text.trimEnd().length;
  return [...found].filter((i) => i < contentEnd).sort((a, b) => a - b);
}

/** Whether a UTF-16 code unit is one of the characters /\s/ matches (what trim() removes). */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/**
 * Adds the end of every run of spaces that follows an ellipsis ("…", or two or more full stops) and
 * any closing quotes or brackets: what /(?:…+|\.{2,})[closers]*\s+/g would find, without trying that
 * pattern from every dot of a long run of dots (which made it quadratic).
 */
function addEllipsisEnds(text: string, found: Set<number>): void {
  for (let i = 0; i < text.length; ) {
    if (!isSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && isSpace(text.charCodeAt(end))) end++;
    let mark = i;
    while (mark > 0 && CLOSING.includes(text[mark - 1])) mark--;
    if (text[mark - 1] === '…' || (text[mark - 1] === '.' && text[mark - 2] === '.')) found.add(end);
    i = end;
  }
}

// ---- the rules ------------------------------------------------------------------------------------

/** Marks that end a sentence whatever precedes them; the full stops (. and full-width ．) may be an abbreviation's. */
const STRONG_FINAL = [...SENTENCE_FINAL].filter((c) => !'.．…'.includes(c)).join('');
/** What may stand between a sentence end and the next sentence's first letter. */
const OPENERS = /^[\s"'“‘„«‹(\[（《「『【〔—–-]*/u;

/** Titles and other abbreviations that stand before a name or a number, never at a sentence end (case as written). */
const BEFORE_NAME = new Set(
  ('Mr Mrs Ms Messrs Mmes Dr Prof St Mt Ft Gen Col Lt Maj Capt Cmdr Adm Sgt Sen Rep Gov Pres Hon Rev Fr ' +
    'Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec').split(' '),
);
/** Abbreviations that do not end a sentence in any case: e.g., i.e., cf.; им., см., напр., ул. */
const NEVER_FINAL = new Set(
  ('e.g i.e cf vs viz approx ca incl esp resp dept ' +
    'v им см напр проф акад доц ул пер просп обл тов гр ср англ рус лат кит зам пос дер д долл т.е т.к').split(' '),
);
/** Abbreviations that stand before a number: "No. 5", "pp. 3–7", «ст. 5», «ч. 2», «т. 1». */
const BEFORE_NUMBER = new Set(
  'no nos nr p pp vol vols art arts fig figs ch chap sec para paras ст ч п пп с рис табл гл т стр разд абз прил'.split(' '),
);
/** Abbreviations that often end a sentence: etc., Ltd., «и т. д.», «и др.», «5 млн.». */
const MAY_END = new Set(
  'etc jr sr inc ltd co corp bros plc llc al a.m p.m т.д т.п др пр млн млрд трлн тыс руб коп'.split(' '),
);
/** «г.», «гг.», «в.», «вв.» end a sentence after a year or century ("в 2005 г."), not before a name («г. Москва»). */
const AFTER_NUMERAL = new Set(['г', 'гг', 'в', 'вв', 'н.э']);

/**
 * Runs of closing marks, of sentence marks and of spaces longer than this are read by their last
 * MAX_MARK_RUN characters. Real text has runs of a few; the limit keeps a crafted run of thousands
 * (where Intl.Segmenter is fed pieces cut inside the run, each cut a candidate) from being rescanned
 * by every candidate.
 */
const MAX_MARK_RUN = 256;
/** A word longer than this before a full stop is never an abbreviation (the longest listed has 6 letters). */
const MAX_ABBREVIATION_WORD = 64;
/** How much of the text before that word the rules about it read ("2005 г.", "т. д.", a colon). */
const PREFIX_WINDOW = 32;
const WORD_CHAR = /[\p{L}\p{M}\p{N}.’'-]/u;

/**
 * `sentenceStart` is where the sentence that `at` would end begins (the last boundary accepted). Reads
 * only the marks just before `at`, the word before a full stop and a few characters around them, so a
 * long run of refused candidates (“x! x! x!”, a hundred thousand wrapped lines) costs linear time.
 */
function isSentenceBoundary(text: string, at: number, sentenceStart: number, contentEnd: number): boolean {
  const end = Math.max(contentEnd, sentenceStart);
  // A closing quote or bracket right after the mark belongs to its sentence (。” 。」); after a space,
  // a straight quote opens the next one.
  if (end === sentenceStart || (CLOSING.includes(text[at]) && !isSpace(text.charCodeAt(at - 1)))) return false;

  let coreEnd = end;
  while (coreEnd > sentenceStart && end - coreEnd < MAX_MARK_RUN && CLOSING.includes(text[coreEnd - 1])) coreEnd--;
  let marksStart = coreEnd;
  while (marksStart > sentenceStart && coreEnd - marksStart < MAX_MARK_RUN && SENTENCE_FINAL.includes(text[marksStart - 1])) marksStart--;
  // Intl.Segmenter also breaks at line breaks; a wrapped line is not a sentence end.
  if (marksStart === coreEnd) return false;
  const terminators = text.slice(marksStart, coreEnd);

  const next = text.slice(at, at + 64).replace(OPENERS, '')[0] ?? '';
  // "…?” he asked." and "etc. in your diet": a lower-case continuation keeps the sentence whole.
  if (/\p{Ll}/u.test(next)) return false;
  if ([...terminators].some((c) => STRONG_FINAL.includes(c))) return true;
  // An ellipsis ends a sentence only before a capital ("He paused... Then"), not inside one (我想……他走了).
  if (terminators.includes('…') || terminators.length > 1) return /\p{Lu}/u.test(next);

  // A single full stop. Without a space after it, a Latin one is inside a word, a number or a name
  // (U.S.）的); a full-width one (used as a full stop in some Chinese texts) needs no space.
  if (terminators === '.' && end === at) return false;
  return !isAbbreviationDot(text, sentenceStart, coreEnd - 1, next);
}

/**
 * True when the word before the full stop at `dot` makes the stop an abbreviation's, not a sentence
 * end; the sentence began at `sentenceStart`.
 */
function isAbbreviationDot(text: string, sentenceStart: number, dot: number, next: string): boolean {
  // The word: letters, digits, dots, apostrophes and hyphens back from the stop (code points, so an
  // astral letter counts whole), without the dots, apostrophes and hyphens it starts with.
  let wordStart = dot;
  while (wordStart > sentenceStart) {
    const pair = wordStart - 2 >= sentenceStart && /[\udc00-\udfff]/.test(text[wordStart - 1]) && /[\ud800-\udbff]/.test(text[wordStart - 2]);
    const width = pair ? 2 : 1;
    if (!WORD_CHAR.test(text.slice(wordStart - width, wordStart))) break;
    wordStart -= width;
    if (dot - wordStart > MAX_ABBREVIATION_WORD) return false;
  }
  while (wordStart < dot && ".’'-".includes(text[wordStart])) wordStart++;
  if (wordStart === dot) return false;
  const word = text.slice(wordStart, dot);
  // The end of the text before the word, which is all the rules below look at.
  const prefix = text.slice(Math.max(sentenceStart, wordStart - PREFIX_WINDOW), wordStart);

  // "т. д." and "т. е." written with a space are the same abbreviations as "т.д." and "т.е.".
  const spaced = /\p{Ll}\.\s$/u.test(prefix) && /^\p{Ll}$/u.test(word) ? prefix.slice(-3, -2) + '.' + word : undefined;
  const key = (spaced ?? word).toLowerCase();

  if (MAY_END.has(key)) return false;
  if (AFTER_NUMERAL.has(key)) return !/(?:\d|\b[IVXLC]+)[\s–—-]*$/u.test(prefix);
  if (BEFORE_NUMBER.has(key) && /\d/.test(next)) return true;
  if (BEFORE_NAME.has(word) || NEVER_FINAL.has(key)) return true;
  // Initials (J. R. R. Tolkien, В. В. Путин) and letter-dot chains (U.S., U.N., т.е.).
  if (/^\p{Lu}$/u.test(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)) return true;
  // An enumerator opening a sentence or following a colon: "1. The first item", "… agreed. 2. The parties".
  let beforeSpaces = wordStart;
  while (beforeSpaces > sentenceStart && wordStart - beforeSpaces < MAX_MARK_RUN && isSpace(text.charCodeAt(beforeSpaces - 1))) beforeSpaces--;
  const opensSentence = beforeSpaces === sentenceStart || CLAUSE_FINAL.includes(text[beforeSpaces - 1]);
  if (opensSentence && /^(?:\d{1,3}|[IVXLC]{1,6}|[一二三四五六七八九十]{1,3}|\p{L})$/u.test(word)) return true;
  return false;
}
