/** Registries as data: search spaces and strategies by name. */
import { NB201_EDGES, NB201_OPS, formatNb201 } from '../arch/nb201.js';
import { randomSearch } from './random-search.js';
import { regularizedEvolution } from './regularized-evolution.js';
import type { SearchSpace } from './space.js';
import type { StrategyFactory } from './strategy.js';

export const NB201_SPACE: SearchSpace = {
  name: 'nb201', choices: NB201_EDGES.map(() => NB201_OPS.length), describe: (g) => formatNb201([...g]),
};

export const STRATEGIES: Record<string, StrategyFactory> = {
  random: randomSearch,
  'regularized-evolution': (space, rng) => regularizedEvolution(space, rng),
};
