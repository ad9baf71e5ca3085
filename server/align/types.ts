// The shapes shared by every part of the aligner: the two sides given to it, the beads it returns,
// and the options the web app and the CLI pass in. Kept free of logic so any module can import them.

/** One version of a text, already split into sentences. `paragraphs`/`parts`: per-sentence block ids when known. */
export interface AlignSide {
  lang: string;
  sentences: string[];
  paragraphs?: number[];
  parts?: number[];
}

/**
 * One row of an alignment: consecutive 0-based sentence indices on each side ([] for an empty side),
 * and a calibrated confidence in [0,1] (about the probability that the bead is right).
 */
export interface Bead {
  src: number[];
  tgt: number[];
  confidence: number;
}

/** CC-CEDICT as the aligner consults it. */
export interface ChineseDictionary {
  /** the entry of a (simplified or traditional) headword: toneless pinyin syllables, stemmed English gloss words */
  lookup(word: string): DictionaryEntry | undefined;
  /** the usual toneless pinyin of one character */
  reading(char: string): string | undefined;
}

export interface DictionaryEntry {
  pinyin: string[];
  /** a proper noun (CEDICT writes its pinyin capitalised) */
  name: boolean;
  glosses: string[];
}

/** Everything the aligner can use beyond the two texts; it works (worse) without any of it. */
/** A bilingual dictionary reduced to stems: a stem of language `from` -> stems of `to` that may translate it. */
export interface BilingualDictionary {
  from: string;
  to: string;
  links: Map<string, string[]>;
}

export interface AlignResources {
  cedict?: ChineseDictionary;
  /** dictionaries between pairs of the languages other than Chinese (FreeDict), each either way round */
  bilingual?: BilingualDictionary[];
  /** word segmenter for Chinese (jieba); without it Chinese is cut into single characters */
  segmentChinese?: (text: string) => string[];
}

export interface AlignOptions {
  method?: 'triptych' | 'gale-church';
  /** fixed cut points: a bead boundary must fall before src sentence `src` and tgt sentence `tgt` */
  anchors?: Array<{ src: number; tgt: number }>;
  resources?: AlignResources;
  /**
   * An optional third version aligned to both sides (e.g. English for ru↔zh): `srcBeads` align the
   * bridge (bead.src) with the source side (bead.tgt), `tgtBeads` the bridge with the target side, as
   * alignPair(bridge, side) returns them.
   */
  bridge?: { lang: string; sentences: string[]; srcBeads: Bead[]; tgtBeads: Bead[] };
  /**
   * The work's termbase, as the concepts (their keys) whose terms occur in a sentence of a language:
   * a concept named on both sides of a bead is evidence, like a dictionary word, that they translate
   * each other.
   */
  terms?: TermSpotter;
}

/** The keys of the termbase concepts named in `text` (in language `lang`), repeats allowed. */
export type TermSpotter = (lang: string, text: string) => string[];
