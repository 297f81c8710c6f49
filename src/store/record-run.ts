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

/** What every recorded library call (train, shrinkAndCompare, lottery …) takes besides its own options. */
export interface RunOptions {
  /** Where the run is recorded; left out, the work runs unrecorded. The caller opens and closes it. */
  store?: ExperimentStore | null;
  /** The experiment the run is filed under (each call has its own default, e.g. `shrink-mnist`). */
  experiment?: string;
  /** Progress lines meant for a person. */
  log?: (line: string) => void;
}

/**
 * The one way a library call records itself: `work` returns its full result; the run keeps that result less its
 * per-epoch `history` (the epochs are rows of their own), and a `model` path as an artifact. The result gains the
 * run's id when a store was given.
 */
export async function recordedCall<R extends Record<string, unknown>>(
  run: RunOptions, defaultExperiment: string, kind: string, params: Record<string, unknown>,
  work: (recordEpoch: EpochRecorder) => R | Promise<R>,
): Promise<R & { runId?: number }> {
  const { outcome, runId } = await recordRun(run.store, run.experiment ?? defaultExperiment, kind, params, async (recordEpoch) => {
    const full = await work(recordEpoch);
    const { history: _history, ...kept } = full;
    return { full, summary: kept, artifacts: typeof full.model === 'string' ? [['model', full.model] as const] : [] };
  }, (id) => run.log?.(`run ${id} recorded in ${run.store!.url}`));
  return runId === undefined ? outcome.full : { ...outcome.full, runId };
}
