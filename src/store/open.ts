/**
 * Stores by URL: `sqlite:PATH` (or a bare path ending in .db), `memory:`,
 * `postgresql://user:password@host:port/database`.
 * A new backend is one file plus one entry in STORE_SCHEMES.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { MemoryStore } from './memory.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { ExperimentStore } from './store.js';

export const DEFAULT_STORE_URL = 'sqlite:./topiary.db';

export interface StoreScheme {
  /** Opens the store for the rest of the URL after "scheme:". */
  open(rest: string, url: string): ExperimentStore | Promise<ExperimentStore>;
  /** A fresh, empty store's URL for the conformance suite (a new file in `dir`); `persistent`: reopening the URL finds the data. */
  testUrl(dir: string): Promise<{ url: string; persistent: boolean }>;
}

export const STORE_SCHEMES: Record<string, StoreScheme> = {
  sqlite: {
    open(path, url) {
      if (!path) throw new Error(`storage URL "${url}": sqlite needs a file, e.g. sqlite:./topiary.db`);
      return new SqliteStore(path);
    },
    testUrl: async (dir) => ({ url: `sqlite:${dir}/sub/store.db`, persistent: true }),
  },
  memory: { open: () => new MemoryStore(), testUrl: async () => ({ url: 'memory:', persistent: false }) },
  postgresql: { open: (_rest, url) => PostgresStore.open(url), testUrl: () => freshPostgresDatabase() },
};

/** Other spellings of a scheme. */
const SCHEME_ALIASES: Record<string, string> = { postgres: 'postgresql' };

/**
 * A new, empty database on the server named by TOPIARY_TEST_POSTGRES (an
 * administrator's URL), for the conformance suite; the test run starts that
 * server itself (test/postgres-server.ts).
 */
async function freshPostgresDatabase(): Promise<{ url: string; persistent: boolean }> {
  const admin = process.env.TOPIARY_TEST_POSTGRES;
  if (!admin) throw new Error('TOPIARY_TEST_POSTGRES is not set: the PostgreSQL conformance tests need a server (test/postgres-server.ts starts one)');
  const name = `topiary_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), persistent: true };
}

/** `mustExist`: for commands that only read, a missing SQLite file is an error instead of a new empty store. */
export async function openStore(url: string = DEFAULT_STORE_URL, opts: { mustExist?: boolean } = {}): Promise<ExperimentStore> {
  const { scheme, rest } = parseStoreUrl(url);
  if (opts.mustExist && scheme === 'sqlite' && rest !== '' && !existsSync(rest)) {
    throw new Error(`no store at ${rest}; runs are recorded there by train, search and the other commands (or pass --db / --storage to name another)`);
  }
  return STORE_SCHEMES[scheme].open(rest, url);
}

/** The registered scheme of a URL and what follows "scheme:" (a bare path ending in .db is sqlite). */
function parseStoreUrl(url: string): { scheme: string; rest: string } {
  const m = /^([a-z][a-z0-9+.-]*):(.*)$/s.exec(url);
  if (!m || m[1].length === 1 /* a Windows drive letter */) {
    if (/\.(db|sqlite3?)$/.test(url)) return { scheme: 'sqlite', rest: url };
    throw new Error(`storage URL "${url}": expected ${Object.keys(STORE_SCHEMES).map((s) => `${s}:…`).join(' or ')} (e.g. sqlite:./topiary.db, memory:)`);
  }
  const scheme = SCHEME_ALIASES[m[1]] ?? m[1];
  if (!STORE_SCHEMES[scheme]) throw new Error(`storage URL "${url}": unknown scheme "${m[1]}:"; expected one of ${Object.keys(STORE_SCHEMES).map((s) => `${s}:`).join(', ')}`);
  return { scheme, rest: m[2].replace(/^\/\/(?=\.|\/)/, '') };
}
