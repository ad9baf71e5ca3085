// Consistency checks of terminology across the aligned versions of a work, row by row:
// - term-missing-equivalent: a concept is named in one version of a row but none of its terms is in
//   another version of the row (for languages where the concept has terms and the cell has text);
// - term-superseded: a deprecated or forbidden term, or a superseded term in a document dated on or
//   after the day it stopped being right (before that day the old title is the right one);
// - term-inconsistent: the same source term (pivot language) rendered by different terms of its
//   concept in different rows of one version.
// Pure: the caller gives the rows, the termbase and the document's date.
import { compileTermbase, type MatchOptions, type TermMatcher, type TermOccurrence } from './match.ts';
import { bestTerm, conceptLabel, discouragedStatuses, firstDayOf, isValidOn, type ConceptData, type TermData } from './termbase.ts';

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

function describeStatus(term: TermData): string {
  const dates = [term.validFrom ? `from ${term.validFrom}` : '', term.validUntil ? `until ${term.validUntil}` : ''].filter(Boolean).join(' ');
  return dates ? `${term.status}, ${dates}` : term.status;
}

export function findTermFindings(input: TermCheckInput): TermFinding[] {
  const matcher = input.matcher ?? compileTermbase(input.concepts, input);
  const day = input.documentDate ? firstDayOf(input.documentDate) : null;
  const pivotLang = input.pivotLang ?? 'en';
  const findings: TermFinding[] = [];
  // source term id → target lang → target term text → rows
  const renderings = new Map<string, { source: TermOccurrence; byLang: Map<string, Map<string, number[]>> }>();

  for (const row of input.rows) {
    const found = row.cells.map((cell) => (cell.text ? matcher.find(cell.lang, cell.text) : []));

    // Discouraged terms.
    row.cells.forEach((cell, k) => {
      for (const occ of found[k]) {
        const term = occ.term;
        if (!discouragedStatuses.has(term.status)) continue;
        if (term.status === 'superseded' && day && isValidOn(term, day)) continue;
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
    const present = found.map((list) => new Set(list.map((o) => o.concept)));
    const concepts = new Set(found.flat().map((o) => o.concept));
    for (const concept of concepts) {
      const withIt = row.cells.map((c, k) => (present[k].has(concept) ? c.lang : null)).filter((l): l is string => l !== null);
      row.cells.forEach((cell, k) => {
        if (present[k].has(concept) || !cell.text.trim()) return;
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
            const byTerm = entry.byLang.get(cell.lang) ?? new Map<string, number[]>();
            entry.byLang.set(cell.lang, byTerm);
            const rows = byTerm.get(target.term.text) ?? [];
            if (rows[rows.length - 1] !== row.row) rows.push(row.row);
            byTerm.set(target.term.text, rows);
          }
        });
      }
    }
  }

  for (const { source, byLang } of renderings.values()) {
    for (const [lang, byTerm] of byLang) {
      if (byTerm.size < 2) continue;
      const ranked = [...byTerm.entries()].sort((a, b) => b[1].length - a[1].length || a[1][0] - b[1][0]);
      const [usual, usualRows] = ranked[0];
      for (const [other, rows] of ranked.slice(1)) {
        for (const r of rows) {
          if (usualRows.includes(r)) continue;
          findings.push({
            kind: 'term-inconsistent',
            row: r,
            langs: [source.lang, lang],
            message: `'${source.term.text}' is rendered in ${lang} as '${other}' here but as '${usual}' in ${usualRows.length === 1 ? 'row' : 'rows'} ${usualRows.slice(0, 5).join(', ')}${usualRows.length > 5 ? ', …' : ''}.`,
            text: other,
            concept: source.concept.key,
            params: { source: source.term.text, lang, other, usual, rows: usualRows.slice(0, 5).join(', ') + (usualRows.length > 5 ? ', …' : ''), count: String(usualRows.length) },
          });
        }
      }
    }
  }

  return findings.sort((a, b) => a.row - b.row || a.kind.localeCompare(b.kind));
}
