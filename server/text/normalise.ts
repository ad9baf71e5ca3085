// Brings a decoded text to the one canonical form every offset in the workbench points into.
// Invariants: NFC; "\n" line breaks only; no invisible noise; no space at either end of a line and
// never two in a row; blank lines kept in number between non-blank lines (two or more of them mark a
// part boundary) and dropped before the first and after the last; the result is empty or ends with
// exactly one "\n". normaliseText is idempotent.
//
// What is stripped and what is kept. Stripped, being noise a web copy or a word processor leaves and
// nothing a reader sees: the soft hyphen (a hyphenation hint), the zero-width space, the word joiner,
// the invisible mathematical operators, a BOM inside the text, and the left-to-right and right-to-left
// marks (they steer display only, not the characters compared). Kept, because they change what is
// written: the zero-width joiner and non-joiner where they join or part something — emoji sequences
// (👨‍👩‍👧 is one family, 👨👩👧 three people) and the letters of scripts that shape by them (Persian
// می‌خواهم, Devanagari half forms, Sinhala, Malayalam…) — and the Mongolian vowel separator between
// Mongolian letters; between Latin, Cyrillic or Han letters (where they do nothing) they are stripped
// like the rest. Never touched: variation selectors (U+FE0E text, U+FE0F emoji presentation, the
// ideographic ones), emoji modifiers and tag sequences (🏴󠁧󠁢󠁳󠁣󠁴󠁿), the combining grapheme joiner.

/** Invisible noise, stripped wherever it stands. */
const INVISIBLE = /[\u00ad\u200b\u200e\u200f\u2060-\u2064\ufeff]/g;

/** ZWNJ, ZWJ and the Mongolian vowel separator: kept or stripped by what stands around them. */
const JOINERS = /[\u180e\u200c\u200d]/g;
/** What a joiner next to it makes one sequence with: emoji, their modifiers, VS16, keycaps, flags and tags. */
const EMOJI_PART = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\ufe0f\u20e3\u{e0020}-\u{e007f}]/u;
/** Letters and marks of the scripts whose shaping ZWJ and ZWNJ change. */
const JOINING_SCRIPT = new RegExp(
  ['Arabic', 'Syriac', 'Thaana', 'Nko', 'Mongolian', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu',
    'Kannada', 'Malayalam', 'Sinhala', 'Tibetan', 'Myanmar', 'Khmer']
    .map((script) => `\\p{Script_Extensions=${script}}`)
    .join('|'),
  'u',
);
const MONGOLIAN = /\p{Script=Mongolian}/u;

function codePointBefore(text: string, index: number): string {
  if (index <= 0) return '';
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
  }
  return text[index - 1];
}

function codePointAt(text: string, index: number): string {
  const point = text.codePointAt(index);
  return point === undefined ? '' : String.fromCodePoint(point);
}

/** Whether the joiner at `index` joins or parts something a reader sees (see the module comment). */
function joinerKeepsMeaning(text: string, index: number): boolean {
  const before = codePointBefore(text, index);
  const after = codePointAt(text, index + 1);
  if (text[index] === '\u180e') return MONGOLIAN.test(before) && MONGOLIAN.test(after);
  return EMOJI_PART.test(before) || EMOJI_PART.test(after) || JOINING_SCRIPT.test(before) || JOINING_SCRIPT.test(after);
}

/** Every horizontal space: tab, no-break spaces (U+00A0, U+202F, U+2007), the other Unicode spaces, the ideographic space. */
const SPACES = /[\t\v\f \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g;

export function normaliseText(text: string): string {
  const visible = text.replace(INVISIBLE, '');
  const lines = visible
    .replace(JOINERS, (joiner: string, index: number) => (joinerKeepsMeaning(visible, index) ? joiner : ''))
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
