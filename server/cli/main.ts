// The `triptych` command: dispatches to one module per subcommand in ./commands.
// Every command reports user errors on stderr with a non-zero exit code and never a stack trace; a
// database another process kept busy past the busy timeout exits with 75 (EX_TEMPFAIL: try again).
import { defaultBusyTimeoutMs, isDatabaseBusy } from '../db/busy.ts';
import { CliError, processIo, type CliIo } from './io.ts';
import { commands, type CommandEntry } from './commands/index.ts';

/** The exit code of a command the busy database refused (sysexits' EX_TEMPFAIL): nothing was changed. */
export const busyExitCode = 75;

function usage(list: CommandEntry[]): string {
  const lines = ['usage: triptych <command> [options]', '', 'commands:'];
  for (const c of list) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  lines.push('', 'Run `triptych <command> --help` for the options of one command.');
  return lines.join('\n') + '\n';
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
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
