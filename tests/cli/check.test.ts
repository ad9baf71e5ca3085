// `triptych check` through runCli() with captured output, and once as the real process from bin/,
// on one seeded temp database (TRIPTYCH_DB set for the file).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, loadConfig } from '../../server/config.ts';
import { runCli } from '../../server/cli/main.ts';
import { checkWork, dismissFinding } from '../../server/services/checks.ts';
import { openWorkspace } from '../../server/services/workspace.ts';

let dir: string;
let dbFile: string;
const saved = { db: process.env.TRIPTYCH_DB, seed: process.env.TRIPTYCH_SEED };

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-cli-check-'));
  dbFile = path.join(dir, 'cli.sqlite');
  process.env.TRIPTYCH_DB = dbFile;
  delete process.env.TRIPTYCH_SEED;
});

afterAll(() => {
  if (saved.db === undefined) delete process.env.TRIPTYCH_DB;
  else process.env.TRIPTYCH_DB = saved.db;
  if (saved.seed !== undefined) process.env.TRIPTYCH_SEED = saved.seed;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('triptych check', () => {
  it('prints JSON as one array of findings with kind, row, langs and message, and exits 0', async () => {
    const { code, stdout, stderr } = await cli('check', '--work', 'declaration-2005', '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const findings = JSON.parse(stdout) as Array<{ kind: string; row: number; langs: string[]; message: string; versions: string[] }>;
    expect(Array.isArray(findings)).toBe(true);
    for (const f of findings) {
      expect(typeof f.kind).toBe('string');
      expect(Number.isInteger(f.row)).toBe(true);
      expect(Array.isArray(f.langs)).toBe(true);
      expect(typeof f.message).toBe('string');
    }
    const omission = findings.find((f) => f.kind === 'omission' && f.langs[0] === 'en');
    expect(omission?.message).toContain('probable omission in en');
  });

  it('prints text by default and CSV on request', async () => {
    const text = await cli('check', '--work', 'declaration-2005');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^row \d+\tomission\ten,ru,zh\ten is much shorter/m);
    const csv = await cli('check', '--work=declaration-2005', '--format=csv');
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toBe('kind,row,langs,versions,text,message,fingerprint,dismissed,dismissal_reason');
  });

  it('leaves dismissed findings out unless --all is given', async () => {
    const workspace = await openWorkspace(loadConfig({ ...process.env, TRIPTYCH_DB: dbFile }), 'test');
    let fingerprint: string;
    try {
      const finding = checkWork(workspace.db, 'declaration-2005').findings.find((f) => f.kind === 'omission')!;
      fingerprint = finding.fingerprint;
      dismissFinding(workspace.db, { slug: 'declaration-2005', fingerprint, reason: 'checked by hand', actor: 'test' });
    } finally {
      workspace.close();
    }
    const open = JSON.parse((await cli('check', '--work', 'declaration-2005', '--format', 'json')).stdout) as Array<{ fingerprint: string }>;
    expect(open.some((f) => f.fingerprint === fingerprint)).toBe(false);
    const all = JSON.parse((await cli('check', '--work', 'declaration-2005', '--format', 'json', '--all')).stdout) as Array<{ fingerprint: string; dismissed: boolean; dismissalReason?: string }>;
    const dismissed = all.find((f) => f.fingerprint === fingerprint);
    expect(dismissed?.dismissed).toBe(true);
    expect(dismissed?.dismissalReason).toBe('checked by hand');
  });

  it('refuses bad options and an unknown work on stderr with exit code 2', async () => {
    const size = fs.statSync(dbFile).size;
    const cases: Array<[string[], string]> = [
      [['check'], '--work is required'],
      [['check', '--work', 'declaration-2005', '--format', 'xml'], '--format must be one of text, csv, json'],
      [['check', '--work', 'no-such-work'], "There is no work 'no-such-work'"],
      [['check', '--work', 'declaration-2005', 'extra'], "unexpected argument 'extra'"],
      [['check', '--bogus'], 'unknown option --bogus'],
    ];
    for (const [argv, message] of cases) {
      const { code, stdout, stderr } = await cli(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(message);
    }
    expect(fs.statSync(dbFile).size).toBe(size);
  });

  it('runs as the real command', () => {
    const result = spawnSync(process.execPath, ['bin/triptych.js', 'check', '--work', 'declaration-2005', '--format', 'json'], {
      cwd: projectRoot,
      env: { ...process.env, TRIPTYCH_DB: dbFile },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
    const findings = JSON.parse(result.stdout) as unknown[];
    expect(findings.length).toBeGreaterThan(0);
  });
});
