// Splits a normalised text into blocks: headings, part markers, paragraphs, list items, signature
// lines and page residue, each with its part and running paragraph number.
// Invariants: blocks are in text order, never overlap, and cover every non-blank line exactly once
// (residue included: nothing is deleted); a block never spans a blank line; offsets index the text.
import { findResidueLines, isBlankLine } from './residue.ts';
import { endsClause, endsSentence } from './punctuation.ts';

export type BlockKind = 'heading' | 'part-marker' | 'paragraph' | 'list-item' | 'signature' | 'residue';

export interface TextBlock {
  kind: BlockKind;
  /** UTF-16 offset of the block's first character in the normalised text. */
  start: number;
  /** Offset just past the block's last character (its trailing newline excluded). */
  end: number;
  /** 0 for the front matter and the preamble, then 1, 2, … for the numbered parts. */
  part: number;
  /** Running number (from 0) of the heading, paragraph, list item or signature line; -1 for part markers and residue. */
  paragraph: number;
  /** A part marker's numeral ("I", "二") or a list item's dash ("-", "——"). */
  label?: string;
}

interface Line {
  start: number;
  end: number;
  text: string;
  /** Blank lines between this line and the previous non-blank one. */
  blanksBefore: number;
  residue: boolean;
}

/** A run of lines that becomes one block (or, for headings and signatures, one block per line). */
interface Unit {
  lines: Line[];
  kind: 'prose' | 'part-marker' | 'list-item' | 'residue';
  label?: string;
}

/** A paragraph is prose that ends a sentence or a clause, or is too long to be a title. */
const MIN_UNPUNCTUATED_PARAGRAPH = 200;
/** Signature lines (office titles, names, place and date) and headings are short. */
const MAX_SIGNATURE_CHARS = 100;
const MAX_SIGNATURE_WORDS = 12;
const MAX_HEADING_CHARS = 120;

/** A part marker is only a numeral: Roman (I, IV., Ⅱ) or Chinese (一, 十二、, 三．). */
const PART_MARKER =
  /^((?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})|[Ⅰ-Ⅻ]|[一二三四五六七八九十]{1,3})[.．、]?$/u;
/**
 * List items open with a dash or a bullet: "- ", "– ", "— ", "——", "•". (A single dash needs a space
 * after it, asked by lookahead: two quantifiers over the same spaces would backtrack quadratically.)
 */
const LIST_MARK = /^(?:(——)|([-–—])(?=\s)|([•·▪●◦]))\s*(?=\S)/u;

export function partMarkerLabel(line: string): string | undefined {
  return line.match(PART_MARKER)?.[1];
}

/** The list mark at the start of the line and the offset of the item's text, if the line is a list item. */
export function listMark(line: string): { label: string; contentOffset: number } | undefined {
  const match = line.match(LIST_MARK);
  if (!match) return undefined;
  return { label: match[1] ?? match[2] ?? match[3], contentOffset: match[0].length };
}

export function splitBlocks(normalisedText: string): TextBlock[] {
  const lines = readLines(normalisedText);
  const units = groupUnits(lines);

  // The front matter ends where the document proper begins: the first paragraph, list or part marker.
  let bodyStart = units.findIndex((u) => u.kind === 'part-marker' || u.kind === 'list-item' || (u.kind === 'prose' && isParagraph(u)));
  if (bodyStart === -1) bodyStart = units.length;
  const signatureFrom = findSignatureStart(units, bodyStart);
  const hasMarkers = units.some((u) => u.kind === 'part-marker');

  const blocks: TextBlock[] = [];
  let part = 0;
  let paragraph = 0;
  const push = (kind: BlockKind, from: Line, to: Line, label?: string) => {
    const counted = kind !== 'part-marker' && kind !== 'residue';
    const block: TextBlock = { kind, start: from.start, end: to.end, part, paragraph: counted ? paragraph++ : -1 };
    if (label !== undefined) block.label = label;
    blocks.push(block);
  };

  units.forEach((unit, i) => {
    const first = unit.lines[0];
    const last = unit.lines[unit.lines.length - 1];
    if (unit.kind === 'residue') return push('residue', first, last);
    const isSignature = i >= signatureFrom;
    if (unit.kind === 'part-marker') part++;
    // A text that lost its part numerals keeps a wider gap (two or more blank lines) where they stood.
    else if (!hasMarkers && i > bodyStart && first.blanksBefore >= 2 && !isSignature) part++;

    if (unit.kind === 'part-marker') push('part-marker', first, last, unit.label);
    else if (unit.kind === 'list-item') push('list-item', first, last, unit.label);
    else if (isSignature) for (const line of unit.lines) push('signature', line, line);
    else if (i < bodyStart) for (const line of unit.lines) push('heading', line, line);
    else if (unit.lines.length === 1 && isHeadingLine(first.text)) push('heading', first, last);
    else push('paragraph', first, last);
  });
  return blocks;
}

