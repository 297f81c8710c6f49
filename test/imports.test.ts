/**
 * The source's module graph has no cycles: a module never imports, directly or through others, a module that imports
 * it (type-only imports aside, as they vanish at run time). Cycles make load order matter and hide layering mistakes.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../../src', import.meta.url)));

function sources(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Runtime imports of a file: `import … from './x.js'` and `export … from './x.js'`, not `import type`. */
function runtimeImports(file: string, known: Set<string>): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gm)]
    .map((m) => resolve(dirname(file), m[1].replace(/\.js$/, '.ts')))
    .filter((p) => known.has(p));
}

export function importCycles(files: string[]): string[][] {
  const known = new Set(files), graph = new Map(files.map((f) => [f, runtimeImports(f, known)]));
  const state = new Map<string, 'open' | 'done'>(), cycles: string[][] = [];
  const visit = (n: string, stack: string[]) => {
    state.set(n, 'open');
    stack.push(n);
    for (const d of graph.get(n)!) {
      if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].map((p) => relative(root, p)));
      else if (!state.has(d)) visit(d, stack);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f, []);
  return cycles;
}

it('src/ has no import cycles', () => {
  const files = sources(root);
  assert.ok(files.length > 100, `read ${files.length} source files under ${root}`);
  assert.deepEqual(importCycles(files).map((c) => c.join(' → ')), []);
});
