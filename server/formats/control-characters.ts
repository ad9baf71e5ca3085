// Control characters in an imported CSV or TBX file, refused as the plain-text import refuses them:
// the finder and the names live in server/text/controls.ts, this module words the formats' error.
import { controlCharacterName as nameOf, describeCodePoint, findForbiddenControlCharacter } from '../text/controls.ts';
import { FormatInputError } from './format-error.ts';

/** The Unicode name of a control character with its code point: 'U+0007 BELL'. */
export function controlCharacterName(code: number): string {
  return describeCodePoint({ codePoint: code, name: nameOf(code) ?? 'control character' });
}

export interface ControlCharacterFound {
  line: number;
  column: number;
  code: number;
}

/** The first refused control character of a text, with its 1-based line and column; undefined when none. */
export function findControlCharacter(text: string): ControlCharacterFound | undefined {
  const found = findForbiddenControlCharacter(text);
  return found ? { line: found.line, column: found.column, code: found.codePoint } : undefined;
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
