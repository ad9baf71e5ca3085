// `triptych align`: aligns two texts and prints one bead per line, `[i,j]:[k]`, source first.
// With --presegmented each line is a sentence; otherwise the files are split as the web app splits them.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { alignPair, loadAlignResources, parallelism, type AlignResources, type AlignSide, type TermSpotter } from '../../align/index.ts';
import { primeSideTokens, tokensOfSide } from '../../align/evidence.ts';
import { formatBeads } from '../../align/beads.ts';
import { decodeText, TextInputError } from '../../text/decode.ts';
import { isContentLanguage } from '../../text/languages.ts';
import { normaliseText } from '../../text/normalise.ts';
import { segmentText } from '../../text/segment.ts';
import { CliError, parseFlags, requireFlag, stringFlag, type CliCommand } from '../io.ts';

export const METHODS = ['triptych', 'gale-church'] as const;
export type AlignMethod = (typeof METHODS)[number];

export function parseMethod(value: string | undefined): AlignMethod {
  if (value === undefined) return 'triptych';
  if (!(METHODS as readonly string[]).includes(value)) throw new CliError(`unknown method '${value}' (expected ${METHODS.join(' or ')})`);
  return value as AlignMethod;
}

export function checkLanguage(code: string, flag: string): string {
  if (!isContentLanguage(code)) throw new CliError(`unknown language code '${code}' for --${flag} (expected an ISO 639-1 code such as en, ru, zh)`);
  return code;
}

