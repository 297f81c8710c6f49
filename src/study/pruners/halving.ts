/**
 * Successive halving in rungs, asynchronously (ASHA, Li et al. 2020): rung k
 * sits at step minResource·η^k. When a trial first reports at or past a rung,
 * it competes with every trial that reached that rung (running, finished or
 * stopped, itself included), ranked by value, or for several objectives by
 * non-dominated sorting then crowding distance (NSGA-II's order); it goes on
 * only if it is among the top ⌊n/η⌋.
 * While fewer than η trials reached the rung (⌊n/η⌋ = 0) the two flavours
 * differ: `asha` lets only a trial that is best so far go on (aggressive,
 * as Optuna does); `sha` lets every trial go on until the rung holds η
 * trials, like synchronous halving that first fills a rung.
 */
import type { Objective } from '../objectives.js';
import { rankOrder } from '../pareto.js';
import type { Pruner, PrunerSettings, PrunerTrial } from './pruner.js';

export interface HalvingOptions {
  /** First rung (defaults to the study's minimum resource). */
  minResource?: number;
  /** Only trials for which this holds compete (a Hyperband bracket). */
  sameGroup?: (a: PrunerTrial, b: PrunerTrial) => boolean;
  bootstrap: 'best-so-far' | 'fill-rung';
}

export function halvingPruner(name: string, s: PrunerSettings, o: HalvingOptions): Pruner {
  const min = o.minResource ?? s.minResource;
  const rungOf = (step: number) => (step < min ? -1 : Math.floor(Math.log(step / min) / Math.log(s.eta) + 1e-9));
  const rungStep = (k: number) => min * s.eta ** k;
  /** The values a trial had when it first reported at or past rung k. */
  const atRung = (t: PrunerTrial, k: number) => t.intermediate.find((r) => r.step >= rungStep(k))?.values;
  return {
    name,
    shouldPrune(objectives: readonly Objective[], trial: PrunerTrial, all: readonly PrunerTrial[]): boolean {
      const reports = trial.intermediate;
      const last = reports[reports.length - 1];
      if (!last || last.step >= s.maxResource) return false;
      const k = rungOf(last.step);
      // Decide once per rung: at the first report that reaches it.
      if (k < 0 || reports.slice(0, -1).some((r) => rungOf(r.step) >= k)) return false;
      const competitors = all.filter((t) => t.number !== trial.number && (!o.sameGroup || o.sameGroup(t, trial)))
        .map((t) => atRung(t, k)).filter((v): v is readonly number[] => v !== undefined);
      const points = [last.values, ...competitors];
      const keep = Math.floor(points.length / s.eta);
      if (keep === 0 && o.bootstrap === 'fill-rung') return false;
      const position = rankOrder(objectives, points).indexOf(0);
      return position >= Math.max(1, keep);
    },
  };
}
