// Opens the workspace for a CLI command: same database, migrations and seeding as the server. The
// CLI acts as a named user (--as NAME, else the operating-system user): the events it makes record
// that name, and once accounts exist the user must exist and have the role the command needs
// (auth/permissions.ts commandNeeds). The CLI opens the database file itself, so this check keeps the
// log honest among colleagues; it cannot stop someone who can write the file.
import type { Database } from 'better-sqlite3';
import { type Need } from '../auth/permissions.ts';
import { loadConfig } from '../config.ts';
import { authUserOf, isLocalMode, roleForWork, userMay } from '../services/accounts.ts';
import { findUserByName } from '../db/users.ts';
import { InputError } from '../services/errors.ts';
import { openWorkspace, type Workspace } from '../services/workspace.ts';
import { cliActor, cliNeed } from './context.ts';
import { CliError } from './io.ts';

export { cliActor } from './context.ts';

/** Exit code of a command the acting user may not run. */
export const refusedExitCode = 3;

/** Refuses unless the acting user may do what the command needs (always allowed in local mode). */
export function authorizeCli(db: Database, need: Need, options: { work?: string; self?: string } = {}): void {
  if (need === 'anyone' || isLocalMode(db)) return;
  const name = cliActor();
  const user = findUserByName(db, name);
  if (!user) {
    throw new CliError(`no user '${name}' exists: say who you are with --as NAME (an administrator lists the users with: triptych users list)`, refusedExitCode);
  }
  if (need === 'signed-in' || (options.self !== undefined && options.self.toLowerCase() === user.name.toLowerCase())) return;
  const acting = authUserOf(user);
  if (!userMay(db, acting, need, options.work)) {
    throw new CliError(`${user.name} (${roleForWork(db, acting, options.work)}) may not do this: it needs the ${need} permission`, refusedExitCode);
  }
}

export async function openCliWorkspace(): Promise<Workspace> {
  return openWorkspace(loadConfig(), cliActor());
}

/**
 * Runs a command's work on the workspace and closes it afterwards, once the acting user is allowed
 * to; a user's mistake reported by a service (InputError) becomes a CliError, so it is printed on
 * stderr with exit code 2.
 */
export async function withCliWorkspace<T>(work: (workspace: Workspace) => Promise<T> | T, options: { work?: string; self?: string } = {}): Promise<T> {
  const workspace = await openCliWorkspace();
  try {
    authorizeCli(workspace.db, cliNeed(), options);
    return await work(workspace);
  } catch (error) {
    if (error instanceof InputError) throw new CliError(error.message);
    throw error;
  } finally {
    workspace.close();
  }
}
