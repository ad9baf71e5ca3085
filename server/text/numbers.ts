// Numbers and dates found in a sentence, normalised so the same quantity gets the same `value` in every
// language: digits with the language's separators, Chinese numerals (十七, 二〇〇五年, 百分之五), number words in
// English and Russian, dates in the forms each language writes them ('2005-07-05', '2005-07', '--07-05').
// A scale goes into the value (1.5 million = 1,5 млн = 150万 = '1500000'); a range or pair of days gives each
// day its date (29-31 July 2014 = 2014年7月29至31日 = '2014-07-29', '2014-07-31'), and of percentages each its
// sign (3-5% = 百分之三至五 = '3%', '5%'). Signs of negative numbers are not read ("-5" is '5').
// Pure; the aligner uses the values as anchors and the QA checks compare them across versions.

export type NumberKind = 'number' | 'year' | 'date' | 'percent';

export interface NormalisedNumber {
  kind: NumberKind;
  /** canonical form: '17', '3.5', '2005', '2005-07-05', '2005-07', '--07-05', '5%' */
  value: string;
  /** character offsets of the expression in the text */
  start: number;
  end: number;
}

const CJK_DIGITS: Record<string, number> = {
  '〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '兩': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
  '０': 0, '１': 1, '２': 2, '３': 3, '４': 4, '５': 5, '６': 6, '７': 7, '８': 8, '９': 9,
};
const CJK_UNITS: Record<string, number> = { '十': 10, '拾': 10, '百': 100, '佰': 100, '千': 1000, '仟': 1000 };
const CJK_BIG: Record<string, number> = { '万': 1e4, '萬': 1e4, '亿': 1e8, '億': 1e8 };

/** Value of a run of Chinese numerals: positional (二〇〇五 = 2005) or with units (一千二百三十四, 十七, 三万). */
export function parseChineseNumeral(text: string): number | null {
  if (text === '') return null;
  const chars = [...text];
  const hasUnit = chars.some((c) => c in CJK_UNITS || c in CJK_BIG);
  if (!hasUnit) {
    let value = 0;
    for (const c of chars) {
      const d = CJK_DIGITS[c];
      if (d === undefined) return null;
      value = value * 10 + d;
    }
    return value;
  }
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const c of chars) {
    if (c in CJK_DIGITS) {
      digit = CJK_DIGITS[c];
    } else if (c in CJK_UNITS) {
      section += (digit < 0 ? 1 : digit) * CJK_UNITS[c];
      digit = -1;
    } else if (c in CJK_BIG) {
      section += digit < 0 ? 0 : digit;
      const big = CJK_BIG[c];
      // a bigger unit after a smaller one multiplies all before it: 万亿 = 10^12, 三万亿 = 3·10^12
      if (total > 0 && total < big) total = (total + section) * big;
      else total += (section === 0 ? 1 : section) * big;
      section = 0;
      digit = -1;
    } else {
      return null;
    }
  }
  return total + section + (digit < 0 ? 0 : digit);
}

// no prototype: `piece in EN_UNITS` must be false for "constructor"
const EN_UNITS: Record<string, number> = Object.assign(Object.create(null), {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19,
});
const EN_TENS: Record<string, number> = Object.assign(Object.create(null), {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  twentieth: 20, thirtieth: 30, fortieth: 40, fiftieth: 50, sixtieth: 60, seventieth: 70, eightieth: 80, ninetieth: 90,
});
const EN_SCALES: Record<string, number> = Object.assign(Object.create(null), { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, hundredth: 100, thousandth: 1e3 });
/** words too often not numbers to count alone */
const EN_AMBIGUOUS = new Set(['one', 'second', 'zero']);

// Russian number words by stem; the endings vary with case and gender.
const RU_STEMS: Array<[RegExp, number, 'unit' | 'teen' | 'ten' | 'hundred' | 'scale']> = [
  [/^(одиннадцат)/, 11, 'teen'], [/^(двенадцат)/, 12, 'teen'], [/^(тринадцат)/, 13, 'teen'], [/^(четырнадцат)/, 14, 'teen'],
  [/^(пятнадцат)/, 15, 'teen'], [/^(шестнадцат)/, 16, 'teen'], [/^(семнадцат)/, 17, 'teen'], [/^(восемнадцат)/, 18, 'teen'],
  [/^(девятнадцат)/, 19, 'teen'],
  [/^(двадцат)/, 20, 'ten'], [/^(тридцат)/, 30, 'ten'], [/^(сорок)/, 40, 'ten'], [/^(пятьдесят|пятидесят|пятьюдесят)/, 50, 'ten'],
  [/^(шестьдесят|шестидесят|шестьюдесят)/, 60, 'ten'], [/^(семьдесят|семидесят|семьюдесят)/, 70, 'ten'],
  [/^(восемьдесят|восьмидесят|восемьюдесят|восьмьюдесят)/, 80, 'ten'],
  [/^(девяност)/, 90, 'ten'],
  [/^(сто|ста|сот)$/, 100, 'hundred'], [/^(сотый|сотая|сотое|сотой|сотого|сотом)$/, 100, 'hundred'],
  [/^(двести$|двухсот|двухстах|двумст|двумяст)/, 200, 'hundred'], [/^(триста$|тр[её]хсот|тр[её]хстах|тремст|тремяст)/, 300, 'hundred'], [/^(четырест|четырехсот|четырёхсот)/, 400, 'hundred'],
  [/^(пятьсот|пятисот)/, 500, 'hundred'], [/^(шестьсот|шестисот)/, 600, 'hundred'], [/^(семьсот|семисот)/, 700, 'hundred'],
  [/^(восемьсот|восьмисот)/, 800, 'hundred'], [/^(девятьсот|девятисот)/, 900, 'hundred'],
  [/^(тысяч)/, 1e3, 'scale'], [/^(миллион)/, 1e6, 'scale'], [/^(миллиард)/, 1e9, 'scale'],
  [/^(десят)/, 10, 'unit'], [/^(перв)/, 1, 'unit'], [/^(втор)/, 2, 'unit'], [/^(два|две|двух|двум|двумя)$/, 2, 'unit'],
  [/^(трет|три$|трех|трёх|трем|трём|тремя)/, 3, 'unit'], [/^(четыр|четвер|четвёр)/, 4, 'unit'], [/^(пят)/, 5, 'unit'],
  [/^(шест)/, 6, 'unit'], [/^(сем$|семь|седьм|семи)/, 7, 'unit'], [/^(восем|восьм)/, 8, 'unit'], [/^(девят)/, 9, 'unit'],
];
// Words starting like a number word but meaning something else.
const RU_NOT_NUMBERS = /^(перв[оы]начал|второстеп|пятн[оа]|пятк|шеств|семь[яеи]|семейн|семью(?!десят)|семьё|десятилет|десятк|сорокон|тройн|четверг|пятниц|трет[ье]йск|трет[ьи]х? ?лиц|третейск|вторник|вторг|вторич|вторж|сотрудн|сотни|сотня|сотен|стол|тысячелет)/;

