/** A small flag parser: --name value, --name=value, boolean --flag; unknown flags are errors; --help asks for the command's help. */
import { HelpRequest } from './help.js';

export interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
  /** Where a value came from when not the command line (for error messages), e.g. 'run.yaml: field "epochs"'. */
  origin: Map<string, string>;
}

/** How to name an option in an error: the config field it came from, or the flag. */
export function optionName(p: Parsed, name: string): string { return p.origin.get(name) ?? `--${name}`; }

export function parseArgs(argv: string[], known: Record<string, 'string' | 'boolean'>): Parsed {
  const positional: string[] = [], flags = new Map<string, string | true>();
  if (argv.includes('--help') || argv.includes('-h')) throw new HelpRequest(known);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) { positional.push(a); continue; }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    const kind = known[name];
    if (!kind) {
      const near = closest(name, Object.keys(known));
      throw new Error(`unknown option --${name}${near ? `; did you mean --${near}?` : ''} (known options: ${Object.keys(known).map((k) => `--${k}`).join(' ')})`);
    }
    if (kind === 'boolean') { flags.set(name, true); continue; }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new Error(`option --${name} needs a value`);
    flags.set(name, value);
  }
  return { positional, flags, origin: new Map() };
}

/** An integer flag that must be at least `min`. */
export function intFlag(p: Parsed, name: string, fallback: number, min: number): number {
  return numberFlag(p, name, fallback, (v) => Number.isInteger(v) && v >= min, min === 1 ? 'a positive integer' : `an integer >= ${min}`);
}

export function numberFlag(p: Parsed, name: string, fallback: number, check: (v: number) => boolean, allowed: string): number {
  const raw = p.flags.get(name);
  if (raw === undefined) return fallback;
  // Decimal notation only: Number() would also read "0x10" as 16 and "" as 0.
  const v = typeof raw === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(raw) ? Number(raw) : Number.NaN;
  if (raw === true || !Number.isFinite(v) || !check(v)) throw new Error(`${optionName(p, name)}: got "${String(raw)}"; expected ${allowed}`);
  return v;
}

/** The comma-separated numbers `text` given for flag `name`; each must pass `check`, else the error names the flag and `expected`. */
export function numberList(p: Parsed, name: string, text: string, check: (v: number) => boolean, expected: string): number[] {
  const values = text.split(',').map(Number);
  if (values.some((v) => !check(v))) throw new Error(`${optionName(p, name)}: got "${text}"; expected ${expected}`);
  return values;
}

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
