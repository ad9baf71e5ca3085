// `triptych export`: write the aligned text of a work as TSV or TMX.
import { exportWork } from '../../services/export-work.ts';
import { triptychVersion } from '../../version.ts';
import { CliError, parseFlags, requireFlag, stringFlag, writeResult, type CliCommand } from '../io.ts';
import { withCliWorkspace } from '../workspace.ts';
import { exportAll } from './export-all.ts';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export the aligned text of a work (TSV, TMX 1.4b, or a pair\'s beads)',
  usage: `usage: triptych export --work SLUG --format tsv|tmx|beads [--langs en,ru] [--keep-unpaired] [--out FILE]
       triptych export --all --format tmx|tsv|plain [--langs en,ru] [--keep-unpaired] --out DIR
       triptych export --all --format tmx --one-file [--langs en,ru] --out FILE

  --langs LIST      two or more version names or language codes, comma-separated (default: all).
                    Two versions are a pair: one unit per bead of that pair's own alignment.
  --keep-unpaired   a pair's beads with one side empty are exported too (left out by default)
  --format beads    a pair's alignment as [i,j]:[k] lines, 0-based sentence ordinals of the two
                    versions in the order --langs names them (as triptych align prints)
  --out FILE        write to FILE instead of standard output
  --all             every work: a file per work in --out DIR (plain: SLUG.LANG.txt per version,
                    line N = unit N); a work without the versions asked for is left out and named
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
    return withCliWorkspace((workspace) => {
      const result = exportWork(workspace.db, { slug, format, versions: langs, keepUnpaired: flags['keep-unpaired'] === true }, triptychVersion);
      writeResult(io, result.body, out, result.fileName);
      return 0;
    });
  },
};
