// The compact JSON form of a shipped termbase (texts/<work>/termbase.json): concepts with their
// fields, each term a tuple
// [lang, text, status, validFrom?, validUntil?, usageNote?, context?, termType?].
import { cleanConcept, type ConceptData, TermbaseInputError } from './termbase.ts';

type TermTuple = [string, string, string, (string | null)?, (string | null)?, string?, string?, string?];

interface TermbaseJson {
  concepts: Array<{ key: string; definition?: string; subject?: string; note?: string; source?: string; terms: TermTuple[] }>;
}

export function readTermbaseJson(text: string, knownLang: (code: string) => boolean): ConceptData[] {
  let data: TermbaseJson;
  try {
    data = JSON.parse(text) as TermbaseJson;
  } catch (error) {
    throw new TermbaseInputError(`The termbase is not valid JSON: ${(error as Error).message}`);
  }
  if (!data || !Array.isArray(data.concepts)) throw new TermbaseInputError('The termbase JSON has no "concepts" list.');
  return data.concepts.map((c) =>
    cleanConcept(
      {
        ...c,
        terms: (c.terms ?? []).map(([lang, text, status, validFrom, validUntil, usageNote, context, termType]) => ({
          lang, text, status, validFrom, validUntil, usageNote, context, termType,
        })),
      },
      knownLang,
    ),
  );
}
