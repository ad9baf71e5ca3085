// The CLI's contact with the outside: where output goes and how a user error is reported.
// Commands write through CliIo so tests can capture output without spawning a process.
import { writeFileSync } from 'node:fs';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** standard error is a terminal: progress is shown there */
  errIsTerminal?: boolean;
  /** standard input, for passwords: read whole when it is not a terminal, else asked for without echo */
  stdin?: { isTerminal: boolean; readAll(): Promise<string>; askHidden(prompt: string): Promise<string> };
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  get errIsTerminal() {
    return Boolean(process.stderr.isTTY);
  },
  stdin: {
    get isTerminal() {
      return Boolean(process.stdin.isTTY);
    },
    readAll: readStandardInput,
    askHidden: askHiddenOnTerminal,
  },
};

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a line from the terminal without echoing it (a password). */
function askHiddenOnTerminal(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    let typed = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('interrupted'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** A progress line on standard error, redrawn in place, when it is a terminal. */
export function progressReporter(io: CliIo): (fraction: number, label: string) => void {
  if (!io.errIsTerminal) return () => {};
  let last = '';
  return (fraction, label) => {
    const width = 24;
    const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
    const line = `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${label}`;
    if (line === last) return;
    last = line;
    io.err(`\r\u001b[2K${line}${fraction >= 1 ? '\n' : ''}`);
  };
}

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
