// Numbers and dates that differ between the cells of a row. Each cell's numbers come normalised from
// server/text/numbers.ts (digits with any separators, Chinese numerals, number words, dates in each
// language's forms), so '2 June 2005' = «2 июня 2005 года» = 2005年6月2日 = '2005-06-02'.
// A value is compared as a set member (repeating a year is style, not a defect), and a less precise
// value matches a more precise one it is part of: the year 2005 matches 2005-06-02, '--06-02' matches
// 2005-06-02, '5%' matches 5. Small numbers spelled as words or Chinese numerals (one, 第二, 一些) are
// too often idiom to report on their own, so a missing value of 10 or less is reported only when some
// version writes it in digits.
import { extractNumbers, type NormalisedNumber } from '../text/numbers.ts';
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

function cellNumbers(text: string, lang: string): CellNumbers {
  const values = new Map<string, { digits: boolean; surface: string }>();
  let found: NormalisedNumber[] = [];
  if (!mayHoldNumber.test(text) && !mayHoldRussianNumber.test(text)) return { values };
  try {
    found = extractNumbers(text, lang);
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
    const problems: Array<{ value: string; has: number[]; lacks: number[]; surface: string }> = [];
    const seen = new Set<string>();
    for (const k of columns) {
      for (const [value, info] of present[k]!.values) {
        if (seen.has(value)) continue;
        seen.add(value);
        const has = columns.filter((j) => [...present[j]!.values.keys()].some((v) => compatibleValues(v, value)));
        const lacks = columns.filter((j) => !has.includes(j));
        if (lacks.length === 0) continue;
        const inDigits = has.some((j) => [...present[j]!.values].some(([v, i]) => compatibleValues(v, value) && i.digits));
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
      detail: { key: 'finding.numbers', params: { details: parts.join('; ') } },
    });
  }
  return findings;
}
