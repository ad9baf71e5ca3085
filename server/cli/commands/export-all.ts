// `triptych export --all`: every work of the corpus, a file per work in --out DIR (TMX, TSV, or plain
// parallel text SLUG.LANG.txt), or with --one-file a single TMX for the whole corpus at --out FILE.
import fs from 'node:fs';
import path from 'node:path';
import { exportCorpus } from '../../services/export-corpus.ts';
import { triptychVersion } from '../../version.ts';
import { CliError, requireFlag, stringFlag, type CliIo } from '../io.ts';
import { withCliWorkspace } from '../workspace.ts';

export async function exportAll(flags: Record<string, string | true>, io: CliIo): Promise<number> {
  if (flags.work) throw new CliError('give either --work SLUG or --all');
  const format = requireFlag(flags, 'format');
  const out = requireFlag(flags, 'out');
  const oneFile = flags['one-file'] === true;
  const langs = stringFlag(flags, 'langs')?.split(',') ?? [];
  return withCliWorkspace((workspace) => {
    const result = exportCorpus(workspace.db, { format, versions: langs, keepUnpaired: flags['keep-unpaired'] === true, oneFile }, triptychVersion);
    try {
      if (oneFile) {
        fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
        fs.writeFileSync(out, result.files[0].body);
      } else {
        fs.mkdirSync(out, { recursive: true });
        for (const file of result.files) fs.writeFileSync(path.join(out, file.fileName), file.body);
      }
    } catch (error) {
      throw new CliError(`cannot write ${out}: ${(error as Error).message}`);
    }
    for (const s of result.skipped) io.err(`left out ${s.slug}: ${s.message}\n`);
    io.err(`wrote ${result.units} units of ${result.works} works to ${oneFile ? out : `${result.files.length} files in ${out}`}\n`);
    return 0;
  });
}
