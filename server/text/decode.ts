// Turns the bytes of an uploaded text file into a string, or refuses with a reason a user can act on.
// Invariants: a returned text never starts with a BOM; a file is either decoded whole or refused
// (no silent replacement characters from a wrong guess); bytes that are not valid in the encoding the
// decoder settles on are refused, saying which bytes and where; the only legacy encodings tried are
// CP1251 and GB18030, chosen by how plausible each decoding reads, and neither is accepted on a weak
// guess; UTF-16 is read with a byte-order mark or, without one, when one byte order reads as text;
// control characters other than tab and the line endings are refused by name and line.
import iconv from 'iconv-lite';
import { formatSizeAgainstLimit } from './byte-size.ts';
import { findForbiddenControlCharacter, forbiddenControlMessage } from './controls.ts';

export type DetectedEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'utf-16be-bom' | 'utf-16le' | 'utf-16be' | 'cp1251' | 'gb18030';

/**
 * Why a file is refused: nothing in it; binary; no encoding reads it (or its byte-order mark lies);
 * bytes invalid in the encoding it is in; a control character; too large.
 */
export type TextInputErrorCode = 'empty' | 'binary' | 'undecodable' | 'invalid-bytes' | 'control-character' | 'too-large';

export class TextInputError extends Error {
  constructor(
    readonly code: TextInputErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TextInputError';
  }
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** A decoding must score at least this (on a scale of -1 to 1, see scorePlausibility) to be believed. */
const MIN_PLAUSIBILITY = 0.5;
/**
 * Share of control characters above which a decoded file is treated as binary rather than text (when
 * there are more than MAX_NAMED_CONTROLS of them; fewer are named one by one as control characters).
 */
const MAX_CONTROL_SHARE = 0.02;
const MAX_NAMED_CONTROLS = 3;

export function decodeText(bytes: Uint8Array, options: { maxBytes?: number } = {}): { text: string; encoding: DetectedEncoding } {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length === 0) throw new TextInputError('empty', 'The file is empty.');
  if (bytes.length > maxBytes) {
    const sizes = formatSizeAgainstLimit(bytes.length, maxBytes);
    throw new TextInputError('too-large', `The file is ${sizes.size}; the largest file accepted is ${sizes.limit}. Split it into smaller files.`);
  }

  const { text, encoding } = decodeBytes(bytes);
  if (looksBinary(controlCount(text), text.length)) {
    throw new TextInputError('binary', 'The file looks binary (it is full of control characters); upload a plain-text file.');
  }
  if (/^[\s\u200b-\u200d\u2060\ufeff]*$/.test(text)) {
    throw new TextInputError('empty', 'The file contains only blank space; it has no text to import.');
  }
  const control = findForbiddenControlCharacter(text);
  if (control) throw new TextInputError('control-character', forbiddenControlMessage(control));
  return { text, encoding };
}

const NUL_MESSAGE = 'The file looks binary (it contains NUL bytes); upload a plain-text file.';

