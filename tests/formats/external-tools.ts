// Tools nobody here wrote, run on our exports: xmllint (libxml2-utils), translate-toolkit and
// python-docx (Debian's python3 modules) and Python's csv module. A missing tool fails the test
// with what to install (.ci/run installs them); it never skips.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ToolRun {
  status: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], input?: string | Buffer): ToolRun & { missing: boolean } {
  const result = spawnSync(command, args, { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, PYTHONIOENCODING: 'utf-8' } });
  const missing = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { status: result.status ?? -1, stdout: result.stdout ?? '', stderr: result.stderr ?? String(result.error ?? ''), missing };
}

/** A file in a fresh temporary folder holding `content`. */
export function tempFile(name: string, content: string | Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-formats-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** xmllint --noout with the given options on a file; fails saying what to install when xmllint is missing. */
export function xmllint(options: string[], file: string): ToolRun {
  const result = run('xmllint', ['--noout', ...options, file]);
  if (result.missing) throw new Error('xmllint is not installed: apt-get install libxml2-utils (.ci/run installs it)');
  return result;
}

const pythonModules: Record<string, string> = {
  docx: 'python3-docx',
  translate: 'translate-toolkit',
  csv: 'python3',
};

let pythonByModule = new Map<string, string>();

/**
 * A python3 that can import the module: TRIPTYCH_PYTHON, else Debian's /usr/bin/python3 (where apt
 * puts python3-docx and translate-toolkit; a pyenv python3 earlier on PATH does not see them), else
 * python3 on PATH.
 */
export function pythonWith(module: string): string {
  const known = pythonByModule.get(module);
  if (known) return known;
  const candidates = [process.env.TRIPTYCH_PYTHON, '/usr/bin/python3', 'python3'].filter((c): c is string => Boolean(c));
  for (const python of candidates) {
    const probe = run(python, ['-c', `import ${module}`]);
    if (!probe.missing && probe.status === 0) {
      pythonByModule = new Map(pythonByModule).set(module, python);
      return python;
    }
  }
  throw new Error(
    `no python3 here can import '${module}' (tried ${candidates.join(', ')}): apt-get install ${pythonModules[module] ?? module} (.ci/run installs it), or point TRIPTYCH_PYTHON at a python3 that has it`,
  );
}

/** Runs a Python script with the module importable; the script's JSON output is returned parsed. */
export function runPython<T = unknown>(module: string, script: string, args: string[] = []): T {
  const python = pythonWith(module);
  const result = run(python, ['-c', script, ...args]);
  if (result.status !== 0) throw new Error(`${python} failed (${result.status}):\n${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
