// Turns each side into per-sentence sets of word types and builds the translation relation between
// the two documents' vocabularies: which source type may translate which target type. The relation
// comes from identity (numbers, punctuation, names and acronyms written alike), CC-CEDICT (Chinese
// words, compounds by their parts, matched to English stems), pinyin for names, cognates for
// alphabetic pairs, CEDICT glosses as cognates of Russian/German/French words (a pivot through
// English), and a bilingual dictionary of the pair where one is installed (FreeDict: German–French).
// Every edge joins two types that both occur in the two texts at hand.
import { extractNumbers } from '../text/numbers.ts';
import { isStopword, stemWord, wordTokens } from '../text/tokens.ts';
import { cognateSkeleton, skeletonSimilarity } from '../text/transliterate.ts';
import type { AlignResources, AlignSide, ChineseDictionary, DictionaryEntry, TermSpotter } from './types.ts';

export interface SideTokens {
  lang: string;
  /** type id -> token ('#2005' numbers, '¶?' punctuation, stems, Chinese words) */
  vocab: string[];
  ids: Map<string, number>;
  /** per sentence: the distinct content types it contains */
  sentences: Int32Array[];
  /** per type: number of sentences containing it */
  df: Int32Array;
  /** the sentences' tokens the side was made from, while nothing (bridge, termbase) was added to them */
  base?: string[][];
  // ('@k' tokens: aligned to sentence k of a bridge version; '§key': names concept `key` of the termbase)
}

