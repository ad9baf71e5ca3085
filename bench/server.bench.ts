// The shared server's reliability figures (`npm run bench -- server`). The server runs as its own
// process (`node --import tsx server/main.ts`, one job worker) on a temp database, driven over
// loopback HTTP by signed-in users from this process:
// - sign-in: the time of one password hash at the configured cost, and 20 wrong passwords in a row
//   (how many are refused as throttled, from which attempt);
// - 50 editors on one generated work for 60 s, each doing a move, a confirm or an undo about every
//   second (htmx requests with the rows' revisions, as the page sends them): operations, p50/p99
//   latency, 409s, refusals (422), other errors; afterwards integrity_check and every pair's
//   invariants;
// - while a 20,000-sentence version is imported and aligned (a job in the worker thread), a second
//   user's GET of the work page and move every 200 ms: p99 of each, beside the same without import;
// - 30 `kill -9`s of the server at random moments during a stream of sentence edits: every edit
//   answered 2xx is in the database afterwards, integrity_check is ok, every pair's invariants hold.
// BENCH_SERVER_EDITORS, BENCH_SERVER_SECONDS, BENCH_SERVER_THINK_MS, BENCH_SERVER_IMPORT_SENTENCES,
// BENCH_SERVER_KILLS override the sizes; BENCH_SERVER_PARTS names the parts to run.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { defaultParameters, hashPassword, verifyPassword } from '../server/auth/password-hash.ts';
import { checkPair } from '../server/align/pair-alignment.ts';
import { loadConfig, projectRoot } from '../server/config.ts';
import { insertUser } from '../server/db/users.ts';
import { listAlignments, readAllBeads } from '../server/db/alignments.ts';
import { listActiveVersions } from '../server/db/versions.ts';
import { findWorkBySlug } from '../server/db/works.ts';
import { alignmentState } from '../server/services/alignment-state.ts';
import { importVersion } from '../server/services/import-version.ts';
import { openWorkspace, type Workspace } from '../server/services/workspace.ts';
import { median } from './app.bench.ts';
import { generateWork, sentenceText } from './generated-work.ts';

const round = (ms: number) => Math.round(ms * 10) / 10;
const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const password = 'bench password, long enough';
const work = 'generated-10k';

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// ---- the server process ----

interface RunningServer {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
}

function startServer(dbFile: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, TRIPTYCH_DB: dbFile, PORT: '0', HOST: '127.0.0.1', TRIPTYCH_SEED: '0', NODE_ENV: 'production', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) resolve({ child, base: m[1], exited });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    void exited.then((code) => reject(new Error(`the server exited (${code}) before listening: ${err.slice(-2000)}`)));
  });
}

async function stopServer(server: RunningServer): Promise<void> {
  server.child.kill('SIGTERM');
  await Promise.race([server.exited, sleep(10_000).then(() => server.child.kill('SIGKILL'))]);
}

// ---- a signed-in user over HTTP ----

interface User {
  cookie: string;
  token: string;
}

async function signIn(base: string, name: string): Promise<User> {
  const form = await fetch(`${base}/login`);
  const csrfCookie = /triptych_csrf=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')?.[1];
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `triptych_csrf=${csrfCookie}` },
    body: new URLSearchParams({ _csrf: token ?? '', name, password }),
  });
  const session = /triptych_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (res.status !== 303 || !session) throw new Error(`signing in as ${name} answered ${res.status}`);
  const cookie = `triptych_session=${session}`;
  const page = await (await fetch(`${base}/account`, { headers: { cookie } })).text();
  return { cookie, token: /name="_csrf" value="([^"]+)"/.exec(page)![1] };
}

/** Row number → "id.revision", from any HTML holding grid rows. */
function readTokens(html: string, into: Map<number, string>): void {
  for (const m of html.matchAll(/data-row="(\d+)" data-row-id="(\d+)" data-revision="(\d+)"/g)) into.set(Number(m[1]), `${m[2]}.${m[3]}`);
}

function seenOf(tokens: Map<number, string>, row: number): string {
  return [row - 1, row, row + 1].filter((r) => tokens.has(r)).map((r) => `${r}:${tokens.get(r)}`).join(',');
}

