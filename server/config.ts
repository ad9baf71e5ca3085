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
  };
}
