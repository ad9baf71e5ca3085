// Splits one paragraph (or list item) into sentences, for English, Russian and Chinese.
// Intl.Segmenter proposes the boundaries (Unicode's sentence rules); our rules veto the ones that fall
// after an abbreviation, an initial, an enumerator or a mid-word dot, and add the one after an ellipsis
// before a capital. Invariants: offsets index the given string; sentences are trimmed, non-empty, in
// order and never overlap; every letter and digit of the paragraph is inside exactly one sentence.
import { CLAUSE_FINAL, CLOSING, SENTENCE_FINAL, escapeClass, stripClosers } from './punctuation.ts';

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
  const cuts = [0];
  for (const candidate of candidateBoundaries(paragraph, lang)) {
    if (isSentenceBoundary(paragraph, candidate, cuts[cuts.length - 1])) cuts.push(candidate);
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

function trimSpan(text: string, start: number, end: number): SentenceSpan {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

const ELLIPSIS_THEN_SPACE = new RegExp(`(?:…+|\\.{2,})[${escapeClass(CLOSING)}]*\\s+`, 'gu');

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
  for (const match of text.matchAll(ELLIPSIS_THEN_SPACE)) found.add(match.index + match[0].length);
  const contentEnd = text.trimEnd().length;
  return [...found].filter((i) => i < contentEnd).sort((a, b) => a - b);
}

// ---- the rules ------------------------------------------------------------------------------------

/** Marks that end a sentence whatever precedes them; the full stops (. and full-width ．) may be an abbreviation's. */
const STRONG_FINAL = [...SENTENCE_FINAL].filter((c) => !'.．…'.includes(c)).join('');
const TERMINATORS = new RegExp(`[${escapeClass(SENTENCE_FINAL)}]+$`, 'u');
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
/** The text before a word that opens a clause after a colon or semicolon. */
const AFTER_CLAUSE = new RegExp(`[${escapeClass(CLAUSE_FINAL)}]\\s*$`, 'u');

/** `sentenceStart` is where the sentence that `at` would end begins (the last boundary accepted). */
function isSentenceBoundary(text: string, at: number, sentenceStart: number): boolean {
  // Only the sentence so far and a few characters after it matter, which keeps long paragraphs linear.
  const before = text.slice(sentenceStart, at).trimEnd();
  // A closing quote or bracket right after the mark belongs to its sentence (。” 。」); after a space,
  // a straight quote opens the next one.
  if (before === '' || (CLOSING.includes(text[at]) && !/\s/.test(text[at - 1]))) return false;

  const core = stripClosers(before);
  const terminators = core.match(TERMINATORS)?.[0];
  // Intl.Segmenter also breaks at line breaks; a wrapped line is not a sentence end.
  if (!terminators) return false;

  const next = text.slice(at, at + 64).replace(OPENERS, '')[0] ?? '';
  // "…?” he asked." and "etc. in your diet": a lower-case continuation keeps the sentence whole.
  if (/\p{Ll}/u.test(next)) return false;
  if ([...terminators].some((c) => STRONG_FINAL.includes(c))) return true;
  // An ellipsis ends a sentence only before a capital ("He paused... Then"), not inside one (我想……他走了).
  if (terminators.includes('…') || terminators.length > 1) return /\p{Lu}/u.test(next);

  // A single full stop. Without a space after it, a Latin one is inside a word, a number or a name
  // (U.S.）的); a full-width one (used as a full stop in some Chinese texts) needs no space.
  if (terminators === '.' && sentenceStart + before.length === at) return false;
  return !isAbbreviationDot(core.slice(0, -1), next);
}

/**
 * True when the word before a full stop makes the stop an abbreviation's, not a sentence end.
 * `textBeforeDot` runs from the start of the sentence to the stop.
 */
function isAbbreviationDot(textBeforeDot: string, next: string): boolean {
  const word = textBeforeDot.match(/[\p{L}\p{M}\p{N}.’'-]*$/u)![0].replace(/^[.’'-]+/, '');
  const prefix = textBeforeDot.slice(0, textBeforeDot.length - word.length);
  if (word === '') return false;

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
  const opensSentence = prefix.trim() === '' || AFTER_CLAUSE.test(prefix);
  if (opensSentence && /^(?:\d{1,3}|[IVXLC]{1,6}|[一二三四五六七八九十]{1,3}|\p{L})$/u.test(word)) return true;
  return false;
}
