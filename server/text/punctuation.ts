// The punctuation facts the block, residue and sentence rules share, for English, Russian and Chinese:
// which marks end a sentence, which may follow them (closing quotes and brackets stay with their
// sentence), and which end a clause that the next line continues (a colon before a list, a semicolon).

/** Marks that end a sentence: Latin and CJK full stops, question and exclamation marks, the ellipsis. */
export const SENTENCE_FINAL = '.!?…。！？‼⁇⁈⁉．｡';

/** Closing quotes and brackets that belong to the sentence they follow (。” 。」 ！） ."). */
export const CLOSING = '"\'”’»›」』）)］]】》〉〕｝}';

/** Marks after which a line is incomplete but a line break is still a unit boundary: a list follows, or an item ended. */
export const CLAUSE_FINAL = ':;：；';

/**
 * The line without the closing quotes and brackets at its end (and without trailing spaces). A loop,
 * not /[closers]+$/: that pattern is tried from every closer of a run that does not end the line,
 * which is quadratic in the run.
 */
export function stripClosers(line: string): string {
  const trimmed = line.trimEnd();
  let end = trimmed.length;
  while (end > 0 && CLOSING.includes(trimmed[end - 1])) end--;
  return trimmed.slice(0, end);
}

/** True when the line's last mark, closing quotes and brackets aside, ends a sentence. */
export function endsSentence(line: string): boolean {
  const core = stripClosers(line);
  return core.length > 0 && SENTENCE_FINAL.includes(core[core.length - 1]);
}

/** True when the line ends with a colon or semicolon (closing quotes and brackets aside). */
export function endsClause(line: string): boolean {
  const core = stripClosers(line);
  return core.length > 0 && CLAUSE_FINAL.includes(core[core.length - 1]);
}
