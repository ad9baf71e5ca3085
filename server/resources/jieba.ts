// The jieba word segmenter for Chinese (@node-rs/jieba with its bundled dictionary), created once.
import { createRequire } from 'node:module';

interface JiebaInstance {
  cut(sentence: string, hmm?: boolean): string[];
}

const require = createRequire(import.meta.url);
let instance: JiebaInstance | null | undefined;

/** Whether the package is there, without loading it (its dictionary takes a fifth of a second to build). */
export function jiebaInstalled(): boolean {
  if (instance !== undefined) return instance !== null;
  try {
    require.resolve('@node-rs/jieba');
    require.resolve('@node-rs/jieba/dict');
    return true;
  } catch {
    return false;
  }
}

export function loadJieba(): JiebaInstance | null {
  if (instance !== undefined) return instance;
  try {
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(dict: Uint8Array): JiebaInstance } };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    instance = Jieba.withDict(dict);
  } catch {
    instance = null;
  }
  return instance;
}
