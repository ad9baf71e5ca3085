// The terms of the concordance index, pure: what a sentence is indexed under and what a query looks
// for, by one analysis, so that a query finds a sentence exactly when its terms stand in the
// sentence's terms in the same order. Every term carries its language (`ru_структур`), so one index
// serves every language and a language filter is part of the query.
//   words        lowercase, ё as е, cut to their Snowball stem where the language has one
//                (server/text/tokens.ts stemWord): «структуры» and «структура» are both ru_структур
//   unspaced     Han, kana, Thai, Lao, Khmer and Myanmar runs: one term per character, the character
//   scripts      with the next one of its run (a bigram; the last of a run alone), so any substring
//                of two or more characters is a phrase of bigrams and a single character the prefix
//                of one: 恐怖 is found inside 反恐怖机构 (zh_反恐 zh_恐怖 zh_怖机 zh_机构 zh_构).
//   characters   the same runs once more, one term per character alone, in a column of their own
//                (`chars`): a query of one character looks it up there as one term, where the prefix
//                of every bigram it begins would make the index merge hundreds of lists (a frequent
//                character begins a thousand different bigrams).
// A trigram tokenizer would find substrings too, but none shorter than three characters, and most
// Chinese words have two (合作, 组织, 结构).
import { stemWord } from './tokens.ts';

export interface SearchToken {
  term: string;
  /** UTF-16 offsets in the analysed text of what the term stands for (a word, one character of a run) */
  start: number;
  end: number;
  /** where the characters the term spells end (a bigram reaches over the next character) */
  reach: number;
}

/** A query as the index reads it: terms that must follow each other, the last maybe as a prefix. */
export interface SearchPhrase {
  lang: string;
  terms: string[];
  prefixLast: boolean;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const UNSPACED_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{M}]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]+/gu;

/** The primary language subtag, lower case: what terms are tagged with ('zh-Hans' → 'zh'). */
export function searchLanguage(lang: string): string {
  return lang.split('-')[0].toLowerCase().replace(/[^a-z]/g, '') || 'xx';
}

function wordForm(word: string, lang: string): string {
  const lower = word.toLowerCase();
  const folded = lang === 'ru' || lang === 'uk' || lang === 'be' ? lower.replace(/ё/g, 'е') : lower;
  return stemWord(folded, lang);
}

interface Piece {
  kind: 'word' | 'run';
  /** a word joined to the next word by one hyphen */
  hyphenNext?: boolean;
  /** the characters of a run (code points with their marks), or the word */
  chars: Array<{ text: string; start: number; end: number }>;
  start: number;
  end: number;
}

function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const at = m.index!;
    if (!UNSPACED.test(word)) {
      out.push({ kind: 'word', chars: [{ text: word, start: at, end: at + word.length }], start: at, end: at + word.length });
      continue;
    }
    for (const part of word.matchAll(UNSPACED_RUN)) {
      const start = at + part.index!;
      const end = start + part[0].length;
      if (!UNSPACED.test(part[0])) {
        out.push({ kind: 'word', chars: [{ text: part[0], start, end }], start, end });
        continue;
      }
      // a character and the combining marks after it are one unit
      const chars: Piece['chars'] = [];
      let offset = start;
      for (const unit of part[0].matchAll(/\P{M}\p{M}*|\p{M}+/gu)) {
        chars.push({ text: unit[0], start: offset, end: offset + unit[0].length });
        offset += unit[0].length;
      }
      out.push({ kind: 'run', chars, start, end });
    }
  }
  for (let i = 0; i + 1 < out.length; i++) {
    const [a, b] = [out[i], out[i + 1]];
    if (a.kind === 'word' && b.kind === 'word' && b.start === a.end + 1 && HYPHENS.has(text[a.end])) a.hyphenNext = true;
  }
  return out;
}

const HYPHENS = new Set(['-', '\u2010', '\u2011']);

/**
 * The index terms of a text in its language, with what each stands for; `joined`: the reading with
 * words linked by a hyphen taken as one (their stems run together).
 */
export function searchTokens(text: string, lang: string, options: { joined?: boolean } = {}): SearchToken[] {
  const tag = searchLanguage(lang);
  const tokens: SearchToken[] = [];
  let compound: { term: string; start: number } | null = null;
  for (const piece of pieces(text)) {
    if (piece.kind === 'word') {
      const form = wordForm(piece.chars[0].text, tag);
      if (options.joined && (piece.hyphenNext || compound)) {
        compound = compound ? { term: compound.term + form, start: compound.start } : { term: form, start: piece.start };
        if (piece.hyphenNext) continue;
        tokens.push({ term: `${tag}_${compound.term}`, start: compound.start, end: piece.end, reach: piece.end });
        compound = null;
        continue;
      }
      tokens.push({ term: `${tag}_${form}`, start: piece.start, end: piece.end, reach: piece.end });
      continue;
    }
    piece.chars.forEach((c, i) => {
      const next = piece.chars[i + 1];
      tokens.push({ term: `${tag}_${c.text.toLowerCase()}${next ? next.text.toLowerCase() : ''}`, start: c.start, end: c.end, reach: next ? next.end : c.end });
    });
  }
  return tokens;
}

/** What the index stores for a sentence: its terms, separated by spaces. */
export function indexTerms(text: string, lang: string): string {
  return searchTokens(text, lang)
    .map((t) => t.term)
    .join(' ');
}

/** The second column: the terms with hyphenated words joined; '' when the text joins none. */
export function joinedIndexTerms(text: string, lang: string): string {
  if (!pieces(text).some((p) => p.hyphenNext)) return '';
  return searchTokens(text, lang, { joined: true })
    .map((t) => t.term)
    .join(' ');
}

