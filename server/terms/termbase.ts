// The termbase's shape, shared by the matcher, the checks, the TBX/CSV formats and the database:
// concepts with a definition, subject, note and source, and per language any number of terms, each
// with a status, an optional form (full form, abbreviation, ...) and an optional validity period.
// Validation here is pure and explains itself.

export const termStatuses = ['preferred', 'admitted', 'deprecated', 'superseded', 'forbidden'] as const;
export type TermStatus = (typeof termStatuses)[number];

/** Statuses whose use in a text is reported by the checks (a superseded term only after its date). */
export const discouragedStatuses: ReadonlySet<TermStatus> = new Set(['deprecated', 'superseded', 'forbidden']);

/**
 * The form of a term (TBX termType, the ISO 12620 / ISO 30042 picklist). A term without one is
 * taken as a full form, except that a word in capitals (ШОС, RATS) counts as an abbreviation.
 */
export const termTypes = [
  'fullForm', 'abbreviation', 'acronym', 'initialism', 'shortForm', 'clippedTerm', 'variant', 'synonym', 'phrase',
  'phraseologicalUnit', 'synonymousPhrase', 'transliteratedForm', 'transcribedForm', 'romanizedForm', 'symbol',
  'formula', 'equation', 'logicalExpression', 'entryTerm', 'commonName', 'internationalScientificTerm',
  'internationalism', 'standardText', 'partNumber', 'sku', 'string', 'shortcut',
] as const;
export type TermType = (typeof termTypes)[number];

/** The forms that shorten a full form of the same concept: both may stand in one text. */
export const shortFormTypes: ReadonlySet<TermType> = new Set(['abbreviation', 'acronym', 'initialism', 'shortForm', 'clippedTerm']);

export function isTermType(value: unknown): value is TermType {
  return typeof value === 'string' && (termTypes as readonly string[]).includes(value);
}

/** A term type as written in a file or form, in any case ('Abbreviation' → 'abbreviation'); undefined when unknown. */
export function termTypeNamed(value: string): TermType | undefined {
  const v = value.trim().toLowerCase();
  return termTypes.find((t) => t.toLowerCase() === v);
}

/** Whether a term shortens a full form: by its type, or, without one, being a word in capitals (ШОС, RATS, UN). */
export function isShortForm(term: Pick<TermData, 'text' | 'termType'>): boolean {
  if (term.termType) return shortFormTypes.has(term.termType);
  return /^[\p{Lu}\p{N}&.'’-]{2,12}$/u.test(term.text) && (term.text.match(/\p{Lu}/gu)?.length ?? 0) >= 2;
}

export interface TermData {
  id?: number;
  lang: string;
  text: string;
  status: TermStatus;
  /** The form of the term; absent when not said (see termTypes). */
  termType?: TermType;
  /** First day the term is right (inclusive), 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; null when always. */
  validFrom: string | null;
  /** First day the term is no longer right (e.g. the retitling date of a superseded title). */
  validUntil: string | null;
  usageNote: string;
  context: string;
  /** TBX partOfSpeech (noun, verb, adjective, adverb, other, or another tool's value); absent when not said. */
  partOfSpeech?: string;
  /** Where the term comes from (TBX admin source of the termSec); absent when not said. */
  source?: string;
}

/** What a TBX langSec says of the concept in one language: its definition, source and note there. */
export interface LanguageSection {
  lang: string;
  definition: string;
  source: string;
  note: string;
}

export interface ConceptData {
  id?: number;
  /** Stable identifier, also the TBX conceptEntry id: a letter or '_' first, then letters, digits, '_', '-', '.'. */
  key: string;
  definition: string;
  subject: string;
  note: string;
  source: string;
  terms: TermData[];
  /** Per-language definitions, sources and notes (TBX langSec level); absent when there are none. */
  languages?: LanguageSection[];
}

export class TermbaseInputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    /** The i18next key (views/locales/<lng>/terms.json, 'terms:errors.termbase.*') and its values. */
    readonly translation?: { key: string; params?: Record<string, string | number> },
  ) {
    super(message);
    this.name = 'TermbaseInputError';
  }
}

export function isTermStatus(value: unknown): value is TermStatus {
  return typeof value === 'string' && (termStatuses as readonly string[]).includes(value);
}

const keyPattern = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const datePattern = /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$/;

export function isConceptKey(value: string): boolean {
  return keyPattern.test(value);
}

