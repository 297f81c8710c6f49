/** Reaping trials whose worker is gone: shared by a study reopened in one process and by workers sharing a study. */
import { isDeadLocalWorker } from '../store/process-id.js';
import type { ExperimentStore, StudyTrialRow } from '../store/store.js';

/**
 * Marks failed every running trial (of `trials`, the study's running ones or more) whose process on this
 * host is gone, and every running trial without a heartbeat for `staleAfterSeconds`; returns their ids.
 */
export function failStale(store: ExperimentStore, studyId: number, trials: readonly StudyTrialRow[], staleAfterSeconds = 120): Promise<number[]> {
  return store.failStaleTrials(studyId, {
    heartbeatBefore: new Date(Date.now() - staleAfterSeconds * 1000).toISOString(),
    deadWorkers: [...new Set(trials.filter((t) => t.state === 'running' && isDeadLocalWorker(t.worker)).map((t) => t.worker!))],
  });
}
