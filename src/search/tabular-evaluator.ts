/**
 * Evaluates architectures by table lookup. With several fidelities a trial
 * reports each lower fidelity first (validation accuracy and cost there) and
 * may be pruned; a pruned trial costs only the highest fidelity it reached
 * (training to 200 epochs passes through epoch 12), so runs with and without
 * pruning compare at equal simulated cost.
 */
import type { Evaluation, TrialContext } from '../study/run-study.js';
import type { SearchSpace } from '../study/space.js';
import type { TabularBenchmark } from './benchmark.js';

export function tabularEvaluator<P>(bench: TabularBenchmark, space: SearchSpace<P>) {
  return async (params: P, trial: TrialContext): Promise<Evaluation> => {
    const arch = space.describe(params);
    for (const step of bench.steps.slice(0, -1)) {
      const e = bench.at(arch, step);
      const metrics = { valid: e.valid, cost: e.cost, fidelity: step };
      await trial.report(step, metrics);
      if (trial.shouldPrune()) return { metrics, pruned: true };
    }
    const e = bench.lookup(arch), step = bench.steps[bench.steps.length - 1];
    const metrics = { valid: e.valid, test: e.test, cost: e.cost, fidelity: step };
    if (bench.steps.length > 1) await trial.report(step, { valid: e.valid, cost: e.cost, fidelity: step });
    return { metrics };
  };
}
