// `triptych import`: add a language version of a work from a text file.
import fs from 'node:fs';
import path from 'node:path';
import { importVersion, sentenceLimitsOf } from '../../services/import-version.ts';
import { CliError, parseFlags, progressReporter, requireFlag, stringFlag, type CliCommand } from '../io.ts';
import { cliActor, withCliWorkspace } from '../workspace.ts';

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import a language version of a work from a text file',
  usage: `usage: triptych import --work SLUG [--title TITLE] --lang CODE --status STATUS [--name NAME]
                       [--label LABEL] [--provenance TEXT] [--segmentation sentences|lines] [--replace] FILE

  --work SLUG      the work (lower-case letters, digits, hyphens); created when --title is given
  --title TITLE    title of a new work
  --lang CODE      ISO 639-1 language code of the version (en, ru, zh, …)
  --status STATUS  authentic | official | unofficial | working
  --name NAME      name of the version within the work (default: the language code), e.g. en-revised
  --replace        replace an existing version of that name (the old one stays in the history)
  --segmentation   sentences (default: split by the language's sentence rules) or lines (the file
                   has one sentence per line: every non-empty line is one sentence, as it stands)
Encodings UTF-8, UTF-8/16 with BOM, CP1251 and GB18030 are detected. A sentence longer than
TRIPTYCH_MAX_SENTENCE_CHARS is split (or, with TRIPTYCH_LONG_SENTENCES=refuse, the file refused);
progress is shown on standard error when it is a terminal.`,
  async run(args, io) {
    const { flags, positional } = parseFlags(args, {
      values: ['work', 'title', 'lang', 'status', 'name', 'label', 'provenance', 'segmentation'],
      switches: ['replace'],
    });
    if (positional.length !== 1) throw new CliError('give exactly one FILE to import');
    const file = positional[0];
    const slug = requireFlag(flags, 'work');
    const lang = requireFlag(flags, 'lang');
    const status = requireFlag(flags, 'status');
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    const progress = progressReporter(io);
    const phases: Record<string, string> = { prepare: 'reading and segmenting', align: 'aligning', store: 'storing' };
    return withCliWorkspace(async (workspace) => {
      const result = await importVersion(workspace.db, workspace.alignResources, {
          workSlug: slug,
          workTitle: stringFlag(flags, 'title'),
          lang,
          status,
          name: stringFlag(flags, 'name'),
          label: stringFlag(flags, 'label'),
          provenance: stringFlag(flags, 'provenance'),
          fileName: path.basename(file),
          bytes,
          replace: flags.replace === true,
          actor: cliActor(),
          maxBytes: workspace.config.maxUploadBytes,
          limits: sentenceLimitsOf(workspace.config),
          segmentation: stringFlag(flags, 'segmentation'),
      }, (phase, step, steps, detail) => progress(step / Math.max(1, steps), `${phases[phase] ?? phase}${detail ? ` ${detail}` : ''}`));
      io.out(
        `${result.replaced ? 'replaced' : 'imported'} ${result.work.slug}/${result.name}: ${result.sentences} sentences, ` +
          `decoded as ${result.encoding}; the work now has ${result.rows} aligned rows\n`,
      );
      return 0;
    }, { work: slug });
  },
};
