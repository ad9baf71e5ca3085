// Benchmarks of the foundation: the declaration imported, split and aligned end to end, and the
// first screen of the grid of a generated 10,000-row work, timed through real HTTP.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { seedWorks } from '../server/services/seed-works.ts';
import { createResourceCache, openWorkspace } from '../server/services/workspace.ts';
import { openDatabase } from '../server/db/connection.ts';
import { generateWork } from './generated-work.ts';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

async function benchDeclarationImport(log: (line: string) => void): Promise<Record<string, number>> {
  const config = loadConfig();
  const loadResources = createResourceCache();
  let started = performance.now();
  await loadResources(['en', 'ru', 'zh']);
  const resourcesMs = performance.now() - started;
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-bench-'));
    const db = openDatabase(path.join(dir, 'bench.sqlite'), config.migrationsDir);
    started = performance.now();
    await seedWorks(db, config.textsDir, { actor: 'bench', maxBytes: config.maxUploadBytes, loadResources });
    times.push(performance.now() - started);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  log(`declaration imported, split and aligned (3 versions + revision): median ${round(median(times))} ms of ${times.length} runs; aligner resources loaded once in ${round(resourcesMs)} ms`);
  return { declaration_import_align_ms: round(median(times)), align_resources_load_ms: round(resourcesMs) };
}

async function benchLargeGrid(log: (line: string) => void, rowCount = 10_000): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-bench-'));
  const config = loadConfig({ ...process.env, TRIPTYCH_DB: path.join(dir, 'grid.sqlite'), TRIPTYCH_SEED: '0' });
  const workspace = await openWorkspace(config, 'bench');
  generateWork(workspace, rowCount);
  const app = await createApp(workspace);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  // Server time from the Server-Timing header the app sets; wall time includes loopback HTTP.
  const timeRequest = async (url: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`http://127.0.0.1:${port}${url}`, { headers });
    const body = await response.text();
    if (!response.ok || body.length < 1000) throw new Error(`bench request ${url} failed: ${response.status}`);
    const timing = /app;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '');
    if (!timing) throw new Error('the app did not send a Server-Timing header');
    return Number(timing[1]);
  };
  for (let i = 0; i < 3; i++) await timeRequest('/works/generated-10k');
  const firstScreen: number[] = [];
  const middlePage: number[] = [];
  for (let i = 0; i < 25; i++) {
    firstScreen.push(await timeRequest('/works/generated-10k'));
    middlePage.push(await timeRequest('/works/generated-10k/rows?offset=5000', { 'HX-Request': 'true' }));
  }
  server.close();
  workspace.close();
  fs.rmSync(dir, { recursive: true, force: true });
  log(`grid of a generated ${rowCount}-row work: first screen (page of 100 rows) median ${round(median(firstScreen))} ms; rows 5001-5100 as an htmx partial median ${round(median(middlePage))} ms (server time from Server-Timing, 25 requests each)`);
  return { grid_10k_first_screen_ms: round(median(firstScreen)), grid_10k_middle_page_ms: round(median(middlePage)) };
}

export async function runAppBench(log: (line: string) => void): Promise<Record<string, number>> {
  return { ...(await benchDeclarationImport(log)), ...(await benchLargeGrid(log)) };
}