/** One sentence per line; a final newline does not start another sentence. */
export function linesOf(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function readBytes(path: string): Uint8Array {
  try {
    return fs.readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path}: ${(error as Error).message}`);
  }
}

function decode(path: string, bytes: Uint8Array): string {
  try {
    return decodeText(bytes).text;
  } catch (error) {
    if (error instanceof TextInputError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
}

/**
 * Reads a text as an aligner side, refusing missing and empty files. Split as the web app splits
 * (its paragraphs and parts then serve as soft evidence), or one sentence per line when presegmented.
 */
export function readSide(path: string, lang: string, presegmented: boolean): AlignSide {
  const bytes = readBytes(path);
  if (bytes.length === 0) throw new CliError(`${path}: the file is empty`);
  const text = decode(path, bytes);
  let side: AlignSide;
  if (presegmented) {
    side = { lang, sentences: linesOf(text) };
  } else {
    const segmented = segmentText(normaliseText(text), lang);
    side = {
      lang,
      sentences: segmented.sentences.map((s) => s.text),
      paragraphs: segmented.sentences.map((s) => s.block),
      parts: segmented.sentences.map((s) => segmented.blocks[s.block].part),
    };
  }
  if (side.sentences.length === 0 || side.sentences.every((s) => s.trim() === '')) throw new CliError(`${path}: no sentences in the file`);
  return side;
}

/** The largest termbase file `--terms` reads (the CLI works without a workspace and its upload limit). */
const maxTermbaseBytes = 64 * 1024 * 1024;

/**
 * A TBX or CSV glossary file as the aligner's term spotter; its problems as CLI errors. The termbase
 * code (and its XML parser) is loaded only here, so an alignment without --terms starts without it.
 */
export async function readTermSpotter(path: string): Promise<TermSpotter> {
  const bytes = readBytes(path);
  const [{ InputError }, { parseTermbaseFile }, { termSegmenter }, { compileTermbase, conceptSpotter }] = await Promise.all([
    import('../../services/errors.ts'),
    import('../../services/terms-termbase.ts'),
    import('../../services/terms-recognition.ts'),
    import('../../terms/match.ts'),
  ]);
  try {
    return conceptSpotter(compileTermbase(parseTermbaseFile(path, bytes, maxTermbaseBytes), { segmentChinese: termSegmenter() }));
  } catch (error) {
    if (error instanceof InputError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
}

/** from this many sentences (both sides), one side is tokenised in a worker thread while the other is here */
const WORKER_SENTENCES = 2000;

/**
 * Tokenises `side` in a worker thread (the compiled command only: dist/tokenize-worker.js), resolving to
 * its tokens, or to null when there is no worker to run or it failed (the side is then tokenised here).
 */
function tokenizeInWorker(side: AlignSide, langs: string[]): Promise<string[][] | null> {
  const file = new URL('./tokenize-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.js') || !fs.existsSync(fileURLToPath(file))) return Promise.resolve(null);
  return new Promise((resolve) => {
    const worker = new Worker(file, { workerData: { lang: side.lang, langs, sentences: side.sentences } });
    worker.once('message', (tokens: string[][]) => resolve(tokens));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
}

/**
 * The resources, and the tokens of both sides made while they load: on a long pair the Chinese side (or
 * else the target) is tokenised in a worker thread, the other side here, at the same time.
 */
async function prepareSides(src: AlignSide, tgt: AlignSide): Promise<AlignResources> {
  const langs = [src.lang, tgt.lang];
  if (src.sentences.length + tgt.sentences.length < WORKER_SENTENCES) return loadAlignResources(langs);
  const away = src.lang === 'zh' && tgt.lang !== 'zh' ? src : tgt;
  const here = away === src ? tgt : src;
  const pending = tokenizeInWorker(away, langs);
  const resources = await loadAlignResources(langs);
  tokensOfSide(here, resources);
  const tokens = await pending;
  if (tokens) primeSideTokens(away, resources, tokens);
  return resources;
}

export const alignCommand: CliCommand = {
  name: 'align',
  usage: `usage: triptych align --src-lang L1 --tgt-lang L2 [--presegmented] [--method triptych|gale-church] [--terms FILE] [--json] SRC TGT

Prints one bead per line, [i,j]:[k]: 0-based sentence numbers, source first, [] for an empty side,
covering every sentence of both texts exactly once and in order. Standard error gets a line
'parallel: 0.xx': how surely the two texts translate each other (about 0.5 where translations and
unrelated texts part; an unrelated pair scores near 0).

  --src-lang, --tgt-lang   ISO 639-1 codes of the two texts (en, ru, zh, de, fr, ...)
  --presegmented           each line of a file is one sentence (otherwise the files are split)
  --method                 triptych (default) or gale-church (the baseline)
  --terms FILE             a termbase (TBX or CSV glossary, as 'triptych terms' reads them): concepts
                           named on both sides are evidence that the sentences translate each other
  --json                   print one JSON object instead: {"parallel": score, "beads": [{"src": [..],
                           "tgt": [..], "confidence": c}, ...]}`,
  async run(args, io) {
    const { flags, positional } = parseFlags(args, { values: ['src-lang', 'tgt-lang', 'method', 'terms'], switches: ['presegmented', 'json'] });
    const srcLang = checkLanguage(requireFlag(flags, 'src-lang'), 'src-lang');
    const tgtLang = checkLanguage(requireFlag(flags, 'tgt-lang'), 'tgt-lang');
    const method = parseMethod(stringFlag(flags, 'method'));
    if (positional.length !== 2) throw new CliError(`expected two files, SRC and TGT (got ${positional.length})`);
    const presegmented = flags.presegmented === true;
    const src = readSide(positional[0], srcLang, presegmented);
    const tgt = readSide(positional[1], tgtLang, presegmented);
    const termsFile = stringFlag(flags, 'terms');
    if (termsFile !== undefined && method === 'gale-church') throw new CliError('--terms needs the triptych method: Gale-Church aligns by length alone');
    const terms = termsFile === undefined ? undefined : await readTermSpotter(termsFile);
    const resources = method === 'triptych' ? await prepareSides(src, tgt) : undefined;
    const beads = alignPair(src, tgt, { method, resources, terms });
    const parallel = Math.round(parallelism(src, tgt, beads, { resources }) * 100) / 100;
    if (flags.json === true) io.out(JSON.stringify({ parallel, beads: beads.map(({ src: s, tgt: t, confidence }) => ({ src: s, tgt: t, confidence })) }) + '\n');
    else io.out(formatBeads(beads));
    io.err(`parallel: ${parallel.toFixed(2)}\n`);
    return 0;
  },
};
