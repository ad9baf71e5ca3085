// `triptych users` and who the CLI acts as: the first administrator added by anyone, then every
// account command needing an administrator; passwords from standard input (or asked at a terminal);
// --as NAME recorded in events and checked against the command's permission once accounts exist.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/main.ts';
import { localUserName } from '../../server/auth/local-user.ts';
import { makeTempDir } from '../http/helpers.ts';
import { captureIo } from './capture-io.ts';

let dir: string;
const saved: Record<string, string | undefined> = {};
const env = { TRIPTYCH_SEED: '0', TRIPTYCH_PASSWORD_HASH_LOG_N: '10' } as Record<string, string>;

beforeEach(() => {
  dir = makeTempDir('triptych-users-');
  for (const name of ['TRIPTYCH_DB', ...Object.keys(env)]) saved[name] = process.env[name];
  process.env.TRIPTYCH_DB = path.join(dir, 'users.sqlite');
  Object.assign(process.env, env);
});

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI with `input` on a standard input that is not a terminal (or, with `asked`, is one). */
async function cli(argv: string[], input = '', asked: string[] = []) {
  const io = captureIo();
  const answers = [...asked];
  io.stdin = { isTerminal: asked.length > 0, readAll: async () => input, askHidden: async () => answers.shift() ?? '' };
  const code = await runCli(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const query = (sql: string) => {
  const db = new BetterSqlite3(process.env.TRIPTYCH_DB!, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
};

describe('triptych users', () => {
  it('adds the first administrator for anyone, then needs an administrator for every account command', async () => {
    expect((await cli(['users', 'add', 'eve', '--role', 'editor'], 'a long password\n')).stderr).toContain('The first user must be an administrator');
    const first = await cli(['users', 'add', 'ada', '--role', 'administrator'], 'a long password\n');
    expect(first).toMatchObject({ code: 0, stdout: 'added ada (administrator)\n' });
    // from now on the CLI's user must be one, with the role the command needs
    const nobody = await cli(['users', 'list']);
    expect(nobody.code).toBe(3);
    expect(nobody.stderr).toContain(`no user '${localUserName()}' exists: say who you are with --as NAME`);
    expect((await cli(['--as', 'ada', 'users', 'add', 'eve', '--role', 'editor'], 'another password\n')).code).toBe(0);
    expect((await cli(['users', 'add', 'rita', '--role', 'reader', '--as', 'ada'], 'reader password\n')).code).toBe(0);
    const byEditor = await cli(['--as', 'eve', 'users', 'add', 'mallory', '--role', 'administrator'], 'sneaky password\n');
    expect(byEditor.code).toBe(3);
    expect(byEditor.stderr).toContain('eve (editor) may not do this: it needs the administer permission');
    const list = await cli(['--as=ada', 'users', 'list']);
    expect(list.stdout).toBe('ada\tadministrator\neve\teditor\nrita\treader\n');
  });

  it('changes roles (never the last administrator\'s), work roles, passwords, and removes users; the auth log has it all', async () => {
    await cli(['users', 'add', 'ada', '--role', 'administrator'], 'a long password\n');
    await cli(['--as', 'ada', 'users', 'add', 'eve', '--role', 'editor'], 'another password\n');
    expect((await cli(['--as', 'ada', 'users', 'role', 'eve', 'reviewer'])).stdout).toBe('eve is reviewer\n');
    expect((await cli(['--as', 'ada', 'users', 'role', 'ada', 'reader'])).stderr).toContain("'ada' is the last administrator");
    expect((await cli(['--as', 'ada', 'users', 'role', 'eve', 'bishop'])).stderr).toContain("'bishop' is not a role");
    expect((await cli(['--as', 'ada', 'users', 'passwd', 'eve'], 'short\n')).stderr).toContain('at least 10 characters');
    // asked at the terminal, twice
    expect((await cli(['--as', 'ada', 'users', 'passwd', 'eve'], '', ['new password one', 'new password two'])).stderr).toContain('the two passwords differ');
    expect((await cli(['--as', 'ada', 'users', 'passwd', 'eve'], '', ['new password one', 'new password one'])).code).toBe(0);
    // anyone may set their own
    expect((await cli(['--as', 'eve', 'users', 'passwd', 'eve'], 'eve sets her own\n')).code).toBe(0);
    expect((await cli(['--as', 'eve', 'users', 'remove', 'ada'])).code).toBe(3);
    expect((await cli(['--as', 'ada', 'users', 'remove', 'eve'])).stdout).toBe('removed eve\n');
    expect((await cli(['--as', 'ada', 'users', 'remove', 'ada'])).stderr).toContain('last administrator');
    const log = query('SELECT kind, user_name AS user, actor, detail FROM auth_events ORDER BY id');
    expect(log).toEqual([
      { kind: 'user-added', user: 'ada', actor: localUserName(), detail: 'administrator' },
      { kind: 'user-added', user: 'eve', actor: 'ada', detail: 'editor' },
      { kind: 'role-changed', user: 'eve', actor: 'ada', detail: 'editor → reviewer' },
      { kind: 'password-changed', user: 'eve', actor: 'ada', detail: 'by ada' },
      { kind: 'password-changed', user: 'eve', actor: 'eve', detail: 'by the user' },
      { kind: 'user-removed', user: 'eve', actor: 'ada', detail: 'reviewer' },
    ]);
  });

  it('records the named user in events and checks the work role of the command', async () => {
    await cli(['users', 'add', 'ada', '--role', 'administrator'], 'a long password\n');
    await cli(['--as', 'ada', 'users', 'add', 'rita', '--role', 'reader'], 'reader password\n');
    const file = path.join(dir, 'en.txt');
    fs.writeFileSync(file, 'A first sentence. A second one.\n');
    const importAs = (who: string) => cli(['--as', who, 'import', '--work', 'w', '--title', 'W', '--lang', 'en', '--status', 'working', file]);
    expect((await importAs('rita')).code).toBe(3);
    expect((await importAs('ada')).code).toBe(0);
    expect(query("SELECT DISTINCT actor FROM events WHERE kind IN ('create-work', 'import-version')")).toEqual([{ actor: 'ada' }]);
    expect((await cli(['--as', 'ada', 'users', 'role', 'rita', 'editor', '--work', 'w'])).stdout).toBe('rita is editor for w\n');
    expect((await cli(['--as', 'rita', 'import', '--work', 'w', '--lang', 'en', '--name', 'en-2', '--status', 'working', file])).code).toBe(0);
    expect((await cli(['--as', 'rita', 'export', '--work', 'w', '--format', 'tsv'])).code).toBe(0);
    expect((await cli(['--as', 'nobody', 'export', '--work', 'w', '--format', 'tsv'])).code).toBe(3);
    expect((await cli(['--as'])).code).toBe(2);
  });
});