function decodeBytes(bytes: Uint8Array): { text: string; encoding: DetectedEncoding } {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    const littleEndian = bytes[0] === 0xff;
    const text = strictDecode(littleEndian ? 'utf-16le' : 'utf-16be', bytes.subarray(2), 'UTF-16');
    return { text, encoding: littleEndian ? 'utf-16le-bom' : 'utf-16be-bom' };
  }

  // Without a byte-order mark, NUL bytes are UTF-16 (the zeros of its ASCII characters), binary, or a
  // stray NUL in a text (named as a control character once the text is decoded).
  if (bytes.indexOf(0) !== -1) {
    const utf16 = decodeBomlessUtf16(bytes);
    if (utf16) return utf16;
    if (looksBinary(byteControlCount(bytes), bytes.length)) throw new TextInputError('binary', NUL_MESSAGE);
  }

  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return { text: strictDecode('utf-8', bytes.subarray(3), 'UTF-8'), encoding: 'utf-8-bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: either UTF-8 with invalid bytes in it, or a legacy encoding.
  }
  const utf8 = scanUtf8(bytes);
  if (utf8.first && isUtf8WithErrors(utf8)) {
    throw new TextInputError('invalid-bytes', `The file is UTF-8 text with invalid bytes: ${describeUtf8Problem(bytes, utf8.first)}. Save it again as UTF-8 and upload it.`);
  }

  const sample = sampleNonAsciiLines(bytes);
  const candidates = (['cp1251', 'gb18030'] as const).map((encoding) => ({
    encoding,
    score: scorePlausibility(iconv.decode(sample, encoding)),
  }));
  // On a tie (a line or two of evidence that reads well both ways) CP1251 wins: it is the likelier
  // legacy encoding of a short file here, and the user sees the result before anything is stored.
  const best = candidates[0].score >= candidates[1].score ? candidates[0] : candidates[1];
  if (best.score < MIN_PLAUSIBILITY) {
    // UTF-16 text without a single ASCII character (a line of Chinese) has no zero byte.
    const utf16 = decodeBomlessUtf16(bytes);
    if (utf16) return utf16;
    throw new TextInputError(
      'undecodable',
      `The file is not valid UTF-8 (${utf8.first ? describeUtf8Problem(bytes, utf8.first) : 'it has invalid bytes'}) and does not read as Cyrillic (Windows-1251) or Chinese (GB18030) text either; save it as UTF-8 and upload it again.`,
    );
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = iconv.decode(buffer, best.encoding);
  const invalid = findInvalidLegacyBytes(buffer, text, best.encoding);
  if (invalid) {
    const name = best.encoding === 'cp1251' ? 'Windows-1251 (CP1251)' : 'GB18030';
    throw new TextInputError(
      'invalid-bytes',
      `The file reads as ${name} text, but ${describeBytes(buffer, invalid.offset, invalid.length)} at byte ${invalid.offset} (line ${lineOfByte(buffer, invalid.offset)}) ${invalid.length === 1 ? 'is' : 'are'} not a character in ${name}; save it as UTF-8 and upload it again.`,
    );
  }
  return { text, encoding: best.encoding };
}

// ---- UTF-8 with invalid bytes ---------------------------------------------------------------------

type Utf8ProblemKind = 'surrogate' | 'overlong' | 'above-unicode' | 'stray-continuation' | 'truncated' | 'never-utf8';

interface Utf8Problem {
  offset: number;
  length: number;
  kind: Utf8ProblemKind;
  /** For a truncated sequence: the bytes the lead byte announces. */
  expected?: number;
}

interface Utf8Scan {
  /** Well-formed sequences of two to four bytes. */
  validMultibyte: number;
  problems: number;
  /** Problems that are no UTF-8 sequence at all (stray or missing continuation bytes, bytes never in UTF-8). */
  shapeless: number;
  first?: Utf8Problem;
}

const isContinuation = (b: number | undefined): boolean => b !== undefined && b >= 0x80 && b <= 0xbf;

/** Walks the bytes as UTF-8, counting well-formed sequences and problems (Unicode's maximal subparts). */
function scanUtf8(bytes: Uint8Array): Utf8Scan {
  const scan: Utf8Scan = { validMultibyte: 0, problems: 0, shapeless: 0 };
  const problem = (offset: number, length: number, kind: Utf8ProblemKind, expected?: number): number => {
    scan.problems++;
    if (kind === 'stray-continuation' || kind === 'truncated' || kind === 'never-utf8') scan.shapeless++;
    scan.first ??= { offset, length, kind, ...(expected !== undefined ? { expected } : {}) };
    return length;
  };
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const size = b >= 0xc0 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf7 ? 4 : 0;
    if (size === 0) {
      i += problem(i, 1, isContinuation(b) ? 'stray-continuation' : 'never-utf8');
      continue;
    }
    let continuations = 0;
    while (continuations < size - 1 && isContinuation(bytes[i + 1 + continuations])) continuations++;
    if (continuations < size - 1) {
      i += problem(i, 1 + continuations, 'truncated', size);
      continue;
    }
    const second = bytes[i + 1];
    if (b === 0xc0 || b === 0xc1 || (b === 0xe0 && second < 0xa0) || (b === 0xf0 && second < 0x90)) i += problem(i, size, 'overlong');
    else if (b === 0xed && second >= 0xa0) i += problem(i, size, 'surrogate');
    else if (b > 0xf4 || (b === 0xf4 && second >= 0x90)) i += problem(i, size, 'above-unicode');
    else {
      scan.validMultibyte++;
      i += size;
    }
  }
  return scan;
}

