// Control characters in an imported file: tab, line feed and carriage return are text; every other
// C0 control (U+0000–U+001F), DEL and the C1 controls (U+0080–U+009F) are not, and an import that
// holds one is refused with its name and line, rather than storing an invisible character.
// (A shared helper for this may later live in server/text/; until then the formats use this one.)
import { FormatInputError } from './format-error.ts';

const c0Names = [
  'NULL', 'START OF HEADING', 'START OF TEXT', 'END OF TEXT', 'END OF TRANSMISSION', 'ENQUIRY', 'ACKNOWLEDGE', 'BELL',
  'BACKSPACE', 'CHARACTER TABULATION', 'LINE FEED', 'LINE TABULATION', 'FORM FEED', 'CARRIAGE RETURN', 'SHIFT OUT', 'SHIFT IN',
  'DATA LINK ESCAPE', 'DEVICE CONTROL ONE', 'DEVICE CONTROL TWO', 'DEVICE CONTROL THREE', 'DEVICE CONTROL FOUR',
  'NEGATIVE ACKNOWLEDGE', 'SYNCHRONOUS IDLE', 'END OF TRANSMISSION BLOCK', 'CANCEL', 'END OF MEDIUM', 'SUBSTITUTE', 'ESCAPE',
  'INFORMATION SEPARATOR FOUR', 'INFORMATION SEPARATOR THREE', 'INFORMATION SEPARATOR TWO', 'INFORMATION SEPARATOR ONE',
];

/** The Unicode name of a control character: 'U+0007 BELL', 'U+0085 (a C1 control)'. */
export function controlCharacterName(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code < 0x20) return `${hex} ${c0Names[code]}`;
  if (code === 0x7f) return `${hex} DELETE`;
  return `${hex} (a C1 control character)`;
}

export function isRefusedControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);
}

// eslint-disable-next-line no-control-regex
const refused = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export interface ControlCharacterFound {
  line: number;
  column: number;
  code: number;
}

/** The first refused control character of a text, with its 1-based line and column; undefined when none. */
export function findControlCharacter(text: string): ControlCharacterFound | undefined {
  const m = refused.exec(text);
  if (!m) return undefined;
  const before = text.slice(0, m.index);
  const line = (before.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
  const column = m.index - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line, column, code: m[0].charCodeAt(0) };
}

/** Throws FormatInputError naming the first refused control character of the file, with its line. */
export function refuseControlCharacters(text: string, what: string): void {
  const found = findControlCharacter(text);
  if (found) {
    throw new FormatInputError(
      `Line ${found.line}, column ${found.column} of the ${what} holds the control character ${controlCharacterName(found.code)}, which is not text; remove it and import the file again.`,
    );
  }
}
