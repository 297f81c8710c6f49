/**
 * Runs whose process ended without closing them (killed, or stopped by Ctrl-C while training in the main
 * thread, where no handler can run) are marked interrupted the next time the store is looked at from this
 * host, instead of staying "running".
 */
import { isDeadLocalWorker } from './process-id.js';
import type { ExperimentStore } from './store.js';

export async function settleDeadRuns(store: ExperimentStore): Promise<number[]> {
  const dead = (await store.listRuns({ limit: 1_000_000 })).filter((r) => r.status === 'running' && isDeadLocalWorker(r.worker));
  for (const r of dead) await store.finishRun(r.id, 'interrupted', r.summary ?? undefined, `its process (${r.worker}) ended without closing the run: killed, or stopped while training`);
  return dead.map((r) => r.id);
}
