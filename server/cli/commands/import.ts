// `triptych import`: a language version of a work from a text, DOCX or HTML file, or a whole
// aligned work from a TMX, an XLIFF or line-aligned files. What a file is, is read from its content.
import fs from 'node:fs';
import path from 'node:path';
import { importUpload } from '../../services/import-aligned.ts';
import { sentenceLimitsOf } from '../../services/import-version.ts';
import { CliError, parseFlags, progressReporter, requireFlag, stringFlag, type CliCommand } from '../io.ts';
import { cliActor, withCliWorkspace } from '../workspace.ts';

export const importCommand: CliCommand = {
  name: 'import',
  usage: `usage: triptych import --work SLUG [--title TITLE] [--lang CODE] --status STATUS [--name NAME]
                       [--label LABEL] [--provenance TEXT] [--segmentation sentences|lines] [--replace] FILE
       triptych import --work SLUG [--title TITLE] [--status STATUS] [--replace] FILE.tmx|FILE.xlf
       triptych import --work SLUG [--title TITLE] [--status STATUS] [--replace] SLUG.en.txt SLUG.ru.txt [SLUG.zh.txt]

  --work SLUG      the work (lower-case letters, digits, hyphens); created when a title is known
  --title TITLE    title of a new work (an aligned file may give it)
  --lang CODE      ISO 639-1 language code of the version (en, ru, zh, …); may be left out for a
                   DOCX or HTML document that names its language (w:lang; <html lang>), and wins,
                   with a warning, over the one it names; not for aligned files, which name theirs
  --status STATUS  authentic | official | unofficial | working (aligned files: for the versions
                   whose status the file does not give; default unofficial)
  --name NAME      name of the version within the work (default: the language code), e.g. en-revised
  --replace        replace existing versions (the old ones stay in the history)
  --segmentation   sentences (default: split by the language's sentence rules) or lines (the file
                   has one sentence per line: every non-empty line is one sentence, as it stands)
A file is recognised by its content: a text (UTF-8, UTF-8/16 with BOM, CP1251, GB18030), a DOCX or
an HTML page is one version (its paragraphs, headings and list items become blocks); a TMX, an
XLIFF 1.2 or 2.1 file, two or three line-aligned files SLUG.LANG.txt (or a zip of them, or of XLIFF 2
documents) is a work with its versions and, for every pair, the alignment its units give.
A sentence longer than TRIPTYCH_MAX_SENTENCE_CHARS is split (or, with TRIPTYCH_LONG_SENTENCES=refuse,
the file refused); progress is shown on standard error when it is a terminal.`,
  async run(args, io) {
    const { flags, positional } = parseFlags(args, {
      values: ['work', 'title', 'lang', 'status', 'name', 'label', 'provenance', 'segmentation'],
      switches: ['replace'],
    });
    if (positional.length < 1 || positional.length > 3) throw new CliError('give one FILE to import, or two or three line-aligned files');
    const slug = requireFlag(flags, 'work');
    const files = positional.map((file) => {
      try {
        return { fileName: path.basename(file), bytes: fs.readFileSync(file) };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder; name its files' : (error as Error).message}`);
      }
    });
    const progress = progressReporter(io);
    const phases: Record<string, string> = { prepare: 'reading and segmenting', align: 'aligning', store: 'storing' };
    return withCliWorkspace(async (workspace) => {
      const upload = await importUpload(workspace.db, workspace.alignResources, {
        workSlug: slug,
        workTitle: stringFlag(flags, 'title'),
        lang: stringFlag(flags, 'lang'),
        status: stringFlag(flags, 'status'),
        name: stringFlag(flags, 'name'),
        label: stringFlag(flags, 'label'),
        provenance: stringFlag(flags, 'provenance'),
        files,
        replace: flags.replace === true,
        actor: cliActor(),
        maxBytes: workspace.config.maxUploadBytes,
        limits: sentenceLimitsOf(workspace.config),
        segmentation: stringFlag(flags, 'segmentation'),
      }, (phase, step, steps, detail) => progress(step / Math.max(1, steps), `${phases[phase] ?? phase}${detail ? ` ${detail}` : ''}`));
      if (upload.kind === 'version') {
        const result = upload.result;
        for (const w of result.warnings) io.err(`warning: ${w.message}\n`);
        io.out(
          `${result.replaced ? 'replaced' : 'imported'} ${result.work.slug}/${result.name}: ${result.sentences} sentences, ` +
            `decoded as ${result.encoding}${result.langFrom === 'file' ? `, in ${result.lang} as the file names it (${result.fileLang})` : ''}; the work now has ${result.rows} aligned rows\n`,
        );
        return 0;
      }
      const r = upload.result;
      for (const w of r.warnings) io.err(`warning: ${w}\n`);
      io.out(
        `imported the ${r.format} file into ${r.work.slug}: ${r.versions.map((v) => `${v.name} (${v.sentences} sentences${v.replaced ? ', replaced' : ''})`).join(', ')}; ` +
          `${r.units} units; ${r.pairs.map((p) => `${p.label} ${p.beads} beads (${p.confirmed} confirmed)`).join(', ')} taken from them` +
          `${r.aligned.length ? `; aligned afresh: ${r.aligned.join(', ')}` : ''}${r.notes ? `; ${r.notes} annotations from notes` : ''}; the work now has ${r.rows} rows\n`,
      );
      return 0;
    }, { work: slug });
  },
};
