// Consistency checks of terminology across the aligned versions of a work, row by row:
// - term-missing-equivalent: a concept is named in one version of a row (a term found there) but
//   another version of the row does not name it in any accepted form (for languages where the
//   concept has terms and the cell has text). Accepted forms: the matcher's `names` (nested terms,
//   abbreviations, word order, see match.ts) and the short names a document defines for a concept
//   it names ('(hereinafter the Organization)', «(далее – Организация)», （以下简称“本组织”）), from
//   the row that defines them on;
// - term-superseded: a deprecated or forbidden term, or a superseded term in a document dated on or
//   after the day it stopped being right (before that day the old title is the right one);
// - term-inconsistent: the same source term (pivot language) rendered by different terms of its
//   concept in different rows of one version, where the difference is one a terminologist would
//   correct. Accepted variants are not: an abbreviation or short form next to the full form (ШОС and
//   «Шанхайская организация сотрудничества», 上合组织 and 上海合作组织), an admitted synonym next to
//   the preferred term, each valid on the document's date. What is still reported: two different
//   preferred terms of the same form (a translator picking between two full forms), and a term used
//   outside its validity period (e.g. a title before it was introduced) next to the right one.
//   Deprecated, forbidden and out-of-date superseded renderings are left to term-superseded.
// Pure: the caller gives the rows, the termbase and the document's date.
import { compileTermbase, type MatchOptions, type TermMatcher, type TermOccurrence } from './match.ts';
import { bestTerm, conceptLabel, discouragedStatuses, firstDayOf, isShortForm, isValidOn, type ConceptData, type TermData } from './termbase.ts';

/** A finding in the shape shared with the checks of server/qa. `row` is the 1-based row number. */
export interface TermFinding {
  kind: string;
  row: number;
  langs: string[];
  message: string;
  text?: string;
  /** The concept concerned (its key), for linking to the termbase. */
  concept?: string;
  /** The values of the message, for showing it in another interface language (see views/locales/<lng>/terms.json). */
  params?: Record<string, string>;
}

export const termFindingKinds = ['term-missing-equivalent', 'term-superseded', 'term-inconsistent'] as const;

export interface TermCheckRow {
  /** 1-based row number, as shown in the grid. */
  row: number;
  cells: Array<{ lang: string; text: string }>;
}

export interface TermCheckInput extends MatchOptions {
  rows: readonly TermCheckRow[];
  concepts: readonly ConceptData[];
  /** The date of the document, 'YYYY-MM-DD' (or 'YYYY'); without it every superseded term is reported. */
  documentDate?: string | null;
  /** The source language for the rendering check; default 'en'. */
  pivotLang?: string;
  /** A matcher compiled beforehand (it must be for the same concepts). */
  matcher?: TermMatcher;
}

/** Whether term-superseded reports a term on this day (or, without a day, at all). */
function isReportedAsSuperseded(term: TermData, day: string | null): boolean {
  if (!discouragedStatuses.has(term.status)) return false;
  return !(term.status === 'superseded' && day && isValidOn(term, day));
}

/** Whether a rendering is a right term on the day: preferred or admitted (or a superseded term before its date) and valid then. */
function isAccepted(term: TermData, day: string | null): boolean {
  if (isReportedAsSuperseded(term, day)) return false;
  return !day || isValidOn(term, day);
}

type Form = 'short' | 'full' | 'variant';

function formOf(term: TermData): Form {
  if (isShortForm(term)) return 'short';
  return term.termType === 'variant' || term.termType === 'synonym' ? 'variant' : 'full';
}

/**
 * Whether two accepted renderings of one concept clash: only two preferred terms of the same form
 * (a superseded term in its period counts as the preferred term of then). An admitted term, a
 * variant, or a short form next to a full form is an accepted alternative.
 */
function clash(a: TermData, b: TermData): boolean {
  const main = (t: TermData) => t.status === 'preferred' || t.status === 'superseded';
  if (!main(a) || !main(b)) return false;
  const fa = formOf(a);
  return fa !== 'variant' && fa === formOf(b);
}

function describeStatus(term: TermData): string {
  const dates = [term.validFrom ? `from ${term.validFrom}` : '', term.validUntil ? `until ${term.validUntil}` : ''].filter(Boolean).join(' ');
  return dates ? `${term.status}, ${dates}` : term.status;
}

interface Rendering {
  term: TermData;
  rows: number[];
}