/**
 * UTF-8 with a few invalid bytes, not a legacy encoding: every problem is a well-shaped sequence
 * (CESU-8 surrogates, overlong forms, code points above U+10FFFF — what broken UTF-8 writers make,
 * and what CP1251 or GB18030 text never forms throughout), or well-formed sequences outnumber the
 * problems ten to one (a UTF-8 file cut or damaged in a place or two).
 */
function isUtf8WithErrors(scan: Utf8Scan): boolean {
  return scan.problems > 0 && (scan.shapeless === 0 || scan.validMultibyte >= 10 * scan.problems);
}

function describeBytes(bytes: Uint8Array, offset: number, length: number): string {
  const hex = [...bytes.subarray(offset, offset + length)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  return `${length === 1 ? 'byte' : 'bytes'} ${hex}`;
}

/** 1-based line of a byte offset: LF, CRLF and a lone CR end a line. */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}

/** The value a well-shaped but invalid sequence encodes. */
function sequenceValue(bytes: Uint8Array, offset: number, length: number): number {
  let value = bytes[offset] & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) value = (value << 6) | (bytes[offset + k] & 0x3f);
  return value;
}

const codePointName = (value: number) => `U+${value.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong at a problem of a UTF-8 scan; `base` is added to the offsets said (the BOM skipped before the scan). */
function describeUtf8Problem(bytes: Uint8Array, p: Utf8Problem, base = 0): string {
  const where = `${describeBytes(bytes, p.offset, p.length)} at byte ${base + p.offset} (line ${lineOfByte(bytes, p.offset)})`;
  const one = p.length === 1;
  switch (p.kind) {
    case 'surrogate':
      return `${where} are a UTF-16 surrogate encoded as UTF-8 (CESU-8), which is not valid UTF-8`;
    case 'overlong':
      return `${where} are an overlong encoding of ${codePointName(sequenceValue(bytes, p.offset, p.length))}, which is not valid UTF-8`;
    case 'above-unicode':
      return `${where} encode a value above U+10FFFF, the last code point of Unicode, which is not valid UTF-8`;
    case 'stray-continuation':
      return `${where} is a UTF-8 continuation byte with no lead byte before it`;
    case 'never-utf8':
      return `${where} is a byte that never occurs in UTF-8`;
    case 'truncated': {
      const expected = p.expected! - 1;
      const present = p.length - 1;
      const follows = present === 0 ? 'none follows' : `only ${present} ${present === 1 ? 'follows' : 'follow'}`;
      if (p.offset + p.length >= bytes.length) return `${where} ${one ? 'begins' : 'begin'} a ${p.expected}-byte UTF-8 character, but the file ends there`;
      return `${where} ${one ? 'begins' : 'begin'} a ${p.expected}-byte UTF-8 character, which needs ${expected} continuation ${expected === 1 ? 'byte' : 'bytes'}, but ${follows}`;
    }
  }
}

// ---- legacy encodings: bytes that are no character ------------------------------------------------

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first bytes iconv could not decode (it put U+FFFD, or for a GB18030 four-byte sequence beyond
 * Unicode a lone surrogate, in their place), found line by line; null when the decoding is whole.
 * A U+FFFD the file really holds (GB18030 84 31 A4 37) is text, not an error.
 */
function findInvalidLegacyBytes(bytes: Buffer, text: string, encoding: 'cp1251' | 'gb18030'): { offset: number; length: number } | null {
  const undecoded = new RegExp(`\ufffd|${LONE_SURROGATE.source}`, 'g');
  if (!undecoded.test(text)) return null;
  // (iconv-lite's CP1251 table maps byte 98, which is no character, to U+FFFD and back: only
  // GB18030 can hold a real U+FFFD)
  const genuineReplacement = encoding === 'gb18030' ? Buffer.from([0x84, 0x31, 0xa4, 0x37]) : null;
  // 0x0A is never part of a multi-byte character in either encoding: lines decode on their own.
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(0x0a, start);
    end = end === -1 ? bytes.length : end + 1;
    const raw = bytes.subarray(start, end);
    const line = iconv.decode(raw, encoding);
    // The text before the first undecoded character encodes back to the bytes before it.
    let byteOffset = 0;
    let from = 0;
    undecoded.lastIndex = 0;
    for (let m = undecoded.exec(line); m; m = undecoded.exec(line)) {
      byteOffset += iconv.encode(line.slice(from, m.index), encoding).length;
      if (m[0] === '\ufffd' && genuineReplacement && raw.subarray(byteOffset, byteOffset + genuineReplacement.length).equals(genuineReplacement)) {
        byteOffset += genuineReplacement.length;
        from = m.index + 1;
        continue;
      }
      return { offset: start + byteOffset, length: legacyCharacterLength(raw, byteOffset, encoding) };
    }
    start = end;
  }
  return null;
}

/** How many bytes the (invalid) character at `offset` spans, as the encoding's structure reads them. */
function legacyCharacterLength(raw: Uint8Array, offset: number, encoding: 'cp1251' | 'gb18030'): number {
  const b = raw[offset];
  if (encoding === 'cp1251' || b < 0x81 || b === 0xff) return 1;
  const second = raw[offset + 1];
  if (second >= 0x30 && second <= 0x39) return Math.min(4, raw.length - offset);
  return second === undefined ? 1 : 2;
}

// ---- UTF-16 without a byte-order mark -------------------------------------------------------------

/**
 * A decoding without a byte-order mark must have at least this share of characters that text is made
 * of, and read more plausibly than a legacy decoding must: real Russian or Chinese scores above 0.95,
 * a text read in the wrong byte order far less.
 */
const MIN_UTF16_TEXT_SHARE = 0.95;
const MIN_UTF16_PLAUSIBILITY = 0.9;
const TEXT_CHARACTER = /[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}\t\n\r]/u;

/** Share of the characters (of a sample) that are assigned letters, marks, digits, punctuation, symbols, spaces or line ends. */
function textShare(text: string): number {
  let total = 0;
  let good = 0;
  for (const char of text.slice(0, 65_536)) {
    total++;
    if (TEXT_CHARACTER.test(char)) good++;
  }
  return total === 0 ? 0 : good / total;
}

/**
 * scorePlausibility weighed with the ASCII characters, which count as right: it judges only the
 * non-ASCII ones, a handful in an English text (where one odd word would sink it), all of them in a
 * text read in the wrong byte order.
 */
function utf16Plausibility(sample: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 0x80) ascii++;
    else if (c < 0xdc00 || c > 0xdfff) other++;
  }
  return ascii + other === 0 ? 0 : (ascii + other * (other === 0 ? 1 : scorePlausibility(sample))) / (ascii + other);
}

/**
 * UTF-16 without a byte-order mark: both byte orders are decoded, and one is taken when it reads as
 * text — assigned characters almost throughout and as plausible as a legacy decoding must be (read the
 * wrong way, ASCII turns into rare ideographs and unassigned code points, a line break into U+0A00).
 * When both do, the more plausible wins, or on a tie the zeros decide: ASCII puts them after each
 * character in little-endian order. A NUL character is never text.
 */
function decodeBomlessUtf16(bytes: Uint8Array): { text: string; encoding: DetectedEncoding } | null {
  if (bytes.length % 2 !== 0) return null;
  const read = (label: 'utf-16le' | 'utf-16be') => {
    try {
      const text = new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
      const sample = text.slice(0, 65_536);
      return { text, share: textShare(sample), plausibility: utf16Plausibility(sample) };
    } catch {
      return null;
    }
  };
  const reads = (['utf-16le', 'utf-16be'] as const)
    .map((encoding) => ({ encoding, read: read(encoding) }))
    .filter((r): r is { encoding: 'utf-16le' | 'utf-16be'; read: NonNullable<ReturnType<typeof read>> } =>
      r.read !== null && r.read.share >= MIN_UTF16_TEXT_SHARE && r.read.plausibility >= MIN_UTF16_PLAUSIBILITY && !r.read.text.includes('\u0000'));
  if (reads.length === 0) return null;
  if (reads.length === 2) {
    const [le, be] = [reads[0].read, reads[1].read];
    if (Math.abs(le.plausibility - be.plausibility) < 0.05) {
      let zerosAfter = 0;
      let zerosBefore = 0;
      for (let i = 0; i + 1 < bytes.length; i += 2) {
        if (bytes[i + 1] === 0) zerosAfter++;
        if (bytes[i] === 0) zerosBefore++;
      }
      if (zerosAfter === zerosBefore) return null;
      reads.splice(zerosAfter > zerosBefore ? 1 : 0, 1);
    } else reads.splice(le.plausibility > be.plausibility ? 1 : 0, 1);
  }
  return { text: reads[0].read.text, encoding: reads[0].encoding };
}

// ---- helpers --------------------------------------------------------------------------------------

const SAMPLE_BYTES = 256 * 1024;

/**
 * The lines that hold non-ASCII bytes, up to SAMPLE_BYTES: the only evidence that tells CP1251 from
 * GB18030, cut where neither encoding can be mid-character (0x0A is never a GB18030 trail byte).
 */
function sampleNonAsciiLines(bytes: Uint8Array): Buffer {
  const lines: Uint8Array[] = [];
  let size = 0;
  let start = 0;
  while (start < bytes.length && size < SAMPLE_BYTES) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const line = bytes.subarray(start, Math.min(end + 1, bytes.length));
    if (line.some((b) => b >= 0x80)) {
      lines.push(line);
      size += line.length;
    }
    start = end + 1;
  }
  return Buffer.concat(lines);
}

function strictDecode(label: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array, name: string): string {
  try {
    // ignoreBOM keeps a second BOM as U+FEFF rather than dropping it silently; normalisation strips it.
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // the bytes come without their BOM: offsets are said in the file, the BOM counted
    const utf8 = label === 'utf-8' ? scanUtf8(bytes).first : undefined;
    const detail = utf8 ? `: ${describeUtf8Problem(bytes, utf8, 3)}` : '';
    throw new TextInputError(
      'undecodable',
      `The file starts with a ${name} byte-order mark but is not valid ${name} text (it may be truncated or damaged)${detail}; save it again as UTF-8 and upload it.`,
    );
  }
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

function looksBinary(controls: number, length: number): boolean {
  return controls > MAX_NAMED_CONTROLS && controls > length * MAX_CONTROL_SHARE;
}

function controlCount(text: string): number {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Tab, line feed, vertical tab, form feed and carriage return are layout, not binary noise.
    if ((c < 0x20 && (c < 0x09 || c > 0x0d)) || (c >= 0x7f && c <= 0x9f)) controls++;
  }
  return controls;
}

/** controlCount on bytes, for a file not yet decoded (in every encoding tried, bytes below 0x20 are those controls). */
function byteControlCount(bytes: Uint8Array): number {
  let controls = 0;
  for (const b of bytes) if ((b < 0x20 && (b < 0x09 || b > 0x0d)) || b === 0x7f) controls++;
  return controls;
}

// ---- plausibility of a legacy decoding ------------------------------------------------------------
//
// Both candidate decodings agree on ASCII, so only the other characters carry evidence. Each of them
// scores +1 when it is what real Russian or Chinese text is made of, 0 when it is legitimate but rare,
// and -1 when it betrays a wrong guess; the score is the mean (from -1 to 1).
// - Chinese: the 3755 level-1 hanzi of GB2312 cover almost all running text, level-2 hanzi are rare, and
//   anything outside GB2312 (GBK extensions, user-defined areas, four-byte sequences) is suspicious.
// - Cyrillic: letters come in words of one script with a sane capitalisation (всё, Всё, ВСЁ), so a
//   word like "ЦР№ъ" or "ЙПєЈєПЧ" (Chinese bytes read as CP1251) counts against the decoding.

/** Typographic punctuation found in ordinary Russian and Chinese text. */
const COMMON_PUNCTUATION = new Set([...'«»„“”‘’‚…–—№•·\u00a0']);
/** Lead byte range of the GB2312 level-1 (common) hanzi. */
const GB_LEVEL1 = { from: 0xb0, to: 0xd7 };
const GB_LEVEL2 = { from: 0xd8, to: 0xf7 };

const hanziWeightCache = new Map<string, number>();

/** +1 for a level-1 GB2312 hanzi, 0 for level-2, -1 for a hanzi outside GB2312. */
function hanziWeight(char: string): number {
  let weight = hanziWeightCache.get(char);
  if (weight === undefined) {
    const bytes = iconv.encode(char, 'gb18030');
    const lead = bytes[0];
    const isGb2312 = bytes.length === 2 && bytes[1] >= 0xa1 && bytes[1] <= 0xfe;
    if (isGb2312 && lead >= GB_LEVEL1.from && lead <= GB_LEVEL1.to) weight = 1;
    else if (isGb2312 && lead >= GB_LEVEL2.from && lead <= GB_LEVEL2.to) weight = 0;
    else weight = -1;
    hanziWeightCache.set(char, weight);
  }
  return weight;
}

const HAN = /\p{Script=Han}/u;
/** CJK punctuation and full-width forms (、。《》「」，：；！？（） and full-width digits and letters). */
const CJK_PUNCTUATION = /[\u3000-\u303f\uff01-\uff5e]/u;
const CYRILLIC_LETTER = /\p{Script=Cyrillic}/u;

export function scorePlausibility(text: string): number {
  let total = 0;
  let sum = 0;
  // Words are runs between whitespace and ASCII punctuation or digits; ASCII letters stay inside them
  // so that a Latin word with one stray Cyrillic letter ("cafй") is judged as a whole.
  for (const token of text.split(/[\s\x21-\x40\x5b-\x60\x7b-\x7e]+/)) {
    if (!/[^\x00-\x7f]/.test(token)) continue;
    // Han and CJK punctuation need no spaces around them: score them one by one and judge what is left
    // between them as words.
    for (const piece of token.split(/([\p{Script=Han}\u3000-\u303f\uff01-\uff5e])/u)) {
      if (piece === '') continue;
      if (piece.length === 1 && (HAN.test(piece) || CJK_PUNCTUATION.test(piece))) {
        total++;
        sum += HAN.test(piece) ? hanziWeight(piece) : 1;
        continue;
      }
      const { count, weight } = scoreWord(piece);
      total += count;
      sum += weight;
    }
  }
  return total === 0 ? 1 : sum / total;
}

/** Scores the non-ASCII characters of one space-delimited word that contains no Han characters. */
function scoreWord(word: string): { count: number; weight: number } {
  const chars = [...word];
  const nonAscii = chars.filter((c) => c > '\x7f');
  const count = nonAscii.length;
  if (nonAscii.some((c) => c === '\ufffd' || /[\p{Cc}\p{Co}\p{Cn}]/u.test(c))) return { count, weight: -count };

  // Punctuation may cling to either end of a word («слово», — …); inside it, it may not.
  let start = 0;
  let end = chars.length;
  while (start < end && !/\p{L}/u.test(chars[start])) start++;
  while (end > start && !/\p{L}/u.test(chars[end - 1])) end--;
  // but only a little of it: a long run of symbols is itself a sign of a wrong decoding.
  const core = chars.slice(start, end);
  if (start > 3 || chars.length - end > 3) return { count, weight: -count };
  const outer = [...chars.slice(0, start), ...chars.slice(end)].filter((c) => c > '\x7f');
  const outerWeight = outer.reduce((w, c) => w + (COMMON_PUNCTUATION.has(c) ? 1 : 0), 0);
  if (core.length === 0) return { count, weight: outerWeight };

  const coreNonAscii = core.filter((c) => c > '\x7f').length;
  return { count, weight: outerWeight + (isPlausibleWord(core) ? coreNonAscii : -coreNonAscii) };
}

function isPlausibleWord(core: string[]): boolean {
  if (core.length > 40) return false;
  if (!core.every((c) => /\p{L}/u.test(c))) return false;
  const cyrillic = core.filter((c) => CYRILLIC_LETTER.test(c)).length;
  // One script per word: a Cyrillic word, or a Latin word with accented letters.
  if (cyrillic !== 0 && cyrillic !== core.length) return false;
  if (cyrillic === 0 && !core.every((c) => /\p{Script=Latin}/u.test(c))) return false;
  // Sane capitalisation: всё, Всё or ВСЁ, never вСё or ВсЁ.
  const isLower = (c: string) => c !== c.toUpperCase();
  const [first, ...rest] = core;
  return isLower(first) ? rest.every(isLower) : rest.every(isLower) || !rest.some(isLower);
}
