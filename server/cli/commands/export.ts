// `triptych export`: write the aligned text of a work in one of the interchange formats.
import fs from 'node:fs';
import path from 'node:path';
import { corpusExportFormats } from '../../services/export-corpus.ts';
import { exportFormats, exportWork } from '../../services/export-work.ts';
import { triptychVersion } from '../../version.ts';
import { CliError, parseFlags, requireFlag, stringFlag, writeResult, type CliCommand } from '../io.ts';
import { withCliWorkspace } from '../workspace.ts';
import { exportAll } from './export-all.ts';

export const exportCommand: CliCommand = {
  name: 'export',
  usage: `usage: triptych export --work SLUG --format ${exportFormats.join('|')} [--langs en,ru] [--keep-unpaired] [--out FILE|DIR]
       triptych export --all --format ${corpusExportFormats.join('|')} [--langs en,ru] [--keep-unpaired] --out DIR
       triptych export --all --format tmx --one-file [--langs en,ru] [--keep-unpaired] --out FILE

  --format          tmx (TMX 1.4b), xliff (XLIFF 1.2), xliff2 (XLIFF 2.1), tsv, plain (one
                    SLUG.LANG.txt per version, line N = unit N), docx (a table, a column per
                    version), beads (a pair's alignment as [i,j]:[k] lines, 0-based sentence
                    ordinals of the two versions in the order --langs names them)
  --langs LIST      two or more version names or language codes, comma-separated (default: all).
                    Two versions are a pair: one unit per bead of that pair's own alignment.
  --keep-unpaired   a pair's beads with one side empty are exported too (left out by default)
  --out FILE|DIR    write to FILE instead of standard output (needed for docx). plain, and
                    xliff2 of three or more versions, write several files: into the folder DIR
                    (made if missing), or as one zip when DIR ends in .zip
  --all             every work: its files in --out DIR, as --work would write them; a work
                    without the versions asked for is left out and named
  --one-file        with --all --format tmx: one memory for the whole corpus, each unit carrying
                    x-triptych-work`,
  async run(args, io) {
    const { flags, positional } = parseFlags(args, { values: ['work', 'format', 'langs', 'out'], switches: ['keep-unpaired', 'all', 'one-file'] });
    if (positional.length) throw new CliError(`unexpected argument '${positional[0]}'`);
    if (flags.all) return exportAll(flags, io);
    if (flags['one-file']) throw new CliError('--one-file goes with --all');
    const slug = requireFlag(flags, 'work');
    const format = requireFlag(flags, 'format');
    const langs = stringFlag(flags, 'langs')?.split(',') ?? [];
    const out = stringFlag(flags, 'out');
    return withCliWorkspace(async (workspace) => {
      const result = await exportWork(workspace.db, { slug, format, versions: langs, keepUnpaired: flags['keep-unpaired'] === true }, triptychVersion);
      if (result.files) {
        if (!out) throw new CliError(`this export is ${result.files.length} files (${result.files.map((f) => f.fileName).join(', ')}): give --out DIR for a folder, or --out FILE.zip`);
        if (out.toLowerCase().endsWith('.zip')) {
          writeResult(io, result.body, out, result.fileName);
          return 0;
        }
        try {
          fs.mkdirSync(out, { recursive: true });
          for (const f of result.files) fs.writeFileSync(path.join(out, f.fileName), f.body);
        } catch (error) {
          throw new CliError(`cannot write into ${out}: ${(error as Error).message}`);
        }
        io.err(`wrote ${result.files.map((f) => f.fileName).join(', ')} into ${out}\n`);
        return 0;
      }
      if (typeof result.body !== 'string' && !out) throw new CliError(`${result.fileName} is a binary file: give --out FILE`);
      writeResult(io, result.body, out, result.fileName);
      return 0;
    }, { work: slug });
  },
};
