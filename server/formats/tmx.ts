// TMX 1.4b writer: one <tu> per aligned row, one <tuv> per non-empty cell, a complete <header>.
// Characters XML 1.0 forbids are dropped; markup characters are escaped.
import type { AlignedText } from './aligned-text.ts';

export interface TmxOptions {
  creationTool: string;
  creationToolVersion: string;
  /** The source language of the memory; '*all*' when every language may be the source. */
  srcLang: string;
  adminLang?: string;
  creationDate?: Date;
  /** Optional per-row properties, written as <prop type="…"> in each <tu>. */
  rowProps?: Array<Record<string, string>>;
}

// eslint-disable-next-line no-control-regex
const forbiddenInXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(forbiddenInXml, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** TMX dates are basic ISO 8601 in UTC: YYYYMMDDThhmmssZ. */
export function tmxDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function writeTmx(aligned: AlignedText, options: TmxOptions): string {
  const date = tmxDate(options.creationDate ?? new Date());
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<tmx version="1.4">',
    `  <header creationtool="${escapeXml(options.creationTool)}" creationtoolversion="${escapeXml(options.creationToolVersion)}"` +
      ` datatype="plaintext" segtype="sentence" adminlang="${escapeXml(options.adminLang ?? 'en')}"` +
      ` srclang="${escapeXml(options.srcLang)}" o-tmf="${escapeXml(options.creationTool)}" creationdate="${date}"/>`,
    '  <body>',
  ];
  aligned.rows.forEach((row, r) => {
    const tuvs = row
      .map((text, c) => ({ text: text.trim(), lang: aligned.columns[c].lang }))
      .filter((cell) => cell.text.length > 0);
    if (tuvs.length === 0) return;
    out.push(`    <tu tuid="${r + 1}">`);
    const props = options.rowProps?.[r] ?? {};
    for (const [type, value] of Object.entries(props)) {
      out.push(`      <prop type="${escapeXml(type)}">${escapeXml(value)}</prop>`);
    }
    for (const tuv of tuvs) {
      out.push(`      <tuv xml:lang="${escapeXml(tuv.lang)}"><seg>${escapeXml(tuv.text)}</seg></tuv>`);
    }
    out.push('    </tu>');
  });
  out.push('  </body>', '</tmx>');
  return out.join('\n') + '\n';
}
