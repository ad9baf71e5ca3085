// Latin spellings for matching names and internationalisms across scripts: Cyrillic -> Latin (a
// scholarly-English romanisation: Ташкент -> tashkent, терроризм -> terrorizm), Chinese -> toneless pinyin
// through a reading table supplied by the caller (CC-CEDICT's), and a cognate "skeleton" that
// neutralises spelling conventions (c/k, ph/f, z/s, doubled letters, accents) before comparing words.

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u',
};

/** Cyrillic letters to Latin, lowercase; other characters pass through lowercased. */
export function cyrillicToLatin(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) out += CYRILLIC[ch] ?? ch;
  return out;
}

/** Lowercase without diacritics (é -> e, ü -> u, ß -> ss). */
export function foldAccents(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/ø/g, 'o');
}

/** Any word to Latin letters: Cyrillic transliterated, accents folded. */
export function toLatin(word: string): string {
  return foldAccents(/[\u0400-\u04ff]/.test(word) ? cyrillicToLatin(word) : word);
}

/**
 * A spelling-neutral key for cognate comparison: terrorism / terrorizm -> 'terorism', conférence /
 * konferentsiya -> 'konferens…'. Vowel quality is kept, only conventions differ.
 */
export function cognateSkeleton(word: string): string {
  let s = toLatin(word).replace(/[^a-z]/g, '');
  s = s
    .replace(/shch/g, 's')
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/kh/g, 'h')
    .replace(/ck/g, 'k')
    .replace(/ts/g, 's')
    .replace(/tz/g, 's')
    .replace(/sch/g, 's')
    .replace(/sh/g, 's')
    .replace(/zh/g, 'j')
    .replace(/ch/g, 'k')
    .replace(/qu/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/[cq]/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/w/g, 'v')
    .replace(/[yj]/g, 'i')
    .replace(/z/g, 's')
    .replace(/ti(?=[aeiou])/g, 'si')
    .replace(/(.)\1+/g, '$1');
  return s;
}

/** Pinyin of a Chinese word, toneless and lowercase, from per-character readings (unknown characters are skipped). */
export function chineseToPinyin(word: string, readingOf: (char: string) => string | undefined): string[] {
  const syllables: string[] = [];
  for (const ch of word) {
    const r = readingOf(ch);
    if (r) syllables.push(r);
  }
  return syllables;
}

/** Toneless pinyin syllables from CEDICT notation ('Chen2 Qing1 yang2' -> ['chen','qing','yang']; 'lu:4' -> 'lv'). */
export function pinyinSyllables(cedictPinyin: string): string[] {
  return cedictPinyin
    .toLowerCase()
    .split(/\s+/)
    .map((s) => s.replace(/u:/g, 'v').replace(/[0-9]/g, ''))
    .filter((s) => /^[a-z]+$/.test(s));
}

/** Levenshtein distance, two rows. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * Cognate similarity in [0,1] of two words (any script): 1 - normalised edit distance of their skeletons,
 * raised when one is a long prefix of the other (stems and inflected forms: terror / terrorizm).
 */
export function cognateSimilarity(a: string, b: string): number {
  return skeletonSimilarity(cognateSkeleton(a), cognateSkeleton(b));
}

export function skeletonSimilarity(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  const shorter = Math.min(a.length, b.length);
  const longer = Math.max(a.length, b.length);
  const close = prefix >= 5 || (prefix === shorter && prefix >= 4 && longer - shorter <= 3);
  const byPrefix = close ? prefix / shorter - 0.08 * Math.max(0, longer - shorter - 2) : 0;
  const byEdit = 1 - editDistance(a, b) / longer;
  return Math.max(0, Math.min(1, Math.max(byPrefix, byEdit)));
}

/** What romanising Chinese needs: a word cut (jieba) and the pinyin of a word or a character (CC-CEDICT). */
export interface ChineseReadings {
  segment?: (text: string) => string[];
  /** Toneless pinyin syllables of a dictionary word, if it is one. */
  wordPinyin?: (word: string) => string[] | undefined;
  /** The usual toneless pinyin of one character. */
  charPinyin: (char: string) => string | undefined;
}

/**
 * A text in Latin letters for people to read, e.g. in an identifier: Cyrillic transliterated
 * (Исполнительный секретарь -> ispolnitelny sekretar), Chinese as toneless pinyin one word per
 * group (紧急情况处置 -> jinji qingkuang chuzhi, given the readings), accents folded. Other
 * characters pass through; a Chinese character without a reading is dropped.
 */
export function romanise(text: string, chinese?: ChineseReadings): string {
  const han = /\p{Script=Han}/u;
  let out = '';
  const pieces = chinese?.segment && han.test(text) ? chinese.segment(text) : [...text];
  for (const piece of pieces) {
    if (!han.test(piece)) {
      out += toLatin(piece);
      continue;
    }
    const whole = chinese?.wordPinyin?.(piece);
    const syllables = whole && whole.length > 0 ? whole : [...piece].map((ch) => (han.test(ch) ? chinese?.charPinyin(ch) : toLatin(ch)) ?? '');
    out += ` ${syllables.join('')} `;
  }
  return out.replace(/\s+/g, ' ').trim();
}
