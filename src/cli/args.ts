/** A small flag parser: --name value, --name=value, boolean --flag; unknown flags are errors; --help asks for the command's help. */
import { HelpRequest } from './help.js';
import { closest } from '../index.js';

export { closest };

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

/** Value-taking flags from their names, space-separated (a command's flag table on one line). */
export const stringFlags = (names: string): Record<string, 'string'> => Object.fromEntries(names.trim().split(/\s+/).map((n) => [n, 'string' as const]));
