/** The store a command writes to: --storage URL, --db PATH (sqlite shorthand), --no-store (in memory, nothing kept). */
import { DEFAULT_STORE_URL, openStore } from '../store/open.js';
import type { ExperimentStore } from '../store/store.js';
import { trackOpenWork } from '../store/tracking.js';
import { type Parsed, optionName } from './args.js';
import { onShutdown } from './shutdown.js';

export const STORE_FLAGS = { storage: 'string', db: 'string', 'no-store': 'boolean' } as const;

/** The flags of a command that records a run: where, under which experiment, and --json output. */
export const RUN_FLAGS = { experiment: 'string', json: 'boolean', ...STORE_FLAGS } as const;

export function storeUrl(p: Parsed): string {
  const given = ['storage', 'db', 'no-store'].filter((k) => p.flags.has(k));
  if (given.length > 1) throw new Error(`${given.map((k) => optionName(p, k)).join(' and ')}: pick one (--storage URL, --db PATH or --no-store)`);
  if (p.flags.has('no-store')) return 'memory:';
  if (p.flags.has('db')) return `sqlite:${String(p.flags.get('db'))}`;
  return String(p.flags.get('storage') ?? DEFAULT_STORE_URL);
}

/**
 * The store of a command: work it opens (runs, trials) is ended properly if the process is stopped
 * (see shutdown.ts); closing the store normally hands that duty back.
 */
export async function storeFromFlags(p: Parsed, opts: { mustExist?: boolean } = {}): Promise<ExperimentStore> {
  const { store, interrupt } = trackOpenWork(await openStore(storeUrl(p), opts));
  const close = store.close.bind(store);
  const forget = onShutdown(async () => { await interrupt('interrupted: the process was stopped'); await close(); });
  return Object.assign(Object.create(store) as ExperimentStore, { close: async () => { forget(); await close(); } });
}

/** Opens the store the flags name (none with --no-store: the run is not recorded), runs `work` with it, closes it. */
export async function withRunStore<T>(p: Parsed, work: (store: ExperimentStore | null) => Promise<T>): Promise<T> {
  const store = p.flags.has('no-store') ? null : await storeFromFlags(p);
  try {
    return await work(store);
  } finally {
    await store?.close();
  }
}
