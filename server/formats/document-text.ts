// What the DOCX and HTML readers give: a document's blocks (headings, paragraphs, list items with
// their markers) and the plain text the text pipeline takes (server/text/normalise.ts, then
// segment.ts): blocks separated by a blank line, a list item starting with its marker ("- ",
// "• ", "1. ", "——"), so splitBlocks finds the same items and segmentText leaves the marker
// out of the sentences, as for an imported .txt. Line breaks inside a block (<br>, w:br) stay
// line breaks. The kinds are the readers' own reading; blocks.ts decides again from the text,
// and for headings and signatures it may differ (it knows the document's shape, the reader its
// markup); kinds are returned for a caller that wants to compare or to keep them.
import { FormatInputError } from './format-error.ts';

export type DocumentBlockKind = 'heading' | 'paragraph' | 'list-item';

export interface DocumentBlock {
  kind: DocumentBlockKind;
  /** The block's text without its list marker. */
  text: string;
  /** A list item's marker as the document shows it: '-', '•', '1.', 'a)'. */
  label?: string;
}

export interface DocumentText {
  /** The blocks joined as plain text (see above), ending with a newline. */
  text: string;
  blocks: DocumentBlock[];
  /** What the reader left out or changed, by name: scripts, images, tracked deletions, ... */
  warnings: string[];
  /** The language tag the document names (HTML lang, DOCX w:lang), as written; '' when it names none. */
  lang: string;
}

/** A list item's line: its marker, a space unless the marker is the Chinese double dash, its text. */
export function listItemLine(label: string, text: string): string {
  return label === '——' ? `${label}${text}` : `${label} ${text}`;
}

/** Joins blocks into the text the pipeline takes; refuses a document without any text. */
export function documentText(blocks: DocumentBlock[], warnings: string[], format: string, lang: string): DocumentText {
  const kept = blocks.map((b) => ({ ...b, text: b.text.replace(/[ \t]*\n[ \t]*/g, '\n').trim() })).filter((b) => b.text !== '');
  if (kept.length === 0) throw new FormatInputError(`The ${format} document has no text: importing it would make an empty version.`);
  const text = kept.map((b) => (b.kind === 'list-item' && b.label ? listItemLine(b.label, b.text) : b.text)).join('\n\n') + '\n';
  return { text, blocks: kept, warnings, lang };
}

/** "2 <script>, 1 <style>" from counts by name. */
export function countedNames(counts: Map<string, number>): string {
  return [...counts].map(([name, n]) => `${n} ${name}`).join(', ');
}
