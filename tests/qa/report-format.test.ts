// The report as CSV, JSON and text: quoting, spreadsheet formulas kept inert, dismissals marked.
import { describe, expect, it } from 'vitest';
import { formatReport, type CheckFinding } from '../../server/services/checks.ts';

const finding = (over: Partial<CheckFinding>): CheckFinding => ({
  kind: 'omission',
  row: 5,
  langs: ['en', 'ru'],
  versions: ['en', 'ru'],
  message: 'en is much shorter than ru predict.',
  text: 'A year on, since the last meeting',
  fingerprint: 'a'.repeat(32),
  dismissal: null,
  ...over,
});

describe('formatReport', () => {
  it('quotes CSV fields with commas, quotes and line breaks, and keeps formulas inert', () => {
    const { contentType, body } = formatReport(
      [
        finding({}),
        finding({ kind: 'untranslated', text: '=HYPERLINK("http://x","y")', message: 'say "hi"\nthen go' }),
        finding({ kind: 'number-mismatch', text: '-2+3', dismissal: { id: 1, workId: 1, fingerprint: 'b'.repeat(32), kind: 'number-mismatch', rowNumber: 5, reason: 'fine, checked', actor: 'web', at: '2026-01-01T00:00:00Z' } }),
      ],
      'csv',
    );
    expect(contentType).toMatch(/^text\/csv/);
    const lines = body.split('\r\n');
    expect(lines[0]).toBe('kind,row,langs,versions,text,message,fingerprint,dismissed,dismissal_reason');
    expect(lines[1]).toBe(`omission,5,en ru,en ru,"A year on, since the last meeting",en is much shorter than ru predict.,${'a'.repeat(32)},no,`);
    expect(body).toContain(`untranslated,5,en ru,en ru,"'=HYPERLINK(""http://x"",""y"")","say ""hi""\nthen go",`);
    expect(body).toContain(`number-mismatch,5,en ru,en ru,'-2+3,`);
    expect(body).toContain(',yes,"fine, checked"\r\n');
  });

  it('writes JSON as one array and text as one line per finding', () => {
    const json = JSON.parse(formatReport([finding({})], 'json').body) as unknown[];
    expect(json).toEqual([
      { kind: 'omission', row: 5, langs: ['en', 'ru'], versions: ['en', 'ru'], text: 'A year on, since the last meeting', message: 'en is much shorter than ru predict.', fingerprint: 'a'.repeat(32), dismissed: false },
    ]);
    expect(formatReport([], 'json').body.trim()).toBe('[]');
    expect(formatReport([finding({})], 'text').body).toBe('row 5\tomission\ten,ru\ten is much shorter than ru predict.\t«A year on, since the last meeting»\n');
    expect(formatReport([], 'text').body).toBe('');
  });

  it('refuses another format', () => {
    expect(() => formatReport([], 'xlsx')).toThrow(/not a report format/);
  });
});
