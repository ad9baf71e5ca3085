// `triptych search`: the parallel concordance on the command line: each hit with its row of the
// three-column view, every language's text, the words found between [ and ] (text) or as offsets
// (JSON), a page at a time.
import { concordanceRecord, searchConcordance, type ConcordanceHit } from '../../services/concordance.ts';
import { CliError, parseFlags, stringFlag, type CliCommand } from '../io.ts';
import { withCliWorkspace } from '../workspace.ts';

function markedText(text: string, marks: Array<[number, number]>): string {
  let out = '';
  let at = 0;
  for (const [s, e] of marks) {
    out += `${text.slice(at, s)}[${text.slice(s, e)}]`;
    at = e;
  }
  return out + text.slice(at);
}

function hitAsText(hit: ConcordanceHit): string {
  const lines = [`${hit.work.slug} row ${hit.row ?? '?'} (${hit.version} sentence ${hit.ordinal + 1}${hit.confirmed ? ', confirmed' : ''}) ${hit.link}`];
  for (const cell of hit.cells) {
    const joined = cell.sentences.map((s) => markedText(s.text, s.marks)).join(cell.lang === 'zh' || cell.lang === 'ja' ? '' : ' ');
    lines.push(`  ${cell.name.padEnd(4)} ${joined || '—'}`);
  }
  return lines.join('\n');
}

export const searchCommand: CliCommand = {
  name: 'search',
  usage: `usage: triptych search QUERY [--lang L] [--work SLUG] [--confirmed] [--limit N] [--after ID] [--format text|json]
       triptych search --concept KEY [...]

  QUERY          a word or phrase in any language: English and Russian by stem (структура finds
                 структуры), Chinese by substring (恐怖 finds 反恐怖机构)
  --concept KEY  every term of a termbase concept, in all its languages
  --lang L       only hits in language L (the query is read in L)
  --work SLUG    only hits in one work
  --confirmed    only rows whose beads are all confirmed
  --limit N      hits per page (default 20, at most 100)
  --after ID     the page after the one whose last hit was sentence ID ("next" of the previous page)
  --format F     text (the default: the words found in [brackets]) or json (work, row, every
                 language's text with the offsets of what was found)`,
  async run(args, io) {
    const { flags, positional } = parseFlags(args, { values: ['lang', 'work', 'concept', 'limit', 'after', 'format'], switches: ['confirmed'] });
    if (positional.length > 1) throw new CliError('give the query as one argument (quote a phrase)');
    const format = stringFlag(flags, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new CliError(`--format must be text or json, not '${format}'`);
    const number = (name: string) => {
      const v = stringFlag(flags, name);
      if (v === undefined) return undefined;
      if (!/^\d{1,12}$/.test(v)) throw new CliError(`--${name} takes a number`);
      return Number(v);
    };
    const limit = number('limit');
    const after = number('after');
    return withCliWorkspace((workspace) => {
      const result = searchConcordance(workspace.db, {
        query: positional[0],
        concept: stringFlag(flags, 'concept'),
        lang: stringFlag(flags, 'lang'),
        work: stringFlag(flags, 'work'),
        confirmedOnly: flags.confirmed === true,
        limit,
        after,
        rowNumbers: true,
      });
      if (format === 'json') {
        io.out(JSON.stringify(concordanceRecord(result), null, 2) + '\n');
        return 0;
      }
      io.out(result.hits.map(hitAsText).join('\n\n') + (result.hits.length ? '\n' : ''));
      const count = `${result.totalCapped ? 'more than ' : ''}${result.total} sentence${result.total === 1 ? '' : 's'} match`;
      io.err(`${result.hits.length} rows shown; ${count}${result.next !== null ? `; next page: --after ${result.next}` : ''}\n`);
      return 0;
    });
  },
};
