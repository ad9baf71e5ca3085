// Numbers and dates that differ between the cells of a row. Each cell's numbers come normalised from
// server/text/numbers.ts (digits with any separators, Chinese numerals, number words, dates in each
// language's forms), so '2 June 2005' = «2 июня 2005 года» = 2005年6月2日 = '2005-06-02'.
// A value is compared as a set member (repeating a year is style, not a defect), and a less precise
// value matches a more precise one it is part of: the year 2005 matches 2005-06-02, '--06-02' matches
// 2005-06-02, '5%' matches 5. Small numbers spelled as words or Chinese numerals (one, 第二, 一些) are
// too often idiom to report on their own, so a missing value of 10 or less is reported only when some
// version writes it in digits.
// Times of day are read here (server/text/numbers.ts does not read them yet): "10.15 a.m." =
// «10 ч. 15 м.» = 上午10时15分 = 'T10:15', so that the hours and minutes are not compared as numbers.
import { extractNumbers, parseChineseNumeral, type NormalisedNumber } from '../text/numbers.ts';
import type { Finding, QaGrid } from './findings.ts';

interface CellNumbers {
  values: Map<string, { digits: boolean; surface: string }>;
}

// Cells without a digit, a Chinese numeral, a Roman numeral or something like an English or Russian
// number word hold no number: they skip the (much slower) full extraction.
const mayHoldNumber =
  /[0-9０-９〇零一二两兩三四五六七八九十拾百佰千仟万萬亿億]|\b[IVX]{2,}\b|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen(?:th)?|(?:twen|thir|for|fif|six|seven|eigh|nine)t(?:y|ieth)(?:-\w+)?|hundred(?:th)?|thousand(?:th)?|million|billion|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\b/i;
const mayHoldRussianNumber =
  /(?:^|[^а-яё])(?:одн|один|два|две|двух|тр[еёи]|четыр|четв|пят|шест|сем|седьм|восем|восьм|девят|десят|двадцат|тридцат|сорок|(?:сто|ста)(?![а-яё])|двест|трист|тысяч|миллион|миллиард|перв|втор)/i;

export interface TimeOfDay {
  /** 'T15:00' */
  value: string;
  start: number;
  end: number;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const zhNumber = (text: string) => (/^\d+$/.test(text) ? Number(text) : parseChineseNumeral(text));

/** Times of day in English (10.15 a.m., 3 p.m., 15:00), Russian (15 ч. 00 м., 15 час.) and Chinese (下午3时, 10时23分). */
export function extractTimes(text: string): TimeOfDay[] {
  const times: TimeOfDay[] = [];
  // The characters of the times taken so far: a later match overlapping one is dropped (a mark per
  // character, not a look through every time taken, which was quadratic in the number of times).
  const taken = new Uint8Array(text.length);
  const push = (hour: number | null, minute: number | null, start: number, end: number) => {
    if (hour === null || hour > 24 || (minute ?? 0) > 59) return;
    for (let k = start; k < end; k++) if (taken[k]) return;
    taken.fill(1, start, end);
    times.push({ value: `T${pad2(hour % 24)}:${pad2(minute ?? 0)}`, start, end });
  };
  const patterns: Array<[RegExp, (m: RegExpExecArray) => [number | null, number | null]]> = [
    [
      /\b(\d{1,2})(?:[.:](\d{2}))?\s*([ap])\.?\s?m\b\.?/gi,
      (m) => {
        const h = Number(m[1]) % 12;
        return [m[3].toLowerCase() === 'p' ? h + 12 : h, m[2] ? Number(m[2]) : 0];
      },
    ],
    // «18 часов» is a duration as often as a time: only the abbreviations 15 ч. (00 м.), 15 час. are read
    [/(?<![\d.,])(\d{1,2})\s*(?:ч|час)\.\s*(?:(\d{1,2})\s*(?:м|мин)\.)?/gi, (m) => [Number(m[1]), m[2] ? Number(m[2]) : 0]],
    [
      /(上午|早上|中午|下午|晚上|凌晨)?(\d{1,2}|[零〇一二两三四五六七八九十]{1,3})[时時点點](?:(\d{1,2}|[零〇一二三四五六七八九十]{1,3})分|(半))?/g,
      (m) => {
        // a Chinese numeral before 时 is a time only with a part of the day (一时 alone is "for a moment")
        if (!m[1] && !/^\d/.test(m[2])) return [null, null];
        let h = zhNumber(m[2]);
        if (h !== null && (m[1] === '下午' || m[1] === '晚上') && h < 12) h += 12;
        return [h, m[4] ? 30 : m[3] ? zhNumber(m[3]) : 0];
      },
    ],
    [/(?<![\d.:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])/g, (m) => [Number(m[1]), Number(m[2])]],
  ];
  for (const [pattern, read] of patterns) {
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const [h, min] = read(m);
      push(h, min, m.index, m.index + m[0].length);
    }
  }
  return times.sort((a, b) => a.start - b.start);
}

