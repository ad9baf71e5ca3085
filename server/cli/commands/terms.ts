// `triptych terms`: export the termbase as TBX-Basic or a CSV glossary, or import a TBX or CSV file
// into it (concepts with an existing identifier are replaced, the others added).
import fs from 'node:fs';
import path from 'node:path';
import { exportTermbase, importTermbase, termbaseFormats } from '../../services/terms-termbase.ts';
import { CliError, parseFlags, stringFlag, writeResult, type CliCommand } from '../io.ts';
import { cliActor, withCliWorkspace } from '../workspace.ts';

const usage = `usage: triptych terms export --format tbx|tbx2|csv [--out FILE]
       triptych terms import FILE

  export   write the termbase to standard output or FILE: tbx is TBX-Basic (TBX v3), tbx2 is
           TBX v2 (<martif>, as translate-toolkit reads it), csv a CSV glossary
  import   read a TBX v3 or v2 (.tbx, .xml) or CSV glossary (.csv) file into the termbase; what the
           file holds that the termbase does not keep is named on standard error`;

export const termsCommand: CliCommand = {
  name: 'terms',
  usage,
  async run(args, io) {
    const [action, ...rest] = args;
    if (action !== 'export' && action !== 'import') throw new CliError(action ? `unknown action '${action}'; use export or import` : 'say export or import');
    const { flags, positional } = parseFlags(rest, action === 'export' ? { values: ['format', 'out'] } : {});
    let file = '';
    let bytes: Buffer | null = null;
    if (action === 'export') {
      if (positional.length) throw new CliError(`unexpected argument '${positional[0]}'`);
      const format = stringFlag(flags, 'format');
      if (!format) throw new CliError('--format is required (tbx, tbx2 or csv)');
      if (!(termbaseFormats as readonly string[]).includes(format)) throw new CliError(`'${format}' is not a termbase format; use tbx, tbx2 or csv`);
    } else {
      if (positional.length !== 1) throw new CliError('give exactly one file to import');
      file = positional[0];
      try {
        if (!fs.statSync(file).isFile()) throw new CliError(`${file} is not a file`);
        bytes = fs.readFileSync(file);
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
    return withCliWorkspace((workspace) => {
      if (action === 'export') {
        const result = exportTermbase(workspace.db, String(stringFlag(flags, 'format')));
        writeResult(io, result.body, stringFlag(flags, 'out'), result.fileName);
        return 0;
      }
      const summary = importTermbase(workspace.db, { fileName: path.basename(file), bytes: bytes! }, { actor: cliActor(), maxBytes: workspace.config.maxUploadBytes });
      io.out(`imported ${path.basename(file)}: ${summary.added} concepts added, ${summary.replaced} replaced, ${summary.terms} terms\n`);
      for (const warning of summary.warnings) io.err(`warning: ${warning}\n`);
      return 0;
    });
  },
};
