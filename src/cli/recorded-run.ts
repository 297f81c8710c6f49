/**
 * Runs a command's work as a run in the store (unless --no-store): created before, completed with its summary
 * (and its model as an artifact) or failed with its error. The work may record per-epoch metrics.
 */
import { type EpochRecorder, recordRun } from '../store/record-run.js';
import type { Metrics } from '../train/metrics.js';
import type { Parsed } from './args.js';
import { storeFromFlags } from './store-flags.js';

export type { EpochRecorder } from '../store/record-run.js';

/** An epoch's validation score as a run records it: accuracy for classification, R² for regression. */
export const validMetrics = (val: Metrics): Record<string, number> =>
  (val.accuracy !== undefined ? { 'valid.accuracy': val.accuracy } : val.r2 !== undefined ? { 'valid.r2': val.r2 } : {});

export async function recordedRun(p: Parsed, experiment: string, kind: string, params: Record<string, unknown>,
  work: (recordEpoch: EpochRecorder) => Record<string, unknown> | Promise<Record<string, unknown>>, log: (line: string) => void): Promise<Record<string, unknown>> {
  const store = p.flags.has('no-store') ? null : await storeFromFlags(p);
  try {
    const { outcome, runId } = await recordRun(store, experiment, kind, params, async (recordEpoch) => {
      const full = await work(recordEpoch);
      const { history: _history, ...kept } = full;
      return { full, summary: kept, artifacts: typeof full.model === 'string' ? [['model', full.model] as const] : [] };
    }, (id) => log(`run ${id} recorded in ${store!.url}`));
    return runId === undefined ? outcome.full : { ...outcome.full, runId };
  } finally {
    await store?.close();
  }
}
