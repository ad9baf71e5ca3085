// Segments a pre-segmented text: every non-empty line is one sentence, as it stands (no splitting at
// full stops, no joining of lines without one). Corpus files and other tools' sentence-per-line
// exports arrive like this. Lines between blank lines form one paragraph block, so the aligner still
// sees paragraph boundaries where the file has them.
import type { SegmentedText, TextSentence } from './segment.ts';
import type { TextBlock } from './blocks.ts';

export function segmentLines(normalisedText: string): SegmentedText {
  const blocks: TextBlock[] = [];
  const sentences: TextSentence[] = [];
  let block: TextBlock | null = null;
  let offset = 0;
  for (const line of normalisedText.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const lead = line.length - line.trimStart().length;
    const content = line.trim();
    if (!content) {
      block = null;
      continue;
    }
    const s = start + lead;
    const e = s + content.length;
    if (!block) {
      block = { kind: 'paragraph', start: s, end: e, part: 0, paragraph: blocks.length };
      blocks.push(block);
    }
    block.end = e;
    sentences.push({ start: s, end: e, text: content, block: blocks.length - 1 });
  }
  return { text: normalisedText, blocks, sentences };
}
