/**
 * Evaluates architectures by training them in the worker pool. Every epoch is
 * reported to the study (validation score, parameters, seconds so far as
 * cost) and the pruner may stop the trial there.
 */
import { join } from 'node:path';
import type { Evaluation, TrialContext } from '../study/run-study.js';
import type { TrialTask } from './train-trial.js';
import type { TrialPool } from './trial-pool.js';
import type { Inheritance } from './trainable-space.js';

export function trainedEvaluator(pool: TrialPool, task: Omit<TrialTask, 'params' | 'saveTo'>, modelDir?: string, lineage?: (params: unknown) => Inheritance | null) {
  return async (params: unknown, trial: TrialContext): Promise<Evaluation> => {
    const saveTo = modelDir ? join(modelDir, `trial-${trial.number}`) : undefined;
    const from = lineage?.(params) ?? null;
    if (from && !modelDir) throw new Error('a trial that inherits its parent\'s weights needs a folder of trial weights (modelDir; --out)');
    const inherit = from ? { inherit: { model: join(modelDir!, `trial-${from.parent}`), ...from } } : {};
    const outcome = await pool.run({ ...task, params, saveTo, ...inherit }, async (epoch, m) => {
      await trial.report(epoch, { valid: m.valid, params: m.params, cost: m.seconds, seconds: m.seconds, epochs: epoch });
      return epoch < task.epochs && trial.shouldPrune() ? 'stop' : undefined;
    });
    const metrics: Record<string, number> = { valid: outcome.valid, params: outcome.params, cost: outcome.seconds, seconds: outcome.seconds, epochs: outcome.epochs };
    // A pruned trial's test score is not a result of the search: keep it out of the metrics a summary could pick.
    if (!outcome.pruned) metrics.test = outcome.test;
    if (outcome.evidence !== undefined) metrics.evidence = outcome.evidence;
    // The lineage (parent trial, and how this trial's network was made from its) is kept with the trial.
    const attrs = { ...(outcome.model ? { model: outcome.model } : {}), ...(from ?? {}) };
    return { metrics, pruned: outcome.pruned, attrs };
  };
}
