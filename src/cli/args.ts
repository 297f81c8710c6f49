/** A small flag parser: --name value, --name=value, boolean --flag; unknown flags are errors. */
export interface Parsed { positional: string[]; flags: Map<string, string | true> }

export function parseArgs(argv: string[], known: Record<string, 'string' | 'boolean'>): Parsed {
  const positional: string[] = [], flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) { positional.push(a); continue; }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    const kind = known[name];
    if (!kind) throw new Error(`unknown option --${name}; known options: ${Object.keys(known).map((k) => `--${k}`).join(' ')}`);
    if (kind === 'boolean') { flags.set(name, true); continue; }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new Error(`option --${name} needs a value`);
    flags.set(name, value);
  }
  return { positional, flags };
}

export function numberFlag(p: Parsed, name: string, fallback: number, check: (v: number) => boolean, allowed: string): number {
  const raw = p.flags.get(name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw === true || !Number.isFinite(v) || !check(v)) throw new Error(`--${name}: got "${String(raw)}"; expected ${allowed}`);
  return v;
}
