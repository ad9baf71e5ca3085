// Corpus scale. (1) `triptych batch`'s service on the twenty UN dev documents in three languages,
// laid out under a temp folder as SLUG/LANG.txt (one sentence per line), with 1 and with 2 worker
// threads: wall seconds and sentences per second. (2) A generated corpus of CORPUS_WORKS works (default
// 1,000) × 3 versions × CORPUS_SENTENCES sentences (default 1,000): sentences drawn word by word from
// the UN documents' own words (so word frequencies are those of real text), written through the db
// modules (which index every sentence), three pairs aligned 1-1 without the aligner. Figures: the
// database size, the time to build the concordance index again from every sentence, then a server
// started on it as a user starts one (a child process): concordance p50/p99 of the first page for
// rare and frequent words of each language (picked by document frequency from the index's own
// vocabulary), the library page (cold: the first visit of a page of works; warm), and the server's
// memory (VmRSS, VmHWM).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { loadConfig, projectRoot } from '../server/config.ts';
import { insertAlignment, replaceAllBeads } from '../server/db/alignments.ts';
import { openDatabase } from '../server/db/connection.ts';
import { rebuildSentenceIndex } from '../server/db/sentence-search.ts';
import { ensureColumnPosition, insertBlocks, insertSentences, insertVersion } from '../server/db/versions.ts';
import { insertWork, listWorks } from '../server/db/works.ts';
import { loadJieba } from '../server/resources/jieba.ts';
import { startAlignmentWorkers } from '../server/services/alignment-workers.ts';
import { readBatchSource, runBatch } from '../server/services/batch-import.ts';
import { workRowCount } from '../server/services/read-work.ts';
import { openWorkspace } from '../server/services/workspace.ts';
import { indexTerms } from '../server/text/search-terms.ts';

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function layOutUnFolder(benchRoot: string, dir: string): number {
  const docs = (JSON.parse(fs.readFileSync(path.join(benchRoot, 'un-dev-enru', 'dataset.json'), 'utf8')) as { docs: string[] }).docs;
  docs.forEach((doc, i) => {
    const work = path.join(dir, `un-${String(i + 1).padStart(2, '0')}`);
    fs.mkdirSync(work, { recursive: true });
    fs.copyFileSync(path.join(benchRoot, 'un-dev-enru', 'en', doc), path.join(work, 'en.txt'));
    fs.copyFileSync(path.join(benchRoot, 'un-dev-enru', 'ru', doc), path.join(work, 'ru.txt'));
    fs.copyFileSync(path.join(benchRoot, 'un-dev-enzh', 'zh', doc), path.join(work, 'zh.txt'));
  });
  return docs.length;
}

async function benchBatch(log: (line: string) => void, benchRoot: string, tmp: string): Promise<Record<string, number>> {
  const folder = path.join(tmp, 'un-folder');
  const docs = layOutUnFolder(benchRoot, folder);
  const figures: Record<string, number> = {};
  for (const threads of [1, 2]) {
    const workspace = await openWorkspace(loadConfig({ ...process.env, TRIPTYCH_DB: path.join(tmp, `batch-${threads}.sqlite`), TRIPTYCH_SEED: '0' }), 'bench');
    const workers = startAlignmentWorkers(threads, { concepts: [] });
    try {
      const started = performance.now();
      const outcomes = await runBatch(workspace.db, readBatchSource(folder, { segmentation: 'lines', status: 'official' }), { workers, replace: false, actor: 'bench', maxBytes: 1 << 26 });
      const seconds = (performance.now() - started) / 1000;
      const failed = outcomes.filter((o) => o.state === 'failed');
      if (failed.length) throw new Error(`batch bench: ${failed.map((f) => `${f.slug}: ${f.message}`).join('; ')}`);
      const sentences = outcomes.reduce((n, o) => n + o.sentences, 0);
      figures[`corpus_batch_${threads}_worker_seconds`] = round(seconds, 2);
      figures[`corpus_batch_${threads}_worker_sentences_per_s`] = Math.round(sentences / seconds);
      log(`batch of ${docs} UN documents × 3 languages (${sentences} sentences, lines) with ${threads} worker${threads > 1 ? 's' : ''}: ${seconds.toFixed(1)} s, ${Math.round(sentences / seconds)} sentences/s`);
      // resumption: the same folder again
      const again = performance.now();
      const second = await runBatch(workspace.db, readBatchSource(folder, { segmentation: 'lines', status: 'official' }), { workers, replace: false, actor: 'bench', maxBytes: 1 << 26 });
      if (threads === 2) {
        figures.corpus_batch_resume_seconds = round((performance.now() - again) / 1000, 2);
        log(`the same folder again: ${second.filter((o) => o.state === 'skipped').length} of ${docs} works skipped in ${figures.corpus_batch_resume_seconds} s`);
      }
    } finally {
      await workers.close();
      workspace.close();
    }
  }
  figures.corpus_batch_speedup_2_vs_1 = round(figures.corpus_batch_1_worker_seconds / figures.corpus_batch_2_worker_seconds, 2);
  return figures;
}

