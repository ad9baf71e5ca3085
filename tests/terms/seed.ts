// The shipped termbase and the jieba segmenter, for the tests of the pure term modules.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../server/config.ts';
import { loadJieba } from '../../server/resources/jieba.ts';
import { readTermbaseJson } from '../../server/terms/termbase-json.ts';
import { isContentLanguage } from '../../server/text/languages.ts';

export const declarationConcepts = readTermbaseJson(
  fs.readFileSync(path.join(projectRoot, 'texts', 'declaration-2005', 'termbase.json'), 'utf8'),
  isContentLanguage,
);

const jieba = loadJieba();
if (!jieba) throw new Error('jieba is not available');
export const segmentChinese = (text: string) => jieba.cut(text, false);
