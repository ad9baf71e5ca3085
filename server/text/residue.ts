// Finds page residue: lines a web page wrapped around a document that are not part of it. Two kinds:
// a publication label with a date or a source ("Updated: 2006-06-12 15:15", 来源：新华社) near the top or
// the bottom, and the run of navigation/teaser links after the document's end ("Top China News").
// Invariants: a line is residue only by these general rules (no document's strings are listed here);
// a sentence-ending line, a signature (titles and names) and the document's first line never are.
import { endsSentence } from './punctuation.ts';

export type ResidueReason = 'timestamp' | 'page-chrome';

export interface ResidueLine {
  /** Index into the text's lines (text.split('\n')). */
  line: number;
  reason: ResidueReason;
}

/** How many non-blank lines at either end of a text may hold a publication label. */
const LABEL_WINDOW = 10;
/** Navigation and teaser lines are short: link captions, not prose. */
const MAX_LINK_CHARS = 100;
const MAX_LINK_WORDS = 15;

// Latin and Cyrillic labels and words must stand alone, not be the tail of a longer word.
const WORD_START = '(?<![\\p{Script=Latin}\\p{Script=Cyrillic}])';
const WORD_END = '(?![\\p{Script=Latin}\\p{Script=Cyrillic}])';

/** Labels of a publication date or time. Longer forms first, so that the regex prefers them. */
const DATE_LABELS = [
  '(?:last\\s+)?updated(?:\\s+(?:on|at))?',
  '(?:posted|published|released|created)(?:\\s+(?:on|at))?',
  '(?:last\\s+)?modified(?:\\s+on)?',
  '(?:publication|release)\\s+date',
  'date\\s+(?:posted|published|updated|of\\s+publication)',
  'последнее\\s+(?:обновление|изменение)',
  'дата\\s+(?:публикации|обновления|размещения|создания)',
  'время\\s+(?:публикации|обновления)',
  'обновлен[оа]?',
  'обновлён[оа]?',
  'опубликовано',
  'размещено',
  'изменено',
  '更新时间', '更新日期', '发布时间', '发布日期', '发表时间', '发表日期', '发稿时间', '修改时间',
  '最后更新', '更新于', '发布于', '时间', '日期',
];

/** Labels of a source, author or editor credit: followed by a colon and a short name. */
const CREDIT_LABELS = [
  'source', 'editor', 'author', 'reporter', 'photo',
  'источник', 'автор', 'редактор', 'фото', 'корреспондент',
  '责任编辑', '来源', '作者', '编辑', '记者', '稿源', '出处', '通讯员',
];

const FIELD_START = new RegExp(
  `${WORD_START}(?:(${DATE_LABELS.join('|')})${WORD_END}\\s*[:：]?|(${CREDIT_LABELS.join('|')})${WORD_END}\\s*[:：])\\s*`,
  'giu',
);

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|' +
  'январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|сентябр[ья]|октябр[ья]|ноябр[ья]|декабр[ья]|' +
  'янв|фев|апр|авг|сент?|окт|ноя|дек';
const WEEKDAYS =
  'mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|' +
  'понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|пн|вт|ср|чт|пт|сб|вс|' +
  '星期[一二三四五六日天]|周[一二三四五六日]';
const DATE_WORDS = new RegExp(
  `^(?:(?:${MONTHS}|${WEEKDAYS})\\.?|a\\.?m\\.?|p\\.?m\\.?|gmt|utc|bst|cet|cest|est|edt|pst|pdt|cst|msk|мск|北京时间|at|on|г\\.?|гг\\.?|года?|в|[-–—|/])$`,
  'iu',
);
/**
 * Numeric dates and times: 2006-06-12, 12.06.2006, 15:15:00, 2006年6月12日, 15时15分, 2006-06-12T15:15Z:
 * runs of digits joined by single separators. (Written as groups of one to four digits with an
 * optional separator repeated, the pattern had exponentially many ways to split a long run of
 * digits, and a label line such as "Updated: " followed by forty digits and a letter never finished.)
 */
