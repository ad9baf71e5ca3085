// Opens the workspace for a CLI command: same database, migrations and seeding as the server.
import os from 'node:os';
import { loadConfig } from '../config.ts';
import { openWorkspace, type Workspace } from '../services/workspace.ts';

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