/** Checks a date of a validity period; '' and null mean none. */
export function cleanTermDate(value: string | null | undefined, field: string): string | null {
  const v = (value ?? '').trim();
  if (!v) return null;
  if (!datePattern.test(v)) throw new TermbaseInputError(`'${value}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.`, field, { key: 'terms:errors.termbase.badDate', params: { value: String(value) } });
  return v;
}

/** The first day a date stands for ('2006' → '2006-01-01'), for comparisons as strings. */
export function firstDayOf(date: string): string {
  const [y, m = '01', d = '01'] = date.split('-');
  return `${y}-${m}-${d}`;
}

/** Whether a term was right on a given day ('YYYY-MM-DD'); a term without dates always is. */
export function isValidOn(term: Pick<TermData, 'validFrom' | 'validUntil'>, day: string): boolean {
  if (term.validFrom && day < firstDayOf(term.validFrom)) return false;
  if (term.validUntil && day >= firstDayOf(term.validUntil)) return false;
  return true;
}

const maxField = 4000;

/** The message of a field that is too long, per field (views/locales/<lng>/terms.json). */
const tooLongKeys: Record<string, string> = {
  term: 'terms:errors.termbase.tooLong.term',
  'usage note': 'terms:errors.termbase.tooLong.usageNote',
  'context example': 'terms:errors.termbase.tooLong.contextExample',
  definition: 'terms:errors.termbase.tooLong.definition',
  subject: 'terms:errors.termbase.tooLong.subject',
  note: 'terms:errors.termbase.tooLong.note',
  source: 'terms:errors.termbase.tooLong.source',
};

function cleanText(value: unknown, field: string, max = maxField): string {
  const v = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
  if (v.length > max) throw new TermbaseInputError(`The ${field} is longer than ${max} characters.`, field, { key: tooLongKeys[field], params: { max } });
  return v;
}

/** A language of a term or language section: trimmed, its case kept as written (en-US stays en-US). */
function cleanLang(value: unknown, acceptLang: (tag: string) => boolean, what: string): string {
  const lang = typeof value === 'string' ? value.trim() : '';
  if (!lang) throw new TermbaseInputError(`The language of the ${what} is missing.`, 'lang', { key: 'terms:errors.termbase.noLang' });
  if (!acceptLang(lang)) {
    throw new TermbaseInputError(`'${lang.slice(0, 100)}' is not a language tag Triptych accepts (a BCP 47 tag, e.g. en, ru, zh, en-US, zh-Hans).`, 'lang', { key: 'terms:errors.termbase.badTag', params: { lang: lang.slice(0, 100) } });
  }
  return lang;
}

/**
 * Validates one term; `acceptLang` says whether a language tag is accepted (the termbase takes any
 * well-formed BCP 47 tag, isWellFormedLanguageTag). Throws TermbaseInputError with a message a
 * user can act on.
 */
export function cleanTerm(input: Partial<Record<keyof TermData, unknown>>, acceptLang: (tag: string) => boolean): TermData {
  const lang = cleanLang(input.lang, acceptLang, 'term');
  const text = cleanText(input.text, 'term', 300);
  if (!text) throw new TermbaseInputError('The term is empty.', 'text', { key: 'terms:errors.termbase.emptyTerm' });
  if (!/[\p{L}\p{N}]/u.test(text)) throw new TermbaseInputError(`The term '${text}' has no letters or digits.`, 'text', { key: 'terms:errors.termbase.noLetters', params: { text } });
  const status = typeof input.status === 'string' ? input.status.trim().toLowerCase() : '';
  if (!isTermStatus(status)) {
    throw new TermbaseInputError(`'${String(input.status ?? '')}' is not a term status; use one of ${termStatuses.join(', ')}.`, 'status', {
      key: 'terms:errors.termbase.badStatus',
      params: { status: String(input.status ?? ''), statuses: termStatuses.join(', ') },
    });
  }
  const rawType = typeof input.termType === 'string' ? input.termType.trim() : '';
  const termType = rawType ? termTypeNamed(rawType) : undefined;
  if (rawType && !termType) {
    throw new TermbaseInputError(`'${rawType}' is not a term type; use one of ${termTypes.join(', ')}.`, 'termType', { key: 'terms:errors.termType', params: { value: rawType } });
  }
  const validFrom = cleanTermDate(input.validFrom as string | null | undefined, 'validFrom');
  const validUntil = cleanTermDate(input.validUntil as string | null | undefined, 'validUntil');
  if (validFrom && validUntil && firstDayOf(validUntil) <= firstDayOf(validFrom)) {
    throw new TermbaseInputError(`The term cannot stop being valid (${validUntil}) before it starts (${validFrom}).`, 'validUntil', {
      key: 'terms:errors.termbase.untilBeforeFrom',
      params: { validFrom, validUntil },
    });
  }
  return {
    ...(typeof input.id === 'number' ? { id: input.id } : {}),
    lang,
    text,
    status,
    ...(termType ? { termType } : {}),
    validFrom,
    validUntil,
    usageNote: cleanText(input.usageNote, 'usage note'),
    context: cleanText(input.context, 'context example'),
    ...optionalText(input.partOfSpeech, 'partOfSpeech', 'part of speech', 100),
    ...optionalText(input.source, 'source', 'source of the term', 1000),
  };
}

