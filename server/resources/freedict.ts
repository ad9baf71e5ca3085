// Bilingual dictionaries for alphabetic pairs without one of their own (German–French, say): the
// FreeDict dictionaries Debian installs for the dict server (`dict-freedict-deu-fra` and its reverse,
// under /usr/share/dictd/), read in both directions and reduced to what the aligner matches: the stem of
// a one-word headword -> the stems of its one-word translations. Stemming the dictionaries takes about
// a second, so the reduced table is cached (./cache.ts), keyed by the dictionary files' sizes and
// dates. A pair with no dictionary installed simply has none; nothing is downloaded.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { BilingualDictionary } from '../align/types.ts';
import { isStopword, stemWord, wordTokens } from '../text/tokens.ts';
import { cachedText, projectNodeModules, resourceCacheDir } from './cache.ts';

const FORMAT = 'v2';

export const DICTD_DIR = '/usr/share/dictd';

/** ISO 639-1 codes of the languages the text tools stem, as FreeDict names them (ISO 639-3). */
const FREEDICT_NAMES: Record<string, string> = { de: 'deu', fr: 'fra', en: 'eng', ru: 'rus', it: 'ita', es: 'spa', nl: 'nld', pt: 'por', sv: 'swe' };

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A dictd index number (offset or length): base64 digits, most significant first. */
export function dictdNumber(text: string): number {
  let n = 0;
  for (const ch of text) {
    const d = B64.indexOf(ch);
    if (d < 0) throw new Error(`not a dictd number: ${text}`);
    n = n * 64 + d;
  }
  return n;
}

/**
 * The senses of an entry whose translations count: its main ones. Later senses are rarer meanings
 * (Berg: mountain, then mine, then heap) whose translations tie together words that merely share a
 * topic, as neighbouring sentences of a narrative do (German-French dev document: all senses, strict
 * F1 0.910 and one passage wrongly reported as moved; the first two, 0.906 and none; the first, 0.899).
 */
const MAX_SENSES = 2;

/**
 * The translations an entry gives, one string per translation. An entry is its headword line
 * (`word /ipa/ <pos>`), then either one line of comma-separated translations, or numbered senses
 * (`1. a, b`) each followed by a definition in the headword's language, which is left out; of
 * numbered senses, the first MAX_SENSES.
 */
export function entryTranslations(entry: string): { headword: string; translations: string[] } {
  const lines = entry.split('\n');
  const headword = lines[0].replace(/\s+(?:\/[^/]*\/\s*)*(?:<[^>]*>)?\s*$/, '').trim();
  const senses = lines.slice(1).filter((l) => /^\d+\.\s/.test(l));
  // a sense line may end with the number of a sense whose translation is missing ("1. sommet 2.")
  const chosen = senses.length > 0 ? senses.slice(0, MAX_SENSES).map((l) => l.replace(/^\d+\.\s*/, '').replace(/(?:\s+\d+\.)+\s*$/, '')) : lines.slice(1, 2);
  const translations = chosen.flatMap((l) => l.split(/[,;]/)).map((t) => t.trim()).filter(Boolean);
  return { headword, translations };
}

/** The stem of a text that is one content word in `lang`, else null. */
function singleStem(text: string, lang: string): string | null {
  const words = wordTokens(text, lang).filter((w) => !/^\p{N}+$/u.test(w) && !isStopword(w, lang));
  return words.length === 1 && words[0].length >= 2 ? stemWord(words[0], lang) : null;
}

/**
 * Adds the links of one dictd dictionary (its index and its uncompressed text) to `links`, from stems of
 * `from` to stems of `to`; `reverse` adds them the other way round (a dictionary of `to` into `from`).
 */
export function addDictdLinks(links: Map<string, Set<string>>, index: string, dict: Buffer, from: string, to: string, reverse = false): void {
  for (const line of index.split('\n')) {
    const [key, offset, length] = line.split('\t');
    if (!key || !length || key.startsWith('00database')) continue;
    const start = dictdNumber(offset);
    const entry = dict.subarray(start, start + dictdNumber(length)).toString('utf8');
    const { headword, translations } = entryTranslations(entry);
    const [headLang, translationLang] = reverse ? [to, from] : [from, to];
    const head = singleStem(headword, headLang);
    if (!head) continue;
    for (const t of translations) {
      const stem = singleStem(t, translationLang);
      if (!stem) continue;
      const [a, b] = reverse ? [stem, head] : [head, stem];
      let set = links.get(a);
      if (!set) links.set(a, (set = new Set()));
      set.add(b);
    }
  }
}

