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
  // one pass of a global pattern per script is far cheaper than testing each character
  const letterText = text.replace(/\P{L}+/gu, '');
  const count = (others: RegExp) => letterText.replace(others, '').length;
  const han = count(/\P{Script=Han}+/gu);
  const cyrillic = count(/\P{Script=Cyrillic}+/gu);
  const latin = count(/\P{Script=Latin}+/gu);
  const letters = letterText.length;
  const counts: Record<Script, number> = { latin, cyrillic, han, other: Math.max(0, letters - han - cyrillic - latin) };
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
