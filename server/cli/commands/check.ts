// `triptych check`: every finding of the cross-version checks of a work, for pipelines. Prints the
// open findings (dismissed ones with --all) as text, CSV or JSON and exits 0 whatever it found.
import { checkWork, formatReport, reportFormats } from '../../services/checks.ts';
import { CliError, parseFlags, requireFlag, stringFlag, type CliCommand } from '../io.ts';
import { withCliWorkspace } from '../workspace.ts';

export const checkCommand: CliCommand = {
  name: 'check',
  usage: `usage: triptych check --work SLUG [--format text|csv|json] [--all]

  --format F   text (one finding a line, the default), csv (with a header) or json (one array of
               objects with kind, row, langs, versions, text, message, fingerprint, dismissed)
  --all        include the findings a reviewer dismissed (marked as such)

Exits 0 when the checks ran, whatever they found; 2 for a bad option or an unknown work.`,
  async run(args, io) {
    const { flags, positional } = parseFlags(args, { values: ['work', 'format'], switches: ['all'] });
    if (positional.length) throw new CliError(`unexpected argument '${positional[0]}'`);
    const slug = requireFlag(flags, 'work');
    const format = (stringFlag(flags, 'format') ?? 'text').toLowerCase();
    if (!(reportFormats as readonly string[]).includes(format)) {
      throw new CliError(`--format must be one of ${reportFormats.join(', ')}, not '${format}'`);
    }
    return withCliWorkspace((workspace) => {
      const report = checkWork(workspace.db, slug);
      const findings = flags.all ? report.findings : report.findings.filter((f) => !f.dismissal);
      io.out(formatReport(findings, format).body);
      return 0;
    }, { work: slug });
  },
};
