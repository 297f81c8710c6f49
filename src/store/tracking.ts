/**
 * Remembers the runs and trials a process opened in a store, so that when the
 * process is stopped (Ctrl-C, SIGTERM, a closed output pipe) they can be
 * ended properly — runs as interrupted, trials as failed — instead of being
 * left running until they are found stale.
 */
import type { ExperimentStore, NewTrialClaim, StudyTrialRow } from './store.js';

export interface TrackedStore { store: ExperimentStore; interrupt(reason: string): Promise<void> }

export function trackOpenWork(inner: ExperimentStore): TrackedStore {
  const runs = new Set<number>(), trials = new Set<number>();
  const track: Partial<Record<keyof ExperimentStore, (result: unknown, args: unknown[]) => void>> = {
    createRun: (id) => runs.add(id as number),
    reopenRun: (_r, [id]) => runs.add(id as number),
    finishRun: (_r, [id]) => runs.delete(id as number),
    createTrial: (row) => trials.add((row as StudyTrialRow).id),
    claimNewTrial: (claim) => { if ('trial' in (claim as NewTrialClaim)) trials.add((claim as { trial: StudyTrialRow }).trial.id); },
    claimWaitingTrial: (row) => { if (row) trials.add((row as StudyTrialRow).id); },
    finishTrial: (_r, [id]) => trials.delete(id as number),
  };
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      const after = track[prop as keyof ExperimentStore];
      if (typeof value !== 'function') return value;
      const fn = value as (...a: unknown[]) => unknown;
      if (!after) return fn.bind(target);
      return async (...args: unknown[]) => { const r = await fn.apply(target, args); after(r, args); return r; };
    },
  });
  return {
    store,
    async interrupt(reason) {
      for (const id of trials) {
        const t = await inner.getTrial(id);
        if (t?.state === 'running') await inner.finishTrial(id, 'failed', null, t.attrs, reason, t.worker ?? undefined);
      }
      for (const id of runs) await inner.finishRun(id, 'interrupted', undefined, reason);
      trials.clear();
      runs.clear();
    },
  };
}
