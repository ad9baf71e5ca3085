// The CLI's contact with the outside: where output goes and how a user error is reported.
// Commands write through CliIo so tests can capture output without spawning a process.
import { writeFileSync } from 'node:fs';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** standard error is a terminal (a progress bar may be drawn there) */
  errIsTTY?: boolean;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  get errIsTTY() {
    return Boolean(process.stderr.isTTY);
  },
};

/** An error the user caused (bad flag, missing file): printed on stderr, exit code 2, no stack. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CliCommand {
  name: string;
  /** The one-line summary lives in commands/index.ts, so that `triptych --help` loads no command. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/**
 * Parses `--flag value`, `--flag=value` and bare `--switch` options. Flags listed in `switches`
 * take no value; every other flag requires one. Unknown flags are refused.
 */
export function parseFlags(
  args: string[],
  spec: { values?: string[]; switches?: string[] },
): { flags: Record<string, string | true>; positional: string[] } {
  const values = new Set(spec.values ?? []);
  const switches = new Set(spec.switches ?? []);
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (switches.has(name)) {
      if (eq > 0) throw new CliError(`--${name} takes no value`);
      flags[name] = true;
    } else if (values.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) {
        throw new CliError(`--${name} needs a value`);
      }
      flags[name] = value;
    } else {
      throw new CliError(`unknown option --${name}`);
    }
  }
  return { flags, positional };
}

/** Writes a command's result to FILE (a note on stderr) or, without --out, to standard output. */
export function writeResult(io: CliIo, body: string | Uint8Array, out: string | undefined, description: string): void {
  if (!out) {
    if (typeof body !== 'string') throw new CliError(`${description} is a binary file: give --out FILE`);
    io.out(body);
    return;
  }
  try {
    writeFileSync(out, body);
  } catch (error) {
    throw new CliError(`cannot write ${out}: ${(error as Error).message}`);
  }
  io.err(`wrote ${description} to ${out}\n`);
}

export function stringFlag(flags: Record<string, string | true>, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function requireFlag(flags: Record<string, string | true>, name: string): string {
  const value = stringFlag(flags, name);
  if (!value) throw new CliError(`--${name} is required`);
  return value;
}
