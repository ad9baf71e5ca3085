// The shared folder the tests read beside the project: the seed text and the benchmark sets (see
// Config.sharedDir). Missing, it fails the test with what to do; it never skips.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../server/config.ts';

export function sharedPath(...parts: string[]): string {
  const dir = loadConfig().sharedDir;
  const file = path.join(dir, ...parts);
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: the tests read the shared folder (seed, bench) beside the project, ../shared; clone the project next to it or set TRIPTYCH_SHARED_DIR`);
  }
  return file;
}
