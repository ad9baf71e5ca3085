// Tab-separated aligned text: a header line with the version names, then one line per row.
// Tabs and line breaks inside a cell would break the format, so they become single spaces.
import type { AlignedText } from './aligned-text.ts';

function cleanCell(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ');
}

export function writeTsv(aligned: AlignedText): string {
  const lines = [aligned.columns.map((c) => cleanCell(c.name)).join('\t')];
  for (const row of aligned.rows) lines.push(row.map(cleanCell).join('\t'));
  return lines.join('\n') + '\n';
}
