// The content languages Triptych accepts: ISO 639-1 codes with their English names.
// A version's language must be one of these; the interface languages are a separate, smaller set.
// A termbase's languages are any well-formed BCP 47 tag (isWellFormedLanguageTag).
import { parse as parseTag, stringify as stringifyTag } from 'bcp-47';

const names: Record<string, string> = {
  af: 'Afrikaans', am: 'Amharic', ar: 'Arabic', az: 'Azerbaijani', be: 'Belarusian', bg: 'Bulgarian',
  bn: 'Bengali', bs: 'Bosnian', ca: 'Catalan', cs: 'Czech', cy: 'Welsh', da: 'Danish', de: 'German',
  el: 'Greek', en: 'English', eo: 'Esperanto', es: 'Spanish', et: 'Estonian', eu: 'Basque', fa: 'Persian',
  fi: 'Finnish', fr: 'French', ga: 'Irish', gl: 'Galician', he: 'Hebrew', hi: 'Hindi', hr: 'Croatian',
  hu: 'Hungarian', hy: 'Armenian', id: 'Indonesian', is: 'Icelandic', it: 'Italian', ja: 'Japanese',
  ka: 'Georgian', kk: 'Kazakh', km: 'Khmer', ko: 'Korean', ky: 'Kyrgyz', la: 'Latin', lt: 'Lithuanian',
  lv: 'Latvian', mk: 'Macedonian', mn: 'Mongolian', ms: 'Malay', mt: 'Maltese', nb: 'Norwegian Bokmål',
  nl: 'Dutch', nn: 'Norwegian Nynorsk', no: 'Norwegian', pl: 'Polish', ps: 'Pashto', pt: 'Portuguese',
  ro: 'Romanian', ru: 'Russian', sk: 'Slovak', sl: 'Slovenian', sq: 'Albanian', sr: 'Serbian',
  sv: 'Swedish', sw: 'Swahili', ta: 'Tamil', tg: 'Tajik', th: 'Thai', tk: 'Turkmen', tr: 'Turkish',
  tt: 'Tatar', ug: 'Uyghur', uk: 'Ukrainian', ur: 'Urdu', uz: 'Uzbek', vi: 'Vietnamese', zh: 'Chinese',
};

export const contentLanguages: readonly string[] = Object.keys(names).sort();

export function isContentLanguage(code: string): boolean {
  return Object.hasOwn(names, code);
}

/** The English name of a content language (stored labels use it); pages name it in the interface language (views/locales/<lng>/translation.json, languages.<code>). */
export function languageName(code: string): string {
  return names[code] ?? code;
}

/** Languages written without spaces between sentences (joined sentences touch). */
const unspacedLanguages = new Set(['zh', 'ja', 'th', 'lo', 'km', 'my']);

/** Whether sentences of the language are joined without a space; a tag counts by its primary subtag (zh-Hans → zh). */
export function isWrittenWithoutSpaces(lang: string): boolean {
  return unspacedLanguages.has(lang.split('-')[0].toLowerCase());
}

/**
 * Whether a string is a well-formed BCP 47 language tag (RFC 5646 syntax: en, en-US, zh-Hans-CN,
 * sr-Latn, tlh, x-private, i-klingon), checked by the bcp-47 library; case is not significant.
 * Well-formed is not "known": a termbase may hold any language its user works in.
 */
export function isWellFormedLanguageTag(tag: string): boolean {
  if (!/^[A-Za-z0-9-]{1,100}$/.test(tag)) return false;
  const written = stringifyTag(parseTag(tag, { normalize: false }));
  return written !== '' && written.toLowerCase() === tag.toLowerCase();
}

/**
 * The content language a BCP 47 tag names, read by the bcp-47 library: its primary language subtag,
 * lower-cased, when Triptych knows it (en-US → en, zh-Hans-CN → zh, ru_RU → ru); undefined for a tag
 * that is ill-formed, names no language (x-none, und, zxx, private use) or one Triptych does not know.
 */
export function contentLanguageOfTag(tag: string): string | undefined {
  const clean = tag.trim().replace(/_/g, '-');
  if (!/^[A-Za-z0-9-]{1,100}$/.test(clean)) return undefined;
  const language = parseTag(clean).language?.toLowerCase();
  return language && isContentLanguage(language) ? language : undefined;
}

/** The name of a content language in the interface language of `t`, the English name when it has none. */
export function localLanguageName(t: (key: string, options?: Record<string, unknown>) => string, code: string): string {
  return t(`languages.${code}`, { defaultValue: languageName(code) });
}
