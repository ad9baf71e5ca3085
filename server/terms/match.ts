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
// `names` answers a looser question for the consistency checks: does a text name a concept at all?
// Besides the occurrences `find` gives, a concept is named by a term nested in a longer one (RATS in
// 'Council of RATS', 地区反恐怖机构 in 地区反恐怖机构理事会), by a Chinese term ending inside a
// longer word that is no other term (人权 in 人权法, but not 秘书 in 秘书长), by an abbreviation
// that begins a longer one (ООН in ООНХабитат, UN in UNODC), and by the content words of a term in
// another order or with words between them, within one clause ('States Members' for Member States,
// 'Council of heads of SCO member states' for 'Council of Heads of Member States').
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
  /** Punctuation the term begins or ends with ('(' … ')', '«' … '»'): part of an occurrence when the text has it too. */
  lead: string;
  trail: string;
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
  // Reflexive participles and adjectives decline before their -ся (развивающаяся, развивающимся,
  // развивающихся): the bases of the word without it are its bases too.
  if (folded.length > 6 && folded.endsWith('ся')) for (const b of russianBases(folded.slice(0, -2))) bases.add(b);
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
  let start = tokens[i].start;
  let end = tokens[at - 1].end;
  // A term that ends (or begins) with punctuation, 'Council of Heads of Government (Prime Ministers)',
  // is there only with it, and covers it: its highlight does not stop before the ')'.
  if (c.trail) {
    if (!text.startsWith(c.trail, end)) return;
    end += c.trail.length;
  }
  if (c.lead) {
    if (start < c.lead.length || !text.startsWith(c.lead, start - c.lead.length)) return;
    start -= c.lead.length;
  }
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
  /** Whether a text names a concept in any form the consistency checks accept (see the top of this file). */
  names(lang: string, text: string): (concept: ConceptData) => boolean;
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
        list.push({ concept, term, words: [], gaps: [], needle, lead: '', trail: '' });
        index.set(needle[0], list);
        continue;
      }
      const tokens = tokenize(term.text);
      if (tokens.length === 0) continue;
      const words = tokens.map((t) => wordTest(lang, t.raw));
      const gaps = tokens.slice(1).map((t, i) => term.text.slice(tokens[i].end, t.start).replace(spaceOrHyphen, ''));
      const lead = term.text.slice(0, tokens[0].start).trim();
      const trail = term.text.slice(tokens[tokens.length - 1].end).trim();
      const index = byFirstWord.get(lang) ?? new Map<string, CompiledTerm[]>();
      byFirstWord.set(lang, index);
      const heads = 'exact' in words[0] ? [`=${words[0].exact}`] : words[0].keys;
      for (const head of heads) {
        const list = index.get(head) ?? [];
        list.push({ concept, term, words, gaps, needle: '', lead, trail });
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

  /** Every candidate in an unspaced text, and those that begin and end on word boundaries. */
  function unspacedCandidates(lang: string, text: string): { all: TermOccurrence[]; passing: TermOccurrence[] } {
    const index = byFirstChar.get(lang);
    if (!index) return { all: [], passing: [] };
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
    if (candidates.length === 0 || lang !== 'zh' || !options.segmentChinese) return { all: candidates, passing: candidates };
    const boundaries = new Set<number>([0, text.length]);
    let at = 0;
    for (const word of options.segmentChinese(text)) {
      at += word.length;
      boundaries.add(at);
    }
    return { all: candidates, passing: candidates.filter((c) => boundaries.has(c.start) && boundaries.has(c.end)) };
  }

  // The looser forms of each concept's terms, per language, made when first asked for.
  const looseForms = new Map<string, WeakMap<ConceptData, LooseForm[]>>();
  function looseFormsOf(lang: string, concept: ConceptData): LooseForm[] {
    let byConcept = looseForms.get(lang);
    if (!byConcept) looseForms.set(lang, (byConcept = new WeakMap()));
    let forms = byConcept.get(concept);
    if (!forms) {
      forms = concept.terms.filter((t) => baseLang(t.lang) === lang).map((t) => looseForm(lang, t.text)).filter((f): f is LooseForm => f !== null);
      byConcept.set(concept, forms);
    }
    return forms;
  }

  return {
    langs,
    find(lang, text) {
      const l = baseLang(lang);
      if (!langs.has(l) || !text) return [];
      return resolveOverlaps(unspaced.has(l) ? unspacedCandidates(l, text).passing : findSpaced(l, text));
    },
    names(lang, text) {
      const l = baseLang(lang);
      if (!langs.has(l) || !text) return () => false;
      const named = new Set<ConceptData>();
      if (unspaced.has(l)) {
        const { all, passing } = unspacedCandidates(l, text);
        for (const o of namedAmong(l, passing)) named.add(o.concept);
        // A term ending inside a longer word counts, unless that word is another concept's term (秘书 in 秘书长).
        for (const o of all) {
          if (named.has(o.concept) || passing.includes(o)) continue;
          if (!passing.some((p) => p.concept !== o.concept && p.start <= o.start && o.end <= p.end)) named.add(o.concept);
        }
        return (concept) => named.has(concept);
      }
      for (const o of namedAmong(l, findSpaced(l, text))) named.add(o.concept);
      let clauses: ClauseToken[] | null = null;
      return (concept) => {
        if (named.has(concept)) return true;
        clauses ??= clauseTokens(l, text);
        return looseFormsOf(l, concept).some((form) => namedLoosely(form, clauses!));
      };
    },
  };
}

