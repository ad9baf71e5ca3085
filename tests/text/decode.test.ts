import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeText, TextInputError, scorePlausibility, DEFAULT_MAX_BYTES } from '../../server/text/decode.ts';

const russian =
  'Главы государств-членов Шанхайской организации сотрудничества (ШОС) заявляют следующее:\n' +
  '– активно использовать механизм совещаний секретарей советов безопасности;\n' +
  'Исполнительный секретарь переименовывается в «Генерального секретаря» к 2006 г.\n';
const chinese =
  '上海合作组织成员国元首于2005年7月5日在阿斯塔纳举行会议，声明如下：\n' +
  '——共同规划和实施反恐行动；\n' +
  '成员国元首认为，为有效应对新挑战和新威胁，成员国需要共同努力。\n';
const english = 'Declaration of Heads of Member States of SCO\n\n(Astana, July 05, 2005)\n';

function bytes(...parts: (number[] | Uint8Array)[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

function refusal(input: Uint8Array, options?: { maxBytes?: number }): TextInputError {
  try {
    decodeText(input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(TextInputError);
    return error as TextInputError;
  }
  throw new Error('expected decodeText to refuse the input');
}

describe('decodeText: encodings', () => {
  it.each([
    ['English', english],
    ['Russian', russian],
    ['Chinese', chinese],
  ])('reads %s UTF-8 without a BOM', (_name, text) => {
    expect(decodeText(new TextEncoder().encode(text))).toEqual({ text, encoding: 'utf-8' });
  });

  it('reads UTF-8 with a BOM and drops the BOM', () => {
    const input = bytes([0xef, 0xbb, 0xbf], new TextEncoder().encode(russian));
    expect(decodeText(input)).toEqual({ text: russian, encoding: 'utf-8-bom' });
  });

  it('reads UTF-16 LE and BE with their BOMs', () => {
    const text = russian + chinese;
    expect(decodeText(bytes([0xff, 0xfe], iconv.encode(text, 'utf-16le')))).toEqual({ text, encoding: 'utf-16le-bom' });
    expect(decodeText(bytes([0xfe, 0xff], iconv.encode(text, 'utf-16be')))).toEqual({ text, encoding: 'utf-16be-bom' });
  });

  it('keeps a character outside the BMP in UTF-16', () => {
    const text = 'Hanzi 𠀀 and 上海\n';
    expect(decodeText(bytes([0xff, 0xfe], iconv.encode(text, 'utf-16le'))).text).toBe(text);
  });

  it('recognises Russian in CP1251', () => {
    expect(decodeText(iconv.encode(russian, 'cp1251'))).toEqual({ text: russian, encoding: 'cp1251' });
  });

  it('recognises Chinese in GB18030, including a four-byte sequence', () => {
    const text = chinese + '欧元符号€与罕见字𠀀。\n';
    const encoded = iconv.encode(text, 'gb18030');
    expect(decodeText(encoded)).toEqual({ text, encoding: 'gb18030' });
  });

  it('recognises a short Russian line and a short Chinese line', () => {
    expect(decodeText(iconv.encode('Президент Российской Федерации В. Путин', 'cp1251')).encoding).toBe('cp1251');
    expect(decodeText(iconv.encode('俄罗斯联邦总统普京', 'gb18030')).encoding).toBe('gb18030');
  });

  it('finds the evidence in a long file whose non-ASCII lines come only at the end', () => {
    const text = 'An English line of filler text.\n'.repeat(20000) + chinese;
    expect(decodeText(iconv.encode(text, 'gb18030'))).toEqual({ text, encoding: 'gb18030' });
  });

  it('treats mostly-English CP1251 text with a few Russian words as CP1251', () => {
    const text = 'Report No. 5 (ШОС) - see the “Декларация” of 2005.\n';
    expect(decodeText(iconv.encode(text, 'cp1251'))).toEqual({ text, encoding: 'cp1251' });
  });
});

describe('decodeText: refusals', () => {
  it('refuses zero bytes as empty', () => {
    const error = refusal(new Uint8Array());
    expect(error.code).toBe('empty');
    expect(error.message).toBe('The file is empty.');
  });

  it.each([
    ['spaces and newlines', new TextEncoder().encode('  \n\t\r\n  \n')],
    ['a BOM alone', bytes([0xef, 0xbb, 0xbf])],
    ['ideographic spaces in UTF-16', bytes([0xff, 0xfe], iconv.encode('\u3000\u3000\n', 'utf-16le'))],
  ])('refuses %s as empty', (_name, input) => {
    expect(refusal(input).code).toBe('empty');
  });

  it('refuses a file with NUL bytes as binary', () => {
    const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const error = refusal(png);
    expect(error.code).toBe('binary');
    expect(error.message).toBe('The file looks binary (it contains NUL bytes); upload a plain-text file.');
  });

  it('refuses a NUL byte after a UTF-8 BOM and a NUL character in UTF-16, naming it and its place', () => {
    // Was refused as binary ("contains NUL bytes"); a single NUL in a text is now named where it stands.
    const text = 'A line of ordinary text that goes on for a while.\u0000\n';
    for (const input of [bytes([0xef, 0xbb, 0xbf], new TextEncoder().encode(text)), bytes([0xff, 0xfe], iconv.encode(text, 'utf-16le'))]) {
      const error = refusal(input);
      expect(error.code).toBe('control-character');
      expect(error.message).toMatch(/^Line 1 contains U\+0000 NULL \(column 50\); remove it/);
    }
  });

  it('refuses text full of control characters as binary', () => {
    const noise = new TextEncoder().encode('ab\x01\x02\x03\x04cd\x05\x06\x07\x08ef\x1b\x1c\x1d\x1e');
    expect(refusal(noise).code).toBe('binary');
  });

  it('accepts tabs and every line ending, and refuses a form feed by name (only tab and line breaks are text)', () => {
    // A form feed was accepted (and normalised to a space); issue 16 allows only tab, LF and CR.
    const text = 'Part one\tcontinues.\r\nA Mac line\rand a NEL line\u0085end.\n';
    expect(decodeText(new TextEncoder().encode(text)).text).toBe(text);
    const error = refusal(new TextEncoder().encode('Part one\tcontinues.\n\fPart two follows here with a longer line of ordinary text.\n'));
    expect(error.code).toBe('control-character');
    expect(error.message).toMatch(/^Line 2 contains U\+000C FORM FEED \(column 1\); remove it/);
  });

  it('refuses Latin-1 text, which is neither CP1251 nor GB18030, as undecodable', () => {
    const error = refusal(iconv.encode('Le café est très célèbre à Genève, naïveté oblige.', 'latin1'));
    expect(error.code).toBe('undecodable');
    expect(error.message).toMatch(/not valid UTF-8/);
  });

  it('refuses random high bytes as undecodable', () => {
    const junk = Uint8Array.from({ length: 600 }, (_, i) => 0x80 + ((i * 73 + 11) % 128));
    expect(refusal(junk).code).toBe('undecodable');
  });

  it('refuses a UTF-8 BOM followed by invalid UTF-8', () => {
    const error = refusal(bytes([0xef, 0xbb, 0xbf], iconv.encode(russian, 'cp1251')));
    expect(error.code).toBe('undecodable');
    expect(error.message).toMatch(/UTF-8 byte-order mark/);
  });

  it('refuses a UTF-16 file cut in the middle of a character', () => {
    const encoded = bytes([0xff, 0xfe], iconv.encode('Декларация', 'utf-16le'));
    expect(refusal(encoded.subarray(0, encoded.length - 1)).code).toBe('undecodable');
  });

  it('states both sizes in bytes when they round to the same size', () => {
    // It read "The file is 10 MB; the largest file accepted is 10 MB."
    const error = refusal(new Uint8Array(DEFAULT_MAX_BYTES + 3).fill(0x61));
    expect(error.message).toBe('The file is 10,485,763 bytes; the largest file accepted is 10,485,760 bytes (10 MB). Split it into smaller files.');
    expect(refusal(new Uint8Array(2050).fill(0x61), { maxBytes: 2048 }).message).toMatch(/^The file is 2,050 bytes; the largest file accepted is 2,048 bytes \(2 KB\)\./);
  });

  it('refuses a file over the limit before decoding it', () => {
    const error = refusal(new TextEncoder().encode('x'.repeat(2048)), { maxBytes: 1024 });
    expect(error.code).toBe('too-large');
    expect(error.message).toBe('The file is 2 KB; the largest file accepted is 1 KB. Split it into smaller files.');
  });

  it('has a default limit of 10 MB', () => {
    expect(DEFAULT_MAX_BYTES).toBe(10 * 1024 * 1024);
    const big = new Uint8Array(DEFAULT_MAX_BYTES + 1).fill(0x61);
    expect(refusal(big).code).toBe('too-large');
    const atLimit = new Uint8Array(DEFAULT_MAX_BYTES).fill(0x61);
    expect(decodeText(atLimit).text.length).toBe(DEFAULT_MAX_BYTES);
  });

  it('writes every message as a sentence', () => {
    const inputs = [new Uint8Array(), bytes([0, 1, 2]), iconv.encode('café très', 'latin1')];
    for (const input of inputs) expect(refusal(input).message).toMatch(/^[A-Z].*\.$/);
  });
});

describe('scorePlausibility', () => {
  it('scores each text high in its own encoding and low in the other', () => {
    const ruAsGb = iconv.decode(iconv.encode(russian, 'cp1251'), 'gb18030');
    const zhAsCp = iconv.decode(iconv.encode(chinese, 'gb18030'), 'cp1251');
    expect(scorePlausibility(russian)).toBeGreaterThan(0.95);
    expect(scorePlausibility(chinese)).toBeGreaterThan(0.95);
    expect(scorePlausibility(ruAsGb)).toBeLessThan(0.5);
    expect(scorePlausibility(zhAsCp)).toBeLessThan(0.5);
  });

  it('counts mixed-case and symbol-ridden words against a decoding', () => {
    expect(scorePlausibility('ЦР№ъ ЙПєЈєПЧ')).toBeLessThan(0);
    expect(scorePlausibility('вСё ВсЁ')).toBe(-1);
    expect(scorePlausibility('всё Всё ВСЁ «ООН»')).toBe(1);
  });
});

describe('decodeText: UTF-16 without a byte-order mark', () => {
  it.each([
    ['an English line', 'The heads of the member states agreed.'],
    ['Russian lines', russian],
    ['Chinese lines', chinese],
    ['a Chinese line without a single ASCII character (so without a zero byte)', '上海合作组织成员国元首于阿斯塔纳举行会议。'],
    ['English, Russian and Chinese', english + russian + chinese],
  ])('reads %s in either byte order', (_name, text) => {
    expect(decodeText(iconv.encode(text, 'utf-16le'))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeText(iconv.encode(text, 'utf-16be'))).toEqual({ text, encoding: 'utf-16be' });
  });

  it('does not take UTF-8 with a stray NUL, or UTF-32, for UTF-16', () => {
    const error = refusal(new TextEncoder().encode('One line.\nTwo line.\nThree \u0000 line.\n'));
    expect(error.code).toBe('control-character');
    expect(error.message).toMatch(/^Line 3 contains U\+0000 NULL \(column 7\)/);
    expect(refusal(iconv.encode('Hello world, this is text.', 'utf-32le')).code).toBe('binary');
  });
});

describe('decodeText: bytes invalid in the encoding the file is in', () => {
  const latin = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));

  it('refuses a CESU-8 surrogate, which read as CP1251 mojibake before, saying what it is', () => {
    // Was accepted as CP1251: "Text н Ђ here."
    const error = refusal(latin('Text \xed\xa0\x80 here.\n'));
    expect(error.code).toBe('invalid-bytes');
    expect(error.message).toBe(
      'The file is UTF-8 text with invalid bytes: bytes ED A0 80 at byte 5 (line 1) are a UTF-16 surrogate encoded as UTF-8 (CESU-8), which is not valid UTF-8. Save it again as UTF-8 and upload it.',
    );
  });

  it.each([
    ['an overlong form', latin('A \xc0\xaf slash.\n'), /bytes C0 AF at byte 2 \(line 1\) are an overlong encoding of U\+002F/],
    ['a value above U+10FFFF', latin('Far \xf4\x90\x80\x80 away.\n'), /bytes F4 90 80 80 at byte 4 \(line 1\) encode a value above U\+10FFFF/],
    ['a character cut short in a Russian UTF-8 text', bytes(new TextEncoder().encode(`${russian}Ещё `), [0xd0], new TextEncoder().encode(' строка.\n')), /byte D0 at byte \d+ \(line 4\) begins a 2-byte UTF-8 character, which needs 1 continuation byte, but none follows/],
    ['a file cut inside its last character', bytes(new TextEncoder().encode(chinese), [0xe4, 0xb8]), /bytes E4 B8 at byte \d+ \(line 4\) begin a 3-byte UTF-8 character, but the file ends there/],
    ['a stray continuation byte in a Chinese UTF-8 text', bytes(new TextEncoder().encode(chinese), [0x80], new TextEncoder().encode(chinese)), /byte 80 at byte \d+ \(line 4\) is a UTF-8 continuation byte with no lead byte before it/],
  ])('refuses %s', (_name, input, message) => {
    const error = refusal(input);
    expect(error.code).toBe('invalid-bytes');
    expect(error.message).toMatch(message);
  });

  it('says which bytes break a UTF-8 file that has a BOM', () => {
    const error = refusal(bytes([0xef, 0xbb, 0xbf], latin('Text \xed\xa0\x80 here.\n')));
    expect(error.code).toBe('undecodable');
    expect(error.message).toMatch(/UTF-8 byte-order mark .*bytes ED A0 80 at byte 8 \(line 1\) are a UTF-16 surrogate/);
  });

  it('refuses byte 98, which is no character in CP1251, in an otherwise Russian file', () => {
    const input = bytes(iconv.encode('Главы государств-членов ШОС\nзаявляют ', 'cp1251'), [0x98], iconv.encode(' следующее.\n', 'cp1251'));
    const error = refusal(input);
    expect(error.code).toBe('invalid-bytes');
    expect(error.message).toBe('The file reads as Windows-1251 (CP1251) text, but byte 98 at byte 37 (line 2) is not a character in Windows-1251 (CP1251); save it as UTF-8 and upload it again.');
  });

  it.each([
    ['a four-byte sequence beyond Unicode', [0xfe, 0x39, 0xfe, 0x39], /bytes FE 39 FE 39 at byte 47 \(line 2\) are not a character in GB18030/],
    ['a lead byte without its trail byte', [0xd6, 0x20], /bytes D6 20 at byte 47 \(line 2\) are not a character in GB18030/],
  ])('refuses %s in an otherwise Chinese GB18030 file', (_name, bad, message) => {
    const input = bytes(iconv.encode('上海合作组织成员国元首于2005年7月5日\n在阿斯塔纳', 'gb18030'), bad, iconv.encode('举行会议。\n', 'gb18030'));
    const error = refusal(input);
    expect(error.code).toBe('invalid-bytes');
    expect(error.message).toMatch(message);
  });

  it('keeps a U+FFFD that a GB18030 file really holds', () => {
    const text = '上海合作组织成员国元首\ufffd于2005年7月5日在阿斯塔纳举行会议。\n';
    expect(decodeText(iconv.encode(text, 'gb18030'))).toEqual({ text, encoding: 'gb18030' });
  });
});

describe('decodeText: control characters', () => {
  it.each([
    ['ESCAPE', 'Red: \u001b[31m here.\n', /^Line 1 contains U\+001B ESCAPE \(column 6\)/],
    ['DELETE after CRLF lines', 'One.\r\nTwo.\r\nThree\u007f.\r\n', /^Line 3 contains U\+007F DELETE \(column 6\)/],
    ['a C1 control', 'One.\nTwo \u009b here.\n', /^Line 2 contains U\+009B CONTROL SEQUENCE INTRODUCER \(column 5\)/],
    ['a NUL after an emoji', '👨‍👩‍👧 \u0000\n', /^Line 1 contains U\+0000 NULL \(column 7\)/],
  ])('refuses %s by name and place', (_name, text, message) => {
    const error = refusal(new TextEncoder().encode(text));
    expect(error.code).toBe('control-character');
    expect(error.message).toMatch(message);
  });

  it('still refuses a file full of control characters as binary', () => {
    expect(refusal(new TextEncoder().encode('ab\x01\x02\x03\x04cd')).code).toBe('binary');
  });
});
