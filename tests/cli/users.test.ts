// `triptych users` and who the CLI acts as: the first administrator added by anyone, then every
// account command needing an administrator; passwords from standard input (or asked at a terminal);
// --as NAME recorded in events and checked against the command's permission once accounts exist.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/main.ts';
import { localUserName } from '../../server/auth/local-user.ts';
import { createTestApp, dumpDatabaseFile, makeTempDir } from '../http/helpers.ts';
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

  it('makes, lists and revokes API tokens: an administrator for anyone, a user for themself', async () => {
    await cli(['users', 'add', 'ada', '--role', 'administrator'], 'a long password\n');
    await cli(['--as', 'ada', 'users', 'add', 'eve', '--role', 'editor'], 'another password\n');
    await cli(['--as', 'ada', 'users', 'add', 'rita', '--role', 'reader'], 'reader password\n');
    const made = await cli(['--as', 'ada', 'users', 'token', 'eve', '--label', 'nightly export', '--expires', '7']);
    expect(made.code, made.stderr).toBe(0);
    // the token alone on standard output, for $(…); what it is on standard error
    expect(made.stdout).toMatch(/^tpt_[A-Za-z0-9_-]{43}\n$/);
    const secret = made.stdout.trim();
    expect(made.stderr).toMatch(new RegExp(`^made API token 1 "nightly export" for eve \\(${secret.slice(0, 12)}…, expires \\d{4}-.*\\); it is shown this once\\n$`));
    const [row] = query('SELECT * FROM api_tokens') as Array<Record<string, string>>;
    expect(row.secret_sha256).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(query('SELECT * FROM api_tokens')) + JSON.stringify(query('SELECT * FROM auth_events'))).not.toContain(secret.slice(12));
    expect(query("SELECT user_name AS userName, actor, address FROM auth_events WHERE kind = 'token-created'")).toEqual([{ userName: 'eve', actor: 'ada', address: 'cli' }]);
    // eve makes her own (default label, no expiry)
    const own = await cli(['--as', 'eve', 'users', 'token', 'eve']);
    expect(own.code, own.stderr).toBe(0);
    expect(own.stderr).toContain('"command line" for eve');
    expect(own.stderr).toContain('does not expire');

    const listed = await cli(['--as', 'ada', 'users', 'tokens']);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(lines.map((l) => [l[0], l[1], l[2], l[3], l[5], l[7]])).toEqual([
      ['2', 'eve', 'command line', `${own.stdout.slice(0, 12)}…`, 'last used never', 'active'],
      ['1', 'eve', 'nightly export', `${secret.slice(0, 12)}…`, 'last used never', 'active'],
    ]);
    expect(listed.stdout).not.toContain(secret);
    expect((await cli(['--as', 'eve', 'users', 'tokens', 'eve'])).stdout).toBe(listed.stdout);
    const none = await cli(['--as', 'ada', 'users', 'tokens', 'rita']);
    expect(none).toMatchObject({ code: 0, stdout: '', stderr: 'rita has no API tokens\n' });

    // what a user may not do, and bad input: exit codes, a clear message, the database as it was
    const before = dumpDatabaseFile(process.env.TRIPTYCH_DB!);
    const refused: Array<[string[], number, string]> = [
      [['--as', 'eve', 'users', 'token', 'rita'], 3, 'eve (editor) may not do this: it needs the administer permission'],
      [['--as', 'eve', 'users', 'tokens'], 3, 'eve (editor) may not do this'],
      [['--as', 'rita', 'users', 'tokens', 'eve'], 3, 'rita (reader) may not do this'],
      [['--as', 'rita', 'users', 'revoke-token', 'eve', '1'], 3, 'rita (reader) may not do this'],
      [['--as', 'ada', 'users', 'token', 'nobody'], 2, "There is no user 'nobody'."],
      [['--as', 'ada', 'users', 'tokens', 'nobody'], 2, "There is no user 'nobody'."],
      [['--as', 'ada', 'users', 'revoke-token', 'nobody', '1'], 2, "There is no user 'nobody'."],
      [['--as', 'ada', 'users', 'token'], 2, 'give exactly one NAME'],
      [['--as', 'ada', 'users', 'token', 'eve', '--expires', '0'], 2, "'0' is not a number of days: give a whole number from 1 to 3650"],
      [['--as', 'ada', 'users', 'token', 'eve', '--expires', 'never'], 2, "'never' is not a number of days"],
      [['--as', 'ada', 'users', 'token', 'eve', '--expires'], 2, '--expires needs a value'],
      [['--as', 'ada', 'users', 'token', 'eve', '--label', ''], 2, 'Give the token a name of 1 to 60 characters'],
      [['--as', 'ada', 'users', 'token', 'eve', '--lable', 'x'], 2, 'unknown option --lable'],
      [['--as', 'ada', 'users', 'revoke-token', 'eve'], 2, "give NAME and the token's ID"],
      [['--as', 'ada', 'users', 'revoke-token', 'eve', '99'], 2, 'eve has no API token 99.'],
      [['--as', 'ada', 'users', 'revoke-token', 'rita', '1'], 2, 'rita has no API token 1.'],
      [['--as', 'ada', 'users', 'revoke-token', 'eve', 'one'], 2, 'eve has no API token one.'],
      [['--as', 'ada', 'users', 'tokens', 'eve', 'rita'], 2, "unexpected argument 'rita'"],
    ];
    for (const [argv, code, message] of refused) {
      const run = await cli(argv);
      expect(run.code, `${argv.join(' ')}: ${run.stderr}`).toBe(code);
      expect(run.stderr, argv.join(' ')).toContain(message);
      expect(run.stdout, argv.join(' ')).toBe('');
    }
    expect(dumpDatabaseFile(process.env.TRIPTYCH_DB!)).toEqual(before);

    // the token opens the API of a server on the same database
    const server = await createTestApp({ dbFile: process.env.TRIPTYCH_DB!, dir, env: { TRIPTYCH_SEED: '0' } });
    try {
      expect((await request(server.app).get('/api/v1/works').set('Authorization', `Bearer ${secret}`)).status).toBe(200);
    } finally {
      server.workspace.close();
    }
    expect((query('SELECT last_used_at FROM api_tokens WHERE id = 1')[0] as { last_used_at: string | null }).last_used_at).toEqual(expect.any(String));

    expect(await cli(['--as', 'eve', 'users', 'revoke-token', 'eve', '1'])).toMatchObject({ code: 0, stdout: 'revoked API token 1 "nightly export" of eve\n' });
    expect(await cli(['--as', 'ada', 'users', 'revoke-token', 'eve', '1'])).toMatchObject({ code: 0, stdout: 'API token 1 of eve was revoked already\n' });
    expect((await cli(['--as', 'ada', 'users', 'tokens', 'eve'])).stdout.split('\n')[1]).toMatch(/\trevoked$/);
    expect(query("SELECT user_name AS userName, actor FROM auth_events WHERE kind = 'token-revoked'")).toEqual([{ userName: 'eve', actor: 'eve' }]);
    // a removed user's tokens go with them
    expect((await cli(['--as', 'ada', 'users', 'remove', 'eve'])).code).toBe(0);
    expect(query('SELECT COUNT(*) AS n FROM api_tokens')).toEqual([{ n: 0 }]);
    expect(await cli(['--as', 'ada', 'users', 'tokens'])).toMatchObject({ code: 0, stdout: '', stderr: 'no API tokens\n' });
  });
});
