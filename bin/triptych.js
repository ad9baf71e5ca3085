#!/usr/bin/env node
// Entry point of the `triptych` command: runs the CLI compiled into dist/ by `npm run build` (which
// `npm ci` runs through `prepare`).
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli.js')) throw error;
  process.stderr.write('triptych: not built yet: run `npm run build` (npm ci does it)\n');
  process.exit(1);
}
process.exitCode = await cli.runCli(process.argv.slice(2));