/** The phrase that gives a concept a short name right after it is named, per language: its names list. */
const shortNameDefinitions: Record<string, RegExp> = {
  en: /^\s*(?:--\s*)?[/(]\s*(?:hereinafter|hereafter|henceforth|further)(?:\s+(?:mentioned|referred\s+to|called|named|cited))?(?:\s+as)?\s+([^/)]{1,80})[/)]/i,
  ru: /^\s*\(\s*(?:далее|в\s+дальнейшем)(?:\s+(?:именуем|называем)\S*)?\s*(?:[–—-]\s*)?([^)]{1,80})\)/i,
  zh: /^\s*[（(]\s*(?:以下简称|以下称|下称|简称)\s*([^）)]{1,40})[）)]/,
};
const nameSeparators: Record<string, RegExp> = {
  en: /\s*(?:,|\bor\b|\band\b)\s*/i,
  ru: /\s*(?:,|(?<!\S)(?:или|и)(?!\S))\s*/i,
  zh: /[、，,或和及]/,
};

/**
 * The short names a document defines for the concepts it names, as it goes through its rows: a
 * version that later says 'the Organisation' or 本组织 names the concept it was defined for.
 */
class DefinedShortNames {
  private readonly byLang = new Map<string, Array<{ concept: ConceptData; name: string; matcher: TermMatcher }>>();
  constructor(private readonly options: MatchOptions) {}

