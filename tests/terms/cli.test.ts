// `triptych terms export|import` through runCli() with captured output, on a seeded temp database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/main.ts';
import { termTables } from './workspace.ts';

let dir: string;
const saved = { db: process.env.TRIPTYCH_DB, seed: process.env.TRIPTYCH_SEED };

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function tables() {
  const db = new BetterSqlite3(path.join(dir, 'cli.sqlite'), { fileMustExist: true });
  try {
    return termTables(db);
  } finally {
    db.close();
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-cli-terms-'));
  process.env.TRIPTYCH_DB = path.join(dir, 'cli.sqlite');
  delete process.env.TRIPTYCH_SEED;
});

afterAll(() => {
  if (saved.db === undefined) delete process.env.TRIPTYCH_DB;
  else process.env.TRIPTYCH_DB = saved.db;
  if (saved.seed !== undefined) process.env.TRIPTYCH_SEED = saved.seed;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('triptych terms', () => {
  it('exports TBX v2 with --format tbx2, and names on stderr what an import does not keep', async () => {
    const v2 = await cli('terms', 'export', '--format', 'tbx2');
    expect(v2.code).toBe(0);
    expect(v2.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<martif type="TBX" xml:lang="en">/);
    const file = path.join(dir, 'with-records.tbx');
    fs.writeFileSync(file, v2.stdout.replace('<termEntry id="sco">', '<termEntry id="sco">\n      <transacGrp><transac type="transactionType">origination</transac></transacGrp>'));
    const imported = await cli('terms', 'import', file);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toBe('warning: Not kept, as the termbase has no place for them: <transacGrp> transaction records (1×).\n');
    expect((await cli('terms', 'export', '--format', 'tbx3')).stderr).toMatch(/'tbx3' is not a termbase format; use tbx, tbx2 or csv/);
  });

  it('exports TBX to standard output and CSV to a file, and imports them back', async () => {
    const tbx = await cli('terms', 'export', '--format', 'tbx');
    expect(tbx.code).toBe(0);
    expect(tbx.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<tbx style="dca" type="TBX-Basic"/);
    expect(tbx.stdout).toContain('<term>Исполнительный секретарь</term>');
    const out = path.join(dir, 'glossary.csv');
    const csv = await cli('terms', 'export', '--format=csv', '--out', out);
    expect(csv.code).toBe(0);
    expect(csv.stderr).toContain(`to ${out}`);
    expect(fs.readFileSync(out, 'utf8')).toContain('Executive Secretary [superseded; until 2006]');

    const tbxFile = path.join(dir, 'termbase.tbx');
    fs.writeFileSync(tbxFile, tbx.stdout);
    const before = tables();
    const imported = await cli('terms', 'import', tbxFile);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toMatch(/imported termbase\.tbx: 0 concepts added, \d+ replaced/);
    const again = await cli('terms', 'export', '--format', 'tbx');
    expect(again.stdout).toBe(tbx.stdout);
    expect((tables().concepts as unknown[]).length).toBe((before.concepts as unknown[]).length);
  });

  it.each([
    [['terms'], /say export or import/],
    [['terms', 'publish'], /unknown action/],
    [['terms', 'export'], /--format is required/],
    [['terms', 'export', '--format', 'docx'], /not a termbase format/],
    [['terms', 'export', '--format', 'tbx', 'extra'], /unexpected argument/],
    [['terms', 'import'], /exactly one file/],
    [['terms', 'import', '/no/such/file.tbx'], /cannot read/],
  ])('refuses %j with a message and exit code 2', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it.each(['tbx', 'tbx2', 'csv'])('round-trips --format %s: exported, imported into an empty database, exported again, the same file', async (format) => {
    const first = path.join(dir, `first.${format}`);
    expect((await cli('terms', 'export', '--format', format, '--out', first)).code).toBe(0);
    expect(fs.readFileSync(first, 'utf8')).toContain('Исполнительный секретарь');
    process.env.TRIPTYCH_DB = path.join(dir, `empty-${format}.sqlite`);
    process.env.TRIPTYCH_SEED = '0';
    try {
      const imported = await cli('terms', 'import', first);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stderr).toBe('');
      const again = path.join(dir, `again.${format}`);
      expect((await cli('terms', 'export', '--format', format, '--out', again)).code).toBe(0);
      expect(fs.readFileSync(again, 'utf8')).toBe(fs.readFileSync(first, 'utf8'));
    } finally {
      process.env.TRIPTYCH_DB = path.join(dir, 'cli.sqlite');
      delete process.env.TRIPTYCH_SEED;
    }
  });

  it('refuses a TBX file with a DOCTYPE and leaves the termbase as it was', async () => {
    const bomb = path.join(dir, 'bomb.tbx');
    fs.writeFileSync(bomb, '<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><tbx><text><body/></text></tbx>');
    const before = tables();
    const r = await cli('terms', 'import', bomb);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/document type/);
    expect(tables()).toEqual(before);
  });
});
