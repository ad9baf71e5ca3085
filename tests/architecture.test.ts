// The shape of the code, read from its source: no import cycle among the server's modules (the
// services once formed one: align-work → terms-recognition → read-work → align-work), SQL only in
// server/db/, one statement cache for the data layer, and no statement written out twice there.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../server/config.ts';

const serverDir = path.join(projectRoot, 'server');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(file));
    else if (file.endsWith('.ts')) out.push(file);
  }
  return out.sort();
}

/** Each module's relative imports that stay at run time (type-only imports vanish). */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf8');
    const deps: string[] = [];
    for (const m of source.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^'";]*?\bfrom\s+['"](\.[^'"]+)['"]/gm)) {
      if (!m[1]) deps.push(path.resolve(path.dirname(file), m[2]));
    }
    for (const m of source.matchAll(/^\s*import\s+['"](\.[^'"]+)['"]/gm)) deps.push(path.resolve(path.dirname(file), m[1]));
    for (const m of source.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)) deps.push(path.resolve(path.dirname(file), m[1]));
    graph.set(file, deps.filter((d) => graph.has(d) || files.includes(d)));
  }
  return graph;
}

/** The strongly connected components with more than one module (Tarjan), as paths relative to server/. */
function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(path.relative(serverDir, w));
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** The SQL statements written out in a source file, white space folded. */
function statementsIn(source: string): string[] {
  return [...source.matchAll(/(['`])((?:SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE)\b[\s\S]*?)\1/g)].map((m) => m[2].replace(/\s+/g, ' ').trim());
}

describe('the code', () => {
  const files = sourceFiles(serverDir);

  it('has no import cycle among the server modules', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(importCycles(importGraph(files))).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const a = path.join(serverDir, 'services', 'a.ts');
    const b = path.join(serverDir, 'services', 'b.ts');
    const c = path.join(serverDir, 'services', 'c.ts');
    expect(importCycles(new Map([[a, [b]], [b, [c]], [c, [a]]]))).toEqual([['services/a.ts', 'services/b.ts', 'services/c.ts']]);
  });

  it('writes SQL only in server/db', () => {
    const outside = files.filter((f) => !f.startsWith(path.join(serverDir, 'db') + path.sep) && statementsIn(fs.readFileSync(f, 'utf8')).some((s) => /\b(FROM|INTO|SET)\b/.test(s)));
    expect(outside.map((f) => path.relative(serverDir, f))).toEqual([]);
  });

  it('keeps one statement cache, and no db module repeats a statement of its own or of another', () => {
    const dbFiles = files.filter((f) => f.startsWith(path.join(serverDir, 'db') + path.sep));
    const caches = dbFiles.filter((f) => /new WeakMap<Database, Map<string, Statement>>/.test(fs.readFileSync(f, 'utf8')));
    expect(caches.map((f) => path.basename(f))).toEqual(['statements.ts']);
    const where = new Map<string, string[]>();
    for (const file of dbFiles) {
      // the data steps of old migrations keep their SQL as of their own schema, not the current one
      if (path.basename(file).startsWith('legacy-')) continue;
      for (const statement of statementsIn(fs.readFileSync(file, 'utf8'))) where.set(statement, [...(where.get(statement) ?? []), path.basename(file)]);
    }
    expect(where.size).toBeGreaterThan(50);
    const repeated = [...where].filter(([, list]) => list.length > 1).map(([statement, list]) => `${list.join(', ')}: ${statement}`);
    expect(repeated).toEqual([]);
  });
});
