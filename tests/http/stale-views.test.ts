// Every change to a row moves its token, so an edit made against a view of the rows as they were
// is refused (409), in the three-column view and in the pair views alike: confirming and
// unconfirming (the beads' revisions move), and creating, resolving or reopening an annotation,
// which the rows holding its sentence show (the annotation's transaction moves those beads'
// revisions in every pair of its version). A property test then sends edits carrying the tokens of
// older looks at the views, in random orders, between annotations and undos, and checks that no
// edit is accepted unless the rows it reads are as that look showed them; and ten simultaneous
// requests carrying one look, spread over two server processes on one file, let exactly one through.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { listActiveVersions, listSentenceRange } from '../../server/db/versions.ts';
import { findWorkBySlug } from '../../server/db/works.ts';
import { createTestApp, getCsrf, type Csrf, type TestApp } from './helpers.ts';

const slug = 'declaration-2005';
const grid = `/works/${slug}`;
const views = [grid, `${grid}/pairs/en/ru`, `${grid}/pairs/ru/zh`] as const;

/** A row as the page shows it: its token ("id.revision") and what the reader sees (everything else of its markup). */
interface ShownRow {
  token: string;
  content: string;
}

/** The rows of a page or of a rows fragment, by their 1-based number. */
function shownRows(html: string): Map<number, ShownRow> {
  const rows = new Map<number, ShownRow>();
  const pattern = /<tr id="row-(\d+)"([^>]*?) data-row-id="(\d+)" data-revision="(\d+)">([\s\S]*?)<\/tr>/g;
  for (const m of html.matchAll(pattern)) rows.set(Number(m[1]), { token: `${m[3]}.${m[4]}`, content: m[2] + m[5] });
  return rows;
}

/** "n:id.revision" for the rows n-1 … n+5 of a look, as the editor's page sends them. */
function seenAround(look: Map<number, ShownRow>, n: number): string {
  const parts: string[] = [];
  for (let k = n - 1; k <= n + 5; k++) {
    const row = look.get(k);
    if (row) parts.push(`${k}:${row.token}`);
  }
  return parts.join(',');
}

/** The rows an operation on row n reads, which the server checks against what the client saw. */
function windowOf(op: string, n: number): number[] {
  if (op === 'move-up') return [n - 1, n];
  if (op === 'move-down' || op === 'merge-rows') return [n, n + 1];
  return [n];
}

let t: TestApp;
let csrf: Csrf;
let template: string;

beforeAll(async () => {
  t = await createTestApp();
  csrf = await getCsrf(t.app, grid);
  // a seeded database to start each property run from
  t.workspace.db.pragma('wal_checkpoint(TRUNCATE)');
  template = path.join(t.dir, 'template.sqlite');
  fs.copyFileSync(t.dbFile, template);
}, 120_000);
afterAll(() => t?.close());

const post = (app: TestApp, url: string, fields: Record<string, string>) =>
  request(app.app).post(url).set('Cookie', csrf.cookie).set('HX-Request', 'true').type('form').send({ _csrf: csrf.token, ...fields });
const look = async (app: TestApp, view: string) => shownRows((await request(app.app).get(view)).text);

/** The words of a sentence to flag: its first word (its first two characters in Chinese). */
function selectionIn(app: TestApp, version: string, ordinal: number) {
  const db = app.workspace.db;
  const v = listActiveVersions(db, findWorkBySlug(db, slug)!.id).find((x) => x.name === version)!;
  const [sentence] = listSentenceRange(db, v.id, ordinal, ordinal + 1);
  const quote = version === 'zh' ? sentence.text.slice(0, 2) : /^\S+/.exec(sentence.text)![0];
  return { version, ordinal: String(ordinal), start: '0', end: String(quote.length), quote };
}

/** The row (1-based) of a view holding sentence `ordinal` of a version, from a look at it. */
function rowHolding(html: string, version: string, ordinal: number): number {
  const re = new RegExp(`<tr id="row-(\\d+)"[^>]*>(?:(?!</tr>)[\\s\\S])*?data-column="${version}"[^>]*>(?:(?!</td>)[\\s\\S])*?data-ordinal="${ordinal}"`);
  return Number(re.exec(html)![1]);
}

