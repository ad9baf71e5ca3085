// Brings a decoded text to the one canonical form every offset in the workbench points into.
// Invariants: NFC; "\n" line breaks only; no invisible characters; no space at either end of a line and
// never two in a row; blank lines kept in number between non-blank lines (two or more of them mark a
// part boundary) and dropped before the first and after the last; the result is empty or ends with
// exactly one "\n". normaliseText is idempotent.

/**
 * Characters that take no room and carry nothing for alignment: zero-width space and joiners, word
 * joiner, BOM / zero-width no-break space, the soft hyphen web pages use as a hyphenation hint, and
 * the direction marks (our three languages are all left-to-right).
 */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/g;

/** Every horizontal space: tab, no-break spaces (U+00A0, U+202F, U+2007), the other Unicode spaces, the ideographic space. */
const SPACES = /[\t\v\f \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g;

export function normaliseText(text: string): string {
  const lines = text
    .replace(INVISIBLE, '')
    .normalize('NFC')
    // U+2029 separates paragraphs, so it becomes a blank line; U+2028 and NEL only break the line.
    .replace(/\u2029/g, '\n\n')
    .replace(/\r\n?|[\u0085\u2028]/g, '\n')
    .split('\n')
    .map((line) => line.replace(SPACES, ' ').trim());

  let first = 0;
  let last = lines.length;
  while (first < last && lines[first] === '') first++;
  while (last > first && lines[last - 1] === '') last--;
  return first === last ? '' : lines.slice(first, last).join('\n') + '\n';
}
