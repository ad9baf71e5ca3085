// A worker thread of `triptych align`: tokenises one side of a long pair (the Chinese one, with jieba,
// when there is one) while the main thread loads CC-CEDICT and tokenises the other. It makes the tokens
// exactly as the main thread would (sentenceTokens with the segmenter the resources for both languages
// carry) and posts them back; the main thread records them with primeSideTokens.
import { parentPort, workerData } from 'node:worker_threads';
import { sentenceTokens } from '../align/evidence.ts';
import { segmenterFor } from '../resources/index.ts';

const { lang, langs, sentences } = workerData as { lang: string; langs: string[]; sentences: string[] };
const segment = segmenterFor(langs);
const resources = segment ? { segmentChinese: segment } : {};
parentPort!.postMessage(sentences.map((text) => sentenceTokens(text, lang, resources)));
