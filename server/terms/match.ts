// Finds the terms of a termbase in a sentence, per language:
// - English: case (acronyms like RATS only in capitals), plurals, possessives, hyphen or space
//   between the words of a term (Secretary-General, Secretary General), whole words only.
// - Russian: each word compared by its Snowball stem after ё→е folding, so inflected forms of single
//   words and of multiword terms match; the rest of the word after the stem must be a short ending,
//   and stems must be equal (not prefixes), so «советник» is not «совет».
// - Chinese: the longest term wins, and a match must begin and end on word boundaries given by the
//   injected segmenter (jieba), so 秘书 does not fire inside 秘书长 or 秘书处.
// - Other languages: whole words, case-insensitive, no morphology.
// Overlapping candidates are resolved longest first. Offsets are UTF-16 indices into the sentence.
import { createRequire } from 'node:module';
import type { ConceptData, TermData } from './termbase.ts';

export interface TermOccurrence {
  concept: ConceptData;
  term: TermData;
  lang: string;
  start: number;
  end: number;
  /** The words as they stand in the text. */
  text: string;
}

/** Splits a text into words whose concatenation is the text (jieba's `cut`). */
export type Segmenter = (text: string) => string[];

export interface MatchOptions {
  /** Word segmentation for Chinese; without it Chinese terms match anywhere. */
  segmentChinese?: Segmenter;
}

interface Token {
  start: number;
  end: number;
  raw: string;
}

type WordTest = { exact: string } | { keys: string[] };

interface CompiledTerm {
  concept: ConceptData;
  term: TermData;
  words: WordTest[];
  /** Gap between word i and i+1, without spaces and hyphens (e.g. '(' in 'Government (Prime'). */
  gaps: string[];
}

const tokenPattern = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;
const spaceOrHyphen = /[\s\-‐‑]/gu;
const maxGap = 4;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(tokenPattern)) tokens.push({ start: m.index!, end: m.index! + m[0].length, raw: m[0] });
  return tokens;
}

function isAcronym(word: string): boolean {
  return word.length >= 2 && word === word.toUpperCase() && word !== word.toLowerCase() && !/\p{Ll}/u.test(word);
}

// The Snowball stemmer is in-memory code, a pure function of its input; stems are memoised.
const require = createRequire(import.meta.url);
const snowball = require('snowball-stemmers') as { newStemmer(name: string): { stem(word: string): string } };
const russianStemmer = snowball.newStemmer('russian');
const russianStems = new Map<string, string>();

export function foldRussian(word: string): string {
  return word.toLowerCase().replace(/ё/g, 'е');
}

/**
 * Inflectional endings of Russian nouns, adjectives and participles (after ё→е folding). A word and a
 * term word are the same word when removing such an ending from each leaves the same base; a word
 * whose remainder is not an ending (советник, генеральный against совет, генерал) is another word.
 */
const russianEndings = new Set(
  ('а я о е ы и у ю ь й ом ем ой ей ою ею ам ям ами ями ах ях ов ев ий ый ая яя ое ее ые ие ого его ому ему ' +
    'ым им ых их ую юю ыми ими ью ия ии ию ием ией иям иями иях ью ьи ья ье ьей ьям ьями ьях').split(' '),
);
const maxRussianEnding = 4;
const minRussianBase = 3;

/** Every base a Russian word can have: the word minus '' or one of the endings, and its Snowball stem. */
function russianBases(word: string): string[] {
  const folded = foldRussian(word);
  if (folded.length <= minRussianBase) return [folded];
  const bases = new Set<string>([folded]);
  for (let n = 1; n <= maxRussianEnding && folded.length - n >= minRussianBase; n++) {
    if (russianEndings.has(folded.slice(-n))) bases.add(folded.slice(0, -n));
  }
  let stem = russianStems.get(folded);
  if (stem === undefined) {
    stem = russianStemmer.stem(folded);
    if (russianStems.size < 200_000) russianStems.set(folded, stem);
  }
  // The stem counts only when what it cuts off is an ending: Snowball's «генера» for «генерал» does not.
  if (stem.length >= minRussianBase && (stem === folded || russianEndings.has(folded.slice(stem.length)))) bases.add(stem);
  return [...bases];
}