describe('every change to a row moves its token', () => {
  it('confirm and unconfirm: an edit carrying the tokens seen before is refused, in the three-column view and in a pair view', async () => {
    for (const view of [grid, `${grid}/pairs/en/ru`]) {
      const before = await look(t, view);
      const seen = seenAround(before, 12);
      expect((await post(t, `${view}/edit`, { op: 'confirm', row: '12', seen })).status).toBe(200);
      const confirmed = await look(t, view);
      expect(confirmed.get(12)!.token).not.toBe(before.get(12)!.token);
      expect(confirmed.get(12)!.content).toContain('confirmed');
      // what the issue reproduced: move-up, merge-rows and unconfirm with the same `seen` went through
      for (const [op, extra] of [['move-up', { column: 'all' }], ['merge-rows', {}], ['unconfirm', {}], ['confirm', {}]] as const) {
        const res = await post(t, `${view}/edit`, { op, row: '12', seen, ...extra });
        expect([view, op, res.status]).toEqual([view, op, 409]);
        expect(res.text).toContain('editor-result stale');
      }
      expect(await look(t, view)).toEqual(confirmed);
      // unconfirm moves it again: the look after confirming is stale in its turn
      const seenConfirmed = seenAround(confirmed, 12);
      expect((await post(t, `${view}/edit`, { op: 'unconfirm', row: '12', seen: seenConfirmed })).status).toBe(200);
      const unconfirmed = await look(t, view);
      expect(unconfirmed.get(12)!.token).not.toBe(confirmed.get(12)!.token);
      expect((await post(t, `${view}/edit`, { op: 'move-down', row: '12', column: 'all', seen: seenConfirmed })).status).toBe(409);
      expect((await post(t, `${view}/edit`, { op: 'merge-rows', row: '12', seen: seenConfirmed })).status).toBe(409);
      // the rows the edits did not touch keep their tokens
      for (const n of [1, 5, 30]) expect(unconfirmed.get(n)).toEqual(before.get(n));
    }
  });

  it('an annotation created, resolved or reopened: the rows holding its sentence get new tokens in every view of its version, the others keep theirs', async () => {
    const page = (await request(t.app).get(grid)).text;
    const words = selectionIn(t, 'ru', 20);
    const gridRow = rowHolding(page, 'ru', 20);
    const pairRows = Object.fromEntries(
      await Promise.all(views.slice(1).map(async (v) => [v, rowHolding((await request(t.app).get(v)).text, 'ru', 20)] as const)),
    );
    const enZh = `${grid}/pairs/en/zh`;
    const looks = async () => Object.fromEntries(await Promise.all([...views, enZh].map(async (v) => [v, await look(t, v)] as const)));
    const holding = (v: string) => (v === grid ? gridRow : pairRows[v]);

    const steps: Array<[string, () => Promise<void>]> = [
      ['create', async () => {
        const res = await post(t, `${grid}/annotations`, { ...words, kind: 'issue', category: 'style', comment: 'stale views' });
        expect(res.status).toBe(200);
      }],
      ['resolve', async () => {
        const id = (t.workspace.db.prepare("SELECT MAX(id) AS id FROM annotations").get() as { id: number }).id;
        expect((await post(t, `${grid}/annotations/${id}/status`, { status: 'resolved' })).status).toBe(200);
      }],
      ['reopen', async () => {
        const id = (t.workspace.db.prepare("SELECT MAX(id) AS id FROM annotations").get() as { id: number }).id;
        expect((await post(t, `${grid}/annotations/${id}/status`, { status: 'open' })).status).toBe(200);
      }],
    ];
    for (const [name, step] of steps) {
      const before = await looks();
      await step();
      const after = await looks();
      for (const v of views) {
        const n = holding(v);
        // the row shows the mark (or no longer does), and says so by its token
        expect([name, v, after[v].get(n)!.content === before[v].get(n)!.content]).toEqual([name, v, false]);
        expect([name, v, after[v].get(n)!.token === before[v].get(n)!.token]).toEqual([name, v, false]);
        for (const [k, row] of after[v]) if (k !== n) expect([name, v, k, row]).toEqual([name, v, k, before[v].get(k)]);
      }
      // the pair without the version changes nothing
      for (const [k, row] of after[enZh]) expect([name, k, row]).toEqual([name, k, before[enZh].get(k)]);
      // an edit against the look before is refused, one against a look after is not (each view is
      // looked at afresh: confirming in one view confirms beads the others show)
      for (const v of views) {
        const n = holding(v);
        expect([name, v, (await post(t, `${v}/edit`, { op: 'confirm', row: String(n), seen: seenAround(before[v], n) })).status]).toEqual([name, v, 409]);
        const current = await look(t, v);
        expect([name, v, (await post(t, `${v}/edit`, { op: 'confirm', row: String(n), seen: seenAround(current, n) })).status]).toEqual([name, v, 200]);
        const confirmed = await look(t, v);
        expect((await post(t, `${v}/edit`, { op: 'unconfirm', row: String(n), seen: seenAround(confirmed, n) })).status).toBe(200);
      }
    }

    // another process (here another connection) reads the same tokens from the database as this one patched into its own
    const other = await createTestApp({ dbFile: t.dbFile, dir: path.join(t.dir) });
    try {
      for (const v of views) expect([v, await look(other, v)]).toEqual([v, await look(t, v)]);
    } finally {
      other.workspace.close();
    }
  });
});

