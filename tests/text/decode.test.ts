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

  it('refuses a NUL byte after a UTF-8 BOM and a NUL character in UTF-16 as binary', () => {
    const text = 'A line of ordinary text that goes on for a while.\u0000\n';
    expect(refusal(bytes([0xef, 0xbb, 0xbf], new TextEncoder().encode(text))).code).toBe('binary');
    expect(refusal(bytes([0xff, 0xfe], iconv.encode(text, 'utf-16le'))).code).toBe('binary');
  });

  it('refuses UTF-16 without a BOM as binary, and says what it probably is', () => {
    const error = refusal(iconv.encode('The heads of the member states agreed.', 'utf-16le'));
    expect(error.code).toBe('binary');
    expect(error.message).toMatch(/UTF-16 text without a byte-order mark/);
  });

  it('refuses text full of control characters as binary', () => {
    const noise = new TextEncoder().encode('ab\x01\x02\x03\x04cd\x05\x06\x07\x08ef\x1b\x1c\x1d\x1e');
    expect(refusal(noise).code).toBe('binary');
  });

  it('accepts a few form feeds and tabs as text', () => {
    const text = 'Part one\tcontinues.\n\fPart two follows here with a longer line of ordinary text.\n';
    expect(decodeText(new TextEncoder().encode(text)).text).toBe(text);
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