// A scale word alone in the plural is a vague quantity: «тысячи домов», «миллионов жертв» (but «более тысячи» is 1000).
const RU_VAGUE_SCALE = /^(?:тысяч|тысячи|тысячам|тысячами|тысячах|(?:миллион|миллиард|триллион)(?:ы|ов|ам|ами|ах))$/;

// One test rejects most words before the list is tried.
const RU_ANY_NUMBER = new RegExp(RU_STEMS.map(([re]) => re.source.replace(/^\^/, '')).map((x) => `(?:${x})`).join('|'));
const RU_FIRST = new RegExp(`^(?:${RU_ANY_NUMBER.source})`);

function ruNumberWord(word: string): [number, 'unit' | 'teen' | 'ten' | 'hundred' | 'scale'] | null {
  if (word.length < 3 && word !== 'сто') return null;
  if (!RU_FIRST.test(word)) return null;
  if (RU_NOT_NUMBERS.test(word)) return null;
  for (const [re, value, kind] of RU_STEMS) if (re.test(word)) return [value, kind];
  return null;
}

const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10,
  november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  janvier: 1, février: 2, fevrier: 2, mars: 3, avril: 4, mai: 5, juin: 6, juillet: 7, août: 8, aout: 8,
  septembre: 9, octobre: 10, novembre: 11, décembre: 12, decembre: 12,
  januar: 1, jänner: 1, februar: 2, märz: 3, juni: 6, juli: 7, oktober: 10, dezember: 12,
};
// Russian months in every case: январь, января, январе, ...
const RU_MONTHS: Array<[RegExp, number]> = [
  [/^январ[ьяею]$/, 1], [/^феврал[ьяею]$/, 2], [/^март[аеу]?$/, 3], [/^апрел[ьяею]$/, 4], [/^ма[йяею]$/, 5],
  [/^июн[ьяею]$/, 6], [/^июл[ьяею]$/, 7], [/^август[аеу]?$/, 8], [/^сентябр[ьяею]$/, 9], [/^октябр[ьяею]$/, 10],
  [/^ноябр[ьяею]$/, 11], [/^декабр[ьяею]$/, 12],
];

const RU_MONTH_START = /^(?:янв|фев|мар|апр|ма[йяею]|июн|июл|авг|сен|окт|ноя|дек)/;

function monthOf(word: string): number | null {
  const w = word.toLowerCase();
  const known = MONTHS[w];
  if (known !== undefined && Object.hasOwn(MONTHS, w)) return w === 'may' && word === 'may' ? null : known; // lowercase "may" is the verb
  if (!RU_MONTH_START.test(w)) return null;
  for (const [re, value] of RU_MONTHS) if (re.test(w)) return value;
  return null;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Canonical string of a number value (no exponent, trailing zeros trimmed). */
function canonical(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toFixed(6)));
}

type Tok = { text: string; start: number; end: number; kind: 'num' | 'word' | 'cjk' | 'punct'; value?: number };

const DIGIT_GROUP = /^\d+$/;

/**
 * Reads an ASCII-digit number at position `pos` honouring the language's separators: thousands with ',' (en, zh),
 * with '.' (de), with (narrow) spaces (ru, fr, de); decimals with '.' (en, zh) or ',' (ru, fr, de).
 */
function readDigits(text: string, pos: number, lang: string): { value: number; end: number } | null {
  const m = /^\d+(?:[.,\u00a0\u202f\u2009 ]\d+)*/.exec(text.slice(pos, pos + 40));
  if (!m) return null;
  let raw = m[0];
  // never run into the next number across a plain space unless it is a three-digit group
  const parts = raw.split(/([.,\u00a0\u202f\u2009 ])/);
  const commaDecimal = lang === 'ru' || lang === 'fr' || lang === 'de' || lang === 'uk' || lang === 'es' || lang === 'it' || lang === 'pt';
  // a '.' or ',' that comes twice between three-digit groups separates thousands whatever the language:
  // 1.234.567 in a Russian text, 1,234,567 in a French one
  const repeated = parts.length >= 5 && parts[1] === parts[3] && /^[.,]$/.test(parts[1]) && parts[2].length === 3 && parts[4].length === 3 ? parts[1] : '';
  let digits = parts[0];
  let used = parts[0].length;
  let decimal = '';
  for (let k = 1; k + 1 < parts.length; k += 2) {
    const sep = parts[k];
    const group = parts[k + 1];
    if (!DIGIT_GROUP.test(group)) break;
    const isThousands =
      group.length === 3 &&
      decimal === '' &&
      (sep === repeated || (sep === ',' && !commaDecimal) || (sep === '.' && lang === 'de') || /[\u00a0\u202f\u2009 ]/.test(sep));
    // the group before the first thousands separator has one to three digits: "in 2005 100 people" is two numbers
    if (isThousands && parts[0].length <= 3) {
      digits += group;
      used += 1 + group.length;
      continue;
    }
    const isDecimal = decimal === '' && ((sep === '.' && lang !== 'de') || (sep === ',' && commaDecimal) || (sep === '.' && lang === 'de' && group.length !== 3));
    if (isDecimal) {
      decimal = group;
      used += 1 + group.length;
      continue;
    }
    break;
  }
  raw = raw.slice(0, used);
  const value = Number(decimal ? `${digits}.${decimal}` : digits);
  if (!Number.isFinite(value)) return null;
  return { value, end: pos + raw.length };
}

