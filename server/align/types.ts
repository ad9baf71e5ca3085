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

/** A CC-CEDICT entry in compact form: simplified headword -> pinyin (toneless syllables) and English glosses. */
export interface ChineseDictionary {
  /** headword -> index into `pinyin` and `glosses` */
  index: Map<string, number>;
  /** toneless, lowercase, space-separated syllables per entry ('chen qing yang'); names keep a leading '!' */
  pinyin: string[];
  /** English gloss words per entry (lowercase, separated by '|') */
  glosses: string[];
  /** pinyin reading of single characters, for names the dictionary does not hold */
  charReading: Map<string, string>;
}

/** Everything the aligner can use beyond the two texts; it works (worse) without any of it. */
export interface AlignResources {
  cedict?: ChineseDictionary;
  /** word segmenter for Chinese (jieba); without it Chinese is cut into single characters */
  segmentChinese?: (text: string) => string[];
}

export interface AlignOptions {
  method?: 'triptych' | 'gale-church';
  /** fixed cut points: a bead boundary must fall before src sentence `src` and tgt sentence `tgt` */
  anchors?: Array<{ src: number; tgt: number }>;
  resources?: AlignResources;
  /** an optional third version aligned to both sides (e.g. English for ru↔zh) */
  bridge?: { lang: string; sentences: string[]; srcBeads: Bead[]; tgtBeads: Bead[] };
}