/** Words of the UN documents, each as often as it occurs there (sampling it uniformly gives real frequencies). */
function wordStreams(benchRoot: string): Record<'en' | 'ru' | 'zh', string[]> {
  const read = (set: string, lang: string) =>
    fs
      .readdirSync(path.join(benchRoot, set, lang))
      .map((f) => fs.readFileSync(path.join(benchRoot, set, lang, f), 'utf8'))
      .join('\n');
  const words = (text: string) => text.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? [];
  const jieba = loadJieba();
  const zhText = read('un-dev-enzh', 'zh');
  const zh = (jieba ? jieba.cut(zhText, false) : [...zhText]).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return { en: words(read('un-dev-enru', 'en')), ru: words(read('un-dev-enru', 'ru')), zh };
}

function generateCorpus(db: Database, works: number, perVersion: number, streams: Record<'en' | 'ru' | 'zh', string[]>, log: (line: string) => void): void {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
  const sentence = (lang: 'en' | 'ru' | 'zh') => {
    const stream = streams[lang];
    const n = lang === 'zh' ? 12 + Math.floor(random() * 14) : 10 + Math.floor(random() * 14);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(stream[Math.floor(random() * stream.length)]);
    if (lang === 'zh') return words.join('') + '。';
    const text = words.join(' ');
    return text[0].toUpperCase() + text.slice(1) + '.';
  };
  const at = new Date().toISOString();
  const started = performance.now();
  for (let w = 0; w < works; w++) {
    db.transaction(() => {
      const work = insertWork(db, { slug: `corpus-${String(w + 1).padStart(4, '0')}`, title: `Generated document ${w + 1}`, pivotLang: 'en', at });
      const ids = (['en', 'ru', 'zh'] as const).map((lang) => {
        const lines = Array.from({ length: perVersion }, () => sentence(lang));
        const text = lines.join('\n') + '\n';
        const id = insertVersion(db, {
          workId: work.id, name: lang, lang, status: 'working', label: lang, title: '', provenance: 'generated for the corpus benchmark', revisionOf: null,
          fileName: `${lang}.txt`, encoding: 'utf-8', rawBytes: Buffer.from(text), contentSha256: '', text, importedAt: at,
        });
        let offset = 0;
        const blocks = lines.map((line, i) => {
          const block = { kind: 'paragraph' as const, start: offset, end: offset + line.length, part: 0, paragraph: i };
          offset += line.length + 1;
          return block;
        });
        insertBlocks(db, id, blocks);
        insertSentences(db, id, blocks.map((b, i) => ({ start: b.start, end: b.end, text: lines[i], block: i })));
        ensureColumnPosition(db, work.id, lang);
        return id;
      });
      for (const [x, y] of [[0, 1], [0, 2], [1, 2]]) {
        const alignment = insertAlignment(db, { workId: work.id, versionA: ids[x], versionB: ids[y], at });
        replaceAllBeads(db, alignment, Array.from({ length: perVersion }, (_, i) => ({ cells: [{ first: i, count: 1 }, { first: i, count: 1 }], confidence: 0.5 + (i % 50) / 100, origin: 'auto' as const, confirmed: false })));
      }
    })();
    if ((w + 1) % 100 === 0) log(`  generated ${w + 1} of ${works} works (${Math.round((performance.now() - started) / 1000)} s)`);
  }
}

