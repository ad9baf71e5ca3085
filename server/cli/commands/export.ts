// `triptych export`: write the aligned text of a work as TSV or TMX.
import { exportWork } from '../../services/export-work.ts';
import { triptychVersion } from '../../version.ts';
import { CliError, parseFlags, requireFlag, stringFlag, writeResult, type CliCommand } from '../io.ts';
import { withCliWorkspace } from '../workspace.ts';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export the aligned text of a work (TSV or TMX 1.4b)',
  usage: `usage: triptych export --work SLUG --format tsv|tmx [--langs en,ru] [--out FILE]

  --langs LIST   two or more version names or language codes, comma-separated (default: all)
  --out FILE     write to FILE instead of standard output`,
  async run(args, io) {
    const { flags, positional } = parseFlags(args, { values: ['work', 'format', 'langs', 'out'] });
    if (positional.length) throw new CliError(`unexpected argument '${positional[0]}'`);
    const slug = requireFlag(flags, 'work');
    const format = requireFlag(flags, 'format');
    const langs = stringFlag(flags, 'langs')?.split(',') ?? [];
    const out = stringFlag(flags, 'out');
    return withCliWorkspace((workspace) => {
      const result = exportWork(workspace.db, { slug, format, versions: langs }, triptychVersion);
      writeResult(io, result.body, out, result.fileName);
      return 0;
    });
  },
};
