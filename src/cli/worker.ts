/** `topiary worker --storage URL --study NAME [--concurrency K] [--data-dir DIR] [--json]`: evaluate a shared study's trials until its budget is spent. */
import { runWorker } from '../search/worker.js';
import { intFlag, numberFlag, optionName, parseArgs } from './args.js';
import { STORE_FLAGS, storeFromFlags } from './store-flags.js';

export async function workerCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, { study: 'string', concurrency: 'string', 'data-dir': 'string', 'stale-after': 'string', json: 'boolean', ...STORE_FLAGS });
  const study = p.flags.get('study');
  if (typeof study !== 'string') throw new Error(`${optionName(p, 'study')} is required: the study to work on (see topiary study list --storage URL)`);
  const store = await storeFromFlags(p);
  if (!store.persistent) throw new Error('topiary worker joins a study in a shared store: pass --storage sqlite:PATH or postgresql://…');
  try {
    const r = await runWorker({
      store, study, concurrency: intFlag(p, 'concurrency', 1, 1), dataDir: p.flags.get('data-dir') as string | undefined, log,
      staleAfterSeconds: p.flags.has('stale-after') ? numberFlag(p, 'stale-after', 120, (v) => v > 0, 'seconds > 0') : undefined,
    });
    const count = (s: string) => r.trials.filter((t) => t.state === s).length;
    log(`worker ${r.worker} done on ${r.study}: ${r.trials.length} trial(s) (${count('completed')} completed, ${count('pruned')} pruned, ${count('failed')} failed)`);
    return { study: r.study, worker: r.worker, trials: r.trials.length, completed: count('completed'), pruned: count('pruned'), failed: count('failed') };
  } finally {
    await store.close();
  }
}
