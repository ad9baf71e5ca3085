// Every setting of Triptych, read from the environment with safe defaults.
// The server binds to loopback unless HOST says otherwise.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultBusyTimeoutMs } from './db/busy.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  host: string;
  port: number;
  databasePath: string;
  textsDir: string;
  migrationsDir: string;
  viewsDir: string;
  maxUploadBytes: number;
  /** Import the works in textsDir into an empty database at start-up. */
  seed: boolean;
  /** How long a write waits for another writer (another process on the same file) before giving up. */
  busyTimeoutMs: number;
  /**
   * The shared folder beside the project (seed text, benchmark sets with gold alignments), read by the
   * tests and benchmarks only: TRIPTYCH_SHARED_DIR, or ../shared next to the project folder.
   */
  sharedDir: string;
  /** Longest version accepted, in sentences (after long sentences are split). */
  maxSentencesPerVersion: number;
  /** Longest sentence stored, in characters (UTF-16 code units, as the editor counts them). */
  maxSentenceChars: number;
  /** What an import does with a longer sentence: cut it into pieces of at most maxSentenceChars, or refuse the file. */
  longSentences: 'split' | 'refuse';
  /** Worker threads that run long work (imports, re-alignment, big reports and exports); 0 runs it on the request thread. */
  jobWorkers: number;
  /** How long a request waits for its job before answering with the job's progress instead of its result. */
  jobWaitMs: number;
  /** A work with at least this many sentences (all versions) has its check report and exports made by a job. */
  bigWorkSentences: number;
  /** A session ends after this many minutes without a request. */
  sessionIdleMinutes: number;
  /** scrypt's cost parameter N as a power of two (17: 2^17, 128 MiB with r = 8), for new password hashes. */
  passwordHashLogN: number;
  /** Express's `trust proxy` setting (the address and protocol a reverse proxy reports): unset trusts none. */
  trustProxy: string;
}

/** An address only this machine reaches (where local mode, without accounts, is safe). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\./.test(h);
}

function integerFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, not '${raw}'`);
  }
  return value;
}

function choiceFromEnv<T extends string>(env: NodeJS.ProcessEnv, name: string, choices: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(choices as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${choices.join(', ')}, not '${raw}'`);
  return raw as T;
}

function boundedIntegerFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = integerFromEnv(env, name, fallback);
  if (value < min || value > max) throw new Error(`${name} must be between ${min} and ${max}, not ${value}`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST || '127.0.0.1',
    port: integerFromEnv(env, 'PORT', 3000),
    databasePath: path.resolve(env.TRIPTYCH_DB || path.join(projectRoot, 'data', 'triptych.sqlite')),
    textsDir: path.resolve(env.TRIPTYCH_TEXTS || path.join(projectRoot, 'texts')),
    migrationsDir: path.join(projectRoot, 'migrations'),
    viewsDir: path.join(projectRoot, 'views'),
    maxUploadBytes: integerFromEnv(env, 'TRIPTYCH_MAX_UPLOAD_BYTES', 10 * 1024 * 1024),
    seed: env.TRIPTYCH_SEED !== '0',
    busyTimeoutMs: integerFromEnv(env, 'TRIPTYCH_BUSY_TIMEOUT_MS', defaultBusyTimeoutMs),
    sharedDir: path.resolve(env.TRIPTYCH_SHARED_DIR || path.join(projectRoot, '..', 'shared')),
    maxSentencesPerVersion: boundedIntegerFromEnv(env, 'TRIPTYCH_MAX_SENTENCES', 100_000, 1, 10_000_000),
    maxSentenceChars: boundedIntegerFromEnv(env, 'TRIPTYCH_MAX_SENTENCE_CHARS', 5000, 100, 1_000_000),
    longSentences: choiceFromEnv(env, 'TRIPTYCH_LONG_SENTENCES', ['split', 'refuse'] as const, 'split'),
    jobWorkers: boundedIntegerFromEnv(env, 'TRIPTYCH_JOB_WORKERS', 1, 0, 16),
    jobWaitMs: boundedIntegerFromEnv(env, 'TRIPTYCH_JOB_WAIT_MS', 1500, 0, 600_000),
    bigWorkSentences: integerFromEnv(env, 'TRIPTYCH_BIG_WORK_SENTENCES', 6000),
    sessionIdleMinutes: boundedIntegerFromEnv(env, 'TRIPTYCH_SESSION_IDLE_MINUTES', 480, 1, 60 * 24 * 90),
    passwordHashLogN: boundedIntegerFromEnv(env, 'TRIPTYCH_PASSWORD_HASH_LOG_N', 17, 10, 20),
    trustProxy: env.TRIPTYCH_TRUST_PROXY ?? '',
  };
}