async function post(base: string, user: User, url: string, fields: Record<string, string>): Promise<{ status: number; text: string; ms: number; serverMs: number }> {
  const started = performance.now();
  const res = await fetch(`${base}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: user.cookie, 'hx-request': 'true' },
    body: new URLSearchParams({ _csrf: user.token, ...fields }),
  });
  const text = await res.text();
  // the server's own time (Server-Timing: app;dur=…): the rest is waiting for the event loop and the network
  const serverMs = Number(/dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN);
  return { status: res.status, text, ms: performance.now() - started, serverMs };
}

async function get(base: string, user: User, url: string): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${base}${url}`, { headers: { cookie: user.cookie } });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

// ---- the database the server runs on ----

async function prepareDatabase(dir: string, name: string, rows: number, users: string[]): Promise<string> {
  const dbFile = path.join(dir, `${name}.sqlite`);
  const workspace = await openWorkspace(loadConfig({ ...process.env, TRIPTYCH_DB: dbFile, TRIPTYCH_SEED: '0' }), 'bench');
  try {
    generateWork(workspace, rows, work);
    // one hash for every user (the same password): the cost is timed on its own below
    const hash = await hashPassword(password, defaultParameters(workspace.config.passwordHashLogN));
    const at = new Date().toISOString();
    workspace.db.transaction(() => {
      insertUser(workspace.db, { name: 'admin', role: 'administrator', passwordHash: hash, at });
      for (const u of users) insertUser(workspace.db, { name: u, role: 'editor', passwordHash: hash, at });
    })();
  } finally {
    workspace.close();
  }
  return dbFile;
}

/** integrity_check, and every pair of every work covering its versions' sentences in order, once. */
function checkDatabase(dbFile: string): { integrity: string; pairsValid: boolean; gridRows: number } {
  const db = new BetterSqlite3(dbFile);
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    let pairsValid = true;
    let gridRows = 0;
    const works = db.prepare('SELECT slug FROM works').pluck().all() as string[];
    for (const slug of works) {
      const w = findWorkBySlug(db, slug)!;
      const versions = new Map(listActiveVersions(db, w.id).map((v) => [v.id, v]));
      for (const a of listAlignments(db, w.id)) {
        try {
          checkPair(readAllBeads(db, a.id), versions.get(a.versionA)!.sentenceCount, versions.get(a.versionB)!.sentenceCount);
        } catch {
          pairsValid = false;
        }
      }
      gridRows += alignmentState(db, w).rows().length;
    }
    return { integrity, pairsValid, gridRows };
  } finally {
    db.close();
  }
}

// ---- the figures ----