const CJK_NUMERAL_CHARS = '〇零一二两兩三四五六七八九十拾百佰千仟万萬亿億';
const CJK_CLASSIFIERS = '个個年月日号號届屆次名项項条條位天点點章节節岁歲人种種家国國项份倍周週分秒小时時元美亿万千百件期段款届类類部';

const HAS_CJK_NUMERAL = new RegExp(`[${CJK_NUMERAL_CHARS}年月日号]`);

/** Joins of a range or list of dates, days or percentages in Chinese: 29日至31日, 29—31日, 3%-5%, 7月29日和30日. */
const ZH_RANGE = '(?:至|到|－|-|‐|‑|–|—|~|～|、|和|及)';
const ZH_SPAN = '(?:至|到|－|-|‐|‑|–|—|~|～)';

/** `value` × `scale` without the binary fraction showing: 2.3 × 10^9 = 2300000000. */
const scaled = (value: number, scale: number): number => Number((value * scale).toPrecision(12));

const CJK_NUM = `[0-9${CJK_NUMERAL_CHARS}]`;
// the first day of a range may go without its 日: 2014年7月29至31日, 7月29—31日
const ZH_DAY_END = `(?:[日号]|(?=${ZH_RANGE}(?:${CJK_NUM}{1,2}月)?${CJK_NUM}{1,3}[日号]))`;
const ZH_DATE = new RegExp(`(${CJK_NUM}{2,4})年(?:(${CJK_NUM}{1,3})月(?:(${CJK_NUM}{1,3})${ZH_DAY_END})?)?|(${CJK_NUM}{1,3})月(${CJK_NUM}{1,3})${ZH_DAY_END}`, 'g');
// what may follow a date in a range or list: 至31日, 至8月2日, 至8月 (after a month alone), 、30日
const ZH_DATE_NEXT = new RegExp(`^${ZH_RANGE}(?:(${CJK_NUM}{1,2})月)?(?:(${CJK_NUM}{1,3})[日号])?`);
const ZH_NUM_START = new RegExp(`^${CJK_NUM}`);
// digits with 万 or 亿, or 千 that is not kilo- (5千人, not 5千米): 150万 = 1500000, 1.2万亿, 3千万
// As one pattern, /(?<![0-9.,])(DIGITS)\s?[多余餘]?(SCALE)/g, it read a whole run of digits and
// separators from each of its digit groups before failing ("1 1 1 … 1" without 万 was quadratic). Only
// the end of a maximal run can meet the scale (inside a run a digit follows), so the runs are found
// once and the scale is looked for after each.
const DIGIT_RUN = /[0-9]+(?:[.,\u00a0\u202f\u2009 ][0-9]+)*/g;
const ZH_SCALE_AFTER = /\s?[多余餘]?([十百千]?[万萬亿億]+|千(?![米克瓦卡焦帕伏兆赫]))/y;
const ZH_PCT_NUMBER = `([0-9]+(?:\\.[0-9]+)?|[${CJK_NUMERAL_CHARS}点點]+)`;
const ZH_PCT = new RegExp(`百分之${ZH_PCT_NUMBER}|(?<![0-9.])${ZH_PCT_NUMBER}个?百分点`, 'y');
/**
 * ZH_PCT, but a run of Chinese numerals is not tried again from its second character when it was
 * tried from its first (where it failed, every later start in the run fails too: it can reach only
 * fewer ends). Tried from every character, "二〇〇五" repeated 10,000 times took 8.7 s. The start of
 * a search is tried with ZH_PCT itself, since the character before it was not tried.
 */
const ZH_PCT_FROM_RUN_STARTS = new RegExp(
  `百分之${ZH_PCT_NUMBER}|(?<![0-9.])([0-9]+(?:\\.[0-9]+)?|(?<!(?<![0-9.])[${CJK_NUMERAL_CHARS}点點])[${CJK_NUMERAL_CHARS}点點]+)个?百分点`,
  'g',
);

/** The next match of ZH_PCT at or after `from`, as a global search with it would find. */
function nextChinesePercent(src: string, from: number): RegExpExecArray | null {
  ZH_PCT.lastIndex = from;
  const here = ZH_PCT.exec(src);
  if (here) return here;
  ZH_PCT_FROM_RUN_STARTS.lastIndex = from;
  return ZH_PCT_FROM_RUN_STARTS.exec(src);
}
// 百分之三至五 is 3-5%, but not 百分之三至五年 or 百分之三至五个
const ZH_PCT_RANGE = new RegExp(`^${ZH_SPAN}(?!百分之)${ZH_PCT_NUMBER}`);
const ZH_RUN = new RegExp(`[${CJK_NUMERAL_CHARS}]+`, 'g');
const ZH_DECIMAL = /^[点點]([〇零一二三四五六七八九]+)([万萬亿億]?)(?![分钟鐘時时点點滴十〇零一二三四五六七八九])/;

