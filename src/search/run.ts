/** Runs a strategy against a tabular benchmark for a budget of evaluations. */
import type { TabularBenchmark } from './benchmark.js';
import type { SearchSpace } from './space.js';
import type { SearchStrategy } from './strategy.js';

export interface TrialRecord { trial: number; arch: string; valid: number; test: number; cost: number }
export interface SearchResult { trials: TrialRecord[]; best: TrialRecord; bestValidSoFar: number[]; testOfBestSoFar: number[]; simulatedSeconds: number }

export function runTabularSearch(strategy: SearchStrategy, space: SearchSpace, bench: TabularBenchmark, budget: number): SearchResult {
  if (!(Number.isInteger(budget) && budget > 0)) throw new Error(`search: budget must be a positive integer, got ${budget}`);
  const trials: TrialRecord[] = [];
  const bestValidSoFar: number[] = [], testOfBestSoFar: number[] = [];
  let best: TrialRecord | null = null, seconds = 0;
  for (let t = 0; t < budget; t++) {
    const g = strategy.ask();
    if (g === null) break;
    const arch = space.describe(g);
    const e = bench.lookup(arch);
    strategy.tell(g, e.valid);
    const rec = { trial: t + 1, arch, ...e };
    trials.push(rec);
    seconds += e.cost;
    if (!best || rec.valid > best.valid) best = rec;
    bestValidSoFar.push(best.valid);
    testOfBestSoFar.push(best.test);
  }
  if (!best) throw new Error(`search: ${strategy.name} proposed nothing`);
  return { trials, best, bestValidSoFar, testOfBestSoFar, simulatedSeconds: seconds };
}