type Action =
  | { kind: 'look'; view: number }
  | { kind: 'edit'; view: number; look: number; op: 'confirm' | 'unconfirm' | 'merge-rows' | 'move-up' | 'move-down'; row: number }
  | { kind: 'annotate'; row: number; column: number }
  | { kind: 'status'; which: number }
  | { kind: 'undo'; view: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('look' as const), view: fc.nat(views.length - 1) }),
  fc.record({
    kind: fc.constant('edit' as const),
    view: fc.nat(views.length - 1),
    look: fc.nat(),
    op: fc.constantFrom('confirm' as const, 'unconfirm' as const, 'merge-rows' as const, 'move-up' as const, 'move-down' as const),
    row: fc.integer({ min: 1, max: 12 }),
  }),
  fc.record({ kind: fc.constant('edit' as const), view: fc.nat(views.length - 1), look: fc.nat(), op: fc.constant('confirm' as const), row: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('annotate' as const), row: fc.integer({ min: 1, max: 12 }), column: fc.nat(2) }),
  fc.record({ kind: fc.constant('status' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('undo' as const), view: fc.nat(views.length - 1) }),
);

describe('property: no edit is accepted against a view it did not see', () => {
  it('edits carrying the tokens of older looks, in random orders, in the three-column view and two pair views', async () => {
    let run = 0;
    const tally = { edits: 0, accepted: 0, staleRefused: 0, staleSent: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 6, maxLength: 30 }), async (actions) => {
        const file = path.join(t.dir, `run-${run++}.sqlite`);
        fs.copyFileSync(template, file);
        const app = await createTestApp({ dbFile: file, dir: t.dir });
        try {
          const seen: Array<{ view: number; rows: Map<number, ShownRow> }> = [];
          const annotations: Array<{ id: number; open: boolean }> = [];
          for (const a of actions) {
            if (a.kind === 'look' || (a.kind === 'edit' && seen.length === 0)) {
              const view = a.view;
              seen.push({ view, rows: await look(app, views[view]) });
              if (a.kind === 'look') continue;
            }
            if (a.kind === 'edit') {
              const { view, rows } = seen[a.look % seen.length];
              const base = views[view];
              if (!rows.has(a.row)) continue;
              // the rows the operation reads, as they are now, against the look its tokens come from
              const window = windowOf(a.op, a.row).filter((n) => rows.has(n));
              const now = await look(app, base);
              const stale = window.some((n) => rows.get(n)!.content !== now.get(n)?.content);
              const res = await post(app, `${base}/edit`, { op: a.op, row: String(a.row), seen: seenAround(rows, a.row), ...(a.op.startsWith('move') ? { column: 'all' } : {}) });
              tally.edits++;
              if (stale) tally.staleSent++;
              if (res.status === 200) tally.accepted++;
              if (stale && res.status === 409) tally.staleRefused++;
              expect([200, 409, 422]).toContain(res.status);
              // accepted: then every row it read was as the look showed it
              if (res.status === 200) expect({ base, op: a.op, row: a.row, stale }).toEqual({ base, op: a.op, row: a.row, stale: false });
            } else if (a.kind === 'annotate') {
              const version = ['en', 'ru', 'zh'][a.column];
              const html = (await request(app.app).get(grid)).text;
              const cell = new RegExp(`<tr id="row-${a.row}"[^>]*>(?:(?!</tr>)[\\s\\S])*?data-column="${version}"[^>]*><span class="sentence" data-ordinal="(\\d+)"`).exec(html);
              if (!cell) continue;
              const res = await post(app, `${grid}/annotations`, { ...selectionIn(app, version, Number(cell[1])), kind: 'issue', category: 'style', comment: `run ${run}` });
              expect(res.status).toBe(200);
              annotations.push({ id: (app.workspace.db.prepare('SELECT MAX(id) AS id FROM annotations').get() as { id: number }).id, open: true });
            } else if (a.kind === 'status') {
              if (annotations.length === 0) continue;
              const which = annotations[a.which % annotations.length];
              which.open = !which.open;
              expect((await post(app, `${grid}/annotations/${which.id}/status`, { status: which.open ? 'open' : 'resolved' })).status).toBe(200);
            } else if (a.kind === 'undo') {
              expect([200, 409, 422]).toContain((await post(app, `${views[a.view]}/undo`, {})).status);
            }
          }
        } finally {
          app.workspace.close();
          for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
        }
      }),
      { numRuns: 25, seed: 16_4 },
    );
    console.log(`stale views: ${tally.edits} edits in 25 runs, ${tally.accepted} accepted (none against a row that had changed), ${tally.staleSent} sent against changed rows, ${tally.staleRefused} of them refused with 409`);
    expect(tally.staleSent).toBeGreaterThan(10);
    expect(tally.staleRefused).toBe(tally.staleSent);
  }, 600_000);
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('ten simultaneous requests carrying one look, over two server processes on one file', () => {
  let child: ChildProcess | undefined;
  let base = '';
  let second = '';
  beforeAll(async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: projectRoot,
      env: { ...process.env, TRIPTYCH_DB: t.dbFile, TRIPTYCH_SEED: '1', PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('Triptych is serving')) resolve();
      });
      child!.stderr!.on('data', (d) => (out += d));
      child!.on('exit', (code) => reject(new Error(`the second server exited with ${code}: ${out}`)));
    });
    second = `http://127.0.0.1:${port}`;
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    afterAll(() => new Promise((resolve) => server.close(resolve)));
  }, 120_000);
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('lets exactly one through, whichever server each goes to', async () => {
    const ops = ['confirm', 'unconfirm', 'merge-rows', 'move-up', 'move-down'] as const;
    const tally: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...views),
        fc.integer({ min: 2, max: 40 }),
        fc.array(fc.constantFrom(...ops), { minLength: 9, maxLength: 9 }),
        fc.nat(9),
        async (view, near, others, at) => {
          const page = await fetch(`${base}${view}`).then((r) => r.text());
          const rows = shownRows(page);
          // the row aimed at: the first unconfirmed one from `near` on, so that a confirm is always valid
          let n = near;
          while (rows.has(n) && rows.get(n)!.content.includes('confirmed')) n++;
          if (!rows.has(n + 1)) return;
          const seen = seenAround(rows, n);
          const list: string[] = [...others];
          list.splice(at, 0, 'confirm');
          const answers = await Promise.all(
            list.map((op, i) =>
              fetch(`${i % 2 ? second : base}${view}/edit`, {
                method: 'POST',
                headers: { cookie: csrf.cookie, 'HX-Request': 'true' },
                body: new URLSearchParams({ _csrf: csrf.token, op, row: String(n), seen, ...(op.startsWith('move') ? { column: 'all' } : {}) }),
              }).then((r) => r.status),
            ),
          );
          tally.push(answers.filter((s) => s === 200).length);
          expect(answers.every((s) => [200, 409, 422].includes(s))).toBe(true);
          expect({ view, row: n, list, successes: answers.filter((s) => s === 200).length }).toEqual({ view, row: n, list, successes: 1 });
        },
      ),
      { numRuns: 15, seed: 16_10 },
    );
    console.log(`simultaneous requests: ${tally.length} rounds of 10 over two processes, successes per round ${tally.join(', ')}`);
    expect(tally.length).toBeGreaterThan(5);
  }, 300_000);
});
