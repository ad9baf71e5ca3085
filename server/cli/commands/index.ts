// The list of subcommands; each lives in its own module.
import type { CliCommand } from '../io.ts';
import { alignCommand } from './align.ts';
import { checkCommand } from './check.ts';
import { evalCommand } from './eval.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { termsCommand } from './terms.ts';
import { usersCommand } from './users.ts';

export const commands: CliCommand[] = [importCommand, exportCommand, alignCommand, evalCommand, checkCommand, termsCommand, usersCommand];