function readLines(text: string): Line[] {
  const raw = text.split('\n');
  const residue = new Set(findResidueLines(raw).map((r) => r.line));
  const lines: Line[] = [];
  let offset = 0;
  let blanks = 0;
  raw.forEach((text, i) => {
    if (isBlankLine(text)) blanks++;
    else {
      lines.push({ start: offset, end: offset + text.length, text, blanksBefore: blanks, residue: residue.has(i) });
      blanks = 0;
    }
    offset += text.length + 1;
  });
  return lines;
}

/**
 * Groups lines into units. Within a group of lines between blank lines, a line break still ends a unit
 * after a sentence or clause end ("…activity.\nIt is important…"), before and after a list item or part
 * marker, and around residue; other line breaks are wrapping inside one paragraph.
 */
function groupUnits(lines: Line[]): Unit[] {
  const units: Unit[] = [];
  let open: Unit | undefined;
  for (const line of lines) {
    const marker = partMarkerLabel(line.text);
    const mark = listMark(line.text);
    const previous = open?.lines[open.lines.length - 1];
    const continues =
      open !== undefined &&
      previous !== undefined &&
      (open.kind === 'prose' || open.kind === 'list-item') &&
      line.blanksBefore === 0 &&
      !line.residue &&
      marker === undefined &&
      mark === undefined &&
      !endsSentence(previous.text) &&
      !endsClause(previous.text);
    if (continues) {
      open!.lines.push(line);
      continue;
    }
    if (line.residue) open = { lines: [line], kind: 'residue' };
    else if (marker !== undefined) open = { lines: [line], kind: 'part-marker', label: marker };
    else if (mark) open = { lines: [line], kind: 'list-item', label: mark.label };
    else open = { lines: [line], kind: 'prose' };
    units.push(open);
  }
  return units;
}

function isParagraph(unit: Unit): boolean {
  const text = unit.lines.map((l) => l.text).join(' ');
  return unit.lines.some((l) => endsSentence(l.text) || endsClause(l.text)) || text.length > MIN_UNPUNCTUATED_PARAGRAPH;
}

function isSignatureLine(text: string): boolean {
  return (
    text.length <= MAX_SIGNATURE_CHARS &&
    text.split(/\s+/).length <= MAX_SIGNATURE_WORDS &&
    !endsSentence(text) &&
    !endsClause(text) &&
    !/[,，、]$/u.test(text)
  );
}

function isHeadingLine(text: string): boolean {
  return text.length <= MAX_HEADING_CHARS && !endsSentence(text) && !endsClause(text) && !/[,，、]$/u.test(text);
}

/**
 * Index of the first unit of the signature block: the trailing run (residue aside) of prose units made
 * only of short lines that end no sentence — office titles and names. It starts after the first
 * paragraph, so a short document is never all signature; units.length when there is none.
 */
function findSignatureStart(units: Unit[], bodyStart: number): number {
  let start = units.length;
  for (let i = units.length - 1; i > bodyStart; i--) {
    const unit = units[i];
    if (unit.kind === 'residue') continue;
    if (unit.kind !== 'prose' || !unit.lines.every((l) => isSignatureLine(l.text))) break;
    start = i;
  }
  return start;
}
