// Two processes writing to one database file: the server, over real HTTP on loopback, and
// `triptych import`, as child processes, at the same time. Every transaction that may write begins
// as a write transaction, so each waits for the other's turn instead of failing: the edits are
// answered 200, 409 or 422 (never 500) and every import exits 0. A wait past the busy timeout is
// a 503 with Retry-After on the web and exit code 75 from the CLI, and changes nothing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPair } from '../../server/align/pair-alignment.ts';
import { projectRoot } from '../../server/config.ts';
import { listSentences } from '../../server/db/versions.ts';
import { findWorkBySlug } from '../../server/db/works.ts';
import { alignmentState } from '../../server/services/alignment-state.ts';
import { createTestApp, dumpDatabase, type TestApp } from './helpers.ts';

let t: TestApp | undefined;
let server: Server | undefined;

afterEach(async () => {
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
  t?.close();
  t = undefined;
});

async function listen(app: TestApp): Promise<{ base: string; cookie: string; token: string }> {
  server = app.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server!.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const page = await fetch(`${base}/`);
  const cookie = /triptych_csrf=([^;]*)/.exec(page.headers.get('set-cookie') ?? '')![1];
  const token = /name="_csrf" value="([^"]*)"/.exec(await page.text())![1];
  return { base, cookie: `triptych_csrf=${cookie}`, token };
}

const sentenceCount = 558;
/** A version of `sentenceCount` numbered sentences in paragraphs of three, so the aligner has anchors. */
function versionFile(dir: string, lang: 'en' | 'ru' | 'zh'): string {
  const topic = (i: number, words: string[]) => words[i % words.length];
  const sentence = (i: number) =>
    lang === 'ru' ? `Статья ${i}. Государства-члены укрепят сотрудничество в области ${topic(i, ['экономики', 'культуры', 'безопасности'])} до ${2000 + (i % 20)} года.`
    : lang === 'zh' ? `第${i}条：成员国将在${2000 + (i % 20)}年前加强${topic(i, ['经济', '文化', '安全'])}领域的合作。`
    : `Article ${i}. The member states will strengthen cooperation in ${topic(i, ['the economy', 'culture', 'security'])} by ${2000 + (i % 20)}.`;
  const paragraphs: string[] = [];
  for (let i = 1; i <= sentenceCount; i += 3) paragraphs.push([i, i + 1, i + 2].filter((k) => k <= sentenceCount).map(sentence).join(lang === 'zh' ? '' : ' '));
  const file = path.join(dir, `${lang}.txt`);
  fs.writeFileSync(file, paragraphs.join('\n\n') + '\n');
  return file;
}

interface CliRun {
  args: string;
  code: number | null;
  stderr: string;
}

function runCli(dbFile: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/triptych.js', ...args], {
      cwd: projectRoot,
      env: { ...process.env, TRIPTYCH_DB: dbFile, TRIPTYCH_SEED: '1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ args: args.join(' '), code, stderr }));
  });
}

