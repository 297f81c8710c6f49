/** The store a command writes to: --storage URL, --db PATH (sqlite shorthand), --no-store (in memory, nothing kept). */
import { DEFAULT_STORE_URL, openStore } from '../store/open.js';
import { maskUrl } from '../store/mask-url.js';
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

/**
 * The store the flags name, opened on its first use: a library call checks its options before it records anything,
 * so a mistyped option fails without creating or touching a store file.
 */
export function lazyStoreFromFlags(p: Parsed): ExperimentStore {
  const url = storeUrl(p);
  let opened: Promise<ExperimentStore> | null = null, real: ExperimentStore | null = null;
  const open = () => (opened ??= storeFromFlags(p).then((s) => (real = s)));
  return new Proxy({} as ExperimentStore, {
    get(_, key) {
      // The URL as the store shows it (a PostgreSQL password masked), also before it is opened.
      if (key === 'url') return real?.url ?? maskUrl(url);
      if (key === 'persistent') return url !== 'memory:';
      if (key === 'close') return async () => { if (opened) await (await opened).close(); };
      if (key === 'then') return undefined;
      return async (...args: unknown[]) => {
        const store = await open();
        return (store[key as keyof ExperimentStore] as (...a: unknown[]) => unknown).apply(store, args);
      };
    },
  });
}

/** The store the flags name (none with --no-store: the run is not recorded), opened when first used, for `work`; closed after. */
export async function withRunStore<T>(p: Parsed, work: (store: ExperimentStore | null) => Promise<T>): Promise<T> {
  const store = p.flags.has('no-store') ? null : lazyStoreFromFlags(p);
  try {
    return await work(store);
  } finally {
    await store?.close();
  }
}
