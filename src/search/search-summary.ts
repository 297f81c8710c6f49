/**
 * What a search found, per seed and over seeds: the best trial by the first
 * objective (and its test score), best-so-far curves, the cost spent, and for
 * several objectives the Pareto front and its hypervolume against a stated
 * reference point.
 */
import { mean, std } from '../report/aggregate.js';
import { type Objective, oriented } from '../study/objectives.js';
import { hypervolume, paretoFront } from '../study/pareto.js';
import type { RunTrial } from '../study/run-study.js';
import type { FinalTraining } from './final-training.js';

export interface SeedResult<P = unknown> {
  strategy: string;
  seed: number;
  study: string;
  trials: RunTrial<P>[];
  /** Best completed trial by the first objective (pruned trials never count: their values are from a lower fidelity). */
  best: RunTrial<P> | null;
  /** After each trial: the first objective's best value so far, and the test score of that trial. */
  bestSoFar: number[];
  testOfBestSoFar: number[];
  cost: number;
  /** Several objectives: the non-dominated completed trials, and the hypervolume after each trial. */
  front: RunTrial<P>[];
  hypervolumeSoFar: number[];
  /** The best network trained longer at the end (searches with finalEpochs). */
  final?: FinalTraining;
}

export function seedResult<P>(strategy: string, seed: number, study: string, objectives: readonly Objective[], trials: RunTrial<P>[], reference?: readonly number[]): SeedResult<P> {
  let best: RunTrial<P> | null = null;
  const bestSoFar: number[] = [], testOfBestSoFar: number[] = [], hypervolumeSoFar: number[] = [];
  const done: RunTrial<P>[] = [];
  const score = (t: RunTrial<P>) => oriented(objectives, t.values!)[0];
  for (const t of trials) {
    if (t.state === 'completed' && t.values && t.values.every(Number.isFinite)) {
      done.push(t);
      if (!best || score(t) > score(best)) best = t;
    }
    bestSoFar.push(best ? best.values![0] : Number.NaN);
    testOfBestSoFar.push(best?.metrics.test ?? Number.NaN);
    if (reference) hypervolumeSoFar.push(hypervolume(objectives, done.map((d) => d.values!), reference));
  }
  const front = objectives.length > 1 ? paretoFront(objectives, done.map((d) => d.values!)).map((i) => done[i]) : [];
  return { strategy, seed, study, trials, best, bestSoFar, testOfBestSoFar, cost: trials.reduce((s, t) => s + t.cost, 0), front, hypervolumeSoFar };
}

const se = (xs: number[]) => (xs.length > 1 ? std(xs) * Math.sqrt(xs.length / (xs.length - 1)) / Math.sqrt(xs.length) : 0);

/** One strategy over its seeds, as the JSON summary reports it. */
export function strategySummary(runs: SeedResult[], objectives: readonly Objective[], reference?: readonly number[]): Record<string, unknown> {
  const withBest = runs.filter((r) => r.best);
  const tests = withBest.map((r) => r.best!.metrics.test).filter((v): v is number => typeof v === 'number');
  const primary = withBest.map((r) => r.best!.values![0]);
  const out: Record<string, unknown> = {
    strategy: runs[0].strategy, seeds: runs.length,
    meanBestValid: mean(primary), seBestValid: se(primary),
    meanTest: mean(tests), stdTest: std(tests), seTest: se(tests),
    meanTrials: mean(runs.map((r) => r.trials.filter((t) => t.source !== 'duplicate').length)),
    meanPruned: mean(runs.map((r) => r.trials.filter((t) => t.state === 'pruned').length)),
    meanFailed: mean(runs.map((r) => r.trials.filter((t) => t.state === 'failed').length)),
    meanCost: mean(runs.map((r) => r.cost)),
    ...(runs.some((r) => r.final) ? { finals: runs.map((r) => r.final ?? null), meanFinalTest: mean(runs.flatMap((r) => (r.final ? [r.final.test] : []))) } : {}),
  };
  // Epochs (or other steps) actually trained, where trials report them: what pruning saves.
  if (runs.some((r) => r.trials.some((t) => typeof t.metrics.epochs === 'number'))) {
    out.meanEpochs = mean(runs.map((r) => r.trials.filter((t) => t.source !== 'duplicate').reduce((s, t) => s + (t.metrics.epochs ?? 0), 0)));
  }
  if (objectives[0].name !== 'valid') out.meanBest = out.meanBestValid;
  if (reference && objectives.length > 1) {
    const hv = runs.map((r) => r.hypervolumeSoFar[r.hypervolumeSoFar.length - 1] ?? 0);
    Object.assign(out, {
      meanHypervolume: mean(hv), sdHypervolume: std(hv), seHypervolume: se(hv),
      hypervolumeReference: Object.fromEntries(objectives.map((o, i) => [`${o.name}:${o.direction}`, reference[i]])),
      paretoFronts: runs.map((r) => ({ seed: r.seed, front: r.front.map((t) => ({ arch: t.arch, values: t.values })) })),
    });
  }
  return out;
}