/** The languages (ISO 639-1) of the FreeDict dictionaries installed in `dir`. */
export function installedFreedictLanguages(dir = DICTD_DIR): string[] {
  const byName = new Map(Object.entries(FREEDICT_NAMES).map(([code, name]) => [name, code]));
  const langs = new Set<string>();
  let files: string[] = [];
  try {
    files = fs.readdirSync(dir);
  } catch {
    return [];
  }
  for (const file of files) {
    const m = /^freedict-([a-z]{3})-([a-z]{3})\.index$/.exec(file);
    if (!m || !byName.has(m[1]) || !byName.has(m[2])) continue;
    langs.add(byName.get(m[1])!);
    langs.add(byName.get(m[2])!);
  }
  return [...langs].sort();
}

function dictdFiles(dir: string, name: string): { index: string; dict: string } | null {
  const index = path.join(dir, `${name}.index`);
  const dict = path.join(dir, `${name}.dict.dz`);
  return fs.existsSync(index) && fs.existsSync(dict) ? { index, dict } : null;
}

function readDictd(files: { index: string; dict: string }): { index: string; dict: Buffer } {
  // a .dict.dz is gzip with random-access chunks: read whole, it is one gzip stream
  return { index: fs.readFileSync(files.index, 'utf8'), dict: zlib.gunzipSync(fs.readFileSync(files.dict)) };
}

/** The links as cache text: `stem \t stem|stem|…`, one line per stem of the first language. */
export function linksTable(links: Map<string, Set<string> | string[]>): string {
  const lines: string[] = [];
  for (const [a, bs] of links) lines.push(`${a}\t${[...bs].join('|')}`);
  return lines.join('\n');
}

export function parseLinksTable(table: string): Map<string, string[]> {
  const links = new Map<string, string[]>();
  for (const line of table.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) links.set(line.slice(0, tab), line.slice(tab + 1).split('|'));
  }
  return links;
}

const loaded = new Map<string, BilingualDictionary | null>();

function defaultCacheDir(): string | null {
  const nodeModules = projectNodeModules();
  return nodeModules ? resourceCacheDir(nodeModules) : null;
}

/**
 * The FreeDict dictionary of the pair (either direction installed, or both), keyed from the
 * language first in alphabetical order to the other; null when neither is installed or the languages have no FreeDict name. Loaded once per
 * process, from the cache (in `cacheDir`, null for none) when it holds these very files.
 */
export function loadFreedict(first: string, second: string, where: { dir?: string; cacheDir?: string | null } = {}): BilingualDictionary | null {
  const dir = where.dir ?? DICTD_DIR;
  const cacheDir = where.cacheDir === undefined ? defaultCacheDir() : where.cacheDir;
  // one table per pair, whichever order it is asked for in
  const [a, b] = [first, second].sort();
  const key = `${dir}|${cacheDir}|${a}|${b}`;
  if (loaded.has(key)) return loaded.get(key)!;
  let result: BilingualDictionary | null = null;
  const na = FREEDICT_NAMES[a];
  const nb = FREEDICT_NAMES[b];
  const forward = na && nb && a !== b ? dictdFiles(dir, `freedict-${na}-${nb}`) : null;
  const backward = na && nb && a !== b ? dictdFiles(dir, `freedict-${nb}-${na}`) : null;
  if (forward || backward) {
    const build = (): string => {
      const links = new Map<string, Set<string>>();
      if (forward) {
        const d = readDictd(forward);
        addDictdLinks(links, d.index, d.dict, a, b);
      }
      if (backward) {
        const d = readDictd(backward);
        addDictdLinks(links, d.index, d.dict, a, b, true);
      }
      return linksTable(links);
    };
    const stamp = [forward, backward]
      .map((f) => (f ? `${fs.statSync(f.dict).size}.${Math.floor(fs.statSync(f.dict).mtimeMs)}` : '-'))
      .join('-');
    const table = cacheDir
      ? cachedText(path.join(cacheDir, `freedict-${a}-${b}-${stamp}-${FORMAT}.tsv`), build, new RegExp(`^freedict-${a}-${b}-.*\\.tsv$`))
      : build();
    result = { from: a, to: b, links: parseLinksTable(table) };
  }
  loaded.set(key, result);
  return result;
}