  learn(lang: string, text: string, occurrences: readonly TermOccurrence[]): void {
    const l = lang.split('-')[0].toLowerCase();
    const definition = shortNameDefinitions[l];
    if (!definition) return;
    for (const occ of occurrences) {
      const m = definition.exec(text.slice(occ.end));
      if (!m) continue;
      for (const raw of m[1].split(nameSeparators[l])) {
        const name = raw.replace(/["“”„«»'‘’「」『』]/g, '').replace(/^(?:the|a|an)\s+/i, '').trim();
        if (!name || !/[\p{L}\p{N}]/u.test(name)) continue;
        const list = this.byLang.get(l) ?? [];
        this.byLang.set(l, list);
        if (list.some((d) => d.concept === occ.concept && d.name === name)) continue;
        const alias: ConceptData = { ...occ.concept, terms: [{ ...occ.term, lang: l, text: name, status: 'admitted' }] };
        list.push({ concept: occ.concept, name, matcher: compileTermbase([alias], this.options) });
      }
    }
  }

  /** Whether a text names the concept by a short name defined so far (a capital where the name has one). */
  names(lang: string, text: string, concept: ConceptData): boolean {
    const l = lang.split('-')[0].toLowerCase();
    return (this.byLang.get(l) ?? []).some(
      (d) => d.concept === concept && d.matcher.find(l, text).some((o) => d.name[0] === d.name[0].toLowerCase() || o.text[0] === d.name[0]),
    );
  }
}

export function findTermFindings(input: TermCheckInput): TermFinding[] {
  const matcher = input.matcher ?? compileTermbase(input.concepts, input);
  const day = input.documentDate ? firstDayOf(input.documentDate) : null;
  const pivotLang = input.pivotLang ?? 'en';
  const findings: TermFinding[] = [];
  // source term id → target lang → target term text → the term and its rows
  const renderings = new Map<string, { source: TermOccurrence; byLang: Map<string, Map<string, Rendering>> }>();

  const shortNames = new DefinedShortNames(input);
  for (const row of input.rows) {
    const found = row.cells.map((cell) => (cell.text ? matcher.find(cell.lang, cell.text) : []));

    // Discouraged terms.
    row.cells.forEach((cell, k) => {
      for (const occ of found[k]) {
        const term = occ.term;
        if (!isReportedAsSuperseded(term, day)) continue;
        const better = bestTerm(occ.concept, occ.lang, day);
        const advice = better && better !== term && !discouragedStatuses.has(better.status) ? `; use '${better.text}'` : '';
        findings.push({
          kind: 'term-superseded',
          row: row.row,
          langs: [cell.lang],
          message: `'${occ.text}' is a ${describeStatus(term)} term for '${conceptLabel(occ.concept)}'${day && term.status === 'superseded' ? ` and the document is dated ${input.documentDate}` : ''}${advice}.`,
          text: occ.text,
          concept: occ.concept.key,
          params: {
            text: occ.text,
            status: term.status,
            validFrom: term.validFrom ?? '',
            validUntil: term.validUntil ?? '',
            concept: conceptLabel(occ.concept),
            date: day && term.status === 'superseded' ? String(input.documentDate) : '',
            better: advice ? better!.text : '',
          },
        });
      }
    });

    // Missing equivalents.
    row.cells.forEach((cell, k) => shortNames.learn(cell.lang, cell.text, found[k]));
    const present = found.map((list) => new Set(list.map((o) => o.concept)));
    // What a cell names in the looser sense is asked only of a cell that lacks a concept.
    const looser: Array<((concept: ConceptData) => boolean) | undefined> = [];
    const names = (k: number) => (looser[k] ??= matcher.names(row.cells[k].lang, row.cells[k].text));
    const concepts = new Set(found.flat().map((o) => o.concept));
    for (const concept of concepts) {
      const withIt = row.cells.map((c, k) => (present[k].has(concept) ? c.lang : null)).filter((l): l is string => l !== null);
      row.cells.forEach((cell, k) => {
        if (present[k].has(concept) || !cell.text.trim()) return;
        if (names(k)(concept) || shortNames.names(cell.lang, cell.text, concept)) return;
        const expected = bestTerm(concept, cell.lang, day);
        if (!expected) return;
        const seen = found[row.cells.findIndex((_, j) => present[j].has(concept))].find((o) => o.concept === concept)!;
        findings.push({
          kind: 'term-missing-equivalent',
          row: row.row,
          langs: [...new Set([...withIt, cell.lang])],
          message: `'${seen.text}' (${seen.lang}) names '${conceptLabel(concept)}' but the ${cell.lang} text has none of its terms, e.g. '${expected.text}'.`,
          text: seen.text,
          concept: concept.key,
          params: { text: seen.text, textLang: seen.lang, concept: conceptLabel(concept), lang: cell.lang, expected: expected.text },
        });
      });
    }

    // Renderings of the source terms.
    const pivotCells = row.cells.map((c, k) => (c.lang === pivotLang ? k : -1)).filter((k) => k >= 0);
    for (const p of pivotCells) {
      for (const occ of found[p]) {
        const sourceId = `${occ.concept.key}\u0000${occ.term.lang}\u0000${occ.term.text}`;
        const entry = renderings.get(sourceId) ?? { source: occ, byLang: new Map() };
        renderings.set(sourceId, entry);
        row.cells.forEach((cell, k) => {
          if (k === p || cell.lang === pivotLang) return;
          for (const target of found[k]) {
            if (target.concept !== occ.concept) continue;
            const byTerm = entry.byLang.get(cell.lang) ?? new Map<string, Rendering>();
            entry.byLang.set(cell.lang, byTerm);
            const rendering = byTerm.get(target.term.text) ?? { term: target.term, rows: [] };
            if (rendering.rows[rendering.rows.length - 1] !== row.row) rendering.rows.push(row.row);
            byTerm.set(target.term.text, rendering);
          }
        });
      }
    }
  }

  for (const { source, byLang } of renderings.values()) {
    for (const [lang, byTerm] of byLang) {
      // Renderings reported as superseded, deprecated or forbidden are term-superseded's.
      const candidates = [...byTerm.values()].filter((r) => !isReportedAsSuperseded(r.term, day));
      if (candidates.length < 2) continue;
      const accepted = (r: Rendering) => isAccepted(r.term, day);
      // The right and most used rendering first.
      const ranked = candidates.sort(
        (a, b) => Number(accepted(b)) - Number(accepted(a)) || b.rows.length - a.rows.length || a.rows[0] - b.rows[0],
      );
      ranked.forEach((other, i) => {
        if (i === 0) return;
        // A rendering outside its validity differs from the usual one; a right one only from one it clashes with.
        const usual = accepted(other) ? ranked.slice(0, i).find((u) => accepted(u) && clash(u.term, other.term)) : ranked[0];
        if (!usual) return;
        const rowList = usual.rows.slice(0, 5).join(', ') + (usual.rows.length > 5 ? ', …' : '');
        const usualRows = new Set(usual.rows); // not usual.rows.includes: quadratic in the rows of a long work
        for (const r of other.rows) {
          if (usualRows.has(r)) continue;
          findings.push({
            kind: 'term-inconsistent',
            row: r,
            langs: [source.lang, lang],
            message: `'${source.term.text}' is rendered in ${lang} as '${other.term.text}' here but as '${usual.term.text}' in ${usual.rows.length === 1 ? 'row' : 'rows'} ${rowList}.`,
            text: other.term.text,
            concept: source.concept.key,
            params: { source: source.term.text, lang, other: other.term.text, usual: usual.term.text, rows: rowList, count: String(usual.rows.length) },
          });
        }
      });
    }
  }

  return findings.sort((a, b) => a.row - b.row || a.kind.localeCompare(b.kind));
}