function optionalText<K extends string>(value: unknown, key: K, field: string, max: number): Partial<Record<K, string>> {
  const v = cleanText(value, field, max);
  return v ? ({ [key]: v } as Record<K, string>) : {};
}

function cleanLanguageSection(input: unknown, acceptLang: (tag: string) => boolean): LanguageSection {
  const s = (input && typeof input === 'object' ? input : {}) as Partial<Record<keyof LanguageSection, unknown>>;
  return {
    lang: cleanLang(s.lang, acceptLang, 'language section'),
    definition: cleanText(s.definition, 'definition'),
    source: cleanText(s.source, 'source', 1000),
    note: cleanText(s.note, 'note'),
  };
}

/** Validates a concept and its terms; a concept needs at least one term and no term twice. */
export function cleanConcept(input: Partial<Record<keyof ConceptData, unknown>>, acceptLang: (tag: string) => boolean): ConceptData {
  const key = typeof input.key === 'string' ? input.key.trim() : '';
  if (!isConceptKey(key)) {
    throw new TermbaseInputError(`'${key}' is not a concept identifier: start with a letter, then letters, digits, '_', '-' or '.' (at most 64).`, 'key', {
      key: 'terms:errors.termbase.badKey',
      params: { key },
    });
  }
  const rawTerms = Array.isArray(input.terms) ? input.terms : [];
  const terms = rawTerms.map((t) => cleanTerm(t as Partial<Record<keyof TermData, unknown>>, acceptLang));
  if (terms.length === 0) throw new TermbaseInputError(`The concept '${key}' has no term.`, 'terms', { key: 'terms:errors.termbase.noTerm', params: { key } });
  const seen = new Set<string>();
  for (const t of terms) {
    const id = `${t.lang.toLowerCase()}\u0000${t.text}`;
    if (seen.has(id)) {
      throw new TermbaseInputError(`The concept '${key}' has the ${t.lang} term '${t.text}' twice.`, 'terms', {
        key: 'terms:errors.termbase.termTwice',
        params: { key, lang: t.lang, text: t.text },
      });
    }
    seen.add(id);
  }
  return {
    ...(typeof input.id === 'number' ? { id: input.id } : {}),
    key,
    definition: cleanText(input.definition, 'definition'),
    subject: cleanText(input.subject, 'subject', 200),
    note: cleanText(input.note, 'note'),
    source: cleanText(input.source, 'source', 1000),
    terms,
    ...cleanLanguageSections(input.languages, acceptLang, key),
  };
}

function cleanLanguageSections(input: unknown, acceptLang: (tag: string) => boolean, key: string): { languages?: LanguageSection[] } {
  const sections = (Array.isArray(input) ? input : []).map((s) => cleanLanguageSection(s, acceptLang)).filter((s) => s.definition || s.source || s.note);
  const langs = new Set<string>();
  for (const s of sections) {
    if (langs.has(s.lang.toLowerCase())) throw new TermbaseInputError(`The concept '${key}' has two language sections for ${s.lang}.`, 'languages', { key: 'terms:errors.termbase.langTwice', params: { key, lang: s.lang } });
    langs.add(s.lang.toLowerCase());
  }
  return sections.length ? { languages: sections } : {};
}

/** The best term of a concept in a language for a given day: preferred, then admitted, then any. */
export function bestTerm(concept: ConceptData, lang: string, day?: string | null): TermData | undefined {
  const inLang = concept.terms.filter((t) => t.lang === lang);
  const rank = (t: TermData) =>
    (t.status === 'preferred' ? 0 : t.status === 'admitted' ? 1 : 2) + (day && !isValidOn(t, day) ? 10 : 0);
  return [...inLang].sort((a, b) => rank(a) - rank(b))[0];
}

/** A short name for a concept in messages: its best English term, else its first term, else its key. */
export function conceptLabel(concept: ConceptData, lang = 'en'): string {
  return (bestTerm(concept, lang) ?? concept.terms[0])?.text ?? concept.key;
}