const DATE_NUMBER = /^\d+(?:[-./:年月日号时時分秒点點]\d+)*[-./:年月日号时時分秒点點]?(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/u;

/** True when the value is nothing but a date and/or a time, in any of the three languages' styles. */
export function isDateTime(value: string): boolean {
  const tokens = value.replace(/[()（）[\]【】,，]/g, ' ').split(/\s+/).filter(Boolean);
  return tokens.some((t) => /\d/.test(t)) && tokens.every((t) => DATE_NUMBER.test(t) || DATE_WORDS.test(t));
}

function isCredit(value: string): boolean {
  return value.length > 0 && value.length <= 60 && value.split(/\s+/).length <= 8 && !endsSentence(value);
}

/**
 * True when the line is only publication metadata: one or more labelled fields, each a date label with a
 * date/time ("Updated: 2006-06-12 15:15", «Дата публикации: 12.06.2006», 发布时间：2006年6月12日) or a
 * credit label with a short name (Source: Xinhua, 来源：新华网); a bare date may lead the line.
 */
export function isTimestampLine(line: string): boolean {
  const fields = [...line.matchAll(FIELD_START)];
  if (fields.length === 0) return false;
  const lead = line.slice(0, fields[0].index).trim();
  if (lead !== '' && !isDateTime(lead)) return false;
  return fields.every((field, i) => {
    const valueEnd = i + 1 < fields.length ? fields[i + 1].index : line.length;
    const value = line.slice(field.index + field[0].length, valueEnd).trim();
    return field[1] !== undefined ? isDateTime(value) : isCredit(value);
  });
}

const CHROME_PATTERNS: RegExp[] = [
  // English web chrome.
  new RegExp(
    `\\b(?:news|headlines?|stor(?:y|ies)|comments?|commented|most\\s+(?:read|viewed|popular|commented|e-?mailed|shared)|` +
      `related(?:\\s+(?:articles?|links?|stories|news|reading|content|topics?|posts?)|\\s*:|$)|` +
      `print(?:able)?(?:\\s+(?:this|version|page|article)|$)|share(?:\\s+(?:this|on)|$)|e-?mail\\s+(?:this|to\\s+a\\s+friend)|` +
      `copyright|all\\s+rights\\s+reserved|subscribe|newsletters?|home\\s?page|back\\s+to\\s+top|contact\\s+us|` +
      `privacy\\s+policy|terms\\s+of\\s+(?:use|service)|read\\s+more|advertisements?|site\\s?map|rss|feedback|bookmark|trending)(?![a-z])`,
    'i',
  ),
  // Russian web chrome.
  new RegExp(
    `${WORD_START}(?:новост|читайте\\s+также|читать\\s+далее|подробнее|версия\\s+для\\s+печати|распечатать|печать${WORD_END}|` +
      `комментари|обсуждени|сам(?:ое|ые)\\s+(?:читаем|популярн|обсуждаем)|популярное|обсуждаемое|` +
      `похожие\\s+(?:статьи|материалы|новости|публикации)|по\\s+теме${WORD_END}|поделиться|подписаться|подписк|` +
      `все\\s+права\\s+защищены|перепечатк|при\\s+(?:использовании|цитировании|перепечатке)|главная${WORD_END}|наверх|реклама|лента${WORD_END})`,
    'iu',
  ),
  // Chinese web chrome.
  /新闻|打印|责任编辑|相关(?:报道|新闻|阅读|链接|文章|专题)|推荐阅读|延伸阅读|热点|排行|评论|分享|收藏|关闭窗口|返回顶部|版权所有|转载|点击|更多|首页|免责声明|网友|热门|订阅|头条/u,
];

const COPYRIGHT = /©|\(c\)\s*\d{4}|\bcopyright\b|\ball\s+rights\s+reserved\b|все\s+права\s+защищены|版权所有/iu;

/** True when the line speaks the vocabulary of web-page chrome (news, comments, print, share, ©, 新闻, 打印 …). */
export function isChromeLine(line: string): boolean {
  return COPYRIGHT.test(line) || CHROME_PATTERNS.some((pattern) => pattern.test(line));
}

/** A line that could be a link caption: short and not a finished sentence (a copyright notice may be one). */
function isLinkLike(line: string): boolean {
  if (COPYRIGHT.test(line)) return true;
  return line.length <= MAX_LINK_CHARS && line.split(/\s+/).length <= MAX_LINK_WORDS && !endsSentence(line);
}

const NOT_BLANK = /\S/;

/** Whether a line holds nothing but white space (tested without making a trimmed copy). */
export function isBlankLine(line: string): boolean {
  return !NOT_BLANK.test(line);
}

export function findResidueLines(lines: readonly string[]): ResidueLine[] {
  // a plain loop and a test that allocates nothing: this runs on every line of every import
  const nonBlank: number[] = [];
  for (let i = 0; i < lines.length; i++) if (!isBlankLine(lines[i])) nonBlank.push(i);
  const reasons = new Map<number, ResidueReason>();

  // Publication labels near either end; the first line is the document's (its title), never residue.
  const ends = new Set([...nonBlank.slice(1, LABEL_WINDOW), ...nonBlank.slice(-LABEL_WINDOW)]);
  for (const i of ends) {
    if (i !== nonBlank[0] && isTimestampLine(lines[i])) reasons.set(i, 'timestamp');
  }

  // After the document's last sentence comes a run of short lines: the signature (titles and names),
  // then, if the page added any, its links. The links start at the first line that sounds like chrome.
  let runStart = nonBlank.length;
  while (runStart > 1 && (isLinkLike(lines[nonBlank[runStart - 1]]) || reasons.has(nonBlank[runStart - 1]))) runStart--;
  const run = nonBlank.slice(runStart);
  // A publication label in the run does not start it: a signature may follow the label.
  const chromeFrom = run.findIndex((i) => isChromeLine(lines[i]));
  if (chromeFrom !== -1) {
    for (const i of run.slice(chromeFrom)) if (!reasons.has(i)) reasons.set(i, 'page-chrome');
  }

  return [...reasons].sort(([a], [b]) => a - b).map(([line, reason]) => ({ line, reason }));
}
