#!/usr/bin/env node
// `npm run build` (run by `npm ci` through `prepare`): compiles the server and the `triptych` command
// from TypeScript into dist/ with esbuild, one bundle per entry (shared code in chunks beside them, the
// packages in node_modules left as imports), links the `triptych` command into node_modules/.bin, then
// builds the compact CC-CEDICT cache the aligner loads (and that of every installed FreeDict pair), so
// that no start after an install parses a dictionary. dist/ is not tracked by git.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');
const started = performance.now();

fs.rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // dist/ is flat (entries and chunks side by side): server/config.ts finds the project one folder up
  entryPoints: { server: 'server/main.ts', cli: 'server/cli/main.ts', 'tokenize-worker': 'server/cli/tokenize-worker.ts', 'job-worker': 'server/jobs/job-worker.ts', 'alignment-worker': 'server/services/alignment-worker.ts', resources: 'server/resources/index.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

// `npx triptych` runs node_modules/.bin/triptych. The package declares no "bin" of its own: npx would
// then install the project itself into its cache to link that bin, and with strict-allow-scripts it
// refuses a project that has a prepare script (its policy ignores the project's allowScripts).
const binDir = path.join(root, 'node_modules', '.bin');
fs.mkdirSync(binDir, { recursive: true });
fs.rmSync(path.join(binDir, 'triptych'), { force: true });
fs.symlinkSync(path.join('..', '..', 'bin', 'triptych.js'), path.join(binDir, 'triptych'));

const { loadAlignResources, installedFreedictLanguages } = await import(pathToFileURL(path.join(outdir, 'resources.js')).href);
await loadAlignResources(['zh', ...installedFreedictLanguages()]);
console.log(`built dist/ and the dictionary caches in ${((performance.now() - started) / 1000).toFixed(1)} s`);