/** Chinese dates, percentages and numerals; marks the characters it consumed in `covered`. */
function extractChinese(src: string, lang: string, covered: Uint8Array, push: (kind: NumberKind, value: string, start: number, end: number) => void): void {
  const cover = (a: number, b: number): void => {
    for (let k = a; k < b; k++) covered[k] = 1;
  };
  const numberOf = (s: string): number | null => (/^[0-9]+$/.test(s) ? Number(s) : parseChineseNumeral(s));
  const validMonth = (mo: number | null): mo is number => mo !== null && mo >= 1 && mo <= 12;
  const validDay = (d: number | null): d is number => d !== null && d >= 1 && d <= 31;
  const dateRe = ZH_DATE;
  const nextRe = ZH_DATE_NEXT;
  dateRe.lastIndex = 0;
  const dateValue = (y: number | null, mo: number, d: number | null): string =>
    d === null ? `${y}-${pad2(mo)}` : `${y === null ? '-' : y}-${pad2(mo)}-${pad2(d)}`;
  for (let m = dateRe.exec(src); m; m = dateRe.exec(src)) {
    let y: number | null = null;
    let mo: number | null;
    let d: number | null;
    if (m[1] !== undefined) {
      y = numberOf(m[1]);
      if (y === null) continue;
      mo = m[2] !== undefined ? numberOf(m[2]) : null;
      d = m[3] !== undefined ? numberOf(m[3]) : null;
      if (!validMonth(mo)) {
        push('year', String(y), m.index, m.index + m[1].length + 1);
        cover(m.index, m.index + m[0].length);
        continue;
      }
      if (!validDay(d)) d = null;
    } else {
      mo = numberOf(m[4]);
      d = numberOf(m[5]);
      if (!validMonth(mo) || !validDay(d)) continue;
    }
    push('date', dateValue(y, mo, d), m.index, m.index + m[0].length);
    let end = m.index + m[0].length;
    // the rest of a range or list takes the year (and month) written once: 2014年7月29日至8月2日
    for (let n = nextRe.exec(src.slice(end, end + 16)); n && n[0].length > 1; n = nextRe.exec(src.slice(end, end + 16))) {
      const mo2: number | null = n[1] !== undefined ? numberOf(n[1]) : mo;
      const d2 = n[2] !== undefined ? numberOf(n[2]) : null;
      if (!validMonth(mo2)) break;
      if (d !== null && (!validDay(d2) || (n[1] === undefined && d2 <= d))) break; // a day after a day, later in its month
      if (d === null && (n[1] === undefined || (d2 !== null && !validDay(d2)))) break; // a month after a month
      const sepLength = n[0].length - (n[1] !== undefined ? n[1].length + 1 : 0) - (n[2] !== undefined ? n[2].length + 1 : 0);
      const from = end + sepLength;
      // a month after a year's month reads as that year only when nothing else follows: 2014年7月至8月
      if (d === null && d2 === null && ZH_NUM_START.test(src[end + n[0].length] ?? '')) break;
      push('date', dateValue(y, mo2, d2), from, end + n[0].length);
      if (y === null && d2 === null) break;
      end += n[0].length;
      mo = mo2;
      d = d2;
    }
    cover(m.index, end);
    dateRe.lastIndex = end;
  }
  // digits with 万, 亿 or 千 (see ZH_SCALE_AFTER): each maximal run of digits and separators, tried from
  // its first digit group (when no digit, '.' or ',' comes before it) and from each group after a space
  DIGIT_RUN.lastIndex = 0;
  for (let run = DIGIT_RUN.exec(src); run; run = DIGIT_RUN.exec(src)) {
    const runEnd = run.index + run[0].length;
    ZH_SCALE_AFTER.lastIndex = runEnd;
    const after = ZH_SCALE_AFTER.exec(src);
    if (!after) continue;
    const matchEnd = runEnd + after[0].length;
    for (let start = run.index; start < runEnd; start++) {
      const before = src[start - 1];
      const opens = start === run.index ? before === undefined || !/[0-9.,]/.test(before) : /[\u00a0\u202f\u2009 ]/.test(before) && /[0-9]/.test(src[start]);
      if (!opens) continue;
      if (covered[start]) break;
      const read = readDigits(src, start, lang === 'zh' ? lang : 'en');
      const scale = parseChineseNumeral(after[1]);
      if (!read || scale === null) break;
      if (read.end !== runEnd) {
        start = read.end - 1; // "2005 100万": the number with 万 starts later
        continue;
      }
      push('number', canonical(scaled(read.value, scale)), start, matchEnd);
      cover(start, matchEnd);
      break;
    }
  }
  const pctValue = (text: string): number | null => {
    if (/^[0-9]/.test(text)) return Number(text);
    const [whole, frac] = text.split(/[点點]/);
    const w = parseChineseNumeral(whole);
    if (w === null) return null;
    const f = frac ? [...frac].map((c) => CJK_DIGITS[c] ?? '').join('') : '';
    return Number(f ? `${w}.${f}` : w);
  };
  const pctRangeRe = ZH_PCT_RANGE;
  for (let m = nextChinesePercent(src, 0); m; m = nextChinesePercent(src, m.index + m[0].length)) {
    if (covered[m.index]) continue;
    const value = pctValue(m[1] ?? m[2]);
    if (value === null) continue;
    push('percent', `${canonical(value)}%`, m.index, m.index + m[0].length);
    let end = m.index + m[0].length;
    const r = pctRangeRe.exec(src.slice(end, end + 16));
    const upper = r ? pctValue(r[1]) : null;
    const after = r ? (src[end + r[0].length] ?? '') : '';
    if (r && upper !== null && upper > value && (after === '' || !CJK_CLASSIFIERS.includes(after)) && !/[%％0-9]/.test(after)) {
      push('percent', `${canonical(upper)}%`, end + r[0].length - r[1].length, end + r[0].length);
      end += r[0].length;
    }
    cover(m.index, end);
  }
  const cjkRun = ZH_RUN;
  cjkRun.lastIndex = 0;
  for (let m = cjkRun.exec(src); m; m = cjkRun.exec(src)) {
    if (covered[m.index]) continue;
    const run = m[0];
    const before = src[m.index - 1] ?? '';
    const after = src[m.index + run.length] ?? '';
    // a decimal: 三点五 = 3.5, 一点五亿 = 150000000 (三点五分 and 三点五十分 are times)
    const decimal = after === '点' || after === '點' ? ZH_DECIMAL.exec(src.slice(m.index + run.length, m.index + run.length + 16)) : null;
    const whole = decimal ? parseChineseNumeral(run) : null;
    if (decimal && whole !== null && !(run === '一' && decimal[1].startsWith('一'))) { // 一点一滴, 一点一点: bit by bit
      const fraction = Number(`${whole}.${[...decimal[1]].map((c) => CJK_DIGITS[c]).join('')}`);
      const end = m.index + run.length + decimal[0].length;
      push('number', canonical(decimal[2] ? scaled(fraction, CJK_BIG[decimal[2]]) : fraction), m.index, end);
      cover(m.index, end);
      cjkRun.lastIndex = end;
      continue;
    }
    // a lone numeral counts only after 第 or before a classifier (一 only after 第: 一些, 统一 are not numbers)
    if ([...run].length === 1) {
      if (run === '一' || run === '万' || run === '千' || run === '百' || run === '亿' || run === '十' && !/[第]/.test(before)) {
        if (before !== '第') continue;
      } else if (before !== '第' && (after === '' || !CJK_CLASSIFIERS.includes(after))) continue;
    }
    if (/^[一两]/.test(run) && [...run].length === 2 && /[一两][些点樣样般切直起定旦致同向般]/.test(run + after)) continue;
    // idioms and vague quantities: 万一 (in case), 一一 (one by one), 数百万 / 数以十万计 / 上百万 (millions of),
    // 千百万 / 千千万万 (countless)
    if (/^(?:万一|一一|千百万|千千万万|成千上万|成百上千)$/.test(run)) continue;
    if (/^[十百千万萬亿億]/.test(run) && (/[数數几幾上]/.test(before) || (before === '以' && /[数數]/.test(src[m.index - 2] ?? '')))) continue;
    const value = parseChineseNumeral(run);
    if (value === null) continue;
    if (after === '%' || after === '％') push('percent', `${value}%`, m.index, m.index + run.length + 1);
    else push('number', canonical(value), m.index, m.index + run.length);
    cover(m.index, m.index + run.length);
  }

}

