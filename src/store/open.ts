/**
 * Stores by URL: `sqlite:PATH` (or a bare path ending in .db), `memory:`.
 * A new backend is one file plus one entry in STORE_SCHEMES.
 */
import { MemoryStore } from './memory.js';
import { SqliteStore } from './sqlite.js';
import type { ExperimentStore } from './store.js';

export const DEFAULT_STORE_URL = 'sqlite:./topiary.db';

export const STORE_SCHEMES: Record<string, (rest: string, url: string) => ExperimentStore> = {
  sqlite: (path, url) => {
    if (!path) throw new Error(`storage URL "${url}": sqlite needs a file, e.g. sqlite:./topiary.db`);
    return new SqliteStore(path);
  },
  memory: () => new MemoryStore(),
};

export async function openStore(url: string = DEFAULT_STORE_URL): Promise<ExperimentStore> {
  const m = /^([a-z][a-z0-9+.-]*):(.*)$/s.exec(url);
  if (!m || m[1].length === 1 /* a Windows drive letter */) {
    if (/\.(db|sqlite3?)$/.test(url)) return new SqliteStore(url);
    throw new Error(`storage URL "${url}": expected ${Object.keys(STORE_SCHEMES).map((s) => `${s}:…`).join(' or ')} (e.g. sqlite:./topiary.db, memory:)`);
  }
  const open = STORE_SCHEMES[m[1]];
  if (!open) throw new Error(`storage URL "${url}": unknown scheme "${m[1]}:"; expected one of ${Object.keys(STORE_SCHEMES).map((s) => `${s}:`).join(', ')}`);
  return open(m[2].replace(/^\/\/(?=\.|\/)/, ''), url);
}
