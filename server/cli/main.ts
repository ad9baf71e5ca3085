// The `triptych` command: dispatches to one module per subcommand in ./commands.
// Every command reports user errors on stderr with a non-zero exit code and never a stack trace; a
// database another process kept busy past the busy timeout exits with 75 (EX_TEMPFAIL: try again).
import { commandNeeds } from '../auth/permissions.ts';
import { defaultBusyTimeoutMs, isDatabaseBusy } from '../db/busy.ts';
import { CliError, processIo, type CliIo } from './io.ts';
import { commands, type CommandEntry } from './commands/index.ts';
import { setCliContext } from './context.ts';

/** Takes the global --as NAME (who the command acts as) out of the arguments. */
function takeActingUser(argv: string[]): { as?: string; rest: string[] } {
  const rest: string[] = [];
  let as: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--as' || arg.startsWith('--as=')) {
      const value = arg === '--as' ? argv[++i] : arg.slice(5);
      if (!value || value.startsWith('--')) throw new CliError('--as needs a user name');
      as = value;
    } else rest.push(arg);
  }
  return { as, rest };
}

/** The exit code of a command the busy database refused (sysexits' EX_TEMPFAIL): nothing was changed. */
export const busyExitCode = 75;

function usage(list: CommandEntry[]): string {
  const lines = ['usage: triptych <command> [options]', '', 'commands:'];
  for (const c of list) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  lines.push('', 'Run `triptych <command> --help` for the options of one command.');
  lines.push('Every command takes --as NAME: the user it acts as (default: your operating-system user name).');
  return lines.join('\n') + '\n';
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  let acting: { as?: string; rest: string[] };
  try {
    acting = takeActingUser(argv);
  } catch (error) {
    io.err(`triptych: ${(error as Error).message}\n`);
    return 2;
  }
  const [name, ...rest] = acting.rest;
  if (!name) {
    // A missing command is a usage error: the usage goes to stderr, like every other error.
    io.err(usage(commands));
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(usage(commands));
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.err(`triptych: unknown command '${name}'\n${usage(commands)}`);
    return 2;
  }
  // a command with actions (terms, users) declares each; an unknown action is the command's to refuse
  const hasActions = Object.keys(commandNeeds).some((k) => k.startsWith(`${name} `));
  const declared = commandNeeds[`${name} ${rest[0] ?? ''}`] ?? commandNeeds[name] ?? (hasActions ? { need: 'anyone' as const } : undefined);
  if (!declared) {
    io.err(`triptych ${name}: this command declares no permission (server/auth/permissions.ts), so it may not run\n`);
    return 2;
  }
  setCliContext({ as: acting.as, need: declared.need });
  try {
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(command.usage.endsWith('\n') ? command.usage : command.usage + '\n');
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`triptych ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    if (isDatabaseBusy(error)) {
      const timeout = process.env.TRIPTYCH_BUSY_TIMEOUT_MS || String(defaultBusyTimeoutMs);
      io.err(
        `triptych ${name}: the database is busy: another process (the server or another triptych command) kept writing to it ` +
          `for longer than the busy timeout (TRIPTYCH_BUSY_TIMEOUT_MS, ${timeout} ms). Nothing was changed; run the command again.\n`,
      );
      return busyExitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`triptych ${name}: ${message}\n`);
    return 1;
  }
}
