// The content languages Triptych accepts: ISO 639-1 codes with their English names.
// A version's language must be one of these; the interface languages are a separate, smaller set.

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

/** The name of a content language in the interface language of `t`, the English name when it has none. */
export function localLanguageName(t: (key: string, options?: Record<string, unknown>) => string, code: string): string {
  return t(`languages.${code}`, { defaultValue: languageName(code) });
}
