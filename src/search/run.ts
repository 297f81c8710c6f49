/** Runs a strategy against a tabular benchmark for a budget of evaluations; summaries shared with real-training search. */
import type { TabularBenchmark } from './benchmark.js';
import type { SearchSpace } from './space.js';
import type { SearchStrategy } from './strategy.js';

export interface TrialRecord { trial: number; arch: string; valid: number; test: number; cost: number }
export interface SearchResult { trials: TrialRecord[]; best: TrialRecord; bestValidSoFar: number[]; testOfBestSoFar: number[]; simulatedSeconds: number }

export function checkBudget(budget: number): void {
  if (!(Number.isInteger(budget) && budget > 0)) throw new Error(`search: budget must be a positive integer, got ${budget}`);
}

/** Best by validation so far after every trial, and the test score of that choice. */
export function summarizeTrials(strategy: string, trials: TrialRecord[]): SearchResult {
  const bestValidSoFar: number[] = [], testOfBestSoFar: number[] = [];
  let best: TrialRecord | null = null, seconds = 0;
  for (const rec of trials) {
    seconds += rec.cost;
    if (!best || rec.valid > best.valid) best = rec;
    bestValidSoFar.push(best.valid);
    testOfBestSoFar.push(best.test);
  }
  if (!best) throw new Error(`search: ${strategy} proposed nothing`);
  return { trials, best, bestValidSoFar, testOfBestSoFar, simulatedSeconds: seconds };
}

export function runTabularSearch(strategy: SearchStrategy, space: SearchSpace, bench: TabularBenchmark, budget: number): SearchResult {
  checkBudget(budget);
  const trials: TrialRecord[] = [];
  for (let t = 0; t < budget; t++) {
    const g = strategy.ask();
    if (g === null) break;
    const arch = space.describe(g);
    const e = bench.lookup(arch);
    strategy.tell(g, e.valid);
    trials.push({ trial: t + 1, arch, ...e });
  }
  return summarizeTrials(strategy.name, trials);
}
