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
  // one pass, with fast paths for ASCII, Cyrillic and CJK ideographs and the Unicode classes for the rest
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let script: Script | null = null;
    if (c < 128) {
      const lower = c | 32;
      if (lower >= 97 && lower <= 122) script = 'latin';
    } else if (c >= 0x4e00 && c <= 0x9fff) script = 'han';
    else if (c >= 0x400 && c <= 0x4ff) script = c >= 0x482 && c <= 0x489 ? null : 'cyrillic';
    else if ((c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f)) script = null;
    else {
      const ch = c >= 0xd800 && c <= 0xdbff ? text.slice(i, i + 2) : text[i];
      if (ch.length === 2) i += 1;
      if (/\p{Script=Han}/u.test(ch)) script = 'han';
      else if (/\p{Script=Cyrillic}/u.test(ch)) script = 'cyrillic';
      else if (/\p{Script=Latin}/u.test(ch)) script = 'latin';
      else if (/\p{L}/u.test(ch)) script = 'other';
    }
    if (script === null) continue;
    counts[script] += 1;
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
