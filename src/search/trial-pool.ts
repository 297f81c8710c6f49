/** The job pool that trains a search's trials: each worker runs `trainTrial` on one TrialTask at a time (trial-worker.js). */
import { JobPool, type PoolOptions } from '../parallel/job-pool.js';
import type { TrialOutcome, TrialTask } from './train-trial.js';

export class TrialPool extends JobPool<TrialTask, TrialOutcome> {
  constructor(size: number, options: Omit<PoolOptions, 'entry'> = {}) {
    super(size, { ...options, entry: new URL('./trial-worker.js', import.meta.url) });
  }
}
