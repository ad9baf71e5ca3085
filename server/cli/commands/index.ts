// The list of subcommands; each lives in its own module.
import type { CliCommand } from '../io.ts';
import { alignCommand } from './align.ts';
import { batchCommand } from './batch.ts';
import { checkCommand } from './check.ts';
import { evalCommand } from './eval.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { searchCommand } from './search.ts';
import { termsCommand } from './terms.ts';

export const commands: CliCommand[] = [importCommand, batchCommand, exportCommand, alignCommand, evalCommand, checkCommand, termsCommand, searchCommand];
