export { type SearchSpace, spaceSize, genotypeKey, isValidGenotype } from './space.js';
export type { SearchStrategy, StrategyFactory } from './strategy.js';
export { randomSearch } from './random-search.js';
export { regularizedEvolution } from './regularized-evolution.js';
export { loadTabular, type TabularBenchmark, type TabularEntry, type TabularColumns } from './benchmark.js';
export { runTabularSearch, type TrialRecord, type SearchResult } from './run.js';
export { NB201_SPACE, STRATEGIES } from './registry.js';
