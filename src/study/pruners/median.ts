/**
 * The median rule, for one or several objectives: after `startupTrials`
 * trials have finished, a trial is stopped at a step when more than half of
 * the finished trials that reported at that step dominate it there. With one
 * objective, "dominated by more than half" is "worse than the median".
 */
import { dominates } from '../objectives.js';
import { type PrunerEntry, lastReport, valuesAt } from './pruner.js';

export function medianPruner(startupTrials = 5, warmupSteps = 0): PrunerEntry {
  return {
    description: `stop a trial dominated by more than half of the finished trials at its step (after ${startupTrials} trials)`,
    create: ({ minResource, maxResource }) => ({
      name: 'median',
      shouldPrune(objectives, trial, all) {
        const last = lastReport(trial);
        if (!last || last.step < Math.max(minResource, warmupSteps) || last.step >= maxResource) return false;
        const peers = all.filter((t) => t.number !== trial.number && (t.state === 'completed' || t.state === 'pruned'))
          .map((t) => valuesAt(t, last.step)).filter((v): v is readonly number[] => v !== undefined);
        if (peers.length < startupTrials) return false;
        return peers.filter((v) => dominates(objectives, v, last.values)).length * 2 > peers.length;
      },
    }),
  };
}
