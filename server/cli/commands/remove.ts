// `triptych remove`: remove a version from a work (it stays in the history; its pairs go with it).
import { removeVersion } from '../../services/import-version.ts';
import { CliError, parseFlags, requireFlag, type CliCommand } from '../io.ts';
import { cliActor, withCliWorkspace } from '../workspace.ts';

export const removeCommand: CliCommand = {
  name: 'remove',
  usage: `usage: triptych remove --work SLUG --name NAME

  --work SLUG   the work
  --name NAME   the version to remove (en, ru, en-revised, …); it stays in the history`,
  async run(args, io) {
    const { flags, positional } = parseFlags(args, { values: ['work', 'name'] });
    if (positional.length) throw new CliError(`unexpected argument '${positional[0]}'`);
    const workSlug = requireFlag(flags, 'work');
    const name = requireFlag(flags, 'name');
    return withCliWorkspace((workspace) => {
      const result = removeVersion(workspace.db, { workSlug, name, actor: cliActor() });
      io.out(`removed ${result.work.slug}/${result.name}${result.pairs.length ? `; the pairs ${result.pairs.join(', ')} went with it` : ''}\n`);
      return 0;
    }, { work: workSlug });
  },
};
