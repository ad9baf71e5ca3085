// The compiled command (dist/, built by `npm run build`, which `npm test` runs first) aligns a long
// Chinese-English pair exactly as the TypeScript sources do: there one side is tokenised in a worker
// thread, here (vitest, the sources) both in-process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { runCli } from '../../server/cli/main.ts';
import { captureIo } from './capture-io.ts';

const bible = path.join(loadConfig().sharedDir, 'bench', 'bible');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-align-compiled-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('node bin/triptych.js align (compiled)', () => {
  it('gives the same beads and score as the sources on a pair long enough for the worker thread', async () => {
    // the first 1200 English verses and 1500 Chinese lines (the Chinese version has a quarter more lines)
    const take = (lang: string, count: number): string => {
      const file = path.join(dir, `${lang}.txt`);
      fs.writeFileSync(file, fs.readFileSync(path.join(bible, lang, '001'), 'utf8').split('\n').slice(0, count).join('\n') + '\n');
      return file;
    };
    const args = ['align', '--src-lang', 'en', '--tgt-lang', 'zh', '--presegmented', take('en', 1200), take('zh', 1500)];
    const io = captureIo();
    expect(await runCli(args, io)).toBe(0);
    const compiled = spawnSync(process.execPath, ['bin/triptych.js', ...args], { encoding: 'utf8' });
    expect(compiled.status).toBe(0);
    expect(compiled.stderr).toBe(io.stderr);
    expect(compiled.stdout).toBe(io.stdout);
  });
});