/**
 * The candidates that name their concept: all but a term nested in another concept's term as its
 * head, which names another thing of the same kind ('Secretariat' in 'UN Secretariat', «Секретариат»
 * in «Секретариат ООН», 秘书处 in 联合国秘书处). A nested complement names its concept ('UN' there,
 * 'RATS' in 'Council of RATS', 地区反恐怖机构 in 地区反恐怖机构理事会).
 */
function namedAmong(lang: string, candidates: readonly TermOccurrence[]): TermOccurrence[] {
  return candidates.filter((inner) => !candidates.some((outer) => outer !== inner && outer.concept !== inner.concept && isHeadOf(lang, inner, outer)));
}

/** Whether `inner` lies inside `outer` as its head: last in Chinese, first in Russian, before 'of' or last in English. */
function isHeadOf(lang: string, inner: TermOccurrence, outer: TermOccurrence): boolean {
  if (inner.start < outer.start || inner.end > outer.end || inner.end - inner.start >= outer.end - outer.start) return false;
  if (unspaced.has(lang)) return inner.end === outer.end;
  if (lang === 'ru') return inner.start === outer.start;
  const of = /\s(?:of|for|on)\s/i.exec(outer.text);
  if (of) return inner.start === outer.start && inner.end - outer.start <= of.index;
  return inner.end === outer.end;
}

/** Words that a term's looser form leaves out: the grammar words between its content words. */
const grammarWords: Record<string, ReadonlySet<string>> = {
  en: new Set('of the a an and or on in for to with by at from its their'.split(' ')),
  ru: new Set('и в во на о об с со по к ко для от из за при до'.split(' ')),
};
/** Punctuation that ends a clause for the looser match; a dash only with spaces around it. */
const clauseBreak = /[.;:!?()[\]{}«»"“”„\/]|\s[-‐‑–—]+\s|--/u;

interface LooseForm {
  /** The content words of a term of two or more, in any order, each matched by a different word. */
  words: WordTest[];
  /** An abbreviation in capitals (ООН, UN), also named when it begins a longer one (ООНХабитат, UNODC). */
  abbreviation: string | null;
}

function looseForm(lang: string, text: string): LooseForm | null {
  const tokens = tokenize(text);
  const abbreviation = tokens.length === 1 && tokens[0].raw === text && isAcronym(text) ? text : null;
  const grammar = grammarWords[lang];
  const content = clauseBreak.test(text) ? [] : tokens.filter((t) => !grammar?.has(t.raw.toLowerCase()));
  const words = content.length >= 2 ? content.map((t) => wordTest(lang, t.raw)) : [];
  return words.length || abbreviation ? { words, abbreviation } : null;
}

interface ClauseToken {
  raw: string;
  keys: string[];
  clause: number;
}

function clauseTokens(lang: string, text: string): ClauseToken[] {
  const tokens = tokenize(text);
  let clause = 0;
  return tokens.map((t, i) => {
    if (i > 0 && clauseBreak.test(text.slice(tokens[i - 1].end, t.start))) clause++;
    const raw = t.raw.endsWith('s') && t.raw.length > 2 ? withoutPossessive(t.raw) : t.raw;
    return { raw, keys: wordKeys(lang, t.raw), clause };
  });
}

function looseWordPasses(test: WordTest, token: ClauseToken): boolean {
  if ('exact' in test) return token.raw === test.exact;
  if (token.raw.length <= 5 && isAcronym(token.raw)) return false;
  return meets(token.keys, test.keys);
}

function namedLoosely(form: LooseForm, tokens: readonly ClauseToken[]): boolean {
  const abbreviation = form.abbreviation;
  if (abbreviation && tokens.some((t) => t.raw.length > abbreviation.length && t.raw.startsWith(abbreviation) && /\p{Lu}/u.test(t.raw[abbreviation.length]))) {
    return true;
  }
  const n = form.words.length;
  if (n === 0) return false;
  // Within a window of the clause a little longer than the term's content words.
  const window = 2 * n + 2;
  for (let i = 0; i < tokens.length; i++) {
    if (!form.words.some((w) => looseWordPasses(w, tokens[i]))) continue;
    const found = new Set<number>();
    for (let j = i; j < tokens.length && j < i + window && tokens[j].clause === tokens[i].clause; j++) {
      const w = form.words.findIndex((test, k) => !found.has(k) && looseWordPasses(test, tokens[j]));
      if (w >= 0) found.add(w);
      if (found.size === n) return true;
    }
  }
  return false;
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
