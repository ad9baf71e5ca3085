// The CLI's side of the role matrix: every command of the command list (and every action of those
// that have actions) is declared in server/auth/permissions.ts commandNeeds, and is run here as every
// role once accounts exist. A role the declaration does not allow exits with code 3, saying which
// permission it lacks, and leaves the database as it was; one it allows is let through (code 0 here,
// as each command is given what it needs).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandNeeds, roleGrants, roles, type Role } from '../../server/auth/permissions.ts';
import { commands } from '../../server/cli/commands/index.ts';
import { runCli } from '../../server/cli/main.ts';
import { dumpDatabaseFile, makeTempDir } from '../http/helpers.ts';
import { captureIo } from './capture-io.ts';

let dir: string;
const saved: Record<string, string | undefined> = {};
const env: Record<string, string> = { TRIPTYCH_SEED: '0', TRIPTYCH_PASSWORD_HASH_LOG_N: '10' };

async function cli(argv: string[], input = '') {
  const io = captureIo();
  io.stdin = { isTerminal: false, readAll: async () => input, askHidden: async () => '' };
  const code = await runCli(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

/** What each declared command is run with, as one role (its arguments and standard input). */
function invocation(key: string, role: Role): { argv: string[]; input?: string } {
  const en = () => file('en.txt', 'A first sentence. A second one.\n');
  switch (key) {
    case 'import':
      return { argv: ['import', '--work', 'w', '--lang', 'en', '--name', `en-${role}`, '--status', 'working', en()] };
    case 'remove':
      return { argv: ['remove', '--work', 'w', '--name', 'en-kept'] };
    case 'export':
      return { argv: ['export', '--work', 'w', '--format', 'tsv'] };
    case 'export --all':
      return { argv: ['export', '--all', '--format', 'tsv', '--out', path.join(dir, `all-${role}`)] };
    case 'batch': {
      const work = path.join(dir, `batch-${role}`, `batch-${role}`);
      fs.mkdirSync(work, { recursive: true });
      fs.writeFileSync(path.join(work, 'en.txt'), 'A batch sentence. And another.\n');
      return { argv: ['batch', '--workers', '0', path.dirname(work)] };
    }
    case 'search':
      return { argv: ['search', 'sentence'] };
    case 'check':
      return { argv: ['check', '--work', 'w'] };
    case 'align':
      return { argv: ['align', '--src-lang', 'en', '--tgt-lang', 'ru', en(), file('ru.txt', 'Первое предложение. Второе.\n')] };
    case 'eval':
      return { argv: ['eval', '--help'] };
    case 'terms export':
      return { argv: ['terms', 'export', '--format', 'csv'] };
    case 'terms import':
      return { argv: ['terms', 'import', file('terms.csv', `en,ru\nsentence ${role},предложение\n`)] };
    case 'users list':
      return { argv: ['users', 'list'] };
    case 'users add':
      return { argv: ['users', 'add', `new-${role}`, '--role', 'reader'], input: 'a long enough password\n' };
    case 'users role':
      return { argv: ['users', 'role', 'target', role === 'administrator' ? 'reviewer' : 'editor'] };
    case 'users passwd':
      return { argv: ['users', 'passwd', 'target'], input: 'another long password\n' };
    case 'users remove':
      return { argv: ['users', 'remove', 'doomed'] };
    case 'users token':
      return { argv: ['users', 'token', 'target', '--label', `by ${role}`] };
    case 'users tokens':
      return { argv: ['users', 'tokens', 'target'] };
    case 'users revoke-token':
      return { argv: ['users', 'revoke-token', 'target', '1'] };
    default:
      throw new Error(`the test does not know how to run '${key}': add it here`);
  }
}

beforeAll(async () => {
  dir = makeTempDir('triptych-cli-roles-');
  for (const name of ['TRIPTYCH_DB', ...Object.keys(env)]) saved[name] = process.env[name];
  process.env.TRIPTYCH_DB = path.join(dir, 'roles.sqlite');
  Object.assign(process.env, env);
  expect((await cli(['users', 'add', 'administrator', '--role', 'administrator'], 'a long password\n')).code).toBe(0);
  for (const role of roles.filter((r) => r !== 'administrator')) {
    expect((await cli(['--as', 'administrator', 'users', 'add', role, '--role', role], 'a long password\n')).code).toBe(0);
  }
  for (const name of ['target', 'doomed']) expect((await cli(['--as', 'administrator', 'users', 'add', name, '--role', 'reader'], 'a long password\n')).code).toBe(0);
  // token 1, which 'users revoke-token' revokes
  expect((await cli(['--as', 'administrator', 'users', 'token', 'target', '--label', 'kept'])).code).toBe(0);
  const kept = file('kept.txt', 'A sentence kept. And one more.\n');
  expect((await cli(['--as', 'administrator', 'import', '--work', 'w', '--title', 'W', '--lang', 'en', '--status', 'working', kept])).code).toBe(0);
  expect((await cli(['--as', 'administrator', 'import', '--work', 'w', '--lang', 'en', '--name', 'en-kept', '--status', 'working', kept])).code).toBe(0);
});

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the CLI role matrix', () => {
  it('declares every command of the command list, and only those', () => {
    const names = commands.map((c) => c.name);
    for (const name of names) expect(Object.keys(commandNeeds).some((k) => k === name || k.startsWith(`${name} `)), name).toBe(true);
    for (const key of Object.keys(commandNeeds)) expect(names, key).toContain(key.split(' ')[0]);
  });

  it('lets every role run exactly what the declarations allow', async () => {
    const outcomes: string[] = [];
    // the refused roles first: each allowed run may change what the next one finds
    const order = [...roles].reverse();
    for (const [key, { need }] of Object.entries(commandNeeds)) {
      for (const role of order) {
        const allowed = need === 'anyone' || need === 'signed-in' || roleGrants(role, need);
        const { argv, input } = invocation(key, role);
        const before = dumpDatabaseFile(process.env.TRIPTYCH_DB!);
        const run = await cli(['--as', role, ...argv], input);
        if (allowed) {
          expect(run.code, `${key} as ${role}: ${run.stderr}`).toBe(0);
        } else {
          expect(run.code, `${key} as ${role}: ${run.stderr}`).toBe(3);
          expect(run.stderr).toContain(`${role} (${role}) may not do this: it needs the ${need} permission`);
          expect(dumpDatabaseFile(process.env.TRIPTYCH_DB!), `${key} as ${role} changed the database`).toEqual(before);
        }
        outcomes.push(`${key} ${role}`);
      }
    }
    expect(outcomes.length).toBe(Object.keys(commandNeeds).length * roles.length);
  });
});
