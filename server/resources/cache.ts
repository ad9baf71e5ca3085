// The disk cache of the aligner's resources: compact forms of installed dictionaries, built once and
// kept under node_modules/.cache/triptych/ beside the packages they come from. A cache that cannot be
// written (a read-only install) only means the resource is built again at the next start.
import fs from 'node:fs';
import path from 'node:path';

/** The cache folder for resources found in (or beside) the folder `nodeModules`. */
export function resourceCacheDir(nodeModules: string): string {
  return path.join(nodeModules, '.cache', 'triptych');
}

/** The project's node_modules folder, looked for upwards from this module (null when there is none). */
export function projectNodeModules(): string | null {
  let base = path.dirname(new URL(import.meta.url).pathname);
  for (;;) {
    const candidate = path.join(base, 'node_modules');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(base) === base) return null;
    base = path.dirname(base);
  }
}

/**
 * The text cached in `file`, or `build()` written there (atomically) when it is missing; other files of
 * the folder that `superseded` matches (caches of other versions or formats of the same resource) go.
 */
export function cachedText(file: string, build: () => string, superseded: RegExp): string {
  try {
    const cached = fs.readFileSync(file, 'utf8');
    if (cached) return cached;
  } catch {
    // not built yet
  }
  const text = build();
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
    for (const old of fs.readdirSync(path.dirname(file))) {
      if (superseded.test(old) && old !== path.basename(file)) fs.rmSync(path.join(path.dirname(file), old), { force: true });
    }
  } catch {
    // a read-only install still works, it just rebuilds next time
  }
  return text;
}
