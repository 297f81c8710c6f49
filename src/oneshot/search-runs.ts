/**
 * Weight-sharing searches in the experiment store: each strategy × seed is one run (kind `oneshot-search`) whose
 * epochs are the supernet's epochs and whose summary is the derived cell. A resumed search reuses the completed
 * runs with the same settings, so a stopped process loses at most the search in flight.
 */
import type { ExperimentStore, RunRow } from '../store/store.js';

export const ONESHOT_RUN_KIND = 'oneshot-search';

export const oneShotExperiment = (dataset: string, space: string): string => `oneshot-search:${dataset}:${space}`;

/** The completed run of `experiment` with exactly these settings (the newest), if any. */
export async function completedOneShotRun(store: ExperimentStore, experiment: string, params: Record<string, unknown>): Promise<RunRow | undefined> {
  const runs = await store.listRuns({ experiment, limit: 10_000 });
  return runs
    .filter((r) => r.kind === ONESHOT_RUN_KIND && r.status === 'completed' && r.summary !== null && sameSettings(r.params, params))
    .sort((a, b) => b.id - a.id)[0];
}

/** Key by key, so that a store that reorders JSON keys (PostgreSQL's jsonb) still matches. */
function sameSettings(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => JSON.stringify(a[k] ?? null) === JSON.stringify(b[k] ?? null));
}