// Most sentences hold no number at all: one test per language lets them through without tokenising.
const DIGITS_OR_CJK = `[0-9０-９]|[${CJK_NUMERAL_CHARS}]|\\b[IVX]{2,}\\b`;
const MAYBE_NUMBER: Record<string, RegExp> = {
  en: new RegExp(`${DIGITS_OR_CJK}|\\b(?:${[...Object.keys(EN_UNITS), ...Object.keys(EN_TENS), ...Object.keys(EN_SCALES)].join('|')})`, 'i'),
  ru: new RegExp(`${DIGITS_OR_CJK}|(?:^|[^\\p{L}])(?:${RU_STEMS.map(([re]) => re.source.replace(/^\^/, '').replace(/\$/g, '')).join('|')})`, 'iu'), // a superset: "три$" must not fail «три человека»
};
const MAYBE_NUMBER_OTHER = new RegExp(DIGITS_OR_CJK);

const isYearValue = (v: number): boolean => Number.isInteger(v) && v >= 1000 && v <= 2200;

/** Words and signs joining the two ends of a range or a pair: 29-31 July, from 3 to 5 per cent, с 29 по 31 июля, 3 and 5 July. */
const RANGE_JOIN = /^(?:[-‐‑–—~～]|to|through|till|until|and|or|по|до|и|или|至|到|和|、)$/i;
const LIST_JOIN = /^(?:and|or|и|или|和|、)$/i;
/** Words scaling the number before them: 1.5 million, 2,3 млрд, 5 тыс. */
const SCALE_WORDS: Array<[RegExp, number]> = [
  [/^(?:thousands?|тыс|тысяч\p{L}*)$/iu, 1e3],
  [/^(?:millions?|mln|mn|млн|миллион\p{L}*)$/iu, 1e6],
  [/^(?:billions?|bn|млрд|миллиард\p{L}*)$/iu, 1e9],
  [/^(?:trillions?|trn|трлн|триллион\p{L}*)$/iu, 1e12],
];
const scaleOf = (word: string): number | null => {
  for (const [re, scale] of SCALE_WORDS) if (re.test(word)) return scale;
  return null;
};
const ORDINAL_SUFFIX = /^(st|nd|rd|th|er)$/i;

/** Where the run of digits and separators starting at `pos` ends: digits joined by single '.', ',' or spaces. */
function digitRunEnd(text: string, pos: number): number {
  let end = pos;
  while (isAsciiDigit(text.charCodeAt(end))) end++;
  while (/[.,\u00a0\u202f\u2009 ]/.test(text[end] ?? '') && isAsciiDigit(text.charCodeAt(end + 1))) {
    end += 2;
    while (isAsciiDigit(text.charCodeAt(end))) end++;
  }
  return end;
}

const isAsciiDigit = (code: number): boolean => code >= 48 && code <= 57;

/** What an English number word is, for joining words into one number: ordinal, teen, unit, ten, scale or ''. */
function englishNumberWordKind(piece: string): string {
  if (/(?:th|first|second|third)$/.test(piece) && piece !== 'eighth') return 'ordinal';
  if (piece in EN_UNITS) return EN_UNITS[piece] >= 10 ? 'teen' : 'unit';
  return piece in EN_TENS ? 'ten' : piece in EN_SCALES ? 'scale' : '';
}

