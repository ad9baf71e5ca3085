// Benchmarks of the alignment editor on a generated 10,000-row work (three versions, 1-1-1 rows, as in
// app.bench.ts): the median time of a move and of its undo — in the service alone (one transaction
// with its event), and as the browser sees it (htmx POST over loopback HTTP, rows rendered) — and
// of a merge near the top with its undo (in the three-column view, also on a 1,000-row work, and in
// the en|ru pair view); and "next suspect", which reads the check findings: the first call after a
// change computes them (cold), the next ones read them from the checks' cache (warm).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { forgetCheckFindings } from '../server/services/checks.ts';
import { applyEditCommand, type EditCommand, type ViewRef } from '../server/services/edit-alignment.ts';
import { findNextSuspectRow } from '../server/services/editor-navigation.ts';
import { readWork } from '../server/services/read-work.ts';
import { undoLastEdit } from '../server/services/undo.ts';
import { openWorkspace, type Workspace } from '../server/services/workspace.ts';
import { median } from './app.bench.ts';
import { generateWork } from './generated-work.ts';

const round = (ms: number) => Math.round(ms * 100) / 100;
const slug = 'generated-10k';

export async function runEditorBench(log: (line: string) => void, rowCount = 10_000): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-bench-editor-'));
  const config = loadConfig({ ...process.env, TRIPTYCH_DB: path.join(dir, 'editor.sqlite'), TRIPTYCH_SEED: '0' });
  const workspace = await openWorkspace(config, 'bench');
  try {
    generateWork(workspace, rowCount);
    const options = { seen: undefined, actor: 'bench', at: new Date().toISOString() };
    const grid: ViewRef = { kind: 'grid' };
    const pair: ViewRef = { kind: 'pair', a: 'en', b: 'ru' };
    const timeService = (view: ViewRef, command: EditCommand, runs: number, work = slug) => {
      const edits: number[] = [];
      const undos: number[] = [];
      for (let i = 0; i < runs; i++) {
        let started = performance.now();
        applyEditCommand(workspace.db, work, view, command, options);
        edits.push(performance.now() - started);
        started = performance.now();
        undoLastEdit(workspace.db, work, view, options);
        undos.push(performance.now() - started);
      }
      return { edit: median(edits), undo: median(undos) };
    };
    timeService(grid, { op: 'move-up', row: 5000, column: 0 }, 5);
    const move = timeService(grid, { op: 'move-up', row: 5000, column: 0 }, 41);
    timeService(grid, { op: 'merge-rows', row: 10 }, 5);
    const merge = timeService(grid, { op: 'merge-rows', row: 10 }, 41);
    // the same merge on a work a tenth as long: a structural edit should cost the same
    const small = `generated-${rowCount / 10}`;
    generateWork(workspace, rowCount / 10, small);
    timeService(grid, { op: 'merge-rows', row: 10 }, 5, small);
    const smallMerge = timeService(grid, { op: 'merge-rows', row: 10 }, 41, small);
    const pairMove = timeService(pair, { op: 'move-up', row: 5000, column: 1 }, 41);
    const pairMerge = timeService(pair, { op: 'merge-rows', row: 10 }, 41);
    log(`editor, ${rowCount}-row work, service (transaction + event): three-column move median ${round(move.edit)} ms, its undo ${round(move.undo)} ms; merge at row 11 ${round(merge.edit)} ms, its undo ${round(merge.undo)} ms`);
    log(`editor, ${rowCount / 10}-row work, service (transaction + event): three-column merge at row 11 ${round(smallMerge.edit)} ms, its undo ${round(smallMerge.undo)} ms`);
    log(`editor, ${rowCount}-row work, service, pair view en|ru: move median ${round(pairMove.edit)} ms, its undo ${round(pairMove.undo)} ms; merge at row 11 ${round(pairMerge.edit)} ms, its undo ${round(pairMerge.undo)} ms`);

    // next suspect from the top: every row agrees, so the checks' findings are read to the end
    const timeNext = (runs: number, cold: boolean) => {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        if (cold) forgetCheckFindings(workspace.db);
        const started = performance.now();
        findNextSuspectRow(workspace.db, readWork(workspace.db, slug), -1);
        times.push(performance.now() - started);
      }
      return median(times);
    };
    const nextCold = timeNext(3, true);
    const nextWarm = timeNext(21, false);
    log(`editor, ${rowCount}-row work, next suspect (check findings included): median ${round(nextCold)} ms the first time after a change (findings computed), ${round(nextWarm)} ms from the checks' cache`);

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
    const overHttp = async (base: string, column: string) => {
      const moves: Array<{ roundTrip: number; server: number }> = [];
      const undos: Array<{ roundTrip: number; server: number }> = [];
      for (let i = 0; i < 46; i++) {
        const move = await post(`${base}/edit`, { op: 'move-up', row: '5001', column });
        const undo = await post(`${base}/undo`, {});
        if (i >= 5) {
          moves.push(move);
          undos.push(undo);
        }
      }
      return { moves, undos };
    };
    const { moves, undos } = await overHttp(`/works/${slug}`, 'en');
    const pairHttp = await overHttp(`/works/${slug}/pairs/en/ru`, 'ru');
    server.close();
    const medianOf = (list: Array<{ roundTrip: number; server: number }>, key: 'roundTrip' | 'server') => round(median(list.map((m) => m[key])));
    log(`editor, ${rowCount}-row work, htmx POST (rows rendered), three-column view: move median ${medianOf(moves, 'server')} ms server time (${medianOf(moves, 'roundTrip')} ms loopback round trip), undo ${medianOf(undos, 'server')} ms (${medianOf(undos, 'roundTrip')} ms); ${moves.length} each`);
    log(`editor, ${rowCount}-row work, htmx POST (rows rendered), pair view en|ru: move median ${medianOf(pairHttp.moves, 'server')} ms server time, undo ${medianOf(pairHttp.undos, 'server')} ms`);
    return {
      editor_10k_move_service_ms: round(move.edit),
      editor_10k_undo_service_ms: round(move.undo),
      editor_10k_merge_top_service_ms: round(merge.edit),
      editor_10k_merge_top_undo_service_ms: round(merge.undo),
      editor_1k_merge_top_service_ms: round(smallMerge.edit),
      editor_1k_merge_top_undo_service_ms: round(smallMerge.undo),
      editor_10k_next_suspect_cold_ms: round(nextCold),
      editor_10k_next_suspect_cached_ms: round(nextWarm),
      editor_10k_move_server_ms: medianOf(moves, 'server'),
      editor_10k_undo_server_ms: medianOf(undos, 'server'),
      editor_10k_move_round_trip_ms: medianOf(moves, 'roundTrip'),
      editor_10k_undo_round_trip_ms: medianOf(undos, 'roundTrip'),
      editor_10k_pair_move_service_ms: round(pairMove.edit),
      editor_10k_pair_undo_service_ms: round(pairMove.undo),
      editor_10k_pair_merge_top_service_ms: round(pairMerge.edit),
      editor_10k_pair_merge_top_undo_service_ms: round(pairMerge.undo),
      editor_10k_pair_move_server_ms: medianOf(pairHttp.moves, 'server'),
      editor_10k_pair_undo_server_ms: medianOf(pairHttp.undos, 'server'),
    };
  } finally {
    workspace.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