interface QueryWord {
  lang: string;
  query: string;
  df: number;
}

export async function runCorpusBench(log: (line: string) => void): Promise<Record<string, number>> {
  const config = loadConfig();
  const benchRoot = path.join(config.sharedDir, 'bench');
  if (!fs.existsSync(path.join(benchRoot, 'un-dev-enru'))) throw new Error(`the UN devset is missing at ${benchRoot}: set TRIPTYCH_SHARED_DIR`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-bench-corpus-'));
  const figures: Record<string, number> = {};
  let server: ChildProcess | undefined;
  try {
    if (process.env.CORPUS_SKIP_BATCH !== '1') Object.assign(figures, await benchBatch(log, benchRoot, tmp));
    Object.assign(figures, await benchGenerated(log, benchRoot, tmp, (child) => (server = child)));
    return figures;
  } finally {
    server?.kill('SIGTERM');
    if (process.env.CORPUS_KEEP !== '1') fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
}

async function benchGenerated(log: (line: string) => void, benchRoot: string, tmp: string, started: (child: ChildProcess) => void): Promise<Record<string, number>> {
  const works = Number(process.env.CORPUS_WORKS ?? 1000);
  const perVersion = Number(process.env.CORPUS_SENTENCES ?? 1000);
  const figures: Record<string, number> = {};
  // the generated corpus is kept (CORPUS_DIR, by default under the system's temp folder) and reused
  // by later runs: generating 3 million sentences takes long on a small machine
  const keptDir = process.env.CORPUS_DIR ?? path.join(os.tmpdir(), 'triptych-bench-corpus-kept');
  fs.mkdirSync(keptDir, { recursive: true });
  const file = path.join(keptDir, `corpus-${works}x${perVersion}.sqlite`);
  const done = `${file}.complete`;
  const streams = wordStreams(benchRoot);
  const reused = fs.existsSync(file) && fs.existsSync(done);
  if (!reused) for (const f of [file, `${file}-wal`, `${file}-shm`, done]) fs.rmSync(f, { force: true });
  const db = openDatabase(file, loadConfig().migrationsDir);
  let t = performance.now();
  if (!reused) {
    generateCorpus(db, works, perVersion, streams, log);
    const generateSeconds = (performance.now() - t) / 1000;
    figures.corpus_generate_seconds = round(generateSeconds);
    log(`generated ${works} works × 3 versions × ${perVersion} sentences in ${generateSeconds.toFixed(0)} s, index included`);
  } else log(`reusing the corpus generated before at ${file}`);
  if (!reused || process.env.CORPUS_SKIP_INDEX !== '1') {
    t = performance.now();
    const indexed = db.transaction(() => rebuildSentenceIndex(db))();
    const indexSeconds = (performance.now() - t) / 1000;
    figures.corpus_index_build_seconds = round(indexSeconds);
    log(`concordance index built again from every sentence in ${indexSeconds.toFixed(1)} s (${Math.round(indexed / indexSeconds)} sentences/s)`);
  }
  // every work's row count, stored as an import stores the count of the work it imported (a corpus
  // kept from an earlier run, or one Triptych now derives otherwise, is counted here once)
  t = performance.now();
  for (const work of listWorks(db)) workRowCount(db, work);
  figures.corpus_row_counts_seconds = round((performance.now() - t) / 1000, 1);
  log(`rows of every work counted (as their imports count them) in ${figures.corpus_row_counts_seconds} s`);
  figures.corpus_generated_sentences = db.prepare('SELECT COUNT(*) FROM sentences').pluck().get() as number;
  const words = queryWords(db, streams);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  fs.writeFileSync(done, new Date().toISOString());
  figures.corpus_db_mb = round(fs.statSync(file).size / 2 ** 20);
  log(`database: ${figures.corpus_generated_sentences} sentences, ${figures.corpus_db_mb} MB`);

  // a server on the corpus, as `npm start` runs it
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  t = performance.now();
  // as `npm start` runs it: the compiled server (npm run build), else the sources through tsx
  const compiled = path.join(projectRoot, 'dist', 'server.js');
  const command = fs.existsSync(compiled) ? [compiled] : ['--import', 'tsx', path.join(projectRoot, 'server', 'main.ts')];
  const child = spawn(process.execPath, command, {
    cwd: projectRoot,
    env: { ...process.env, TRIPTYCH_DB: file, TRIPTYCH_SEED: '0', PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started(child);
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the server stopped (${code}) before listening`)));
  });
  figures.corpus_server_start_seconds = round((performance.now() - t) / 1000, 2);
  const get = async (url: string) => {
    const t0 = performance.now();
    const res = await fetch(base + url);
    const body = await res.text();
    if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${body.slice(0, 200)}`);
    return { ms: performance.now() - t0, body };
  };
  const firstPage = async (word: QueryWord, allLanguages = false) => {
    const { ms, body } = await get(`/search?q=${encodeURIComponent(word.query)}${allLanguages ? '' : `&lang=${word.lang}`}`);
    if (!body.includes('class="search-hit"')) throw new Error(`no hit for ${word.lang} '${word.query}'`);
    return ms;
  };
  await get('/search?q=warm&lang=en');
  for (const lang of ['en', 'ru', 'zh']) {
    for (const kind of ['rare', 'frequent'] as const) {
      const list = words[kind].filter((w) => w.lang === lang);
      const times: number[] = [];
      for (let round = 0; round < 3; round++) for (const w of list) times.push(await firstPage(w));
      const key = `corpus_search_${lang}_${kind}`;
      figures[`${key}_p50_ms`] = round(percentile(times, 50));
      figures[`${key}_p99_ms`] = round(percentile(times, 99));
      log(`search, first page, ${lang} ${kind} words (${list.length} words, document frequency ${Math.min(...list.map((w) => w.df))}–${Math.max(...list.map((w) => w.df))}, e.g. '${list[0].query}'), ${times.length} queries: p50 ${figures[`${key}_p50_ms`]} ms, p99 ${figures[`${key}_p99_ms`]} ms`);
    }
  }
  {
    const times: number[] = [];
    for (const w of words.frequent) times.push(await firstPage(w, true));
    figures.corpus_search_any_language_frequent_p50_ms = round(percentile(times, 50));
    figures.corpus_search_any_language_frequent_p99_ms = round(percentile(times, 99));
    const chars: number[] = [];
    for (const w of words.zhChar) chars.push(await firstPage(w));
    figures.corpus_search_zh_single_character_p50_ms = round(percentile(chars, 50));
    figures.corpus_search_zh_single_character_p99_ms = round(percentile(chars, 99));
    log(`search in every language at once, frequent words: p50 ${figures.corpus_search_any_language_frequent_p50_ms} ms, p99 ${figures.corpus_search_any_language_frequent_p99_ms} ms; one frequent Chinese character (a prefix of bigrams, e.g. '${words.zhChar[0]?.query}'): p50 ${figures.corpus_search_zh_single_character_p50_ms} ms, p99 ${figures.corpus_search_zh_single_character_p99_ms} ms`);
  }
  // the library: a page of 25 works, cold (the first visit of the page since the server started: its
  // works' counts read from the database) and warm (counts this process keeps)
  const cold: number[] = [];
  const warm: number[] = [];
  for (const page of [1, 7, 13, 19, 25, 31, 37]) {
    cold.push((await get(`/?page=${page}`)).ms);
    for (let i = 0; i < 3; i++) warm.push((await get(`/?page=${page}`)).ms);
  }
  figures.corpus_library_cold_p50_ms = round(percentile(cold, 50));
  figures.corpus_library_cold_max_ms = round(Math.max(...cold));
  figures.corpus_library_warm_p50_ms = round(percentile(warm, 50));
  figures.corpus_library_warm_p99_ms = round(percentile(warm, 99));
  log(`library page of 25 works: first visit p50 ${figures.corpus_library_cold_p50_ms} ms, slowest ${figures.corpus_library_cold_max_ms} ms (counts read from the database), later visits p50 ${figures.corpus_library_warm_p50_ms} ms, p99 ${figures.corpus_library_warm_p99_ms} ms`);
  const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  figures.corpus_server_rss_mb = round(kb('VmRSS') / 1024);
  figures.corpus_server_peak_rss_mb = round(kb('VmHWM') / 1024);
  log(`server: started in ${figures.corpus_server_start_seconds} s; memory after the searches and library pages ${figures.corpus_server_rss_mb} MB (peak ${figures.corpus_server_peak_rss_mb} MB)`);
  return figures;
}

/**
 * Words to look for, picked from the index's vocabulary by document frequency: per language the ten
 * most frequent (stop words aside) and ten rare ones (in 40 to 400 sentences: enough for a first page,
 * spread over many works; else the ten rarest); Chinese terms are bigrams, looked for as their two characters; and the ten
 * most frequent single Chinese characters (each the prefix of many bigrams).
 */
function queryWords(db: Database, streams: Record<'en' | 'ru' | 'zh', string[]>): { rare: QueryWord[]; frequent: QueryWord[]; zhChar: QueryWord[] } {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, 'sentence_search', 'row')");
  const vocab = db.prepare('SELECT term, doc FROM temp.search_vocab').all() as Array<{ term: string; doc: number }>;
  const surface = new Map<string, string>();
  for (const lang of ['en', 'ru'] as const) {
    for (const word of streams[lang]) {
      if (word.includes('-')) continue;
      const term = indexTerms(word, lang);
      if (!surface.has(term)) surface.set(term, word.toLowerCase());
    }
  }
  const stop = new Set(['en_the', 'en_of', 'en_and', 'en_to', 'en_in', 'ru_и', 'ru_в', 'ru_на', 'ru_по', 'ru_с']);
  const rare: QueryWord[] = [];
  const frequent: QueryWord[] = [];
  const zhChar: QueryWord[] = [];
  for (const lang of ['en', 'ru', 'zh']) {
    const mine = vocab.filter((v) => v.term.startsWith(`${lang}_`) && (lang !== 'zh' ? surface.has(v.term) && /^\p{L}{4,}$/u.test(v.term.slice(3)) : /^\p{Script=Han}{2}$/u.test(v.term.slice(3))));
    const query = (v: { term: string }) => (lang === 'zh' ? v.term.slice(3) : surface.get(v.term)!);
    const byDf = mine.sort((a, b) => b.doc - a.doc);
    for (const v of byDf.filter((v) => !stop.has(v.term)).slice(0, 10)) frequent.push({ lang, query: query(v), df: v.doc });
    // a small vocabulary drawn a million times has no word that rare: then its ten rarest
    let pool = byDf.filter((v) => v.doc >= 40 && v.doc <= 400);
    if (pool.length < 10) pool = byDf.filter((v) => v.doc >= 40).slice(-10);
    for (let i = 0; i < 10 && pool.length; i++) {
      const v = pool[Math.floor((i * pool.length) / 10)];
      rare.push({ lang, query: query(v), df: v.doc });
    }
  }
  const chars = new Map<string, number>();
  for (const v of vocab) if (/^zh_\p{Script=Han}$/u.test(v.term)) chars.set(v.term.slice(3), v.doc);
  for (const [ch, df] of [...chars].sort((a, b) => b[1] - a[1]).slice(0, 10)) zhChar.push({ lang: 'zh', query: ch, df });
  return { rare, frequent, zhChar };
}
