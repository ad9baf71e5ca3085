// The list of subcommands; each lives in its own module.
import type { CliCommand } from '../io.ts';

export const commands: CliCommand[] = [];
