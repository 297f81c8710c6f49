/**
 * Config files (YAML or JSON) equivalent to command-line flags: each key is a
 * flag name; command-line flags win. Values are checked against the flag's type.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { type Parsed, parseArgs } from './args.js';

export function applyConfig(p: Parsed, known: Record<string, 'string' | 'boolean'>): void {
  const file = p.flags.get('config');
  if (typeof file !== 'string') return;
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch {
    throw new Error(`${file}: config file not found; pass an existing .yaml, .yml or .json file to --config`);
  }
  let data: unknown;
  try {
    data = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new Error(`${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'} (${(e as Error).message.split('\n')[0]})`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error(`${file}: expected a mapping of option names to values`);
  const allowed = Object.keys(known).filter((k) => k !== 'config' && k !== 'json');
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const kind = known[key];
    if (!kind || key === 'config' || key === 'json') throw new Error(`${file}: unknown field "${key}"; allowed fields: ${allowed.join(', ')}`);
    if (p.flags.has(key)) continue;
    if (kind === 'boolean') {
      if (typeof value !== 'boolean') throw new Error(`${file}: field "${key}" is ${JSON.stringify(value)}; expected true or false`);
      if (value) p.flags.set(key, true);
    } else {
      if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`${file}: field "${key}" is ${JSON.stringify(value)}; expected a string or number`);
      p.flags.set(key, String(value));
    }
    p.origin.set(key, `${file}: field "${key}"`);
  }
}

/** The command line parsed, then the --config file's values for the flags it did not give. */
export function parseWithConfig(argv: string[], known: Record<string, 'string' | 'boolean'>): Parsed {
  const p = parseArgs(argv, known);
  applyConfig(p, known);
  return p;
}
