// `triptych export --all`: every work of the corpus, a file per work in --out DIR (or the several
// files a work's export makes, e.g. plain text SLUG.LANG.txt), or with --one-file a single TMX for
// the whole corpus at --out FILE.
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
  return withCliWorkspace(async (workspace) => {
    const target = (fileName: string) => (oneFile ? out : path.join(out, fileName));
    let made = false;
    const write = (file: { fileName: string; body: string | Uint8Array }) => {
      try {
        if (!made) fs.mkdirSync(oneFile ? path.dirname(path.resolve(out)) : out, { recursive: true });
        made = true;
        fs.writeFileSync(target(file.fileName), file.body);
      } catch (error) {
        throw new CliError(`cannot write ${target(file.fileName)}: ${(error as Error).message}`);
      }
    };
    const result = await exportCorpus(workspace.db, { format, versions: langs, keepUnpaired: flags['keep-unpaired'] === true, oneFile }, triptychVersion, write);
    for (const s of result.skipped) io.err(`left out ${s.slug}: ${s.message}\n`);
    io.err(oneFile ? `wrote ${result.units} units of ${result.works} works to ${out}\n` : `wrote ${result.files.length} files of ${result.works} works in ${out}\n`);
    return 0;
  });
}