/** Finds the numbers and dates in `text`, written in language `lang` (ISO 639-1). */
export function extractNumbers(text: string, lang: string): NormalisedNumber[] {
  const out: NormalisedNumber[] = [];
  const maybe = MAYBE_NUMBER[lang === 'uk' || lang === 'be' ? 'ru' : lang] ?? MAYBE_NUMBER_OTHER;
  if (!maybe.test(text)) return out;
  const src = text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const push = (kind: NumberKind, value: string, start: number, end: number): void => {
    out.push({ kind, value, start, end });
  };

  const covered = new Uint8Array(src.length + 1);
  if (HAS_CJK_NUMERAL.test(src)) extractChinese(src, lang, covered, push);

  // dates in digits: 2014-07-29 (ISO) and 29.07.2014 (day first, as Russian and German write them)
  if (/\d[-.]\d{1,2}[-.]\d/.test(src)) {
    for (const m of src.matchAll(/(?<![\d.,/-])(?:(\d{4})-(\d{2})-(\d{2})|(\d{1,2})\.(\d{1,2})\.(\d{4}))(?![\d-]|[.,]\d)/g)) {
      const [y, mo, d] = m[1] !== undefined ? [m[1], m[2], m[3]] : [m[6], m[5], m[4]];
      if (covered[m.index] || !isYearValue(Number(y)) || Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) continue;
      push('date', `${y}-${pad2(Number(mo))}-${pad2(Number(d))}`, m.index, m.index + m[0].length);
      for (let k = m.index; k < m.index + m[0].length; k++) covered[k] = 1;
    }
  }

  // --- tokens of alphabetic text and digits
  const toks: Tok[] = [];
  // A number token is read by readDigits, which looks at 40 characters: the pattern matches only its first
  // digit (matching the whole run of digits and separators, as it did, was quadratic on "1,1,1,…").
  const tokRe = /\d|[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*|[^\s]/gu;
  for (let m = tokRe.exec(src); m; m = tokRe.exec(src)) {
    if (covered[m.index]) {
      if (isAsciiDigit(src.charCodeAt(m.index))) tokRe.lastIndex = digitRunEnd(src, m.index);
      continue;
    }
    const t = m[0];
    const kind: Tok['kind'] = /^\d/.test(t) ? 'num' : /\p{Script=Han}/u.test(t) ? 'cjk' : /^[\p{L}\p{M}]/u.test(t) ? 'word' : 'punct';
    if (kind === 'num') {
      const read = readDigits(src, m.index, lang);
      if (!read) {
        tokRe.lastIndex = digitRunEnd(src, m.index);
        continue;
      }
      toks.push({ text: src.slice(m.index, read.end), start: m.index, end: read.end, kind, value: read.value });
      tokRe.lastIndex = read.end;
    } else {
      toks.push({ text: t, start: m.index, end: m.index + t.length, kind });
    }
  }

  const numValue = (t: Tok | undefined): number | null => (t?.kind === 'num' ? (t.value ?? null) : null);
  const isYear = (v: number | null, t?: Tok): boolean => v !== null && isYearValue(v) && (!t || /^\d{4}$/.test(t.text));
  const consumed = new Uint8Array(toks.length);

  // dates: "July 5, 2005", "5 July 2005", "5 июля 2005 года", "5. Juli 2005", "July 2005", "5 July", "3rd of July";
  // day ranges and pairs give each day its date: "29-31 July 2014", "July 29-31, 2014", «с 29 по 31 июля 2014 года»
  const dayValue = (t: Tok | undefined, x: number): number | null => {
    if (!t || t.kind !== 'num' || consumed[x] || t.text.length > 2) return null;
    const v = numValue(t);
    return v !== null && Number.isInteger(v) && v >= 1 && v <= 31 ? v : null;
  };
  /** A day written just before token `x` (inclusive): 5, 5. (German), 1er, 3rd, 3rd of. */
  const dayEndingAt = (x: number): { day: number; first: number } | null => {
    const t = toks[x];
    if (!t) return null;
    const plain = dayValue(t, x);
    if (plain !== null) return { day: plain, first: x };
    if (t.text === '.' && lang !== 'en') {
      const v = dayValue(toks[x - 1], x - 1);
      return v !== null && toks[x - 1].end === t.start ? { day: v, first: x - 1 } : null;
    }
    if (ORDINAL_SUFFIX.test(t.text) && toks[x - 1]?.end === t.start) {
      const v = dayValue(toks[x - 1], x - 1);
      return v !== null ? { day: v, first: x - 1 } : null;
    }
    if (t.text.toLowerCase() === 'of' && ORDINAL_SUFFIX.test(toks[x - 1]?.text ?? '')) return dayEndingAt(x - 1);
    // «1-го января», «1-е мая»
    if (/^(го|ого|е|ое)$/.test(t.text) && toks[x - 1]?.text === '-' && toks[x - 1].start === toks[x - 2]?.end) {
      const v = dayValue(toks[x - 2], x - 2);
      return v !== null ? { day: v, first: x - 2 } : null;
    }
    return null;
  };
  type DateFound = { first: number; last: number; year: number | null; entries: NormalisedNumber[] };
  const datesFound: DateFound[] = [];
  for (let k = 0; k < toks.length; k++) {
    if (consumed[k] || toks[k].kind !== 'word') continue;
    const month = monthOf(toks[k].text);
    if (month === null) continue;
    // "may" (lowercase) handled by monthOf; capitalised "May" without a day or year is still not a date
    const days: Array<{ day: number; first: number; last: number }> = [];
    let year: number | null = null;
    let first = k;
    let last = k;
    // day before: "5 July", "5. Juli", "1er juillet", "3rd of July"; and the day opening a range: "29-31 July"
    const before = dayEndingAt(k - 1);
    if (before) {
      first = before.first;
      days.push({ day: before.day, first: before.first, last: k });
      const opening = RANGE_JOIN.test(toks[first - 1]?.text ?? '') ? dayEndingAt(first - 2) : null;
      if (opening && opening.day < before.day) {
        days.unshift({ day: opening.day, first: opening.first, last: first - 2 });
        first = opening.first;
      }
    }
    // day after: "July 5, 2005" / "July 05" / "July 3rd", and a range "July 29-31"
    let q = k + 1;
    if (toks[q]?.text === '.' && toks[q].start === toks[k].end && /^(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)$/i.test(toks[k].text)) q++; // "Jan. 2015", "Sept. 5"
    if (days.length === 0) {
      const v = dayValue(toks[q], q);
      if (v !== null) {
        days.push({ day: v, first: k, last: q });
        last = q;
        q++;
        if (ORDINAL_SUFFIX.test(toks[q]?.text ?? '') && toks[q].start === toks[q - 1].end) last = q++;
        const closing = RANGE_JOIN.test(toks[q]?.text ?? '') ? dayValue(toks[q + 1], q + 1) : null;
        if (closing !== null && closing > v) {
          days.push({ day: closing, first: q + 1, last: q + 1 });
          last = q + 1;
          q += 2;
          if (ORDINAL_SUFFIX.test(toks[q]?.text ?? '') && toks[q].start === toks[q - 1].end) last = q++;
        }
      }
    }
    if (toks[q]?.text === ',') q++;
    if (toks[q]?.kind === 'num' && isYear(numValue(toks[q]), toks[q])) {
      year = numValue(toks[q]);
      last = q;
      const after = toks[q + 1]?.text.toLowerCase();
      if (after && /^(года|год|году|г)$/.test(after)) last = q + 1 + (toks[q + 2]?.text === '.' && after === 'г' ? 1 : 0);
    }
    if (days.length === 0 && year === null) continue;
    const found: DateFound = { first, last, year, entries: [] };
    const valueOf = (day: number | null): string =>
      year !== null && day !== null ? `${year}-${pad2(month)}-${pad2(day)}` : year !== null ? `${year}-${pad2(month)}` : `--${pad2(month)}-${pad2(day ?? 0)}`;
    if (days.length === 0) found.entries.push({ kind: 'date', value: valueOf(null), start: toks[first].start, end: toks[last].end });
    // each day its own span, the one next to the month with the month, the last with the year:
    // "29" + "31 July 2014", "July 29" + "31, 2014"
    days.forEach((d, x) => {
      const start = before ? d.first : x === 0 ? k : d.first;
      const end = x === days.length - 1 ? last : d.last;
      found.entries.push({ kind: 'date', value: valueOf(d.day), start: toks[start].start, end: toks[end].end });
    });
    for (const e of found.entries) out.push(e);
    datesFound.push(found);
    for (let x = first; x <= last; x++) consumed[x] = 1;
  }
  // a date without its year takes the year of the date closing its range: "from 29 July to 2 August 2014"
  for (let x = datesFound.length - 2; x >= 0; x--) {
    const [a, b] = [datesFound[x], datesFound[x + 1]];
    if (a.year !== null || b.year === null || b.first !== a.last + 2 || !RANGE_JOIN.test(toks[a.last + 1].text)) continue;
    a.year = b.year;
    for (const e of a.entries) e.value = e.value.replace(/^-/, String(b.year));
  }

  /** Index of the last token of a percent sign or word starting at token `x` ("%", "per cent", "процентов"), or -1. */
  const percentAt = (x: number): number => {
    const t = toks[x]?.text.toLowerCase() ?? '';
    if (t === '%' || t === '％' || /^(percent|pct|процент\p{L}*|prozent)$/u.test(t)) return x;
    if (t === 'проц') return toks[x + 1]?.text === '.' ? x + 1 : x;
    if (/^(per|pour)$/.test(t) && /^cent$/i.test(toks[x + 1]?.text ?? '')) return x + 1;
    if (t === 'percentage' && /^points?$/i.test(toks[x + 1]?.text ?? '')) return x + 1; // = процентных пункта = 个百分点
    return -1;
  };
  /** The first number of a range whose last number at token `x + 2` is followed by a percent sign or a scale: "3-5%", "1 to 2 million". */
  const opensRange = (x: number, pairs = true): boolean => {
    if (toks[x + 2]?.kind !== 'num' || !RANGE_JOIN.test(toks[x + 1].text)) return false;
    const v = numValue(toks[x]);
    const w = numValue(toks[x + 2]);
    if (v === null || w === null || consumed[x + 2]) return false;
    // a range goes up ("3-5%"); a pair may go down ("22 and 18 per cent"), but a year before it is no part of it
    return v < w || (pairs && LIST_JOIN.test(toks[x + 1].text) && !isYear(v, toks[x]));
  };
  const scaleAt = (x: number): number | null => (toks[x]?.kind === 'word' && !consumed[x] ? scaleOf(toks[x].text) : null);

  // digits with a scale word: "1.5 million" = «1,5 млн» = 150万 = 1500000; "1-2 billion" scales both ends
  for (let k = 0; k < toks.length; k++) {
    if (consumed[k] || toks[k].kind !== 'num') continue;
    const v = numValue(toks[k]);
    if (v === null) continue;
    let scale = scaleAt(k + 1);
    let last = k + 1;
    // "(80) million US dollars"
    if (scale === null && toks[k + 1]?.text === ')' && toks[k - 1]?.text === '(' && scaleAt(k + 2) !== null) {
      scale = scaleAt(k + 2);
      last = k + 2;
    }
    if (scale === null && opensRange(k, false) && scaleAt(k + 3) !== null) {
      scale = scaleAt(k + 3);
      last = k;
    }
    if (scale === null) continue;
    if (/^тыс$/i.test(toks[last].text) && toks[last + 1]?.text === '.') last++;
    push('number', canonical(scaled(v, scale)), toks[k].start, toks[last].end);
    for (let x = k; x <= last; x++) consumed[x] = 1;
  }

  // number words (English, Russian): "sixty-ninth", "шестьдесят девятая", "two hundred"; with a percent: "ninety per cent"
  for (let k = 0; k < toks.length; k++) {
    if (consumed[k] || toks[k].kind !== 'word') continue;
    const lower = toks[k].text.toLowerCase();
    if (lang === 'en') {
      let value = 0;
      let current = 0;
      let used = 0;
      let end = k;
      let lastKind = '';
      for (let x = k; x < toks.length && toks[x].kind === 'word'; x++) {
        const w = toks[x].text.toLowerCase();
        const pieces = w.split('-');
        // words follow each other as in "two hundred and forty-five thousand": "ninth and tenth", "five six" are two numbers
        const kind = englishNumberWordKind(pieces[0]);
        if (x > k) {
          const big = lastKind === 'scale';
          const fits = kind === 'scale' ? lastKind !== 'ordinal' : kind === 'ten' ? big : kind === 'unit' || (kind === 'ordinal' && pieces[0] in EN_UNITS && EN_UNITS[pieces[0]] < 10) ? big || lastKind === 'ten' : big;
          if (!fits) break;
        }
        let ok = true;
        for (const piece of pieces) {
          if (piece in EN_UNITS) current += EN_UNITS[piece];
          else if (piece in EN_TENS) current += EN_TENS[piece];
          else if (piece in EN_SCALES) {
            const scale = EN_SCALES[piece];
            if (scale === 100) current = (current || 1) * 100;
            else { value += (current || 1) * scale; current = 0; }
          } else ok = false;
        }
        if (!ok) break;
        used++;
        end = x;
        lastKind = englishNumberWordKind(pieces[pieces.length - 1]);
        const nextPiece = toks[x + 2]?.text.toLowerCase().split('-')[0] ?? '';
        if (toks[x + 1]?.text.toLowerCase() === 'and') {
          // "two hundred and forty"; and the older "forty and six thousand" (46,000), never "twenty and thirty"
          if (lastKind === 'scale' && (nextPiece in EN_UNITS || nextPiece in EN_TENS)) x++;
          else if (lastKind === 'ten' && pieces.length === 1 && nextPiece in EN_UNITS && EN_UNITS[nextPiece] < 10 && !/(?:th|first|second|third)$/.test(nextPiece)) x++;
        }
      }
      if (used === 0) continue;
      // "one" stays ambiguous even before "per cent": reading "one percent" cost the aligner on mac-dev (strict F1 0.900 -> 0.898)
      if (used === 1 && EN_AMBIGUOUS.has(lower)) continue;
      const pct = percentAt(end + 1);
      if (pct >= 0) push('percent', `${canonical(value + current)}%`, toks[k].start, toks[pct].end);
      else push('number', canonical(value + current), toks[k].start, toks[end].end);
      for (let x = k; x <= end; x++) consumed[x] = 1;
      k = end;
    } else if (lang === 'ru' || lang === 'uk' || lang === 'be') {
      let total = 0;
      let current = 0;
      let used = 0;
      let end = k;
      let lastKind = '';
      for (let x = k; x < toks.length && toks[x].kind === 'word'; x++) {
        const parsed = ruNumberWord(toks[x].text.toLowerCase());
        if (!parsed) break;
        const [v, kind] = parsed;
        if (kind === 'scale') { total += (current || 1) * v; current = 0; }
        else {
          if (used > 0 && (lastKind === 'unit' || lastKind === 'teen')) break; // "пять шесть" is two numbers
          current += v;
        }
        lastKind = kind;
        used++;
        end = x;
      }
      if (used === 0) continue;
      if (used === 1 && /^(одн|один(?!надцат)|перв|втор)/.test(lower)) continue;
      // «тысячи домов», «миллионы женщин», «сотни тысяч семей»: thousands, millions, no number
      if (used === 1 && RU_VAGUE_SCALE.test(lower) && !(lower === 'тысячи' && /^(более|менее|около|свыше|почти|до|из|от|порядка)$/i.test(toks[k - 1]?.text ?? ''))) continue;
      const pct = percentAt(end + 1);
      if (pct >= 0) push('percent', `${canonical(total + current)}%`, toks[k].start, toks[pct].end);
      else push('number', canonical(total + current), toks[k].start, toks[end].end);
      for (let x = k; x <= end; x++) consumed[x] = 1;
      k = end;
    }
  }

  // digits: years, percentages, plain values; ordinals such as 69th, 69-я, 1er
  for (let k = 0; k < toks.length; k++) {
    if (consumed[k] || toks[k].kind !== 'num') continue;
    const v = numValue(toks[k]);
    if (v === null) continue;
    let end = toks[k].end;
    const next = toks[k + 1];
    const nextText = next?.text.toLowerCase() ?? '';
    const touching = next !== undefined && next.start === toks[k].end;
    const pct = percentAt(k + 1);
    if (pct >= 0) {
      push('percent', `${canonical(v)}%`, toks[k].start, toks[pct].end);
      for (let x = k + 1; x <= pct; x++) consumed[x] = 1;
      continue;
    }
    // the first end of a percentage range: "3-5%", "from 3 to 5 per cent", «от 3 до 5 процентов», 3至5%
    if (opensRange(k) && percentAt(k + 3) >= 0) {
      push('percent', `${canonical(v)}%`, toks[k].start, toks[k].end);
      continue;
    }
    if (touching && /^(st|nd|rd|th|er|e|re|ème|eme)$/.test(nextText)) end = next.end;
    const kind: NumberKind = isYear(v, toks[k]) && /^(год|года|году|г|年)$/.test(nextText) ? 'year' : 'number';
    push(kind, canonical(v), toks[k].start, end);
  }

  // Roman numerals (II, IV, XIV) in Latin-script text: chapter and part numbers
  if (lang !== 'zh' && lang !== 'ja') {
    for (const t of toks) {
      if (t.kind !== 'word' || t.text.length < 2 || !/^[IVX]+$/.test(t.text)) continue;
      const value = romanValue(t.text);
      if (value !== null) push('number', String(value), t.start, t.end);
    }
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}

function romanValue(text: string): number | null {
  const vals: Record<string, number> = { I: 1, V: 5, X: 10 };
  let total = 0;
  for (let k = 0; k < text.length; k++) {
    const v = vals[text[k]];
    const next = vals[text[k + 1]] ?? 0;
    total += v < next ? -v : v;
  }
  const back = toRoman(total);
  return back === text ? total : null;
}

function toRoman(n: number): string {
  const table: Array<[number, string]> = [[10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, s] of table) while (n >= v) { out += s; n -= v; }
  return out;
}

/** The values alone, for comparing two versions: a multiset as a sorted list. */
export function numberValues(text: string, lang: string): string[] {
  return extractNumbers(text, lang).map((n) => n.value).sort();
}