const HAN = /\p{Script=Han}/u;
const CHINESE_NUMERAL_WORD = /^[〇零一二两三四五六七八九十百千万亿第]+$/;
const CHINESE_FUNCTION_WORDS = new Set(
  '的 了 是 在 和 也 就 都 而 及 与 着 或 之 其 等 这 那 被 把 对 从 以 于 为 并 又 但 则 所 该 将 由 向 中 上 下 个 地 得 吗 呢 吧 啊 么 他 她 它 我 你 们 他们 我们 你们 她们 这个 那个 这些 那些 一个 有 没有 不 就是 还 要 会 能 可以 已 已经 很 这样 那样 因为 所以 如果 虽然 但是 而且 以及 并且 自己 什么 怎么'.split(' '),
);
const PUNCT_CLASSES: Array<[RegExp, string]> = [
  [/[?？]/, '¶?'],
  [/[!！]/, '¶!'],
  [/[:：]/, '¶:'],
  [/[;；]/, '¶;'],
  [/[(（]/, '¶('],
  [/["“”«»„「」『』《》]/, '¶"'],
  // dialogue: a sentence that opens or closes a quotation, whatever the quote marks of the language
  [/^[\s\p{Pd}]*["'‘“«「『„‹]/u, '¶q<'],
  [/[.!?,;:…。！？，；：)）]\s*["'’”»」』›]\s*$|["'’”»」』›][\s.!?。！？]*$/u, '¶q>'],
];

const CYRILLIC_LANGS = new Set(['ru', 'uk', 'be', 'bg', 'sr', 'mk', 'kk', 'ky', 'tg', 'mn', 'tt']);

export const isChinese = (lang: string): boolean => lang === 'zh';

/** Content tokens of one sentence (deduplicated later): numbers, punctuation classes, stems or Chinese words. */
export function sentenceTokens(text: string, lang: string, resources: AlignResources): string[] {
  const out: string[] = [];
  for (const n of extractNumbers(text, lang)) out.push(`#${n.value}`);
  for (const [re, name] of PUNCT_CLASSES) if (re.test(text)) out.push(name);
  // Latin words inside Chinese text are mostly English (acronyms, names)
  const latinLang = isChinese(lang) ? 'en' : lang;
  for (const w of wordTokens(text, lang, resources.segmentChinese)) {
    if (HAN.test(w)) {
      if (!CHINESE_FUNCTION_WORDS.has(w) && !CHINESE_NUMERAL_WORD.test(w)) out.push(w);
    } else if (!/^\p{N}+$/u.test(w) && !isStopword(w, latinLang)) {
      out.push(stemWord(w, latinLang)); // digits are covered by the numbers above
    }
  }
  return out;
}

/**
 * The tokens of each sentence of a side, remembered per side object and resources: a grid aligns each
 * version with two others, and each is tokenised once. The sentence list is compared by identity and
 * length, so a side whose sentences are replaced is tokenised again.
 */
const sideTokenCache = new WeakMap<AlignSide, { resources: AlignResources; sentences: string[]; tokens: string[][] }>();

export function tokensOfSide(side: AlignSide, resources: AlignResources): string[][] {
  const hit = sideTokenCache.get(side);
  if (hit && hit.resources === resources && hit.sentences === side.sentences && hit.tokens.length === side.sentences.length) return hit.tokens;
  const tokens = side.sentences.map((text) => sentenceTokens(text, side.lang, resources));
  sideTokenCache.set(side, { resources, sentences: side.sentences, tokens });
  return tokens;
}

/**
 * Records the tokens of a side computed elsewhere (another thread running sentenceTokens on the same
 * sentences with the same segmenter), so that aligning the side does not tokenise it again.
 */
export function primeSideTokens(side: AlignSide, resources: AlignResources, tokens: string[][]): void {
  if (tokens.length !== side.sentences.length) throw new Error(`primeSideTokens: ${tokens.length} token lists for ${side.sentences.length} sentences`);
  sideTokenCache.set(side, { resources, sentences: side.sentences, tokens });
}

export function tokenizeSide(side: AlignSide, resources: AlignResources): SideTokens {
  const ids = new Map<string, number>();
  const vocab: string[] = [];
  const dfList: number[] = [];
  const sentences: Int32Array[] = [];
  const base = tokensOfSide(side, resources);
  for (const sentenceTokenList of base) {
    const seen = new Set<number>();
    for (const tok of sentenceTokenList) {
      let id = ids.get(tok);
      if (id === undefined) {
        id = vocab.length;
        ids.set(tok, id);
        vocab.push(tok);
        dfList.push(0);
      }
      seen.add(id);
    }
    for (const id of seen) dfList[id]++;
    sentences.push(Int32Array.from(seen));
  }
  return { lang: side.lang, vocab, ids, sentences, df: Int32Array.from(dfList), base };
}

/** Adds tokens to the sentences of a side (`extra[i]` for sentence i), keeping vocabulary and counts right. */
function addTokens(side: SideTokens, extra: string[][]): void {
  side.base = undefined;
  const added: number[][] = side.sentences.map(() => []);
  extra.forEach((tokens, i) => {
    for (const tok of tokens) {
      let id = side.ids.get(tok);
      if (id === undefined) {
        id = side.vocab.length;
        side.ids.set(tok, id);
        side.vocab.push(tok);
      }
      added[i].push(id);
    }
  });
  const df = new Int32Array(side.vocab.length);
  df.set(side.df);
  side.sentences = side.sentences.map((types, i) => {
    if (added[i].length === 0) return types;
    const merged = new Set(types);
    for (const id of added[i]) {
      if (merged.has(id)) continue;
      merged.add(id);
      df[id]++;
    }
    return Int32Array.from(merged);
  });
  side.df = df;
}

/**
 * Evidence from a third version aligned to this side (the bridge, e.g. English for ru↔zh): every
 * sentence gets a token '@k' for each bridge sentence k it is aligned with, so the two sides share a
 * token exactly where the bridge joins them. `beads` hold bridge sentences in `src`, this side's in `tgt`.
 */
export function addBridgeTokens(side: SideTokens, beads: Array<{ src: number[]; tgt: number[] }>): void {
  const extra: string[][] = side.sentences.map(() => []);
  for (const bead of beads) {
    for (const k of bead.src) for (const i of bead.tgt) if (i >= 0 && i < extra.length) extra[i].push(`@${k}`);
  }
  addTokens(side, extra);
}

/**
 * Evidence from the work's termbase: every sentence gets a token '§key' for each concept whose term it
 * names, so the two sides share a token where both name the concept (in whatever words, inflected as
 * the termbase's matcher allows).
 */
export function addTermTokens(side: SideTokens, texts: string[], spot: TermSpotter): void {
  addTokens(side, texts.map((text) => spot(side.lang, text).map((key) => `§${key}`)));
}

/** Source type -> target types, as adjacency lists. */
export interface Relation {
  targets: Int32Array[];
}

/** Collects relation edges without duplicates. */
export class RelationBuilder {
  private readonly sets: Array<Set<number> | undefined>;
  constructor(private readonly srcTypes: number) {
    this.sets = new Array(srcTypes);
  }
  add(s: number, t: number): void {
    let set = this.sets[s];
    if (!set) this.sets[s] = set = new Set();
    set.add(t);
  }
  /** An independent copy (to learn into while keeping the relation as it was). */
  clone(): RelationBuilder {
    const copy = new RelationBuilder(this.srcTypes);
    this.sets.forEach((set, s) => {
      if (set) copy.sets[s] = new Set(set);
    });
    return copy;
  }
  has(s: number, t: number): boolean {
    return this.sets[s]?.has(t) ?? false;
  }
  build(): Relation {
    const targets: Int32Array[] = new Array(this.srcTypes);
    const empty = new Int32Array(0);
    for (let s = 0; s < this.srcTypes; s++) targets[s] = this.sets[s] ? Int32Array.from(this.sets[s]!) : empty;
    return { targets };
  }
}

const isLatinOrCyrillic = (tok: string): boolean => /^[\p{Script=Latin}\p{Script=Cyrillic}]/u.test(tok);

/** Chinese word -> CEDICT entries: the word itself, or (not in the dictionary) its parts by longest match. */
export function cedictEntries(word: string, dict: ChineseDictionary): DictionaryEntry[] {
  const whole = dict.lookup(word);
  if (whole !== undefined) return [whole];
  const chars = [...word];
  const out: DictionaryEntry[] = [];
  let k = 0;
  while (k < chars.length) {
    let found: DictionaryEntry | undefined;
    let len = Math.min(6, chars.length - k);
    for (; len >= 1; len--) {
      found = dict.lookup(chars.slice(k, k + len).join(''));
      if (found) break;
    }
    if (found) {
      out.push(found);
      k += len;
    } else k++;
  }
  return out;
}

/** Latin spellings a Chinese name may take in an alphabetic text: 陈清扬 -> chenqingyang, qingyang, chen. */
function pinyinForms(word: string, dict: ChineseDictionary): string[] {
  const entry = dict.lookup(word);
  const chars = [...word];
  let syllables: string[];
  let isName: boolean;
  if (entry !== undefined) {
    isName = entry.name;
    syllables = entry.pinyin.filter((p) => /^[a-z]+$/.test(p));
    if (syllables.length !== chars.length) return isName ? [syllables.join('')] : [];
  } else {
    isName = true; // not in the dictionary: most likely a name
    syllables = chars.map((c) => dict.reading(c) ?? '');
    if (syllables.some((s) => s === '')) return [];
  }
  if (!isName) return [];
  const forms = new Set<string>();
  forms.add(syllables.join(''));
  for (let a = 0; a < syllables.length; a++) {
    for (let b = a + 2; b <= syllables.length; b++) forms.add(syllables.slice(a, b).join(''));
  }
  if (syllables.length >= 2) forms.add(syllables[0]);
  return [...forms].filter((f) => f.length >= 2);
}

/** Buckets of one side's alphabetic types by the first letters of their cognate skeleton. */
function skeletonIndex(side: SideTokens): { skeleton: string[]; buckets: Map<string, number[]> } {
  const skeleton: string[] = new Array(side.vocab.length).fill('');
  const buckets = new Map<string, number[]>();
  side.vocab.forEach((tok, id) => {
    if (!isLatinOrCyrillic(tok)) return;
    const sk = memoSkeleton(tok);
    if (sk.length < 4) return;
    skeleton[id] = sk;
    const key = sk.slice(0, 3);
    let list = buckets.get(key);
    if (!list) buckets.set(key, (list = []));
    list.push(id);
  });
  return { skeleton, buckets };
}

const COGNATE_THRESHOLD = 0.8;

// Gloss words recur across words and documents; their skeletons are computed once.
const skeletonMemo = new Map<string, string>();
function memoSkeleton(word: string): string {
  let sk = skeletonMemo.get(word);
  if (sk === undefined) {
    sk = cognateSkeleton(word);
    if (skeletonMemo.size > 100_000) skeletonMemo.clear();
    skeletonMemo.set(word, sk);
  }
  return sk;
}

/**
 * The relation of buildRelation, built, remembered per pair of sides made from the same tokens with the
 * same resources: the parallelism score of an alignment needs the relation the aligner began with.
 */
const relationMemo = new WeakMap<string[][], { tgt: string[][]; resources: AlignResources; rel: Relation }>();

export function rememberRelation(src: SideTokens, tgt: SideTokens, resources: AlignResources, rel: Relation): void {
  if (src.base && tgt.base) relationMemo.set(src.base, { tgt: tgt.base, resources, rel });
}

export function baseRelation(src: SideTokens, tgt: SideTokens, resources: AlignResources): Relation {
  const hit = src.base && tgt.base ? relationMemo.get(src.base) : undefined;
  if (hit && hit.tgt === tgt.base && hit.resources === resources) return hit.rel;
  const rel = buildRelation(src, tgt, resources).build();
  rememberRelation(src, tgt, resources, rel);
  return rel;
}

/**
 * The relation between two tokenised documents from everything but a learned lexicon.
 */
export function buildRelation(src: SideTokens, tgt: SideTokens, resources: AlignResources): RelationBuilder {
  const rel = new RelationBuilder(src.vocab.length);
  // identity: numbers, punctuation classes, words written alike (names, acronyms, shared stems)
  src.vocab.forEach((tok, s) => {
    const t = tgt.ids.get(tok);
    if (t !== undefined && (tok.startsWith('#') || tok.startsWith('¶') || tok.length >= 2)) rel.add(s, t);
  });
  const dict = resources.cedict;
  const zhSrc = isChinese(src.lang);
  const zhTgt = isChinese(tgt.lang);
  if (dict && zhSrc !== zhTgt) {
    const zh = zhSrc ? src : tgt;
    const other = zhSrc ? tgt : src;
    const addPair = (z: number, o: number): void => (zhSrc ? rel.add(z, o) : rel.add(o, z));
    const otherSkeletons = other.lang === 'en' ? null : skeletonIndex(other);
    // glosses recur across the document's words ("organization", "to cooperate"): each is matched once
    const cognatesOfGloss = new Map<string, number[]>();
    const glossCognates = (g: string): number[] => {
      let found = cognatesOfGloss.get(g);
      if (found === undefined) {
        found = [];
        const sk = memoSkeleton(g);
        for (const o of otherSkeletons!.buckets.get(sk.slice(0, 3)) ?? []) {
          if (skeletonSimilarity(sk, otherSkeletons!.skeleton[o]) >= 0.85) found.push(o);
        }
        cognatesOfGloss.set(g, found);
      }
      return found;
    };
    zh.vocab.forEach((word, z) => {
      if (!HAN.test(word)) return;
      const entries = cedictEntries(word, dict);
      for (const e of entries) {
        for (const g of e.glosses) {
          if (other.lang === 'en') {
            const o = other.ids.get(g);
            if (o !== undefined) addPair(z, o);
          } else if (otherSkeletons && g.length >= 4) {
            // pivot through English: the gloss as a cognate of a Russian, German, French… word
            for (const o of glossCognates(g)) addPair(z, o);
          }
        }
      }
      if (!CYRILLIC_LANGS.has(other.lang)) {
        for (const form of pinyinForms(word, dict)) {
          const o = other.ids.get(form) ?? other.ids.get(stemWord(form, other.lang));
          if (o !== undefined) addPair(z, o);
        }
      }
    });
  }
  // a bilingual dictionary of the pair (FreeDict), whichever way round it was read
  for (const dictionary of resources.bilingual ?? []) {
    const forward = dictionary.from === src.lang && dictionary.to === tgt.lang;
    if (!forward && !(dictionary.from === tgt.lang && dictionary.to === src.lang)) continue;
    const [from, to] = forward ? [src, tgt] : [tgt, src];
    from.vocab.forEach((stem, f) => {
      for (const t of dictionary.links.get(stem) ?? []) {
        const o = to.ids.get(t);
        if (o !== undefined) {
          if (forward) rel.add(f, o);
          else rel.add(o, f);
        }
      }
    });
  }
  if (!zhSrc && !zhTgt) {
    // cognates between two alphabetic texts (any scripts)
    const a = skeletonIndex(src);
    const b = skeletonIndex(tgt);
    for (const [key, list] of a.buckets) {
      const other = b.buckets.get(key);
      if (!other) continue;
      for (const s of list) {
        for (const t of other) {
          if (skeletonSimilarity(a.skeleton[s], b.skeleton[t]) >= COGNATE_THRESHOLD) rel.add(s, t);
        }
      }
    }
  }
  return rel;
}
