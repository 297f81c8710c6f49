/**
 * Named implementations of one kind (strategies, pruners, proxies, datasets, optimizers …): one lookup with one error,
 * which names the kind, lists what exists and suggests the nearest name to a typo.
 */
import { OptionError } from './option-error.js';

/** Edit distance (insertions, deletions, substitutions, adjacent swaps). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The candidate nearest to a mistyped name (within a third of its length, at least 2 edits), or null. */
export function closest(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null, bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) { const dd = distance(name, c); if (dd < bestD) { best = c; bestD = dd; } }
  return best;
}

/**
 * The entry called `name` in `registry`; an unknown name is an OptionError on `option` that says what `kind` of
 * thing was asked for, what exists, and the nearest name.
 */
export function lookup<T>(registry: Readonly<Record<string, T>>, name: string, kind: string, option: string): T {
  if (Object.prototype.hasOwnProperty.call(registry, name)) return registry[name];
  const names = Object.keys(registry);
  const near = closest(name, names);
  throw new OptionError(option, `got "${name}"; expected one of ${names.join(', ')} (no ${kind} of that name${near ? `; did you mean "${near}"?` : ''})`);
}