function cellNumbers(text: string, lang: string): CellNumbers {
  const values = new Map<string, { digits: boolean; surface: string }>();
  let found: NormalisedNumber[] = [];
  if (!mayHoldNumber.test(text) && !mayHoldRussianNumber.test(text)) return { values };
  // a paragraph number at the head of a cell ("10. The Commission...") is structure, not content
  let rest = text.replace(/^\s*\(?\d{1,3}[.)]\s/, (head) => ' '.repeat(head.length));
  // times first, blanked out so their hours and minutes are not read again as numbers
  const times = extractTimes(rest);
  const pieces: string[] = [];
  let from = 0;
  for (const t of times) {
    values.set(t.value, { digits: /\d/.test(text.slice(t.start, t.end)), surface: text.slice(t.start, t.end) });
    // times never overlap and come in text order: the blanked text is built once, not once per time
    pieces.push(rest.slice(from, t.start), ' '.repeat(t.end - t.start));
    from = t.end;
  }
  if (times.length > 0) rest = pieces.join('') + rest.slice(from);
  try {
    found = extractNumbers(rest, lang);
  } catch {
    found = [];
  }
  for (const n of found) {
    const surface = text.slice(n.start, n.end);
    const digits = /[0-9０-９]/.test(surface);
    const known = values.get(n.value);
    if (!known) values.set(n.value, { digits, surface });
    else if (digits && !known.digits) values.set(n.value, { digits, surface });
  }
  return { values };
}

/** True when `a` and `b` can denote the same thing, one being less precise than the other. */
export function compatibleValues(a: string, b: string): boolean {
  if (a === b) return true;
  const strip = (v: string) => v.replace(/%$/, '');
  if (strip(a) === strip(b)) return true;
  // a bare day number and a date on that day ("from 3 to 5 February" = 2月3日至5日)
  const dayOf = (v: string) => /^(?:\d{3,4}|-)-\d\d-(\d\d)$/.exec(v)?.[1];
  const isDay = (v: string) => /^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 31;
  if ((isDay(a) && Number(dayOf(b)) === Number(a)) || (isDay(b) && Number(dayOf(a)) === Number(b))) return true;
  const date = /^(\d{3,4}|-)-(\d\d)(?:-(\d\d))?$|^(\d{3,4})$/;
  const ma = date.exec(a);
  const mb = date.exec(b);
  if (!ma || !mb) return false;
  const parts = (m: RegExpExecArray) =>
    m[4] !== undefined ? { y: m[4], m: undefined, d: undefined } : { y: m[1] === '-' ? undefined : m[1], m: m[2], d: m[3] };
  const pa = parts(ma);
  const pb = parts(mb);
  // a bare year or a month without its year matches nothing else than dates
  if (ma[4] !== undefined && mb[4] !== undefined) return false;
  if ((ma[4] !== undefined && pb.y === undefined) || (mb[4] !== undefined && pa.y === undefined)) return false;
  const agree = (x: string | undefined, y: string | undefined) => x === undefined || y === undefined || x === y;
  return agree(pa.y, pb.y) && agree(pa.m, pb.m) && agree(pa.d, pb.d) && (pa.y !== undefined || pb.y !== undefined || pa.m !== undefined);
}

const DATE_FORM = /^(\d{3,4}|-)-(\d\d)(?:-(\d\d))?$|^(\d{3,4})$/;
const DAY_OF_DATE = /^(?:\d{3,4}|-)-\d\d-(\d\d)$/;
const isDayNumber = (v: string) => /^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 31;

/**
 * The values of a cell, indexed so that "is any of them compatible with this value?" costs a few set
 * lookups: the answer of compatibleValues against each of them, which, asked for every value of a
 * row, was quadratic in the values of a cell (a cell of 30,000 numbers).
 */
export class CompatibleValueSet {
  private readonly exact = new Set<string>();
  private readonly withoutPercent = new Set<string>();
  /** Day numbers (1-31) among the values, and the days of the full dates. */
  private readonly days = new Set<number>();
  private readonly daysOfDates = new Set<number>();
  /** Bare years ('2005', '123'); the years of dates that have one. */
  private readonly bareYears = new Set<string>();
  private readonly yearsOfDates = new Set<string>();
  /** Dates by 'year|month' and 'year|month|day' ('-' for no year, '' for no day), and by 'month' and 'month|day'. */
  private readonly yearMonths = new Set<string>();
  private readonly yearMonthDays = new Set<string>();
  private readonly months = new Set<string>();
  private readonly monthDays = new Set<string>();

