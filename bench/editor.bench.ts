// Benchmarks of the alignment editor on a generated 10,000-row work (three versions, 1-1-1 rows, as in
// app.bench.ts): the median time of a move and of its undo — in the service alone (one transaction
// with its event), and as the browser sees it (htmx POST over loopback HTTP, rows rendered) — and
// of a merge near the top, which renumbers the ~10,000 rows below it, with its undo.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { replaceGrid } from '../server/db/grid.ts';
import { insertBlocks, insertSentences, insertVersion } from '../server/db/versions.ts';
import { insertWork } from '../server/db/works.ts';
import { applyEditCommand, type EditCommand } from '../server/services/edit-grid.ts';
import { undoLastEdit } from '../server/services/undo.ts';
import { openWorkspace, type Workspace } from '../server/services/workspace.ts';
import { median } from './app.bench.ts';

const round = (ms: number) => Math.round(ms * 100) / 100;
const slug = 'generated-10k';

function sentenceText(lang: string, i: number): string {
  if (lang === 'zh') return `第${i}条：成员国将在${2000 + (i % 20)}年前加强合作。`;
  if (lang === 'ru') return `Статья ${i}. Государства-члены укрепят сотрудничество до ${2000 + (i % 20)} года.`;
  return `Article ${i}. The member states will strengthen cooperation by ${2000 + (i % 20)}.`;
}

export function generateWork(workspace: Workspace, rowCount: number): void {
  const { db } = workspace;
  const at = new Date().toISOString();
  db.transaction(() => {
    const work = insertWork(db, { slug, title: 'Generated work of 10,000 rows', pivotLang: 'en', at });
    const versionIds = ['en', 'ru', 'zh'].map((lang) => {
      const lines = Array.from({ length: rowCount }, (_, i) => sentenceText(lang, i));
      const text = lines.join('\n\n') + '\n';
      const id = insertVersion(db, {
        workId: work.id, name: lang, lang, status: 'working', label: lang, title: '', provenance: 'generated for the benchmark',
        revisionOf: null, fileName: '', encoding: 'utf-8', rawBytes: Buffer.from(text), contentSha256: '', text, importedAt: at,
      });
      let offset = 0;
      const blocks = lines.map((line, i) => {
        const block = { kind: 'paragraph' as const, start: offset, end: offset + line.length, part: Math.floor(i / 1000), paragraph: i };
        offset += line.length + 2;
        return block;
      });
      insertBlocks(db, id, blocks);
      insertSentences(db, id, blocks.map((b, i) => ({ start: b.start, end: b.end, text: lines[i], block: i })));
      return id;
    });
    replaceGrid(db, work.id, versionIds, Array.from({ length: rowCount }, (_, i) => ({
      cells: versionIds.map(() => ({ first: i, count: 1 })), confidence: 0.9, origin: 'auto' as const, confirmed: false,
    })));
  })();
}

export async function runEditorBench(log: (line: string) => void, rowCount = 10_000): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-bench-editor-'));
  const config = loadConfig({ ...process.env, TRIPTYCH_DB: path.join(dir, 'editor.sqlite'), TRIPTYCH_SEED: '0' });
  const workspace = await openWorkspace(config, 'bench');
  try {
    generateWork(workspace, rowCount);
    const options = { seen: undefined, actor: 'bench', at: new Date().toISOString() };
    const timeService = (command: EditCommand, runs: number) => {
      const edits: number[] = [];
      const undos: number[] = [];
      for (let i = 0; i < runs; i++) {
        let started = performance.now();
        applyEditCommand(workspace.db, slug, command, options);
        edits.push(performance.now() - started);
        started = performance.now();
        undoLastEdit(workspace.db, slug, options);
        undos.push(performance.now() - started);
      }
      return { edit: median(edits), undo: median(undos) };
    };
    timeService({ op: 'move-up', row: 5000, column: 0 }, 5);
    const move = timeService({ op: 'move-up', row: 5000, column: 0 }, 41);
    const merge = timeService({ op: 'merge-rows', row: 10 }, 21);
    log(`editor, ${rowCount}-row work, service (transaction + event): move median ${round(move.edit)} ms, its undo ${round(move.undo)} ms; merge at row 11 (renumbers the rows below) ${round(merge.edit)} ms, its undo ${round(merge.undo)} ms`);

    const app = await createApp(workspace);
    // Server time: from the request's arrival in Express to the last byte of the answer handed to
    // the socket (every middleware, the use case, the rendering), as a wrapper app sees it.
    let lastServerMs = 0;
    const timed = express();
    timed.use((_req, res, next) => {
      const started = performance.now();
      res.on('finish', () => (lastServerMs = performance.now() - started));
      next();
    });
    timed.use(app);
    const server = timed.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const page = await fetch(`${base}/works/${slug}`);
    const html = await page.text();
    const cookie = (page.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const post = async (url: string, form: Record<string, string>) => {
      const started = performance.now();
      const response = await fetch(`${base}${url}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, 'HX-Request': 'true' },
        body: new URLSearchParams({ _csrf: token, ...form }).toString(),
      });
      const body = await response.text();
      if (response.status !== 200 || !body.includes('editor-result')) throw new Error(`bench request ${url} failed: ${response.status} ${body.slice(0, 200)}`);
      return { roundTrip: performance.now() - started, server: lastServerMs };
    };
    const moves: Array<{ roundTrip: number; server: number }> = [];
    const undos: Array<{ roundTrip: number; server: number }> = [];
    for (let i = 0; i < 46; i++) {
      const move = await post(`/works/${slug}/edit`, { op: 'move-up', row: '5001', column: 'en' });
      const undo = await post(`/works/${slug}/undo`, {});
      if (i >= 5) {
        moves.push(move);
        undos.push(undo);
      }
    }
    server.close();
    const medianOf = (list: Array<{ roundTrip: number; server: number }>, key: 'roundTrip' | 'server') => round(median(list.map((m) => m[key])));
    log(`editor, ${rowCount}-row work, htmx POST (rows rendered): move median ${medianOf(moves, 'server')} ms server time (${medianOf(moves, 'roundTrip')} ms loopback round trip), undo ${medianOf(undos, 'server')} ms (${medianOf(undos, 'roundTrip')} ms); ${moves.length} each`);
    return {
      editor_10k_move_service_ms: round(move.edit),
      editor_10k_undo_service_ms: round(move.undo),
      editor_10k_merge_top_service_ms: round(merge.edit),
      editor_10k_merge_top_undo_service_ms: round(merge.undo),
      editor_10k_move_server_ms: medianOf(moves, 'server'),
      editor_10k_undo_server_ms: medianOf(undos, 'server'),
      editor_10k_move_round_trip_ms: medianOf(moves, 'roundTrip'),
      editor_10k_undo_round_trip_ms: medianOf(undos, 'roundTrip'),
    };
  } finally {
    workspace.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