export function englishKey(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '').replace(/['’]$/, '');
  if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y';
  else if (w.length > 4 && /(?:sses|ches|shes|xes|zes)$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** The keys under which a word is looked up; two words are the same when their keys meet. */
function wordKeys(lang: string, word: string): string[] {
  if (lang === 'ru') return russianBases(word);
  if (lang === 'en') return [englishKey(word)];
  return [word.toLowerCase()];
}

function withoutPossessive(word: string): string {
  return word.replace(/['’]s$/, '');
}

function wordTest(lang: string, word: string): WordTest {
  return isAcronym(word) ? { exact: word } : { keys: wordKeys(lang, word) };
}

const unspaced = new Set(['zh', 'ja']);

function baseLang(lang: string): string {
  return lang.split('-')[0].toLowerCase();
}

export interface TermMatcher {
  /** Every occurrence of a term of the termbase in a sentence of the given language, in text order. */
  find(lang: string, text: string): TermOccurrence[];
  /** The languages that have at least one term. */
  langs: ReadonlySet<string>;
}

export function compileTermbase(concepts: readonly ConceptData[], options: MatchOptions = {}): TermMatcher {
  // Spaced languages: terms indexed by the test of their first word.
  const byFirstWord = new Map<string, Map<string, CompiledTerm[]>>();
  // Unspaced languages: terms indexed by their first character.
  const byFirstChar = new Map<string, Map<string, CompiledTerm[]>>();
  const langs = new Set<string>();
  for (const concept of concepts) {
    for (const term of concept.terms) {
      const lang = baseLang(term.lang);
      langs.add(lang);
      if (unspaced.has(lang)) {
        const text = term.text.normalize('NFC');
        const index = byFirstChar.get(lang) ?? new Map<string, CompiledTerm[]>();
        byFirstChar.set(lang, index);
        const first = text[0];
        const list = index.get(first) ?? [];
        list.push({ concept, term: { ...term, text }, words: [], gaps: [] });
        index.set(first, list);
        continue;
      }
      const tokens = tokenize(term.text);
      if (tokens.length === 0) continue;
      const words = tokens.map((t) => wordTest(lang, t.raw));
      const gaps = tokens.slice(1).map((t, i) => term.text.slice(tokens[i].end, t.start).replace(spaceOrHyphen, ''));
      const index = byFirstWord.get(lang) ?? new Map<string, CompiledTerm[]>();
      byFirstWord.set(lang, index);
      const heads = 'exact' in words[0] ? [`=${words[0].exact}`] : words[0].keys;
      for (const head of heads) {
        const list = index.get(head) ?? [];
        list.push({ concept, term, words, gaps });
        index.set(head, list);
      }
    }
  }

  function findSpaced(lang: string, text: string): TermOccurrence[] {
    const index = byFirstWord.get(lang);
    if (!index) return [];
    const tokens = tokenize(text);
    if (tokens.length === 0) return [];
    const keys = tokens.map((t) => wordKeys(lang, t.raw));
    const raws = tokens.map((t) => withoutPossessive(t.raw));
    const joinedKeys = (i: number): string[] =>
      // "Anti-terrorist" in the text against "Antiterrorist" in the termbase.
      i + 1 < tokens.length && /^[-‐‑]$/.test(text.slice(tokens[i].end, tokens[i + 1].start))
        ? wordKeys(lang, tokens[i].raw + tokens[i + 1].raw)
        : [];
    const meets = (a: string[], b: string[]) => a.some((k) => b.includes(k));
    const passes = (test: WordTest, i: number): number => {
      if ('exact' in test) return raws[i] === test.exact ? 1 : 0;
      // A word in capitals is an acronym: 'RATS' is not 'rats', 'ШОС' not 'шос'.
      if (isAcronym(raws[i]) && raws[i].length <= 5) return 0;
      if (meets(keys[i], test.keys)) return 1;
      return meets(joinedKeys(i), test.keys) ? 2 : 0;
    };
    const candidates: TermOccurrence[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const seen = new Set<CompiledTerm>();
      for (const head of [...keys[i], `=${raws[i]}`, ...joinedKeys(i)]) {
        const list = index.get(head);
        if (!list) continue;
        for (const c of list) {
          if (seen.has(c)) continue;
          seen.add(c);
          let at = i;
          let ok = true;
          for (let w = 0; w < c.words.length; w++) {
            if (at >= tokens.length) {
              ok = false;
              break;
            }
            if (w > 0) {
              const gap = text.slice(tokens[at - 1].end, tokens[at].start);
              if (gap.length > maxGap || gap.replace(spaceOrHyphen, '') !== c.gaps[w - 1]) {
                ok = false;
                break;
              }
            }
            const step = passes(c.words[w], at);
            if (step === 0) {
              ok = false;
              break;
            }
            at += step;
          }
          if (!ok) continue;
          const start = tokens[i].start;
          const end = tokens[at - 1].end;
          candidates.push({ concept: c.concept, term: c.term, lang, start, end, text: text.slice(start, end) });
        }
      }
    }
    return candidates;
  }

  function findUnspaced(lang: string, text: string): TermOccurrence[] {
    const index = byFirstChar.get(lang);
    if (!index) return [];
    const candidates: TermOccurrence[] = [];
    for (let i = 0; i < text.length; i++) {
      const list = index.get(text[i]);
      if (!list) continue;
      for (const c of list) {
        if (text.startsWith(c.term.text, i)) {
          const end = i + c.term.text.length;
          candidates.push({ concept: c.concept, term: c.term, lang, start: i, end, text: text.slice(i, end) });
        }
      }
    }
    if (candidates.length === 0 || lang !== 'zh' || !options.segmentChinese) return candidates;
    const boundaries = new Set<number>([0, text.length]);
    let at = 0;
    for (const word of options.segmentChinese(text)) {
      at += word.length;
      boundaries.add(at);
    }
    return candidates.filter((c) => boundaries.has(c.start) && boundaries.has(c.end));
  }

  return {
    langs,
    find(lang, text) {
      const l = baseLang(lang);
      if (!langs.has(l) || !text) return [];
      const candidates = unspaced.has(l) ? findUnspaced(l, text) : findSpaced(l, text);
      return resolveOverlaps(candidates);
    },
  };
}

/** Keeps the longest candidates that do not overlap (earlier first among equals), in text order. */
function resolveOverlaps(candidates: TermOccurrence[]): TermOccurrence[] {
  if (candidates.length <= 1) return candidates;
  const sorted = [...candidates].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const chosen: TermOccurrence[] = [];
  for (const c of sorted) {
    if (chosen.some((k) => c.start < k.end && k.start < c.end)) continue;
    chosen.push(c);
  }
  return chosen.sort((a, b) => a.start - b.start);
}
