// The document model of one language version: its normalised text, its blocks and its sentences.
// Invariants: every sentence lies inside one block and is the trimmed slice text.slice(start, end);
// part markers and residue yield no sentence; headings and signature lines yield exactly one each;
// a list item's sentences leave out its dash (the block's label keeps it).
import { listMark, splitBlocks, type TextBlock } from './blocks.ts';
import { splitSentences } from './sentences.ts';

export type { BlockKind, TextBlock } from './blocks.ts';

export interface TextSentence {
  start: number;
  end: number;
  text: string;
  /** Index of the sentence's block in SegmentedText.blocks. */
  block: number;
}

export interface SegmentedText {
  text: string;
  blocks: TextBlock[];
  sentences: TextSentence[];
}

/** Segments a text already passed through normaliseText; `lang` picks the sentence rules (en, ru, zh, …). */
export function segmentText(normalisedText: string, lang: string): SegmentedText {
  const blocks = splitBlocks(normalisedText);
  const sentences: TextSentence[] = [];
  const add = (start: number, end: number, block: number) => {
    sentences.push({ start, end, text: normalisedText.slice(start, end), block });
  };

  blocks.forEach((block, index) => {
    const blockText = normalisedText.slice(block.start, block.end);
    switch (block.kind) {
      case 'part-marker':
      case 'residue':
        return;
      case 'heading':
      case 'signature':
        // A title or a name is one unit even when it holds a full stop ("V. Putin").
        return add(block.start, block.end, index);
      case 'list-item':
      case 'paragraph': {
        const offset = block.kind === 'list-item' ? (listMark(blockText)?.contentOffset ?? 0) : 0;
        for (const span of splitSentences(blockText.slice(offset), lang)) {
          add(block.start + offset + span.start, block.start + offset + span.end, index);
        }
      }
    }
  });
  return { text: normalisedText, blocks, sentences };
}