  constructor(values: Iterable<string>) {
    for (const v of values) {
      this.exact.add(v);
      this.withoutPercent.add(v.replace(/%$/, ''));
      if (isDayNumber(v)) this.days.add(Number(v));
      const day = DAY_OF_DATE.exec(v)?.[1];
      if (day !== undefined) this.daysOfDates.add(Number(day));
      const m = DATE_FORM.exec(v);
      if (!m) continue;
      if (m[4] !== undefined) {
        this.bareYears.add(m[4]);
        continue;
      }
      if (m[1] !== '-') this.yearsOfDates.add(m[1]);
      this.yearMonths.add(`${m[1]}|${m[2]}`);
      this.yearMonthDays.add(`${m[1]}|${m[2]}|${m[3] ?? ''}`);
      this.months.add(m[2]);
      this.monthDays.add(`${m[2]}|${m[3] ?? ''}`);
    }
  }

  /** Whether some value of the set is compatible with `value` (compatibleValues(v, value) for some v). */
  has(value: string): boolean {
    if (this.exact.has(value) || this.withoutPercent.has(value.replace(/%$/, ''))) return true;
    if (isDayNumber(value) && this.daysOfDates.has(Number(value))) return true;
    const day = DAY_OF_DATE.exec(value)?.[1];
    if (day !== undefined && this.days.has(Number(day))) return true;
    const m = DATE_FORM.exec(value);
    if (!m) return false;
    // a bare year matches the dates of that year; two bare years only when equal (above)
    if (m[4] !== undefined) return this.yearsOfDates.has(m[4]);
    const [year, month, dayOfMonth] = [m[1], m[2], m[3]];
    if (year === '-') {
      // a date without its year matches every date of that month (and day), never a bare year
      return dayOfMonth === undefined ? this.months.has(month) : this.monthDays.has(`${month}|${dayOfMonth}`) || this.monthDays.has(`${month}|`);
    }
    if (this.bareYears.has(year)) return true;
    for (const y of [year, '-']) {
      if (dayOfMonth === undefined ? this.yearMonths.has(`${y}|${month}`) : this.yearMonthDays.has(`${y}|${month}|${dayOfMonth}`) || this.yearMonthDays.has(`${y}|${month}|`)) return true;
    }
    return false;
  }
}

const smallNumber = (value: string) => /^\d+$/.test(value) && Number(value) <= 10;

/** Describes a value for people: 2005-06-02 stays as it is, a bare number too. */
function describe(value: string): string {
  return value.startsWith('--') ? value.slice(2) : value;
}

export function findNumberMismatches(grid: QaGrid): Finding[] {
  const findings: Finding[] = [];
  for (const row of grid.rows) {
    const present = grid.columns.map((c, k) => (row.cells[k].trim() === '' ? null : cellNumbers(row.cells[k], c.lang)));
    const columns = present.map((p, k) => (p ? k : -1)).filter((k) => k >= 0);
    if (columns.length < 2) continue;
    const compatible = present.map((p) => (p ? new CompatibleValueSet(p.values.keys()) : null));
    const compatibleInDigits = present.map((p) => (p ? new CompatibleValueSet([...p.values].filter(([, i]) => i.digits).map(([v]) => v)) : null));
    const problems: Array<{ value: string; has: number[]; lacks: number[]; surface: string }> = [];
    const seen = new Set<string>();
    for (const k of columns) {
      for (const [value, info] of present[k]!.values) {
        if (seen.has(value)) continue;
        seen.add(value);
        const has = columns.filter((j) => compatible[j]!.has(value));
        const lacks = columns.filter((j) => !has.includes(j));
        if (lacks.length === 0) continue;
        const inDigits = has.some((j) => compatibleInDigits[j]!.has(value));
        if (smallNumber(value) && !inDigits) continue;
        problems.push({ value, has, lacks, surface: info.surface });
      }
    }
    if (problems.length === 0) continue;
    const involved = [...new Set(problems.flatMap((p) => [...p.lacks, ...p.has]))].sort((a, b) => a - b);
    const parts = problems.map(
      (p) =>
        `${describe(p.value)} ("${p.surface}") in ${p.has.map((k) => grid.columns[k].name).join(', ')} but not in ${p.lacks.map((k) => grid.columns[k].name).join(', ')}`,
    );
    findings.push({
      kind: 'number-mismatch',
      row: row.number,
      langs: involved.map((k) => grid.columns[k].lang),
      versions: involved.map((k) => grid.columns[k].name),
      text: problems.map((p) => describe(p.value)).join(' '),
      message: `Numbers or dates differ: ${parts.join('; ')}.`,
      // for other interface languages: the same facts without English words (+ has it, − lacks it)
      detail: {
        key: 'finding.numbers',
        params: {
          details: problems
            .map((p) => `${describe(p.value)} «${p.surface}»: +${p.has.map((k) => grid.columns[k].name).join(', +')}; −${p.lacks.map((k) => grid.columns[k].name).join(', −')}`)
            .join(' · '),
        },
      },
    });
  }
  return findings;
}
