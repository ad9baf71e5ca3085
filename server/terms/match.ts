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
  /** Unspaced languages: the term as searched for (full-width forms folded, same length). */
  needle: string;
  words: WordTest[];
  /** Gap between word i and i+1, without spaces and hyphens (e.g. '(' in 'Government (Prime'). */
  gaps: string[];
}

const tokenPattern = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;
const spaceOrHyphen = /[\s\-‐‑]/gu;
const maxGap = 4;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = new RegExp(tokenPattern.source, 'gu');
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) tokens.push({ start: m.index, end: m.index + m[0].length, raw: m[0] });
  return tokens;
}

function isAcronym(word: string): boolean {
  if (word.length < 2) return false;
  const first = word[0];
  if (first === first.toLowerCase()) return false;
  return word === word.toUpperCase() && word !== word.toLowerCase() && !/\p{Ll}/u.test(word);
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

const keyMemo = new Map<string, Map<string, string[]>>();
const noKeys: string[] = [];

/** The keys under which a word is looked up; two words are the same when their keys meet. Memoised. */
function wordKeys(lang: string, word: string): string[] {
  // Numbers (a new one in nearly every sentence) are their own key; nothing to stem or remember.
  const first = word.charCodeAt(0);
  if (first >= 48 && first <= 57 && /^\d+$/.test(word)) return [word];
  let memo = keyMemo.get(lang);
  if (memo === undefined) {
    memo = new Map();
    keyMemo.set(lang, memo);
  }
  let keys = memo.get(word);
  if (keys === undefined) {
    keys = lang === 'ru' ? russianBases(word) : lang === 'en' ? [englishKey(word)] : [word.toLowerCase()];
    if (memo.size > 300_000) memo.clear();
    memo.set(word, keys);
  }
  return keys;
}

function meets(a: string[], b: string[]): boolean {
  for (const k of a) if (b.includes(k)) return true;
  return false;
}

function isHyphen(code: number): boolean {
  return code === 0x2d || code === 0x2010 || code === 0x2011;
}

function withoutPossessive(word: string): string {
  return word.replace(/['’]s$/, '');
}

function wordTest(lang: string, word: string): WordTest {
  return isAcronym(word) ? { exact: word } : { keys: wordKeys(lang, word) };
}

const unspaced = new Set(['zh', 'ja']);

/**
 * Full-width ASCII forms (（）, ０-９, Ａ-Ｚ) and the ideographic space folded to their narrow forms,
 * one character for one, so offsets in the folded text are offsets in the original.
 */
export function foldWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

function baseLang(lang: string): string {
  return lang.split('-')[0].toLowerCase();
}

/** The state of one scan of a sentence in a spaced language. (Plain functions, not closures: no
 *  function objects are made per sentence, which matters on 10,000-row works.) */
interface Scan {
  lang: string;
  text: string;
  tokens: Token[];
  keys: string[][];
  raws: string[];
  joined: Array<string[] | undefined>;
  candidates: TermOccurrence[];
}

/** Keys of a token joined with the next across a hyphen: "Anti-terrorist" against "Antiterrorist". */
function joinedKeys(scan: Scan, i: number): string[] {
  let k = scan.joined[i];
  if (k === undefined) {
    const { tokens, text } = scan;
    const hyphen = i + 1 < tokens.length && tokens[i + 1].start - tokens[i].end === 1 && isHyphen(text.charCodeAt(tokens[i].end));
    k = hyphen ? wordKeys(scan.lang, tokens[i].raw + tokens[i + 1].raw) : noKeys;
    scan.joined[i] = k;
  }
  return k;
}

/** How many tokens from i a term word takes (1, or 2 across a hyphen), or 0 when it does not match. */
function wordPasses(scan: Scan, test: WordTest, i: number): number {
  const raw = scan.raws[i];
  if ('exact' in test) return raw === test.exact ? 1 : 0;
  // A word in capitals is an acronym: 'RATS' is not 'rats', 'ШОС' not 'шос'.
  if (raw.length <= 5 && isAcronym(raw)) return 0;
  if (meets(scan.keys[i], test.keys)) return 1;
  return meets(joinedKeys(scan, i), test.keys) ? 2 : 0;
}

function tryTerm(scan: Scan, c: CompiledTerm, i: number): void {
  const { tokens, text } = scan;
  let at = i;
  for (let w = 0; w < c.words.length; w++) {
    if (at >= tokens.length) return;
    if (w > 0) {
      const from = tokens[at - 1].end;
      const to = tokens[at].start;
      if (to - from > maxGap) return;
      const gap = to - from === 1 && text.charCodeAt(from) === 32 ? '' : text.slice(from, to).replace(spaceOrHyphen, '');
      if (gap !== c.gaps[w - 1]) return;
    }
    const step = wordPasses(scan, c.words[w], at);
    if (step === 0) return;
    at += step;
  }
  const start = tokens[i].start;
  const end = tokens[at - 1].end;
  scan.candidates.push({ concept: c.concept, term: c.term, lang: scan.lang, start, end, text: text.slice(start, end) });
}

function visitHead(scan: Scan, list: CompiledTerm[] | undefined, i: number, tried: CompiledTerm[]): void {
  if (!list) return;
  for (const c of list) {
    if (tried.includes(c)) continue;
    tried.push(c);
    tryTerm(scan, c, i);
  }
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
        const needle = foldWidth(term.text.normalize('NFC'));
        const index = byFirstChar.get(lang) ?? new Map<string, CompiledTerm[]>();
        byFirstChar.set(lang, index);
        const list = index.get(needle[0]) ?? [];
        list.push({ concept, term, words: [], gaps: [], needle });
        index.set(needle[0], list);
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
        list.push({ concept, term, words, gaps, needle: '' });
        index.set(head, list);
      }
    }
  }

  function findSpaced(lang: string, text: string): TermOccurrence[] {
    const index = byFirstWord.get(lang);
    if (!index) return [];
    const tokens = tokenize(text);
    const n = tokens.length;
    if (n === 0) return [];
    const scan: Scan = {
      lang,
      text,
      tokens,
      keys: new Array(n),
      raws: new Array(n),
      joined: new Array(n),
      candidates: [],
    };
    for (let i = 0; i < n; i++) {
      const raw = tokens[i].raw;
      scan.keys[i] = wordKeys(lang, raw);
      scan.raws[i] = raw.endsWith('s') && raw.length > 2 ? withoutPossessive(raw) : raw;
    }
    const tried: CompiledTerm[] = [];
    for (let i = 0; i < n; i++) {
      tried.length = 0;
      for (const key of scan.keys[i]) visitHead(scan, index.get(key), i, tried);
      visitHead(scan, index.get(`=${scan.raws[i]}`), i, tried);
      for (const key of joinedKeys(scan, i)) visitHead(scan, index.get(key), i, tried);
    }
    return scan.candidates;
  }

  function findUnspaced(lang: string, text: string): TermOccurrence[] {
    const index = byFirstChar.get(lang);
    if (!index) return [];
    const candidates: TermOccurrence[] = [];
    const folded = foldWidth(text);
    for (let i = 0; i < folded.length; i++) {
      const list = index.get(folded[i]);
      if (!list) continue;
      for (const c of list) {
        if (folded.startsWith(c.needle, i)) {
          const end = i + c.needle.length;
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

/**
 * Keeps the longest candidates that do not overlap (earlier first among equals), in text order. The
 * characters of the chosen ones are marked, so a candidate is checked against them in the time of its
 * own length (looking through every chosen one was quadratic in the occurrences of a long text).
 */
function resolveOverlaps(candidates: TermOccurrence[]): TermOccurrence[] {
  if (candidates.length <= 1) return candidates;
  const sorted = [...candidates].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Uint8Array(sorted.reduce((end, c) => Math.max(end, c.end), 0));
  const chosen: TermOccurrence[] = [];
  for (const c of sorted) {
    let free = true;
    for (let k = c.start; k < c.end && free; k++) free = taken[k] === 0;
    if (!free) continue;
    taken.fill(1, c.start, c.end);
    chosen.push(c);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/**
 * The keys of the concepts a sentence names, as the aligner consults the termbase. Remembers what it
 * found: a grid aligns each version with two or more others, and each sentence is looked up once.
 */
export function conceptSpotter(matcher: TermMatcher): (lang: string, text: string) => string[] {
  const found = new Map<string, string[]>();
  return (lang, text) => {
    const key = `${lang}\u0000${text}`;
    let keys = found.get(key);
    if (keys === undefined) {
      keys = matcher.find(lang, text).map((occurrence) => occurrence.concept.key);
      found.set(key, keys);
    }
    return keys;
  };
}