/**
 * The third column: each character of the text's unspaced runs alone, '' when the text has none. A
 * character with combining marks (Thai ก่, Khmer, a kana with a separate voicing mark) is indexed
 * bare and with its marks, so a query of the bare character finds it as the prefix of its bigram
 * found it, and a query with the marks finds that spelling.
 */
export function characterIndexTerms(text: string, lang: string): string {
  const tag = searchLanguage(lang);
  const terms: string[] = [];
  for (const piece of pieces(text)) {
    if (piece.kind !== 'run') continue;
    for (const c of piece.chars) {
      const unit = c.text.toLowerCase();
      const bare = unit.replace(/\p{M}+/gu, '');
      if (bare) terms.push(`${tag}_${bare}`);
      if (unit !== bare) terms.push(`${tag}_${unit}`);
    }
  }
  return terms.join(' ');
}

/**
 * A query in one language, as a phrase of index terms; null when it holds no word. A run of an
 * unspaced script gives its bigrams; when the query ends inside a run, the run may go on in the
 * sentence, so a run of one character there is the prefix of a bigram.
 */
export function queryPhrase(query: string, lang: string, options: { joined?: boolean } = {}): SearchPhrase | null {
  const tag = searchLanguage(lang);
  const list = pieces(query);
  const terms: string[] = [];
  let prefixLast = false;
  let compound = '';
  list.forEach((piece, p) => {
    if (piece.kind === 'word') {
      const form = wordForm(piece.chars[0].text, tag);
      if (options.joined && (piece.hyphenNext || compound)) {
        compound += form;
        if (piece.hyphenNext) return;
        terms.push(`${tag}_${compound}`);
        compound = '';
        return;
      }
      terms.push(`${tag}_${form}`);
      return;
    }
    const lastPiece = p === list.length - 1 && piece.end === query.trimEnd().length;
    const chars = piece.chars.map((c) => c.text.toLowerCase());
    if (chars.length === 1) {
      terms.push(`${tag}_${chars[0]}`);
      // a lone character at the end of the query may be followed by more of its run in the sentence
      if (lastPiece) prefixLast = true;
      return;
    }
    for (let i = 0; i + 1 < chars.length; i++) terms.push(`${tag}_${chars[i]}${chars[i + 1]}`);
    // inside the query the run ends here, so it ends here in the sentence too: its last character alone
    if (!lastPiece) terms.push(`${tag}_${chars[chars.length - 1]}`);
  });
  return terms.length ? { lang: tag, terms, prefixLast } : null;
}

/** A query in one language, read split and, when it joins words by a hyphen, joined too (see the header). */
export function queryPhrases(query: string, lang: string): SearchPhrase[] {
  const split = queryPhrase(query, lang);
  if (!split) return [];
  if (!pieces(query).some((p) => p.hyphenNext)) return [split];
  return [split, queryPhrase(query, lang, { joined: true })!];
}

/** Where the phrases occur in a text, in either reading (split, joined): [start, end) offsets, in order. */
export function textRanges(text: string, lang: string, phrases: SearchPhrase[]): Array<[number, number]> {
  const split = phraseRanges(searchTokens(text, lang), phrases);
  if (!pieces(text).some((p) => p.hyphenNext)) return split;
  return mergeRanges([...split, ...phraseRanges(searchTokens(text, lang, { joined: true }), phrases)]);
}

/** A phrase that is one character of an unspaced script, which may go on in the sentence. */
function isLoneCharacter(phrase: SearchPhrase): boolean {
  if (phrase.terms.length !== 1 || !phrase.prefixLast) return false;
  const units = [...phrase.terms[0].slice(phrase.lang.length + 1).matchAll(/\P{M}\p{M}*|\p{M}+/gu)];
  return units.length === 1 && UNSPACED.test(units[0][0]);
}

/**
 * The FTS5 query matching any of the phrases (terms hold only letters, digits, marks and '_'): a
 * phrase in the columns of terms (`terms`, `joined`), and a lone character of an unspaced script as
 * the one term of the `chars` column that says the same (a sentence holds the character exactly when
 * one of its terms begins with it: every character of a run begins its bigram, the last one stands
 * alone).
 */
export function matchExpression(phrases: SearchPhrase[]): string {
  const unique = [...new Map(phrases.map((p) => [`${p.terms.join(' ')}${p.prefixLast ? '*' : ''}`, p])).values()];
  return unique
    .map((p) => (isLoneCharacter(p) ? `chars : "${p.terms[0]}"` : `{terms joined} : "${p.terms.join(' ')}"${p.prefixLast ? ' *' : ''}`))
    .join(' OR ');
}

/**
 * Where the phrases occur in a text's tokens: [start, end) offsets, in order, overlaps joined. The
 * same rule as the index's (consecutive terms, the last maybe a prefix), so what a search found is
 * what is highlighted.
 */
export function phraseRanges(tokens: SearchToken[], phrases: SearchPhrase[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const phrase of phrases) {
    const n = phrase.terms.length;
    for (let i = 0; i + n <= tokens.length; i++) {
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        const term = tokens[i + k].term;
        const want = phrase.terms[k];
        ok = k === n - 1 && phrase.prefixLast ? term.startsWith(want) : term === want;
      }
      // a prefix stands for the query's last character only; a whole term for all it spells
      const last = tokens[i + n - 1];
      if (ok) ranges.push([tokens[i].start, phrase.prefixLast ? last.end : last.reach]);
    }
  }
  return mergeRanges(ranges);
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  ranges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}
