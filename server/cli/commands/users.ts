// `triptych users`: the accounts of a shared server — add, list, change a role (for the server or
// one work), set a password, remove. A password is read from standard input when it is not a terminal
// (`echo … | triptych users add …`), else asked for twice without echo. The first user must be an
// administrator, and may be added by anyone at the machine; after that these need an administrator.
import { roles } from '../../auth/permissions.ts';
import { addUser, changeRole, changeWorkRole, listAccounts, removeUser, setPassword, type AccountSettings } from '../../services/accounts.ts';
import type { Workspace } from '../../services/workspace.ts';
import { CliError, parseFlags, requireFlag, stringFlag, type CliCommand, type CliIo } from '../io.ts';
import { cliActor, withCliWorkspace } from '../workspace.ts';

const usage = `usage: triptych users add NAME --role ROLE      add a user (asks for the password)
       triptych users list                       the users, their roles and work roles
       triptych users role NAME ROLE [--work SLUG]
                                                 change the server role, or the role for one work
                                                 (ROLE "server" clears a work role)
       triptych users passwd NAME                set a password (asks for it)
       triptych users remove NAME                remove a user

  ROLE is one of ${roles.join(', ')}. A password comes from standard input when it is not a
  terminal (its first line), else it is asked for twice without echo. The first user must be an
  administrator; once one exists, these commands need an administrator (--as NAME).`;

/** The new password: standard input's first line, or asked twice at the terminal. */
async function readNewPassword(io: CliIo): Promise<string> {
  const stdin = io.stdin;
  if (!stdin) throw new CliError('no standard input to read the password from');
  if (!stdin.isTerminal) {
    const text = await stdin.readAll();
    const line = text.split(/\r?\n/)[0] ?? '';
    if (!line) throw new CliError('standard input held no password (give it as its first line)');
    return line;
  }
  const first = await stdin.askHidden('New password: ');
  const second = await stdin.askHidden('New password again: ');
  if (first !== second) throw new CliError('the two passwords differ');
  return first;
}

const settingsOf = (workspace: Workspace): AccountSettings => ({ passwordHashLogN: workspace.config.passwordHashLogN, sessionIdleMinutes: workspace.config.sessionIdleMinutes });

function one(positional: string[], what: string): string {
  if (positional.length !== 1) throw new CliError(`give exactly one ${what}`);
  return positional[0];
}

export const usersCommand: CliCommand = {
  name: 'users',
  usage,
  async run(args, io) {
    const [action, ...rest] = args;
    const acting = () => ({ actor: cliActor(), address: 'cli' });
    switch (action) {
      case 'add': {
        const { flags, positional } = parseFlags(rest, { values: ['role'] });
        const name = one(positional, 'NAME');
        const role = requireFlag(flags, 'role');
        const password = await readNewPassword(io);
        return withCliWorkspace(async (workspace) => {
          const user = await addUser(workspace.db, { name, role, password }, acting(), settingsOf(workspace));
          io.out(`added ${user.name} (${user.role})\n`);
          return 0;
        });
      }
      case 'list': {
        const { positional } = parseFlags(rest, {});
        if (positional.length) throw new CliError(`unexpected argument '${positional[0]}'`);
        return withCliWorkspace((workspace) => {
          const accounts = listAccounts(workspace.db);
          if (accounts.length === 0) io.err('no users: the server runs in local mode (add an administrator to share it)\n');
          for (const { user, workRoles } of accounts) {
            const works = workRoles.map((r) => `${r.slug}:${r.role}`).join(' ');
            io.out(`${user.name}\t${user.role}${works ? `\t${works}` : ''}\n`);
          }
          return 0;
        });
      }
      case 'role': {
        const { flags, positional } = parseFlags(rest, { values: ['work'] });
        if (positional.length !== 2) throw new CliError('give NAME and ROLE');
        const [name, role] = positional;
        const work = stringFlag(flags, 'work');
        return withCliWorkspace((workspace) => {
          if (work) {
            changeWorkRole(workspace.db, name, work, role === 'server' ? '' : role, acting());
            io.out(role === 'server' ? `${name} has their server role for ${work} again\n` : `${name} is ${role} for ${work}\n`);
          } else {
            const user = changeRole(workspace.db, name, role, acting());
            io.out(`${user.name} is ${user.role}\n`);
          }
          return 0;
        });
      }
      case 'passwd': {
        const { positional } = parseFlags(rest, {});
        const name = one(positional, 'NAME');
        const password = await readNewPassword(io);
        return withCliWorkspace(
          async (workspace) => {
            await setPassword(workspace.db, name, password, acting(), settingsOf(workspace));
            io.out(`set the password of ${name}; their sessions have ended\n`);
            return 0;
          },
          { self: name },
        );
      }
      case 'remove': {
        const { positional } = parseFlags(rest, {});
        const name = one(positional, 'NAME');
        return withCliWorkspace((workspace) => {
          removeUser(workspace.db, name, acting());
          io.out(`removed ${name}\n`);
          return 0;
        });
      }
      default:
        throw new CliError(action ? `unknown action '${action}'; use add, list, role, passwd or remove` : 'say add, list, role, passwd or remove');
    }
  },
};
