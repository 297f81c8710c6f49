/**
 * Runs a command's work as a run in the store (unless --no-store): created before, completed with its summary
 * (and its model as an artifact) or failed with its error. The work may record per-epoch metrics.
 */
import type { Metrics } from '../train/metrics.js';
import type { Parsed } from './args.js';
import { storeFromFlags } from './store-flags.js';

/** Records one epoch's metrics of the run (nothing without a store). */
export type EpochRecorder = (epoch: number, metrics: Record<string, number>) => void;

/** An epoch's validation score as a run records it: accuracy for classification, R² for regression. */
export const validMetrics = (val: Metrics): Record<string, number> =>
  (val.accuracy !== undefined ? { 'valid.accuracy': val.accuracy } : val.r2 !== undefined ? { 'valid.r2': val.r2 } : {});

export async function recordedRun(p: Parsed, experiment: string, kind: string, params: Record<string, unknown>,
  work: (recordEpoch: EpochRecorder) => Record<string, unknown> | Promise<Record<string, unknown>>, log: (line: string) => void): Promise<Record<string, unknown>> {
  const store = p.flags.has('no-store') ? null : await storeFromFlags(p);
  try {
    const runId = await store?.createRun(experiment, kind, params);
    if (runId !== undefined) log(`run ${runId} recorded in ${store!.url}`);
    // Epoch rows are written as the work goes (training callbacks cannot wait); they are awaited before the run is closed.
    const writes: Promise<void>[] = [];
    const recordEpoch: EpochRecorder = (epoch, metrics) => { if (runId !== undefined) writes.push(store!.logEpoch(runId, epoch, metrics)); };
    try {
      const summary = await work(recordEpoch);
      await Promise.all(writes);
      if (runId !== undefined) {
        const { history: _history, ...kept } = summary;
        await store!.finishRun(runId, 'completed', kept);
        if (typeof summary.model === 'string') await store!.addArtifact(runId, 'model', summary.model);
      }
      return runId === undefined ? summary : { ...summary, runId };
    } catch (e) {
      await Promise.allSettled(writes);
      if (runId !== undefined) await store!.finishRun(runId, 'failed', undefined, (e as Error).message);
      throw e;
    }
  } finally {
    await store?.close();
  }
}