describe('the server and a CLI import writing to one database at the same time', () => {
  it('answers every edit 200, 409 or 422 while the imports run, and every import exits 0', async () => {
    t = await createTestApp();
    const { base, cookie, token } = await listen(t);
    const files = { en: versionFile(t.dir, 'en'), ru: versionFile(t.dir, 'ru'), zh: versionFile(t.dir, 'zh') };
    const dbFile = t.dbFile;

    // the imports, one after another: a new work, then two versions aligned with it, then one replaced
    let importing = true;
    const runs: CliRun[] = [];
    const common = ['import', '--work', 'concurrent', '--status', 'working'];
    const imports = (async () => {
      for (const args of [
        [...common, '--title', 'Written during edits', '--lang', 'en', files.en],
        [...common, '--lang', 'ru', files.ru],
        [...common, '--lang', 'zh', files.zh],
        [...common, '--lang', 'ru', '--replace', files.ru],
      ]) runs.push(await runCli(dbFile, args));
      importing = false;
    })();

    // meanwhile two editors loop over the declaration's three-column view, as htmx posts
    const answers = new Map<string, number>();
    const unexpected: string[] = [];
    let edits = 0;
    const post = async (url: string, fields: Record<string, string>) => {
      const res = await fetch(`${base}${url}`, {
        method: 'POST',
        headers: { cookie, 'HX-Request': 'true' },
        body: new URLSearchParams({ _csrf: token, ...fields }),
        redirect: 'manual',
      });
      const text = await res.text();
      edits++;
      const key = `${fields.op ?? url.split('/').pop()} ${res.status}`;
      answers.set(key, (answers.get(key) ?? 0) + 1);
      if (![200, 409, 422].includes(res.status)) unexpected.push(`${key}: ${text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200)}`);
    };
    const editor = async (seed: number) => {
      let x = seed;
      const row = () => String(1 + ((x = (x * 1103515245 + 12345) % 2147483648) % 80));
      while (importing) {
        const r = row();
        await post('/works/declaration-2005/edit', { op: 'confirm', row: r });
        await post('/works/declaration-2005/edit', { op: 'unconfirm', row: r });
        await post('/works/declaration-2005/edit', { op: 'merge-rows', row: r });
        await post('/works/declaration-2005/undo', {});
        await post('/works/declaration-2005/edit', { op: 'move-down', row: r, column: 'all' });
        await post('/works/declaration-2005/undo', {});
      }
    };
    await Promise.all([imports, editor(1), editor(2)]);

    const failed = [...answers].filter(([key]) => !/ (200|409|422)$/.test(key)).reduce((n, [, count]) => n + count, 0);
    console.log(`concurrent writers: ${edits} edits during ${runs.length} CLI imports, ${failed} failed; ${JSON.stringify(Object.fromEntries([...answers].sort()))}; exit codes ${runs.map((r) => r.code).join(', ')}`);
    expect(unexpected).toEqual([]);
    expect(failed).toBe(0);
    expect(runs.map((r) => [r.args.split(' ').slice(-2).join(' '), r.code, r.stderr])).toEqual(runs.map((r) => [r.args.split(' ').slice(-2).join(' '), 0, '']));
    // the edits did run beside the imports: a good many of them, and each kind got through
    expect(edits).toBeGreaterThan(60);
    for (const op of ['confirm', 'unconfirm', 'merge-rows', 'move-down', 'undo']) expect(answers.get(`${op} 200`) ?? 0).toBeGreaterThan(0);

    // both works are whole: every sentence in exactly one bead of each of their pairs
    const db = t.workspace.db;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const slug of ['concurrent', 'declaration-2005']) {
      const state = alignmentState(db, findWorkBySlug(db, slug)!);
      const count = (id: number) => listSentences(db, id).length;
      expect(state.layout.pairs.length).toBeGreaterThanOrEqual(3);
      state.layout.pairs.forEach((p, i) => checkPair(state.beads[i], count(p.a.id), count(p.b.id)));
    }
  }, 240_000);

  it('answers a write that waits past the busy timeout with a 503 and Retry-After, and the CLI with exit code 75; nothing changes', async () => {
    t = await createTestApp({ env: { TRIPTYCH_BUSY_TIMEOUT_MS: '300' } });
    const { base, cookie, token } = await listen(t);
    const before = dumpDatabase(t.workspace.db);
    const blocker = new BetterSqlite3(t.dbFile);
    try {
      // another process holds the write lock, and keeps it
      blocker.exec('BEGIN IMMEDIATE');
      const post = (url: string, fields: Record<string, string>, htmx: boolean) =>
        fetch(`${base}${url}`, { method: 'POST', headers: { cookie, ...(htmx ? { 'HX-Request': 'true' } : {}) }, body: new URLSearchParams({ _csrf: token, ...fields }), redirect: 'manual' });
      for (const [url, fields] of [
        ['/works/declaration-2005/edit', { op: 'confirm', row: '1' }],
        ['/works/declaration-2005/pairs/en/ru/edit', { op: 'merge-rows', row: '2' }],
        ['/works/declaration-2005/undo', {}],
        ['/terms', { key: 'busy-test', lang: 'en', text: 'busy test' }],
      ] as const) {
        for (const htmx of [true, false]) {
          const res = await post(url, fields, htmx);
          const text = await res.text();
          expect([url, htmx, res.status]).toEqual([url, htmx, 503]);
          expect(res.headers.get('retry-after')).toBe('1');
          expect(text).toContain('The database is busy with another change');
          expect(text).toContain('Nothing was changed: try again in a few seconds.');
        }
      }
      const ru = await fetch(`${base}/works/declaration-2005/edit`, {
        method: 'POST',
        headers: { cookie: `${cookie}; lang=ru`, 'HX-Request': 'true' },
        body: new URLSearchParams({ _csrf: token, op: 'confirm', row: '1' }),
      });
      expect(ru.status).toBe(503);
      expect(await ru.text()).toContain('База данных занята другим изменением');

      // run beside the server (not spawnSync, which would stop this process's server meanwhile): the
      // import aligns first, outside any transaction, then finds the database busy
      const cli = await runCli(t.dbFile, ['import', '--work', 'declaration-2005', '--lang', 'en', '--name', 'en-busy', '--status', 'working', versionFile(t.dir, 'en')], { TRIPTYCH_BUSY_TIMEOUT_MS: '300' });
      expect(cli.code).toBe(75);
      expect(cli.stderr).toBe(
        'triptych import: the database is busy: another process (the server or another triptych command) kept writing to it for longer than the busy timeout (TRIPTYCH_BUSY_TIMEOUT_MS, 300 ms). Nothing was changed; run the command again.\n',
      );
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    expect(dumpDatabase(t.workspace.db)).toEqual(before);
    // once the other writer is done, the same edit goes through
    const res = await fetch(`${base}/works/declaration-2005/edit`, { method: 'POST', headers: { cookie, 'HX-Request': 'true' }, body: new URLSearchParams({ _csrf: token, op: 'confirm', row: '1' }) });
    expect(res.status).toBe(200);
  }, 60_000);
});
