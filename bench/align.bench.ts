// The aligner's benchmark: the bible pair (en→zh, 5000×6301 sentences) with every resource loaded
// from cold, and a generated 25,000² and 50,000² pair to show time and memory growing linearly. Each
// case runs in its own child process so its peak memory (maxRSS) is its own; Gale-Church runs beside.
// The bible pair is also aligned by the compiled command end to end (align_bible_cli).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { loadConfig } from '../server/config.ts';
const benchRoot = path.join(loadConfig().sharedDir, 'bench');

interface CaseResult {
  /** seconds from the child's first line of code: loading resources, reading, aligning */
  seconds: number;
  /** seconds of the alignment alone */
  alignSeconds: number;
  /** CPU seconds of the whole child process (user + system): what wall time would be on an idle machine */
  cpuSeconds: number;
  peakMb: number;
  strictF1?: number;
}

// ---- the generated pair ------------------------------------------------------------------------

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = x;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A synthetic parallel text: source words drawn from a Zipfian vocabulary of made-up words, each
 * "translated" by a fixed made-up target word, numbers carried over; sentences are merged (7%), split
 * (7%), dropped (2%) or inserted (2%) on the way. Returns both sides and the true beads.
 */
export function generatePair(count: number, seed = 7): { src: string[]; tgt: string[]; gold: Array<{ src: number[]; tgt: number[] }> } {
  const random = rng(seed);
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'pe', 'da', 'gu', 'fi', 'ho', 'ze', 'bu'];
  const word = (r: () => number): string => Array.from({ length: 2 + Math.floor(r() * 3) }, () => syllables[Math.floor(r() * syllables.length)]).join('');
  const vocabSize = 20000;
  const srcWords = Array.from({ length: vocabSize }, () => word(random));
  const tgtWords = Array.from({ length: vocabSize }, () => word(random) + 'x');
  const zipf = (): number => Math.min(vocabSize - 1, Math.floor(Math.exp(random() * Math.log(vocabSize)) - 1));
  const sentence = (): [string, string] => {
    const len = 4 + Math.floor(random() * 25);
    const a: string[] = [];
    const b: string[] = [];
    for (let k = 0; k < len; k++) {
      if (random() < 0.03) {
        const n = String(1 + Math.floor(random() * 3000));
        a.push(n);
        b.push(n);
        continue;
      }
      const w = zipf();
      a.push(srcWords[w]);
      if (random() < 0.9) b.push(tgtWords[w]);
      if (random() < 0.05) b.push(tgtWords[zipf()]);
    }
    return [a.join(' ') + '.', b.join(' ') + '.'];
  };
  const src: string[] = [];
  const tgt: string[] = [];
  const gold: Array<{ src: number[]; tgt: number[] }> = [];
  while (src.length < count && tgt.length < count) {
    const r = random();
    const [a, b] = sentence();
    if (r < 0.07) {
      const [a2, b2] = sentence();
      gold.push({ src: [src.length, src.length + 1], tgt: [tgt.length] });
      src.push(a, a2);
      tgt.push(b.slice(0, -1) + ' ' + b2);
    } else if (r < 0.14) {
      const [a2, b2] = sentence();
      gold.push({ src: [src.length], tgt: [tgt.length, tgt.length + 1] });
      src.push(a.slice(0, -1) + ' ' + a2);
      tgt.push(b, b2);
    } else if (r < 0.16) {
      gold.push({ src: [src.length], tgt: [] });
      src.push(a);
    } else if (r < 0.18) {
      gold.push({ src: [], tgt: [tgt.length] });
      tgt.push(b);
    } else {
      gold.push({ src: [src.length], tgt: [tgt.length] });
      src.push(a);
      tgt.push(b);
    }
  }
  return { src, tgt, gold };
}

// ---- one case, inside the child process -------------------------------------------------------

function readLines(file: string): string[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

async function runCase(name: string): Promise<CaseResult> {
  const started = performance.now();
  const { alignPair, loadAlignResources } = await import('../server/align/index.ts');
  const { scoreDocuments } = await import('../server/align/metric.ts');
  const { parseBeads } = await import('../server/align/beads.ts');
  if (name === 'warm') {
    // builds the CEDICT cache if it is missing, so the timed cases load it as every later run does
    await loadAlignResources(['en', 'zh']);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, alignSeconds: 0, cpuSeconds: cpuSeconds(), peakMb: process.resourceUsage().maxRSS / 1024 };
  }
  const method = name.endsWith('-gc') ? ('gale-church' as const) : ('triptych' as const);
  const base = name.replace(/-gc$/, '');
  if (base === 'bible') {
    const dir = path.join(benchRoot, 'bible');
    const resources = method === 'triptych' ? await loadAlignResources(['en', 'zh']) : undefined;
    const src = readLines(path.join(dir, 'en', '001'));
    const tgt = readLines(path.join(dir, 'zh', '001'));
    const t = performance.now();
    const beads = alignPair({ lang: 'en', sentences: src }, { lang: 'zh', sentences: tgt }, { method, resources });
    const done = performance.now();
    const gold = parseBeads(fs.readFileSync(path.join(dir, 'gold', '001.align'), 'utf8'));
    return {
      seconds: (done - started) / 1000,
      alignSeconds: (done - t) / 1000,
      cpuSeconds: cpuSeconds(),
      peakMb: process.resourceUsage().maxRSS / 1024,
      strictF1: scoreDocuments([{ gold, predicted: beads }]).strict.f1,
    };
  }
  const count = Number(base.replace(/^gen/, ''));
  const pair = generatePair(count);
  const resources = method === 'triptych' ? await loadAlignResources(['en', 'fr']) : undefined;
  const t = performance.now();
  const beads = alignPair({ lang: 'en', sentences: pair.src }, { lang: 'fr', sentences: pair.tgt }, { method, resources });
  const done = performance.now();
  return {
    seconds: (done - started) / 1000,
    alignSeconds: (done - t) / 1000,
    cpuSeconds: cpuSeconds(),
    peakMb: process.resourceUsage().maxRSS / 1024,
    strictF1: scoreDocuments([{ gold: pair.gold, predicted: beads }]).strict.f1,
  };
}

