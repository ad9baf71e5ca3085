// Opens the workspace for a CLI command: same database, migrations and seeding as the server.
import os from 'node:os';
import { loadConfig } from '../config.ts';
import { InputError } from '../services/errors.ts';
import { openWorkspace, type Workspace } from '../services/workspace.ts';
import { CliError } from './io.ts';

export function cliActor(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}

export async function openCliWorkspace(): Promise<Workspace> {
  return openWorkspace(loadConfig(), cliActor());
}

/**
 * Runs a command's work on the workspace and closes it afterwards; a user's mistake reported by a
 * service (InputError) becomes a CliError, so it is printed on stderr with exit code 2.
 */
export async function withCliWorkspace<T>(work: (workspace: Workspace) => Promise<T> | T): Promise<T> {
  const workspace = await openCliWorkspace();
  try {
    return await work(workspace);
  } catch (error) {
    if (error instanceof InputError) throw new CliError(error.message);
    throw error;
  } finally {
    workspace.close();
  }
}
