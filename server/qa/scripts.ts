// Which writing system a text is in, by counting its letters: enough to tell an untranslated cell
// (a Russian cell still in English, a Chinese cell in Russian) from a translated one.

export type Script = 'latin' | 'cyrillic' | 'han' | 'other';

const cyrillicLanguages = new Set(['ru', 'uk', 'be', 'bg', 'kk', 'ky', 'tg', 'mn', 'sr', 'mk', 'tt']);
const hanLanguages = new Set(['zh', 'ja']);
const otherLanguages = new Set(['ar', 'fa', 'ps', 'ur', 'ug', 'he', 'el', 'hy', 'ka', 'hi', 'bn', 'ta', 'th', 'km', 'am', 'ko']);

/** The script a language is written in (Latin for those not listed). */
export function scriptOfLanguage(lang: string): Script {
  if (cyrillicLanguages.has(lang)) return 'cyrillic';
  if (hanLanguages.has(lang)) return 'han';
  if (otherLanguages.has(lang)) return 'other';
  return 'latin';
}

export interface ScriptCount {
  letters: number;
  dominant: Script | null;
  /** share of the dominant script among the letters, 0..1 */
  share: number;
}

export function countScripts(text: string): ScriptCount {
  const counts: Record<Script, number> = { latin: 0, cyrillic: 0, han: 0, other: 0 };
  let letters = 0;
  for (const ch of text) {
    if (/\p{Script=Han}/u.test(ch)) counts.han += 1;
    else if (/\p{Script=Cyrillic}/u.test(ch)) counts.cyrillic += 1;
    else if (/\p{Script=Latin}/u.test(ch)) counts.latin += 1;
    else if (/\p{L}/u.test(ch)) counts.other += 1;
    else continue;
    letters += 1;
  }
  if (letters === 0) return { letters, dominant: null, share: 0 };
  // A Han character carries about three Latin letters' worth of text.
  const weighted: Array<[Script, number]> = [
    ['latin', counts.latin],
    ['cyrillic', counts.cyrillic],
    ['han', counts.han * 3],
    ['other', counts.other],
  ];
  const total = weighted.reduce((s, [, n]) => s + n, 0);
  const [dominant, n] = weighted.reduce((best, cur) => (cur[1] > best[1] ? cur : best));
  return { letters, dominant, share: n / total };
}