// ---- the parent: one child per case ----------------------------------------------------------

function runChild(name: string): Promise<CaseResult & { processSeconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--case', name], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const processSeconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`align bench case ${name} exited with ${code}`));
      try {
        resolve({ ...(JSON.parse(out.trim().split('\n').pop() ?? '') as CaseResult), processSeconds });
      } catch (error) {
        reject(error);
      }
    });
  });
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The bible pair aligned end to end by the compiled command, as a user runs it: `node bin/triptych.js
 * align ...`, process start, resources and output included. Wall seconds from spawn to exit; peak memory
 * is the process's VmHWM (Linux), read every 20 ms while it runs (so growth in its last 20 ms is missed).
 */
function runCompiledBible(): Promise<{ seconds: number; peakMb: number; strictF1: number }> {
  const dir = path.join(benchRoot, 'bible');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'triptych.js'), 'align', '--src-lang', 'en', '--tgt-lang', 'zh', '--presegmented', path.join(dir, 'en', '001'), path.join(dir, 'zh', '001')], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // gone, or not Linux
      }
    }, 20);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', async (code) => {
      clearInterval(poll);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`node bin/triptych.js align exited with ${code} (is dist/ built? npm run build)`));
      const { parseBeads } = await import('../server/align/beads.ts');
      const { scoreDocuments } = await import('../server/align/metric.ts');
      const gold = parseBeads(fs.readFileSync(path.join(dir, 'gold', '001.align'), 'utf8'));
      resolve({ seconds, peakMb: peakKb / 1024, strictF1: scoreDocuments([{ gold, predicted: parseBeads(out) }]).strict.f1 });
    });
  });
}

export async function runAlignBench(log: (line: string) => void): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const warm = await runChild('warm');
  figures.align_resources_first_load_seconds = round(warm.seconds);
  log(`resources loaded in ${warm.seconds.toFixed(2)} s (from the CEDICT cache npm run build writes; built here when missing)`);
  const cases: Array<[string, string]> = [
    ['bible', 'align_bible'],
    ['bible-gc', 'align_bible_gale_church'],
    ['gen25000', 'align_25k'],
    ['gen50000', 'align_50k'],
    ['gen50000-gc', 'align_50k_gale_church'],
  ];
  if (fs.existsSync(path.join(benchRoot, 'bible', 'dataset.json'))) {
    const r = await runCompiledBible();
    figures.align_bible_cli_seconds = round(r.seconds);
    figures.align_bible_cli_peak_mb = round(r.peakMb, 0);
    figures.align_bible_cli_strict_f1 = round(r.strictF1, 3);
    log(`align_bible_cli: node bin/triptych.js align, end to end: ${r.seconds.toFixed(2)} s, peak ${r.peakMb.toFixed(0)} MB, strict F1 ${r.strictF1.toFixed(3)}`);
  }
  for (const [name, key] of cases) {
    if (name.startsWith('bible') && !fs.existsSync(path.join(benchRoot, 'bible', 'dataset.json'))) {
      log(`${key}: skipped (no ${benchRoot}/bible)`);
      continue;
    }
    const r = await runChild(name);
    figures[`${key}_seconds`] = round(r.seconds);
    figures[`${key}_process_seconds`] = round(r.processSeconds);
    figures[`${key}_cpu_seconds`] = round(r.cpuSeconds);
    figures[`${key}_peak_mb`] = round(r.peakMb, 0);
    if (r.strictF1 !== undefined) figures[`${key}_strict_f1`] = round(r.strictF1, 3);
    log(
      `${key}: ${r.seconds.toFixed(2)} s with resources (${r.alignSeconds.toFixed(2)} s aligning, ${r.processSeconds.toFixed(2)} s as a process, ` +
        `${r.cpuSeconds.toFixed(2)} s of CPU), ` +
        `peak ${r.peakMb.toFixed(0)} MB${r.strictF1 !== undefined ? `, strict F1 ${r.strictF1.toFixed(3)}` : ''}`,
    );
  }
  return figures;
}

// Run as a child: `node --import tsx bench/align.bench.ts --case NAME` prints one JSON line.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--case');
  if (at > 0) {
    const result = await runCase(process.argv[at + 1]);
    process.stdout.write(JSON.stringify(result) + '\n');
  } else {
    const figures = await runAlignBench((line) => console.log(line));
    console.log(JSON.stringify(figures));
  }
}
