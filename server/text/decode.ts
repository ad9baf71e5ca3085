// Turns the bytes of an uploaded text file into a string, or refuses with a reason a user can act on.
// Invariants: a returned text never starts with a BOM; a file is either decoded whole or refused
// (no silent replacement characters from a wrong guess); the only legacy encodings tried are CP1251
// and GB18030, chosen by how plausible each decoding reads, and neither is accepted on a weak guess.
import iconv from 'iconv-lite';

export type DetectedEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'utf-16be-bom' | 'cp1251' | 'gb18030';

export type TextInputErrorCode = 'empty' | 'binary' | 'undecodable' | 'too-large';

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
/** Share of control characters above which a decoded file is treated as binary rather than text. */
const MAX_CONTROL_SHARE = 0.02;

export function decodeText(bytes: Uint8Array, options: { maxBytes?: number } = {}): { text: string; encoding: DetectedEncoding } {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length === 0) throw new TextInputError('empty', 'The file is empty.');
  if (bytes.length > maxBytes) {
    throw new TextInputError(
      'too-large',
      `The file is ${formatSize(bytes.length)}; the largest file accepted is ${formatSize(maxBytes)}. Split it into smaller files.`,
    );
  }

  const { text, encoding } = decodeBytes(bytes);
  if (controlShare(text) > MAX_CONTROL_SHARE) {
    throw new TextInputError('binary', 'The file looks binary (it is full of control characters); upload a plain-text file.');
  }
  if (/^[\s\u200b-\u200d\u2060\ufeff]*$/.test(text)) {
    throw new TextInputError('empty', 'The file contains only blank space; it has no text to import.');
  }
  return { text, encoding };
}

const NUL_MESSAGE = 'The file looks binary (it contains NUL bytes); upload a plain-text file.';

function decodeBytes(bytes: Uint8Array): { text: string; encoding: DetectedEncoding } {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    const littleEndian = bytes[0] === 0xff;
    const text = strictDecode(littleEndian ? 'utf-16le' : 'utf-16be', bytes.subarray(2), 'UTF-16');
    // In UTF-16 NUL bytes are ordinary, but a NUL character is not text.
    if (text.includes('\u0000')) throw new TextInputError('binary', NUL_MESSAGE);
    return { text, encoding: littleEndian ? 'utf-16le-bom' : 'utf-16be-bom' };
  }

  // Without a UTF-16 byte-order mark a NUL byte never belongs to text in any encoding we accept.
  if (bytes.indexOf(0) !== -1) {
    throw new TextInputError(
      'binary',
      looksLikeBomlessUtf16(bytes)
        ? 'The file looks like UTF-16 text without a byte-order mark; save it as UTF-8 and upload it again.'
        : NUL_MESSAGE,
    );
  }

  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return { text: strictDecode('utf-8', bytes.subarray(3), 'UTF-8'), encoding: 'utf-8-bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: fall through to the legacy encodings.
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
    throw new TextInputError(
      'undecodable',
      'The file is not valid UTF-8 and does not read as Cyrillic (Windows-1251) or Chinese (GB18030) text either; save it as UTF-8 and upload it again.',
    );
  }
  return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), best.encoding), encoding: best.encoding };
}

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
    throw new TextInputError(
      'undecodable',
      `The file starts with a ${name} byte-order mark but is not valid ${name} text (it may be truncated or damaged); save it again as UTF-8 and upload it.`,
    );
  }
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

/** UTF-16 text in Latin or Cyrillic script puts NULs in every other byte, at one parity. */
function looksLikeBomlessUtf16(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  const pairs = Math.floor(sample.length / 2);
  return pairs > 0 && Math.max(even, odd) > pairs * 0.3 && Math.min(even, odd) < pairs * 0.05;
}

function controlShare(text: string): number {
  if (text.length === 0) return 0;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Tab, line feed, vertical tab, form feed and carriage return are layout, not binary noise.
    if ((c < 0x20 && (c < 0x09 || c > 0x0d)) || (c >= 0x7f && c <= 0x9f)) controls++;
  }
  return controls / text.length;
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${bytes} bytes`;
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
