// `triptych export`: write the aligned text of a work as TSV or TMX.
import { exportWork } from '../../services/export-work.ts';
import { triptychVersion } from '../../version.ts';
import { CliError, parseFlags, requireFlag, stringFlag, writeResult, type CliCommand } from '../io.ts';
import { withCliWorkspace } from '../workspace.ts';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export the aligned text of a work (TSV, TMX 1.4b, or a pair\'s beads)',
  usage: `usage: triptych export --work SLUG --format tsv|tmx|beads [--langs en,ru] [--keep-unpaired] [--out FILE]

  --langs LIST      two or more version names or language codes, comma-separated (default: all).
                    Two versions are a pair: one unit per bead of that pair's own alignment.
  --keep-unpaired   a pair's beads with one side empty are exported too (left out by default)
  --format beads    a pair's alignment as [i,j]:[k] lines, 0-based sentence ordinals of the two
                    versions in the order --langs names them (as triptych align prints)
  --out FILE        write to FILE instead of standard output`,
  async run(args, io) {
    const { flags, positional } = parseFlags(args, { values: ['work', 'format', 'langs', 'out'], switches: ['keep-unpaired'] });
    if (positional.length) throw new CliError(`unexpected argument '${positional[0]}'`);
    const slug = requireFlag(flags, 'work');
    const format = requireFlag(flags, 'format');
    const langs = stringFlag(flags, 'langs')?.split(',') ?? [];
    const out = stringFlag(flags, 'out');
    return withCliWorkspace((workspace) => {
      const result = exportWork(workspace.db, { slug, format, versions: langs, keepUnpaired: flags['keep-unpaired'] === true }, triptychVersion);
      writeResult(io, result.body, out, result.fileName);
      return 0;
    }, { work: slug });
  },
};
