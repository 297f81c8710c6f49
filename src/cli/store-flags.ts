/** The store a command writes to: --storage URL, --db PATH (sqlite shorthand), --no-store (in memory, nothing kept). */
import { DEFAULT_STORE_URL, openStore } from '../store/open.js';
import type { ExperimentStore } from '../store/store.js';
import { type Parsed, optionName } from './args.js';

export const STORE_FLAGS = { storage: 'string', db: 'string', 'no-store': 'boolean' } as const;

export function storeUrl(p: Parsed): string {
  const given = ['storage', 'db', 'no-store'].filter((k) => p.flags.has(k));
  if (given.length > 1) throw new Error(`${given.map((k) => optionName(p, k)).join(' and ')}: pick one (--storage URL, --db PATH or --no-store)`);
  if (p.flags.has('no-store')) return 'memory:';
  if (p.flags.has('db')) return `sqlite:${String(p.flags.get('db'))}`;
  return String(p.flags.get('storage') ?? DEFAULT_STORE_URL);
}

export const storeFromFlags = (p: Parsed): Promise<ExperimentStore> => openStore(storeUrl(p));