async function passwordFigures(dir: string, log: (line: string) => void): Promise<Record<string, number>> {
  const logN = loadConfig().passwordHashLogN;
  const params = defaultParameters(logN);
  await hashPassword(password, params);
  const times: number[] = [];
  let hash = '';
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    hash = await hashPassword(password, params);
    times.push(performance.now() - started);
  }
  const verifyStarted = performance.now();
  await verifyPassword(password, hash);
  const verifyMs = performance.now() - verifyStarted;
  log(`password hash (scrypt N=2^${logN}, r=8, p=1, ${Math.round((128 * 2 ** logN * 8) / 2 ** 20)} MiB): median ${round(median(times))} ms, a verification ${round(verifyMs)} ms`);

  const dbFile = await prepareDatabase(dir, 'throttle', 10, ['eve']);
  const server = await startServer(dbFile);
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const form = await fetch(`${server.base}/login`);
      const csrfCookie = /triptych_csrf=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')?.[1];
      const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
      const res = await fetch(`${server.base}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `triptych_csrf=${csrfCookie}` },
        body: new URLSearchParams({ _csrf: token ?? '', name: 'eve', password: `wrong ${i}` }),
      });
      await res.text();
      statuses.push(res.status);
    }
    const throttled = statuses.filter((s) => s === 429).length;
    const firstThrottled = statuses.indexOf(429) + 1;
    log(`20 wrong passwords in a row for one account: ${statuses.filter((s) => s === 401).length} answered 401, ${throttled} throttled (429) from attempt ${firstThrottled}`);
    return {
      server_password_hash_ms: round(median(times)),
      server_password_verify_ms: round(verifyMs),
      server_wrong_passwords_throttled: throttled,
      server_wrong_passwords_first_throttled: firstThrottled,
    };
  } finally {
    await stopServer(server);
  }
}

async function concurrentEditors(dir: string, log: (line: string) => void): Promise<Record<string, number>> {
  const editors = env('BENCH_SERVER_EDITORS', 50);
  const seconds = env('BENCH_SERVER_SECONDS', 60);
  const thinkMs = env('BENCH_SERVER_THINK_MS', 1000);
  const rows = 10_000;
  const names = Array.from({ length: editors }, (_, i) => `editor${i + 1}`);
  const dbFile = await prepareDatabase(dir, 'editors', rows, names);
  const server = await startServer(dbFile);
  const latencies: number[] = [];
  const serverTimes: number[] = [];
  const byKind = new Map<string, number[]>();
  const counts = { ok: 0, conflict: 0, refused: 0, other: 0 };
  const otherSamples: string[] = [];
  try {
    const users = await Promise.all(names.map((n) => signIn(server.base, n)));
    // warm-up, not measured: the server derives the work's rows once and compiles its templates
    const warm = users[0];
    for (let i = 0; i < 5; i++) {
      await get(server.base, warm, `/works/${work}?offset=${i * 1000}`);
      await post(server.base, warm, `/works/${work}/edit`, { op: 'confirm', row: String(i * 1000 + 1) });
      await post(server.base, warm, `/works/${work}/undo`, {});
    }
    const ends = Date.now() + seconds * 1000;
    // five editors to each stretch of a hundred rows: they meet, as colleagues on one document do
    const run = async (user: User, i: number) => {
      const offset = (i % 10) * 1000;
      const tokens = new Map<number, string>();
      readTokens((await get(server.base, user, `/works/${work}?offset=${offset}`)).text, tokens);
      await sleep(Math.random() * thinkMs);
      while (Date.now() < ends) {
        const row = offset + 2 + Math.floor(Math.random() * 97);
        const pick = Math.random();
        const column = ['en', 'ru', 'zh'][Math.floor(Math.random() * 3)];
        const op = pick < 0.35 ? 'move-up' : pick < 0.7 ? 'move-down' : pick < 0.9 ? (Math.random() < 0.5 ? 'confirm' : 'unconfirm') : 'undo';
        const answer =
          op === 'undo'
            ? await post(server.base, user, `/works/${work}/undo`, {})
            : await post(server.base, user, `/works/${work}/edit`, { op, row: String(row), column, seen: seenOf(tokens, row) });
        latencies.push(answer.ms);
        serverTimes.push(answer.serverMs);
        const kind = `${op === 'unconfirm' ? 'confirm' : op} ${answer.status}`;
        if (!byKind.has(kind)) byKind.set(kind, []);
        byKind.get(kind)!.push(answer.serverMs);
        readTokens(answer.text, tokens);
        if (answer.status >= 200 && answer.status < 300) counts.ok++;
        else if (answer.status === 409) counts.conflict++;
        else if (answer.status === 422) counts.refused++;
        else {
          counts.other++;
          if (otherSamples.length < 5) otherSamples.push(`${op} ${answer.status} ${answer.text.replace(/\s+/g, ' ').slice(0, 160)}`);
        }
        await sleep(thinkMs * (0.5 + Math.random()));
      }
    };
    await Promise.all(users.map(run));
  } finally {
    await stopServer(server);
  }
  const after = checkDatabase(dbFile);
  const ops = latencies.length;
  log(
    `${editors} signed-in editors, ${seconds} s, one ${rows}-row work (think time ~${thinkMs} ms): ${ops} operations (${round(ops / seconds)}/s), ` +
      `p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms, ${counts.ok} 2xx, ${counts.conflict} 409 (stale rows), ` +
      `${counts.refused} 422 (refused edits), ${counts.other} other errors; afterwards integrity_check ${after.integrity}, pairs ${after.pairsValid ? 'valid' : 'INVALID'}, grid ${after.gridRows} rows`,
  );
  log(
    `  server time of those requests: p50 ${round(percentile(serverTimes, 50))} ms, p99 ${round(percentile(serverTimes, 99))} ms; by kind and answer (count, server p50/p99 ms): ` +
      [...byKind].sort().map(([k, v]) => `${k} ${v.length} ${round(percentile(v, 50))}/${round(percentile(v, 99))}`).join(', '),
  );
  for (const s of otherSamples) log(`  other error: ${s}`);
  return {
    server_editors: editors,
    server_editor_ops: ops,
    server_editor_p50_ms: round(percentile(latencies, 50)),
    server_editor_p99_ms: round(percentile(latencies, 99)),
    server_editor_server_p99_ms: round(percentile(serverTimes, 99)),
    server_editor_409: counts.conflict,
    server_editor_422: counts.refused,
    server_editor_other_errors: counts.other,
    server_editor_grid_valid: after.integrity === 'ok' && after.pairsValid ? 1 : 0,
  };
}

async function latencyDuringImport(dir: string, log: (line: string) => void): Promise<Record<string, number>> {
  const sentences = env('BENCH_SERVER_IMPORT_SENTENCES', 20_000);
  const dbFile = await prepareDatabase(dir, 'import', 2000, ['reader1', 'importer']);
  // the work the big version goes into, with its English version already there
  const setup: Workspace = await openWorkspace(loadConfig({ ...process.env, TRIPTYCH_DB: dbFile, TRIPTYCH_SEED: '0' }), 'bench');
  const lines = (lang: string) => Array.from({ length: sentences }, (_, i) => sentenceText(lang, i)).join('\n') + '\n';
  try {
    await importVersion(setup.db, setup.alignResources, {
      workSlug: 'big-import', workTitle: 'A 20,000-sentence document', lang: 'en', status: 'working', fileName: 'en.txt', bytes: Buffer.from(lines('en')), actor: 'bench', maxBytes: 1e9, segmentation: 'lines',
    });
  } finally {
    setup.close();
  }
  const server = await startServer(dbFile, { TRIPTYCH_MAX_UPLOAD_BYTES: String(64 * 1024 * 1024), TRIPTYCH_JOB_WAIT_MS: '0' });
  try {
    const user = await signIn(server.base, 'reader1');
    const importer = await signIn(server.base, 'importer');
    const tokens = new Map<number, string>();
    const row = 50;
    // down, then back up, across the phases: a phase that ended after a move down begins with the move up
    let down = true;
    /** Every 200 ms: GET the work page, then move a sentence down or back up. */
    const measure = async (until: () => boolean) => {
      const pages: number[] = [];
      const moves: number[] = [];
      let failures = 0;
      const failed: string[] = [];
      while (!until()) {
        const tick = performance.now();
        const page = await get(server.base, user, `/works/${work}`);
        pages.push(page.ms);
        readTokens(page.text, tokens);
        const move = await post(server.base, user, `/works/${work}/edit`, { op: down ? 'move-down' : 'move-up', row: String(down ? row : row + 1), column: 'en', seen: seenOf(tokens, down ? row : row + 1) });
        moves.push(move.ms);
        readTokens(move.text, tokens);
        if (move.status !== 200 || page.status !== 200) {
          failures++;
          if (failed.length < 3) failed.push(page.status !== 200 ? `GET page ${page.status}` : `move ${move.status} ${move.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 160)}`);
        }
        down = !down;
        await sleep(Math.max(0, 200 - (performance.now() - tick)));
      }
      return { pages, moves, failures, failed };
    };
    // warm-up, not measured
    const warmEnds = Date.now() + 5_000;
    await measure(() => Date.now() > warmEnds);
    const quietEnds = Date.now() + 15_000;
    const quiet = await measure(() => Date.now() > quietEnds);

    const body = new FormData();
    for (const [k, v] of Object.entries({ _csrf: importer.token, work: 'big-import', lang: 'ru', status: 'working', segmentation: 'lines' })) body.set(k, v);
    body.set('file', new Blob([lines('ru')], { type: 'text/plain' }), 'ru.txt');
    const started = performance.now();
    const submitted = await fetch(`${server.base}/import`, { method: 'POST', headers: { cookie: importer.cookie, 'hx-request': 'true' }, body });
    const jobId = /hx-get="\/jobs\/([A-Za-z0-9_-]+)"/.exec(await submitted.text())?.[1];
    if (submitted.status !== 202 || !jobId) throw new Error(`the import answered ${submitted.status} without a job`);
    const submitMs = performance.now() - started;
    let done = false;
    let result = '';
    const poll = (async () => {
      while (!done) {
        await sleep(500);
        const res = await fetch(`${server.base}/jobs/${jobId}`, { headers: { cookie: importer.cookie, 'hx-request': 'true' } });
        const text = await res.text();
        if (!text.includes('hx-trigger="every')) {
          done = true;
          result = `${res.status} ${text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 160)}`;
        }
      }
    })();
    const busy = await measure(() => done);
    await poll;
    const importSeconds = (performance.now() - started) / 1000;
    log(`import of a ${sentences}-sentence version (decode, segment, align en|ru ${sentences}×${sentences}, store) as a job: answered in ${round(submitMs)} ms, done in ${round(importSeconds)} s: ${result}`);
    log(
      `a second user every 200 ms — without an import: GET page p99 ${round(percentile(quiet.pages, 99))} ms, move p99 ${round(percentile(quiet.moves, 99))} ms (${quiet.pages.length} samples); ` +
        `during the import: GET page p50 ${round(percentile(busy.pages, 50))} / p99 ${round(percentile(busy.pages, 99))} ms, move p50 ${round(percentile(busy.moves, 50))} / p99 ${round(percentile(busy.moves, 99))} ms ` +
        `(max ${round(Math.max(...busy.moves))} ms; ${busy.pages.length} samples, ${busy.failures + quiet.failures} failed)`,
    );
    for (const f of [...quiet.failed, ...busy.failed]) log(`  failed: ${f}`);
    return {
      server_import_sentences: sentences,
      server_import_seconds: round(importSeconds),
      server_quiet_page_p99_ms: round(percentile(quiet.pages, 99)),
      server_quiet_move_p99_ms: round(percentile(quiet.moves, 99)),
      server_import_page_p99_ms: round(percentile(busy.pages, 99)),
      server_import_move_p99_ms: round(percentile(busy.moves, 99)),
      server_import_samples: busy.pages.length,
      server_import_failed_requests: busy.failures + quiet.failures,
    };
  } finally {
    await stopServer(server);
  }
}

async function killNine(dir: string, log: (line: string) => void): Promise<Record<string, number>> {
  const kills = env('BENCH_SERVER_KILLS', 30);
  const rows = 2000;
  const dbFile = await prepareDatabase(dir, 'kills', rows, ['writer']);
  const acknowledged: Array<{ ordinal: number; text: string }> = [];
  let next = 0;
  let sent = 0;
  let user: User | null = null;
  let startsMs = 0;
  for (let k = 0; k < kills; k++) {
    const started = performance.now();
    const server = await startServer(dbFile);
    startsMs += performance.now() - started;
    // the session survives restarts: it is in the database
    user ??= await signIn(server.base, 'writer');
    let stop = false;
    const stream = (async () => {
      while (!stop && next < rows) {
        const ordinal = next++;
        const text = `Article ${ordinal}. Edited in run ${k} as edit ${sent}.`;
        sent++;
        try {
          const res = await post(server.base, user!, `/works/${work}/edit`, { op: 'edit-sentence', row: String(ordinal + 1), column: 'en', ordinal: String(ordinal), expected: sentenceText('en', ordinal), text });
          if (res.status >= 200 && res.status < 300) acknowledged.push({ ordinal, text });
        } catch {
          // the server died under this request: it may or may not have been written
        }
      }
    })();
    await sleep(300 + Math.random() * 1200);
    server.child.kill('SIGKILL');
    stop = true;
    await server.exited;
    await stream;
  }
  const after = checkDatabase(dbFile);
  const db = new BetterSqlite3(dbFile, { readonly: true });
  let missing = 0;
  try {
    const en = db.prepare("SELECT v.id FROM versions v JOIN works w ON w.id = v.work_id WHERE w.slug = ? AND v.name = 'en' AND v.retired_at IS NULL").pluck().get(work) as number;
    const read = db.prepare('SELECT text FROM sentences WHERE version_id = ? AND ordinal = ?').pluck();
    for (const a of acknowledged) if (read.get(en, a.ordinal) !== a.text) missing++;
  } finally {
    db.close();
  }
  log(
    `${kills} kill -9s during a stream of sentence edits: ${sent} sent, ${acknowledged.length} answered 2xx, ${missing} of those missing afterwards; ` +
      `integrity_check ${after.integrity}, pairs ${after.pairsValid ? 'valid' : 'INVALID'}; a restart takes ${round(startsMs / kills)} ms`,
  );
  return {
    server_kills: kills,
    server_kill_acknowledged_edits: acknowledged.length,
    server_kill_missing_edits: missing,
    server_kill_integrity_ok: after.integrity === 'ok' ? 1 : 0,
    server_kill_pairs_valid: after.pairsValid ? 1 : 0,
  };
}

export async function runServerBench(log: (line: string) => void): Promise<Record<string, number>> {
  log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other processes share them)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-bench-server-'));
  try {
    // BENCH_SERVER_PARTS=editors,import runs only those parts (sign-in, editors, import, kills)
    const wanted = (process.env.BENCH_SERVER_PARTS ?? 'sign-in,editors,import,kills').split(',');
    const parts: Array<[string, (dir: string, log: (line: string) => void) => Promise<Record<string, number>>]> = [
      ['sign-in', passwordFigures],
      ['editors', concurrentEditors],
      ['import', latencyDuringImport],
      ['kills', killNine],
    ];
    const figures: Record<string, number> = {};
    for (const [name, part] of parts) if (wanted.includes(name)) Object.assign(figures, await part(dir, log));
    return figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
