// `triptych users`: the accounts of a shared server — add, list, change a role (for the server or
// one work), set a password, remove, and personal API tokens (make, list, revoke). A password is read
// from standard input when it is not a terminal (`echo … | triptych users add …`), else asked for
// twice without echo. The first user must be an administrator, and may be added by anyone at the
// machine; after that these need an administrator, or (passwords, tokens) the user concerned. A new
// token is printed alone on standard output, once, so that a script can take it (`$(…)`).
import { roles } from '../../auth/permissions.ts';
import { addUser, changeRole, changeWorkRole, listAccounts, removeUser, setPassword, type AccountSettings } from '../../services/accounts.ts';
import { allApiTokens, apiTokensOf, apiTokenState, createApiToken, maxTokenDays, revokeApiToken, type ApiTokenRecord } from '../../services/api-tokens.ts';
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
       triptych users token NAME [--label L] [--expires DAYS]
                                                 make a personal API token for NAME and print it
                                                 (once: it is stored only as a hash)
       triptych users tokens [NAME]              the API tokens of NAME, or of everyone
       triptych users revoke-token NAME ID       revoke NAME's token ID (as 'users tokens' numbers it)

  ROLE is one of ${roles.join(', ')}. A password comes from standard input when it is not a
  terminal (its first line), else it is asked for twice without echo. The first user must be an
  administrator; once one exists, these commands need an administrator (--as NAME), except that a
  user may set their own password and make, list and revoke their own tokens. A token expires after
  DAYS (1 to ${maxTokenDays}), or never; --label names it (default: "command line").`;

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

/** One token as `users tokens` lists it: tab-separated, the secret never (only its first characters). */
function tokenLine(token: ApiTokenRecord): string {
  return [
    token.id,
    token.userName,
    token.name,
    `${token.prefix}…`,
    `made ${token.createdAt}`,
    `last used ${token.lastUsedAt ?? 'never'}`,
    token.expiresAt ? `expires ${token.expiresAt}` : 'no expiry',
    apiTokenState(token),
  ].join('\t');
}

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
      case 'token': {
        const { flags, positional } = parseFlags(rest, { values: ['label', 'expires'] });
        const name = one(positional, 'NAME');
        return withCliWorkspace(
          (workspace) => {
            const { secret, token } = createApiToken(workspace.db, name, { name: stringFlag(flags, 'label') ?? 'command line', days: stringFlag(flags, 'expires') }, acting());
            io.out(`${secret}\n`);
            io.err(`made API token ${token.id} "${token.name}" for ${token.userName} (${token.prefix}…, ${token.expiresAt ? `expires ${token.expiresAt}` : 'does not expire'}); it is shown this once\n`);
            return 0;
          },
          { self: name },
        );
      }
      case 'tokens': {
        const { positional } = parseFlags(rest, {});
        if (positional.length > 1) throw new CliError(`unexpected argument '${positional[1]}'`);
        const name = positional[0];
        return withCliWorkspace(
          (workspace) => {
            const tokens = name === undefined ? allApiTokens(workspace.db) : apiTokensOf(workspace.db, name);
            if (tokens.length === 0) io.err(name === undefined ? 'no API tokens\n' : `${name} has no API tokens\n`);
            for (const token of tokens) io.out(`${tokenLine(token)}\n`);
            return 0;
          },
          name === undefined ? {} : { self: name },
        );
      }
      case 'revoke-token': {
        const { positional } = parseFlags(rest, {});
        if (positional.length !== 2) throw new CliError('give NAME and the token\'s ID');
        const [name, id] = positional;
        return withCliWorkspace(
          (workspace) => {
            const { token, revoked } = revokeApiToken(workspace.db, name, id, acting());
            io.out(revoked ? `revoked API token ${token.id} "${token.name}" of ${token.userName}\n` : `API token ${token.id} of ${token.userName} was revoked already\n`);
            return 0;
          },
          { self: name },
        );
      }
      default:
        throw new CliError(action ? `unknown action '${action}'; use add, list, role, passwd, remove, token, tokens or revoke-token` : 'say add, list, role, passwd, remove, token, tokens or revoke-token');
    }
  },
};
