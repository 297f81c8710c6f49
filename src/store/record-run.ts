/**
 * Work recorded as a run in a store: the run is created before the work starts, its epochs are written as the work
 * goes, and it ends completed (with the work's summary and artifacts) or failed (with the error, which is rethrown).
 * Without a store the work just runs.
 */
import type { ExperimentStore } from './store.js';

/** Records one epoch's metrics of the run (nothing without a store). */
export type EpochRecorder = (epoch: number, metrics: Record<string, number>) => void;

/** What a finished run keeps: its summary row and the files it wrote, as [artifact kind, path]. */
export interface RecordedOutcome { summary: Record<string, unknown>; artifacts?: readonly (readonly [string, string])[] }

export async function recordRun<T extends RecordedOutcome>(
  store: ExperimentStore | null | undefined, experiment: string, kind: string, params: Record<string, unknown>,
  work: (recordEpoch: EpochRecorder) => T | Promise<T>, onCreated?: (runId: number) => void,
): Promise<{ outcome: T; runId?: number }> {
  const runId = await store?.createRun(experiment, kind, params);
  if (runId !== undefined) onCreated?.(runId);
  // Epoch rows are written as the work goes (training loops cannot wait for them); they are awaited before the run is closed.
  const writes: Promise<void>[] = [];
  const recordEpoch: EpochRecorder = (epoch, metrics) => { if (runId !== undefined) writes.push(store!.logEpoch(runId, epoch, metrics)); };
  try {
    const outcome = await work(recordEpoch);
    await Promise.all(writes);
    if (runId !== undefined) {
      await store!.finishRun(runId, 'completed', outcome.summary);
      for (const [artifact, path] of outcome.artifacts ?? []) await store!.addArtifact(runId, artifact, path);
    }
    return { outcome, ...(runId !== undefined ? { runId } : {}) };
  } catch (e) {
    await Promise.allSettled(writes);
    if (runId !== undefined) await store!.finishRun(runId, 'failed', undefined, (e as Error).message);
    throw e;
  }
}
