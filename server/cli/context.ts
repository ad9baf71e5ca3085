// Who a CLI command acts as (--as NAME, else the operating-system user) and what the command needs
// (auth/permissions.ts commandNeeds), set by runCli before the command loads. Kept apart from
// workspace.ts so that runCli loads no database code for the commands that open none (align, eval).
import { localUserName } from '../auth/local-user.ts';
import type { Need } from '../auth/permissions.ts';

let actingName: string | undefined;
let currentNeed: Need = 'anyone';

/** Set by runCli for each command: who acts (--as) and what the command needs. */
export function setCliContext(context: { as?: string; need: Need }): void {
  actingName = context.as;
  currentNeed = context.need;
}

/** What the running command needs of its user. */
export function cliNeed(): Need {
  return currentNeed;
}

/** The name the CLI acts under and records in events. */
export function cliActor(): string {
  return actingName ?? localUserName();
}
