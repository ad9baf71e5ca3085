// Control characters in an imported text: only tab and the line endings (LF, CR, CRLF, and NEL,
// which normalisation also reads as a line break) belong in one. Every other C0 or C1 control, and
// DEL, is refused by its name and place, so the user can find it and remove it. Pure; shared by
// every importer (plain text here, the CSV and TBX readers in server/formats).

export interface ForbiddenControlCharacter {
  /** 1-based line, counting LF, CRLF, a lone CR, NEL, U+2028 and U+2029 as line ends. */
  line: number;
  /** 1-based column in characters (code points) from the start of the line. */
  column: number;
  codePoint: number;
  /** The Unicode name (for controls, their alias): 'NULL', 'ESCAPE', 'FORM FEED'. */
  name: string;
}

const C0_NAMES = [
  'NULL', 'START OF HEADING', 'START OF TEXT', 'END OF TEXT', 'END OF TRANSMISSION', 'ENQUIRY', 'ACKNOWLEDGE', 'BELL',
  'BACKSPACE', 'CHARACTER TABULATION', 'LINE FEED', 'LINE TABULATION', 'FORM FEED', 'CARRIAGE RETURN', 'SHIFT OUT', 'SHIFT IN',
  'DATA LINK ESCAPE', 'DEVICE CONTROL ONE', 'DEVICE CONTROL TWO', 'DEVICE CONTROL THREE', 'DEVICE CONTROL FOUR',
  'NEGATIVE ACKNOWLEDGE', 'SYNCHRONOUS IDLE', 'END OF TRANSMISSION BLOCK', 'CANCEL', 'END OF MEDIUM', 'SUBSTITUTE', 'ESCAPE',
  'INFORMATION SEPARATOR FOUR', 'INFORMATION SEPARATOR THREE', 'INFORMATION SEPARATOR TWO', 'INFORMATION SEPARATOR ONE',
];
const C1_NAMES = [
  'PADDING CHARACTER', 'HIGH OCTET PRESET', 'BREAK PERMITTED HERE', 'NO BREAK HERE', 'INDEX', 'NEXT LINE',
  'START OF SELECTED AREA', 'END OF SELECTED AREA', 'CHARACTER TABULATION SET', 'CHARACTER TABULATION WITH JUSTIFICATION',
  'LINE TABULATION SET', 'PARTIAL LINE FORWARD', 'PARTIAL LINE BACKWARD', 'REVERSE LINE FEED', 'SINGLE SHIFT TWO',
  'SINGLE SHIFT THREE', 'DEVICE CONTROL STRING', 'PRIVATE USE ONE', 'PRIVATE USE TWO', 'SET TRANSMIT STATE', 'CANCEL CHARACTER',
  'MESSAGE WAITING', 'START OF GUARDED AREA', 'END OF GUARDED AREA', 'START OF STRING', 'SINGLE GRAPHIC CHARACTER INTRODUCER',
  'SINGLE CHARACTER INTRODUCER', 'CONTROL SEQUENCE INTRODUCER', 'STRING TERMINATOR', 'OPERATING SYSTEM COMMAND',
  'PRIVACY MESSAGE', 'APPLICATION PROGRAM COMMAND',
];

/** The name of a control character (U+0000–U+001F, U+007F, U+0080–U+009F), or undefined for any other. */
export function controlCharacterName(codePoint: number): string | undefined {
  if (codePoint < 0x20) return C0_NAMES[codePoint];
  if (codePoint === 0x7f) return 'DELETE';
  if (codePoint >= 0x80 && codePoint <= 0x9f) return C1_NAMES[codePoint - 0x80];
  return undefined;
}

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const NEL = 0x85;

/** The first control character other than tab and the line endings, with its place; null when there is none. */
export function findForbiddenControlCharacter(text: string): ForbiddenControlCharacter | null {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === LF || code === NEL || code === 0x2028 || code === 0x2029 || (code === CR && text.charCodeAt(i + 1) !== LF)) {
      line++;
      lineStart = i + 1;
      continue;
    }
    if (code === TAB || code === CR || !(code < 0x20 || (code >= 0x7f && code <= 0x9f))) continue;
    const column = 1 + [...text.slice(lineStart, i)].length;
    return { line, column, codePoint: code, name: controlCharacterName(code)! };
  }
  return null;
}

/** 'U+0000 NULL' */
export function describeCodePoint(found: Pick<ForbiddenControlCharacter, 'codePoint' | 'name'>): string {
  return `U+${found.codePoint.toString(16).toUpperCase().padStart(4, '0')} ${found.name}`;
}

/** The refusal every importer gives: 'Line 3 contains U+0000 NULL (column 5); remove it.' */
export function forbiddenControlMessage(found: ForbiddenControlCharacter): string {
  return `Line ${found.line} contains ${describeCodePoint(found)} (column ${found.column}); remove it (a text may hold tabs and line breaks, no other control characters).`;
}
